package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/prompt"
	"github.com/specwright/specwright/internal/sandbox"
	"github.com/specwright/specwright/internal/tool"
)

// runTurn drives the model until it stops calling tools or asks a
// question, then checks the spec. It returns the events that end this
// run: response_done (and complete), one error, or the question the turn
// now waits on. completed says whether the turn, before a question
// suspended it, already announced a complete spec.
func (s *Service) runTurn(ctx context.Context, ses chat.Session, msgs []chat.Message, completed bool, st *turnStats) (final []chat.Event, suspended bool) {
	dir, err := sandbox.Open(s.projectDir(ses.Project), sandbox.Limits{})
	if err != nil {
		s.log.Error("open project folder", "project", ses.Project, "err", err)
		return fail("The project folder cannot be opened"), false
	}
	defer dir.Close()

	prompts := s.promptsDir(ses.Project)
	system := prompt.System(prompt.Info{Project: ses.Project, Folder: s.projectDir(ses.Project), Prompts: prompts})
	fixes := 0
	budget := &turnBudget{calls: s.cfg.MaxToolCalls, bytes: s.cfg.MaxWrittenBytes}
	for round := 0; ; round++ {
		if round == s.cfg.MaxRounds {
			return fail(fmt.Sprintf("The model took %d steps without finishing its reply, so it was stopped. Send a message to let it continue.", s.cfg.MaxRounds)), false
		}
		var streamed strings.Builder
		reply, err := s.cfg.Provider.Stream(ctx, llm.Request{
			Project:    ses.Project,
			System:     system,
			Messages:   normalize(msgs),
			Tools:      s.specs,
			MaxTokens:  s.cfg.MaxTokens,
			Bounds:     s.bounds(),
			PromptsDir: prompts,
		}, func(delta string) {
			if llm.Over(streamed.Len()+len(delta), s.cfg.MaxReplyText) {
				return // past the bound: neither streamed nor kept
			}
			streamed.WriteString(delta)
			s.stream(ses.Project, delta)
		})
		st.rounds++
		if err != nil {
			s.keepPartial(ses, streamed.String())
			return []chat.Event{s.turnError(ctx, ses, err)}, false
		}
		st.add(reply.Usage)
		b := s.bound(reply.Content, reply.Cut, false)
		if b.note != "" {
			s.stream(ses.Project, b.note)
		}
		assistant := chat.Message{Role: chat.RoleAssistant, Content: b.content}
		if err := s.record(ses, assistant); err != nil {
			return fail(storeFailure(err, "The reply could not be stored; try again.")), false
		}
		msgs = append(msgs, assistant)
		if budget.output += b.size; budget.output > s.cfg.MaxTurnOutput {
			return fail(fmt.Sprintf("The model sent more than %s in this turn, so it was stopped. Send a message to let it continue.", size(s.cfg.MaxTurnOutput))), false
		}

		uses := assistant.ToolUses()
		st.toolCalls += len(uses)
		if len(uses) == 0 {
			fix := s.judge(ctx, dir, &ses, &completed, &fixes)
			if fix == nil {
				break
			}
			msgs = append(msgs, *fix)
			continue
		}

		results, question, wroteSpec := s.runTools(ctx, dir, &ses, uses, budget, b.refused)
		if len(results) > 0 {
			user := chat.Message{Role: chat.RoleUser, Content: results}
			if _, err := s.cfg.Store.Append(context.WithoutCancel(ctx), ses.ID, []chat.Message{user}, nil); err != nil {
				s.log.Error("store tool results", "project", ses.Project, "err", err)
			}
			msgs = append(msgs, user)
		}
		if wroteSpec {
			if v := verify(dir, ses); v.complete {
				completed = s.announce(&ses, v) || completed
			}
		}
		if question != nil {
			// The turn waits for the answer without holding anything:
			// the answer resumes it from the stored conversation.
			s.setSuspended(ses.Project, completed)
			return paused(*question), true
		}
		if ctx.Err() != nil {
			return []chat.Event{s.turnError(ctx, ses, ctx.Err())}, false
		}
		if budget.exceeded != "" {
			return fail(budget.exceeded), false
		}
	}
	end := []chat.Event{{Type: chat.EventResponseDone}}
	if completed {
		end = append(end, chat.Event{Type: chat.EventComplete, Path: sessionPaths(ses).appSpec})
	}
	return end, false
}

