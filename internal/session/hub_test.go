package session

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/specwright/specwright/internal/chat"
)

type countingSub struct{ n atomic.Int64 }

func (c *countingSub) Deliver(f Frames) { c.n.Add(int64(len(f.V1))) }

func TestEncodeKeepsVersion1Reference(t *testing.T) {
	f, err := encode(chat.Event{Seq: 7, Type: chat.EventResponseDone})
	if err != nil {
		t.Fatal(err)
	}
	if string(f.V1) != `{"type":"response_done"}` || string(f.V2) != `{"seq":7,"type":"response_done"}` || f.Seq != 7 {
		t.Fatalf("v1 %s, v2 %s", f.V1, f.V2)
	}
	f, _ = encode(chat.Event{Seq: 3, Type: chat.EventUser, Content: "hi"})
	if f.V1 != nil {
		t.Fatalf("a user event reached version 1: %s", f.V1)
	}
	f, _ = encode(chat.Event{Type: chat.EventText, Content: ""})
	if string(f.V1) != `{"type":"text","content":""}` {
		t.Fatalf("text without content: %s", f.V1)
	}
}

func TestRoomsComeAndGo(t *testing.T) {
	h := newHub()
	a, b := &countingSub{}, &countingSub{}
	ua := h.subscribe("p", a)
	ub := h.subscribe("p", b)
	h.publish("p", Frames{V1: []byte("xy")})
	h.publish("other", Frames{V1: []byte("zzz")})
	ua()
	ua() // twice is harmless
	h.publish("p", Frames{V1: []byte("x")})
	if a.n.Load() != 2 || b.n.Load() != 3 {
		t.Fatalf("a got %d bytes, b %d", a.n.Load(), b.n.Load())
	}
	ub()
	if len(h.rooms) != 0 {
		t.Fatalf("rooms left behind: %v", h.rooms)
	}
}

// BenchmarkStreamChunk measures what one streamed chunk costs the server
// for a project watched by N sockets: one encoding, then one hand-off per
// socket, and no store access.
func BenchmarkStreamChunk(b *testing.B) {
	for _, n := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("sockets=%d", n), func(b *testing.B) {
			s := &Service{hub: newHub()}
			for i := 0; i < n; i++ {
				defer s.hub.subscribe("p", &countingSub{})()
			}
			b.ReportAllocs()
			for b.Loop() {
				s.stream("p", "a chunk of streamed text ")
				if r := s.hub.lookup("p"); r.partial.Len() > 1<<20 {
					r.partial.Reset()
				}
			}
		})
	}
}
