package httpapi_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
)

// scriptedAgent plays an agent provider the way the Claude Code CLI
// behaves: it writes files itself and reports them, asks questions and
// waits. It checks what the engine hands it.
type scriptedAgent struct {
	t              *testing.T
	appSpec, init_ string

	mu      sync.Mutex
	runs    []llm.AgentRequest
	closed  []string
	stopped bool
}

func (a *scriptedAgent) Name() string  { return "scripted-agent" }
func (a *scriptedAgent) Model() string { return "agent-model" }
func (a *scriptedAgent) Close(key string) {
	a.mu.Lock()
	a.closed = append(a.closed, key)
	a.mu.Unlock()
}
func (a *scriptedAgent) Shutdown() {
	a.mu.Lock()
	a.stopped = true
	a.mu.Unlock()
}

func (a *scriptedAgent) Run(ctx context.Context, req llm.AgentRequest, ev llm.AgentEvents) (llm.AgentStop, error) {
	a.mu.Lock()
	a.runs = append(a.runs, req)
	n := len(a.runs)
	a.mu.Unlock()
	say := func(text string) {
		ev.Text(text)
		ev.Message(chat.Message{Role: chat.RoleAssistant, Content: []chat.Block{chat.TextBlock(text)}})
	}
	switch n {
	case 1:
		ev.SessionID("cli-session-1")
		say("Hi, what shall we build?")
	case 2:
		q := []chat.Question{{Question: "Quick or detailed?", Header: "Mode", Options: []chat.Option{{Label: "Quick"}, {Label: "Detailed"}}}}
		return llm.AgentStop{Question: &llm.AgentQuestion{ToolID: "toolu_cli_q", Questions: q}}, nil
	case 3:
		// Delivered whole, never streamed, like the CLI's non-streaming
		// fallback; then streamed as usual.
		ev.Message(chat.Message{Role: chat.RoleAssistant, Content: []chat.Block{chat.TextBlock("Unstreamed. ")}})
		say("Writing.")
		for rel, content := range map[string]string{"prompts/app_spec.txt": a.appSpec} {
			os.MkdirAll(filepath.Join(req.Dir, "prompts"), 0o755)
			os.WriteFile(filepath.Join(req.Dir, filepath.FromSlash(rel)), []byte(content), 0o644)
			ev.Wrote(rel)
		}
		os.WriteFile(filepath.Join(req.Dir, "prompts", "initializer_prompt.md"), []byte(a.init_), 0o644)
		ev.Wrote("prompts/initializer_prompt.md")
		ev.Wrote("notes/elsewhere.md") // not a spec file: no event
		say(" Done.")
	default:
		say("More?")
	}
	return llm.AgentStop{}, nil
}

func TestAgentProviderInterview(t *testing.T) {
	appSpec, initializer := goodSpec(t)
	a := &scriptedAgent{t: t, appSpec: appSpec, init_: initializer}
	dir := t.TempDir()
	e := startAgentEnv(t, a, dir)
	c := e.dial("cli")
	c.send(map[string]any{"type": "start"})
	if got := c.turn(); types(got) != "text response_done" || text(got) != "Hi, what shall we build?" {
		t.Fatalf("greeting: %v", got)
	}
	c.send(map[string]any{"type": "message", "content": "a todo app"})
	got := c.turn()
	if types(got) != "question response_done" || got[0].str("tool_id") != "toolu_cli_q" {
		t.Fatalf("question: %v", got)
	}
	c.send(map[string]any{"type": "answer", "answers": map[string]any{"0": "Quick"}, "tool_id": "toolu_cli_q"})
	got = c.turn()
	want := "text file_written file_written spec_complete text response_done complete"
	if types(got) != want || got[0].str("content") != "Unstreamed. Writing." {
		t.Fatalf("final: %s %q, want %s", types(got), got[0].str("content"), want)
	}

	a.mu.Lock()
	runs := append([]llm.AgentRequest(nil), a.runs...)
	a.mu.Unlock()
	if len(runs) != 3 {
		t.Fatalf("%d runs", len(runs))
	}
	if runs[0].ResumeID != "" || runs[1].ResumeID != "cli-session-1" || runs[0].Key != runs[2].Key {
		t.Fatalf("keys and resume ids: %+v", runs)
	}
	if !strings.Contains(runs[0].System, "cli") || runs[0].Dir != filepath.Join(dir, "projects", "cli") {
		t.Fatalf("first run: dir %q", runs[0].Dir)
	}
	if ans := runs[2].Answer; ans == nil || ans.ToolID != "toolu_cli_q" || len(ans.Answers) != 1 || ans.Answers[0][0] != "Quick" || runs[2].Message != nil {
		t.Fatalf("answer handed to the agent: %+v", runs[2])
	}
	var info map[string]any
	e.do("GET", "/api/info", &info)
	if info["provider"] != "scripted-agent" {
		t.Fatalf("info = %v", info)
	}

	// A new interview closes the old agent; shutting down stops them all.
	c.send(map[string]any{"type": "start"})
	c.turn()
	e.stop()
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.closed) != 1 || a.closed[0] != runs[0].Key || !a.stopped {
		t.Fatalf("closed %v, stopped %v", a.closed, a.stopped)
	}
}