func fail(msg string) []chat.Event { return []chat.Event{{Type: chat.EventError, Content: msg}} }

// paused is how a request whose turn asks a question ends: the question,
// then response_done, so that every request gets exactly one sequence
// ending in response_done or error. The turn itself stays suspended until
// the answer, whose own request ends the usual way (and carries complete
// when the spec was announced before the question). complete never
// follows a question.
func paused(q chat.Event) []chat.Event {
	return []chat.Event{q, {Type: chat.EventResponseDone}}
}

// runTools executes the calls of one reply in order. It reports the
// results for the model, the question now pending (sent to the client
// when the run ends), and whether a spec file was written.
func (s *Service) runTools(ctx context.Context, dir *sandbox.Dir, ses *chat.Session, uses []chat.Block, budget *turnBudget, refused map[string]string) (results []chat.Block, question *chat.Event, wroteSpec bool) {
	for _, u := range uses {
		if why, ok := refused[u.ID]; ok {
			results = append(results, chat.ToolResult(u.ID, why, true))
			continue
		}
		if budget.calls--; budget.calls < 0 {
			budget.exceeded = fmt.Sprintf("The model made more than %d tool calls in one reply, so it was stopped. Send a message to let it continue.", s.cfg.MaxToolCalls)
			results = append(results, chat.ToolResult(u.ID, "Not run: the tool call limit of this turn is reached.", true))
			continue
		}
		if u.Name == tool.AskName {
			if question != nil {
				results = append(results, chat.ToolResult(u.ID, "Only one AskUserQuestion call is answered at a time; ask this again after the user has answered the first.", true))
				continue
			}
			qs, err := tool.ParseAsk(u.Input)
			if err != nil {
				results = append(results, chat.ToolResult(u.ID, "AskUserQuestion: "+err.Error(), true))
				continue
			}
			question = &chat.Event{Type: chat.EventQuestion, Questions: qs, ToolID: u.ID}
			continue
		}
		if budget.bytes <= 0 && (u.Name == tool.WriteName || u.Name == tool.EditName) {
			budget.exceeded = fmt.Sprintf("The model wrote more than %d bytes in one reply, so it was stopped.", s.cfg.MaxWrittenBytes)
			results = append(results, chat.ToolResult(u.ID, "Not run: the write limit of this turn is reached.", true))
			continue
		}
		r := s.tools.Run(ctx, dir, u.Name, u.Input)
		if r.Wrote != "" {
			if fi, err := dir.Stat(r.Wrote); err == nil {
				budget.bytes -= fi.Size()
			}
		}
		s.log.Debug("tool", "project", ses.Project, "tool", u.Name, "error", r.IsError, "wrote", r.Wrote)
		results = append(results, chat.ToolResult(u.ID, r.Content, r.IsError))
		if r.IsError || !isSpecFile(r.Wrote) {
			continue
		}
		if !ses.HasWritten(r.Wrote) {
			ses.Written = append(ses.Written, r.Wrote)
		}
		if ses.SpecStatus != chat.SpecComplete {
			ses.SpecStatus = chat.SpecInProgress
		}
		s.saveSpecState(*ses)
		wroteSpec = true
		if _, err := dir.Stat(r.Wrote); err == nil {
			s.emit(*ses, chat.Event{Type: chat.EventFileWritten, Path: r.Wrote})
		}
	}
	return results, question, wroteSpec
}

// turnBudget is what is left of a turn's limits.
type turnBudget struct {
	calls    int
	bytes    int64
	output   int    // bytes of text and tool input the model sent and we kept
	exceeded string // set when a limit was hit: the turn ends with it
}

