package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/specwright/specwright/internal/llm/llmtest"
)

// syncBuffer is a bytes.Buffer safe to read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listening = regexp.MustCompile(`listening on (http://[0-9.:]+)`)

// server is `specwright serve` running in this process through run, the
// same code path as the binary.
type server struct {
	url    string
	stop   func() int
	stdout *syncBuffer
	stderr *syncBuffer
}

func startServe(t *testing.T, env map[string]string, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	getenv := func(k string) string { return env[k] }
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), getenv, strings.NewReader(""), stdout, stderr)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := listening.FindStringSubmatch(stdout.String()); m != nil {
			s := &server{url: m[1], stdout: stdout, stderr: stderr}
			var once sync.Once
			code := 0
			s.stop = func() int {
				once.Do(func() { cancel(); code = <-done })
				return code
			}
			t.Cleanup(func() { s.stop() })
			return s
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s", code, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func wsTurn(t *testing.T, url, project string, frame map[string]any) []map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"/api/spec/ws/"+project, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	data, _ := json.Marshal(frame)
	if err := conn.Write(ctx, websocket.MessageText, data); err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			t.Fatalf("read: %v (so far %v)", err, out)
		}
		var m map[string]any
		json.Unmarshal(data, &m)
		out = append(out, m)
		if m["type"] == "response_done" || m["type"] == "error" || m["type"] == "question" {
			return out
		}
	}
}

// The binary's serve command, as the conformance suite starts it: the
// provider from the flags, the key and base URL from the environment, the
// data in --data-dir; stopped and started again, the interview goes on.
func TestServeAnthropicSurvivesRestart(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hello from the fake."),
		llmtest.Text("Still here after the restart."),
		// A provider that echoes the key back in its error message.
		llmtest.Status(401, "authentication_error", "invalid x-api-key: sk-ant-canary-1234"),
	))
	dir := t.TempDir()
	env := map[string]string{"ANTHROPIC_API_KEY": "sk-ant-canary-1234", "ANTHROPIC_BASE_URL": fake.URL}
	s := startServe(t, env, "--data-dir", dir, "--provider", "anthropic", "--model", "claude-test")
	got := wsTurn(t, s.url, "restartme", map[string]any{"type": "start"})
	if len(got) != 2 || got[0]["content"] != "Hello from the fake." {
		t.Fatalf("greeting: %v", got)
	}
	if code := s.stop(); code != 0 {
		t.Fatalf("serve exited with %d: %s", code, s.stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "specwright.db")); err != nil {
		t.Fatal(err)
	}

	s2 := startServe(t, env, "--data-dir", dir, "--provider", "anthropic", "--model", "claude-test")
	got = wsTurn(t, s2.url, "restartme", map[string]any{"type": "message", "content": "hi again"})
	if got[0]["content"] != "Still here after the restart." {
		t.Fatalf("after restart: %v", got)
	}
	got = wsTurn(t, s2.url, "restartme", map[string]any{"type": "message", "content": "and now?"})
	if last := got[len(got)-1]; last["type"] != "error" || strings.Contains(last["content"].(string), "canary") {
		t.Fatalf("error turn: %v", got)
	}
	reqs := fake.Requests()
	if len(reqs) != 3 || len(reqs[1].Messages) != 3 || reqs[1].Model != "claude-test" || reqs[1].APIKey != "sk-ant-canary-1234" {
		t.Fatalf("second request: %d requests, %s", len(reqs), reqs[len(reqs)-1].Raw)
	}
	resp, err := http.Get(s2.url + "/api/info")
	if err != nil {
		t.Fatal(err)
	}
	var info map[string]any
	json.NewDecoder(resp.Body).Decode(&info)
	resp.Body.Close()
	if info["provider"] != "anthropic" || info["model"] != "claude-test" || info["choice"] == nil {
		t.Fatalf("info = %v", info)
	}
	// The key is in no file the server keeps: database, WAL, projects.
	if code := s2.stop(); code != 0 {
		t.Fatalf("serve exited with %d", code)
	}
	if strings.Contains(s.stderr.String()+s2.stderr.String(), "canary") {
		t.Fatal("the API key appears in the log")
	}
	assertNoCanary(t, dir, "sk-ant-canary-1234")
}

