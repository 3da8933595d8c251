package httpapi_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/llm/llmtest"
)

// A full disk reaches the user as what it is, with the reassurance that
// nothing stored was lost, not as "Internal error"; and a store that
// fails is never reported as missing data.
func TestStoreFailuresSayWhatHappened(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Text("Hi.")))
	e := newEnv(t, claude(fake))
	c := e.dial("full")
	c.send(map[string]any{"type": "start"})
	c.turn()

	ctx := context.Background()
	var pages int
	if err := e.store.DB().QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	// Every write goes through one connection, which carries the cap.
	if err := e.store.ExecOnWriter(ctx, "PRAGMA max_page_count = "+strconv.Itoa(pages)); err != nil {
		t.Fatal(err)
	}
	c.send(map[string]any{"type": "message", "content": strings.Repeat("a long message ", 10000)})
	m := c.next()
	if m.typ() != "error" || !strings.Contains(m.str("content"), "the disk is full") || !strings.Contains(m.str("content"), "Nothing already stored was lost") {
		t.Fatalf("got %v", m)
	}
	var d map[string]any
	if code := e.do("GET", "/api/spec/transcript/full", &d); code != 200 {
		t.Fatalf("reading still works: %d %v", code, d)
	}

	// A store that cannot answer is a fault of the server, never a 404.
	e.store.Close()
	for _, path := range []string{"/api/spec/transcript/full", "/api/spec/status/full", "/api/projects/full/spec", "/api/spec/sessions/full"} {
		if code := e.do("GET", path, &d); code != 500 {
			t.Errorf("%s with a broken store: %d %v", path, code, d)
		}
	}
}
