package session

import (
	"container/list"
	"context"
	"sync"
	"time"

	"github.com/specwright/specwright/internal/chat"
)

// admission bounds the turns running at once. Past the bound a turn waits
// in a first-come, first-served queue rather than being refused; only a
// turn arriving when the queue itself is full is refused. A waiting turn
// holds its stored input and its goroutine-to-be, nothing else: no model
// connection, no transcript.
type admission struct {
	mu       sync.Mutex
	max      int // turns that may run at once
	maxQueue int // turns that may wait
	running  int
	waiting  list.List // of *waiter, oldest first
	// every is how often waiters that moved up hear their new position;
	// announcing is set while a goroutine tells them.
	every      time.Duration
	announcing bool
}

type waiter struct {
	run   func()
	moved func(position int) // may be nil
	told  int                // the position it last heard
	elem  *list.Element
}

// Waiting turns hear their new position at most once per positionEvery,
// the first maxAnnounced of them: telling every waiter of a long queue
// each time one leaves would cost the square of its length.
const (
	positionEvery = time.Second
	maxAnnounced  = 256
)

func newAdmission(maxRunning, maxQueued int) *admission {
	return &admission{max: maxRunning, maxQueue: maxQueued, every: positionEvery}
}

// full reports whether a new turn would be refused: every slot is taken
// and the queue is full.
func (a *admission) full() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.running >= a.max && a.waiting.Len() >= a.maxQueue
}

// enter runs run on a goroutine now if a slot is free, and otherwise
// queues it, returning its position (1 for the next to run); moved, if
// not nil, is told its later positions as it moves up. A queued turn
// whose ctx ends leaves the queue and runs at once, beyond the bound: it
// is already cancelled and only reports so. Each run must call leave when
// it ends.
func (a *admission) enter(ctx context.Context, run func(), moved func(position int)) (position int) {
	a.mu.Lock()
	if a.running < a.max {
		a.running++
		a.mu.Unlock()
		go run()
		return 0
	}
	w := &waiter{run: run, moved: moved}
	w.elem = a.waiting.PushBack(w)
	position = a.waiting.Len()
	w.told = position
	if !a.announcing {
		a.announcing = true
		go a.announce()
	}
	a.mu.Unlock()
	context.AfterFunc(ctx, func() {
		a.mu.Lock()
		queued := w.elem != nil
		if queued {
			a.waiting.Remove(w.elem)
			w.elem = nil
			a.running++
		}
		a.mu.Unlock()
		if queued {
			go run()
		}
	})
	return position
}

// leave frees the slot of a turn that ended and starts the oldest waiting
// turn in it.
func (a *admission) leave() {
	a.mu.Lock()
	a.running--
	var next *waiter
	if a.running < a.max {
		if e := a.waiting.Front(); e != nil {
			next = e.Value.(*waiter)
			a.waiting.Remove(e)
			next.elem = nil
			a.running++
		}
	}
	a.mu.Unlock()
	if next != nil {
		go next.run()
	}
}

// announce tells waiters that moved up their new position, every
// a.every, until the queue is empty.
func (a *admission) announce() {
	type news struct {
		moved    func(int)
		position int
	}
	for {
		time.Sleep(a.every)
		var out []news
		a.mu.Lock()
		if a.waiting.Len() == 0 {
			a.announcing = false
			a.mu.Unlock()
			return
		}
		pos := 0
		for e := a.waiting.Front(); e != nil && pos < maxAnnounced; e = e.Next() {
			pos++
			w := e.Value.(*waiter)
			if pos < w.told && w.moved != nil {
				w.told = pos
				out = append(out, news{w.moved, pos})
			}
		}
		a.mu.Unlock()
		for _, n := range out {
			n.moved(n.position)
		}
	}
}

// counts reports the turns running and waiting.
func (a *admission) counts() (running, waiting int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.running, a.waiting.Len()
}

// busyError is the refusal of a turn when the queue is full.
func (a *admission) busyError() error {
	return chat.Errorf(chat.CodeLimit, "The server is busy: %d interviews are answering and %d are waiting, the most it queues; try again in a moment", a.max, a.maxQueue)
}

// Defaults of Config.MaxRunning and Config.MaxQueued. A running turn
// costs CPU for every chunk it streams; one waiting costs a queue entry.
// See the README for how MaxRunning was sized.
const (
	DefaultMaxRunning = 512
	DefaultMaxQueued  = 16384
)

// startWhenAdmitted runs a turn of project now, or queues it and tells
// the project's version 2 clients where it stands, and again as it moves
// up; version 1 clients hear nothing until the turn streams.
func (s *Service) startWhenAdmitted(ctx context.Context, project string, run func()) {
	queued := time.Now()
	tell := func(pos int) { s.publish(project, chat.Event{Type: chat.EventQueued, Position: pos}) }
	if pos := s.admit.enter(ctx, func() { s.cfg.Metrics.TurnQueued(time.Since(queued)); run() }, tell); pos > 0 {
		tell(pos)
	}
}

// turnBegins marks the start of a turn's run in the project's room, so
// that its first streamed chunk can be timed, and returns the start.
func (s *Service) turnBegins(project string) time.Time {
	now := time.Now()
	s.holdRoom(project, func(r *room) {
		if r != nil {
			r.began, r.streamed = now, false
		}
	})
	return now
}
