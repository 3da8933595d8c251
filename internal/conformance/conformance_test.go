package conformance_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/llm/anthropic"
	"github.com/specwright/specwright/internal/llm/guided"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/llm/openai"
	"github.com/specwright/specwright/internal/secret"
	"github.com/specwright/specwright/internal/session"
	"github.com/specwright/specwright/internal/spec"
)

// The keys the providers are given; no message may show them.
const (
	anthropicKey = "sk-ant-conformance-key-7c1d"
	openaiKey    = "sk-conformance-key-93be"
	claudeKey    = "sk-ant-api03-conformance-cli-key-4f0b" // given to the Claude Code CLI
)

// stall is the stall timeout of every provider here but the Claude Code
// CLI, which cannot go below 10 s (see claudeKnobs): long enough for a
// fake on loopback, short enough for the stalled-stream case.
const stall = time.Second

// answer is one scripted answer of a model, in no provider's format:
// text streamed in chunks followed by tool calls, or a failure.
type answer struct {
	text  []string
	calls []call
	fail  failure
}

type call struct {
	id, name string
	input    any
}

// failure is a way a provider fails.
type failure string

const (
	badKey        failure = "bad key"
	rateLimit     failure = "rate limit"
	overloaded    failure = "overloaded"
	brokenStream  failure = "broken stream"
	stalledStream failure = "stalled stream"
)

// backend is a provider under test, with a fake server that plays a
// script in the provider's own wire format. Whatever differs between
// backends is a field here; the tests' bodies are the same for all.
type backend struct {
	name string
	// start returns the model (the Provider or the Agent field of a
	// session.Config), with its fake playing script, and the raw bodies
	// of the requests the fake has received, one per answer of the
	// script: every backend is set up not to retry. Without a script (the
	// guided interview) there is no fake and no requests.
	start func(t *testing.T, script []answer) (m session.Config, requests func() []string)
	// answered is how the answer "Quick" to the structured question of
	// TestInterview reads in the next request to the model.
	answered string
	// errorWords replaces, for this backend, what the error of a failure
	// must say (the want of TestErrors' table), where the backend names
	// the same cause in other words. Each entry says why.
	errorWords map[failure]string
	// wait bounds the wait for each message of a turn; 0 means
	// defaultWait.
	wait time.Duration
}

// answeredInText is how the engine hands the model a structured answer
// (tool.FormatAnswers) in a tool result, as a JSON string.
const answeredInText = `How involved do you want to be?\nA: Quick`

// backends are the providers that talk to a server: each with its fake.
func backends() []backend {
	return []backend{
		{name: "anthropic", answered: answeredInText, start: func(t *testing.T, script []answer) (session.Config, func() []string) {
			var rs []llmtest.Response
			for _, a := range script {
				rs = append(rs, anthropicAnswer(a))
			}
			fake := llmtest.NewAnthropic(t, llmtest.Script(rs...))
			p := anthropic.New(anthropic.Config{APIKey: secret.New(anthropicKey), BaseURL: fake.URL, Model: "claude-test", MaxRetries: -1, StallTimeout: stall})
			return session.Config{Provider: p}, anthropicRequests(fake)
		}},
		{name: "openai", answered: answeredInText, start: func(t *testing.T, script []answer) (session.Config, func() []string) {
			var rs []llmtest.OpenAIResponse
			for _, a := range script {
				rs = append(rs, openaiAnswer(a, false))
			}
			fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(rs...))
			p := openai.New(openai.Config{APIKey: secret.New(openaiKey), BaseURL: fake.URL, Model: "gpt-test", MaxRetries: -1, StallTimeout: stall})
			return session.Config{Provider: p}, openaiRequests(fake)
		}},
		{name: "openai as Ollama", answered: answeredInText, start: func(t *testing.T, script []answer) (session.Config, func() []string) {
			var rs []llmtest.OpenAIResponse
			for _, a := range script {
				rs = append(rs, openaiAnswer(a, true))
			}
			fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(rs...))
			// Ollama's address and no key, as the provider choice sets it
			// up; the fake's client carries the requests to the fake.
			p := openai.New(openai.Config{BaseURL: "http://127.0.0.1:11434/v1", HTTPClient: fake.Client(), Model: "qwen3:8b", MaxRetries: -1, StallTimeout: stall})
			return session.Config{Provider: p}, openaiRequests(fake)
		}},
		claudeBackend(),
	}
}

