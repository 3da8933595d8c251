//go:build unix

package claudecli

// Integration tests against the real Claude Code CLI, pointed by
// ANTHROPIC_BASE_URL at the fake Anthropic API of llmtest. The binary
// comes from SPECWRIGHT_CLAUDE_BIN, which install-cli.sh prints. Where
// the test may create a network namespace (root, unshare), it runs itself
// again inside one that holds only the loopback interface, so that the
// CLI can reach nothing but the fake.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/llmtest"
)

const (
	binEnv      = "SPECWRIGHT_CLAUDE_BIN"
	netnsSwitch = "CLAUDECLI_IN_NETNS"
	cliKey      = "sk-ant-api03-fake-integration-key-0123456789"
)

func TestCLI(t *testing.T) {
	bin := os.Getenv(binEnv)
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI must install the CLI with internal/llm/claudecli/install-cli.sh and export its output", binEnv)
		}
		t.Skipf("%s is not set; to test against the real Claude Code CLI run: export %s=\"$(internal/llm/claudecli/install-cli.sh)\"", binEnv, binEnv)
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%s=%s: %v", binEnv, bin, err)
	}

	inside := os.Getenv(netnsSwitch) != ""
	if !inside {
		if why := netnsUnavailable(); why == "" {
			runInNetns(t)
			return
		} else {
			t.Logf("network: plain loopback, no namespace (%s); the CLI is only pointed at the fake on 127.0.0.1", why)
		}
	} else {
		// /proc/self/net, unlike /sys/class/net, shows this namespace.
		dev, err := os.ReadFile("/proc/self/net/dev")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, line := range strings.Split(string(dev), "\n")[2:] {
			if name, _, ok := strings.Cut(line, ":"); ok {
				names = append(names, strings.TrimSpace(name))
			}
		}
		if !slices.Equal(names, []string{"lo"}) {
			t.Fatalf("the namespace has interfaces %q, want only lo", names)
		}
		t.Logf("network: a network namespace holding only lo (unshare -n)")
	}

	m := &measures{}
	t.Run("greeting", func(t *testing.T) { cliGreeting(t, bin, m) })
	t.Run("ask", func(t *testing.T) { cliAsk(t, bin, m) })
	t.Run("write", func(t *testing.T) { cliWrite(t, bin, m) })
	t.Run("auth", func(t *testing.T) { cliAuth(t, bin, m) })
	t.Run("interrupt", func(t *testing.T) { cliInterrupt(t, bin, m) })
	t.Run("resume", func(t *testing.T) { cliResume(t, bin, m) })
	t.Run("answer after close", func(t *testing.T) { cliAnswerAfterClose(t, bin, m) })
	t.Run("idle cost", func(t *testing.T) { cliIdleCost(t, bin, m) })
	m.report(t)
}

// netnsUnavailable says why no network namespace can be made, or "".
func netnsUnavailable() string {
	for _, tool := range []string{"unshare", "ip"} {
		if _, err := exec.LookPath(tool); err != nil {
			return tool + " not found"
		}
	}
	if out, err := exec.Command("unshare", "-n", "--", "ip", "link", "set", "lo", "up").CombinedOutput(); err != nil {
		return fmt.Sprintf("unshare -n failed: %v %s", err, bytes.TrimSpace(out))
	}
	return ""
}

// runInNetns runs TestCLI again in a new network namespace with lo up.
func runInNetns(t *testing.T) {
	args := []string{"-n", "--", "sh", "-c", `ip link set lo up && exec "$0" "$@"`,
		os.Args[0], "-test.run=^TestCLI$", "-test.count=1", "-test.v", "-test.timeout=5m"}
	cmd := exec.Command("unshare", args...)
	cmd.Env = append(os.Environ(), netnsSwitch+"=1", "GORACE=atexit_sleep_ms=0")
	out, err := cmd.CombinedOutput()
	t.Logf("TestCLI inside a network namespace (unshare -n):\n%s", out)
	if err != nil {
		t.Fatalf("TestCLI failed inside the network namespace: %v", err)
	}
	if !bytes.Contains(out, []byte("--- PASS: TestCLI")) {
		t.Fatal("TestCLI did not pass inside the network namespace")
	}
}

// measures collects start times and memory of the processes the tests ran.
type measures struct {
	mu    sync.Mutex
	ready []time.Duration // spawn to the answer to initialize
	open  []time.Duration // spawn to the first system init (after the first message)
	rss   []string
}

