package httpapi_test

import (
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/llm/anthropic"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/secret"
	"github.com/specwright/specwright/internal/spec/spectest"
)

// goodSpec returns a valid pair of spec files (30 features).
func goodSpec(t *testing.T) (appSpec, initializer string) { return spectest.Good(t) }

func claude(fake *llmtest.Anthropic) *anthropic.Provider {
	return anthropic.New(anthropic.Config{APIKey: secret.New("sk-ant-test"), BaseURL: fake.URL, Model: "claude-test"})
}

var involvement = map[string]any{"questions": []any{map[string]any{
	"question": "How involved do you want to be?", "header": "Mode", "multiSelect": false,
	"options": []any{
		map[string]any{"label": "Quick", "description": "I propose, you confirm"},
		map[string]any{"label": "Detailed", "description": "You decide each part"},
	},
}}}

func write(id, path, content string) llmtest.ToolCall {
	return llmtest.ToolCall{ID: id, Name: "Write", Input: map[string]any{"file_path": path, "content": content}}
}

// A whole interview with Claude, through the real adapter against the
// fake API: greeting, a structured question and its answer, both files
// written by relative path, verified completion.
func TestInterviewWithAnthropicReachesSpecComplete(t *testing.T) {
	appSpec, initializer := goodSpec(t)
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hello! ", "What would you like to build?"),
		llmtest.Tools("Nice idea.", llmtest.ToolCall{ID: "toolu_q1", Name: "AskUserQuestion", Input: involvement}),
		llmtest.Tools("Writing the files now.",
			write("toolu_w1", "prompts/app_spec.txt", appSpec),
			write("toolu_w2", "prompts/initializer_prompt.md", initializer)),
		llmtest.Text("Your spec is ready: 30 features."),
	))
	e := newEnv(t, claude(fake))
	c := e.dial("todo")

	c.send(map[string]any{"type": "start"})
	got := c.turn()
	if types(got) != "text response_done" || text(got) != "Hello! What would you like to build?" {
		t.Fatalf("greeting: %s %q", types(got), text(got))
	}

	c.send(map[string]any{"type": "message", "content": "A todo app for families"})
	got = c.turn()
	if types(got) != "text question response_done" {
		t.Fatalf("question turn: %s", types(got))
	}
	q := got[1]
	if q.str("tool_id") != "toolu_q1" {
		t.Fatalf("question tool_id = %q", q.str("tool_id"))
	}
	qs := q["questions"].([]any)
	if len(qs) != 1 || qs[0].(map[string]any)["header"] != "Mode" {
		t.Fatalf("questions = %v", qs)
	}

	c.send(map[string]any{"type": "answer", "answers": map[string]any{"0": "Quick"}, "tool_id": "toolu_q1"})
	got = c.turn()
	want := "text file_written file_written spec_complete text response_done complete"
	if types(got) != want {
		t.Fatalf("final turn: %s, want %s", types(got), want)
	}
	if got[1].str("path") != "prompts/app_spec.txt" || got[2].str("path") != "prompts/initializer_prompt.md" ||
		got[3].str("path") != "prompts/app_spec.txt" || got[6].str("path") != "prompts/app_spec.txt" {
		t.Fatalf("paths: %v", got)
	}

	// The files are on disk as written.
	if b, _ := os.ReadFile(e.projectFile("todo", "prompts/app_spec.txt")); string(b) != appSpec {
		t.Fatal("app_spec.txt on disk differs from what the model wrote")
	}
	// The answer reached the model paired with its question.
	reqs := fake.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests, want 4", len(reqs))
	}
	answer := toolResult(t, reqs[2], "toolu_q1")
	if !strings.Contains(answer, "Q: How involved do you want to be?\nA: Quick") {
		t.Fatalf("answer tool result = %q", answer)
	}
	// Every request carries the whole conversation so far and the tools.
	if !strings.Contains(reqs[3].System, "todo") || len(reqs[3].Tools) != 5 || len(reqs[3].Messages) != 7 {
		t.Fatalf("last request: system %d chars, tools %v, %d messages", len(reqs[3].System), reqs[3].Tools, len(reqs[3].Messages))
	}

	var st map[string]any
	e.do("GET", "/api/spec/status/todo", &st)
	if st["status"] != "complete" || st["feature_count"] != float64(30) || st["exists"] != true || st["timestamp"] == nil {
		t.Fatalf("status = %v", st)
	}
	var info map[string]any
	e.do("GET", "/api/spec/sessions/todo", &info)
	if info["is_complete"] != true {
		t.Fatalf("session = %v", info)
	}
}

