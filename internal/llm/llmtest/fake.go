package llmtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// fake is what every fake provider server shares: the loopback server,
// the requests it recorded (of type R), the problems met on its
// goroutines, and a Close that ends stalled responses.
type fake[R any] struct {
	srv  *httptest.Server
	quit chan struct{} // closed by Close, to end stalled responses
	once sync.Once

	mu       sync.Mutex
	requests []R
	problems []string
}

func (f *fake[R]) start(h http.HandlerFunc) {
	f.quit = make(chan struct{})
	f.srv = httptest.NewServer(h)
}

// closeAtEnd closes the fake when the test ends and fails the test with
// each problem the fake recorded.
func (f *fake[R]) closeAtEnd(t testing.TB) {
	t.Cleanup(func() {
		f.Close()
		for _, p := range f.TakeProblems() {
			t.Errorf("llmtest: %s", p)
		}
	})
}

// Close drops every connection, ending stalled responses, and stops the
// server. It may be called more than once.
func (f *fake[R]) Close() {
	f.once.Do(func() {
		close(f.quit)
		f.srv.CloseClientConnections()
		f.srv.Close()
	})
}

// Requests returns the requests received so far, in order.
func (f *fake[R]) Requests() []R {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]R(nil), f.requests...)
}

// TakeProblems returns what went wrong on the server's side so far and
// forgets it, so that a test expecting a problem can consume it before
// the test's cleanup reports it.
func (f *fake[R]) TakeProblems() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.problems
	f.problems = nil
	return p
}

func (f *fake[R]) problem(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.problems = append(f.problems, fmt.Sprintf(format, args...))
}

// record stores req and returns its number, counting from 0.
func (f *fake[R]) record(req R) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, req)
	return len(f.requests) - 1
}
