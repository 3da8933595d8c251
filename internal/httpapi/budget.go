package httpapi

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/coder/websocket"
	"golang.org/x/sync/semaphore"
)

// Inbound messages are read into memory under one budget for the whole
// server: the bytes of the messages being read, and then decoded and
// handled, at once across every socket. Without it, each socket may hold
// a message of the read limit, and many sockets on many projects hold
// gigabytes. A message is read in growing pieces, each paid for before
// it is read; a piece the budget cannot pay for within budgetWait closes
// the socket with 1013, the rest of the message unread.
const (
	// readChunk is the first piece of every message, and the smallest
	// step of its growth.
	readChunk = 4 << 10
	// budgetWait is how long a piece waits for other messages to finish,
	// so that a burst is smoothed rather than refused.
	budgetWait = time.Second
)

// errOverBudget is a message the budget could not pay for.
var errOverBudget = errors.New("over the read budget")

// message is one inbound message and the budget it holds until release.
type message struct {
	typ     websocket.MessageType
	data    []byte
	held    int64
	release func(int64)
}

func (m *message) done() {
	if m.held > 0 {
		m.release(m.held)
		m.held = 0
	}
}

// readMessage reads the next message of conn, at most limit bytes,
// paying each piece from budget. On errOverBudget nothing is held.
func readMessage(ctx context.Context, conn *websocket.Conn, budget *semaphore.Weighted, limit int64) (*message, error) {
	typ, r, err := conn.Reader(ctx)
	if err != nil {
		return nil, err
	}
	m := &message{typ: typ, release: budget.Release}
	buf := []byte{}
	for {
		if len(buf) == cap(buf) {
			// The library reads one byte past its limit, and refuses
			// (1009) the read after.
			size := min(max(2*int64(cap(buf)), readChunk), limit+1)
			if size <= int64(cap(buf)) {
				var one [1]byte
				_, err := r.Read(one[:])
				if err == io.EOF {
					m.data = buf
					return m, nil
				}
				if err == nil {
					err = websocket.ErrMessageTooBig
				}
				m.done()
				return nil, err
			}
			if err := pay(ctx, budget, size-int64(cap(buf))); err != nil {
				m.done()
				return nil, err
			}
			m.held += size - int64(cap(buf))
			grown := make([]byte, len(buf), size)
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			m.data = buf
			return m, nil
		}
		if err != nil {
			m.done()
			return nil, err
		}
	}
}

// pay takes n from budget, waiting at most budgetWait.
func pay(ctx context.Context, budget *semaphore.Weighted, n int64) error {
	if budget.TryAcquire(n) {
		return nil
	}
	wctx, cancel := context.WithTimeout(ctx, budgetWait)
	defer cancel()
	if err := budget.Acquire(wctx, n); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errOverBudget
	}
	return nil
}
