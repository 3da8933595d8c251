package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/llmtest"
)

// gated streams "Hello " then waits for the test to open the gate (or the
// turn to be stopped) before streaming "world". It exists to hold a turn
// in the middle of a text block; the wire format is not under test here.
type gated struct {
	started chan struct{}
	gate    chan struct{}
}

func newGated() *gated { return &gated{started: make(chan struct{}, 10), gate: make(chan struct{})} }

func (g *gated) Name() string  { return "gated" }
func (g *gated) Model() string { return "" }
func (g *gated) Stream(ctx context.Context, req llm.Request, onText func(string)) (llm.Reply, error) {
	if len(req.Messages) == 1 { // the greeting
		onText("Hi.")
		return llm.Reply{Content: []chat.Block{chat.TextBlock("Hi.")}, StopReason: llm.StopEndTurn}, nil
	}
	onText("Hello ")
	g.started <- struct{}{}
	select {
	case <-g.gate:
	case <-ctx.Done():
		return llm.Reply{}, ctx.Err()
	}
	onText("world")
	return llm.Reply{Content: []chat.Block{chat.TextBlock("Hello world")}, StopReason: llm.StopEndTurn}, nil
}

func TestVersion1SeesOnlyReferenceMessages(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Text("Hi."), llmtest.Text("Sure.")))
	e := newEnv(t, claude(fake))
	v1, v2 := e.dial("both"), e.dialV2("both")
	v1.send(map[string]any{"type": "start"})
	for _, c := range []*client{v1, v2} {
		c.turn()
	}
	v1.send(map[string]any{"type": "message", "content": "hello"})
	one, two := v1.turn(), v2.turn()
	for _, m := range one {
		if _, has := m["seq"]; has {
			t.Fatalf("a version 1 client got a seq: %v", m)
		}
	}
	if len(v1.acks) != 0 {
		t.Fatalf("a version 1 client got user events: %v", v1.acks)
	}
	if len(v2.acks) != 1 || v2.acks[0].str("content") != "hello" || v2.acks[0]["seq"] != float64(3) {
		t.Fatalf("version 2 acks = %v", v2.acks)
	}
	if last := two[len(two)-1]; last.typ() != "response_done" || last["seq"] != float64(5) {
		t.Fatalf("version 2 response_done = %v", last)
	}
	if _, has := two[0]["seq"]; has {
		t.Fatalf("streamed text is not stored as such and has no seq: %v", two[0])
	}
}

// A client that comes back in the middle of a text block gets what it
// missed exactly once: stored events, the block so far, then live.
func TestResumeMidBlockIsExactlyOnce(t *testing.T) {
	g := newGated()
	e := newEnv(t, g)
	a := e.dialV2("resume")
	a.send(map[string]any{"type": "start"})
	a.turn() // seq 1 text "Hi.", seq 2 response_done
	a.send(map[string]any{"type": "message", "content": "go"})
	<-g.started // "Hello " has streamed; the block is not stored yet

	b := e.dialV2("resume")
	b.send(map[string]any{"type": "resume", "after_seq": 1})
	var got []msg
	for {
		m := b.next()
		got = append(got, m)
		if m.typ() == "resumed" {
			break
		}
	}
	if types(got) != "response_done user text resumed" || got[2].str("content") != "Hello " {
		t.Fatalf("replay = %v", got)
	}
	r := got[3]
	if r["last_seq"] != float64(3) || r["running"] != true || r["session_id"] == nil {
		t.Fatalf("resumed = %v", r)
	}
	close(g.gate)
	rest := b.turn()
	if types(rest) != "text response_done" || rest[0].str("content") != "world" {
		t.Fatalf("live after the replay = %v", rest)
	}

	// A fresh page replays everything; an unknown session id restarts the
	// replay from the beginning of the latest session.
	c := e.dialV2("resume")
	c.send(map[string]any{"type": "resume", "after_seq": 3, "session_id": 999})
	var all []string
	for {
		m := c.next()
		if m.typ() == "resumed" {
			break
		}
		all = append(all, m.typ()+":"+m.str("content"))
	}
	want := "text:Hi. response_done: user:go text:Hello world response_done:"
	if strings.Join(all, " ") != want {
		t.Fatalf("full replay = %s", strings.Join(all, " "))
	}
	c.send(map[string]any{"type": "resume", "after_seq": -1})
	c.expectError("Invalid resume: after_seq must be a non-negative integer")
}

func TestInterruptStoresWhatWasProduced(t *testing.T) {
	g := newGated()
	e := newEnv(t, g)
	c := e.dialV2("stop")
	c.send(map[string]any{"type": "interrupt"})
	c.expectError("Nothing to interrupt")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "go"})
	<-g.started
	c.send(map[string]any{"type": "interrupt"})
	got := c.turn()
	last := got[len(got)-1]
	if last.typ() != "response_done" || last["interrupted"] != true {
		t.Fatalf("interrupted turn = %v", got)
	}
	var tr struct {
		Events []map[string]any `json:"events"`
	}
	e.do("GET", "/api/spec/transcript/stop", &tr)
	n := len(tr.Events)
	if n < 2 || tr.Events[n-2]["content"] != "Hello " || tr.Events[n-1]["interrupted"] != true {
		t.Fatalf("transcript = %v", tr.Events)
	}
	// The session goes on.
	c.send(map[string]any{"type": "message", "content": "again"})
	<-g.started
	close(g.gate)
	if got := c.turn(); text(got) != "Hello world" {
		t.Fatalf("after the interrupt: %v", got)
	}
}
