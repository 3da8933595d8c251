package httpapi

import (
	"io"
	"net/http"
	"time"
)

// DefaultBodyTimeout is how long a request body may take to arrive, in
// full, from the moment its handler starts.
const DefaultBodyTimeout = 10 * time.Second

// BodyDeadline returns next behind a read deadline on request bodies: a
// body still arriving d after its request reached the server fails with
// a timeout, and the connection is closed. It belongs in front of
// everything, the guard included, because a handler that answers without
// reading the body (a refusal, a GET) still has net/http read what is
// left of it afterwards, with no deadline of its own: a client trickling
// a byte at a time would hold the connection for ever.
//
// A request without a body gets no deadline, so that a handler that takes
// long (and net/http's watch for a client that goes away, which runs
// under the same deadline) is never cut; the deadline is lifted as soon
// as the body has been read to its end for the same reason. The
// WebSocket upgrade has no body, so a socket never inherits it.
func BodyDeadline(next http.Handler, d time.Duration) http.Handler {
	if d <= 0 {
		d = DefaultBodyTimeout
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			rc := http.NewResponseController(w)
			if rc.SetReadDeadline(time.Now().Add(d)) == nil {
				r.Body = &deadlineBody{ReadCloser: r.Body, lift: func() { _ = rc.SetReadDeadline(time.Time{}) }}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// deadlineBody lifts the read deadline when the body has been read.
type deadlineBody struct {
	io.ReadCloser
	lift   func()
	lifted bool
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF && !b.lifted {
		b.lifted = true
		b.lift()
	}
	return n, err
}
