package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm/guided"
	"github.com/specwright/specwright/internal/session"
	"github.com/specwright/specwright/internal/store/sqlite"
)

// BenchmarkResume500 measures what a version 2 client waits for when it
// resumes a 500-event session from seq 0: the request, the replay of every
// event over a real WebSocket, and "resumed" (issue 13: under 20 ms).
func BenchmarkResume500(b *testing.B) {
	dir := b.TempDir()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "specwright.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	store.EnsureProject(ctx, "long")
	ses, err := store.StartSession(ctx, chat.Session{Project: "long"})
	if err != nil {
		b.Fatal(err)
	}
	var evs []chat.Event
	for i := range 500 {
		if i%2 == 0 {
			evs = append(evs, chat.Event{Type: chat.EventUser, Content: fmt.Sprintf("answer %d", i)})
		} else {
			evs = append(evs, chat.Event{Type: chat.EventText, Content: strings.Repeat("A reply of some length. ", 20)})
		}
	}
	if _, err := store.Append(ctx, ses.ID, nil, evs); err != nil {
		b.Fatal(err)
	}
	svc := session.New(session.Config{Store: store, Provider: guided.New(), ProjectsDir: filepath.Join(dir, "projects")})
	defer svc.Close()
	srv := httptest.NewServer(httpapi.NewServer(httpapi.Config{Sessions: svc, QueueLen: 1024,
		// One client resumes back to back here: past the default of 10
		// messages a second the server would (rightly) refuse.
		MessageRate: 1e6, MessageBurst: 1e6}))
	defer srv.Close()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/api/spec/ws/long?v=2", nil)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.CloseNow()
	conn.SetReadLimit(1 << 20)
	for b.Loop() {
		if err := conn.Write(ctx, websocket.MessageText, []byte(`{"type":"resume","after_seq":0}`)); err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, data, err := conn.Read(ctx)
			if err != nil {
				b.Fatal(err)
			}
			var m struct{ Type, Content string }
			json.Unmarshal(data, &m)
			if m.Type == "resumed" {
				break
			}
			if m.Type == "error" {
				b.Fatalf("resume refused: %s", m.Content)
			}
			n++
		}
		if n != 500 {
			b.Fatalf("replayed %d events, want 500", n)
		}
	}
}