func anthropicRequests(fake *llmtest.Anthropic) func() []string {
	return func() []string {
		var raw []string
		for _, r := range fake.Requests() {
			raw = append(raw, string(r.Raw))
		}
		return raw
	}
}

func openaiRequests(fake *llmtest.OpenAI) func() []string {
	return func() []string {
		var raw []string
		for _, r := range fake.Requests() {
			raw = append(raw, string(r.Raw))
		}
		return raw
	}
}

func toolCalls(calls []call, withIDs bool) []llmtest.ToolCall {
	var out []llmtest.ToolCall
	for _, c := range calls {
		tc := llmtest.ToolCall{ID: c.id, Name: c.name, Input: c.input}
		if !withIDs {
			tc.ID = ""
		}
		out = append(out, tc)
	}
	return out
}

func anthropicAnswer(a answer) llmtest.Response {
	switch a.fail {
	case badKey:
		return llmtest.Status(401, "authentication_error", "invalid x-api-key")
	case rateLimit:
		return llmtest.Status(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit")
	case overloaded:
		return llmtest.Status(529, "overloaded_error", "Overloaded")
	case brokenStream:
		return llmtest.Truncated()
	case stalledStream:
		return llmtest.Stall(time.Minute)
	}
	if len(a.calls) > 0 {
		return llmtest.Tools(strings.Join(a.text, ""), toolCalls(a.calls, true)...)
	}
	return llmtest.Text(a.text...)
}

// openaiAnswer renders a in OpenAI's manner, or in Ollama's: every
// parallel call at index 0, whole, without an id.
func openaiAnswer(a answer, ollama bool) llmtest.OpenAIResponse {
	switch a.fail {
	case badKey:
		return llmtest.OpenAIStatus(401, "invalid_api_key", "Incorrect API key provided")
	case rateLimit:
		return llmtest.OpenAIStatus(429, "rate_limit_exceeded", "Rate limit reached for requests")
	case overloaded:
		return llmtest.OpenAIStatus(503, "", "The engine is currently overloaded, please try again later")
	case brokenStream:
		return llmtest.OpenAITruncated()
	case stalledStream:
		return llmtest.OpenAIStall(time.Minute)
	}
	switch {
	case len(a.calls) > 0 && ollama:
		return llmtest.OllamaTools(strings.Join(a.text, ""), toolCalls(a.calls, false)...)
	case len(a.calls) > 0:
		return llmtest.OpenAITools(strings.Join(a.text, ""), toolCalls(a.calls, true)...)
	}
	return llmtest.OpenAIText(a.text...)
}

var involvement = map[string]any{"questions": []any{map[string]any{
	"question": "How involved do you want to be?", "header": "Mode", "multiSelect": false,
	"options": []any{
		map[string]any{"label": "Quick", "description": "I propose, you confirm"},
		map[string]any{"label": "Detailed", "description": "You decide each part"},
	},
}}}

func write(id, path, content string) call {
	return call{id, "Write", map[string]any{"file_path": path, "content": content}}
}

// userReplies are what the user types, in order, whenever the interview
// waits for free text; after them the user has nothing more to add.
var userReplies = []string{
	"A chore chart for families: parents assign chores & kids tick them off.",
	"Assign chores to each child\nTick off a chore when it is done\nSee a weekly summary of chores",
	"Yes, write it. It is done when a family can plan a week of chores in five minutes.",
}

// interview drives a whole interview over the WebSocket as a user would,
// answering each structured question with pick and each free-text turn
// with the next of userReplies, until the spec is complete. It returns
// the messages of each turn.
func interview(t *testing.T, s *server, project string) [][]msg {
	t.Helper()
	c := s.dial(project)
	c.send(map[string]any{"type": "start"})
	replies := userReplies
	var turns [][]msg
	for range 60 {
		got := c.turn()
		turns = append(turns, got)
		last := got[len(got)-1]
		if q := asked(got); q != nil {
			c.send(map[string]any{"type": "answer", "answers": answers(q), "tool_id": q.str("tool_id")})
			continue
		}
		switch last.typ() {
		case "error":
			t.Fatalf("turn %d failed: %s: %s", len(turns), types(got), last.str("content"))
		case "complete":
			return turns
		default:
			reply := "Nothing more to add."
			if len(replies) > 0 {
				reply, replies = replies[0], replies[1:]
			}
			c.send(map[string]any{"type": "message", "content": reply})
		}
	}
	t.Fatalf("no complete spec after 60 turns: %v", turnTypes(turns))
	return nil
}

// asked returns the question a request's turn ended with: its messages
// end with question, response_done.
func asked(got []msg) msg {
	if n := len(got); n >= 2 && got[n-2].typ() == "question" && got[n-1].typ() == "response_done" {
		return got[n-2]
	}
	return nil
}

func turnTypes(turns [][]msg) []string {
	out := make([]string, len(turns))
	for i, turn := range turns {
		out[i] = types(turn)
	}
	return out
}

// checkInterview checks what every provider's interview must show: a
// greeting, a structured question answered, free-text turns, both files
// written and a verified, complete spec.
func checkInterview(t *testing.T, s *server, project string, turns [][]msg) {
	t.Helper()
	tt := turnTypes(turns)
	if tt[0] != "text response_done" {
		t.Errorf("greeting turn: %s", tt[0])
	}
	questioned, freeAfter := false, false
	for i, ty := range tt {
		last := turns[i][len(turns[i])-1].typ()
		if last != "response_done" && last != "complete" {
			t.Errorf("turn %d ends with %s, not response_done", i, last)
		}
		if strings.Contains(ty, "question") && asked(turns[i]) == nil {
			t.Errorf("turn %d: a question must be followed by response_done and nothing else: %s", i, ty)
		}
		if asked(turns[i]) != nil {
			questioned = true
		} else if questioned && i < len(tt)-1 && strings.HasSuffix(ty, "response_done") {
			freeAfter = true
		}
	}
	if !questioned || !freeAfter {
		t.Errorf("want a structured question and free-text turns after it: %q", tt)
	}
	final := tt[len(tt)-1]
	if !strings.Contains(final, "file_written") || !strings.HasSuffix(final, "spec_complete text response_done complete") {
		t.Errorf("final turn: %s", final)
	}
	written := map[string]bool{}
	for _, turn := range turns {
		for _, m := range turn {
			if m.typ() == "file_written" {
				written[m.str("path")] = true
			}
		}
	}
	if !written["prompts/app_spec.txt"] || !written["prompts/initializer_prompt.md"] {
		t.Errorf("files written: %v", written)
	}
	report := spec.Check([]byte(s.file(project, "prompts/app_spec.txt")), []byte(s.file(project, "prompts/initializer_prompt.md")))
	if !report.OK() {
		t.Errorf("the spec on disk fails validation: %+v", report.Problems)
	}
	var st map[string]any
	s.getJSON("/api/spec/status/"+project, &st)
	if st["status"] != "complete" || st["exists"] != true || st["feature_count"] != float64(report.Spec.FeatureCount) {
		t.Errorf("status = %v", st)
	}
}

// One interview, the same on every provider: the scripted ones must
// produce exactly the same protocol messages, turn by turn; the guided
// interview, which writes its own script, must reach the same end by the
// same grammar.
func TestInterview(t *testing.T) {
	appSpec, initializer := goodSpec(t)
	script := []answer{
		{text: []string{"Hello! ", "What would you like to build?"}},
		{text: []string{"Nice idea."}, calls: []call{{"toolu_q1", "AskUserQuestion", involvement}}},
		{text: []string{"Quick it is. ", "Who will use it?"}},
		{text: []string{"Thanks. ", "Shall I write the spec now?"}},
		{text: []string{"Writing the files now."}, calls: []call{
			write("toolu_w1", "prompts/app_spec.txt", appSpec),
			write("toolu_w2", "prompts/initializer_prompt.md", initializer),
		}},
		{text: []string{"Your spec is ready: ", "30 features."}},
	}
	want := []string{
		"text response_done",
		"text question response_done",
		"text response_done",
		"text response_done",
		"text file_written file_written spec_complete text response_done complete",
	}

	var mu sync.Mutex
	seen := map[string]string{} // backend → its sequence
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			m, requests := b.start(t, script)
			s := newServer(t, m)
			s.wait = b.wait
			turns := interview(t, s, "chores")
			checkInterview(t, s, "chores", turns)

			got := turnTypes(turns)
			if strings.Join(got, " | ") != strings.Join(want, " | ") {
				t.Errorf("turns:\n got %q\nwant %q", got, want)
			}
			mu.Lock()
			seen[b.name] = strings.Join(got, " | ")
			mu.Unlock()
			if s.file("chores", "prompts/app_spec.txt") != appSpec || s.file("chores", "prompts/initializer_prompt.md") != initializer {
				t.Error("the files on disk differ from what the model wrote")
			}
			if text(turns[4]) != "Writing the files now.Your spec is ready: 30 features." {
				t.Errorf("final text %q", text(turns[4]))
			}
			raw := requests()
			if len(raw) != len(script) {
				t.Fatalf("%d requests, want %d", len(raw), len(script))
			}
			// The answer went back to the model paired with its question.
			if !strings.Contains(raw[2], b.answered) {
				t.Errorf("the answer did not reach the model: %.400s", raw[2])
			}
			// Each write's result went back, and the whole conversation with it.
			for _, w := range []string{"What would you like to build?", "A chore chart for families", "Assign chores to each child", "Shall I write the spec now?"} {
				if !strings.Contains(raw[5], w) {
					t.Errorf("the last request lacks %q", w)
				}
			}
		})
	}
	first := ""
	for name, seq := range seen {
		if first == "" {
			first = seq
		} else if seq != first {
			t.Errorf("%s differs: %s\nfrom %s", name, seq, first)
		}
	}

	t.Run("guided", func(t *testing.T) {
		s := newServer(t, session.Config{Provider: guided.New()})
		turns := interview(t, s, "chores")
		checkInterview(t, s, "chores", turns)
	})
}

