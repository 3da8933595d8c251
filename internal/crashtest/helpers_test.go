//go:build unix

package crashtest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
	_ "modernc.org/sqlite" // the driver for the integrity check

	"github.com/specwright/specwright/internal/llm/llmtest"
)

// canaryKey is the API key the binary gets; it must never show up in its
// output.
const canaryKey = "sk-ant-crashtest-canary-5b1f0e77"

var (
	buildOnce sync.Once
	buildDir  string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// binary builds cmd/specwright once per test run and returns its path.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		start := time.Now()
		buildDir, buildErr = os.MkdirTemp("", "specwright-crashtest-")
		if buildErr != nil {
			return
		}
		goTool := "go"
		if root := os.Getenv("GOROOT"); root != "" {
			if p := filepath.Join(root, "bin", "go"); fileExists(p) {
				goTool = p
			}
		}
		binPath = filepath.Join(buildDir, "specwright")
		args := []string{"build", "-o", binPath}
		if os.Getenv("CRASHTEST_RACE") == "1" {
			args = append(args, "-race")
		}
		cmd := exec.Command(goTool, append(args, "./cmd/specwright")...)
		cmd.Dir = filepath.Join("..", "..")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build ./cmd/specwright: %v\n%s", err, out)
			return
		}
		fmt.Fprintf(os.Stderr, "crashtest: built the binary in %v\n", time.Since(start).Round(time.Millisecond))
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// syncBuffer collects a process's output.
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

// server is one run of `specwright serve`.
type server struct {
	t       *testing.T
	cmd     *exec.Cmd
	addr    string // host:port it listens on
	dataDir string
	out     *syncBuffer // stdout and stderr
	done    chan struct{}
	waitErr error
	started time.Time
	ready   time.Duration // from exec to the listening line
}

var listeningRE = regexp.MustCompile(`listening on http://(\S+)`)

// startServer runs the binary on dataDir against the fake at fakeURL, on
// a port of its choosing, and waits until it listens.
func startServer(t *testing.T, dataDir, fakeURL string, extra ...string) *server {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dataDir, "--provider", "anthropic", "--log-level", "debug"}, extra...)
	cmd := exec.Command(binary(t), args...)
	cmd.Env = []string{
		"ANTHROPIC_API_KEY=" + canaryKey,
		"ANTHROPIC_BASE_URL=" + fakeURL,
		"HOME=" + dataDir,
		"PATH=/usr/bin:/bin",
	}
	s := &server{t: t, cmd: cmd, dataDir: dataDir, out: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout = s.out
	cmd.Stderr = s.out
	s.started = time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.waitErr = cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() { s.kill() })

	deadline := time.Now().Add(15 * time.Second)
	for {
		if m := listeningRE.FindStringSubmatch(s.out.String()); m != nil {
			s.addr = m[1]
			s.ready = time.Since(s.started)
			return s
		}
		select {
		case <-s.done:
			t.Fatalf("the server exited before listening: %v\n%s", s.waitErr, s.out.String())
		case <-time.After(2 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not listen within 15 s:\n%s", s.out.String())
		}
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (s *server) kill() {
	select {
	case <-s.done:
		return
	default:
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
}

// terminate sends SIGTERM and waits up to d for the process to exit; it
// returns the exit code, or -1 if it had to be killed.
func (s *server) terminate(d time.Duration) int {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
		return s.cmd.ProcessState.ExitCode()
	case <-time.After(d):
		s.kill()
		return -1
	}
}

// getJSON does a GET on the server and decodes the answer.
func (s *server) getJSON(path string, out any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+s.addr+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// event is a server message as the client sees it.
type event struct {
	Seq         int64  `json:"seq"`
	Type        string `json:"type"`
	Content     string `json:"content"`
	Path        string `json:"path"`
	Interrupted bool   `json:"interrupted"`
	at          time.Time
}

type transcript struct {
	SessionID int64   `json:"session_id"`
	Status    string  `json:"status"`
	Events    []event `json:"events"`
}

func (s *server) transcript(project string) (transcript, error) {
	var tr transcript
	err := s.getJSON("/api/spec/transcript/"+project, &tr)
	return tr, err
}

// client is a protocol version 2 WebSocket client. A goroutine reads
// every event into a channel; the channel closes when the socket ends,
// and closeErr then holds why.
type client struct {
	t        *testing.T
	conn     *websocket.Conn
	events   chan event
	closeErr error
}

func dial(t *testing.T, s *server, project string) *client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws://"+s.addr+"/api/spec/ws/"+project+"?v=2", nil)
	if err != nil {
		t.Fatalf("dial: %v\n%s", err, s.out.String())
	}
	conn.SetReadLimit(32 << 20)
	c := &client{t: t, conn: conn, events: make(chan event, 4096)}
	go func() {
		defer close(c.events)
		for {
			_, data, err := conn.Read(context.Background())
			if err != nil {
				c.closeErr = err
				return
			}
			var ev event
			if err := json.Unmarshal(data, &ev); err != nil {
				c.closeErr = fmt.Errorf("bad frame %q: %v", data, err)
				return
			}
			ev.at = time.Now()
			c.events <- ev
		}
	}()
	t.Cleanup(func() { conn.CloseNow() })
	return c
}

// send writes a client message; it reports a failed write (a dead
// server) instead of failing the test.
func (c *client) send(v any) error {
	data, _ := json.Marshal(v)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return c.conn.Write(ctx, websocket.MessageText, data)
}

func (c *client) message(content string) error {
	return c.send(map[string]any{"type": "message", "content": content})
}

var errTimeout = errors.New("timed out")

// next returns the next event, or an error when the socket closed or d
// passed.
func (c *client) next(d time.Duration) (event, error) {
	select {
	case ev, ok := <-c.events:
		if !ok {
			return event{}, fmt.Errorf("socket closed: %w", c.closeErr)
		}
		return ev, nil
	case <-time.After(d):
		return event{}, errTimeout
	}
}

// until reads events until one of the given types arrives, and returns
// all of them (the last one is that event).
func (c *client) until(d time.Duration, types ...string) ([]event, error) {
	deadline := time.Now().Add(d)
	var got []event
	for {
		ev, err := c.next(time.Until(deadline))
		if err != nil {
			return got, err
		}
		got = append(got, ev)
		for _, typ := range types {
			if ev.Type == typ {
				return got, nil
			}
		}
	}
}

// closeCode waits for the socket to end and returns its close code.
func (c *client) closeCode(d time.Duration) (websocket.StatusCode, []event) {
	var got []event
	deadline := time.Now().Add(d)
	for {
		ev, err := c.next(time.Until(deadline))
		if errors.Is(err, errTimeout) {
			return -1, got
		}
		if err != nil {
			return websocket.CloseStatus(c.closeErr), got
		}
		got = append(got, ev)
	}
}

// integrityCheck opens the database read-only and runs PRAGMA
// integrity_check.
func integrityCheck(dataDir string) (string, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dataDir, "specwright.db")+"?mode=ro")
	if err != nil {
		return "", err
	}
	defer db.Close()
	var lines []string
	rows, err := db.Query("PRAGMA integrity_check")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", err
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "; "), rows.Err()
}

