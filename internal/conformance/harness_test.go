package conformance_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/session"
	"github.com/specwright/specwright/internal/spec/spectest"
	"github.com/specwright/specwright/internal/store/sqlite"
)

// server is the real server on a loopback port: store, session engine
// and HTTP API, with the provider under test. It is the harness of
// internal/httpapi's tests, cut down to what this suite needs.
type server struct {
	t       *testing.T
	srv     *httptest.Server
	svc     *session.Service
	store   *sqlite.Store
	dataDir string
	// wait bounds the wait for each message a client reads; 0 means
	// defaultWait.
	wait time.Duration
}

// defaultWait is how long a client waits for the next message before it
// fails the test: ample for a fake on loopback.
const defaultWait = 15 * time.Second

// newServer starts the server with the model of m: its Provider (the
// engine runs the tool loop) or its Agent (the agent runs its own). The
// other fields of m are the suite's.
func newServer(t *testing.T, m session.Config) *server {
	t.Helper()
	dir := t.TempDir()
	store, err := sqlite.Open(context.Background(), filepath.Join(dir, "specwright.db"))
	if err != nil {
		t.Fatal(err)
	}
	svc := session.New(session.Config{Store: store, Provider: m.Provider, Agent: m.Agent, ProjectsDir: filepath.Join(dir, "projects")})
	s := &server{t: t, svc: svc, store: store, dataDir: dir}
	s.srv = httptest.NewServer(httpapi.NewServer(httpapi.Config{Sessions: svc}))
	t.Cleanup(func() {
		// As the binary stops: turns, then sockets, then the store.
		svc.Close()
		s.srv.CloseClientConnections()
		s.srv.Close()
		store.Close()
	})
	return s
}

func (s *server) file(project, rel string) string {
	s.t.Helper()
	b, err := os.ReadFile(filepath.Join(s.dataDir, "projects", project, filepath.FromSlash(rel)))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(b)
}

// getJSON does a GET and decodes the JSON answer.
func (s *server) getJSON(path string, out any) {
	s.t.Helper()
	res, err := http.Get(s.srv.URL + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		s.t.Fatalf("GET %s: %v", path, err)
	}
}

// msg is a decoded server message.
type msg map[string]any

func (m msg) typ() string         { return m.str("type") }
func (m msg) str(k string) string { s, _ := m[k].(string); return s }

// client is a WebSocket client of one project.
type client struct {
	t    *testing.T
	conn *websocket.Conn
	wait time.Duration
	// announced is set by a spec_complete whose turn has not ended yet.
	announced bool
}

func (s *server) dial(project string) *client {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.srv.URL, "http")+"/api/spec/ws/"+project, nil)
	if err != nil {
		s.t.Fatalf("dial %s: %v", project, err)
	}
	conn.SetReadLimit(16 << 20)
	s.t.Cleanup(func() { conn.CloseNow() })
	wait := s.wait
	if wait == 0 {
		wait = defaultWait
	}
	return &client{t: s.t, conn: conn, wait: wait}
}

func (c *client) send(v any) {
	c.t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.conn.Write(ctx, websocket.MessageText, data); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// next returns the next message, failing the test after the server's
// wait.
func (c *client) next() msg {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), c.wait)
	defer cancel()
	typ, data, err := c.conn.Read(ctx)
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	if typ != websocket.MessageText {
		c.t.Fatal("got a binary frame")
	}
	var m msg
	if err := json.Unmarshal(data, &m); err != nil {
		c.t.Fatalf("server sent invalid JSON %q: %v", data, err)
	}
	return m
}

// turn reads the messages that answer one request: up to error, or
// response_done and the complete that follows it when the turn announced
// a spec (a request whose turn asks a question ends with question,
// response_done, and complete waits for the answer's response_done),
// merging each run of streamed text into one text message.
func (c *client) turn() []msg {
	c.t.Helper()
	var out []msg
	questioned := false
	for {
		m := c.next()
		if m.typ() == "text" && len(out) > 0 && out[len(out)-1].typ() == "text" {
			out[len(out)-1]["content"] = out[len(out)-1].str("content") + m.str("content")
		} else {
			out = append(out, m)
		}
		switch m.typ() {
		case "spec_complete":
			c.announced = true
		case "question":
			questioned = true
		case "error":
			c.announced = false
			return out
		case "response_done":
			if c.announced && !questioned {
				c.announced = false
				return append(out, c.next()) // complete follows
			}
			return out
		}
	}
}

func types(ms []msg) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = m.typ()
	}
	return strings.Join(s, " ")
}

func text(ms []msg) string {
	var b strings.Builder
	for _, m := range ms {
		if m.typ() == "text" {
			b.WriteString(m.str("content"))
		}
	}
	return b.String()
}

// goodSpec returns a valid pair of spec files (30 features).
func goodSpec(t *testing.T) (appSpec, initializer string) { return spectest.Good(t) }

// pick answers a structured question as a hurried user: the affirmative
// option when there is one, else the first (the first two when several
// may be chosen).
func pick(q map[string]any) any {
	opts, _ := q["options"].([]any)
	var labels []string
	for _, o := range opts {
		labels = append(labels, o.(map[string]any)["label"].(string))
	}
	for _, l := range labels {
		low := strings.ToLower(l)
		if strings.HasPrefix(low, "yes") || strings.Contains(low, "generate") || strings.Contains(low, "looks right") {
			return l
		}
	}
	if q["multiSelect"] == true && len(labels) > 1 {
		return labels[:2]
	}
	return labels[0]
}

func answers(question msg) map[string]any {
	a := map[string]any{}
	for i, q := range question["questions"].([]any) {
		a[fmt.Sprint(i)] = pick(q.(map[string]any))
	}
	return a
}
