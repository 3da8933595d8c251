package guided

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/prompt"
	"github.com/specwright/specwright/internal/spec"
	"github.com/specwright/specwright/internal/tool"
)

// engine plays the session engine against the provider, the way
// spec-format.md and the engine's contract describe it: it runs the tool
// loop, stops the turn at AskUserQuestion, executes Write into a map,
// and sends validation feedback when the written files fail.
type engine struct {
	t       *testing.T
	p       *Provider
	project string

	msgs  []chat.Message
	files map[string]string
	// pending is the AskUserQuestion call waiting for an answer.
	pending *chat.Block
	// calls records every request and its reply, for the statelessness
	// test.
	calls []recorded
	// turnText is the text the provider said during the last turn.
	turnText string
	// failWrites makes the next writes fail, once.
	failWrites bool
	// writes counts successful Write calls.
	writes int
}

type recorded struct {
	msgs  []chat.Message
	reply llm.Reply
}

func newEngine(t *testing.T, project string) *engine {
	t.Helper()
	return &engine{t: t, p: New(), project: project, files: map[string]string{}}
}

// start sends the hidden kick-off.
func (e *engine) start() *engine {
	e.msgs = append(e.msgs, chat.Message{Role: chat.RoleUser, Hidden: true, Content: []chat.Block{chat.TextBlock(prompt.Kickoff)}})
	e.turn()
	return e
}

// say sends a plain message; while a question is pending it becomes that
// question's free-text answer, as the engine does.
func (e *engine) say(text string, images ...chat.Block) *engine {
	e.t.Helper()
	if e.pending != nil {
		qs := e.questions()
		e.msgs = append(e.msgs, chat.Message{Role: chat.RoleUser, Content: []chat.Block{
			chat.ToolResult(e.pending.ID, tool.FormatFreeText(qs, text), false)}})
		e.pending = nil
	} else {
		content := append([]chat.Block{chat.TextBlock(text)}, images...)
		e.msgs = append(e.msgs, chat.Message{Role: chat.RoleUser, Content: content})
	}
	e.turn()
	return e
}

// hidden sends a hidden message, such as validation feedback.
func (e *engine) hidden(text string) *engine {
	e.msgs = append(e.msgs, chat.Message{Role: chat.RoleUser, Hidden: true, Content: []chat.Block{chat.TextBlock(text)}})
	e.turn()
	return e
}

// answer answers the pending question: for each question its header's
// entry, labels or typed text; a header without entry gets no answer.
func (e *engine) answer(byHeader map[string][]string) *engine {
	e.t.Helper()
	if e.pending == nil {
		e.t.Fatalf("answer %v: no question is pending; the provider said:\n%s", byHeader, e.turnText)
	}
	qs := e.questions()
	answers := make([][]string, len(qs))
	for i, q := range qs {
		answers[i] = byHeader[q.Header]
	}
	e.msgs = append(e.msgs, chat.Message{Role: chat.RoleUser, Content: []chat.Block{
		chat.ToolResult(e.pending.ID, tool.FormatAnswers(qs, answers), false)}})
	e.pending = nil
	e.turn()
	return e
}

// defaults answers the pending question with its first option each.
func (e *engine) defaults() *engine {
	e.t.Helper()
	if e.pending == nil {
		e.t.Fatalf("defaults: no question is pending; the provider said:\n%s", e.turnText)
	}
	m := map[string][]string{}
	for _, q := range e.questions() {
		m[q.Header] = []string{q.Options[0].Label}
	}
	return e.answer(m)
}

// expect fails unless the pending question has the given header first.
func (e *engine) expect(header string) *engine {
	e.t.Helper()
	if e.pending == nil {
		e.t.Fatalf("want question %q, none pending; the provider said:\n%s", header, e.turnText)
	}
	if qs := e.questions(); qs[0].Header != header {
		e.t.Fatalf("want question %q, got %q", header, qs[0].Header)
	}
	return e
}

// expectText fails unless the turn's text contains want.
func (e *engine) expectText(want string) *engine {
	e.t.Helper()
	if !strings.Contains(e.turnText, want) {
		e.t.Fatalf("want text containing %q, got:\n%s", want, e.turnText)
	}
	return e
}

func (e *engine) questions() []chat.Question {
	e.t.Helper()
	qs, err := tool.ParseAsk(e.pending.Input)
	if err != nil {
		e.t.Fatalf("invalid AskUserQuestion input: %v\n%s", err, e.pending.Input)
	}
	return qs
}

