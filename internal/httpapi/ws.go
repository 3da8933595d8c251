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
	"github.com/specwright/specwright/internal/session"
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
	v2      bool // the client asked for protocol version 2
	out     chan []byte
	cancel  context.CancelFunc
	dropped sync.Once

	mu sync.Mutex
	// While a resume is being answered, live events wait in pending and
	// those the replay already holds (Seq <= the replay's last) are
	// dropped.
	replaying bool
	pending   []session.Frames
}

// maxPending bounds the live events held back during one replay.
const maxPending = 4096

// Deliver queues the frame of the socket's protocol version without
// blocking; a socket whose queue is full is closed, and the client can
// catch up with resume.
func (c *socket) Deliver(f session.Frames) {
	c.mu.Lock()
	if c.replaying {
		if len(c.pending) >= maxPending {
			c.mu.Unlock()
			c.drop()
			return
		}
		c.pending = append(c.pending, f)
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	c.enqueue(f)
}

func (c *socket) enqueue(f session.Frames) {
	frame := f.V1
	if c.v2 {
		frame = f.V2
	}
	if frame == nil {
		return
	}
	select {
	case c.out <- frame:
	default:
		c.drop()
	}
}

func (c *socket) drop() {
	c.dropped.Do(func() {
		c.conn.Close(websocket.StatusPolicyViolation, "client too slow")
		c.cancel()
	})
}

func (c *socket) send(ev chat.Event) {
	frame, err := json.Marshal(ev)
	if err == nil {
		c.enqueue(session.Frames{V1: frame, V2: frame})
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
	c := &socket{conn: conn, v2: r.URL.Query().Get("v") == "2", out: make(chan []byte, s.cfg.QueueLen), cancel: cancel}
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
