package session

import (
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/specwright/specwright/internal/chat"
)

// Frames is one event encoded for each protocol version, so that it is
// encoded once however many sockets watch. V1 is nil for events that only
// version 2 clients receive.
type Frames struct {
	V1, V2 []byte
	Seq    int64 // the event's position in the transcript; 0 if not stored
}

// Subscriber receives the events of a project. Deliver must not block: a
// subscriber that cannot keep up drops itself.
type Subscriber interface {
	Deliver(f Frames)
}

// hub fans events out to the subscribers of each project. Each project
// has a room with its own lock, so busy projects do not slow each other.
type hub struct {
	subs atomic.Int64 // subscribers across all rooms
	// mu is read-locked for every streamed chunk (lookup) and
	// write-locked only when a room comes or goes.
	mu    sync.RWMutex
	rooms map[string]*room
}

// room is one project's subscribers and the text block streaming now.
type room struct {
	mu      sync.Mutex
	subs    map[Subscriber]struct{}
	partial strings.Builder // text of the block being streamed, not yet stored
	users   int             // holders: subscribers plus running turns
	// began is when the running turn started; streamed is set by its
	// first chunk (for the time-to-first-chunk metric).
	began    time.Time
	streamed bool
}

func newHub() *hub { return &hub{rooms: make(map[string]*room)} }

// acquire returns the project's room, creating it; release drops it when
// no one holds it.
func (h *hub) acquire(project string) *room {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.rooms[project]
	if r == nil {
		r = &room{subs: make(map[Subscriber]struct{})}
		h.rooms[project] = r
	}
	r.users++
	return r
}

func (h *hub) release(project string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r := h.rooms[project]; r != nil {
		r.users--
		if r.users <= 0 {
			delete(h.rooms, project)
		}
	}
}

// lookup returns the project's room if anyone holds it.
func (h *hub) lookup(project string) *room {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.rooms[project]
}

func (h *hub) subscribe(project string, s Subscriber) (unsubscribe func()) {
	r := h.acquire(project)
	r.mu.Lock()
	r.subs[s] = struct{}{}
	r.mu.Unlock()
	h.subs.Add(1)
	var once sync.Once
	return func() {
		once.Do(func() {
			h.subs.Add(-1)
			r.mu.Lock()
			delete(r.subs, s)
			r.mu.Unlock()
			h.release(project)
		})
	}
}

func (h *hub) subscribers() int { return int(h.subs.Load()) }

// publish hands f to every subscriber of project.
func (h *hub) publish(project string, f Frames) {
	r := h.lookup(project)
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.deliver(f)
}

func (r *room) deliver(f Frames) {
	for s := range r.subs {
		s.Deliver(f)
	}
}

// encode renders ev for both protocol versions.
func encode(ev chat.Event) (Frames, error) {
	v2, err := json.Marshal(ev)
	if err != nil {
		return Frames{}, err
	}
	f := Frames{V2: v2, Seq: ev.Seq}
	if ev.Type.V2Only() {
		return f, nil
	}
	if ev.Seq == 0 {
		f.V1 = v2
		return f, nil
	}
	ev.Seq = 0
	f.V1, err = json.Marshal(ev)
	return f, err
}
