//go:build unix

package claudecli

// A fake claude for the unit tests: the test binary itself, run again
// with CLAUDECLI_FAKE=1 in its environment, speaks the stream-json
// protocol as Claude Code 2.1.330 does (the shapes below were captured
// from it). What it does in a turn depends on the first word of the
// user's message. It records its start (arguments, environment, working
// directory, the system prompt file's contents) and every line it reads,
// in the folder FAKE_RECORD names, for the tests to check.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const fakeSwitch = "CLAUDECLI_FAKE"

func TestMain(m *testing.M) {
	switch os.Getenv(fakeSwitch) {
	case "1":
		os.Exit(fakeClaude())
	case "sleep": // a grandchild, to check that the process group dies
		time.Sleep(time.Hour)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fakeStart is what the fake records when it starts.
type fakeStart struct {
	Pid    int      `json:"pid"`
	Args   []string `json:"args"`
	Env    []string `json:"env"`
	Dir    string   `json:"dir"`
	Prompt string   `json:"prompt"`
	Child  int      `json:"child"`
}

type fake struct {
	mu        sync.Mutex
	out       *bufio.Writer
	rec       string
	session   string
	cwd       string
	mode      string
	users     chan map[string]any
	responses chan map[string]any
	interrupt chan struct{}
	eof       chan struct{} // closed at the end of stdin
}

func fakeClaude() int {
	f := &fake{
		out:       bufio.NewWriter(os.Stdout),
		rec:       os.Getenv("FAKE_RECORD"),
		mode:      os.Getenv("FAKE_MODE"),
		users:     make(chan map[string]any, 16),
		responses: make(chan map[string]any, 16),
		interrupt: make(chan struct{}, 1),
		eof:       make(chan struct{}),
	}
	f.cwd, _ = os.Getwd()
	args := os.Args[1:]
	st := fakeStart{Pid: os.Getpid(), Args: args, Env: os.Environ(), Dir: f.cwd}
	resuming := false
	for i, a := range args {
		if i+1 >= len(args) {
			break
		}
		switch a {
		case "--session-id":
			f.session = args[i+1]
		case "--resume":
			f.session, resuming = args[i+1], true
		case "--system-prompt-file":
			b, _ := os.ReadFile(args[i+1])
			st.Prompt = string(b)
		}
	}
	if os.Getenv("FAKE_CHILD") == "1" {
		self, _ := os.Executable()
		c := exec.Command(self)
		c.Env = []string{fakeSwitch + "=sleep"}
		if c.Start() == nil {
			st.Child = c.Process.Pid
		}
	}
	f.record("starts.jsonl", st)
	fmt.Fprintln(os.Stderr, "fake claude starting")

	switch f.mode {
	case "exit":
		fmt.Fprintln(os.Stderr, "Error: the fake refuses to start")
		fmt.Fprintln(os.Stderr, "key was "+os.Getenv("ANTHROPIC_API_KEY"))
		return 3
	case "badresume":
		if resuming {
			fmt.Fprintln(os.Stderr, "No conversation found with session ID: "+f.session)
			f.emit(map[string]any{"type": "result", "subtype": "error_during_execution", "is_error": true, "num_turns": 0, "session_id": f.session})
			return 1
		}
	case "stubborn":
		signal.Ignore(syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGPIPE)
	}
	go f.readStdin()
	for u := range f.users {
		f.turn(u)
	}
	if f.mode == "stubborn" {
		time.Sleep(time.Hour)
	}
	return 0
}

// record appends v as one JSON line to the file name of the record folder.
func (f *fake) record(name string, v any) {
	b, _ := json.Marshal(v)
	fh, err := os.OpenFile(filepath.Join(f.rec, name), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	defer fh.Close()
	fh.Write(append(b, '\n'))
}

func (f *fake) emit(v any) {
	b, _ := json.Marshal(v)
	f.raw(string(b))
}

func (f *fake) raw(line string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.out.WriteString(line + "\n")
	f.out.Flush()
}

func (f *fake) readStdin() {
	defer close(f.eof)
	defer close(f.users)
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) != nil {
			continue
		}
		f.record("stdin-"+strconv.Itoa(os.Getpid())+".jsonl", m)
		switch m["type"] {
		case "control_request":
			req, _ := m["request"].(map[string]any)
			switch req["subtype"] {
			case "initialize":
				if f.mode != "silent" {
					f.emit(map[string]any{"type": "control_response", "response": map[string]any{
						"subtype": "success", "request_id": m["request_id"],
						"response": map[string]any{"pid": os.Getpid(), "version": "0.0.0-fake"}}})
				}
			case "interrupt":
				if f.mode != "deaf" {
					f.emit(map[string]any{"type": "control_response", "response": map[string]any{
						"subtype": "success", "request_id": m["request_id"], "response": map[string]any{"still_queued": []any{}}}})
					select {
					case f.interrupt <- struct{}{}:
					default:
					}
				}
			}
		case "control_response":
			f.responses <- m
		case "user":
			f.users <- m
		}
	}
}

// await returns the host's next control_response, or exits the fake.
func (f *fake) await() map[string]any {
	select {
	case r := <-f.responses:
		resp, _ := r["response"].(map[string]any)
		inner, _ := resp["response"].(map[string]any)
		return inner
	case <-f.eof:
		os.Exit(0)
		return nil
	case <-time.After(30 * time.Second):
		fmt.Fprintln(os.Stderr, "fake claude: no control_response")
		os.Exit(9)
		return nil
	}
}

func (f *fake) base(typ string) map[string]any {
	return map[string]any{"type": typ, "session_id": f.session, "parent_tool_use_id": nil, "uuid": "u"}
}

func (f *fake) delta(text string) {
	m := f.base("stream_event")
	m["event"] = map[string]any{"type": "content_block_delta", "index": 0, "delta": map[string]any{"type": "text_delta", "text": text}}
	f.emit(m)
}

func (f *fake) assistant(id string, blocks ...map[string]any) {
	m := f.base("assistant")
	m["message"] = map[string]any{"id": id, "type": "message", "role": "assistant", "model": "fake-model", "content": blocks, "stop_reason": nil}
	f.emit(m)
}

func textBlock(s string) map[string]any { return map[string]any{"type": "text", "text": s} }

func toolUseBlock(id, name string, input map[string]any) map[string]any {
	return map[string]any{"type": "tool_use", "id": id, "name": name, "input": input}
}

func (f *fake) toolResult(id, content string, isError bool, result any) {
	m := f.base("user")
	block := map[string]any{"type": "tool_result", "tool_use_id": id, "content": content}
	if isError {
		block["is_error"] = true
	}
	m["message"] = map[string]any{"role": "user", "content": []any{block}}
	if result != nil {
		m["tool_use_result"] = result
	}
	f.emit(m)
}

func (f *fake) result(extra map[string]any) {
	m := f.base("result")
	m["subtype"] = "success"
	m["is_error"] = false
	m["api_error_status"] = nil
	m["num_turns"] = 1
	m["result"] = "ok"
	for k, v := range extra {
		m[k] = v
	}
	f.emit(m)
}

// apiError is a failed call as the CLI reports it: a synthetic assistant
// message, then an error result.
func (f *fake) apiError(kind string, status int, errType, text string) {
	m := f.base("assistant")
	m["message"] = map[string]any{"id": "synthetic", "model": "<synthetic>", "role": "assistant", "content": []any{textBlock(text)}}
	m["error"] = kind
	m["is_api_error_message"] = true
	res := map[string]any{"is_error": true, "result": text, "terminal_reason": "api_error"}
	if status != 0 {
		m["api_error_status"], m["api_error_type"] = status, errType
		res["api_error_status"], res["api_error_type"] = status, errType
	}
	f.emit(m)
	f.result(res)
}

// askInput is the AskUserQuestion input of the "ask" turn.
var askInput = map[string]any{"questions": []any{
	map[string]any{"question": "Which database?", "header": "Database", "multiSelect": false, "options": []any{
		map[string]any{"label": "SQLite", "description": "One file"},
		map[string]any{"label": "PostgreSQL", "description": "A server"}}},
	map[string]any{"question": "Which platforms?", "header": "Platforms", "multiSelect": true, "options": []any{
		map[string]any{"label": "Web", "description": "Browsers"},
		map[string]any{"label": "Mobile", "description": "Phones"},
		map[string]any{"label": "Desktop", "description": "Computers"}}},
}}

func userText(u map[string]any) string {
	msg, _ := u["message"].(map[string]any)
	switch c := msg["content"].(type) {
	case string:
		return c
	case []any:
		var parts []string
		for _, b := range c {
			if b, ok := b.(map[string]any); ok && b["type"] == "text" {
				s, _ := b["text"].(string)
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "\n")
	}
	return ""
}

func (f *fake) turn(u map[string]any) {
	init := f.base("system")
	init["subtype"] = "init"
	init["model"] = "fake-model"
	init["cwd"] = f.cwd
	init["tools"] = []string{"AskUserQuestion", "Edit", "Glob", "Read", "Write"}
	f.emit(init)
	f.raw(`{"type":"system","subtype":"status","status":"requesting"}`)
	f.raw("this line is not JSON")
	f.raw(`{"type":"keep_alive"}`)

	word, _, _ := strings.Cut(userText(u), " ")
	switch word {
	case "write":
		abs := filepath.Join(f.cwd, "prompts", "app_spec.txt")
		os.MkdirAll(filepath.Dir(abs), 0o755)
		os.WriteFile(abs, []byte("spec\n"), 0o644)
		f.delta("Writing.")
		f.assistant("msg_w1", textBlock("Writing."))
		f.assistant("msg_w1", toolUseBlock("toolu_w1", "Write", map[string]any{"file_path": abs, "content": "spec\n"}))
		f.toolResult("toolu_w1", "File created successfully at: "+abs, false, map[string]any{"type": "create", "filePath": abs, "content": "spec\n"})
		f.assistant("msg_w2", toolUseBlock("toolu_w2", "Edit", map[string]any{"file_path": "prompts/initializer_prompt.md", "old_string": "a", "new_string": "b"}))
		f.toolResult("toolu_w2", "The file prompts/initializer_prompt.md has been updated.", false, map[string]any{"filePath": "prompts/initializer_prompt.md", "oldString": "a", "newString": "b"})
		f.assistant("msg_w3", toolUseBlock("toolu_w3", "Write", map[string]any{"file_path": "/tmp/elsewhere.txt", "content": "x"}))
		f.toolResult("toolu_w3", "File created successfully at: /tmp/elsewhere.txt", false, map[string]any{"type": "create", "filePath": "/tmp/elsewhere.txt"})
		f.assistant("msg_w4", toolUseBlock("toolu_w4", "Write", map[string]any{"file_path": filepath.Join(f.cwd, "failed.txt"), "content": "x"}))
		f.toolResult("toolu_w4", "<tool_use_error>disk full</tool_use_error>", true, "Error: disk full")
		f.assistant("msg_w5", toolUseBlock("toolu_w5", "Read", map[string]any{"file_path": abs}))
		f.toolResult("toolu_w5", "1\tspec", false, map[string]any{"type": "text", "file": map[string]any{"filePath": abs}})
		f.assistant("msg_w6", textBlock("Done."))
		f.result(nil)
	case "ask":
		f.assistant("msg_a1", textBlock("One question."))
		f.assistant("msg_a1", toolUseBlock("toolu_ask", "AskUserQuestion", askInput))
		f.emit(map[string]any{"type": "control_request", "request_id": "ask-1", "request": map[string]any{
			"subtype": "can_use_tool", "tool_name": "AskUserQuestion", "display_name": "AskUserQuestion",
			"input": askInput, "tool_use_id": "toolu_ask", "requires_user_interaction": true}})
		r := f.await()
		upd, _ := r["updatedInput"].(map[string]any)
		b, _ := json.Marshal(map[string]any{"answers": upd["answers"], "response": upd["response"]})
		f.toolResult("toolu_ask", "answered "+string(b), false, upd)
		f.assistant("msg_a2", textBlock("Thanks."))
		f.result(nil)
	case "askwrite":
		f.assistant("msg_aw", toolUseBlock("toolu_ask", "AskUserQuestion", askInput))
		f.emit(map[string]any{"type": "control_request", "request_id": "ask-1", "request": map[string]any{
			"subtype": "can_use_tool", "tool_name": "AskUserQuestion", "input": askInput, "tool_use_id": "toolu_ask"}})
		notes := filepath.Join(f.cwd, "notes.md")
		f.assistant("msg_aw", toolUseBlock("toolu_aw", "Write", map[string]any{"file_path": notes, "content": "x"}))
		m := f.base("stream_event")
		m["event"] = map[string]any{"type": "message_stop"}
		f.emit(m)
		f.await()
		um := f.base("user")
		um["message"] = map[string]any{"role": "user", "content": []any{
			map[string]any{"type": "tool_result", "tool_use_id": "toolu_ask", "content": "answered"},
			map[string]any{"type": "tool_result", "tool_use_id": "toolu_aw", "content": "File created successfully at: " + notes},
		}}
		f.emit(um)
		f.assistant("msg_aw2", textBlock("Thanks."))
		f.result(nil)
	case "outside":
		calls := []struct {
			name  string
			input map[string]any
		}{
			{"Read", map[string]any{"file_path": "/etc/hostname"}},
			{"Read", map[string]any{"file_path": filepath.Join(f.cwd, "notes.txt")}},
			{"Read", map[string]any{"file_path": filepath.Join(f.cwd, "link", "hostname")}},
			{"Glob", map[string]any{"pattern": "/etc/*"}},
			{"Glob", map[string]any{"pattern": "**/*.md"}},
			{"Glob", map[string]any{"pattern": "*.md", "path": filepath.Dir(f.cwd)}},
			{"Write", map[string]any{"file_path": filepath.Join(f.cwd, ".claude", "settings.json"), "content": "{}"}},
			{"Edit", map[string]any{"file_path": "../x.txt", "old_string": "a", "new_string": "b"}},
			{"Bash", map[string]any{"command": "true"}},
		}
		for i, c := range calls {
			id := fmt.Sprintf("toolu_o%d", i)
			f.assistant("msg_o"+strconv.Itoa(i), toolUseBlock(id, c.name, c.input))
			f.emit(map[string]any{"type": "control_request", "request_id": "perm-" + strconv.Itoa(i), "request": map[string]any{
				"subtype": "can_use_tool", "tool_name": c.name, "input": c.input, "tool_use_id": id}})
			r := f.await()
			msg, _ := r["message"].(string)
			f.toolResult(id, msg, r["behavior"] == "deny", nil)
		}
		f.emit(map[string]any{"type": "control_request", "request_id": "hook-1", "request": map[string]any{"subtype": "hook_callback"}})
		f.result(nil)
	case "auth":
		f.apiError("authentication_failed", 401, "authentication_error", "Invalid API key · Fix external API key")
	case "loggedout":
		f.apiError("authentication_failed", 0, "", "Not logged in · Please run /login")
	case "idle":
		f.apiError("unknown", 0, "", "API Error: Stream idle timeout - partial response received")
	case "broken":
		f.apiError("unknown", 0, "", "API Error: Connection to the API was lost (ECONNRESET)")
	case "ratelimit":
		f.apiError("rate_limit", 429, "rate_limit_error", "API Error: Request rejected (429) · slow down")
	case "overloaded":
		f.apiError("server_error", 529, "overloaded_error", "API Error: 529 Overloaded. This is a server-side issue, usually temporary.")
	case "maxturns":
		f.result(map[string]any{"subtype": "error_max_turns", "is_error": true, "num_turns": 3, "errors": []string{"Reached maximum number of turns (2)"}, "terminal_reason": "max_turns"})
	case "execerror":
		f.result(map[string]any{"subtype": "error_during_execution", "is_error": true, "result": nil, "errors": []string{"[ede_diagnostic] boom"}})
	case "leak":
		key := os.Getenv("ANTHROPIC_API_KEY")
		fmt.Fprintln(os.Stderr, "using key "+key)
		f.result(map[string]any{"is_error": true, "result": "the key " + key + " was refused", "errors": []string{"key " + key}})
	case "slow":
		f.delta("Thinking")
		select {
		case <-f.interrupt:
		case <-time.After(30 * time.Second):
		}
		m := f.base("assistant")
		m["message"] = map[string]any{"id": "msg_s", "role": "assistant", "content": []any{textBlock("Thinking")}}
		m["aborted"] = true
		f.emit(m)
		um := f.base("user")
		um["message"] = map[string]any{"role": "user", "content": []any{textBlock("[Request interrupted by user]")}}
		f.emit(um)
		f.result(map[string]any{"subtype": "error_during_execution", "is_error": true, "terminal_reason": "aborted_streaming"})
	case "crash":
		fmt.Fprintln(os.Stderr, "fatal: the fake crashed")
		os.Exit(2)
	case "big":
		big := strings.Repeat("x", 5<<20)
		f.delta(big)
		f.assistant("msg_b", textBlock(big))
		f.result(nil)
	default:
		f.delta("Hel")
		f.delta("lo!")
		f.assistant("msg_h", textBlock("Hello!"))
		f.result(map[string]any{"result": "Hello!"})
	}
}
