package loadtest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// Server is a server under test, started as a child process on a
// loopback port.
type Server struct {
	Name string
	Base string // ws://127.0.0.1:port
	// StartUp is the time from starting the process to its first
	// answered HTTP request.
	StartUp time.Duration
	cmd     *exec.Cmd
	dir     string
}

// PID returns the server's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Kind says how to start one kind of server.
type Kind string

const (
	KindSpecwright Kind = "specwright"
	KindRelay      Kind = "relay"
)

// Launch starts bin as a server of kind against the fake at llmURL and
// waits until it answers HTTP. extra is passed on to specwright serve.
func Launch(ctx context.Context, kind Kind, bin, llmURL string, extra, env []string) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	s := &Server{Name: string(kind), Base: "ws://" + addr}
	var cmd *exec.Cmd
	switch kind {
	case KindSpecwright:
		s.dir, err = os.MkdirTemp("", "specwright-load-")
		if err != nil {
			return nil, err
		}
		args := append([]string{"serve", "--addr", addr, "--data-dir", s.dir, "--provider", "anthropic", "--log-level", "error"}, extra...)
		cmd = exec.Command(bin, args...)
		cmd.Env = []string{"ANTHROPIC_API_KEY=sk-ant-load-fake", "ANTHROPIC_BASE_URL=" + llmURL, "HOME=" + s.dir, "PATH=/usr/bin:/bin"}
	case KindRelay:
		cmd = exec.Command(bin, "-port", strconv.Itoa(port), "-llm", llmURL)
		cmd.Env = []string{"PATH=/usr/bin:/bin"}
	default:
		return nil, fmt.Errorf("unknown server kind %q", kind)
	}
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		s.cleanup()
		return nil, err
	}
	s.cmd = cmd
	if err := waitHTTP(ctx, "http://"+addr+"/api/health", 10*time.Second); err != nil {
		s.Stop()
		return nil, fmt.Errorf("%s did not come up: %w", kind, err)
	}
	s.StartUp = time.Since(t0)
	return s, nil
}

// Stop ends the server and removes its data.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			s.cmd.Process.Kill()
			<-done
		}
	}
	s.cleanup()
}

func (s *Server) cleanup() {
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// waitHTTP polls url until it answers at all (any status), for at most d.
func waitHTTP(ctx context.Context, url string, d time.Duration) error {
	deadline := time.Now().Add(d)
	var last error
	for time.Now().Before(deadline) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := loopbackClient.Do(req)
		if err == nil {
			resp.Body.Close()
			return nil
		}
		last = err
		select {
		case <-time.After(5 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return last
}
