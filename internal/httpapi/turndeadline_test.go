package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm/anthropic"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/secret"
	"github.com/specwright/specwright/internal/session"
)

// A model that keeps the connection busy without finishing is stopped
// at the turn's deadline, and the session goes on.
func TestTurnDeadline(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hi."),
		llmtest.Stall(time.Minute).Pinging(50*time.Millisecond),
		llmtest.Text("Back."),
	))
	p := anthropic.New(anthropic.Config{APIKey: secret.New("sk-ant-test"), BaseURL: fake.URL, StallTimeout: time.Minute})
	e := startEnvWith(t, p, t.TempDir(), func(s *session.Config, _ *httpapi.Config) { s.TurnTimeout = 2 * time.Second })
	c := e.dial("slow")
	c.send(map[string]any{"type": "start"})
	c.turn()
	start := time.Now()
	c.send(map[string]any{"type": "message", "content": "go"})
	got := c.turn()
	last := got[len(got)-1]
	if last.typ() != "error" || !strings.Contains(last.str("content"), "took longer than 2s") {
		t.Fatalf("got %v", got)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the turn ran %s", d)
	}
	c.send(map[string]any{"type": "message", "content": "again"})
	if got := c.turn(); text(got) != "Back." {
		t.Fatalf("after the deadline: %v", got)
	}
}
