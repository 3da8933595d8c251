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
// handler's goroutine. Frames for the client wait in a bounded queue that
// a writer goroutine drains; the writer exists only while there is
// something to write, so that an idle socket holds no goroutine, no
// channel buffer and no ticker, and a turn publishing to many sockets
// never waits on a slow one.
type socket struct {
	conn    *websocket.Conn
	net     net.Conn // under conn
	v2      bool     // the client asked for protocol version 2
	cancel  context.CancelFunc
	dropped sync.Once

	qmu     sync.Mutex
	queue   [][]byte
	spare   [][]byte      // the writer's last batch, reused
	maxQ    int           // frames the queue may hold
	writing bool          // a writer goroutine is draining the queue
	drained chan struct{} // signalled (without blocking) when the writer takes a batch
	stalled *time.Timer   // closes a connection whose write has not finished in writeTimeout

	mu sync.Mutex
	// While a resume is being answered, live events wait in pending and
	// those the replay already holds (Seq <= the replay's last) are
	// dropped.
	replaying bool
	pending   []session.Frames
}

func newSocket(conn *websocket.Conn, netConn net.Conn, v2 bool, queueLen int, cancel context.CancelFunc) *socket {
	c := &socket{conn: conn, net: netConn, v2: v2, maxQ: queueLen, cancel: cancel, drained: make(chan struct{}, 1)}
	c.stalled = time.AfterFunc(writeTimeout, func() {
		if c.conn != nil {
			c.conn.CloseNow()
		}
		c.cancel()
	})
	c.stalled.Stop()
	return c
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
	if frame != nil && !c.push(frame) {
		c.drop()
	}
}

// push queues frame and makes sure a writer runs; it reports false when
// the queue is full.
func (c *socket) push(frame []byte) bool {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if len(c.queue) >= c.maxQ {
		return false
	}
	c.queue = append(c.queue, frame)
	if !c.writing {
		c.writing = true
		go c.drain()
	}
	return true
}

// put queues frame, waiting for room rather than dropping the client: for
// a long replay, which the client asked for.
func (c *socket) put(ctx context.Context, frame []byte) bool {
	for !c.push(frame) {
		select {
		case <-c.drained:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// drain writes queued frames until the queue is empty, then ends.
func (c *socket) drain() {
	for {
		c.qmu.Lock()
		batch := c.queue
		if len(batch) == 0 {
			c.writing = false
			c.qmu.Unlock()
			return
		}
		// Two backing arrays take turns: one being written, one filling.
		c.queue, c.spare = c.spare[:0], nil
		c.qmu.Unlock()
		select {
		case c.drained <- struct{}{}:
		default:
		}
		for i, frame := range batch {
			if !c.write(frame) {
				c.qmu.Lock()
				c.queue, c.writing = nil, false
				c.qmu.Unlock()
				return
			}
			batch[i] = nil
		}
		c.qmu.Lock()
		c.spare = batch
		c.qmu.Unlock()
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

// write writes one frame. Its context never ends, so the library arms no
// timer per frame; one reused timer bounds the write instead.
func (c *socket) write(frame []byte) bool {
	c.stalled.Reset(writeTimeout)
	err := c.conn.Write(context.Background(), websocket.MessageText, frame)
	c.stalled.Stop()
	if err != nil {
		c.cancel()
		return false
	}
	return true
}

// idle reports whether nothing is queued or being written.
func (c *socket) idle() bool {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	return !c.writing && len(c.queue) == 0
}

// goingAway lets what is queued be written, for at most d, then closes
// with 1001 (going away): the server is shutting down.
func (c *socket) goingAway(d time.Duration) {
	deadline := time.Now().Add(d)
	for !c.idle() && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	c.conn.Close(websocket.StatusGoingAway, "server shutting down")
}

// keepAlive pings the client every interval, from a timer rather than a
// goroutine of its own, and closes a peer that does not answer within
// the same time: a dead connection does not linger.
func (c *socket) keepAlive(ctx context.Context, every time.Duration) (stop func() bool) {
	var t *time.Timer
	t = time.AfterFunc(every, func() {
		pctx, cancel := context.WithTimeout(ctx, every)
		defer cancel()
		if err := c.conn.Ping(pctx); err != nil {
			if ctx.Err() == nil {
				c.conn.CloseNow()
				c.cancel()
			}
			return
		}
		if ctx.Err() == nil {
			t.Reset(every)
		}
	})
	return t.Stop
}

func (s *server) websocket(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	// Counted before the handshake, so that sockets are admitted in the
	// order their clients connected.
	t, no := s.admission.admit(clientKey(r), name)
	served := false
	defer func() {
		if t != nil && !served {
			t.leave()
		}
	}()
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
	// The connection is hijacked, so the handler may return: the socket
	// is served from a fresh goroutine, whose stack starts small, rather
	// than from this one, which has grown through the HTTP request, the
	// guard and the store and would keep that size for as long as the
	// socket stays open.
	served = true
	if s.cfg.Sockets != nil {
		s.cfg.Sockets.Add(1)
	}
	go s.serveSocket(conn, hj.conn, name, r.URL.Query().Get("v") == "2", t.leave)
}

// serveSocket reads the client's messages until the socket ends: the
// client leaves, is too slow or stops answering pings, or the server
// shuts down. The socket's life is its own, not the request's. leave
// gives back the socket's admission.
func (s *server) serveSocket(conn *websocket.Conn, netConn net.Conn, name string, v2 bool, leave func()) {
	if s.cfg.Sockets != nil {
		defer s.cfg.Sockets.Done()
	}
	defer leave()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := newSocket(conn, netConn, v2, s.cfg.QueueLen, cancel)
	defer c.stalled.Stop()
	unsubscribe := s.svc.Subscribe(name, c)
	defer unsubscribe()
	defer c.keepAlive(ctx, s.cfg.PingInterval)()
	// At shutdown the socket flushes and closes with 1001; its reader
	// then ends.
	defer context.AfterFunc(s.cfg.Base, func() { c.goingAway(time.Second) })()
	s.readLoop(ctx, c, name)
	cancel()
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
		shallow(func() { s.handleFrame(ctx, c, project, m.data) })
		m.done()
	}
}

// shallow runs fn on a goroutine of its own and waits for it. A socket's
// reader lives as long as the socket, mostly idle; the store calls behind
// a frame (SQLite, compiled to Go, is deep) would grow its stack to tens
// of KiB that an idle socket keeps, since stacks shrink only during a
// garbage collection. The short-lived goroutine takes that depth instead.
func shallow(fn func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	<-done
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
