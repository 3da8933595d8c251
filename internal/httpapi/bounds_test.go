package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm/llmtest"
)

// A model's reply is bounded: a 40 MB Edit is refused with a tool error
// the model reads, a 6 MB text block is cut, and neither is stored,
// re-sent on the next round trip or returned by the transcript route.
func TestHugeModelOutputIsBounded(t *testing.T) {
	huge := strings.Repeat("x", 40<<20)
	long := strings.Repeat("All work and no play. ", 6<<20/22)
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hi."),
		llmtest.Tools("Editing.", llmtest.ToolCall{ID: "toolu_big", Name: "Edit", Input: map[string]any{
			"file_path": "prompts/app_spec.txt", "old_string": huge, "new_string": "y",
		}}),
		llmtest.Text(long[:len(long)/3], long[len(long)/3:2*len(long)/3], long[2*len(long)/3:]),
		llmtest.Text("Still here."),
	))
	e := newEnv(t, claude(fake))
	c := e.dial("big")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.wait = 2 * time.Minute // 40 MB through the SDK is slow under the race detector
	c.send(map[string]any{"type": "message", "content": "go"})
	got := c.turn()
	if got[len(got)-1].typ() != "response_done" {
		t.Fatalf("the turn should go on past the refused call: %s", types(got))
	}
	shown := text(got)
	if !strings.Contains(shown, "Edit call carried 40.0 MiB, over the limit of 1.0 MiB, so it was refused") ||
		!strings.Contains(shown, "text went on past 512 KiB") {
		t.Fatalf("the user is not told what was cut: %.300q … %.300q", shown, shown[max(0, len(shown)-300):])
	}
	if len(shown) > 600<<10 {
		t.Fatalf("%d bytes of text streamed to the user", len(shown))
	}

	reqs := fake.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	// The round trip after the refused call re-sends the refusal, not the input.
	if r := toolResult(t, reqs[2], "toolu_big"); !strings.Contains(r, "Not run: the input of this Edit call was 40.0 MiB") {
		t.Fatalf("the model was not told: %q", r)
	}
	c.send(map[string]any{"type": "message", "content": "again"})
	if got := c.turn(); text(got) != "Still here." {
		t.Fatalf("next turn: %v", got)
	}
	for i, r := range fake.Requests()[2:] {
		if n := len(r.Raw); n > 1<<20 {
			t.Fatalf("request %d re-sends %d bytes", i+2, n)
		}
	}

	// Nothing stored is past a bound.
	ses, err := e.store.ActiveSession(context.Background(), "big")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := e.store.Messages(context.Background(), ses.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		for _, b := range m.Content {
			if len(b.Text) > 512<<10 || len(b.Input) > 1<<20 {
				t.Fatalf("a stored %s block holds %d+%d bytes", b.Type, len(b.Text), len(b.Input))
			}
			if b.Type == chat.BlockToolUse && b.ID == "toolu_big" && string(b.Input) != "{}" {
				t.Fatalf("the refused call keeps its input: %.100s", b.Input)
			}
		}
	}
	res, err := http.Get(e.srv.URL + "/api/spec/transcript/big")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || len(body) > 1<<20 {
		t.Fatalf("transcript: %d, %d bytes", res.StatusCode, len(body))
	}
}
