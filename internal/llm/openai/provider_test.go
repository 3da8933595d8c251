package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/secret"
)

const testKey = "sk-test-0123456789"

func newProvider(fake *llmtest.OpenAI, edit ...func(*Config)) *Provider {
	cfg := Config{APIKey: secret.New(testKey), BaseURL: fake.URL, Model: "gpt-test", StallTimeout: 5 * time.Second}
	for _, e := range edit {
		e(&cfg)
	}
	return New(cfg)
}

// viaOllamaPort returns a provider whose base URL is Ollama's usual
// address while its requests go to fake, to test how it names Ollama.
func viaOllamaPort(fake *llmtest.OpenAI, edit ...func(*Config)) *Provider {
	return newProvider(fake, append([]func(*Config){func(c *Config) {
		c.BaseURL, c.HTTPClient, c.APIKey = "http://127.0.0.1:11434/v1", fake.Client(), secret.Secret{}
	}}, edit...)...)
}

func hello() llm.Request {
	return llm.Request{
		System:   "You write specs.",
		Messages: []chat.Message{{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("Hi")}}},
	}
}

func withTools(req llm.Request) llm.Request {
	req.Tools = []llm.ToolSpec{
		{Name: "Write", Description: "Write a file.", Schema: json.RawMessage(`{"type":"object","properties":{"file_path":{"type":"string"},"content":{"type":"string"}},"required":["file_path","content"]}`)},
		{Name: "Glob", Schema: nil},
	}
	return req
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
	if e.Provider != "openai" || e.Message == "" {
		t.Errorf("error = %#v", e)
	}
	return e
}

func blocksJSON(b []chat.Block) string {
	out, _ := json.Marshal(b)
	return string(out)
}

func TestText(t *testing.T) {
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(
		llmtest.OpenAIText("Hel", "lo, ", "world.").WithUsage(llmtest.OpenAIUsage{PromptTokens: 16, CompletionTokens: 7, CachedTokens: 5}),
	))
	reply, deltas, err := stream(t, newProvider(fake), hello())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Hel", "lo, ", "world."}; !reflect.DeepEqual(deltas, want) {
		t.Errorf("deltas = %q, want %q", deltas, want)
	}
	want := llm.Reply{
		Content:    []chat.Block{chat.TextBlock("Hello, world.")},
		StopReason: llm.StopEndTurn,
		Usage:      llm.Usage{InputTokens: 11, OutputTokens: 7, CacheReadTokens: 5},
	}
	if !reflect.DeepEqual(reply, want) {
		t.Errorf("reply = %+v\nwant %+v", reply, want)
	}
	r := fake.Requests()[0]
	if r.Model != "gpt-test" || !r.Stream || !r.IncludeUsage || r.MaxTokens != DefaultMaxTokens || r.MaxTokensField != "max_tokens" ||
		r.APIKey != testKey || r.System != "You write specs." || r.ToolChoice != "" || r.Tools != nil {
		t.Errorf("request = %+v", r)
	}
	if r.Header.Get("Accept") != "text/event-stream" || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("headers = %v", r.Header)
	}
}

// The whole conversation in the wire format: system first, assistant
// calls with JSON-string arguments, one tool message per result before
// the user's text, images as data URLs.
func TestRequestTranslation(t *testing.T) {
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAIText("ok")))
	req := withTools(llm.Request{
		System:    "Be brief.",
		MaxTokens: 321,
		Messages: []chat.Message{
			{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("Look:"), {Type: chat.BlockImage, MediaType: "image/png", Data: "iVBORw0KGgo="}}},
			{Role: chat.RoleAssistant, Content: []chat.Block{
				chat.TextBlock("Reading both."),
				{Type: chat.BlockToolUse, ID: "call_1", Name: "Read", Input: json.RawMessage(`{ "file_path": "a.md" }`)},
				{Type: chat.BlockToolUse, ID: "call_2", Name: "Glob"},
			}},
			{Role: chat.RoleUser, Content: []chat.Block{
				chat.ToolResult("call_1", "1\t# A", false),
				chat.ToolResult("call_2", "no match", true),
				chat.TextBlock("And then?"),
			}},
			{Role: chat.RoleAssistant, Content: []chat.Block{{Type: chat.BlockToolUse, ID: "call_3", Name: "Glob", Input: json.RawMessage(`{}`)}}},
			{Role: chat.RoleUser, Content: []chat.Block{chat.ToolResult("call_3", "", false)}},
			{Role: chat.RoleAssistant, Content: []chat.Block{chat.TextBlock("")}},
		},
	})
	if _, _, err := stream(t, newProvider(fake), req); err != nil {
		t.Fatal(err)
	}
	r := fake.Requests()[0]
	got, _ := json.Marshal(r.Body["messages"])
	want := `[{"content":"Be brief.","role":"system"},` +
		`{"content":[{"text":"Look:","type":"text"},{"image_url":{"url":"data:image/png;base64,iVBORw0KGgo="},"type":"image_url"}],"role":"user"},` +
		`{"content":"Reading both.","role":"assistant","tool_calls":[{"function":{"arguments":"{\"file_path\":\"a.md\"}","name":"Read"},"id":"call_1","type":"function"},{"function":{"arguments":"{}","name":"Glob"},"id":"call_2","type":"function"}]},` +
		`{"content":"1\t# A","role":"tool","tool_call_id":"call_1"},` +
		`{"content":"Error: no match","role":"tool","tool_call_id":"call_2"},` +
		`{"content":"And then?","role":"user"},` +
		`{"content":"","role":"assistant","tool_calls":[{"function":{"arguments":"{}","name":"Glob"},"id":"call_3","type":"function"}]},` +
		`{"content":"(no output)","role":"tool","tool_call_id":"call_3"}]`
	if string(got) != want {
		t.Errorf("messages:\n got %s\nwant %s", got, want)
	}
	tools, _ := json.Marshal(r.Body["tools"])
	wantTools := `[{"function":{"description":"Write a file.","name":"Write","parameters":{"properties":{"content":{"type":"string"},"file_path":{"type":"string"}},"required":["file_path","content"],"type":"object"}},"type":"function"},` +
		`{"function":{"name":"Glob","parameters":{"properties":{},"type":"object"}},"type":"function"}]`
	if string(tools) != wantTools {
		t.Errorf("tools:\n got %s\nwant %s", tools, wantTools)
	}
	if r.ToolChoice != "auto" || r.MaxTokens != 321 {
		t.Errorf("tool_choice %q, max tokens %d", r.ToolChoice, r.MaxTokens)
	}
}

