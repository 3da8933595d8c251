package anthropic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/secret"
)

const testKey = "sk-ant-test-0123456789"

func newProvider(fake *llmtest.Anthropic, edit ...func(*Config)) *Provider {
	cfg := Config{APIKey: secret.New(testKey), BaseURL: fake.URL, Model: "claude-test", StallTimeout: 5 * time.Second}
	for _, e := range edit {
		e(&cfg)
	}
	return New(cfg)
}

func hello() llm.Request {
	return llm.Request{
		System:   "You write specs.",
		Messages: []chat.Message{{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("Hi")}}},
	}
}

// stream runs one round trip and collects the text handed to onText.
func stream(t *testing.T, p *Provider, req llm.Request) (llm.Reply, []string, error) {
	t.Helper()
	var deltas []string
	reply, err := p.Stream(context.Background(), req, func(s string) { deltas = append(deltas, s) })
	return reply, deltas, err
}

// wantKind fails the test unless err is an *llm.Error of kind.
func wantKind(t *testing.T, err error, kind llm.ErrorKind) *llm.Error {
	t.Helper()
	e, ok := llm.AsError(err)
	if !ok {
		t.Fatalf("error = %v (%T), want an *llm.Error of kind %s", err, err, kind)
	}
	if e.Kind != kind {
		t.Fatalf("kind = %s, want %s; error: %v", e.Kind, kind, err)
	}
	if e.Provider != "anthropic" || e.Message == "" {
		t.Errorf("error = %#v", e)
	}
	return e
}

func TestText(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hel", "lo, ", "world.").WithUsage(llmtest.Usage{InputTokens: 11, OutputTokens: 7, CacheReadInputTokens: 5, CacheCreationInputTokens: 3}),
	))
	p := newProvider(fake)
	reply, deltas, err := stream(t, p, hello())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Hel", "lo, ", "world."}; !reflect.DeepEqual(deltas, want) {
		t.Errorf("deltas = %q, want %q", deltas, want)
	}
	want := llm.Reply{
		Content:    []chat.Block{chat.TextBlock("Hello, world.")},
		StopReason: llm.StopEndTurn,
		Usage:      llm.Usage{InputTokens: 11, OutputTokens: 7, CacheReadTokens: 5, CacheWriteTokens: 3},
	}
	if !reflect.DeepEqual(reply, want) {
		t.Errorf("reply = %+v\nwant %+v", reply, want)
	}

	r := fake.Requests()[0]
	if r.Model != "claude-test" || !r.Stream || r.MaxTokens != DefaultMaxTokens || r.APIKey != testKey ||
		r.Version != "2023-06-01" || r.System != "You write specs." {
		t.Errorf("request = %+v", r)
	}
}

func TestTools(t *testing.T) {
	input := json.RawMessage(`{"path":"spec.md","content":"# Spec\n\n\"quoted\" ünïcode <b> & more","lines":[1,2,3],"nested":{"ok":true}}`)
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Tools("Writing the spec.",
		llmtest.ToolCall{ID: "toolu_01", Name: "Write", Input: input},
		llmtest.ToolCall{ID: "toolu_02", Name: "Glob"},
	)))
	reply, deltas, err := stream(t, newProvider(fake), hello())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(deltas, "") != "Writing the spec." {
		t.Errorf("deltas = %q", deltas)
	}
	want := []chat.Block{
		chat.TextBlock("Writing the spec."),
		{Type: chat.BlockToolUse, ID: "toolu_01", Name: "Write", Input: input},
		{Type: chat.BlockToolUse, ID: "toolu_02", Name: "Glob", Input: json.RawMessage(`{}`)},
	}
	if !reflect.DeepEqual(reply.Content, want) {
		t.Errorf("content:\n got %s\nwant %s", blocksJSON(reply.Content), blocksJSON(want))
	}
	if reply.StopReason != llm.StopToolUse {
		t.Errorf("stop reason = %s", reply.StopReason)
	}
}

func blocksJSON(b []chat.Block) string {
	out, _ := json.Marshal(b)
	return string(out)
}

func TestStopReasons(t *testing.T) {
	for reason, want := range map[string]llm.StopReason{
		"max_tokens":                    llm.StopMaxTokens,
		"model_context_window_exceeded": llm.StopMaxTokens,
		"refusal":                       llm.StopRefusal,
		"pause_turn":                    llm.StopOther,
		"stop_sequence":                 llm.StopOther,
	} {
		fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Text("cut").WithStopReason(reason)))
		reply, _, err := stream(t, newProvider(fake), hello())
		if err != nil || reply.StopReason != want {
			t.Errorf("%s: stop reason %s, error %v; want %s", reason, reply.StopReason, err, want)
		}
	}
}