// --- The fake model ---

// The spec files the model writes.
const (
	appSpecPath     = "prompts/app_spec.txt"
	initializerPath = "prompts/initializer_prompt.md"
)

// model is the fake provider's brain. It answers by what the latest
// instruction in the conversation says:
//
//	quick N         one text reply
//	work N          a turn of three Write calls (app_spec, initializer,
//	                app_spec again), then a text reply in many chunks
//	fault KIND N    the fault KIND, on every attempt
//	fault-after-write KIND N   one Write, then the fault
//
// and greets the user when there is none. Every request's conversation
// is checked for the shape the API demands.
type model struct {
	appSpec, initializer string // valid spec files to vary

	mu       sync.Mutex
	delay    time.Duration              // before each answer
	served   map[string]map[string]bool // path → contents sent in Write calls
	problems []string
	calls    int
	faults   int // fault responses sent (attempts, retries included)
}

func newModel(t *testing.T) *model {
	a, err := os.ReadFile(filepath.Join("..", "spec", "testdata", "app_spec.txt"))
	if err != nil {
		t.Fatal(err)
	}
	i, err := os.ReadFile(filepath.Join("..", "spec", "testdata", "initializer_prompt.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(a), "<project_name>Tidy</project_name>") {
		t.Fatal("the app_spec.txt test file changed: no <project_name>Tidy</project_name>")
	}
	return &model{appSpec: string(a), initializer: string(i), served: map[string]map[string]bool{}}
}

func (m *model) setDelay(d time.Duration) {
	m.mu.Lock()
	m.delay = d
	m.mu.Unlock()
}

// version returns the content of a spec file for instruction n, step s:
// a valid file that names its version.
func (m *model) version(path string, n, s int) string {
	tag := fmt.Sprintf("%d.%d", n, s)
	if path == appSpecPath {
		return strings.Replace(m.appSpec, "<project_name>Tidy</project_name>", "<project_name>Tidy "+tag+"</project_name>", 1)
	}
	return m.initializer + "\n<!-- version " + tag + " -->\n"
}

func (m *model) write(path string, n, s int) llmtest.ToolCall {
	content := m.version(path, n, s)
	m.mu.Lock()
	if m.served[path] == nil {
		m.served[path] = map[string]bool{}
	}
	m.served[path][content] = true
	m.mu.Unlock()
	return llmtest.ToolCall{ID: fmt.Sprintf("toolu_%d_%d", n, s), Name: "Write", Input: map[string]any{"file_path": path, "content": content}}
}

// known reports whether content is a version of path the model wrote.
func (m *model) known(path, content string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.served[path][content]
}

func (m *model) problem(format string, args ...any) {
	m.mu.Lock()
	m.problems = append(m.problems, fmt.Sprintf(format, args...))
	m.mu.Unlock()
}

func (m *model) takeProblems() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := m.problems
	m.problems = nil
	return p
}

func (m *model) stats() (calls, faults int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls, m.faults
}