func (m *measures) report(t *testing.T) {
	m.mu.Lock()
	defer m.mu.Unlock()
	slices.Sort(m.ready)
	slices.Sort(m.open)
	t.Logf("spawn → initialize answered, %d processes: %v", len(m.ready), m.ready)
	t.Logf("spawn → first system init, %d processes: %v", len(m.open), m.open)
	for _, r := range m.rss {
		t.Logf("idle process: %s", r)
	}
}

// logTimes reads the start times the agent logged.
func (m *measures) logTimes(t *testing.T, logs *syncBuffer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	sc := bufio.NewScanner(strings.NewReader(logs.String()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct {
			Msg        string `json:"msg"`
			Took       int64  `json:"took"`
			SinceSpawn int64  `json:"since_spawn"`
		}
		if json.Unmarshal(sc.Bytes(), &rec) != nil {
			continue
		}
		switch rec.Msg {
		case "claude process ready":
			m.ready = append(m.ready, time.Duration(rec.Took))
		case "claude session open":
			m.open = append(m.open, time.Duration(rec.SinceSpawn))
		}
	}
}

// memory reads the resident and proportional set sizes of pid.
func (m *measures) memory(t *testing.T, pid int, when string) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Logf("no memory figures: %v", err)
		return
	}
	field := func(b []byte, name string) string {
		for line := range strings.SplitSeq(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, name+":"); ok {
				return strings.TrimSpace(v)
			}
		}
		return "?"
	}
	rollup, _ := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rss = append(m.rss, fmt.Sprintf("%s: VmRSS %s (RssAnon %s, RssFile %s), Pss %s, VmHWM %s, threads %s",
		when, field(status, "VmRSS"), field(status, "RssAnon"), field(status, "RssFile"), field(rollup, "Pss"),
		field(status, "VmHWM"), field(status, "Threads")))
}

// cliAgent returns an Agent running bin against the fake that script
// returns for the project folder, the folder, and the fake.
func cliAgent(t *testing.T, bin string, m *measures, script func(dir string) llmtest.Handler, env ...string) (*Agent, string, *llmtest.Anthropic) {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "project")
	home := filepath.Join(root, "home")
	for _, d := range []string{dir, home} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	fake := llmtest.NewAnthropic(t, script(dir))
	logs := &syncBuffer{}
	a := New(Config{
		Binary: bin,
		Env: append([]string{"HOME=" + home, "PATH=/usr/bin:/bin", "LANG=C.UTF-8",
			"ANTHROPIC_BASE_URL=" + fake.URL, "ANTHROPIC_API_KEY=" + cliKey}, env...),
		ConfigDir:    filepath.Join(root, "claude-config"),
		StartTimeout: time.Minute,
		Logger:       slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	t.Cleanup(func() {
		a.Shutdown()
		m.logTimes(t, logs)
		if t.Failed() {
			t.Logf("agent log:\n%s", logs.String())
		}
	})
	return a, dir, fake
}

// script returns a fixed script whatever the folder.
func script(responses ...llmtest.Response) func(string) llmtest.Handler {
	return func(string) llmtest.Handler { return llmtest.Script(responses...) }
}

func message(text string) []chat.Block { return []chat.Block{chat.TextBlock(text)} }

func cliRun(t *testing.T, a *Agent, req llm.AgentRequest) (*events, llm.AgentStop) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	e := &events{}
	stop, err := a.Run(ctx, req, e.hooks())
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return e, stop
}

func cmdline(pid int) []string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	return strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
}

