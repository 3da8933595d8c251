package httpapi_test

import (
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/session"
)

// At info level each turn's end is one line (who, how long, how many
// round trips and tool calls, tokens, outcome), and so is each new
// version of the spec.
func TestTurnsAndSpecVersionsAreLogged(t *testing.T) {
	appSpec, initializer := goodSpec(t)
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hello!"),
		llmtest.Tools("Writing.", write("toolu_w1", "prompts/app_spec.txt", appSpec), write("toolu_w2", "prompts/initializer_prompt.md", initializer)),
		llmtest.Text("Done."),
		llmtest.Status(401, "authentication_error", "invalid x-api-key"),
	))
	var logs syncBuffer
	e := startEnvWith(t, claude(fake), t.TempDir(), func(s *session.Config, _ *httpapi.Config) {
		s.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	})
	c := e.dial("logged")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "write it"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "again"})
	c.turn()
	e.stop()

	var turns []string
	for line := range strings.SplitSeq(logs.String(), "\n") {
		if strings.Contains(line, `msg="turn ended"`) {
			turns = append(turns, line)
		}
	}
	want := []*regexp.Regexp{
		regexp.MustCompile(`project=logged session=1 provider=anthropic model=claude-test duration=\S+ rounds=1 tool_calls=0 tokens_in=100 tokens_out=20 tokens_cached=0 outcome=done`),
		regexp.MustCompile(`project=logged session=1 provider=anthropic model=claude-test duration=\S+ rounds=2 tool_calls=2 tokens_in=200 tokens_out=40 tokens_cached=0 outcome=complete`),
		regexp.MustCompile(`rounds=1 tool_calls=0 outcome=error error=".*API key`),
	}
	if len(turns) != len(want) {
		t.Fatalf("%d turn lines, want %d:\n%s", len(turns), len(want), logs.String())
	}
	for i, re := range want {
		if !re.MatchString(turns[i]) {
			t.Errorf("turn line %d: %s\nwant %s", i, turns[i], re)
		}
	}
	if n := strings.Count(logs.String(), `msg="spec version" project=logged session=1 features=30 version=`); n != 1 {
		t.Errorf("%d spec version lines, want 1:\n%s", n, logs.String())
	}
}