func TestRequestErrors(t *testing.T) {
	p := New(Config{APIKey: secret.New(testKey), BaseURL: "http://127.0.0.1:1/v1"})
	for name, req := range map[string]llm.Request{
		"role":   {Messages: []chat.Message{{Role: "system", Content: []chat.Block{chat.TextBlock("x")}}}},
		"image":  {Messages: []chat.Message{{Role: chat.RoleUser, Content: []chat.Block{{Type: chat.BlockImage}}}}},
		"input":  {Messages: []chat.Message{{Role: chat.RoleAssistant, Content: []chat.Block{{Type: chat.BlockToolUse, ID: "x", Name: "Read", Input: json.RawMessage(`{nope`)}}}}},
		"schema": {Tools: []llm.ToolSpec{{Name: "Bad", Schema: json.RawMessage(`{"type":"string"}`)}}},
		"block":  {Messages: []chat.Message{{Role: chat.RoleUser, Content: []chat.Block{{Type: "video"}}}}},
	} {
		_, err := p.Stream(context.Background(), req, nil)
		if e := wantKind(t, err, llm.ErrBadRequest); !strings.HasPrefix(e.Message, "The request could not be built") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestTools(t *testing.T) {
	input := json.RawMessage(`{"file_path":"spec.md","content":"# Spec\n\n\"quoted\" ünïcode <b> & more","lines":[1,2,3]}`)
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAITools("Writing the spec.",
		llmtest.ToolCall{ID: "call_01", Name: "Write", Input: input},
		llmtest.ToolCall{ID: "call_02", Name: "Glob"},
	)))
	reply, deltas, err := stream(t, newProvider(fake), withTools(hello()))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(deltas, "") != "Writing the spec." {
		t.Errorf("deltas = %q", deltas)
	}
	want := []chat.Block{
		chat.TextBlock("Writing the spec."),
		{Type: chat.BlockToolUse, ID: "call_01", Name: "Write", Input: input},
		{Type: chat.BlockToolUse, ID: "call_02", Name: "Glob", Input: json.RawMessage(`{}`)},
	}
	if !reflect.DeepEqual(reply.Content, want) || reply.StopReason != llm.StopToolUse {
		t.Errorf("reply:\n got %s %s\nwant %s", blocksJSON(reply.Content), reply.StopReason, blocksJSON(want))
	}
}

// Ollama sends parallel calls all at index 0: each must stay its own
// call, with or without ids.
func TestOllamaParallelCalls(t *testing.T) {
	a := map[string]string{"file_path": "a.md", "content": "A"}
	b := map[string]string{"file_path": "b.md", "content": "B"}
	for name, resp := range map[string]llmtest.OpenAIResponse{
		"ids":    llmtest.OllamaTools("Both.", llmtest.ToolCall{ID: "call_a", Name: "Write", Input: a}, llmtest.ToolCall{ID: "call_b", Name: "Write", Input: b}),
		"no ids": llmtest.OllamaTools("Both.", llmtest.ToolCall{Name: "Write", Input: a}, llmtest.ToolCall{Name: "Write", Input: b}),
		"stop":   llmtest.OllamaTools("Both.", llmtest.ToolCall{Name: "Write", Input: a}, llmtest.ToolCall{Name: "Write", Input: b}).WithFinishReason("stop"),
	} {
		t.Run(name, func(t *testing.T) {
			fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(resp))
			reply, _, err := stream(t, newProvider(fake), withTools(hello()))
			if err != nil {
				t.Fatal(err)
			}
			if len(reply.Content) != 3 || reply.StopReason != llm.StopToolUse {
				t.Fatalf("reply = %s %s", blocksJSON(reply.Content), reply.StopReason)
			}
			first, second := reply.Content[1], reply.Content[2]
			if string(first.Input) != `{"content":"A","file_path":"a.md"}` || string(second.Input) != `{"content":"B","file_path":"b.md"}` ||
				first.Name != "Write" || second.Name != "Write" {
				t.Errorf("calls = %s", blocksJSON(reply.Content[1:]))
			}
			if first.ID == "" || second.ID == "" || first.ID == second.ID {
				t.Errorf("ids %q and %q", first.ID, second.ID)
			}
			if name == "ids" && (first.ID != "call_a" || second.ID != "call_b") {
				t.Errorf("ids %q and %q", first.ID, second.ID)
			}
		})
	}
}

// mkChunk builds one chat.completion.chunk with the given delta JSON.
func mkChunk(delta string) string {
	return `{"id":"c","object":"chat.completion.chunk","created":1,"model":"","choices":[{"index":0,"delta":` + delta + `,"finish_reason":null}]}`
}

func finish(reason string) string {
	return `{"id":"c","object":"chat.completion.chunk","created":1,"model":"","choices":[{"index":0,"delta":{},"finish_reason":"` + reason + `"}]}`
}

// The accumulator's tolerance, on hand-made streams.
func TestAccumulatorQuirks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chunks []string
		want   string // the tool_use blocks as name(input), ids left out
		stop   llm.StopReason
	}{
		{"index 0 in separate chunks, no ids", []string{
			mkChunk(`{"tool_calls":[{"index":0,"type":"function","function":{"name":"Read","arguments":"{\"file_path\":\"a\"}"}}]}`),
			mkChunk(`{"tool_calls":[{"index":0,"type":"function","function":{"name":"Read","arguments":"{\"file_path\":\"b\"}"}}]}`),
			finish("tool_calls"),
		}, `Read({"file_path":"a"}) Read({"file_path":"b"})`, llm.StopToolUse},
		{"no index at all (old Ollama)", []string{
			mkChunk(`{"tool_calls":[{"id":"x","function":{"name":"Read","arguments":"{}"}},{"id":"y","function":{"name":"Glob","arguments":"{\"pattern\":\"*\"}"}}]}`),
			finish("tool_calls"),
		}, `Read({}) Glob({"pattern":"*"})`, llm.StopToolUse},
		{"arguments as an object", []string{
			mkChunk(`{"tool_calls":[{"index":0,"id":"x","function":{"name":"Read","arguments":{"file_path":"a"}}}]}`),
			finish("tool_calls"),
		}, `Read({"file_path":"a"})`, llm.StopToolUse},
		{"empty and null arguments", []string{
			mkChunk(`{"tool_calls":[{"index":0,"id":"x","function":{"name":"Glob","arguments":""}}]}`),
			mkChunk(`{"tool_calls":[{"index":1,"id":"y","function":{"name":"Glob","arguments":null}}]}`),
			finish("tool_calls"),
		}, `Glob({}) Glob({})`, llm.StopToolUse},
		{"fragments with the id repeated", []string{
			mkChunk(`{"tool_calls":[{"index":0,"id":"x","function":{"name":"Read","arguments":"{\"file_"}}]}`),
			mkChunk(`{"tool_calls":[{"index":0,"id":"x","function":{"arguments":"path\":\"a\"}"}}]}`),
			finish("tool_calls"),
		}, `Read({"file_path":"a"})`, llm.StopToolUse},
		{"arguments that are not JSON", []string{
			mkChunk(`{"tool_calls":[{"index":0,"id":"x","function":{"name":"Write","arguments":"{\"file_path\": \"a\", \"content\": \"cut"}}]}`),
			finish("length"),
		}, `Write({"invalid_json_arguments":"{\"file_path\": \"a\", \"content\": \"cut"})`, llm.StopMaxTokens},
		{"stop after calls", []string{
			mkChunk(`{"tool_calls":[{"index":0,"id":"x","function":{"name":"Glob","arguments":"{}"}}]}`),
			finish("stop"),
		}, `Glob({})`, llm.StopToolUse},
		{"no finish reason, [DONE] only", []string{mkChunk(`{"content":"Hi"}`)}, ``, llm.StopEndTurn},
		{"content filter", []string{mkChunk(`{"content":"Hi"}`), finish("content_filter")}, ``, llm.StopRefusal},
		{"length", []string{mkChunk(`{"content":"Hi"}`), finish("length")}, ``, llm.StopMaxTokens},
		{"unknown reason", []string{mkChunk(`{"content":"Hi"}`), finish("other")}, ``, llm.StopOther},
		{"reasoning is not text", []string{mkChunk(`{"reasoning":"hmm","reasoning_content":"hmm","content":null}`), mkChunk(`{"content":"Hi"}`), finish("stop")}, ``, llm.StopEndTurn},
		{"other choices are ignored", []string{
			`{"choices":[{"index":1,"delta":{"content":"B"},"finish_reason":null}]}`, mkChunk(`{"content":"Hi"}`), finish("stop"),
		}, ``, llm.StopEndTurn},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAIResponse{Chunks: tc.chunks}))
			reply, _, err := stream(t, newProvider(fake), withTools(hello()))
			if err != nil {
				t.Fatal(err)
			}
			var calls []string
			ids := map[string]bool{}
			for _, b := range reply.Content {
				if b.Type == chat.BlockToolUse {
					calls = append(calls, fmt.Sprintf("%s(%s)", b.Name, b.Input))
					if b.ID == "" || ids[b.ID] {
						t.Errorf("id %q missing or repeated", b.ID)
					}
					ids[b.ID] = true
				}
			}
			if got := strings.Join(calls, " "); got != tc.want || reply.StopReason != tc.stop {
				t.Errorf("calls %s, stop %s; want %s, %s", got, reply.StopReason, tc.want, tc.stop)
			}
			if tc.want == "" && reply.Content[0].Text != "Hi" {
				t.Errorf("content = %s", blocksJSON(reply.Content))
			}
		})
	}
}

// Arguments that were not JSON go back to the server as they came, and
// the wrapped input is a valid object for the store and the tools.
func TestInvalidArgumentsRoundTrip(t *testing.T) {
	raw := `{"file_path": "a", "content": "cut`
	in := toolInput(raw)
	if !json.Valid(in) || !isObject(in) {
		t.Fatalf("input %s", in)
	}
	back, err := arguments(in)
	if err != nil || back != raw {
		t.Errorf("arguments = %q, %v", back, err)
	}
	if got, _ := arguments(json.RawMessage(`{"invalid_json_arguments":"x","other":1}`)); got != `{"invalid_json_arguments":"x","other":1}` {
		t.Errorf("an ordinary object was unwrapped: %s", got)
	}
}

func TestNoAuthorizationWithoutKey(t *testing.T) {
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAIText("ok")))
	if _, _, err := stream(t, newProvider(fake, func(c *Config) { c.APIKey = secret.Secret{} }), hello()); err != nil {
		t.Fatal(err)
	}
	if h := fake.Requests()[0].Header.Get("Authorization"); h != "" {
		t.Errorf("Authorization = %q", h)
	}
}

// A server that refuses tool_choice or stream_options gets the request
// again without it, and never again afterwards.
func TestDropsRefusedParameters(t *testing.T) {
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(
		llmtest.OpenAIStatus(400, "", "tool_choice is not supported by this server"),
		llmtest.OpenAIStatus(400, "", "Unrecognized request argument supplied: stream_options"),
		llmtest.OpenAIText("ok"),
		llmtest.OpenAIText("again"),
	))
	p := newProvider(fake)
	reply, _, err := stream(t, p, withTools(hello()))
	if err != nil || reply.Content[0].Text != "ok" {
		t.Fatalf("reply %+v, error %v", reply, err)
	}
	if _, _, err := stream(t, p, withTools(hello())); err != nil {
		t.Fatal(err)
	}
	reqs := fake.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests", len(reqs))
	}
	if reqs[0].ToolChoice != "auto" || !reqs[0].IncludeUsage || reqs[1].ToolChoice != "" || !reqs[1].IncludeUsage ||
		reqs[2].ToolChoice != "" || reqs[2].IncludeUsage || reqs[3].ToolChoice != "" || reqs[3].IncludeUsage {
		t.Errorf("tool_choice %q %q %q %q, include_usage %v %v %v %v", reqs[0].ToolChoice, reqs[1].ToolChoice, reqs[2].ToolChoice, reqs[3].ToolChoice,
			reqs[0].IncludeUsage, reqs[1].IncludeUsage, reqs[2].IncludeUsage, reqs[3].IncludeUsage)
	}
	if _, ok := reqs[3].Body["stream_options"]; ok {
		t.Error("stream_options still sent")
	}
}

// A refusal is retried once per change: a server that keeps refusing
// gets its error reported.
func TestRefusalRetriedOnce(t *testing.T) {
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(
		llmtest.OpenAIStatus(400, "", "stream_options: extra inputs are not permitted"),
		llmtest.OpenAIStatus(400, "", "bad request: messages[1] is odd"),
	))
	_, _, err := stream(t, newProvider(fake), hello())
	e := wantKind(t, err, llm.ErrBadRequest)
	if !strings.Contains(e.Message, "messages[1] is odd") || len(fake.Requests()) != 2 {
		t.Errorf("%v after %d requests", err, len(fake.Requests()))
	}
}

func TestMaxTokensField(t *testing.T) {
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(
		llmtest.OpenAIStatus(400, "unsupported_parameter", "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."),
		llmtest.OpenAIText("ok"),
	))
	if _, _, err := stream(t, newProvider(fake), hello()); err != nil {
		t.Fatal(err)
	}
	reqs := fake.Requests()
	if reqs[0].MaxTokensField != "max_tokens" || reqs[1].MaxTokensField != "max_completion_tokens" || reqs[1].MaxTokens != DefaultMaxTokens {
		t.Errorf("fields %s then %s", reqs[0].MaxTokensField, reqs[1].MaxTokensField)
	}
	if New(Config{}).quirks.maxField != "max_completion_tokens" {
		t.Error("OpenAI itself should get max_completion_tokens")
	}
}

