package session

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/prompt"
	"github.com/specwright/specwright/internal/sandbox"
	"github.com/specwright/specwright/internal/tool"
)

// runAgentTurn is runTurn for an agent that runs its own tool loop: the
// engine hands it the input, stores what it reports, announces the spec
// files it writes, and judges completion from the disk as for any model.
func (s *Service) runAgentTurn(ctx context.Context, start *turnStart, completed bool, st *turnStats) []chat.Event {
	ses := start.ses
	dir, err := sandbox.Open(s.projectDir(ses.Project), sandbox.Limits{})
	if err != nil {
		s.log.Error("open project folder", "project", ses.Project, "err", err)
		return fail("The project folder cannot be opened")
	}
	defer dir.Close()

	req := start.agent
	req.Key, req.Dir = agentKey(ses), s.projectDir(ses.Project)
	req.System = prompt.System(prompt.Info{Project: ses.Project, Folder: req.Dir, Prompts: s.promptsDir(ses.Project)})
	seen := map[string]bool{}    // tool calls the agent reported
	var streamed strings.Builder // text streamed since the last message
	ev := llm.AgentEvents{
		Text: func(delta string) {
			if llm.Over(streamed.Len()+len(delta), s.cfg.MaxReplyText) {
				return // past the bound: neither streamed nor kept
			}
			streamed.WriteString(delta)
			s.stream(ses.Project, delta)
		},
		Message: func(m chat.Message) {
			for _, b := range m.ToolUses() {
				seen[b.ID] = true
				st.toolCalls++
			}
			if m.Role == chat.RoleAssistant {
				b := s.bound(m.Content, nil, true)
				m.Content = b.content
				// An agent may deliver text it never streamed (the CLI's
				// non-streaming fallback after a broken stream): the user
				// must see it too.
				if full, got := m.Text(), streamed.String(); full != got {
					s.stream(ses.Project, strings.TrimPrefix(full, got))
				}
				streamed.Reset()
			}
			s.record(ses, m)
		},
		Wrote: func(rel string) {
			if !isSpecFile(rel) {
				return
			}
			if !ses.HasWritten(rel) {
				ses.Written = append(ses.Written, rel)
			}
			if ses.SpecStatus != chat.SpecComplete {
				ses.SpecStatus = chat.SpecInProgress
			}
			s.saveSpecState(ses)
			s.emit(ses, chat.Event{Type: chat.EventFileWritten, Path: rel})
			if v := verify(dir, ses); v.complete {
				completed = s.announce(&ses, v) || completed
			}
		},
		SessionID: func(id string) {
			if id == "" || id == ses.ProviderRef {
				return
			}
			ses.ProviderRef = id
			if err := s.cfg.Store.SetProviderRef(context.WithoutCancel(ctx), ses.ID, id); err != nil {
				s.log.Error("store agent session", "project", ses.Project, "err", err)
			}
		},
	}
	for fixes := 0; ; {
		req.ResumeID = ses.ProviderRef
		st.rounds++
		stop, err := s.cfg.Agent.Run(ctx, req, ev)
		if e, ok := llm.AsError(err); ok && e.Kind == llm.ErrNotFound && req.ResumeID != "" {
			// The agent lost the conversation (its own store was cleared):
			// start it afresh with the interview so far as a recap.
			s.log.Warn("agent session lost; starting afresh with a recap", "project", ses.Project, "err", err)
			ses.ProviderRef = ""
			if err := s.cfg.Store.SetProviderRef(context.WithoutCancel(ctx), ses.ID, ""); err != nil {
				s.log.Error("store agent session", "project", ses.Project, "err", err)
			}
			req = recap(req, start.msgs)
			req.ResumeID = ""
			stop, err = s.cfg.Agent.Run(ctx, req, ev)
		}
		if err != nil {
			return []chat.Event{s.turnError(ctx, ses, err)}
		}
		if q := stop.Question; q != nil {
			if !seen[q.ToolID] {
				// Keep the call in the conversation, so the question is
				// pending there too (and survives a restart).
				input, _ := json.Marshal(map[string]any{"questions": q.Questions})
				s.record(ses, chat.Message{Role: chat.RoleAssistant, Content: []chat.Block{
					{Type: chat.BlockToolUse, ID: q.ToolID, Name: tool.AskName, Input: input},
				}})
			}
			s.setSuspended(ses.Project, completed)
			return paused(chat.Event{Type: chat.EventQuestion, Questions: q.Questions, ToolID: q.ToolID})
		}
		fix := s.judge(ctx, dir, &ses, &completed, &fixes)
		if fix == nil {
			break
		}
		req.Message, req.Answer = fix.Content, nil
	}
	end := []chat.Event{{Type: chat.EventResponseDone}}
	if completed {
		end = append(end, chat.Event{Type: chat.EventComplete, Path: sessionPaths(ses).appSpec})
	}
	return end
}

// recap turns req into a fresh start for an agent that lost the
// conversation: the interview so far as text, then the new input.
func recap(req llm.AgentRequest, msgs []chat.Message) llm.AgentRequest {
	const keep, clip = 60, 2000
	var b strings.Builder
	b.WriteString("The earlier part of this interview was lost on your side. Here it is, so that you can go on from where it stood:\n")
	if len(msgs) > keep {
		msgs = msgs[len(msgs)-keep:]
	}
	for _, m := range msgs {
		if m.Hidden {
			continue
		}
		for _, blk := range m.Content {
			text := blk.Text
			if blk.Type == chat.BlockToolUse && blk.Name == tool.AskName {
				text = "(asked a question: " + string(blk.Input) + ")"
			}
			if text == "" || blk.Type == chat.BlockImage {
				continue
			}
			if len(text) > clip {
				text = text[:clip] + "…"
			}
			who := "User"
			if m.Role == chat.RoleAssistant {
				who = "You"
			}
			fmt.Fprintf(&b, "\n%s: %s\n", who, text)
		}
	}
	b.WriteString("\n(End of the recap.)\n")
	input := req.Message
	if a := req.Answer; a != nil {
		text := a.FreeText
		if text == "" {
			text = tool.FormatAnswers(a.Questions, a.Answers)
		}
		input = []chat.Block{chat.TextBlock(text)}
	}
	req.Answer = nil
	req.Message = append([]chat.Block{chat.TextBlock(b.String())}, input...)
	return req
}
