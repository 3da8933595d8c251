package httpapi

import (
	"context"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/specwright/specwright/internal/llm/guided"
	"github.com/specwright/specwright/internal/session"
	"github.com/specwright/specwright/internal/store/sqlite"
)

// FuzzFrame feeds arbitrary client frames to the frame handler of a real
// server (real store, guided provider). Whatever arrives, the handler must
// not panic, and every reply must be a JSON object with a type.
func FuzzFrame(f *testing.F) {
	for _, seed := range []string{
		`{"type":"ping"}`, `{"type":"start"}`, `{"type":"message","content":"hi"}`,
		`{"type":"message","content":"x","attachments":[{"filename":"a.png","mimeType":"image/png","base64Data":"iVBORw0KGgo="}]}`,
		`{"type":"answer","answers":{"0":"Quick","1":["a","b"]},"tool_id":"guided_mode_1"}`,
		`{"type":"resume","after_seq":0}`, `{"type":"resume","after_seq":1e99,"session_id":-1}`, `{"type":"interrupt"}`,
		`{not json`, `[]`, `null`, `"start"`, `{"type":null}`, `{"type":{"a":1}}`, `{"type":"message","content":["x"]}`,
		`{"type":"answer","answers":{"-1":"x"}}`, `{"type":"answer","answers":{"0":[1,2]}}`, "{\"type\":\"message\",\"content\":\"\u0000\"}",
	} {
		f.Add([]byte(seed))
	}
	dir := f.TempDir()
	store, err := sqlite.Open(context.Background(), filepath.Join(dir, "specwright.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { store.Close() })
	svc := session.New(session.Config{Store: store, Provider: guided.New(), ProjectsDir: filepath.Join(dir, "projects")})
	f.Cleanup(svc.Close)
	s := &server{cfg: Config{}, svc: svc, log: discard()}

	f.Fuzz(func(t *testing.T, frame []byte) {
		c := &socket{v2: true, out: make(chan []byte, 1<<12), cancel: func() {}}
		s.handleFrame(context.Background(), c, "fuzz", frame)
		for len(c.out) > 0 {
			var m map[string]any
			reply := <-c.out
			if err := json.Unmarshal(reply, &m); err != nil || m["type"] == nil {
				t.Fatalf("frame %q got reply %q", frame, reply)
			}
		}
	})
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }
