package httpapi

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/coder/websocket"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/session"
)

// Close codes of the protocol.
const (
	closeInvalidProject websocket.StatusCode = 4000
	// closeProjectNotFound: with RequireProjects, a project that was not
	// created first (the reference's code).
	closeProjectNotFound websocket.StatusCode = 4004
)

const writeTimeout = 10 * time.Second

// socket is one WebSocket client of a project. The reader runs in the
// handler's goroutine; one writer goroutine drains a bounded queue, so a
// turn publishing to many sockets never waits on a slow one.
type socket struct {
	conn    *websocket.Conn
	net     net.Conn // under conn
	v2      bool     // the client asked for protocol version 2
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

// writeLoop writes queued frames, pings the client now and then, and at
// shutdown flushes what is queued and closes with 1001 (going away).
func (c *socket) writeLoop(ctx context.Context, shutdown <-chan struct{}, pingEvery time.Duration) {
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-shutdown:
			c.flush(time.Second)
			c.conn.Close(websocket.StatusGoingAway, "server shutting down")
			return
		case <-ping.C:
			go c.ping(ctx, pingEvery)
		case frame := <-c.out:
			if !c.write(ctx, frame) {
				return
			}
		}
	}
}

func (c *socket) write(ctx context.Context, frame []byte) bool {
	wctx, cancel := context.WithTimeout(ctx, writeTimeout)
	defer cancel()
	if err := c.conn.Write(wctx, websocket.MessageText, frame); err != nil {
		c.cancel()
		return false
	}
	return true
}

// flush writes what is queued, for at most d.
func (c *socket) flush(d time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for {
		select {
		case frame := <-c.out:
			if !c.write(ctx, frame) {
				return
			}
		default:
			return
		}
	}
}

// ping closes a peer that does not answer a ping within timeout: a dead
// connection does not linger.
func (c *socket) ping(ctx context.Context, timeout time.Duration) {
	pctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := c.conn.Ping(pctx); err != nil && ctx.Err() == nil {
		c.conn.CloseNow()
		c.cancel()
	}
}

func (s *server) websocket(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	// Counted before the handshake, so that sockets are admitted in the
	// order their clients connected.
	t, no := s.admission.admit(clientKey(r), name)
	if t != nil {
		defer t.leave()
	}
	hj := &hijacked{ResponseWriter: w}
	conn, err := websocket.Accept(hj, r, &websocket.AcceptOptions{
		CompressionMode: websocket.CompressionDisabled,
		// Origin and Host are checked by Guard, the one place that decides
		// who may connect; the library's own check would refuse the
		// origins Guard allows.
		InsecureSkipVerify: true,
	})
	if err != nil {
		return // Accept has answered the client
	}
	conn.SetReadLimit(s.cfg.ReadLimit)
	refuse := func(code websocket.StatusCode, msg string) { refuseConn(conn, hj.conn, code, msg) }
	if no != nil && !no.project {
		// The bounds of the whole server hold whatever the project.
		refuse(websocket.StatusTryAgainLater, no.msg)
		return
	}
	if err := s.svc.CheckProject(r.Context(), name); err != nil {
		refuse(closeInvalidProject, chat.ErrorMessage(err))
		return
	}
	if s.cfg.RequireProjects && !s.projectExists(r.Context(), name, refuse) {
		return
	}
	if no != nil {
		refuse(websocket.StatusTryAgainLater, no.msg)
		return
	}

	// The socket's life is its own, not the request's: it ends when the
	// client leaves, is too slow or stops answering pings, or the server
	// shuts down.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &socket{conn: conn, net: hj.conn, v2: r.URL.Query().Get("v") == "2", out: make(chan []byte, s.cfg.QueueLen), cancel: cancel}
	unsubscribe := s.svc.Subscribe(name, c)
	defer unsubscribe()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.writeLoop(ctx, s.cfg.Base.Done(), s.cfg.PingInterval)
	}()
	s.readLoop(ctx, c, name)
	cancel()
	wg.Wait()
	conn.Close(websocket.StatusNormalClosure, "")
}

func (s *server) readLoop(ctx context.Context, c *socket, project string) {
	limit := rate.NewLimiter(rate.Limit(s.cfg.MessageRate), s.cfg.MessageBurst)
	strikes := 0
	for {
		m, err := readMessage(ctx, c.conn, s.budget, s.cfg.ReadLimit)
		if errors.Is(err, errOverBudget) {
			s.log.Warn("refused a message: the server is reading too much at once", "project", project, "budget", s.cfg.ReadBudget)
			refuseConn(c.conn, c.net, websocket.StatusTryAgainLater, "The server is receiving too much at once; your message was not read. Reconnect and send it again in a moment")
			return
		}
		if err != nil {
			var ce websocket.CloseError
			if !errors.As(err, &ce) && ctx.Err() == nil {
				s.log.Debug("websocket read", "project", project, "err", err)
			}
			return
		}
		if !limit.Allow() {
			m.done()
			// A client that keeps flooding after being told is cut off.
			if strikes++; strikes > s.cfg.MessageBurst {
				c.conn.Close(websocket.StatusPolicyViolation, "too many messages")
				return
			}
			c.sendError(fmt.Sprintf("Too many messages: at most %g a second; this one was ignored", s.cfg.MessageRate))
			continue
		}
		strikes = 0
		if m.typ != websocket.MessageText {
			m.done()
			c.sendError("Binary frames are not supported; send JSON text frames")
			continue
		}
		// The budget is held while the message is decoded and handled,
		// which copies it.
		s.handleFrame(ctx, c, project, m.data)
		m.done()
	}
}

// refuseConn tells the client why its socket closes, as an error message
// and as the close reason, and closes it. It does not wait long for the
// client's part of the close handshake: that wait reads, and discards a
// byte at a time, whatever the client is still sending, such as the rest
// of a message that was refused.
func refuseConn(conn *websocket.Conn, netConn net.Conn, code websocket.StatusCode, msg string) {
	frame, _ := json.Marshal(chat.Event{Type: chat.EventError, Content: msg})
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	conn.Write(ctx, websocket.MessageText, frame)
	cancel()
	if netConn != nil {
		netConn.SetReadDeadline(time.Now().Add(refuseGrace))
	}
	conn.Close(code, truncateReason(msg))
}

// refuseGrace is how long a refused client has to answer the close.
const refuseGrace = 250 * time.Millisecond

// hijacked keeps the connection the WebSocket library takes over, so that
// its deadlines can be set.
type hijacked struct {
	http.ResponseWriter
	conn net.Conn
}

func (h *hijacked) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	h.conn = c
	return c, brw, err
}

func (h *hijacked) Unwrap() http.ResponseWriter { return h.ResponseWriter }

// truncateReason keeps a close reason within the 123 bytes a close frame
// allows.
func truncateReason(s string) string {
	if len(s) > 120 {
		return s[:120]
	}
	return s
}
