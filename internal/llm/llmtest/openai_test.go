package llmtest

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// postOpenAI sends a chat completions request to the fake.
func postOpenAI(t *testing.T, o *OpenAI, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, o.URL+"/chat/completions", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer sk-test")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

// readData returns the data of each event and the comment lines, in
// order, and the error that ended the stream.
func readData(t *testing.T, r io.Reader) ([]string, error) {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(r)
	blank := true
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if blank {
				t.Errorf("two blank lines in a row")
			}
			blank = true
			continue
		case strings.HasPrefix(line, ": "):
			out = append(out, line)
		case strings.HasPrefix(line, "data: "):
			out = append(out, strings.TrimPrefix(line, "data: "))
		default:
			t.Errorf("unexpected line %q", line)
		}
		if !blank {
			t.Errorf("line %q does not follow a blank line", line)
		}
		blank = false
	}
	return out, sc.Err()
}

const oaBody = `{"model":"gpt-test","stream":true,"stream_options":{"include_usage":true},"max_tokens":99,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}]}`

func TestOpenAITextStream(t *testing.T) {
	o := NewOpenAI(t, OpenAIScript(OpenAIText("Hello", ", world").WithUsage(OpenAIUsage{PromptTokens: 9, CompletionTokens: 4, CachedTokens: 2})))
	res := postOpenAI(t, o, oaBody)
	if ct := res.Header.Get("content-type"); ct != "text/event-stream" {
		t.Errorf("content-type = %q", ct)
	}
	data, err := readData(t, res.Body)
	if err != nil {
		t.Fatal(err)
	}
	const head = `{"id":"chatcmpl-llmtest","object":"chat.completion.chunk","created":1700000000,"model":"gpt-test","system_fingerprint":"fp_llmtest","choices":[{"index":0,"delta":`
	want := []string{
		head + `{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}`,
		head + `{"content":"Hello"},"logprobs":null,"finish_reason":null}]}`,
		`: keep-alive`,
		head + `{"content":", world"},"logprobs":null,"finish_reason":null}]}`,
		head + `{},"logprobs":null,"finish_reason":"stop"}]}`,
		`{"id":"chatcmpl-llmtest","object":"chat.completion.chunk","created":1700000000,"model":"gpt-test","system_fingerprint":"fp_llmtest","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13,"prompt_tokens_details":{"cached_tokens":2}}}`,
		`[DONE]`,
	}
	if strings.Join(data, "\n") != strings.Join(want, "\n") {
		t.Fatalf("stream:\n%s\nwant\n%s", strings.Join(data, "\n"), strings.Join(want, "\n"))
	}

	r := o.Requests()[0]
	if r.Model != "gpt-test" || r.APIKey != "sk-test" || r.System != "Be brief." || r.MaxTokens != 99 || r.MaxTokensField != "max_tokens" ||
		!r.Stream || !r.IncludeUsage || r.LastUserText() != "hi" || len(r.Messages) != 2 || r.Path != "/v1/chat/completions" {
		t.Errorf("request = %+v", r)
	}
}

func TestOpenAIUsageOnlyWhenAsked(t *testing.T) {
	o := NewOpenAI(t, OpenAIScript(OpenAIText("Hi")))
	data, _ := readData(t, postOpenAI(t, o, `{"model":"m","stream":true,"messages":[]}`).Body)
	for _, d := range data {
		if strings.Contains(d, `"usage"`) {
			t.Errorf("usage chunk sent without include_usage: %s", d)
		}
	}
	if data[len(data)-1] != "[DONE]" {
		t.Errorf("last = %s", data[len(data)-1])
	}
}