func TestRequestBody(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Text("ok")))
	req := llm.Request{
		System:    "Be brief.",
		MaxTokens: 321,
		Tools: []llm.ToolSpec{
			{Name: "Read", Description: "Read a file.", Schema: json.RawMessage(`{"type":"object","properties":{"file_path":{"type":"string","description":"where"}},"required":["file_path"],"additionalProperties":false}`)},
			{Name: "AskUserQuestion", Schema: json.RawMessage(`{"type":"object","properties":{"questions":{"type":"array","items":{"$ref":"#/$defs/q"}}},"$defs":{"q":{"type":"object"}}}`)},
		},
		Messages: []chat.Message{
			{Role: chat.RoleUser, Content: []chat.Block{
				chat.TextBlock("Here is a sketch."),
				{Type: chat.BlockImage, MediaType: "image/png", Data: "iVBORw0KGgo="},
			}},
			{Role: chat.RoleAssistant, Content: []chat.Block{
				chat.TextBlock("Let me look."),
				{Type: chat.BlockToolUse, ID: "toolu_1", Name: "Read", Input: json.RawMessage(`{"file_path":"a.md"}`)},
				{Type: chat.BlockToolUse, ID: "toolu_2", Name: "Glob"},
			}},
			{Role: chat.RoleUser, Content: []chat.Block{
				chat.ToolResult("toolu_1", "# A", false),
				chat.ToolResult("toolu_2", "no such directory", true),
				chat.TextBlock(""),
				chat.TextBlock("And?"),
			}},
		},
	}
	if _, _, err := stream(t, newProvider(fake), req); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(fake.Requests()[0].Raw, &got); err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	err := json.Unmarshal([]byte(`{
		"model": "claude-test",
		"max_tokens": 321,
		"stream": true,
		"system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
		"tools": [
			{"name": "Read", "description": "Read a file.", "input_schema": {"type": "object",
				"properties": {"file_path": {"type": "string", "description": "where"}},
				"required": ["file_path"], "additionalProperties": false}},
			{"name": "AskUserQuestion", "input_schema": {"type": "object",
				"properties": {"questions": {"type": "array", "items": {"$ref": "#/$defs/q"}}},
				"$defs": {"q": {"type": "object"}}},
			 "cache_control": {"type": "ephemeral"}}
		],
		"messages": [
			{"role": "user", "content": [
				{"type": "text", "text": "Here is a sketch."},
				{"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}
			]},
			{"role": "assistant", "content": [
				{"type": "text", "text": "Let me look."},
				{"type": "tool_use", "id": "toolu_1", "name": "Read", "input": {"file_path": "a.md"}},
				{"type": "tool_use", "id": "toolu_2", "name": "Glob", "input": {}}
			]},
			{"role": "user", "content": [
				{"type": "tool_result", "tool_use_id": "toolu_1", "content": [{"type": "text", "text": "# A"}]},
				{"type": "tool_result", "tool_use_id": "toolu_2", "content": [{"type": "text", "text": "no such directory"}], "is_error": true},
				{"type": "text", "text": "And?", "cache_control": {"type": "ephemeral"}}
			]}
		]
	}`), &want)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		t.Errorf("request body:\n%s", g)
	}
}

func TestBadToolSchema(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script())
	req := hello()
	req.Tools = []llm.ToolSpec{{Name: "Broken", Schema: json.RawMessage(`{"type":"array"}`)}}
	_, _, err := stream(t, newProvider(fake), req)
	wantKind(t, err, llm.ErrBadRequest)
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestRetriedRateLimit(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Status(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"),
		llmtest.Text("at last"),
	))
	reply, _, err := stream(t, newProvider(fake), hello())
	if err != nil {
		t.Fatal(err)
	}
	if reply.Content[0].Text != "at last" {
		t.Errorf("reply = %+v", reply)
	}
	reqs := fake.Requests()
	if len(reqs) != 2 || reqs[1].Header.Get("X-Stainless-Retry-Count") != "1" {
		t.Fatalf("%d calls, retry count %q", len(reqs), reqs[len(reqs)-1].Header.Get("X-Stainless-Retry-Count"))
	}
	// The retry sends the whole body again, not what the first attempt
	// left of it.
	if len(reqs[1].Raw) == 0 || !bytes.Equal(reqs[0].Raw, reqs[1].Raw) {
		t.Errorf("retried body %q, first %q", reqs[1].Raw, reqs[0].Raw)
	}
	if ct := reqs[1].Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("content type %q", ct)
	}
}

