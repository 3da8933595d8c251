package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/specwright/specwright/internal/llm/guided"
)

func TestWebSocketRefusesInvalidProjectNames(t *testing.T) {
	e := newEnv(t, guided.New())
	for _, name := range []string{"bad%20name", "a.b", "NUL", "con", "Com1", "lpt9", strings.Repeat("x", 51), "%2e%2e", "a%0A"} {
		t.Run(name, func(t *testing.T) {
			c := e.dial(name)
			c.expectError("Invalid project name")
			if code := c.closeStatus(); code != 4000 {
				t.Fatalf("close code %d, want 4000", code)
			}
		})
	}
}

func TestWebSocketRefusesNameDifferingOnlyByCase(t *testing.T) {
	e := newEnv(t, guided.New())
	c := e.dial("MyApp")
	c.send(map[string]any{"type": "start"})
	if got := types(c.turn()); !strings.HasSuffix(got, "response_done") {
		t.Fatalf("start: %s", got)
	}
	other := e.dial("myapp")
	m := other.next()
	if m.typ() != "error" || !strings.Contains(m.str("content"), "MyApp") {
		t.Fatalf("got %v", m)
	}
	if code := other.closeStatus(); code != 4000 {
		t.Fatalf("close code %d, want 4000", code)
	}
}

// Bad frames get a clear error and the connection stays usable.
func TestWebSocketBadFramesKeepTheConnection(t *testing.T) {
	e := newEnv(t, guided.New())
	c := e.dial("p1")
	cases := []struct {
		frame string
		want  string
	}{
		{`{not json`, "Invalid JSON"},
		{`[]`, "Invalid message: expected a JSON object"},
		{`"start"`, "Invalid message: expected a JSON object"},
		{`{}`, "Unknown message type: None"},
		{`{"type":null}`, "Unknown message type: None"},
		{`{"type":5}`, "Unknown message type: 5"},
		{`{"type":"dance"}`, "Unknown message type: dance"},
		{`{"type":"message","content":"hi"}`, "No active session. Send 'start' first."},
		{`{"type":"answer","answers":{"0":"x"}}`, "No active session"},
	}
	for _, tc := range cases {
		c.sendRaw(websocket.MessageText, []byte(tc.frame))
		c.expectError(tc.want)
	}
	c.sendRaw(websocket.MessageBinary, []byte{0, 1, 2})
	if m := c.next(); m.typ() != "error" {
		t.Fatalf("binary frame: got %v", m)
	}
	c.send(map[string]any{"type": "ping"})
	if m := c.next(); m.typ() != "pong" {
		t.Fatalf("ping: got %v", m)
	}

	c.send(map[string]any{"type": "start"})
	c.turn()
	for _, tc := range []struct{ frame, want string }{
		{`{"type":"message","content":"   "}`, "Empty message"},
		{`{"type":"message"}`, "Empty message"},
		{`{"type":"message","content":42}`, "Invalid message: content must be a string"},
		{`{"type":"message","content":"x","attachments":"no"}`, "Invalid message: attachments must be a list of {filename, mimeType, base64Data}"},
		{`{"type":"message","content":"x","attachments":[{"filename":"a.gif","mimeType":"image/gif","base64Data":"AAAA"}]}`, "Invalid attachment 1: only images (image/jpeg, image/png) and documents (.md, .txt, .csv, .docx, .xlsx, .pptx, .pdf) are accepted"},
		{`{"type":"message","content":"x","attachments":[{"filename":"a.png","mimeType":"image/png","base64Data":"%%%"}]}`, "Invalid attachment 1: the data is not valid base64"},
		{`{"type":"answer","answers":[1,2]}`, "Invalid answer: answers must be an object keyed by question index"},
		{`{"type":"answer","answers":{"zero":"x"}}`, `Invalid answer: "zero" is not a question index`},
		{`{"type":"answer","answers":{"0":{"a":1}}}`, "Invalid answer: the answer to question 0 must be a string or a list of strings"},
		{`{"type":"answer","answers":{"0":"x"},"tool_id":7}`, "Invalid answer: tool_id must be a string"},
	} {
		c.sendRaw(websocket.MessageText, []byte(tc.frame))
		c.expectError(tc.want)
	}
}

func TestRESTRoutes(t *testing.T) {
	e := newEnv(t, guided.New())
	var names []string
	if code := e.do("GET", "/api/spec/sessions", &names); code != 200 || len(names) != 0 {
		t.Fatalf("sessions: %d %v", code, names)
	}
	var d map[string]any
	if code := e.do("GET", "/api/spec/sessions/bad.name", &d); code != 400 || d["detail"] != "Invalid project name" {
		t.Fatalf("invalid: %d %v", code, d)
	}
	if code := e.do("GET", "/api/spec/sessions/nobody", &d); code != 404 || d["detail"] != "No active session for this project" {
		t.Fatalf("missing: %d %v", code, d)
	}
	if code := e.do("DELETE", "/api/spec/sessions/nobody", &d); code != 404 || d["detail"] != "No active session for this project" {
		t.Fatalf("delete missing: %d %v", code, d)
	}
	if code := e.do("GET", "/api/spec/status/nobody", &d); code != 404 || d["detail"] != "Project not found" {
		t.Fatalf("status missing: %d %v", code, d)
	}
	if code := e.do("GET", "/api/spec/status/NUL", &d); code != 400 {
		t.Fatalf("status invalid: %d %v", code, d)
	}

	c := e.dial("alpha")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "A recipe box for families."})
	if got := c.turn(); asked(got) == nil {
		t.Fatalf("the guided interview should ask how involved the user wants to be: %s", types(got))
	}

	if code := e.do("GET", "/api/spec/sessions", &names); code != 200 || len(names) != 1 || names[0] != "alpha" {
		t.Fatalf("sessions: %d %v", code, names)
	}
	var info struct {
		ProjectName  string `json:"project_name"`
		IsActive     bool   `json:"is_active"`
		IsComplete   bool   `json:"is_complete"`
		MessageCount int    `json:"message_count"`
	}
	if code := e.do("GET", "/api/spec/sessions/alpha", &info); code != 200 {
		t.Fatalf("session: %d", code)
	}
	// greeting + user message + the reply's text block(s): at least 3.
	if info.ProjectName != "alpha" || !info.IsActive || info.IsComplete || info.MessageCount < 3 {
		t.Fatalf("session info %+v", info)
	}
	var st map[string]any
	if code := e.do("GET", "/api/spec/status/alpha", &st); code != 200 || st["status"] != "in_progress" || st["exists"] != true || st["feature_count"] != nil {
		t.Fatalf("status: %d %v", code, st)
	}
	watcher := e.dialV2("alpha")
	var del map[string]any
	if code := e.do("DELETE", "/api/spec/sessions/alpha", &del); code != 200 || del["success"] != true || del["message"] != "Session cancelled" {
		t.Fatalf("delete: %d %v", code, del)
	}
	if code := e.do("GET", "/api/spec/sessions/alpha", &d); code != http.StatusNotFound {
		t.Fatalf("after delete: %d", code)
	}
	// The turn that waited on the question ends: a version 2 socket is
	// told, while a reference client, whose request was already answered
	// with question, response_done, gets nothing it did not ask for.
	watcher.expectError("The session was cancelled")
	c.send(map[string]any{"type": "message", "content": "still there?"})
	c.expectError("No active session. Send 'start' first.")
}
