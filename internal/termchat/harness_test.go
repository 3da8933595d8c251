package termchat

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/anthropic"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/secret"
	"github.com/specwright/specwright/internal/session"
	"github.com/specwright/specwright/internal/spec"
	"github.com/specwright/specwright/internal/spec/spectest"
	"github.com/specwright/specwright/internal/store/sqlite"
)

// testServer is the real server (store, session engine, HTTP API) on a
// loopback port, which it keeps across a restart so that the client
// finds it again.
type testServer struct {
	t        *testing.T
	provider llm.Provider
	dataDir  string
	addr     string

	mu   sync.Mutex
	stop func()
}

func startTestServer(t *testing.T, p llm.Provider) *testServer {
	t.Helper()
	s := &testServer{t: t, provider: p, dataDir: t.TempDir(), addr: "127.0.0.1:0"}
	s.start()
	t.Cleanup(s.shutdown)
	return s
}

func (s *testServer) URL() string { return "http://" + s.addr }

func (s *testServer) server() Server { return Server{URL: s.URL()} }

func (s *testServer) start() {
	s.t.Helper()
	store, err := sqlite.Open(context.Background(), filepath.Join(s.dataDir, "specwright.db"))
	if err != nil {
		s.t.Fatal(err)
	}
	svc := session.New(session.Config{Store: store, Provider: s.provider, ProjectsDir: filepath.Join(s.dataDir, "projects")})
	base, closeSockets := context.WithCancel(context.Background())
	var ln net.Listener
	for range 50 { // the port of the last run may take a moment to free
		if ln, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	srv := &http.Server{Handler: httpapi.NewServer(httpapi.Config{Sessions: svc, Base: base})}
	go srv.Serve(ln)
	s.mu.Lock()
	s.stop = func() {
		// As the binary stops: turns, then sockets, then the store.
		svc.Close()
		closeSockets()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		store.Close()
	}
	s.mu.Unlock()
}

func (s *testServer) shutdown() {
	s.mu.Lock()
	stop := s.stop
	s.stop = nil
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
}

// restart stops the server and starts it again on the same port and
// data.
func (s *testServer) restart() {
	s.shutdown()
	s.start()
}

func (s *testServer) file(project, rel string) []byte {
	s.t.Helper()
	b, err := os.ReadFile(filepath.Join(s.dataDir, "projects", project, filepath.FromSlash(rel)))
	if err != nil {
		s.t.Fatal(err)
	}
	return b
}

// checkSpec fails unless the project's files on disk pass validation.
func (s *testServer) checkSpec(project string) spec.Report {
	s.t.Helper()
	r := spec.Check(s.file(project, "prompts/app_spec.txt"), s.file(project, "prompts/initializer_prompt.md"))
	if !r.OK() {
		s.t.Fatalf("the spec on disk fails validation: %+v", r.Problems)
	}
	return r
}

// anthropicFake is the Anthropic provider pointed at the fake Messages
// API, not retrying, so that each scripted answer is one request.
func anthropicFake(t *testing.T, h llmtest.Handler) (llm.Provider, *llmtest.Anthropic) {
	fake := llmtest.NewAnthropic(t, h)
	p := anthropic.New(anthropic.Config{APIKey: secret.New("sk-ant-termchat-test"), BaseURL: fake.URL, Model: "claude-test", MaxRetries: -1, StallTimeout: time.Minute})
	return p, fake
}

// goodSpec is a valid pair of spec files (30 features).
func goodSpec(t *testing.T) (appSpec, initializer string) { return spectest.Good(t) }

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
