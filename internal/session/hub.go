package session

import "sync"

// Subscriber receives the encoded events of a project. Deliver must not
// block: a subscriber that cannot keep up drops itself.
type Subscriber interface {
	Deliver(frame []byte)
}

// hub fans events out to the subscribers of each project.
type hub struct {
	mu   sync.RWMutex
	subs map[string]map[Subscriber]struct{}
}

func newHub() *hub { return &hub{subs: make(map[string]map[Subscriber]struct{})} }

func (h *hub) subscribe(project string, s Subscriber) (unsubscribe func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	set := h.subs[project]
	if set == nil {
		set = make(map[Subscriber]struct{})
		h.subs[project] = set
	}
	set[s] = struct{}{}
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.subs[project], s)
		if len(h.subs[project]) == 0 {
			delete(h.subs, project)
		}
	}
}

// publish hands one encoded frame to every subscriber of project: the
// frame is encoded once, however many sockets watch.
func (h *hub) publish(project string, frame []byte) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for s := range h.subs[project] {
		s.Deliver(frame)
	}
}
