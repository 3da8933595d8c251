//go:build unix

package crashtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// serveFlags returns the help text of `specwright serve`.
func serveFlags(t *testing.T) string {
	out, _ := exec.Command(binary(t), "serve", "-h").CombinedOutput()
	return string(out)
}

// handshake sends a WebSocket handshake with the given Host and Origin
// (none when empty) and extra header lines, and returns the status.
func handshake(t *testing.T, addr, host, origin, path string, extra ...string) int {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n", path, host)
	b.WriteString("Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n")
	if origin != "" {
		b.WriteString("Origin: " + origin + "\r\n")
	}
	for _, h := range extra {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	if _, err := io.WriteString(conn, b.String()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// closeOriginRefused is the close code a refused Origin gets after the
// handshake (docs/protocol.md).
const closeOriginRefused = 4403

// refusalCode opens a WebSocket with the given Host and Origin and
// returns the code it is closed with after the server's first message,
// or the HTTP status when the handshake itself is refused.
func refusalCode(t *testing.T, addr, host, origin, path string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}}
	conn, resp, err := websocket.Dial(ctx, "ws://"+host+path, &websocket.DialOptions{HTTPClient: client, HTTPHeader: http.Header{"Origin": {origin}}})
	if err != nil {
		if resp != nil {
			return resp.StatusCode
		}
		t.Fatal(err)
	}
	defer conn.CloseNow()
	conn.Read(ctx) // the error frame
	_, _, err = conn.Read(ctx)
	return int(websocket.CloseStatus(err))
}

func get(t *testing.T, addr, host, path string, hdr ...string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
	req.Host = host
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// The guard as the binary wires it: DNS rebinding and cross-site
// WebSockets refused by default, a configured origin accepted through to
// the WebSocket library, the token required when set and never logged.
// It runs once serve has the --allow-origin flag.
func TestServeGuard(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary; skipped with -short")
	}
	help := serveFlags(t)
	if !strings.Contains(help, "-allow-origin") {
		t.Skip("serve has no --allow-origin flag yet: the guard is not wired in")
	}
	m := newModel(t)
	fake := startFake(t, m)
	dir := t.TempDir()
	srv := startServer(t, dir, fake.URL, "--allow-origin", "http://localhost:5173")
	_, port, _ := net.SplitHostPort(srv.addr)
	self := "127.0.0.1:" + port
	ws := "/api/spec/ws/guarded?v=2"

	if code := get(t, srv.addr, self, "/api/info"); code != http.StatusOK {
		t.Errorf("GET /api/info: %d", code)
	}
	if code := get(t, srv.addr, "evil.example:"+port, "/api/info"); code != http.StatusForbidden {
		t.Errorf("rebinding Host: %d, want 403", code)
	}
	for _, c := range []struct {
		host, origin string
		want         int
	}{
		{self, "", http.StatusSwitchingProtocols},
		{self, "http://" + self, http.StatusSwitchingProtocols},
		{self, "http://localhost:5173", http.StatusSwitchingProtocols}, // needs InsecureSkipVerify behind the guard
		{"localhost:" + port, "http://localhost:" + port, http.StatusSwitchingProtocols},
		{self, "http://evil.example", closeOriginRefused},
		{self, "null", closeOriginRefused},
		{self, "http://localhost:5174", closeOriginRefused},
		{"evil.example:" + port, "http://evil.example:" + port, http.StatusForbidden},
	} {
		if c.want == closeOriginRefused {
			if code := refusalCode(t, srv.addr, c.host, c.origin, ws); code != closeOriginRefused {
				t.Errorf("WebSocket with Host %q Origin %q: closed with %d, want 4403", c.host, c.origin, code)
			}
			continue
		}
		if code := handshake(t, srv.addr, c.host, c.origin, ws); code != c.want {
			t.Errorf("WebSocket with Host %q Origin %q: %d, want %d", c.host, c.origin, code, c.want)
		}
	}
	srv.kill()

	if !strings.Contains(help, "-token") {
		t.Skip("serve has no --token flag yet")
	}
	const token = "crashtest-token-0123456789abcdefghijklmnopqrstuv"
	srv = startServer(t, dir, fake.URL, "--token", token)
	if code := get(t, srv.addr, self, "/api/info"); code != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", code)
	}
	if code := get(t, srv.addr, self, "/api/info", "Authorization", "Bearer wrong"); code != http.StatusUnauthorized {
		t.Errorf("wrong token: %d, want 401", code)
	}
	if code := get(t, srv.addr, self, "/api/info", "Authorization", "Bearer "+token); code != http.StatusOK {
		t.Errorf("right token: %d, want 200", code)
	}
	if code := handshake(t, srv.addr, self, "http://"+self, ws+"&token="+token); code != http.StatusSwitchingProtocols {
		t.Errorf("WebSocket with the token in the query: %d", code)
	}
	if code := handshake(t, srv.addr, self, "http://"+self, ws); code != http.StatusUnauthorized {
		t.Errorf("WebSocket without the token: %d, want 401", code)
	}
	for _, line := range strings.Split(srv.out.String(), "\n") {
		if strings.Contains(line, "level=") && strings.Contains(line, token) {
			t.Errorf("the token is logged: %s", line)
		}
	}
}