func cliGreeting(t *testing.T, bin string, m *measures) {
	a, dir, fake := cliAgent(t, bin, m, script(llmtest.Text("Hello", "! What shall we build?")))
	// 150 kB: more than one command-line argument may hold on Linux.
	system := "You are specwright's interviewer. SYSTEM-MARKER.\n" + strings.Repeat("Ask one question at a time. ", 5500)
	e, stop := cliRun(t, a, llm.AgentRequest{Key: "g", Dir: dir, System: system, Message: message("Hi, I have an app idea.")})
	if stop.Question != nil {
		t.Errorf("stop = %+v", stop)
	}
	if got := strings.Join(e.texts, ""); got != "Hello! What shall we build?" || len(e.texts) < 2 {
		t.Errorf("texts = %q", e.texts)
	}
	if len(e.messages) != 1 || e.messages[0].Role != chat.RoleAssistant || e.messages[0].Text() != "Hello! What shall we build?" {
		t.Errorf("messages = %+v", e.messages)
	}
	if len(e.sessions) != 1 || len(e.sessions[0]) != 36 {
		t.Errorf("sessions = %q", e.sessions)
	}

	reqs := fake.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if !strings.Contains(r.System, system) {
		t.Errorf("the system prompt did not reach the API whole (%d bytes of %d)", len(r.System), len(system))
	}
	for _, tool := range []string{"AskUserQuestion", "Edit", "Glob", "Read", "Write"} {
		if !slices.Contains(r.Tools, tool) {
			t.Errorf("tools %q lack %s", r.Tools, tool)
		}
	}
	if !strings.Contains(string(r.Raw), "Hi, I have an app idea.") {
		t.Error("the user's message is not in the request")
	}
	if r.APIKey != cliKey {
		t.Errorf("x-api-key %q", r.APIKey)
	}

	pid := a.pidOf("g")
	args := cmdline(pid)
	if !slices.Contains(args, "--system-prompt-file") {
		t.Errorf("cmdline %q", args)
	}
	for _, arg := range args {
		if strings.Contains(arg, "SYSTEM-MARKER") {
			t.Error("the system prompt is on the command line")
		}
	}
	// Claude Code put nothing in the project, and neither did we.
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("the project holds %q", names)
	}
	m.memory(t, pid, "right after one turn")
}

// cliIdleCost measures three idle processes at once: the binary's pages
// are shared, so PSS is what each one costs.
func cliIdleCost(t *testing.T, bin string, m *measures) {
	a, dir, _ := cliAgent(t, bin, m, script(llmtest.Text("one"), llmtest.Text("two"), llmtest.Text("three")))
	keys := []string{"x", "y", "z"}
	for _, k := range keys {
		cliRun(t, a, llm.AgentRequest{Key: k, Dir: dir, System: "Interview.", Message: message("Hi")})
	}
	time.Sleep(3 * time.Second)
	for _, k := range keys {
		m.memory(t, a.pidOf(k), "one of 3 idle, 3 s after its turn")
	}
}

var cliQuestions = map[string]any{"questions": []any{
	map[string]any{"question": "Which database should the spec target?", "header": "Database", "multiSelect": false, "options": []any{
		map[string]any{"label": "SQLite", "description": "Embedded, one file"},
		map[string]any{"label": "PostgreSQL", "description": "A database server"}}},
}}

func cliAsk(t *testing.T, bin string, m *measures) {
	ask := llmtest.ToolCall{ID: "toolu_ask1", Name: "AskUserQuestion", Input: cliQuestions}
	a, dir, fake := cliAgent(t, bin, m, script(
		llmtest.Tools("One question first.", ask),
		llmtest.Text("Noted: SQLite."),
		llmtest.Tools("", llmtest.ToolCall{ID: "toolu_ask2", Name: "AskUserQuestion", Input: cliQuestions}),
		llmtest.Text("Fine, I will choose."),
	))
	e, stop := cliRun(t, a, llm.AgentRequest{Key: "q", Dir: dir, System: "Interview.", Message: message("Let's start.")})
	q := stop.Question
	if q == nil || q.ToolID != "toolu_ask1" || len(q.Questions) != 1 || q.Questions[0].Header != "Database" || len(q.Questions[0].Options) != 2 {
		t.Fatalf("question = %+v", q)
	}
	if len(e.messages) != 1 || len(e.messages[0].Content) != 2 || e.messages[0].Content[1].Name != "AskUserQuestion" {
		t.Errorf("messages = %+v", e.messages)
	}
	ans := &llm.AgentAnswer{ToolID: q.ToolID, Questions: q.Questions, Answers: [][]string{{"SQLite"}}}
	e, stop = cliRun(t, a, llm.AgentRequest{Key: "q", Dir: dir, Answer: ans})
	if stop.Question != nil || strings.Join(e.texts, "") != "Noted: SQLite." {
		t.Errorf("after the answer: %+v %q", stop, e.texts)
	}
	if len(e.messages) != 2 || e.messages[0].Role != chat.RoleUser || e.messages[0].Content[0].ToolUseID != "toolu_ask1" {
		t.Errorf("messages after the answer = %+v", e.messages)
	}
	if raw := string(fake.Requests()[1].Raw); !strings.Contains(raw, `\"Which database should the spec target?\"=\"SQLite\"`) {
		t.Errorf("the model did not get the answer: %s", lastChars(raw, 600))
	}

	// A plain message answers a pending question in the user's words.
	if _, stop = cliRun(t, a, llm.AgentRequest{Key: "q", Dir: dir, Message: message("Go on.")}); stop.Question == nil {
		t.Fatal("no second question")
	}
	e, _ = cliRun(t, a, llm.AgentRequest{Key: "q", Dir: dir, Message: message("I don't mind, pick one")})
	if strings.Join(e.texts, "") != "Fine, I will choose." {
		t.Errorf("texts = %q", e.texts)
	}
	if raw := string(fake.Requests()[3].Raw); !strings.Contains(raw, "The user responded: I don't mind, pick one") {
		t.Errorf("the model did not get the free text: %s", lastChars(raw, 600))
	}
}