func TestBudgetCap(t *testing.T) {
	for msg, want := range map[string]int{
		"max_tokens is too large: 32000. This model supports at most 16384 completion tokens, whereas you provided 32000.":                                                                                  16384,
		"This model's maximum context length is 32768 tokens. However, you requested 40000 tokens (8000 in the messages, 32000 in the completion). Please reduce the length of the messages or completion.": 24768,
	} {
		fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAIStatus(400, "", msg), llmtest.OpenAIText("ok")))
		req := hello()
		req.MaxTokens = 32000
		if _, _, err := stream(t, newProvider(fake), req); err != nil {
			t.Fatal(err)
		}
		if got := fake.Requests()[1].MaxTokens; got != want {
			t.Errorf("budget %d, want %d after %q", got, want, msg)
		}
	}
	// No room left: the conversation is too long.
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAIStatus(400, "",
		"This model's maximum context length is 8192 tokens. However, you requested 40000 tokens (8000 in the messages, 32000 in the completion).")))
	_, _, err := stream(t, newProvider(fake), hello())
	wantKind(t, err, llm.ErrContextTooLong)
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		resp   llmtest.OpenAIResponse
		ollama bool
		kind   llm.ErrorKind
		status int
		want   []string
	}{
		{"401", llmtest.OpenAIStatus(401, "invalid_api_key", "Incorrect API key provided: sk-test-****6789."), false, llm.ErrAuth, 401,
			[]string{"rejected the API key (401)", "OPENAI_API_KEY"}},
		{"401 without a key", llmtest.OpenAIStatus(401, "", "unauthorized"), true, llm.ErrAuth, 401,
			[]string{"asks for an API key (401)", "Set OPENAI_API_KEY"}},
		{"403", llmtest.OpenAIStatus(403, "unsupported_country_region_territory", "Country, region, or territory not supported"), false, llm.ErrPermission, 403,
			[]string{`model "gpt-test"`, "Country, region, or territory not supported."}},
		{"404 model", llmtest.OpenAIStatus(404, "model_not_found", "The model `gpt-test` does not exist or you do not have access to it."), false, llm.ErrNotFound, 404,
			[]string{`has no model "gpt-test" (404)`, "--model"}},
		{"404 ollama", llmtest.OpenAIRaw(404, "application/json", `{"error":{"message":"model \"gpt-test\" not found, try pulling it first","type":"api_error","param":null,"code":null}}`), true, llm.ErrNotFound, 404,
			[]string{`Ollama at http://127.0.0.1:11434/v1 has no model "gpt-test"`, `ollama pull gpt-test`}},
		{"404 path", llmtest.OpenAIRaw(404, "text/html", "<html>Not Found</html>"), false, llm.ErrNotFound, 404,
			[]string{"/v1/chat/completions", "base URL is probably wrong", "OPENAI_BASE_URL"}},
		{"429", llmtest.OpenAIStatus(429, "rate_limit_exceeded", "Rate limit reached for requests"), false, llm.ErrRateLimit, 429,
			[]string{"rate limit", "(429)", "retrying did not help"}},
		{"429 quota", llmtest.OpenAIStatus(429, "insufficient_quota", "You exceeded your current quota, please check your plan and billing details."), false, llm.ErrBilling, 429,
			[]string{"billing reasons (429)", "exceeded your current quota"}},
		{"500", llmtest.OpenAIRaw(500, "application/json", `{"error":{"message":"model requires more system memory (9.1 GiB) than is available (4.0 GiB)","type":"api_error"}}`), true, llm.ErrUnavailable, 500,
			[]string{"failed (500)", "more system memory"}},
		{"503 overloaded", llmtest.OpenAIStatus(503, "", "The engine is currently overloaded, please try again later"), false, llm.ErrOverloaded, 503,
			[]string{"is overloaded (503)"}},
		{"503", llmtest.OpenAIStatus(503, "", "Service Unavailable"), false, llm.ErrUnavailable, 503,
			[]string{"failed (503)"}},
		{"529", llmtest.OpenAIStatus(529, "", "Overloaded"), false, llm.ErrOverloaded, 529,
			[]string{"overloaded (529)"}},
		{"context", llmtest.OpenAIStatus(400, "context_length_exceeded", "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens."), false, llm.ErrContextTooLong, 400,
			[]string{`too long for model "gpt-test" (400)`, "130000 tokens", "Start a new session", "num_ctx"}},
		{"context llama.cpp", llmtest.OpenAIRaw(400, "application/json", `{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error"}}`), false, llm.ErrContextTooLong, 400,
			[]string{"exceeds the available context size", "--ctx-size"}},
		{"413", llmtest.OpenAIRaw(413, "text/plain", "Request Entity Too Large"), false, llm.ErrContextTooLong, 413,
			[]string{"too long", "(413)"}},
		{"422 detail", llmtest.OpenAIRaw(422, "application/json", `{"detail":[{"loc":["body","messages"],"msg":"field required"}]}`), false, llm.ErrBadRequest, 422,
			[]string{"rejected the request (422): field required."}},
		{"400 vLLM", llmtest.OpenAIRaw(400, "application/json", `{"object":"error","message":"temperature must be positive","type":"BadRequestError","param":null,"code":400}`), false, llm.ErrBadRequest, 400,
			[]string{"temperature must be positive"}},
		{"in-stream", llmtest.OpenAIStreamError("server_error", "Provider disconnected"), false, llm.ErrStream, 200,
			[]string{"broke off with an error (server_error): Provider disconnected."}},
		{"in-stream overloaded", llmtest.OpenAIStreamError("", "Upstream overloaded"), false, llm.ErrOverloaded, 200,
			[]string{"is overloaded (error chunk)"}},
		{"clean end without finish", llmtest.OpenAIResponse{Chunks: []string{mkChunk(`{"content":"Hi"}`)}}.WithoutDone(), false, llm.ErrStream, 200,
			[]string{"broke off before it was complete"}},
		{"malformed", llmtest.OpenAIMalformed(), false, llm.ErrStream, 200,
			[]string{"could not be read", "not valid JSON"}},
		{"truncated", llmtest.OpenAITruncated(), false, llm.ErrStream, 200,
			[]string{"broke off before it was complete"}},
		{"truncated at once", llmtest.OpenAITruncated(mkChunk(`{"role":"assistant"}`)), false, llm.ErrStream, 200,
			[]string{"broke off before it sent anything"}},
		{"empty 200", llmtest.OpenAIRaw(200, "text/event-stream", ""), false, llm.ErrStream, 200,
			[]string{"broke off before it sent anything"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(tc.resp))
			p := newProvider(fake, func(c *Config) { c.MaxRetries = -1 })
			if tc.ollama {
				p = viaOllamaPort(fake, func(c *Config) { c.MaxRetries = -1 })
			}
			_, _, err := stream(t, p, hello())
			e := wantKind(t, err, tc.kind)
			if e.Status != tc.status {
				t.Errorf("status = %d, want %d", e.Status, tc.status)
			}
			for _, w := range tc.want {
				if !strings.Contains(e.Message, w) {
					t.Errorf("message %q lacks %q", e.Message, w)
				}
			}
			if e.Err == nil {
				t.Error("no cause for the log")
			}
		})
	}
}

