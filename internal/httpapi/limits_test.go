package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm/guided"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/session"
)

func TestSocketsPerProjectAreCapped(t *testing.T) {
	e := startEnvWith(t, guided.New(), t.TempDir(), func(_ *session.Config, h *httpapi.Config) {
		h.MaxSocketsPerProject = 2
	})
	a, b := e.dial("capped"), e.dial("capped")
	c := e.dial("capped")
	c.expectError("Too many connections to this project (at most 2); close another tab and try again")
	if code := c.closeStatus(); code != websocket.StatusTryAgainLater {
		t.Fatalf("close code %d, want 1013", code)
	}
	e.dial("other").send(map[string]any{"type": "ping"}) // other projects are not affected
	b.conn.Close(websocket.StatusNormalClosure, "")
	time.Sleep(50 * time.Millisecond)
	d := e.dial("capped") // a place is free again
	d.send(map[string]any{"type": "ping"})
	if m := d.next(); m.typ() != "pong" {
		t.Fatalf("got %v", m)
	}
	a.send(map[string]any{"type": "ping"})
	if m := a.next(); m.typ() != "pong" {
		t.Fatalf("got %v", m)
	}
}

func TestFloodingIsThrottledThenCut(t *testing.T) {
	e := startEnvWith(t, guided.New(), t.TempDir(), func(_ *session.Config, h *httpapi.Config) {
		h.MessageRate, h.MessageBurst = 1, 3
	})
	c := e.dial("flood")
	for i := 0; i < 5; i++ {
		c.send(map[string]any{"type": "ping"})
	}
	var pongs, refusals int
	for i := 0; i < 5; i++ {
		m := c.next()
		switch {
		case m.typ() == "pong":
			pongs++
		case m.typ() == "error" && strings.HasPrefix(m.str("content"), "Too many messages"):
			refusals++
		}
	}
	if pongs != 3 || refusals != 2 {
		t.Fatalf("pongs %d, refusals %d; want 3 and 2", pongs, refusals)
	}
	for i := 0; i < 10; i++ {
		data, _ := json.Marshal(map[string]any{"type": "ping"})
		c.conn.Write(t.Context(), websocket.MessageText, data)
	}
	if code := c.closeStatus(); code != websocket.StatusPolicyViolation {
		t.Fatalf("close code %d, want 1008", code)
	}
}

// A peer that stops answering pings is closed, and its place freed.
func TestDeadPeerIsClosed(t *testing.T) {
	e := startEnvWith(t, guided.New(), t.TempDir(), func(_ *session.Config, h *httpapi.Config) {
		h.PingInterval = 50 * time.Millisecond
		h.MaxSocketsPerProject = 1
	})
	e.dial("dead") // never reads, so never answers a ping
	deadline := time.Now().Add(5 * time.Second)
	for {
		c := e.dial("dead")
		c.send(map[string]any{"type": "ping"})
		m, err := c.read(2 * time.Second)
		if err == nil && m.typ() == "pong" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the silent peer was never closed")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Past --max-running a turn waits in the queue: a version 2 client is
// told its place, a version 1 client hears nothing until the turn streams;
// only past the queue is a turn refused, with the reason.
func TestTurnsPastTheLimitWaitThenRun(t *testing.T) {
	g := newGated()
	e := startEnvWith(t, g, t.TempDir(), func(s *session.Config, _ *httpapi.Config) { s.MaxRunning, s.MaxQueued = 1, 1 })
	a, b, b1, c := e.dial("one"), e.dialV2("two"), e.dial("two"), e.dial("three")
	for _, cl := range []*client{a, b, c} {
		cl.send(map[string]any{"type": "start"})
		cl.turn()
	}
	b1.turn() // the greeting of "two"
	a.send(map[string]any{"type": "message", "content": "hold"})
	<-g.started
	b.send(map[string]any{"type": "message", "content": "me too"})
	if m := b.next(); m.typ() != "user" {
		t.Fatalf("got %v, want the user acknowledgement", m)
	}
	if m := b.next(); m.typ() != "queued" || m["position"] != float64(1) {
		t.Fatalf("got %v, want queued at position 1", m)
	}
	c.send(map[string]any{"type": "message", "content": "and me"})
	c.expectError("The server is busy: 1 interviews are answering and 1 are waiting, the most it queues; try again in a moment")
	close(g.gate)
	a.turn()
	if got := b.turn(); got[len(got)-1].typ() != "response_done" {
		t.Fatalf("the queued turn ended with %v", got)
	}
	got := b1.turn()
	if got[0].typ() != "text" || got[len(got)-1].typ() != "response_done" {
		t.Fatalf("the version 1 client of the queued turn got %v", got)
	}
}

func TestToolCallsPerTurnAreCapped(t *testing.T) {
	calls := []llmtest.ToolCall{}
	for i := 0; i < 5; i++ {
		calls = append(calls, llmtest.ToolCall{ID: "g" + string(rune('0'+i)), Name: "Glob", Input: map[string]any{"pattern": "*"}})
	}
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Text("Hi."), llmtest.Tools("", calls...)))
	e := startEnvWith(t, claude(fake), t.TempDir(), func(s *session.Config, _ *httpapi.Config) { s.MaxToolCalls = 3 })
	c := e.dial("loop")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "go"})
	got := c.turn()
	last := got[len(got)-1]
	if last.typ() != "error" || !strings.Contains(last.str("content"), "more than 3 tool calls") {
		t.Fatalf("got %v", got)
	}
	c.send(map[string]any{"type": "ping"}) // the session is still there
	if m := c.next(); m.typ() != "pong" {
		t.Fatalf("got %v", m)
	}
}

// A client that does not read is dropped; the turn goes on and is stored.
func TestSlowClientIsDroppedTurnIsStored(t *testing.T) {
	chunks := make([]string, 400)
	for i := range chunks {
		chunks[i] = "word "
	}
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Text("Hi."), llmtest.Text(chunks...)))
	e := startEnvWith(t, claude(fake), t.TempDir(), func(_ *session.Config, h *httpapi.Config) { h.QueueLen = 4 })
	c := e.dial("slow")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "talk a lot"})
	time.Sleep(300 * time.Millisecond) // do not read while 400 chunks stream
	var tr struct {
		Events []map[string]any `json:"events"`
	}
	e.do("GET", "/api/spec/transcript/slow", &tr)
	n := len(tr.Events)
	if n == 0 || tr.Events[n-1]["type"] != "response_done" || len(str(tr.Events[n-2]["content"])) != 2000 {
		t.Fatalf("transcript = %v", tr.Events)
	}
	for {
		if _, err := c.read(2 * time.Second); err != nil {
			var ce websocket.CloseError
			if !errorsAs(err, &ce) || ce.Code != websocket.StatusPolicyViolation {
				t.Fatalf("want close 1008, got %v", err)
			}
			return
		}
	}
}

// At shutdown a running turn ends with an error that reaches the client,
// and the socket closes with 1001.
func TestShutdownEndsTurnsAndClosesGoingAway(t *testing.T) {
	g := newGated()
	e := newEnv(t, g)
	c := e.dial("bye")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "hold"})
	<-g.started
	go e.stop()
	got := c.turn()
	last := got[len(got)-1]
	if last.typ() != "error" || !strings.Contains(last.str("content"), "shutting down") {
		t.Fatalf("got %v", got)
	}
	if code := c.closeStatus(); code != websocket.StatusGoingAway {
		t.Fatalf("close code %d, want 1001", code)
	}
}
