package termchat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// A Link reports what happens on a project's socket as these messages,
// in order, on [Link.Msgs].
type (
	// linkUp: a socket is open; the owner sends resume now.
	linkUp struct{}
	// linkEvent: the server sent ev.
	linkEvent struct{ ev Event }
	// linkDown: the socket dropped or could not be opened; the link
	// dials again after retry.
	linkDown struct {
		err   error
		retry time.Duration
	}
	// linkFatal: the link gave up (the server refused the project or
	// the token); nothing follows.
	linkFatal struct{ err error }
)

// errNotConnected is what Send says while the socket is down: the caller
// keeps what it meant to send.
var errNotConnected = errors.New("not connected to the server")

// Link is one version 2 WebSocket to a project that dials again after
// every drop, with a growing pause, until it is closed.
type Link struct {
	wsURL  string
	header http.Header
	client *http.Client
	msgs   chan any
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu   sync.Mutex
	conn *websocket.Conn
}

// dialLink starts a link to project on the server at base (http or
// https). Close it when done.
func dialLink(ctx context.Context, srv Server, project string) (*Link, error) {
	u, err := url.Parse(srv.URL)
	if err != nil {
		return nil, fmt.Errorf("server URL %q: %v", srv.URL, err)
	}
	switch u.Scheme {
	case "http":
		u.Scheme = "ws"
	case "https":
		u.Scheme = "wss"
	default:
		return nil, fmt.Errorf("server URL %q: use http:// or https://", srv.URL)
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/api/spec/ws/" + url.PathEscape(project)
	u.RawQuery = "v=2"
	ctx, cancel := context.WithCancel(ctx)
	l := &Link{
		wsURL: u.String(), header: srv.header(), client: srv.httpClient(),
		msgs: make(chan any, 256), ctx: ctx, cancel: cancel, done: make(chan struct{}),
	}
	go l.run()
	return l, nil
}

// Msgs delivers the link's messages; it is closed after Close.
func (l *Link) Msgs() <-chan any { return l.msgs }

// Close ends the link and waits for its goroutine.
func (l *Link) Close() {
	l.cancel()
	<-l.done
}

// Send writes one frame, or says errNotConnected.
func (l *Link) Send(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	l.mu.Lock()
	conn := l.conn
	l.mu.Unlock()
	if conn == nil {
		return errNotConnected
	}
	ctx, cancel := context.WithTimeout(l.ctx, 5*time.Second)
	defer cancel()
	if err := conn.Write(ctx, websocket.MessageText, data); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	return nil
}

// Pauses between dials: quick at first, so that a restarted server is
// found again at once, then no more than every few seconds.
const (
	firstRetry = 150 * time.Millisecond
	maxRetry   = 3 * time.Second
)

func (l *Link) run() {
	defer close(l.done)
	defer close(l.msgs)
	retry := firstRetry
	for {
		up, err := l.session()
		if up {
			retry = firstRetry // it was open: a restart is found again at once
		}
		if l.ctx.Err() != nil {
			return
		}
		var fatal *fatalError
		if errors.As(err, &fatal) {
			l.emit(linkFatal{err: fatal.err})
			return
		}
		l.emit(linkDown{err: err, retry: retry})
		select {
		case <-l.ctx.Done():
			return
		case <-time.After(retry):
		}
		retry = min(2*retry, maxRetry)
	}
}

// fatalError is a refusal that dialling again cannot change.
type fatalError struct{ err error }

func (e *fatalError) Error() string { return e.err.Error() }

// session dials once and reads until the socket drops; up says whether
// it opened.
func (l *Link) session() (up bool, err error) {
	dctx, cancel := context.WithTimeout(l.ctx, 10*time.Second)
	conn, resp, err := websocket.Dial(dctx, l.wsURL, &websocket.DialOptions{HTTPHeader: l.header, HTTPClient: l.client})
	cancel()
	if err != nil {
		if resp != nil && (resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden) {
			return false, &fatalError{fmt.Errorf("the server refused the connection (%s): check the token", resp.Status)}
		}
		return false, err
	}
	conn.SetReadLimit(64 << 20)
	l.mu.Lock()
	l.conn = conn
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.conn = nil
		l.mu.Unlock()
		conn.CloseNow()
	}()
	l.emit(linkUp{})
	var lastError string
	for {
		typ, data, err := conn.Read(l.ctx)
		if err != nil {
			if websocket.CloseStatus(err) == 4000 {
				// The server named the reason in an error first.
				if lastError == "" {
					lastError = "the server refused this project"
				}
				return true, &fatalError{errors.New(lastError)}
			}
			return true, fmt.Errorf("connection lost: %w", err)
		}
		if typ != websocket.MessageText {
			continue
		}
		var ev Event
		if err := json.Unmarshal(data, &ev); err != nil || ev.Type == "" {
			continue // not ours to judge; a newer server may send more
		}
		if ev.Type == "error" {
			lastError = ev.Content
		}
		l.emit(linkEvent{ev: ev})
	}
}

func (l *Link) emit(m any) {
	select {
	case l.msgs <- m:
	case <-l.ctx.Done():
	}
}
