package claudecli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/tool"
)

// turn delivers req to p and reads its output until the turn ends or the
// agent asks a question. healthy is false when p cannot serve another
// turn and must be ended.
func (a *Agent) turn(ctx context.Context, p *proc, req llm.AgentRequest, ev llm.AgentEvents) (stop llm.AgentStop, healthy bool, err error) {
	a.mu.Lock()
	asked := p.pending != nil
	a.mu.Unlock()
	// The output after a question belongs to the turn that goes on with
	// the answer; otherwise nothing belongs between turns, and whatever a
	// previous turn left is dropped.
	for drained := asked; !drained; {
		select {
		case raw, ok := <-p.lines:
			if !ok {
				drained = true
				break
			}
			p.log.Debug("dropping output left from an earlier turn", "line", llm.Shorten(string(raw), 200))
		default:
			drained = true
		}
	}
	if !asked || p.toolCalls == nil {
		p.toolCalls = map[string]toolUse{}
	}
	if err := a.deliver(p, req); err != nil {
		return stop, false, a.endedError(p, err)
	}

	t := &turnState{a: a, p: p, ev: ev}
	done := ctx.Done()
	var deadline <-chan time.Time
	var timer *time.Timer
	// stall fires when the process has written nothing for StallTimeout;
	// every line counts as life.
	stall := time.NewTimer(a.cfg.StallTimeout)
	stalled := false
	defer func() {
		stall.Stop()
		if timer != nil {
			timer.Stop()
		}
	}()
	// interrupt asks the process to stop the turn, and waits at most
	// interruptWait for its result.
	interrupt := func() error {
		t.interrupted = true
		if err := p.send(controlRequest{Type: "control_request", RequestID: p.requestID(), Request: map[string]any{"subtype": "interrupt"}}); err != nil {
			return err
		}
		timer = time.NewTimer(a.interruptWait)
		deadline = timer.C
		return nil
	}
	// failed is the error of a turn that ended after an interrupt.
	failed := func() error {
		if stalled && ctx.Err() == nil {
			return a.fail(llm.ErrTimeout, 0, fmt.Sprintf("Claude Code sent nothing for %v, so the reply was stopped. Send your message again; if this keeps happening, check its network connection, or raise --stall-timeout.", a.cfg.StallTimeout), nil)
		}
		return ctx.Err()
	}
	for {
		select {
		case <-done:
			done = nil
			p.log.Info("interrupting the turn", "cause", context.Cause(ctx))
			if t.interrupted {
				break // already interrupted for a stall: the wait goes on
			}
			if err := interrupt(); err != nil {
				return stop, false, ctx.Err()
			}
		case <-stall.C:
			if t.interrupted {
				break
			}
			stalled = true
			p.log.Warn("Claude Code has written nothing for the stall timeout; interrupting the turn", "stall_timeout", a.cfg.StallTimeout)
			if err := interrupt(); err != nil {
				return stop, false, failed()
			}
		case <-deadline:
			p.log.Warn("no result after the interrupt; ending the process", "waited", a.interruptWait)
			t.flush()
			return stop, false, failed()
		case raw, ok := <-p.lines:
			if !ok {
				t.flush()
				if t.interrupted {
					return stop, false, failed()
				}
				return stop, false, a.endedError(p, p.readError())
			}
			if !t.interrupted {
				stall.Reset(a.cfg.StallTimeout)
			}
			q, res, err := t.handle(raw)
			if err != nil {
				// The process could not be answered: it is gone.
				t.flush()
				if t.interrupted {
					return stop, false, failed()
				}
				return stop, false, a.endedError(p, err)
			}
			if q != nil {
				return llm.AgentStop{Question: q}, true, nil
			}
			if res != nil {
				if t.interrupted {
					return stop, true, failed()
				}
				return stop, true, a.resultError(res, t.apiError)
			}
		}
	}
}

// deliver writes the input of req: a user message, or the answer to the
// question the process waits on.
func (a *Agent) deliver(p *proc, req llm.AgentRequest) error {
	a.mu.Lock()
	q := p.pending
	p.pending = nil
	a.mu.Unlock()

	switch {
	case q != nil:
		var ans llm.AgentAnswer
		if req.Answer != nil {
			ans = *req.Answer
			if ans.ToolID != "" && ans.ToolID != q.toolUseID {
				p.log.Warn("the answer names another question than the one pending; answering the pending one", "answer_for", ans.ToolID, "pending", q.toolUseID)
			}
		} else {
			// A plain message while a question waits answers it in the
			// user's own words (its images cannot go with it).
			ans.FreeText = chat.Message{Content: req.Message}.Text()
			if len(req.Message) != len(textBlocks(req.Message)) {
				p.log.Warn("a message answering a question carried more than text; only its text goes to Claude Code")
			}
		}
		return p.send(allow(q.requestID, answerInput(q, ans)))
	case req.Answer != nil:
		// The process that asked has ended since (idle, closed, restarted
		// server); the resumed conversation hears the answer as a message.
		ans := req.Answer
		text := tool.FormatAnswers(ans.Questions, ans.Answers)
		if strings.TrimSpace(ans.FreeText) != "" {
			text = tool.FormatFreeText(ans.Questions, ans.FreeText)
		}
		p.log.Info("the question's process has ended; sending the answer as a message")
		return p.send(userMessage([]chat.Block{chat.TextBlock(text)}))
	default:
		return p.send(userMessage(req.Message))
	}
}