// Each provider's failures end the turn with an error that names the
// cause, the same on every provider, and the next message works. (The
// guided interview talks to no server and cannot fail this way.)
func TestErrors(t *testing.T) {
	failures := []struct {
		f     failure
		types string // the turn's messages: what streamed before the failure, then the error
		want  string // what the error must say, on every provider
	}{
		{badKey, "error", "API key"},
		{rateLimit, "error", "rate limit"},
		{overloaded, "error", "overloaded"},
		{brokenStream, "text error", "broke off"},
		{stalledStream, "text error", "sent nothing for"},
	}
	script := []answer{{text: []string{"Hi."}}}
	for _, f := range failures {
		script = append(script, answer{fail: f.f}, answer{text: []string{"Back ", "to work."}})
	}
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			m, requests := b.start(t, script)
			s := newServer(t, m)
			s.wait = b.wait
			c := s.dial("flaky")
			c.send(map[string]any{"type": "start"})
			if got := c.turn(); types(got) != "text response_done" {
				t.Fatalf("greeting: %s", types(got))
			}
			for _, f := range failures {
				began := time.Now()
				c.send(map[string]any{"type": "message", "content": "Tell me more."})
				got := c.turn()
				last := got[len(got)-1]
				msg := last.str("content")
				want := f.want
				if w, ok := b.errorWords[f.f]; ok {
					want = w
				}
				if types(got) != f.types || !strings.Contains(strings.ToLower(msg), strings.ToLower(want)) {
					t.Errorf("%s: got %s %q; want %s naming %q", f.f, types(got), msg, f.types, want)
				}
				t.Logf("%s, after %s: %s", f.f, time.Since(began).Round(time.Millisecond), msg)
				if strings.Contains(msg, anthropicKey) || strings.Contains(msg, openaiKey) || strings.Contains(msg, claudeKey) {
					t.Errorf("%s: the error shows the key: %q", f.f, msg)
				}
				c.send(map[string]any{"type": "message", "content": "Go on."})
				if got := c.turn(); types(got) != "text response_done" || text(got) != "Back to work." {
					t.Fatalf("after %s: %s %q", f.f, types(got), text(got))
				}
			}
			if n := len(requests()); n != len(script) {
				t.Errorf("%d requests, want %d (one per answer: no retries here)", n, len(script))
			}
		})
	}
}