func TestErrors(t *testing.T) {
	overloaded := llmtest.Status(529, "overloaded_error", "Overloaded")
	internal := llmtest.Status(500, "api_error", "Internal server error")
	tests := []struct {
		name     string
		script   []llmtest.Response
		kind     llm.ErrorKind
		status   int
		calls    int
		message  string // a part of the user's message
		partial  string // text onText saw before the failure
		requestI string // the request id the cause names
	}{
		{name: "auth", script: []llmtest.Response{llmtest.Status(401, "authentication_error", "invalid x-api-key")},
			kind: llm.ErrAuth, status: 401, calls: 1, message: "Anthropic rejected the API key (401). Check ANTHROPIC_API_KEY."},
		{name: "overloaded after retries", script: []llmtest.Response{overloaded, overloaded, overloaded},
			kind: llm.ErrOverloaded, status: 529, calls: 3, message: "overloaded (529)", requestI: "req_llmtest_002"},
		{name: "rate limit after retries", script: []llmtest.Response{
			llmtest.Status(429, "rate_limit_error", "slow down"), llmtest.Status(429, "rate_limit_error", "slow down"), llmtest.Status(429, "rate_limit_error", "slow down")},
			kind: llm.ErrRateLimit, status: 429, calls: 3, message: "rate limit"},
		{name: "server error after retries", script: []llmtest.Response{internal, internal, internal},
			kind: llm.ErrUnavailable, status: 500, calls: 3, message: "failed (500)"},
		{name: "proxy page", script: []llmtest.Response{
			llmtest.Raw(502, "text/html", "<html>Bad Gateway</html>").WithHeader("retry-after-ms", "1"),
			llmtest.Raw(502, "text/html", "<html>Bad Gateway</html>").WithHeader("retry-after-ms", "1"),
			llmtest.Raw(502, "text/html", "<html>Bad Gateway</html>").WithHeader("retry-after-ms", "1")},
			kind: llm.ErrUnavailable, status: 502, calls: 3},
		{name: "in-stream overloaded", script: []llmtest.Response{llmtest.StreamError("overloaded_error", "Overloaded")},
			kind: llm.ErrOverloaded, status: 200, calls: 1, message: "overloaded (overloaded_error)", partial: "Partial ", requestI: "req_llmtest_000"},
		{name: "in-stream api error", script: []llmtest.Response{llmtest.StreamError("api_error", "Internal server error")},
			kind: llm.ErrUnavailable, status: 200, calls: 1, partial: "Partial "},
		{name: "in-stream unknown error", script: []llmtest.Response{llmtest.StreamError("brand_new_error", "Something new")},
			kind: llm.ErrStream, status: 200, calls: 1, message: "Something new.", partial: "Partial "},
		{name: "truncated", script: []llmtest.Response{llmtest.Truncated()},
			kind: llm.ErrStream, status: 200, calls: 1, partial: "Partial ", requestI: "req_llmtest_000"},
		{name: "malformed", script: []llmtest.Response{llmtest.Malformed()},
			kind: llm.ErrStream, status: 200, calls: 1, partial: "Hello", requestI: "req_llmtest_000"},
		{name: "ended early", script: []llmtest.Response{{Events: llmtest.Text("a", "b").Events[:5]}},
			kind: llm.ErrStream, status: 200, calls: 1, partial: "a"},
		{name: "context too long", script: []llmtest.Response{llmtest.Status(400, "invalid_request_error", "prompt is too long: 215000 tokens > 200000 maximum")},
			kind: llm.ErrContextTooLong, status: 400, calls: 1, message: "prompt is too long: 215000 tokens > 200000 maximum."},
		{name: "context limit", script: []llmtest.Response{llmtest.Status(400, "invalid_request_error", "input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000, decrease input length or `max_tokens` and try again")},
			kind: llm.ErrContextTooLong, status: 400, calls: 1},
		{name: "too large", script: []llmtest.Response{llmtest.Status(413, "request_too_large", "Request exceeds the maximum allowed number of bytes.")},
			kind: llm.ErrContextTooLong, status: 413, calls: 1},
		{name: "bad request", script: []llmtest.Response{llmtest.Status(400, "invalid_request_error", "messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1")},
			kind: llm.ErrBadRequest, status: 400, calls: 1, message: "Anthropic rejected the request (400): messages.1: `tool_use` ids were found"},
		{name: "credit", script: []llmtest.Response{llmtest.Status(400, "invalid_request_error", "Your credit balance is too low to access the Anthropic API.")},
			kind: llm.ErrBilling, status: 400, calls: 1, message: "credit balance is too low"},
		{name: "billing", script: []llmtest.Response{llmtest.Status(402, "billing_error", "Payment required")},
			kind: llm.ErrBilling, status: 402, calls: 1},
		{name: "permission", script: []llmtest.Response{llmtest.Status(403, "permission_error", "Your API key does not have permission to use the specified resource.")},
			kind: llm.ErrPermission, status: 403, calls: 1, message: `model "claude-test"`},
		{name: "unknown model", script: []llmtest.Response{llmtest.Status(404, "not_found_error", "model: claude-test")},
			kind: llm.ErrNotFound, status: 404, calls: 1, message: `Anthropic has no model "claude-test"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := llmtest.NewAnthropic(t, llmtest.Script(tt.script...))
			reply, deltas, err := stream(t, newProvider(fake), hello())
			e := wantKind(t, err, tt.kind)
			if e.Status != tt.status {
				t.Errorf("status = %d, want %d", e.Status, tt.status)
			}
			if !strings.Contains(e.Message, tt.message) {
				t.Errorf("message %q does not contain %q", e.Message, tt.message)
			}
			if tt.requestI != "" && !strings.Contains(e.Error(), tt.requestI) {
				t.Errorf("error %q does not name request %s", e.Error(), tt.requestI)
			}
			if n := len(fake.Requests()); n != tt.calls {
				t.Errorf("%d calls, want %d", n, tt.calls)
			}
			if got := strings.Join(deltas, ""); got != tt.partial {
				t.Errorf("onText saw %q, want %q", got, tt.partial)
			}
			if reply.Content != nil {
				t.Errorf("reply with an error: %+v", reply)
			}
		})
	}
}

func TestUnreachable(t *testing.T) {
	srv := httptest.NewServer(nil)
	url := srv.URL
	srv.Close()
	p := New(Config{APIKey: secret.New(testKey), BaseURL: url, MaxRetries: -1})
	_, _, err := stream(t, p, hello())
	e := wantKind(t, err, llm.ErrUnavailable)
	if e.Status != 0 || !strings.Contains(e.Message, "Could not reach") {
		t.Errorf("error = %#v", e)
	}
}

func TestStall(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Stall(time.Minute)))
	p := newProvider(fake, func(c *Config) { c.StallTimeout = 500 * time.Millisecond })
	start := time.Now()
	_, deltas, err := stream(t, p, hello())
	e := wantKind(t, err, llm.ErrTimeout)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("timed out after %s, want about 500ms", d)
	}
	if strings.Join(deltas, "") != "Partial " || !strings.Contains(e.Message, "500ms") {
		t.Errorf("deltas %q, message %q", deltas, e.Message)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

func TestSlowCallerIsNotAStall(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Text("one", "two", "three")))
	p := newProvider(fake, func(c *Config) { c.StallTimeout = 300 * time.Millisecond })
	slept := false
	reply, err := p.Stream(context.Background(), hello(), func(string) {
		if !slept {
			slept = true
			time.Sleep(600 * time.Millisecond)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if reply.Content[0].Text != "onetwothree" {
		t.Errorf("reply = %+v", reply)
	}
}

func TestCancel(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Stall(time.Minute)))
	p := newProvider(fake)
	ctx, cancel := context.WithCancel(context.Background())
	start := time.Now()
	_, err := p.Stream(ctx, hello(), func(string) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if _, ok := llm.AsError(err); ok {
		t.Errorf("a cancelled call returned an *llm.Error: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("cancel took %s", d)
	}
}

func TestCancelledBeforeStart(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Text("never")))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newProvider(fake).Stream(ctx, hello(), nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
}

// The canary key must not leak through any failure, even when the server
// echoes it back in its error bodies.
func TestKeyNeverInErrors(t *testing.T) {
	const canary = "sk-ant-api03-CANARY-do-not-leak-7f3a9c"
	cases := map[string]llmtest.Response{
		"401":         llmtest.Status(401, "authentication_error", "invalid x-api-key "+canary),
		"400":         llmtest.Status(400, "invalid_request_error", "bad key "+canary),
		"400 long":    llmtest.Status(400, "invalid_request_error", "prompt is too long "+canary),
		"402":         llmtest.Status(402, "billing_error", canary),
		"403":         llmtest.Status(403, "permission_error", canary),
		"404":         llmtest.Status(404, "not_found_error", canary),
		"413":         llmtest.Status(413, "request_too_large", canary),
		"429":         llmtest.Status(429, "rate_limit_error", canary).WithHeader("x-should-retry", "false"),
		"500":         llmtest.Status(500, "api_error", canary).WithHeader("x-should-retry", "false"),
		"529":         llmtest.Status(529, "overloaded_error", canary).WithHeader("x-should-retry", "false"),
		"raw":         llmtest.Raw(502, "text/plain", "upstream said "+canary).WithHeader("x-should-retry", "false"),
		"in-stream":   llmtest.StreamError("overloaded_error", "Overloaded "+canary),
		"in-stream ?": llmtest.StreamError("new_error", canary),
		"truncated":   llmtest.Truncated(),
		"malformed":   llmtest.Malformed(),
		"stall":       llmtest.Stall(time.Minute),
	}
	for name, resp := range cases {
		t.Run(name, func(t *testing.T) {
			fake := llmtest.NewAnthropic(t, llmtest.Script(resp))
			stall := 5 * time.Second
			if name == "stall" {
				stall = 300 * time.Millisecond
			}
			p := New(Config{APIKey: secret.New(canary), BaseURL: fake.URL, StallTimeout: stall})
			_, err := p.Stream(context.Background(), hello(), nil)
			e, ok := llm.AsError(err)
			if !ok {
				t.Fatalf("error = %v", err)
			}
			if strings.Contains(err.Error(), canary) || strings.Contains(e.Message, canary) {
				t.Errorf("the key leaked: %v", err)
			}
			if reqs := fake.Requests(); len(reqs) == 0 || reqs[0].APIKey != canary {
				t.Errorf("the key was not sent; error: %v", err)
			}
		})
	}
	t.Run("unreachable", func(t *testing.T) {
		p := New(Config{APIKey: secret.New(canary), BaseURL: "http://127.0.0.1:1/" + canary, MaxRetries: -1})
		_, err := p.Stream(context.Background(), hello(), nil)
		if err == nil || strings.Contains(err.Error(), canary) {
			t.Errorf("error = %v", err)
		}
	})
}

// The SDK's environment defaults must not override the configuration.
func TestIgnoresEnvironment(t *testing.T) {
	t.Setenv("ANTHROPIC_API_KEY", "env-key")
	t.Setenv("ANTHROPIC_AUTH_TOKEN", "env-token")
	t.Setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:1")
	t.Setenv("ANTHROPIC_CUSTOM_HEADERS", "X-From-Env: yes")
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Text("ok")))
	if _, _, err := stream(t, newProvider(fake), hello()); err != nil {
		t.Fatal(err)
	}
	h := fake.Requests()[0].Header
	if h.Get("x-api-key") != testKey || h.Get("Authorization") != "" || h.Get("X-From-Env") != "" {
		t.Errorf("headers = %v", h)
	}
}

func TestDefaults(t *testing.T) {
	p := New(Config{})
	if p.Name() != "anthropic" || p.Model() != DefaultModel || p.maxTokens != DefaultMaxTokens || p.stall != DefaultStallTimeout {
		t.Errorf("provider = %+v", p)
	}
}

func TestMaxRetries(t *testing.T) {
	for retries, calls := range map[int]int{-1: 1, 1: 2, 4: 5} {
		script := make([]llmtest.Response, calls)
		for i := range script {
			script[i] = llmtest.Status(529, "overloaded_error", "Overloaded")
		}
		fake := llmtest.NewAnthropic(t, llmtest.Script(script...))
		_, _, err := stream(t, newProvider(fake, func(c *Config) { c.MaxRetries = retries }), hello())
		wantKind(t, err, llm.ErrOverloaded)
		if n := len(fake.Requests()); n != calls {
			t.Errorf("MaxRetries %d: %d calls, want %d", retries, n, calls)
		}
	}
}

// Pings keep the connection open but are not progress: a stream that
// sends only pings fails at the stall timeout.
func TestPingsAreNotProgress(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Stall(time.Minute).Pinging(50*time.Millisecond)))
	p := newProvider(fake, func(c *Config) { c.StallTimeout = 400 * time.Millisecond })
	start := time.Now()
	_, _, err := stream(t, p, hello())
	wantKind(t, err, llm.ErrTimeout)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a stream of pings lived %s past a 400ms stall timeout", d)
	}
}