// faultResponse is the answer for a fault kind.
func faultResponse(kind string) llmtest.Response {
	switch kind {
	case "429":
		return llmtest.Status(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit")
	case "529":
		return llmtest.Status(529, "overloaded_error", "Overloaded")
	case "500":
		return llmtest.Status(500, "api_error", "Internal server error")
	case "cut":
		return llmtest.Truncated()
	case "inband":
		return llmtest.StreamError("overloaded_error", "Overloaded")
	case "malformed":
		return llmtest.Malformed()
	case "stall":
		return llmtest.Stall(time.Minute)
	}
	return llmtest.Status(400, "invalid_request_error", "crashtest: unknown fault "+kind)
}

var faultKinds = []string{"429", "529", "500", "cut", "inband", "malformed", "stall"}

// handle is the llmtest.Handler.
func (m *model) handle(call int, req llmtest.Request) llmtest.Response {
	m.mu.Lock()
	m.calls++
	delay := m.delay
	m.mu.Unlock()
	m.checkShape(call, req)
	if delay > 0 {
		time.Sleep(delay)
	}

	verb, arg, n, step := instruction(req.Messages)
	switch verb {
	case "":
		return llmtest.Text("Hello! ", "What would you like ", "to build?")
	case "quick":
		return llmtest.Text("Reply ", "to ", fmt.Sprintf("quick %d.", n))
	case "work":
		switch step {
		case 0:
			return llmtest.Tools(fmt.Sprintf("Working on %d.", n), m.write(appSpecPath, n, 0))
		case 1:
			return llmtest.Tools("", m.write(initializerPath, n, 1))
		case 2:
			return llmtest.Tools("Almost there.", m.write(appSpecPath, n, 2))
		case 3:
			chunks := []string{"Done ", "with ", fmt.Sprint(n), ". "}
			for i := range 12 {
				chunks = append(chunks, fmt.Sprintf("Chunk %d. ", i))
			}
			return llmtest.Text(chunks...)
		default:
			return llmtest.Text("Done.")
		}
	case "fault":
		m.countFault()
		return faultResponse(arg)
	case "fault-after-write":
		if step == 0 {
			return llmtest.Tools("Writing first.", m.write(appSpecPath, n, 0))
		}
		m.countFault()
		return faultResponse(arg)
	}
	m.problem("call %d: unknown instruction %q", call, verb)
	return llmtest.Text("?")
}

func (m *model) countFault() {
	m.mu.Lock()
	m.faults++
	m.mu.Unlock()
}

var instructionRE = regexp.MustCompile(`^(quick|work|fault|fault-after-write)(?: (\S+))? (\d+)$`)

// instruction finds the latest instruction in the conversation: its verb,
// argument and number, and step, the number of assistant messages after
// it.
func instruction(msgs []map[string]any) (verb, arg string, n, step int) {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i]["role"] != "user" {
			continue
		}
		texts := textsOf(msgs[i]["content"])
		for j := len(texts) - 1; j >= 0; j-- {
			m := instructionRE.FindStringSubmatch(strings.TrimSpace(texts[j]))
			if m == nil {
				continue
			}
			fmt.Sscan(m[3], &n)
			for _, later := range msgs[i+1:] {
				if later["role"] == "assistant" {
					step++
				}
			}
			return m[1], m[2], n, step
		}
	}
	return "", "", 0, 0
}

func textsOf(content any) []string {
	if s, ok := content.(string); ok {
		return []string{s}
	}
	var out []string
	blocks, _ := content.([]any)
	for _, b := range blocks {
		if b, ok := b.(map[string]any); ok && b["type"] == "text" {
			s, _ := b["text"].(string)
			out = append(out, s)
		}
	}
	return out
}

// checkShape records a problem when the conversation is not one the API
// accepts: roles alternate starting with the user, and every tool_use is
// answered, first thing, by a tool_result in the next message.
func (m *model) checkShape(call int, req llmtest.Request) {
	msgs := req.Messages
	if len(msgs) == 0 {
		m.problem("call %d: no messages", call)
		return
	}
	for i, msg := range msgs {
		want := "user"
		if i%2 == 1 {
			want = "assistant"
		}
		if msg["role"] != want {
			m.problem("call %d: message %d has role %v, want %s", call, i, msg["role"], want)
			return
		}
		if want != "assistant" {
			continue
		}
		var ids []string
		blocks, _ := msg["content"].([]any)
		for _, b := range blocks {
			if b, ok := b.(map[string]any); ok && b["type"] == "tool_use" {
				id, _ := b["id"].(string)
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			continue
		}
		if i+1 >= len(msgs) {
			m.problem("call %d: the last message is an assistant tool_use", call)
			return
		}
		results, _ := msgs[i+1]["content"].([]any)
		for k, id := range ids {
			if k >= len(results) {
				m.problem("call %d: tool_use %s has no tool_result", call, id)
				return
			}
			r, _ := results[k].(map[string]any)
			if r["type"] != "tool_result" || r["tool_use_id"] != id {
				m.problem("call %d: tool_use %s is not answered first by its tool_result: %v", call, id, r)
				return
			}
		}
	}
	if msgs[len(msgs)-1]["role"] != "user" {
		m.problem("call %d: the conversation does not end with the user", call)
	}
}