// toolResult returns the text of the tool_result for id in a request.
func toolResult(t *testing.T, req llmtest.Request, id string) string {
	t.Helper()
	for _, m := range req.Messages {
		blocks, _ := m["content"].([]any)
		for _, b := range blocks {
			bm, _ := b.(map[string]any)
			if bm["type"] != "tool_result" || bm["tool_use_id"] != id {
				continue
			}
			switch c := bm["content"].(type) {
			case string:
				return c
			case []any:
				var s strings.Builder
				for _, x := range c {
					s.WriteString(x.(map[string]any)["text"].(string))
				}
				return s.String()
			}
		}
	}
	t.Fatalf("no tool_result for %s in %s", id, req.Raw)
	return ""
}

// A spec that fails validation is sent back to the model with the exact
// problems; when the model fixes it, the spec completes in the same turn.
func TestInvalidSpecIsSentBackToTheModel(t *testing.T) {
	appSpec, initializer := goodSpec(t)
	broken := strings.Replace(appSpec, "</overview>", " &amp; more & more</overview>", 1)
	placeholder := strings.ReplaceAll(initializer, "**30**", "**[FEATURE_COUNT]**")
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hi."),
		llmtest.Tools("", write("w1", "prompts/app_spec.txt", broken), write("w2", "prompts/initializer_prompt.md", placeholder)),
		llmtest.Text("Done!"),
		llmtest.Tools("Fixing.", write("w3", "prompts/app_spec.txt", appSpec), write("w4", "prompts/initializer_prompt.md", initializer)),
		llmtest.Text("Fixed."),
	))
	e := newEnv(t, claude(fake))
	c := e.dialV2("fixme")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "generate"})
	got := c.turn()
	want := "file_written file_written text validation text file_written file_written spec_complete version text response_done complete"
	if types(got) != want {
		t.Fatalf("got %s\nwant %s", types(got), want)
	}
	problems, _ := got[3]["problems"].([]any)
	joined, _ := json.Marshal(problems)
	if !strings.Contains(string(joined), "app_spec.txt line") || !strings.Contains(string(joined), "FEATURE_COUNT") {
		t.Fatalf("problems = %s", joined)
	}
	fb := fake.Requests()[3].LastUserText()
	if !strings.Contains(fb, "did not pass validation") || !strings.Contains(fb, "&amp;") {
		t.Fatalf("feedback to the model = %q", fb)
	}
}

// After the bounded number of fix rounds the turn ends with a final
// validation event and the status says error.
func TestFixRoundsAreBounded(t *testing.T) {
	appSpec, _ := goodSpec(t)
	fake := llmtest.NewAnthropic(t, func(call int, req llmtest.Request) llmtest.Response {
		if call == 0 {
			return llmtest.Text("Hi.")
		}
		if call == 1 {
			return llmtest.Tools("", write("w1", "prompts/app_spec.txt", appSpec))
		}
		return llmtest.Text("I think it is fine.") // never writes the initializer
	})
	e := newEnv(t, claude(fake))
	c := e.dialV2("stubborn")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "generate"})
	got := c.turn()
	if n := strings.Count(types(got), "validation"); n != 4 || got[len(got)-1].typ() != "response_done" {
		t.Fatalf("got %s", types(got))
	}
	if n := len(fake.Requests()); n != 6 {
		t.Fatalf("%d model calls, want 6 (greeting, write, 1 end + 3 fixes)", n)
	}
	var st map[string]any
	e.do("GET", "/api/spec/status/stubborn", &st)
	if st["status"] != "error" || st["feature_count"] != nil {
		t.Fatalf("status = %v", st)
	}
}

// Ping is answered while a turn streams; a second request during the
// turn is refused; every socket of the project sees the turn.
func TestConcurrencyRules(t *testing.T) {
	release := make(chan struct{})
	var once sync.Once
	fake := llmtest.NewAnthropic(t, func(call int, req llmtest.Request) llmtest.Response {
		if call == 1 {
			<-release // hold the turn until the test lets it go
		}
		return llmtest.Text("reply ", "number ", "one")
	})
	e := newEnv(t, claude(fake))
	a, b := e.dial("shared"), e.dial("shared")
	a.send(map[string]any{"type": "start"})
	if got := types(a.turn()); got != "text response_done" {
		t.Fatalf("a: %s", got)
	}
	if got := types(b.turn()); got != "text response_done" {
		t.Fatalf("b saw: %s", got)
	}

	a.send(map[string]any{"type": "message", "content": "hello"})
	time.Sleep(50 * time.Millisecond) // let the turn reach the model
	a.send(map[string]any{"type": "ping"})
	if m := a.next(); m.typ() != "pong" {
		t.Fatalf("ping during a turn: %v", m)
	}
	b.send(map[string]any{"type": "message", "content": "me too"})
	b.expectError("A response is already in progress; wait for it to finish")
	b.send(map[string]any{"type": "start"})
	b.expectError("A response is already in progress; wait for it to finish")
	once.Do(func() { close(release) })
	for _, c := range []*client{a, b} {
		if got := c.turn(); types(got) != "text response_done" || text(got) != "reply number one" {
			t.Fatalf("turn: %s %q", types(got), text(got))
		}
	}
}