func cliWrite(t *testing.T, bin string, m *measures) {
	spec := "<project_specification>\n  <project_name>Test</project_name>\n</project_specification>\n"
	a, dir, _ := cliAgent(t, bin, m, func(dir string) llmtest.Handler {
		return llmtest.Script(
			llmtest.Tools("Writing the spec.",
				llmtest.ToolCall{Name: "Write", Input: map[string]string{"file_path": filepath.Join(dir, "prompts", "app_spec.txt"), "content": spec}},
				llmtest.ToolCall{Name: "Write", Input: map[string]string{"file_path": "prompts/initializer_prompt.md", "content": "# Start\n"}}),
			llmtest.Text("Both files are written."))
	})
	e, _ := cliRun(t, a, llm.AgentRequest{Key: "w", Dir: dir, System: "Interview.", Message: message("Write it.")})
	if got, _ := os.ReadFile(filepath.Join(dir, "prompts", "app_spec.txt")); string(got) != spec {
		t.Errorf("app_spec.txt = %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "prompts", "initializer_prompt.md")); string(got) != "# Start\n" {
		t.Errorf("initializer_prompt.md = %q", got)
	}
	slices.Sort(e.wrote)
	if want := []string{"prompts/app_spec.txt", "prompts/initializer_prompt.md"}; !slices.Equal(e.wrote, want) {
		t.Errorf("wrote = %q, want %q", e.wrote, want)
	}
	if strings.Join(e.texts, "") != "Writing the spec.Both files are written." {
		t.Errorf("texts = %q", e.texts)
	}
}

func cliAuth(t *testing.T, bin string, m *measures) {
	// Claude Code retries a 401 ten times by default, with a backoff that
	// ignores retry-after (three minutes in all), before it gives up; one
	// retry is enough here. The fake refuses every call until the key is
	// "fixed".
	var fixed atomic.Bool
	a, dir, fake := cliAgent(t, bin, m, func(string) llmtest.Handler {
		return func(int, llmtest.Request) llmtest.Response {
			if fixed.Load() {
				return llmtest.Text("Welcome back.")
			}
			return llmtest.Status(401, "authentication_error", "invalid x-api-key")
		}
	}, "CLAUDE_CODE_MAX_RETRIES=1")
	e := &events{}
	_, err := a.Run(context.Background(), llm.AgentRequest{Key: "a", Dir: dir, System: "Interview.", Message: message("Hi")}, e.hooks())
	le, ok := llm.AsError(err)
	if !ok || le.Kind != llm.ErrAuth || le.Status != 401 || !strings.Contains(le.Message, "rejected the API key") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), cliKey) {
		t.Errorf("the key is in %q", err)
	}
	t.Logf("the user reads: %s", le.Message)
	if len(e.messages) != 0 {
		t.Errorf("messages = %+v", e.messages)
	}
	t.Logf("Claude Code made %d calls before it gave up", len(fake.Requests()))
	fixed.Store(true)
	pid := a.pidOf("a")
	e, _ = cliRun(t, a, llm.AgentRequest{Key: "a", Dir: dir, Message: message("Hi again")})
	if strings.Join(e.texts, "") != "Welcome back." || a.pidOf("a") != pid {
		t.Errorf("after the error: %q, pid %d then %d", e.texts, pid, a.pidOf("a"))
	}
}

