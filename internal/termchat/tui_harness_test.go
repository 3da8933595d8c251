package termchat

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// snap is what a test sees of the model after an update.
type snap struct {
	view      string // the screen, without escape codes
	items     []Item
	complete  bool
	waiting   bool // the user's turn
	busy      bool
	conn      connState
	question  *Item // the open question
	pickerQ   int   // the card's question being answered
	specShown bool
	spec      *SpecView
}

// tui is the full-screen client run by teatest at 80×24 against a
// server, with every update observed.
type tui struct {
	t  *testing.T
	tm *teatest.TestModel
	m  *model

	mu   sync.Mutex
	last snap
	seen chan struct{}
}

func startTUI(t *testing.T, srv Server, project string, options ...func(*Config)) *tui {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cfg := Config{Server: srv, Project: project}
	for _, o := range options {
		o(&cfg)
	}
	m := newModel(ctx, cfg)
	u := &tui{t: t, m: m, seen: make(chan struct{}, 1)}
	m.probe = u.observe
	u.tm = teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() {
		u.tm.Quit()
		u.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
		m.close()
		cancel()
	})
	return u
}

// observe runs in the program's goroutine after every update.
func (u *tui) observe(m *model) {
	s := snap{
		view: ansi.Strip(m.render()), items: append([]Item(nil), m.conv.Items...),
		complete: m.conv.Complete, waiting: m.conv.WaitingForUser(), busy: m.conv.Busy(),
		conn: m.conn, specShown: m.spec != nil,
	}
	if q := m.conv.OpenQuestion(); q != nil {
		c := *q
		s.question = &c
	}
	if m.picker != nil {
		s.pickerQ = m.picker.q
	}
	if m.spec != nil {
		s.spec = m.spec.data
	}
	u.mu.Lock()
	u.last = s
	u.mu.Unlock()
	select {
	case u.seen <- struct{}{}:
	default:
	}
}

// wait returns the first state that meets cond, failing after 20 s.
func (u *tui) wait(what string, cond func(s snap) bool) snap {
	u.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		u.mu.Lock()
		s := u.last
		u.mu.Unlock()
		if s.view != "" && cond(s) {
			return s
		}
		select {
		case <-u.seen:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			u.t.Fatalf("timed out waiting for %s; the screen:\n%s", what, s.view)
		}
	}
}

// dropSocket cuts the client's socket as a network failure would.
func (u *tui) dropSocket() {
	u.mu.Lock()
	l := u.m.link
	u.mu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conn != nil {
		l.conn.CloseNow()
	}
}

func (u *tui) now() snap {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.last
}

func (u *tui) typeText(s string) { u.tm.Type(s) }

func (u *tui) key(code rune, mod ...tea.KeyMod) {
	k := tea.KeyPressMsg{Code: code}
	for _, m := range mod {
		k.Mod |= m
	}
	u.tm.Send(k)
}

func (u *tui) enter() { u.key(tea.KeyEnter) }

// say types a message and sends it, and waits until it is on its way.
func (u *tui) say(text string) {
	u.t.Helper()
	n := len(u.now().items)
	u.typeText(text)
	u.enter()
	u.wait("the message to be sent", func(s snap) bool { return len(s.items) > n })
}

// yourTurn waits until the interview waits for the person.
func (u *tui) yourTurn() snap {
	u.t.Helper()
	return u.wait("the user's turn", func(s snap) bool { return s.conn == connUp && (s.waiting || s.complete) })
}

// snapshot compares the screen with testdata/<test>/<name>.golden
// (go test -update rewrites it).
func (u *tui) snapshot(name string, s snap) {
	u.t.Helper()
	u.t.Run(name, func(t *testing.T) {
		lines := strings.Split(s.view, "\n")
		if len(lines) != 24 {
			t.Errorf("the screen has %d lines, want 24", len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > 80 {
				t.Errorf("line %d is %d cells wide: %q", i+1, w, l)
			}
		}
		golden.RequireEqual(t, s.view)
	})
}

func itemsText(items []Item) string {
	var b strings.Builder
	for _, it := range items {
		fmt.Fprintf(&b, "%d:%q ", it.Kind, it.Text)
	}
	return b.String()
}

func countText(items []Item, kind Kind, sub string) int {
	n := 0
	for _, it := range items {
		if it.Kind == kind && strings.Contains(it.Text, sub) {
			n++
		}
	}
	return n
}