// toolDeltas decodes the tool_calls entries of a stream, in order.
type toolDelta struct {
	Index    *int   `json:"index"`
	ID       string `json:"id"`
	Type     string `json:"type"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

func decodeChunks(t *testing.T, data []string) (deltas []toolDelta, finish []string, content string) {
	t.Helper()
	for _, d := range data {
		if d == "[DONE]" || strings.HasPrefix(d, ":") {
			continue
		}
		var c struct {
			Choices []struct {
				Delta struct {
					Content   *string     `json:"content"`
					ToolCalls []toolDelta `json:"tool_calls"`
				} `json:"delta"`
				FinishReason *string `json:"finish_reason"`
			} `json:"choices"`
		}
		if err := json.Unmarshal([]byte(d), &c); err != nil {
			t.Fatalf("chunk %s: %v", d, err)
		}
		for _, ch := range c.Choices {
			if ch.Delta.Content != nil {
				content += *ch.Delta.Content
			}
			deltas = append(deltas, ch.Delta.ToolCalls...)
			if ch.FinishReason != nil {
				finish = append(finish, *ch.FinishReason)
			}
		}
	}
	return deltas, finish, content
}

func TestOpenAIToolsStream(t *testing.T) {
	input := map[string]any{"file_path": "spec.md", "content": "naïve ünïcode, <tags> & \"quotes\""}
	o := NewOpenAI(t, OpenAIScript(OpenAITools("Writing it.", ToolCall{Name: "Write", Input: input}, ToolCall{ID: "call_x", Name: "Glob"})))
	data, err := readData(t, postOpenAI(t, o, oaBody).Body)
	if err != nil {
		t.Fatal(err)
	}
	deltas, finish, content := decodeChunks(t, data)
	if content != "Writing it." || strings.Join(finish, ",") != "tool_calls" {
		t.Errorf("content %q, finish %v", content, finish)
	}
	args := map[int]string{}
	for i, d := range deltas {
		if d.Index == nil {
			t.Fatalf("delta %d has no index", i)
		}
		args[*d.Index] += d.Function.Arguments
		if d.ID != "" && (d.Type != "function" || d.Function.Name == "" || d.Function.Arguments != "") {
			t.Errorf("first fragment %+v", d)
		}
		if d.ID == "" && (d.Function.Name != "" || d.Type != "") {
			t.Errorf("later fragment %+v carries more than arguments", d)
		}
	}
	if deltas[0].ID != "call_llmtest_1" || deltas[0].Function.Name != "Write" {
		t.Errorf("first call %+v", deltas[0])
	}
	if n := len(deltas); n < 6 {
		t.Errorf("%d fragments, want the arguments cut into pieces", n)
	}
	if args[0] != mustJSON(input) || args[1] != "{}" {
		t.Errorf("arguments = %v", args)
	}
}

func TestOllamaToolsStream(t *testing.T) {
	o := NewOpenAI(t, OpenAIScript(OllamaTools("",
		ToolCall{Name: "Write", Input: map[string]string{"file_path": "a.md"}},
		ToolCall{ID: "call_b", Name: "Write", Input: map[string]string{"file_path": "b.md"}},
	)))
	data, _ := readData(t, postOpenAI(t, o, oaBody).Body)
	deltas, finish, _ := decodeChunks(t, data)
	if len(deltas) != 2 || strings.Join(finish, ",") != "tool_calls" {
		t.Fatalf("deltas %+v finish %v", deltas, finish)
	}
	for _, d := range deltas {
		if d.Index == nil || *d.Index != 0 || !json.Valid([]byte(d.Function.Arguments)) {
			t.Errorf("delta %+v: want index 0 and whole arguments", d)
		}
	}
	if deltas[0].ID != "" || deltas[1].ID != "call_b" {
		t.Errorf("ids %q %q", deltas[0].ID, deltas[1].ID)
	}
}

func TestOpenAIStatus(t *testing.T) {
	o := NewOpenAI(t, OpenAIScript(
		OpenAIStatus(429, "rate_limit_exceeded", "Rate limit reached"),
		OpenAIStatus(401, "invalid_api_key", "Incorrect API key provided"),
	))
	res := postOpenAI(t, o, oaBody)
	body, _ := io.ReadAll(res.Body)
	want := `{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}`
	if res.StatusCode != 429 || string(body) != want || res.Header.Get("retry-after-ms") != "1" {
		t.Errorf("%d %s %v", res.StatusCode, body, res.Header)
	}
	res = postOpenAI(t, o, oaBody)
	body, _ = io.ReadAll(res.Body)
	if res.StatusCode != 401 || !strings.Contains(string(body), `"type":"invalid_request_error"`) || res.Header.Get("retry-after-ms") != "" {
		t.Errorf("%d %s", res.StatusCode, body)
	}
}

func TestOpenAIStreamError(t *testing.T) {
	o := NewOpenAI(t, OpenAIScript(OpenAIStreamError("server_error", "Provider disconnected")))
	data, err := readData(t, postOpenAI(t, o, oaBody).Body)
	if err != nil {
		t.Fatal(err)
	}
	last := data[len(data)-1]
	if last != `{"error":{"message":"Provider disconnected","type":"server_error","param":null,"code":null}}` {
		t.Errorf("last chunk %s", last)
	}
	if _, _, content := decodeChunks(t, data[:len(data)-1]); content != "Partial " {
		t.Errorf("content before the error = %q", content)
	}
}

func TestOpenAITruncated(t *testing.T) {
	o := NewOpenAI(t, OpenAIScript(OpenAITruncated()))
	res := postOpenAI(t, o, oaBody)
	_, err := io.ReadAll(res.Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("read error = %v, want unexpected EOF", err)
	}
}

func TestOpenAIMalformed(t *testing.T) {
	o := NewOpenAI(t, OpenAIScript(OpenAIMalformed()))
	data, _ := readData(t, postOpenAI(t, o, oaBody).Body)
	bad := 0
	for _, d := range data {
		if d != "[DONE]" && !json.Valid([]byte(d)) {
			bad++
		}
	}
	if bad != 1 || data[len(data)-1] != "[DONE]" {
		t.Errorf("%d invalid chunks in %q", bad, data)
	}
}

func TestOpenAIStall(t *testing.T) {
	o := NewOpenAI(t, OpenAIScript(OpenAIStall(100*time.Millisecond)))
	start := time.Now()
	data, err := readData(t, postOpenAI(t, o, oaBody).Body)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("stalled only %s", d)
	}
	if _, finish, _ := decodeChunks(t, data); len(finish) != 0 || data[len(data)-1] == "[DONE]" {
		t.Errorf("a stalled stream ended properly: %q", data)
	}
}

func TestOpenAIStallEndsOnClose(t *testing.T) {
	o := StartOpenAI(OpenAIScript(OpenAIStall(time.Hour)))
	res := postOpenAI(t, o, oaBody)
	done := make(chan struct{})
	go func() { io.ReadAll(res.Body); close(done) }()
	o.Close()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end the stalled stream")
	}
}

func TestOpenAIModifiers(t *testing.T) {
	o := NewOpenAI(t, OpenAIScript(
		OpenAITools("", ToolCall{Name: "Glob"}).WithFinishReason("stop").WithoutDone(),
	))
	data, _ := readData(t, postOpenAI(t, o, oaBody).Body)
	if _, finish, _ := decodeChunks(t, data); strings.Join(finish, ",") != "stop" {
		t.Errorf("finish = %v", finish)
	}
	if last := data[len(data)-1]; last == "[DONE]" || strings.Contains(last, "usage") {
		t.Errorf("last = %s", last)
	}
}

func TestOpenAIProblems(t *testing.T) {
	o := StartOpenAI(func(call int, req OpenAIRequest) OpenAIResponse {
		if call == 1 {
			panic("boom")
		}
		return OpenAIText("ok")
	})
	defer o.Close()
	postOpenAI(t, o, oaBody)
	res := postOpenAI(t, o, oaBody)
	if res.StatusCode != 500 || res.Header.Get("x-should-retry") != "false" {
		t.Errorf("panic answered %d", res.StatusCode)
	}
	postOpenAI(t, o, `{"model":"m","messages":[]}`) // not streamed
	postOpenAI(t, o, `not json`)
	http.Get(o.Root + "/v1/embeddings")
	p := o.TakeProblems()
	if len(p) != 4 || !strings.Contains(p[0], "panicked") || !strings.Contains(p[1], "stream") ||
		!strings.Contains(p[2], "not a JSON object") || !strings.Contains(p[3], "/v1/embeddings") {
		t.Errorf("problems = %q", p)
	}
	if len(o.TakeProblems()) != 0 {
		t.Error("TakeProblems did not forget")
	}

	s := StartOpenAI(OpenAIScript())
	defer s.Close()
	res = postOpenAI(t, s, oaBody)
	if res.StatusCode != 500 || len(s.TakeProblems()) != 1 {
		t.Errorf("beyond the script: %d", res.StatusCode)
	}
}

func TestOpenAIModels(t *testing.T) {
	o := NewOpenAI(t, nil)
	o.SetModels("llama3.2:latest", "qwen3:8b")
	get := func(url string) map[string]any {
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var m map[string]any
		if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	list := get(o.URL + "/models")["data"].([]any)
	if len(list) != 2 || list[0].(map[string]any)["id"] != "llama3.2:latest" {
		t.Errorf("models = %v", list)
	}
	tags := get(o.Root + "/api/tags")["models"].([]any)
	if len(tags) != 2 || tags[1].(map[string]any)["name"] != "qwen3:8b" {
		t.Errorf("tags = %v", tags)
	}
}

func TestOpenAIRequestDecoding(t *testing.T) {
	o := NewOpenAI(t, OpenAIScript(OpenAIText("ok")))
	body := `{"model":"m","stream":true,"max_completion_tokens":7,"tool_choice":"auto",
	"tools":[{"type":"function","function":{"name":"Read","parameters":{}}},{"type":"function","function":{"name":"Write","parameters":{}}}],
	"messages":[{"role":"developer","content":[{"type":"text","text":"Rules."}]},
	{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}}]},
	{"role":"assistant","content":"","tool_calls":[{"id":"c1","type":"function","function":{"name":"Read","arguments":"{}"}}]},
	{"role":"tool","tool_call_id":"c1","content":"file text"}]}`
	io.ReadAll(postOpenAI(t, o, body).Body)
	r := o.Requests()[0]
	if r.MaxTokens != 7 || r.MaxTokensField != "max_completion_tokens" || r.ToolChoice != "auto" ||
		strings.Join(r.Tools, ",") != "Read,Write" || r.System != "Rules." || r.LastUserText() != "look" {
		t.Errorf("request = %+v", r)
	}
	if got, ok := r.ToolResult("c1"); !ok || got != "file text" {
		t.Errorf("tool result = %q %v", got, ok)
	}
	if _, ok := r.ToolResult("c2"); ok {
		t.Error("found a result for an unknown id")
	}
}

func TestOpenAIClient(t *testing.T) {
	o := NewOpenAI(t, OpenAIScript(OpenAIText("ok")))
	res, err := o.Client().Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(oaBody))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := readData(t, res.Body)
	if len(o.Requests()) != 1 || data[len(data)-1] != "[DONE]" {
		t.Errorf("requests %d, data %q", len(o.Requests()), data)
	}
}