func touchedSpec(ses chat.Session) bool { return len(ses.Written) > 0 }

// announce records a complete spec and sends spec_complete, once per
// version of the files. It reports whether it announced.
func (s *Service) announce(ses *chat.Session, v verdict) bool {
	ses.VerifiedAt = time.Now()
	ses.FeatureCount = v.featureCount
	ses.SpecStatus = chat.SpecComplete
	fresh := v.hash != ses.CompleteHash
	ses.CompleteHash = v.hash
	s.saveSpecState(*ses)
	if fresh {
		s.logSpec(*ses, v)
		s.writeHandoff(*ses, v) // before spec_complete, so a client finds the files
		s.emit(*ses, chat.Event{Type: chat.EventSpecComplete, Path: v.paths.appSpec})
		s.recordVersion(*ses, v)
	}
	return fresh
}

func (s *Service) saveSpecState(ses chat.Session) {
	if err := s.cfg.Store.UpdateSpecState(context.WithoutCancel(s.ctx), ses); err != nil {
		s.log.Error("store spec state", "project", ses.Project, "err", err)
	}
}

// record stores an assistant message and its text blocks as transcript
// events. The text was already streamed, so the events are not published;
// the block streaming now is stored, so it is no longer partial.
func (s *Service) record(ses chat.Session, m chat.Message) error {
	if len(m.Content) == 0 {
		return nil
	}
	var evs []chat.Event
	for _, b := range m.Content {
		if b.Type == chat.BlockText && b.Text != "" {
			evs = append(evs, chat.Event{Type: chat.EventText, Content: b.Text})
		}
	}
	var err error
	s.holdRoom(ses.Project, func(r *room) {
		_, err = s.cfg.Store.Append(context.WithoutCancel(s.ctx), ses.ID, []chat.Message{m}, evs)
		if r != nil {
			r.partial.Reset()
		}
	})
	if err != nil {
		s.log.Error("store reply", "project", ses.Project, "err", err)
	}
	return err
}

// storeFailure is what the user reads when storing failed: what the
// store says happened (the disk is full, …), or fallback.
func storeFailure(err error, fallback string) string {
	if _, ok := errors.AsType[*chat.Error](err); ok {
		return chat.ErrorMessage(err)
	}
	return fallback
}

// keepPartial stores the text a failed round trip streamed before it
// broke, so the transcript shows what the user saw.
func (s *Service) keepPartial(ses chat.Session, text string) {
	if text == "" {
		return
	}
	s.record(ses, chat.Message{Role: chat.RoleAssistant, Content: []chat.Block{chat.TextBlock(text)}})
}

// turnError turns the cause of a failed turn into the error event the
// user reads, and logs the details for the operator.
func (s *Service) turnError(ctx context.Context, ses chat.Session, err error) chat.Event {
	if cause := context.Cause(ctx); cause != nil && ctx.Err() != nil {
		if errors.Is(cause, errInterrupted) {
			return chat.Event{Type: chat.EventResponseDone, Interrupted: true}
		}
		if errors.Is(cause, errCancelled) || errors.Is(cause, errShutdown) {
			return chat.Event{Type: chat.EventError, Content: chat.ErrorMessage(cause)}
		}
		if errors.Is(cause, errTurnTimeout) {
			s.log.Warn("turn timed out", "project", ses.Project, "session", ses.ID, "timeout", s.cfg.TurnTimeout, "err", err)
			return chat.Event{Type: chat.EventError, Content: fmt.Sprintf("The reply took longer than %s, so it was stopped; what the model said so far is kept. Send a message to let it continue.", s.cfg.TurnTimeout)}
		}
	}
	s.log.Warn("turn failed", "project", ses.Project, "session", ses.ID, "err", err)
	if e, ok := llm.AsError(err); ok {
		return chat.Event{Type: chat.EventError, Content: e.Message}
	}
	return chat.Event{Type: chat.EventError, Content: "The model provider failed: " + chat.ErrorMessage(err)}
}