func textBlocks(blocks []chat.Block) []chat.Block {
	var out []chat.Block
	for _, b := range blocks {
		if b.Type == chat.BlockText {
			out = append(out, b)
		}
	}
	return out
}

// answerInput builds the updatedInput that answers an AskUserQuestion:
// the input as the CLI sent it, plus "answers" mapping each question's
// text to the labels chosen (joined by ", ") or the text typed, plus
// "response" for a reply in the user's own words, which the CLI hands to
// the model as "The user responded: …".
func answerInput(q *pendingQuestion, ans llm.AgentAnswer) map[string]any {
	in := make(map[string]any, len(q.input)+2)
	for k, v := range q.input {
		in[k] = v
	}
	answers := map[string]string{}
	for i, text := range q.questions {
		if i < len(ans.Answers) && len(ans.Answers[i]) > 0 {
			answers[text] = strings.Join(ans.Answers[i], ", ")
		}
	}
	in["answers"] = answers
	if strings.TrimSpace(ans.FreeText) != "" {
		in["response"] = ans.FreeText
	}
	return in
}

// turnState is what one turn accumulates while reading.
type turnState struct {
	a           *Agent
	p           *proc
	ev          llm.AgentEvents
	interrupted bool
	apiError    string // the kind of failure of the last synthetic error message

	msgID string // the assistant message being assembled
	msg   []chat.Block
}

// handle acts on one line of output. It returns the question the agent
// asked, or the result that ends the turn; err means the process could
// not be written to.
func (t *turnState) handle(raw []byte) (*llm.AgentQuestion, *resultLine, error) {
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		t.p.log.Debug("skipping a line that is not JSON", "line", llm.Shorten(string(raw), 200))
		return nil, nil, nil
	}
	switch env.Type {
	case "stream_event":
		var l streamEventLine
		if json.Unmarshal(raw, &l) == nil && l.ParentToolUseID == nil &&
			l.Event.Type == "content_block_delta" && l.Event.Delta.Type == "text_delta" &&
			l.Event.Delta.Text != "" && t.ev.Text != nil {
			t.ev.Text(l.Event.Delta.Text)
		}
	case "assistant":
		t.assistant(raw)
	case "user":
		t.flush()
		t.user(raw)
	case "system":
		t.system(raw)
	case "control_request":
		t.flush()
		return t.controlRequest(raw)
	case "result":
		t.flush()
		var r resultLine
		if err := json.Unmarshal(raw, &r); err != nil {
			r = resultLine{Subtype: "unreadable", IsError: true, Result: "its result line could not be read"}
		}
		return nil, &r, nil
	}
	return nil, nil, nil
}

// assistant adds the blocks of an assistant line to the message being
// assembled, or starts the next message.
func (t *turnState) assistant(raw []byte) {
	var l assistantLine
	if json.Unmarshal(raw, &l) != nil || l.ParentToolUseID != nil {
		return
	}
	if l.IsAPIErrorMessage {
		// The CLI's own words about a failed call; the result repeats them
		// and the error reports them.
		t.apiError = jsonString(l.Error)
		return
	}
	if l.Message.ID != t.msgID || l.Message.ID == "" {
		t.flush()
		t.msgID = l.Message.ID
	}
	for _, b := range l.Message.Content {
		switch b.Type {
		case "text":
			if b.Text != "" {
				t.msg = append(t.msg, chat.TextBlock(b.Text))
			}
		case "tool_use":
			input := b.Input
			if len(input) == 0 {
				input = json.RawMessage("{}")
			}
			t.msg = append(t.msg, chat.Block{Type: chat.BlockToolUse, ID: b.ID, Name: b.Name, Input: input})
			use := toolUse{name: b.Name}
			if b.Name == "Write" || b.Name == "Edit" {
				var in struct {
					FilePath string `json:"file_path"`
				}
				_ = json.Unmarshal(b.Input, &in)
				use.path = in.FilePath
			}
			t.p.toolCalls[b.ID] = use
		}
	}
}

// flush reports the assembled assistant message.
func (t *turnState) flush() {
	if len(t.msg) > 0 && t.ev.Message != nil {
		t.ev.Message(chat.Message{Role: chat.RoleAssistant, Content: t.msg})
	}
	t.msg, t.msgID = nil, ""
}