// turn runs the tool loop until the provider stops calling tools or asks
// a question, then validates the files as the engine does.
func (e *engine) turn() {
	e.t.Helper()
	e.turnText = ""
	wroteThisTurn := false
	for round := 0; ; round++ {
		if round > 10 {
			e.t.Fatal("the tool loop did not end")
		}
		req := llm.Request{Project: e.project, Messages: clone(e.msgs), Tools: []llm.ToolSpec{tool.AskSpec()}}
		var streamed strings.Builder
		reply, err := e.p.Stream(context.Background(), req, func(s string) { streamed.WriteString(s) })
		if err != nil {
			e.t.Fatalf("Stream: %v", err)
		}
		e.calls = append(e.calls, recorded{msgs: req.Messages, reply: reply})
		text := chat.Message{Content: reply.Content}.Text()
		if streamed.String() != text {
			e.t.Fatalf("streamed text differs from the reply's text:\n%q\n%q", streamed.String(), text)
		}
		if text != "" && reply.Content[0].Type != chat.BlockText {
			e.t.Fatal("the text block does not come first")
		}
		e.turnText += text
		e.msgs = append(e.msgs, chat.Message{Role: chat.RoleAssistant, Content: reply.Content})
		uses := chat.Message{Content: reply.Content}.ToolUses()
		wantStop := llm.StopEndTurn
		if len(uses) > 0 {
			wantStop = llm.StopToolUse
		}
		if reply.StopReason != wantStop {
			e.t.Fatalf("stop reason %q, want %q", reply.StopReason, wantStop)
		}
		var results []chat.Block
		for _, u := range uses {
			switch u.Name {
			case tool.AskName:
				if len(uses) != 1 {
					e.t.Fatal("AskUserQuestion came with other tool calls")
				}
				u := u
				e.pending = &u
				e.questions() // validates the input
				return
			case writeName:
				var in struct {
					FilePath string `json:"file_path"`
					Content  string `json:"content"`
				}
				if err := json.Unmarshal(u.Input, &in); err != nil {
					e.t.Fatalf("Write input: %v", err)
				}
				if e.failWrites {
					results = append(results, chat.ToolResult(u.ID, "Error: disk full", true))
					continue
				}
				e.files[in.FilePath] = in.Content
				e.writes++
				wroteThisTurn = true
				results = append(results, chat.ToolResult(u.ID, "Wrote "+in.FilePath, false))
			default:
				e.t.Fatalf("unexpected tool %q", u.Name)
			}
		}
		if len(results) == 0 {
			break
		}
		e.failWrites = false
		e.msgs = append(e.msgs, chat.Message{Role: chat.RoleUser, Content: results})
	}
	if wroteThisTurn {
		if r := e.check(); !r.OK() {
			e.t.Fatalf("the written files fail validation:\n%v", r.Problems)
		}
	}
}

// check validates the files with the spec package, and the things the
// interviewer promises beyond it: the count is the number of feature
// lines, and there are no warnings.
func (e *engine) check() spec.Report {
	e.t.Helper()
	app, init := e.files[AppSpecPath], e.files[InitializerPath]
	r := spec.Check([]byte(app), []byte(init))
	if r.Spec == nil {
		return r
	}
	if w := r.Warnings(); len(w) > 0 {
		e.t.Errorf("warnings: %v", w)
	}
	if got, want := r.Spec.FeatureCount, r.Spec.FeatureLines(); got != want {
		e.t.Errorf("feature_count %d, but %d feature lines", got, want)
	}
	if init != prompt.Initializer(r.Spec.FeatureCount) {
		e.t.Errorf("initializer is not prompt.Initializer(%d)", r.Spec.FeatureCount)
	}
	return r
}

// count returns the feature count of the written spec.
func (e *engine) count() int {
	e.t.Helper()
	r := e.check()
	if !r.OK() || r.Spec == nil {
		e.t.Fatalf("files invalid: %v", r.Problems)
	}
	return r.Spec.FeatureCount
}

func clone(msgs []chat.Message) []chat.Message {
	out := make([]chat.Message, len(msgs))
	for i, m := range msgs {
		out[i] = m
		out[i].Content = append([]chat.Block(nil), m.Content...)
	}
	return out
}