// An error event in SSE form ("event: error") is an error too.
func TestErrorEvent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("content-type", "text/event-stream")
		fmt.Fprint(w, "data: "+mkChunk(`{"content":"Hi"}`)+"\n\nevent: error\ndata: {\"message\":\"Rate limit exceeded upstream\",\"type\":\"rate_limit_exceeded\"}\n\n")
	}))
	defer srv.Close()
	_, err := New(Config{BaseURL: srv.URL, MaxRetries: -1}).Stream(context.Background(), hello(), nil)
	wantKind(t, err, llm.ErrRateLimit)
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	p := New(Config{APIKey: secret.New(testKey), BaseURL: "http://user:secret@" + addr + "/v1?token=abc", MaxRetries: -1})
	_, err = p.Stream(context.Background(), hello(), nil)
	e := wantKind(t, err, llm.ErrUnavailable)
	want := "Could not connect to http://" + addr + "/v1: the connection was refused. Is the server running? Check OPENAI_BASE_URL."
	if e.Message != want {
		t.Errorf("message %q\nwant %q", e.Message, want)
	}
}

func TestUnknownHost(t *testing.T) {
	p := New(Config{BaseURL: "http://specwright-no-such-host.invalid/v1", MaxRetries: -1})
	_, err := p.Stream(context.Background(), hello(), nil)
	e := wantKind(t, err, llm.ErrUnavailable)
	if !strings.Contains(e.Message, "specwright-no-such-host.invalid") {
		t.Errorf("message %q", e.Message)
	}
	// A host that does not exist is not worth retrying; a refused
	// connection may be a server restarting.
	if retryableNetError(&net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}) ||
		!retryableNetError(&net.OpError{Op: "dial", Err: errors.New("connection refused")}) {
		t.Error("retryableNetError")
	}
}

func TestRetries(t *testing.T) {
	for retries, calls := range map[int]int{-1: 1, 1: 2, 3: 4} {
		script := make([]llmtest.OpenAIResponse, calls)
		for i := range script {
			script[i] = llmtest.OpenAIStatus(500, "", "boom")
		}
		fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(script...))
		_, _, err := stream(t, newProvider(fake, func(c *Config) { c.MaxRetries = retries }), hello())
		wantKind(t, err, llm.ErrUnavailable)
		if n := len(fake.Requests()); n != calls {
			t.Errorf("MaxRetries %d: %d calls, want %d", retries, n, calls)
		}
	}

	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(
		llmtest.OpenAIStatus(429, "rate_limit_exceeded", "slow down"),
		llmtest.OpenAIStatus(503, "", "overloaded"),
		llmtest.OpenAIText("finally"),
	))
	reply, _, err := stream(t, newProvider(fake), hello())
	if err != nil || reply.Content[0].Text != "finally" {
		t.Fatalf("reply %+v, %v", reply, err)
	}
}

func TestRetryAfter(t *testing.T) {
	// Retry-After in seconds is honoured.
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(
		llmtest.OpenAIRaw(429, "application/json", `{"error":{"message":"wait"}}`).WithHeader("Retry-After", "0.3"),
		llmtest.OpenAIText("ok"),
	))
	start := time.Now()
	if _, _, err := stream(t, newProvider(fake), hello()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("retried after %s, want at least 0.3 s", d)
	}

	// A wait beyond a minute, or x-should-retry: false, is not waited for.
	for name, resp := range map[string]llmtest.OpenAIResponse{
		"long":  llmtest.OpenAIRaw(429, "application/json", `{"error":{"message":"wait an hour"}}`).WithHeader("Retry-After", "3600"),
		"date":  llmtest.OpenAIRaw(429, "application/json", `{"error":{"message":"wait a day"}}`).WithHeader("Retry-After", time.Now().Add(24*time.Hour).UTC().Format(http.TimeFormat)),
		"false": llmtest.OpenAIStatus(500, "", "no").WithHeader("x-should-retry", "false"),
	} {
		fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(resp))
		start := time.Now()
		_, _, err := stream(t, newProvider(fake), hello())
		if err == nil || len(fake.Requests()) != 1 || time.Since(start) > time.Second {
			t.Errorf("%s: %d requests in %s, error %v", name, len(fake.Requests()), time.Since(start), err)
		}
	}

	// x-should-retry: true retries a status that is not retried otherwise.
	fake = llmtest.NewOpenAI(t, llmtest.OpenAIScript(
		llmtest.OpenAIStatus(400, "", "try again").WithHeader("x-should-retry", "true").WithHeader("retry-after-ms", "1"),
		llmtest.OpenAIText("ok"),
	))
	if _, _, err := stream(t, newProvider(fake), hello()); err != nil {
		t.Fatal(err)
	}
}

