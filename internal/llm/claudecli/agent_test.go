//go:build unix

package claudecli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
)

const testKey = "sk-ant-fake-0123456789abcdef"

// harness is an Agent driving the fake claude, and what the fake recorded.
type harness struct {
	t   *testing.T
	a   *Agent
	cfg Config
	rec string // the fake's record folder
	dir string // the project folder
}

// newHarness returns an Agent whose claude is the fake. change adjusts the
// configuration; env is added to the child's environment.
func newHarness(t *testing.T, change func(*Config), env ...string) *harness {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	h := &harness{t: t, rec: filepath.Join(root, "record"), dir: filepath.Join(root, "project")}
	for _, d := range []string{h.rec, h.dir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	logs := &syncBuffer{}
	h.cfg = Config{
		Binary:       self,
		Env:          append(fakeEnv(h.rec, root), env...),
		ConfigDir:    filepath.Join(root, "claude-config"),
		StartTimeout: 20 * time.Second,
		Logger:       slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if change != nil {
		change(&h.cfg)
	}
	h.a = New(h.cfg)
	h.a.stopGrace = 2 * time.Second
	t.Cleanup(func() {
		h.a.Shutdown()
		if t.Failed() {
			t.Logf("agent log:\n%s", logs.String())
		}
	})
	return h
}

// fakeEnv is the environment of the fake: what it needs, a key to keep
// out of errors, and no one-second sleep at exit under the race detector.
func fakeEnv(rec, home string) []string {
	return []string{fakeSwitch + "=1", "FAKE_RECORD=" + rec, "HOME=" + home, "PATH=/usr/bin:/bin",
		"ANTHROPIC_API_KEY=" + testKey, "GORACE=atexit_sleep_ms=0"}
}

// events collects what a Run reports.
type events struct {
	texts    []string
	messages []chat.Message
	wrote    []string
	sessions []string
}

func (e *events) hooks() llm.AgentEvents {
	return llm.AgentEvents{
		Text:      func(s string) { e.texts = append(e.texts, s) },
		Message:   func(m chat.Message) { e.messages = append(e.messages, m) },
		Wrote:     func(rel string) { e.wrote = append(e.wrote, rel) },
		SessionID: func(id string) { e.sessions = append(e.sessions, id) },
	}
}

func (h *harness) req(key, text string) llm.AgentRequest {
	return llm.AgentRequest{Key: key, Dir: h.dir, System: "You interview.", Message: []chat.Block{chat.TextBlock(text)}}
}

// run sends text to the agent of key and fails the test on an error.
func (h *harness) run(key, text string) (*events, llm.AgentStop) {
	h.t.Helper()
	e := &events{}
	stop, err := h.a.Run(context.Background(), h.req(key, text), e.hooks())
	if err != nil {
		h.t.Fatalf("Run(%q): %v", text, err)
	}
	return e, stop
}

// starts returns the starts the fake recorded, in order.
func (h *harness) starts() []fakeStart {
	h.t.Helper()
	var out []fakeStart
	for _, line := range readLines(h.t, filepath.Join(h.rec, "starts.jsonl")) {
		var s fakeStart
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			h.t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// stdin returns the lines the fake of pid read, decoded.
func (h *harness) stdin(pid int) []map[string]any {
	h.t.Helper()
	var out []map[string]any
	for _, line := range readLines(h.t, filepath.Join(h.rec, fmt.Sprintf("stdin-%d.jsonl", pid))) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			h.t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// responses returns the control_responses the fake of pid read.
func (h *harness) responses(pid int) []map[string]any {
	var out []map[string]any
	for _, m := range h.stdin(pid) {
		if m["type"] == "control_response" {
			out = append(out, m["response"].(map[string]any))
		}
	}
	return out
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// alive reports whether pid is a running process (not a zombie).
func alive(pid int) bool {
	if pid <= 0 || syscall.Kill(pid, 0) != nil {
		return false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	i := bytes.LastIndexByte(b, ')')
	return i < 0 || i+2 >= len(b) || (b[i+2] != 'Z' && b[i+2] != 'X')
}

// waitGone waits up to d for pid to end.
func waitGone(t *testing.T, pid int, d time.Duration) {
	t.Helper()
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if !alive(pid) {
			return
		}
	}
	t.Fatalf("process %d still runs after %s", pid, d)
}

func argValue(args []string, flag string) string {
	if i := slices.Index(args, flag); i >= 0 && i+1 < len(args) {
		return args[i+1]
	}
	return ""
}

func errKind(t *testing.T, err error) *llm.Error {
	t.Helper()
	e, ok := llm.AsError(err)
	if !ok {
		t.Fatalf("error %v (%T) is not an *llm.Error", err, err)
	}
	return e
}

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

func TestTextStreaming(t *testing.T) {
	h := newHarness(t, nil)
	e, stop := h.run("k", "hello")
	if stop.Question != nil {
		t.Errorf("stop = %+v", stop)
	}
	if got := strings.Join(e.texts, "|"); got != "Hel|lo!" {
		t.Errorf("texts = %q", got)
	}
	if len(e.messages) != 1 || e.messages[0].Role != chat.RoleAssistant || e.messages[0].Text() != "Hello!" {
		t.Errorf("messages = %+v", e.messages)
	}
	starts := h.starts()
	if len(starts) != 1 {
		t.Fatalf("%d starts", len(starts))
	}
	id := argValue(starts[0].Args, "--session-id")
	if len(e.sessions) != 1 || e.sessions[0] != id || len(id) != 36 {
		t.Errorf("sessions = %q, --session-id %q", e.sessions, id)
	}
	if h.a.Model() != "fake-model" {
		t.Errorf("Model() = %q", h.a.Model())
	}

	// The next turn goes to the same process, which reports no new id.
	e, _ = h.run("k", "hello")
	if len(h.starts()) != 1 || len(e.sessions) != 0 || e.messages[0].Text() != "Hello!" {
		t.Errorf("second turn: %d starts, sessions %q", len(h.starts()), e.sessions)
	}
	// The fake read the initialize request and two user messages.
	var kinds []string
	for _, m := range h.stdin(starts[0].Pid) {
		kinds = append(kinds, m["type"].(string))
	}
	if got := strings.Join(kinds, " "); got != "control_request user user" {
		t.Errorf("stdin = %s", got)
	}
}

func TestArgvEnvAndPromptFile(t *testing.T) {
	t.Setenv("ANTHROPIC_API_KEY", "sk-inherited-must-not-pass")
	t.Setenv("ANTHROPIC_BASE_URL", "http://inherited.invalid")
	h := newHarness(t, func(c *Config) { c.Model = "claude-test-model" }, "CLAUDE_CONFIG_DIR=/somewhere/else", "DISABLE_TELEMETRY=0")
	// Longer than one argument may be on Linux (128 KiB): it would not even
	// start if it were passed on the command line.
	marker := "PROMPT-MARKER-" + strings.Repeat("interview ", 30000)
	req := h.req("k", "hello")
	req.System = marker
	if _, err := h.a.Run(context.Background(), req, llm.AgentEvents{}); err != nil {
		t.Fatal(err)
	}
	st := h.starts()[0]

	promptFile := argValue(st.Args, "--system-prompt-file")
	want := []string{"-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose",
		"--include-partial-messages", "--permission-prompt-tool", "stdio", "--tools", "Read,Write,Edit,Glob,AskUserQuestion",
		"--permission-mode", "acceptEdits", "--model", "claude-test-model",
		"--session-id", argValue(st.Args, "--session-id"), "--system-prompt-file", promptFile}
	if !slices.Equal(st.Args, want) {
		t.Errorf("args:\n got %q\nwant %q", st.Args, want)
	}
	for _, a := range st.Args {
		if strings.Contains(a, "PROMPT-MARKER") {
			t.Error("the system prompt is on the command line")
		}
	}
	if st.Prompt != marker {
		t.Errorf("the prompt file holds %d bytes, want %d", len(st.Prompt), len(marker))
	}
	if _, inside := within(h.dir, promptFile); inside {
		t.Errorf("the prompt file %s is in the project", promptFile)
	}
	if st.Dir != h.dir {
		t.Errorf("working directory %s, want %s", st.Dir, h.dir)
	}

	wantEnv := append(fakeEnv(h.rec, filepath.Dir(h.dir)),
		"CLAUDE_CONFIG_DIR="+h.cfg.ConfigDir, "DISABLE_AUTOUPDATER=1", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1", "DISABLE_TELEMETRY=1")
	if !slices.Equal(st.Env, wantEnv) {
		t.Errorf("env:\n got %q\nwant %q", st.Env, wantEnv)
	}
	if fi, err := os.Stat(h.cfg.ConfigDir); err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700 {
		t.Errorf("config folder: %v %v", fi, err)
	}

	// Nothing of ours is in the project, and the prompt's folder goes with
	// the process.
	if ents, _ := os.ReadDir(h.dir); len(ents) != 0 {
		t.Errorf("the project holds %v", ents)
	}
	h.a.Close("k")
	if _, err := os.Stat(filepath.Dir(promptFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the prompt's folder is left: %v", err)
	}
}

func TestWroteAndMessages(t *testing.T) {
	h := newHarness(t, nil)
	e, _ := h.run("k", "write the spec")
	if want := []string{"prompts/app_spec.txt", "prompts/initializer_prompt.md"}; !slices.Equal(e.wrote, want) {
		t.Errorf("wrote = %q, want %q", e.wrote, want)
	}
	// Blocks of one message id are merged; each tool result is reported.
	var shape []string
	for _, m := range e.messages {
		var blocks []string
		for _, b := range m.Content {
			s := string(b.Type)
			if b.Type == chat.BlockToolUse {
				s += ":" + b.Name
			}
			if b.Type == chat.BlockToolResult && b.IsError {
				s += ":error"
			}
			blocks = append(blocks, s)
		}
		shape = append(shape, string(m.Role)+"["+strings.Join(blocks, ",")+"]")
	}
	want := "assistant[text,tool_use:Write] user[tool_result] assistant[tool_use:Edit] user[tool_result] " +
		"assistant[tool_use:Write] user[tool_result] assistant[tool_use:Write] user[tool_result:error] " +
		"assistant[tool_use:Read] user[tool_result] assistant[text]"
	if got := strings.Join(shape, " "); got != want {
		t.Errorf("messages:\n got %s\nwant %s", got, want)
	}
	first := e.messages[0].Content[1]
	if first.ID != "toolu_w1" || !strings.Contains(string(first.Input), "app_spec.txt") {
		t.Errorf("tool_use = %+v", first)
	}
	if r := e.messages[1].Content[0]; r.ToolUseID != "toolu_w1" || !strings.HasPrefix(r.Text, "File created") {
		t.Errorf("tool_result = %+v", r)
	}
}

func TestAskRoundTrip(t *testing.T) {
	h := newHarness(t, nil)
	e, stop := h.run("k", "ask me")
	q := stop.Question
	if q == nil || q.ToolID != "toolu_ask" || len(q.Questions) != 2 || q.Questions[0].Question != "Which database?" ||
		len(q.Questions[1].Options) != 3 || !q.Questions[1].MultiSelect {
		t.Fatalf("question = %+v", q)
	}
	if len(e.messages) != 1 || len(e.messages[0].Content) != 2 || e.messages[0].Content[1].Name != "AskUserQuestion" {
		t.Errorf("messages before the question = %+v", e.messages)
	}

	e = &events{}
	ans := &llm.AgentAnswer{ToolID: q.ToolID, Questions: q.Questions, Answers: [][]string{{"SQLite"}, {"Web", "Mobile"}}}
	stop, err := h.a.Run(context.Background(), llm.AgentRequest{Key: "k", Dir: h.dir, Answer: ans}, e.hooks())
	if err != nil || stop.Question != nil {
		t.Fatalf("answer: %+v %v", stop, err)
	}
	pid := h.starts()[0].Pid
	resp := h.responses(pid)
	if len(resp) != 1 || resp[0]["request_id"] != "ask-1" || resp[0]["subtype"] != "success" {
		t.Fatalf("responses = %v", resp)
	}
	inner := resp[0]["response"].(map[string]any)
	upd := inner["updatedInput"].(map[string]any)
	gotQ, _ := json.Marshal(upd["questions"])
	wantQ, _ := json.Marshal(askInput["questions"])
	if inner["behavior"] != "allow" || string(gotQ) != string(wantQ) {
		t.Errorf("response = %v", inner)
	}
	if a, _ := json.Marshal(upd["answers"]); string(a) != `{"Which database?":"SQLite","Which platforms?":"Web, Mobile"}` {
		t.Errorf("answers = %s", a)
	}
	if _, ok := upd["response"]; ok {
		t.Errorf("response set for chosen options: %v", upd)
	}
	if len(e.messages) != 2 || e.messages[0].Role != chat.RoleUser || !strings.Contains(e.messages[0].Content[0].Text, "Web, Mobile") ||
		e.messages[1].Text() != "Thanks." {
		t.Errorf("messages after the answer = %+v", e.messages)
	}

	// A plain message while a question waits answers it in free text.
	if _, stop := h.run("k", "ask again"); stop.Question == nil {
		t.Fatal("no second question")
	}
	e, _ = h.run("k", "Whatever is simplest")
	if len(e.messages) == 0 || !strings.Contains(e.messages[0].Content[0].Text, `"response":"Whatever is simplest"`) {
		t.Errorf("messages after the free text = %+v", e.messages)
	}
	resp = h.responses(pid)
	upd = resp[1]["response"].(map[string]any)["updatedInput"].(map[string]any)
	if upd["response"] != "Whatever is simplest" || len(upd["answers"].(map[string]any)) != 0 {
		t.Errorf("free-text answer = %v", upd)
	}
	if len(h.starts()) != 1 {
		t.Errorf("%d starts", len(h.starts()))
	}
}

func TestOutputAfterQuestion(t *testing.T) {
	// What the CLI writes after asking (here: another tool call of the
	// same message) goes to the Run that carries the answer.
	h := newHarness(t, nil)
	e, stop := h.run("k", "askwrite")
	if stop.Question == nil || len(e.wrote) != 0 {
		t.Fatalf("stop %+v, wrote %q", stop, e.wrote)
	}
	e = &events{}
	ans := &llm.AgentAnswer{Answers: [][]string{{"SQLite"}, {"Web"}}}
	if _, err := h.a.Run(context.Background(), llm.AgentRequest{Key: "k", Dir: h.dir, Answer: ans}, e.hooks()); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(e.wrote, []string{"notes.md"}) {
		t.Errorf("wrote = %q", e.wrote)
	}
	if len(e.messages) != 3 || e.messages[0].Content[0].Name != "Write" || len(e.messages[1].Content) != 2 {
		t.Errorf("messages = %+v", e.messages)
	}
}

func TestAnswerAfterRestart(t *testing.T) {
	h := newHarness(t, func(c *Config) {
		c.IdleTimeout = time.Hour
		c.QuestionTimeout = 200 * time.Millisecond
	})
	_, stop := h.run("k", "ask me")
	if stop.Question == nil {
		t.Fatal("no question")
	}
	first := h.starts()[0]
	// A process waiting for an answer ends after QuestionTimeout.
	waitGone(t, first.Pid, 5*time.Second)
	ans := &llm.AgentAnswer{ToolID: stop.Question.ToolID, Questions: stop.Question.Questions, Answers: [][]string{{"PostgreSQL"}, {"Desktop"}}}
	e := &events{}
	if _, err := h.a.Run(context.Background(), llm.AgentRequest{Key: "k", Dir: h.dir, Answer: ans}, e.hooks()); err != nil {
		t.Fatal(err)
	}
	second := h.starts()[1]
	if argValue(second.Args, "--resume") != argValue(first.Args, "--session-id") {
		t.Errorf("restart args %q", second.Args)
	}
	var user string
	for _, m := range h.stdin(second.Pid) {
		if m["type"] == "user" {
			user = userText(m)
		}
	}
	if !strings.Contains(user, "Q: Which database?\nA: PostgreSQL") || !strings.Contains(user, "A: Desktop") {
		t.Errorf("the answer went as %q", user)
	}
}

func TestPermissions(t *testing.T) {
	h := newHarness(t, nil)
	if err := os.Symlink("/etc", filepath.Join(h.dir, "link")); err != nil {
		t.Fatal(err)
	}
	h.run("k", "outside")
	pid := h.starts()[0].Pid
	// The fake does not wait for the answer to its last request.
	for end := time.Now().Add(5 * time.Second); len(h.responses(pid)) < 10 && time.Now().Before(end); {
		time.Sleep(10 * time.Millisecond)
	}
	resp := h.responses(pid)
	want := []string{
		"deny /etc/hostname is outside the project folder",
		"allow",
		"deny " + filepath.Join(h.dir, "link", "hostname") + " is outside",
		"deny /etc is outside",
		"allow",
		"deny " + filepath.Dir(h.dir) + " is outside",
		"deny .claude/settings.json configures Claude Code or git",
		"deny ../x.txt is outside",
		"deny The Bash tool is not available",
	}
	if len(resp) != len(want)+1 {
		t.Fatalf("%d responses: %v", len(resp), resp)
	}
	for i, w := range want {
		inner, _ := resp[i]["response"].(map[string]any)
		got := fmt.Sprint(inner["behavior"])
		if m, ok := inner["message"].(string); ok {
			got += " " + m
		}
		if resp[i]["request_id"] != fmt.Sprintf("perm-%d", i) || !strings.HasPrefix(got, w) {
			t.Errorf("response %d = %q, want %q…", i, got, w)
		}
		if w == "allow" && inner["updatedInput"] == nil {
			t.Errorf("response %d allows without updatedInput", i)
		}
	}
	if last := resp[len(want)]; last["subtype"] != "error" || last["request_id"] != "hook-1" {
		t.Errorf("unknown request answered %v", last)
	}
}

func TestResultErrors(t *testing.T) {
	h := newHarness(t, nil)
	cases := []struct {
		word   string
		kind   llm.ErrorKind
		status int
		has    []string
	}{
		// The harness gives the child an API key, so a 401 is about that key.
		{"auth", llm.ErrAuth, 401, []string{"401: Invalid API key", "rejected the API key", "SPECWRIGHT_CLAUDE_ENV", "subscription"}},
		{"loggedout", llm.ErrAuth, 0, []string{"Not logged in", "/login"}},
		{"idle", llm.ErrTimeout, 0, []string{"sent nothing for too long", "Stream idle timeout"}},
		{"broken", llm.ErrStream, 0, []string{"broke off", "Connection to the API was lost"}},
		{"ratelimit", llm.ErrRateLimit, 429, []string{"rate limit or usage limit", "429"}},
		{"overloaded", llm.ErrOverloaded, 529, []string{"overloaded", "529"}},
		{"maxturns", llm.ErrUnavailable, 0, []string{"3 steps", "Send a message"}},
		{"execerror", llm.ErrUnavailable, 0, []string{"error during this turn"}},
		{"leak", llm.ErrUnavailable, 0, []string{"[redacted]"}},
	}
	for _, c := range cases {
		e := &events{}
		_, err := h.a.Run(context.Background(), h.req("k", c.word), e.hooks())
		le := errKind(t, err)
		if le.Kind != c.kind || le.Status != c.status || le.Provider != Name {
			t.Errorf("%s: kind %s status %d, want %s %d: %v", c.word, le.Kind, le.Status, c.kind, c.status, err)
		}
		for _, s := range c.has {
			if !strings.Contains(le.Message, s) {
				t.Errorf("%s: message %q lacks %q", c.word, le.Message, s)
			}
		}
		if strings.Contains(err.Error(), testKey) {
			t.Errorf("%s: the key is in %q", c.word, err)
		}
		for _, m := range e.messages {
			if strings.Contains(m.Text(), "API") {
				t.Errorf("%s: the synthetic error message was reported: %+v", c.word, m)
			}
		}
	}
	// The process survived every failed turn.
	if e, _ := h.run("k", "hello"); e.messages[0].Text() != "Hello!" || len(h.starts()) != 1 {
		t.Errorf("after the errors: %d starts", len(h.starts()))
	}
}

func TestInterrupt(t *testing.T) {
	h := newHarness(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := &events{}
	hooks := e.hooks()
	hooks.Text = func(s string) { e.texts = append(e.texts, s); cancel() }
	start := time.Now()
	_, err := h.a.Run(ctx, h.req("k", "slow"), hooks)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the interrupt took %s", d)
	}
	if len(e.messages) != 1 || e.messages[0].Text() != "Thinking" {
		t.Errorf("messages = %+v", e.messages)
	}
	pid := h.starts()[0].Pid
	var sent []string
	for _, m := range h.stdin(pid) {
		if r, ok := m["request"].(map[string]any); ok {
			sent = append(sent, r["subtype"].(string))
		}
	}
	if !slices.Equal(sent, []string{"initialize", "interrupt"}) {
		t.Errorf("control requests = %q", sent)
	}
	// The same process serves the next turn.
	if e, _ := h.run("k", "hello"); e.messages[0].Text() != "Hello!" || len(h.starts()) != 1 {
		t.Errorf("after the interrupt: %d starts", len(h.starts()))
	}

	// A context already done sends nothing.
	_, err = h.a.Run(ctx, h.req("k", "hello"), llm.AgentEvents{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("done context: %v", err)
	}
}

func TestInterruptUnanswered(t *testing.T) {
	h := newHarness(t, nil, "FAKE_MODE=deaf")
	h.a.interruptWait = 300 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hooks := llm.AgentEvents{Text: func(string) { cancel() }}
	start := time.Now()
	if _, err := h.a.Run(ctx, h.req("k", "slow"), hooks); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
	first := h.starts()[0]
	if alive(first.Pid) || h.a.live() != 0 {
		t.Errorf("the process that ignored the interrupt still runs")
	}
	h.run("k", "hello")
	if second := h.starts()[1]; argValue(second.Args, "--resume") != argValue(first.Args, "--session-id") {
		t.Errorf("restart args %q", second.Args)
	}
}

func TestReapIdle(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.IdleTimeout = 200 * time.Millisecond }, "FAKE_CHILD=1")
	h.run("k", "hello")
	first := h.starts()[0]
	if !alive(first.Pid) || !alive(first.Child) {
		t.Fatalf("process %d or its child %d is not running", first.Pid, first.Child)
	}
	waitGone(t, first.Pid, 5*time.Second)
	waitGone(t, first.Child, 5*time.Second)
	if n := h.a.live(); n != 0 {
		t.Errorf("%d live processes", n)
	}
	// The next turn resumes the conversation.
	h.run("k", "hello")
	if second := h.starts()[1]; argValue(second.Args, "--resume") != argValue(first.Args, "--session-id") {
		t.Errorf("restart args %q", second.Args)
	}
}

func TestCloseEndsProcessGroup(t *testing.T) {
	h := newHarness(t, nil, "FAKE_CHILD=1")
	h.run("k", "hello")
	first := h.starts()[0]
	h.a.Close("k")
	// Close returns once the process is reaped; its child dies with the group.
	if alive(first.Pid) {
		t.Errorf("process %d runs after Close", first.Pid)
	}
	waitGone(t, first.Child, 2*time.Second)
	h.a.Close("k") // nothing to close
	h.a.Close("other")

	req := h.req("k", "hello")
	req.ResumeID = "11111111-2222-4333-8444-555555555555"
	if _, err := h.a.Run(context.Background(), req, llm.AgentEvents{}); err != nil {
		t.Fatal(err)
	}
	if second := h.starts()[1]; argValue(second.Args, "--resume") != req.ResumeID {
		t.Errorf("restart args %q", second.Args)
	}
}

func TestCloseKillsStubbornProcess(t *testing.T) {
	h := newHarness(t, nil, "FAKE_MODE=stubborn")
	h.a.stopGrace = 300 * time.Millisecond
	h.run("k", "hello")
	pid := h.starts()[0].Pid
	start := time.Now()
	h.a.Close("k")
	if d := time.Since(start); d < 300*time.Millisecond || d > 5*time.Second {
		t.Errorf("Close took %s", d)
	}
	if alive(pid) {
		t.Errorf("process %d survived Close", pid)
	}
}

func TestShutdown(t *testing.T) {
	h := newHarness(t, nil)
	h.run("a", "hello")
	h.run("b", "hello")
	h.a.Shutdown()
	for _, s := range h.starts() {
		if alive(s.Pid) {
			t.Errorf("process %d runs after Shutdown", s.Pid)
		}
	}
	_, err := h.a.Run(context.Background(), h.req("a", "hello"), llm.AgentEvents{})
	if e := errKind(t, err); e.Kind != llm.ErrUnavailable || !strings.Contains(e.Message, "shut down") {
		t.Errorf("Run after Shutdown: %v", err)
	}
	h.a.Shutdown()
}

func TestCap(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.MaxProcesses = 2 })
	h.run("a", "hello")
	h.run("b", "hello")
	h.run("c", "hello") // ends a, the least recently used
	starts := h.starts()
	if alive(starts[0].Pid) || !alive(starts[1].Pid) || !alive(starts[2].Pid) || h.a.live() != 2 {
		t.Errorf("after the third start: a %v, b %v, c %v, %d live",
			alive(starts[0].Pid), alive(starts[1].Pid), alive(starts[2].Pid), h.a.live())
	}

	// With both processes in a turn, a third session is refused.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for _, key := range []string{"b", "c"} {
		streaming := make(chan struct{})
		var once sync.Once
		wg.Go(func() {
			_, err := h.a.Run(ctx, h.req(key, "slow"), llm.AgentEvents{Text: func(string) { once.Do(func() { close(streaming) }) }})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s: %v", key, err)
			}
		})
		<-streaming
	}
	_, err := h.a.Run(context.Background(), h.req("d", "hello"), llm.AgentEvents{})
	e := errKind(t, err)
	if e.Kind != llm.ErrUnavailable || e.Message != "2 Claude Code sessions are already running; try again when one finishes." {
		t.Errorf("over the cap: %v", err)
	}
	// A second Run of a key whose turn runs is a caller's mistake.
	if _, err := h.a.Run(context.Background(), h.req("b", "hello"), llm.AgentEvents{}); err == nil || !strings.Contains(err.Error(), "already running") {
		t.Errorf("overlapping Run: %v", err)
	}
	cancel()
	wg.Wait()
	h.run("d", "hello")
}

func TestStartFailures(t *testing.T) {
	t.Run("missing binary", func(t *testing.T) {
		h := newHarness(t, func(c *Config) { c.Binary = "/nonexistent/claude" })
		_, err := h.a.Run(context.Background(), h.req("k", "hello"), llm.AgentEvents{})
		e := errKind(t, err)
		if e.Kind != llm.ErrUnavailable || !strings.Contains(e.Message, "/nonexistent/claude") || !strings.Contains(e.Message, "no such file") {
			t.Errorf("%v", err)
		}
		if h.a.live() != 0 {
			t.Error("a failed start is counted as live")
		}
	})
	t.Run("bare name looked up in Env's PATH", func(t *testing.T) {
		h := newHarness(t, func(c *Config) { c.Binary = "claude-nowhere" })
		_, err := h.a.Run(context.Background(), h.req("k", "hello"), llm.AgentEvents{})
		if e := errKind(t, err); !strings.Contains(e.Message, "claude-nowhere") {
			t.Errorf("%v", err)
		}
	})
	t.Run("exits at once", func(t *testing.T) {
		h := newHarness(t, nil, "FAKE_MODE=exit")
		_, err := h.a.Run(context.Background(), h.req("k", "hello"), llm.AgentEvents{})
		e := errKind(t, err)
		if e.Kind != llm.ErrUnavailable || !strings.Contains(e.Message, "exited as it started (exit status 3)") ||
			!strings.Contains(e.Message, "the fake refuses to start") || !strings.Contains(e.Message, "key was [redacted]") {
			t.Errorf("%v", err)
		}
		if strings.Contains(err.Error(), testKey) {
			t.Errorf("the key is in %q", err)
		}
	})
	t.Run("no answer to initialize", func(t *testing.T) {
		h := newHarness(t, func(c *Config) { c.StartTimeout = 300 * time.Millisecond }, "FAKE_MODE=silent")
		_, err := h.a.Run(context.Background(), h.req("k", "hello"), llm.AgentEvents{})
		e := errKind(t, err)
		if e.Kind != llm.ErrTimeout || !strings.Contains(e.Message, "did not start within 300ms") || !strings.Contains(e.Message, "fake claude starting") {
			t.Errorf("%v", err)
		}
		if pid := h.starts()[0].Pid; alive(pid) {
			t.Errorf("process %d runs after its start timed out", pid)
		}
	})
	t.Run("nothing to resume", func(t *testing.T) {
		h := newHarness(t, nil, "FAKE_MODE=badresume")
		req := h.req("k", "hello")
		req.ResumeID = "11111111-2222-4333-8444-555555555555"
		_, err := h.a.Run(context.Background(), req, llm.AgentEvents{})
		if e := errKind(t, err); e.Kind != llm.ErrNotFound || !strings.Contains(e.Message, "no saved conversation") {
			t.Errorf("%v", err)
		}
	})
	t.Run("context done while starting", func(t *testing.T) {
		h := newHarness(t, nil, "FAKE_MODE=silent")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() { // cancel once the fake runs
			for {
				if b, _ := os.ReadFile(filepath.Join(h.rec, "starts.jsonl")); len(b) > 0 {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			cancel()
		}()
		if _, err := h.a.Run(ctx, h.req("k", "hello"), llm.AgentEvents{}); !errors.Is(err, context.Canceled) {
			t.Errorf("%v", err)
		}
		waitGone(t, h.starts()[0].Pid, 2*time.Second)
	})
}

func TestCrashMidTurn(t *testing.T) {
	h := newHarness(t, nil)
	_, err := h.a.Run(context.Background(), h.req("k", "crash"), llm.AgentEvents{})
	e := errKind(t, err)
	if e.Kind != llm.ErrUnavailable || !strings.Contains(e.Message, "stopped unexpectedly (exit status 2)") || !strings.Contains(e.Message, "the fake crashed") {
		t.Errorf("%v", err)
	}
	if h.a.live() != 0 {
		t.Error("the crashed process is still counted")
	}
	h.run("k", "hello")
	if s := h.starts(); len(s) != 2 || argValue(s[1].Args, "--resume") == "" {
		t.Errorf("restart: %+v", s)
	}
}

func TestLongLine(t *testing.T) {
	h := newHarness(t, nil)
	e, _ := h.run("k", "big")
	if len(e.texts) != 1 || len(e.texts[0]) != 5<<20 || len(e.messages) != 1 {
		t.Errorf("got %d texts, %d messages", len(e.texts), len(e.messages))
	}
}

func TestLineTooLong(t *testing.T) {
	defer func(n int) { maxLine = n }(maxLine)
	maxLine = 1 << 20
	h := newHarness(t, nil)
	_, err := h.a.Run(context.Background(), h.req("k", "big"), llm.AgentEvents{})
	if e := errKind(t, err); e.Kind != llm.ErrStream || !strings.Contains(e.Message, "longer than 1 MiB") {
		t.Errorf("%v", err)
	}
	waitGone(t, h.starts()[0].Pid, 5*time.Second)
	if h.a.live() != 0 {
		t.Error("the process is still counted")
	}
}

func TestRequestChecks(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	if _, err := h.a.Run(ctx, llm.AgentRequest{Dir: h.dir, Message: []chat.Block{chat.TextBlock("x")}}, llm.AgentEvents{}); err == nil {
		t.Error("no key accepted")
	}
	if _, err := h.a.Run(ctx, llm.AgentRequest{Key: "k", Dir: h.dir}, llm.AgentEvents{}); err == nil {
		t.Error("no input accepted")
	}
	req := h.req("k", "hello")
	req.Dir = filepath.Join(h.dir, "missing")
	_, err := h.a.Run(ctx, req, llm.AgentEvents{})
	if e := errKind(t, err); e.Kind != llm.ErrBadRequest || !strings.Contains(e.Message, "missing") {
		t.Errorf("missing folder: %v", err)
	}
	if len(h.starts()) != 0 {
		t.Error("a process started for a bad request")
	}
	if h.a.Name() != "claudecli" {
		t.Error(h.a.Name())
	}
}

func TestUserMessageBlocks(t *testing.T) {
	h := newHarness(t, nil)
	req := h.req("k", "hello")
	req.Message = append(req.Message, chat.Block{Type: chat.BlockImage, MediaType: "image/png", Data: "iVBORw0KGgo="})
	if _, err := h.a.Run(context.Background(), req, llm.AgentEvents{}); err != nil {
		t.Fatal(err)
	}
	var user map[string]any
	for _, m := range h.stdin(h.starts()[0].Pid) {
		if m["type"] == "user" {
			user = m
		}
	}
	b, _ := json.Marshal(user["message"])
	want := `{"content":[{"text":"hello","type":"text"},{"source":{"data":"iVBORw0KGgo=","media_type":"image/png","type":"base64"},"type":"image"}],"role":"user"}`
	if string(b) != want {
		t.Errorf("message:\n got %s\nwant %s", b, want)
	}
}

// Issue 9 §3.6: --stall-timeout holds for claudecli too. A turn whose
// process writes nothing for StallTimeout is interrupted and fails as a
// timeout, and the same process serves the next turn; output keeps a
// turn alive.
func TestStallTimeout(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.StallTimeout = 400 * time.Millisecond })
	start := time.Now()
	e := &events{}
	_, err := h.a.Run(context.Background(), h.req("k", "slow"), e.hooks()) // "Thinking", then silence
	le, ok := llm.AsError(err)
	if !ok || le.Kind != llm.ErrTimeout || !strings.Contains(le.Message, "Claude Code sent nothing for 400ms") {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the stalled turn took %s", d)
	}
	if len(e.messages) != 1 || e.messages[0].Text() != "Thinking" {
		t.Errorf("what came before the stall is lost: %+v", e.messages)
	}
	if e, _ := h.run("k", "hello"); e.messages[0].Text() != "Hello!" || len(h.starts()) != 1 {
		t.Errorf("after the stall: %d starts", len(h.starts()))
	}
	if DefaultStallTimeout <= 0 || New(Config{}).cfg.StallTimeout != DefaultStallTimeout {
		t.Error("no default stall timeout")
	}
}
