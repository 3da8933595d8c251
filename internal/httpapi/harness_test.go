package httpapi_test

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/session"
	"github.com/specwright/specwright/internal/store/sqlite"
)

// env is a real server on a loopback port: real store, real session
// engine, the provider under test.
type env struct {
	t       *testing.T
	srv     *httptest.Server
	svc     *session.Service
	store   *sqlite.Store
	dataDir string
	// closeSockets tells every socket the server is going away.
	closeSockets context.CancelFunc
	stopOnce     sync.Once
}

func newEnv(t *testing.T, p llm.Provider) *env {
	t.Helper()
	return startEnv(t, p, t.TempDir())
}

func startEnv(t *testing.T, p llm.Provider, dataDir string) *env {
	return startEnvWith(t, p, dataDir, nil)
}

// startAgentEnv runs the server with an agent provider.
func startAgentEnv(t *testing.T, a llm.Agent, dataDir string) *env {
	return startEnvWith(t, nil, dataDir, func(s *session.Config, _ *httpapi.Config) { s.Agent = a })
}

// startEnvWith lets a test change the settings before the server starts.
func startEnvWith(t *testing.T, p llm.Provider, dataDir string, configure func(*session.Config, *httpapi.Config)) *env {
	t.Helper()
	store, err := sqlite.Open(context.Background(), filepath.Join(dataDir, "specwright.db"))
	if err != nil {
		t.Fatal(err)
	}
	base, closeSockets := context.WithCancel(context.Background())
	scfg := session.Config{Store: store, Provider: p, ProjectsDir: filepath.Join(dataDir, "projects")}
	hcfg := httpapi.Config{Base: base}
	if configure != nil {
		configure(&scfg, &hcfg)
	}
	svc := session.New(scfg)
	hcfg.Sessions = svc
	srv := httptest.NewServer(httpapi.NewServer(hcfg))
	e := &env{t: t, srv: srv, svc: svc, store: store, dataDir: dataDir, closeSockets: closeSockets}
	t.Cleanup(e.stop)
	return e
}

// stop shuts the server down as the binary does: turns first, then
// sockets, then the store. It is safe to call twice, and concurrently.
func (e *env) stop() {
	e.stopOnce.Do(func() {
		e.svc.Close()
		e.closeSockets()
		e.srv.CloseClientConnections()
		e.srv.Close()
		e.store.Close()
	})
}

func (e *env) projectFile(project, rel string) string {
	return filepath.Join(e.dataDir, "projects", project, filepath.FromSlash(rel))
}

// get does a REST call and decodes the JSON answer.
func (e *env) do(method, path string, out any) int {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		e.t.Fatalf("%s %s: content type %q", method, path, ct)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			e.t.Fatalf("%s %s: decode: %v", method, path, err)
		}
	}
	return resp.StatusCode
}

// msg is a decoded server message.
type msg map[string]any

func (m msg) typ() string { s, _ := m["type"].(string); return s }
func (m msg) str(k string) string {
	s, _ := m[k].(string)
	return s
}

// client is a WebSocket client of one project.
type client struct {
	t    *testing.T
	conn *websocket.Conn
	acks []msg // the user events a version 2 client received
	// wait, when set, replaces the 10 s a read may take.
	wait time.Duration
	// announced is set by a spec_complete whose turn has not ended yet:
	// the complete comes after that turn's final response_done.
	announced bool
}

// dial connects a client of the reference protocol.
func (e *env) dial(project string) *client { return e.dialURL("/api/spec/ws/" + project) }

// dialV2 connects a client of protocol version 2.
func (e *env) dialV2(project string) *client { return e.dialURL("/api/spec/ws/" + project + "?v=2") }

func (e *env) dialURL(path string) *client {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	url := "ws" + strings.TrimPrefix(e.srv.URL, "http") + path
	conn, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		e.t.Fatalf("dial %s: %v", path, err)
	}
	conn.SetReadLimit(16 << 20)
	c := &client{t: e.t, conn: conn}
	e.t.Cleanup(func() { conn.CloseNow() })
	return c
}

func (c *client) send(v any) {
	c.t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendRaw(websocket.MessageText, data)
}

func (c *client) sendRaw(typ websocket.MessageType, data []byte) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.conn.Write(ctx, typ, data); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// next returns the next message, failing the test after 10 s (or
// c.wait).
func (c *client) next() msg {
	c.t.Helper()
	m, err := c.read(cmp.Or(c.wait, 10*time.Second))
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return m
}

func (c *client) read(d time.Duration) (msg, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	typ, data, err := c.conn.Read(ctx)
	if err != nil {
		return nil, err
	}
	if typ != websocket.MessageText {
		return nil, fmt.Errorf("got a binary frame")
	}
	var m msg
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("server sent invalid JSON %q: %v", data, err)
	}
	return m, nil
}

// turn reads the messages that answer one request: up to error, or
// response_done and the complete that follows it when the turn announced
// a spec. A request whose turn asks a question ends with question,
// response_done; complete then follows the response_done of the answer.
// Streamed text is merged into one "text" message per run of text, so
// tests can compare sequences.
func (c *client) turn() []msg {
	c.t.Helper()
	var out []msg
	questioned := false
	for {
		m := c.next()
		if m.typ() == "user" {
			c.acks = append(c.acks, m)
			continue
		}
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
				out = append(out, c.next()) // complete
			}
			return out
		}
	}
}

// asked returns the question a request's turn ended with: its messages
// end with question, response_done.
func asked(got []msg) msg {
	if n := len(got); n >= 2 && got[n-2].typ() == "question" && got[n-1].typ() == "response_done" {
		return got[n-2]
	}
	return nil
}

// expectError reads one message and checks it is the error want.
func (c *client) expectError(want string) {
	c.t.Helper()
	m := c.next()
	if m.typ() != "error" || m.str("content") != want {
		c.t.Fatalf("got %v, want error %q", m, want)
	}
}

// closeStatus waits for the server to close the socket and returns the
// close code.
func (c *client) closeStatus() websocket.StatusCode {
	c.t.Helper()
	for {
		_, err := c.read(5 * time.Second)
		if err == nil {
			continue
		}
		var ce websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code
		}
		c.t.Fatalf("expected a close, got %v", err)
	}
}

func types(ms []msg) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.typ())
	}
	return strings.Join(s, " ")
}

func text(ms []msg) string {
	var s strings.Builder
	for _, m := range ms {
		if m.typ() == "text" {
			s.WriteString(m.str("content"))
		}
	}
	return s.String()
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