func TestRetryDelay(t *testing.T) {
	h := http.Header{}
	h.Set("Retry-After", time.Now().Add(-time.Minute).UTC().Format(http.TimeFormat))
	if d, ok := retryDelay(h, 0); !ok || d != 0 {
		t.Errorf("a date in the past: %s %v", d, ok)
	}
	for attempt := range 6 {
		d, ok := retryDelay(http.Header{}, attempt)
		hi := min(500*time.Millisecond<<attempt, 8*time.Second)
		if !ok || d > hi || d < hi*3/4 {
			t.Errorf("attempt %d: %s", attempt, d)
		}
	}
}

func TestStall(t *testing.T) {
	for name, resp := range map[string]llmtest.OpenAIResponse{
		"mid-stream":   llmtest.OpenAIStall(time.Minute),
		"before reply": llmtest.OpenAIStall(time.Minute, ": keep-alive"),
	} {
		fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(resp))
		p := newProvider(fake, func(c *Config) { c.StallTimeout = 300 * time.Millisecond })
		start := time.Now()
		_, _, err := stream(t, p, hello())
		e := wantKind(t, err, llm.ErrTimeout)
		if !strings.Contains(e.Message, "sent nothing for 300ms") || !strings.Contains(e.Message, "local model") {
			t.Errorf("%s: message %q", name, e.Message)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s: the stall took %s to notice", name, d)
		}
	}
}

// A server that sends nothing before its headers stalls too.
func TestStallBeforeHeaders(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	p := New(Config{BaseURL: srv.URL + "/v1", StallTimeout: 200 * time.Millisecond, MaxRetries: -1})
	_, err := p.Stream(context.Background(), hello(), nil)
	wantKind(t, err, llm.ErrTimeout)
}

// Keep-alive comments are life: a slow stream that sends them is not a
// stall, and neither is a slow onText.
func TestKeepAliveAndSlowReader(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("content-type", "text/event-stream")
		flush := func() { http.NewResponseController(w).Flush() }
		fmt.Fprint(w, "data: "+mkChunk(`{"content":"one"}`)+"\n\n")
		flush()
		for range 4 {
			time.Sleep(100 * time.Millisecond)
			fmt.Fprint(w, ": OPENROUTER PROCESSING\n\n")
			flush()
		}
		fmt.Fprint(w, "data: "+mkChunk(`{"content":"two"}`)+"\n\ndata: "+finish("stop")+"\n\ndata: [DONE]\n\n")
	}))
	defer srv.Close()
	p := New(Config{BaseURL: srv.URL, StallTimeout: 250 * time.Millisecond})
	slept := false
	reply, err := p.Stream(context.Background(), hello(), func(string) {
		if !slept {
			slept = true
			time.Sleep(400 * time.Millisecond)
		}
	})
	if err != nil || reply.Content[0].Text != "onetwo" {
		t.Fatalf("reply %+v, %v", reply, err)
	}
}

func TestCancel(t *testing.T) {
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAIStall(time.Minute)))
	ctx, cancel := context.WithCancel(context.Background())
	start := time.Now()
	_, err := newProvider(fake).Stream(ctx, hello(), func(string) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if _, ok := llm.AsError(err); ok {
		t.Errorf("a cancelled call returned an *llm.Error: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("cancel took %s", d)
	}

	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if _, err := newProvider(fake).Stream(ctx, hello(), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}

	// Cancelled during a retry's wait.
	slow := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAIStatus(503, "", "busy").WithHeader("retry-after-ms", "5000")))
	ctx, cancel = context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := newProvider(slow).Stream(ctx, hello(), nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want the deadline", err)
	}
}

// The canary key must not leak through any failure, even when the server
// echoes it back.
func TestKeyNeverInErrors(t *testing.T) {
	const canary = "sk-proj-CANARY-do-not-leak-5e2d1b"
	cases := map[string]llmtest.OpenAIResponse{
		"401":       llmtest.OpenAIStatus(401, "invalid_api_key", "Incorrect API key provided: "+canary),
		"400":       llmtest.OpenAIStatus(400, "", "bad "+canary),
		"400 long":  llmtest.OpenAIStatus(400, "context_length_exceeded", "maximum context length "+canary),
		"403":       llmtest.OpenAIStatus(403, "", canary),
		"404":       llmtest.OpenAIStatus(404, "model_not_found", "model "+canary),
		"429":       llmtest.OpenAIStatus(429, "", canary).WithHeader("x-should-retry", "false"),
		"500":       llmtest.OpenAIStatus(500, "", canary).WithHeader("x-should-retry", "false"),
		"raw":       llmtest.OpenAIRaw(502, "text/plain", "upstream said "+canary),
		"in-stream": llmtest.OpenAIStreamError("server_error", "Overloaded "+canary),
		"truncated": llmtest.OpenAITruncated(),
		"malformed": llmtest.OpenAIMalformed(),
		"stall":     llmtest.OpenAIStall(time.Minute),
	}
	for name, resp := range cases {
		t.Run(name, func(t *testing.T) {
			fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(resp))
			stall := 5 * time.Second
			if name == "stall" {
				stall = 300 * time.Millisecond
			}
			p := New(Config{APIKey: secret.New(canary), BaseURL: fake.URL, StallTimeout: stall, MaxRetries: -1})
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

func TestDefaults(t *testing.T) {
	p := New(Config{})
	if p.Name() != "openai" || p.Model() != DefaultModel || p.BaseURL() != DefaultBaseURL || p.maxTokens != DefaultMaxTokens ||
		p.stall != DefaultStallTimeout || p.retries != DefaultMaxRetries || p.who != "OpenAI" || p.client != http.DefaultClient {
		t.Errorf("provider = %+v", p)
	}
	local := New(Config{BaseURL: "http://localhost:8080/v1/chat/completions/"})
	if local.BaseURL() != "http://localhost:8080/v1" || local.stall != DefaultLocalStallTimeout || local.who != "the server at http://localhost:8080/v1" {
		t.Errorf("local = %+v", local)
	}
	ollama := New(Config{BaseURL: "http://127.0.0.1:11434/v1", MaxRetries: -1})
	if !ollama.ollama || ollama.who != "Ollama at http://127.0.0.1:11434/v1" || ollama.retries != 0 {
		t.Errorf("ollama = %+v", ollama)
	}
	if remote := New(Config{BaseURL: "https://openrouter.ai/api/v1"}); remote.local || remote.stall != DefaultStallTimeout {
		t.Errorf("remote = %+v", remote)
	}
}

// One Provider serves several sessions at once.
func TestConcurrentUse(t *testing.T) {
	fake := llmtest.NewOpenAI(t, func(call int, req llmtest.OpenAIRequest) llmtest.OpenAIResponse {
		if call == 0 {
			return llmtest.OpenAIStatus(400, "", "tool_choice is not supported")
		}
		return llmtest.OpenAIText("echo: ", req.LastUserText())
	})
	p := newProvider(fake)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			req := withTools(hello())
			req.Messages[0].Content[0].Text = fmt.Sprint(i)
			reply, err := p.Stream(context.Background(), req, nil)
			if err != nil || reply.Content[0].Text != fmt.Sprintf("echo: %d", i) {
				t.Errorf("%d: %+v %v", i, reply, err)
			}
		})
	}
	wg.Wait()
}

func TestListModels(t *testing.T) {
	fake := llmtest.NewOpenAI(t, nil)
	fake.SetModels("llama3.2:latest", "qwen3:8b")
	ids, err := ListModels(context.Background(), fake.URL+"/", "key", nil)
	if err != nil || strings.Join(ids, ",") != "llama3.2:latest,qwen3:8b" {
		t.Errorf("models %q, %v", ids, err)
	}
	if _, err := ListModels(context.Background(), fake.Root, "key", nil); err == nil {
		t.Error("a wrong base URL listed models")
	}
	fake.TakeProblems() // the wrong URL was a problem on purpose
	_, err = ListModels(context.Background(), "http://127.0.0.1:1/v1", "", nil)
	wantKind(t, err, llm.ErrUnavailable)
}

func TestSSEReader(t *testing.T) {
	in := ": comment\r\n" +
		"data: {\"a\":\r\ndata: 1}\r\n\r\n" + // two data lines, CRLF
		"event: error\ndata:{\"b\":2}\n\n" + // no space after the colon
		"id: 7\nretry: 10\n\n" + // an event without data
		"data: last"
	r := newSSEReader(strings.NewReader(in))
	var got []string
	for {
		name, data, err := r.next()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatal(err)
			}
			break
		}
		got = append(got, name+"|"+string(data))
	}
	want := []string{"|{\"a\":\n1}", "error|{\"b\":2}", "|last"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}

	long := "data: " + strings.Repeat("x", 200<<10) + "\n\n"
	_, data, err := newSSEReader(strings.NewReader(long)).next()
	if err != nil || len(data) != 200<<10 {
		t.Errorf("long line: %d bytes, %v", len(data), err)
	}
}

// Keep-alive comments are not progress: a stream that sends only them
// fails at the stall timeout.
func TestKeepAlivesAreNotProgress(t *testing.T) {
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAIStall(time.Minute).Pinging(50*time.Millisecond)))
	p := newProvider(fake, func(c *Config) { c.StallTimeout = 400 * time.Millisecond })
	start := time.Now()
	_, _, err := stream(t, p, hello())
	wantKind(t, err, llm.ErrTimeout)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a stream of keep-alives lived %s past a 400ms stall timeout", d)
	}
}