// A model that cannot call tools still reaches a finished spec: the
// server refuses the tools, the openai adapter switches to text mode,
// and the files the model writes as fenced blocks are written and
// verified like any others.
func TestInterviewWithoutTools(t *testing.T) {
	appSpec, initializer := goodSpec(t)
	replies := []string{
		"Hello! What would you like to build?",
		"How involved do you want to be?\n1. Quick (recommended)\n2. Detailed",
		"Quick it is. Shall I write the spec now?",
		fmt.Sprintf("Writing the files now.\n\n````file:prompts/app_spec.txt\n%s````\n\n````file:prompts/initializer_prompt.md\n%s````\n", appSpec, initializer),
		"Your spec is ready: 30 features.",
	}
	var mu sync.Mutex
	answered := 0
	fake := llmtest.NewOpenAI(t, func(call int, req llmtest.OpenAIRequest) llmtest.OpenAIResponse {
		if len(req.Tools) > 0 {
			return llmtest.OpenAIStatus(400, "", "registry.ollama.ai/library/gemma3:4b does not support tools")
		}
		mu.Lock()
		defer mu.Unlock()
		if answered == len(replies) {
			return llmtest.OpenAIStatus(500, "", "beyond the script")
		}
		r := replies[answered]
		answered++
		return llmtest.OpenAIText(r[:len(r)/2], r[len(r)/2:])
	})
	p := openai.New(openai.Config{BaseURL: "http://127.0.0.1:11434/v1", HTTPClient: fake.Client(), Model: "gemma3:4b", MaxRetries: -1, StallTimeout: stall})
	s := newServer(t, session.Config{Provider: p})
	c := s.dial("notools")

	c.send(map[string]any{"type": "start"})
	var got []string
	for _, user := range []string{"A chore chart for families.", "Quick", "Yes, write it."} {
		got = append(got, types(c.turn()))
		c.send(map[string]any{"type": "message", "content": user})
	}
	final := c.turn()
	got = append(got, types(final))
	want := []string{
		"text response_done",
		"text response_done",
		"text response_done",
		"text file_written file_written spec_complete text response_done complete",
	}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Fatalf("turns:\n got %q\nwant %q", got, want)
	}
	if strings.Contains(text(final), "<project_specification>") {
		t.Error("the file content was shown as chat text")
	}
	if s.file("notools", "prompts/app_spec.txt") != appSpec || s.file("notools", "prompts/initializer_prompt.md") != initializer {
		t.Error("the files on disk differ from what the model wrote")
	}
	reqs := fake.Requests()
	if !p.TextMode() || len(reqs) != 6 || len(reqs[0].Tools) == 0 {
		t.Fatalf("text mode %v after %d requests", p.TextMode(), len(reqs))
	}
	for _, r := range reqs[1:] {
		if len(r.Tools) != 0 || !strings.Contains(r.System, "````file:") {
			t.Fatalf("a text-mode request with tools or without the instructions: %.300s", r.Raw)
		}
	}
	if last := string(reqs[5].Raw); !strings.Contains(last, "(Write prompts/app_spec.txt: ") {
		t.Errorf("the write results did not reach the model: %.300s", last[len(last)-300:])
	}
}
