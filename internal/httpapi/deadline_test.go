package httpapi_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm/guided"
)

// trickle sends a request whose body arrives a byte every 50 ms, and
// returns the response and whether the server then closed the
// connection, within wait.
func trickle(t *testing.T, addr, head string, wait time.Duration) (*http.Response, bool) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := conn.Write([]byte(" ")); err != nil {
					return
				}
			}
		}
	}()
	conn.SetReadDeadline(time.Now().Add(wait))
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return nil, false
		}
		return nil, true // closed without an answer
	}
	_, err = io.Copy(io.Discard, br) // the connection must end
	resp.Body.Close()
	return resp, !errors.Is(err, os.ErrDeadlineExceeded)
}

// A body that trickles is cut after the body deadline on every route,
// whether its handler reads it, ignores it or the guard refuses it (issue
// 9 §2.3: 50 of 50 trickling bodies were still open after 170 s).
func TestTricklingBodiesAreCut(t *testing.T) {
	e := newEnv(t, guided.New())
	srv := httptest.NewServer(httpapi.BodyDeadline(
		httpapi.Guard(httpapi.GuardConfig{}, httpapi.NewServer(httpapi.Config{Sessions: e.svc, UI: okHandler()})),
		300*time.Millisecond))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	req := func(method, path, host string) string {
		return fmt.Sprintf("%s %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"name\":", method, path, host)
	}
	cases := []struct {
		name, head string
		status     int
	}{
		{"read by its handler", req("POST", "/api/projects", addr), http.StatusRequestTimeout},
		{"ignored by its handler", req("GET", "/api/info", addr), http.StatusOK},
		{"refused by the guard", req("POST", "/api/projects", "evil.example"), http.StatusForbidden},
		{"outside the API", req("GET", "/", addr), http.StatusTeapot},
		{"unknown route", req("DELETE", "/api/nothing", addr), http.StatusNotFound},
	}
	var wg sync.WaitGroup
	for _, c := range cases {
		for i := 0; i < 10; i++ { // fifty at once
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp, closed := trickle(t, addr, c.head, 5*time.Second)
				if !closed {
					t.Errorf("%s: the connection is still open after 5 s", c.name)
					return
				}
				if resp == nil || resp.StatusCode != c.status {
					t.Errorf("%s: got %v, want status %d", c.name, resp, c.status)
				}
			}()
		}
	}
	wg.Wait()

	// A body sent at once is read as before, and a socket outlives the
	// deadline.
	resp, err := http.Post(srv.URL+"/api/projects", "application/json", strings.NewReader(`{"name":"prompt"}`))
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("prompt body: %v %v", resp, err)
	}
	resp.Body.Close()
	conn, _, err := websocket.Dial(t.Context(), "ws"+strings.TrimPrefix(srv.URL, "http")+"/api/spec/ws/prompt", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	time.Sleep(600 * time.Millisecond)
	c := &client{t: t, conn: conn}
	c.send(map[string]any{"type": "ping"})
	if m := c.next(); m.typ() != "pong" {
		t.Fatalf("socket after the deadline: %v", m)
	}
}