func cliInterrupt(t *testing.T, bin string, m *measures) {
	a, dir, fake := cliAgent(t, bin, m, script(llmtest.Stall(time.Minute), llmtest.Text("After the stop.")))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var texts []string
	var cancelled time.Time
	ev := llm.AgentEvents{Text: func(s string) {
		texts = append(texts, s)
		if cancelled.IsZero() {
			cancelled = time.Now()
			cancel()
		}
	}}
	_, err := a.Run(ctx, llm.AgentRequest{Key: "i", Dir: dir, System: "Interview.", Message: message("Tell me a long story.")}, ev)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	t.Logf("the interrupted turn ended %s after the cancel", time.Since(cancelled).Round(time.Millisecond))
	if d := time.Since(cancelled); d > 5*time.Second {
		t.Errorf("the interrupt took %s", d)
	}
	if strings.Join(texts, "") != "Partial " {
		t.Errorf("texts = %q", texts)
	}
	pid := a.pidOf("i")
	e, _ := cliRun(t, a, llm.AgentRequest{Key: "i", Dir: dir, Message: message("Short, please.")})
	if strings.Join(e.texts, "") != "After the stop." || a.pidOf("i") != pid || pid == 0 {
		t.Errorf("after the interrupt: %q, pid %d then %d", e.texts, pid, a.pidOf("i"))
	}
	if raw := string(fake.Requests()[1].Raw); !strings.Contains(raw, "Request interrupted by user") {
		t.Errorf("the next request does not mention the interruption: %s", lastChars(raw, 600))
	}
}

func cliResume(t *testing.T, bin string, m *measures) {
	a, dir, fake := cliAgent(t, bin, m, script(llmtest.Text("I will remember it."), llmtest.Text("It was pineapple.")))
	e, _ := cliRun(t, a, llm.AgentRequest{Key: "r", Dir: dir, System: "Interview.", Message: message("The secret word is pineapple.")})
	if len(e.sessions) != 1 {
		t.Fatalf("sessions = %q", e.sessions)
	}
	id := e.sessions[0]
	first := a.pidOf("r")
	closing := time.Now()
	a.Close("r")
	t.Logf("Close took %s (stdin closed, the CLI exited by itself)", time.Since(closing).Round(time.Millisecond))
	if alive(first) {
		t.Fatalf("process %d runs after Close", first)
	}
	e, _ = cliRun(t, a, llm.AgentRequest{Key: "r", ResumeID: id, Dir: dir, System: "Interview.", Message: message("What was the word?")})
	second := a.pidOf("r")
	if second == first || argValue(cmdline(second), "--resume") != id {
		t.Errorf("pid %d then %d, cmdline %q", first, second, cmdline(second))
	}
	if strings.Join(e.texts, "") != "It was pineapple." {
		t.Errorf("texts = %q", e.texts)
	}
	if len(e.sessions) != 1 || e.sessions[0] != id {
		t.Errorf("resumed session ids %q, want %s", e.sessions, id)
	}
	reqs := fake.Requests()
	if !strings.Contains(reqs[1].System, "Interview.") {
		t.Errorf("the resumed conversation lost the system prompt: %q", lastChars(reqs[1].System, 300))
	}
	raw := string(reqs[1].Raw)
	if !strings.Contains(raw, "The secret word is pineapple.") || !strings.Contains(raw, "I will remember it.") {
		t.Errorf("the resumed request lacks the earlier turn: %s", lastChars(raw, 800))
	}
	t.Logf("the resumed conversation sent %d messages", len(reqs[1].Messages))
}

func cliAnswerAfterClose(t *testing.T, bin string, m *measures) {
	a, dir, fake := cliAgent(t, bin, m, script(
		llmtest.Tools("", llmtest.ToolCall{ID: "toolu_q", Name: "AskUserQuestion", Input: cliQuestions}),
		llmtest.Text("PostgreSQL it is."),
	))
	_, stop := cliRun(t, a, llm.AgentRequest{Key: "c", Dir: dir, System: "Interview.", Message: message("Start.")})
	if stop.Question == nil {
		t.Fatal("no question")
	}
	a.Close("c")
	ans := &llm.AgentAnswer{ToolID: stop.Question.ToolID, Questions: stop.Question.Questions, Answers: [][]string{{"PostgreSQL"}}}
	e, _ := cliRun(t, a, llm.AgentRequest{Key: "c", Dir: dir, System: "Interview.", Answer: ans})
	if strings.Join(e.texts, "") != "PostgreSQL it is." {
		t.Errorf("texts = %q", e.texts)
	}
	if raw := string(fake.Requests()[1].Raw); !strings.Contains(raw, `A: PostgreSQL`) {
		t.Errorf("the resumed conversation did not get the answer: %s", lastChars(raw, 800))
	}
}

func lastChars(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
