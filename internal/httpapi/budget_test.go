package httpapi_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm/guided"
	"github.com/specwright/specwright/internal/session"
)

// dialFrom connects a client of project from the loopback address ip,
// as another machine would.
func (e *env) dialFrom(ip, project string) *client {
	e.t.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	hc := &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	url := "ws" + strings.TrimPrefix(e.srv.URL, "http") + "/api/spec/ws/" + project
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPClient: hc})
	if err != nil {
		e.t.Fatalf("dial %s from %s: %v", project, ip, err)
	}
	e.t.Cleanup(func() { conn.CloseNow() })
	return &client{t: e.t, conn: conn}
}

func (c *client) expectPong() {
	c.t.Helper()
	c.send(map[string]any{"type": "ping"})
	if m := c.next(); m.typ() != "pong" {
		c.t.Fatalf("got %v, want pong", m)
	}
}

// Sockets are bounded per client address and in total, whatever the
// projects, and refused with 1013 and the reason.
func TestSocketsPerClientAndInTotalAreCapped(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("clients on 127.0.0.2 and 127.0.0.3 need Linux, where all of 127/8 is loopback")
	}
	e := startEnvWith(t, guided.New(), t.TempDir(), func(_ *session.Config, h *httpapi.Config) {
		h.MaxSocketsPerClient, h.MaxSockets = 2, 3
	})
	a1, a2 := e.dialFrom("127.0.0.1", "p1"), e.dialFrom("127.0.0.1", "p2")
	a3 := e.dialFrom("127.0.0.1", "p3")
	a3.expectError("Too many connections from your address (at most 2); close some and try again")
	if code := a3.closeStatus(); code != websocket.StatusTryAgainLater {
		t.Fatalf("close code %d, want 1013", code)
	}
	b1 := e.dialFrom("127.0.0.2", "p4") // another address has its own count
	b1.expectPong()
	b2 := e.dialFrom("127.0.0.3", "p5")
	b2.expectError("The server has too many connections open (at most 3); try again later")
	if code := b2.closeStatus(); code != websocket.StatusTryAgainLater {
		t.Fatalf("close code %d, want 1013", code)
	}
	a1.conn.Close(websocket.StatusNormalClosure, "")
	time.Sleep(50 * time.Millisecond)
	e.dialFrom("127.0.0.3", "p5").expectPong() // a place is free again
	a2.expectPong()
}

// Many sockets on many projects each sending a large message (issue 9
// §2.2: 200 sockets × 8 MiB took the server from 151 MB to 3.4 GB): the
// bytes read at once stay within the budget, and the sockets it cannot
// pay for are refused with 1013 and a reason that says what to do.
func TestInboundMemoryIsBounded(t *testing.T) {
	const sockets, size = 40, 6 << 20
	e := startEnvWith(t, guided.New(), t.TempDir(), func(_ *session.Config, h *httpapi.Config) {
		h.ReadLimit, h.ReadBudget = 8<<20, 8<<20
		h.MaxSockets, h.MaxSocketsPerClient = 2*sockets, 2*sockets
	})
	payload := bytes.Repeat([]byte("x"), size) // not JSON: the server says so when it reads it all

	// One message, sent in part and held open, takes most of the budget.
	holder := e.dial("holder")
	w, err := holder.conn.Writer(t.Context(), websocket.MessageText)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(payload[:5<<20]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // let the server read what was sent

	clients := make([]*client, sockets)
	for i := range clients {
		clients[i] = e.dial(fmt.Sprintf("big-%d", i))
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}()

	var wg sync.WaitGroup
	results := make([]string, sockets)
	for i, c := range clients {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			go c.conn.Write(ctx, websocket.MessageText, payload) // fails when the server closes
			m, err := c.read(30 * time.Second)
			if err != nil {
				results[i] = "read: " + err.Error()
				return
			}
			_, err = c.read(30 * time.Second)
			var ce websocket.CloseError
			if !errors.As(err, &ce) {
				results[i] = fmt.Sprintf("%v, then %v", m, err)
				return
			}
			results[i] = fmt.Sprintf("%s %q, closed %d %q", m.typ(), m.str("content"), ce.Code, ce.Reason)
		})
	}
	t0 := time.Now()
	wg.Wait()
	t.Logf("sockets answered in %v", time.Since(t0))
	close(stop)
	<-sampled

	const want = "The server is receiving too much at once; your message was not read. Reconnect and send it again in a moment"
	refused := 0
	for i, r := range results {
		if r == fmt.Sprintf("error %q, closed 1013 %q", want, want) {
			refused++
		} else {
			t.Errorf("socket %d: %s", i, r)
		}
	}
	if refused != sockets {
		t.Errorf("%d of %d sockets refused while the budget was taken", refused, sockets)
	}
	growth := int64(peak) - int64(before.HeapAlloc)
	t.Logf("heap: %d MiB before, peak %d MiB (%d messages of %d MiB sent)", before.HeapAlloc>>20, peak>>20, sockets, size>>20)
	if growth > 64<<20 {
		t.Errorf("the heap grew by %d MiB while %d sockets sent %d MiB each; the budget is 8 MiB", growth>>20, sockets, size>>20)
	}

	// The held message completes, and the budget serves again.
	if _, err := w.Write(payload[5<<20:]); err != nil {
		t.Fatal(err)
	}
	w.Close()
	holder.expectError("Invalid JSON")
	c := e.dial("after")
	c.sendRaw(websocket.MessageText, payload)
	c.expectError("Invalid JSON")
	c.expectPong()
}

// The read limit holds exactly under the budgeted reader: a message of
// the limit is read, one byte more closes with 1009.
func TestReadLimitIsExact(t *testing.T) {
	const limit = 64 << 10
	e := startEnvWith(t, guided.New(), t.TempDir(), func(_ *session.Config, h *httpapi.Config) { h.ReadLimit = limit })
	c := e.dial("limit")
	ping := []byte(`{"type":"ping"}`)
	c.sendRaw(websocket.MessageText, append(ping, bytes.Repeat([]byte(" "), limit-len(ping))...))
	c.expectPong()
	c.sendRaw(websocket.MessageText, append(ping, bytes.Repeat([]byte(" "), limit+1-len(ping))...))
	if code := c.closeStatus(); code != websocket.StatusMessageTooBig {
		t.Fatalf("close code %d, want 1009", code)
	}
}