func TestServeChoosesGuidedWithoutKey(t *testing.T) {
	s := startServe(t, map[string]string{}, "--data-dir", t.TempDir())
	got := wsTurn(t, s.url, "offline", map[string]any{"type": "start"})
	var text strings.Builder
	for _, m := range got {
		if m["type"] == "text" {
			text.WriteString(m["content"].(string))
		}
	}
	if !strings.Contains(strings.ToLower(text.String()), "guided") {
		t.Fatalf("the guided greeting should say so: %q", text.String())
	}
	if !strings.Contains(s.stderr.String(), "provider=guided") {
		t.Fatalf("the choice is not logged: %s", s.stderr.String())
	}
}

func TestServeRefusesBadConfiguration(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--provider", "anthropic", "--data-dir", t.TempDir()}, "ANTHROPIC_API_KEY"},
		{[]string{"serve", "--provider", "nope", "--data-dir", t.TempDir()}, "unknown provider"},
		{[]string{"serve", "--log-level", "loud", "--data-dir", t.TempDir()}, "--log-level \"loud\": use debug"},
		{[]string{"serve", "extra"}, "unexpected argument"},
		{[]string{"serve", "--pprof", "0.0.0.0:6060", "--data-dir", t.TempDir()}, "loopback address only"},
		{[]string{"frobnicate"}, "unknown command"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tc.args, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
		if code == 0 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want non-zero and %q", tc.args, code, stderr.String(), tc.want)
		}
	}
}

// --pprof serves the profiles on the loopback address given.
func TestServePprof(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	out, errs := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--pprof", addr, "--data-dir", t.TempDir()},
			func(string) string { return "" }, strings.NewReader(""), out, errs)
	}()
	defer func() { cancel(); <-done }()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/debug/pprof/cmdline")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "specwright") {
				t.Fatalf("/debug/pprof/cmdline: %d %q", resp.StatusCode, body)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no profiles on %s: %v; %q", addr, err, errs.String())
		}
	}
}

// N1: loopback by default; any other address needs --allow-remote and
// then a token, generated and printed when none is given.
func TestServeRemoteNeedsAllowRemoteAndToken(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"serve", "--addr", "0.0.0.0:0", "--data-dir", t.TempDir()},
		func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
	if code == 0 || !strings.Contains(stderr.String(), "--allow-remote") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}

	ctx, cancel := context.WithCancel(context.Background())
	out, errs := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "0.0.0.0:0", "--allow-remote", "--data-dir", t.TempDir()},
			func(string) string { return "" }, strings.NewReader(""), out, errs)
	}()
	defer func() { cancel(); <-done }()
	launch := regexp.MustCompile(`Open http://[^/]+:(\d+)/\?token=([A-Za-z0-9_-]{43})`)
	var m []string
	for deadline := time.Now().Add(10 * time.Second); m == nil; time.Sleep(10 * time.Millisecond) {
		m = launch.FindStringSubmatch(out.String())
		if time.Now().After(deadline) {
			t.Fatalf("no launch URL: %q %q", out.String(), errs.String())
		}
	}
	url := "http://127.0.0.1:" + m[1] + "/api/spec/sessions"
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("without the token: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+m[2])
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("with the token: %d", resp.StatusCode)
	}
	if strings.Contains(errs.String(), m[2]) {
		t.Fatal("the token appears in the log")
	}
}

// assertNoCanary fails if any file under dir (the database and its WAL,
// the projects) holds the secret.
func assertNoCanary(t *testing.T, dir, secret string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("%s holds the API key", path)
		}
		return nil
	})
}