// user reports the tool results of a user line, and the files that
// successful Write and Edit calls changed.
func (t *turnState) user(raw []byte) {
	var l userLine
	if json.Unmarshal(raw, &l) != nil || l.ParentToolUseID != nil {
		return
	}
	var blocks []contentBlock
	if json.Unmarshal(l.Message.Content, &blocks) != nil {
		return // a plain string: a marker of the CLI's, not a tool result
	}
	var results []chat.Block
	var wrote []string
	for _, b := range blocks {
		if b.Type != "tool_result" {
			continue
		}
		results = append(results, chat.ToolResult(b.ToolUseID, blockText(b.Content), b.IsError))
		use, ok := t.p.toolCalls[b.ToolUseID]
		if !ok || b.IsError || (use.name != "Write" && use.name != "Edit") {
			continue
		}
		path := use.path
		var res struct {
			FilePath string `json:"filePath"`
		}
		if len(blocks) == 1 && json.Unmarshal(l.ToolUseResult, &res) == nil && res.FilePath != "" {
			path = res.FilePath
		}
		if rel, ok := t.p.rel(path); ok {
			wrote = append(wrote, rel)
		} else if path != "" {
			t.p.log.Warn("Claude Code wrote a file outside the project folder", "path", path)
		}
	}
	if len(results) > 0 && t.ev.Message != nil {
		t.ev.Message(chat.Message{Role: chat.RoleUser, Content: results})
	}
	if t.ev.Wrote != nil {
		for _, rel := range wrote {
			t.ev.Wrote(rel)
		}
	}
}

// system reads the session id and model of an init line.
func (t *turnState) system(raw []byte) {
	var l systemLine
	if json.Unmarshal(raw, &l) != nil {
		return
	}
	switch l.Subtype {
	case "init":
		if l.SessionID != "" {
			t.a.setSession(t.p, l.SessionID)
			if l.SessionID != t.p.reported {
				if t.p.reported == "" {
					t.p.log.Info("claude session open", "session", l.SessionID, "model", l.Model, "version", l.Version,
						"since_spawn", time.Since(t.p.startedAt).Round(time.Millisecond))
				}
				t.p.reported = l.SessionID
				if t.ev.SessionID != nil {
					t.ev.SessionID(l.SessionID)
				}
			}
		}
		if l.Model != "" {
			t.a.mu.Lock()
			t.a.model = l.Model
			t.a.mu.Unlock()
		}
	case "api_retry":
		status := 0
		if l.ErrorStatus != nil {
			status = *l.ErrorStatus
		}
		t.p.log.Info("Claude Code is retrying a failed API call", "attempt", l.Attempt, "status", status)
	}
}

// controlRequest answers a request of the CLI. An AskUserQuestion is not
// answered: it becomes the question that ends the Run, and the next Run
// answers it.
func (t *turnState) controlRequest(raw []byte) (*llm.AgentQuestion, *resultLine, error) {
	var l controlRequestLine
	if err := json.Unmarshal(raw, &l); err != nil {
		t.p.log.Warn("skipping an unreadable control request", "line", llm.Shorten(string(raw), 200))
		return nil, nil, nil
	}
	r := l.Request
	if r.Subtype != "can_use_tool" {
		t.p.log.Info("refusing a control request specwright does not handle", "subtype", r.Subtype)
		return nil, nil, t.p.send(unsupported(l.RequestID, r.Subtype))
	}
	if r.ToolName == tool.AskName {
		if t.interrupted {
			return nil, nil, t.p.send(deny(l.RequestID, "The user interrupted the turn."))
		}
		questions, err := tool.ParseAsk(r.Input)
		if err != nil {
			return nil, nil, t.p.send(deny(l.RequestID, "Invalid AskUserQuestion call: "+err.Error()))
		}
		var input map[string]json.RawMessage
		_ = json.Unmarshal(r.Input, &input)
		q := &pendingQuestion{requestID: l.RequestID, toolUseID: r.ToolUseID, input: input}
		for _, qu := range questions {
			q.questions = append(q.questions, qu.Question)
		}
		t.a.mu.Lock()
		t.p.pending = q
		t.a.mu.Unlock()
		return &llm.AgentQuestion{ToolID: r.ToolUseID, Questions: questions}, nil, nil
	}
	if ok, why := t.p.permit(r.ToolName, r.Input); !ok {
		t.p.log.Info("denied a tool call", "tool", r.ToolName, "why", why)
		return nil, nil, t.p.send(deny(l.RequestID, why))
	}
	var input any = r.Input
	if len(r.Input) == 0 {
		input = map[string]any{}
	}
	return nil, nil, t.p.send(allow(l.RequestID, input))
}

// endedError explains a process that stopped in the middle of a turn.
func (a *Agent) endedError(p *proc, cause error) error {
	select {
	case <-p.stopping:
		return a.fail(llm.ErrUnavailable, 0, "The Claude Code session was closed while it was answering.", cause)
	default:
	}
	if err := p.readError(); err != nil {
		return a.fail(llm.ErrStream, 0, fmt.Sprintf("Claude Code's output could not be read: %v.", err), err)
	}
	p.awaitExit(2 * time.Second)
	return a.fail(llm.ErrUnavailable, 0,
		fmt.Sprintf("Claude Code stopped unexpectedly (%s). The next message starts it again.%s", p.status(), a.lastWords(p)), cause)
}
