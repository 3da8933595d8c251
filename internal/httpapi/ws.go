package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/specwright/specwright/internal/chat"
)

// Close codes of the protocol.
const (
	closeInvalidProject websocket.StatusCode = 4000
)

const writeTimeout = 10 * time.Second

// socket is one WebSocket client of a project. The reader runs in the
// handler's goroutine; one writer goroutine drains a bounded queue, so a
// turn publishing to many sockets never waits on a slow one.
type socket struct {
	conn    *websocket.Conn
	out     chan []byte
	cancel  context.CancelFunc
	dropped sync.Once
}

// Deliver queues a frame without blocking; a socket whose queue is full
// is closed, and the client can catch up from the transcript.
func (c *socket) Deliver(frame []byte) {
	select {
	case c.out <- frame:
	default:
		c.dropped.Do(func() {
			c.conn.Close(websocket.StatusPolicyViolation, "client too slow")
			c.cancel()
		})
	}
}

func (c *socket) send(ev chat.Event) {
	frame, err := json.Marshal(ev)
	if err == nil {
		c.Deliver(frame)
	}
}

func (c *socket) sendError(msg string) { c.send(chat.Event{Type: chat.EventError, Content: msg}) }

func (c *socket) writeLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case frame := <-c.out:
			wctx, cancel := context.WithTimeout(ctx, writeTimeout)
			err := c.conn.Write(wctx, websocket.MessageText, frame)
			cancel()
			if err != nil {
				c.cancel()
				return
			}
		}
	}
}

func (s *server) websocket(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		CompressionMode: websocket.CompressionDisabled,
	})
	if err != nil {
		return // Accept has answered the client
	}
	conn.SetReadLimit(s.cfg.ReadLimit)
	if err := s.svc.CheckProject(r.Context(), name); err != nil {
		msg := chat.ErrorMessage(err)
		frame, _ := json.Marshal(chat.Event{Type: chat.EventError, Content: msg})
		ctx, cancel := context.WithTimeout(r.Context(), writeTimeout)
		conn.Write(ctx, websocket.MessageText, frame)
		cancel()
		conn.Close(closeInvalidProject, truncateReason(msg))
		return
	}

	// The socket's life is its own, not the request's: it ends when the
	// client leaves or the server shuts down.
	ctx, cancel := context.WithCancel(s.cfg.Base)
	defer cancel()
	c := &socket{conn: conn, out: make(chan []byte, s.cfg.QueueLen), cancel: cancel}
	unsubscribe := s.svc.Subscribe(name, c)
	defer unsubscribe()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.writeLoop(ctx)
	}()
	s.readLoop(ctx, c, name)
	cancel()
	wg.Wait()
	if s.cfg.Base.Err() != nil {
		conn.Close(websocket.StatusGoingAway, "server shutting down")
		return
	}
	conn.Close(websocket.StatusNormalClosure, "")
}

func (s *server) readLoop(ctx context.Context, c *socket, project string) {
	for {
		typ, data, err := c.conn.Read(ctx)
		if err != nil {
			var ce websocket.CloseError
			if !errors.As(err, &ce) && ctx.Err() == nil {
				s.log.Debug("websocket read", "project", project, "err", err)
			}
			return
		}
		if typ != websocket.MessageText {
			c.sendError("Binary frames are not supported; send JSON text frames")
			continue
		}
		s.handleFrame(ctx, c, project, data)
	}
}

// truncateReason keeps a close reason within the 123 bytes a close frame
// allows.
func truncateReason(s string) string {
	if len(s) > 120 {
		return s[:120]
	}
	return s
}