// A socket that drops mid-turn loses nothing: the turn runs to its end,
// is stored, and a new socket continues the session.
func TestDroppedSocketLosesNothing(t *testing.T) {
	release := make(chan struct{})
	fake := llmtest.NewAnthropic(t, func(call int, req llmtest.Request) llmtest.Response {
		switch call {
		case 0:
			return llmtest.Text("Hi.")
		case 1:
			<-release
			return llmtest.Text("Answer while you were away.")
		default:
			return llmtest.Text("Welcome back.")
		}
	})
	e := newEnv(t, claude(fake))
	c := e.dial("away")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "question"})
	time.Sleep(50 * time.Millisecond)
	c.conn.CloseNow()
	close(release)

	var tr struct {
		Events []map[string]any `json:"events"`
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		e.do("GET", "/api/spec/transcript/away", &tr)
		if n := len(tr.Events); n > 0 && tr.Events[n-1]["type"] == "response_done" && n >= 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("turn not stored: %v", tr.Events)
		}
		time.Sleep(20 * time.Millisecond)
	}
	var seq []string
	for i, ev := range tr.Events {
		if ev["seq"] != float64(i+1) {
			t.Fatalf("event %d has seq %v", i, ev["seq"])
		}
		seq = append(seq, ev["type"].(string)+":"+str(ev["content"]))
	}
	want := "text:Hi. response_done: user:question text:Answer while you were away. response_done:"
	if strings.Join(seq, " ") != want {
		t.Fatalf("transcript = %s", strings.Join(seq, " "))
	}

	c2 := e.dial("away")
	c2.send(map[string]any{"type": "message", "content": "back"})
	if got := c2.turn(); text(got) != "Welcome back." {
		t.Fatalf("after reconnect: %v", got)
	}
	if n := len(fake.Requests()[2].Messages); n != 5 {
		t.Fatalf("continued with %d messages, want 5", n)
	}
}

func str(v any) string { s, _ := v.(string); return s }

// A session outlives the server: after a restart on the same data folder,
// a message continues the interview with its whole context, including a
// pending question.
func TestSessionSurvivesRestart(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hello there."),
		llmtest.Tools("", llmtest.ToolCall{ID: "toolu_q", Name: "AskUserQuestion", Input: involvement}),
		llmtest.Text("Quick it is."),
	))
	dir := t.TempDir()
	e := startEnv(t, claude(fake), dir)
	c := e.dial("durable")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "A todo app"})
	if got := types(c.turn()); got != "question response_done" {
		t.Fatalf("got %s", got)
	}
	e.stop()

	e2 := startEnv(t, claude(fake), dir)
	c2 := e2.dial("durable")
	c2.send(map[string]any{"type": "answer", "answers": map[string]any{"0": "Quick"}, "tool_id": "toolu_q"})
	if got := c2.turn(); text(got) != "Quick it is." {
		t.Fatalf("after restart: %v", got)
	}
	last := fake.Requests()[2]
	if len(last.Messages) != 5 || !strings.Contains(toolResult(t, last, "toolu_q"), "A: Quick") {
		t.Fatalf("context after restart: %s", last.Raw)
	}
	if !strings.Contains(string(last.Raw), "A todo app") || !strings.Contains(string(last.Raw), "Hello there.") {
		t.Fatal("the earlier conversation is missing after the restart")
	}
}

// Provider failures end the turn with a clear error and leave the session
// usable.
func TestProviderErrorsLeaveTheSessionUsable(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hi."),
		llmtest.Status(401, "authentication_error", "invalid x-api-key"),
		llmtest.StreamError("overloaded_error", "Overloaded"),
		llmtest.Text("Back to work."),
	))
	e := newEnv(t, claude(fake))
	c := e.dial("flaky")
	c.send(map[string]any{"type": "start"})
	c.turn()
	for _, want := range []string{"API key", "overloaded"} {
		c.send(map[string]any{"type": "message", "content": "hello"})
		got := c.turn()
		last := got[len(got)-1]
		if last.typ() != "error" || !strings.Contains(strings.ToLower(last.str("content")), strings.ToLower(want)) {
			t.Fatalf("want an error about %q, got %v", want, got)
		}
		if strings.Contains(last.str("content"), "sk-ant-test") {
			t.Fatal("the error leaks the API key")
		}
	}
	c.send(map[string]any{"type": "message", "content": "hello"})
	if got := c.turn(); text(got) != "Back to work." {
		t.Fatalf("after errors: %v", got)
	}
}
