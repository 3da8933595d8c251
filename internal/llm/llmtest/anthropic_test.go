package llmtest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// post sends a Messages request to the fake and returns the response.
func post(t *testing.T, a *Anthropic, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, a.URL+"/v1/messages", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("x-api-key", "test-key")
	req.Header.Set("anthropic-version", "2023-06-01")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

// readEvents parses a server-sent event stream into events.
func readEvents(t *testing.T, r io.Reader) ([]Event, error) {
	t.Helper()
	var events []Event
	var cur Event
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			events = append(events, cur)
			cur = Event{}
		case strings.HasPrefix(line, "event: "):
			cur.Name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			cur.Data = strings.TrimPrefix(line, "data: ")
		default:
			t.Errorf("unexpected line %q", line)
		}
	}
	return events, sc.Err()
}

func names(events []Event) string {
	var n []string
	for _, e := range events {
		n = append(n, e.Name)
	}
	return strings.Join(n, " ")
}

const streamBody = `{"model":"claude-test","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"hi"}]}`

func TestTextStream(t *testing.T) {
	a := NewAnthropic(t, Script(Text("Hello", ", world")))
	res := post(t, a, streamBody)
	if ct := res.Header.Get("content-type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Errorf("content-type = %q", ct)
	}
	if id := res.Header.Get("request-id"); id != "req_llmtest_000" {
		t.Errorf("request-id = %q", id)
	}
	events, err := readEvents(t, res.Body)
	if err != nil {
		t.Fatal(err)
	}
	want := "message_start ping content_block_start content_block_delta ping content_block_delta content_block_stop message_delta message_stop"
	if got := names(events); got != want {
		t.Fatalf("events:\n got %s\nwant %s", got, want)
	}
	wantData := []string{
		`{"type":"message_start","message":{"id":"msg_llmtest","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":100,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}`,
		`{"type":"ping"}`,
		`{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`,
		`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}`,
		`{"type":"ping"}`,
		`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", world"}}`,
		`{"type":"content_block_stop","index":0}`,
		`{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":20}}`,
		`{"type":"message_stop"}`,
	}
	for i, ev := range events {
		if ev.Data != wantData[i] {
			t.Errorf("event %d data:\n got %s\nwant %s", i, ev.Data, wantData[i])
		}
	}
}

func TestToolsStream(t *testing.T) {
	input := map[string]any{"path": "spec.md", "content": "# Spec\n\nnaïve ünïcode, <tags> & more"}
	a := NewAnthropic(t, Script(Tools("Writing it.", ToolCall{Name: "write_file", Input: input}, ToolCall{ID: "toolu_x", Name: "glob"})))
	events, err := readEvents(t, post(t, a, streamBody).Body)
	if err != nil {
		t.Fatal(err)
	}

	var starts []map[string]any
	partial := map[int][]string{}
	var stop string
	for _, ev := range events {
		var m map[string]any
		if err := json.Unmarshal([]byte(ev.Data), &m); err != nil {
			t.Fatalf("%s: %v", ev.Name, err)
		}
		switch ev.Name {
		case "content_block_start":
			starts = append(starts, m["content_block"].(map[string]any))
		case "content_block_delta":
			d := m["delta"].(map[string]any)
			if d["type"] == "input_json_delta" {
				i := int(m["index"].(float64))
				partial[i] = append(partial[i], d["partial_json"].(string))
			}
		case "message_delta":
			stop = m["delta"].(map[string]any)["stop_reason"].(string)
		}
	}
	if len(starts) != 3 || starts[0]["type"] != "text" || starts[1]["type"] != "tool_use" || starts[2]["type"] != "tool_use" {
		t.Fatalf("blocks = %v", starts)
	}
	if starts[1]["id"] != "toolu_llmtest_1" || starts[1]["name"] != "write_file" || starts[2]["id"] != "toolu_x" {
		t.Errorf("tool blocks = %v", starts[1:])
	}
	if stop != "tool_use" {
		t.Errorf("stop_reason = %q", stop)
	}
	frags := partial[1]
	if len(frags) < 3 || frags[0] != "" {
		t.Errorf("fragments %q: want an empty one first, then several", frags)
	}
	want, _ := json.Marshal(input)
	if got := strings.Join(frags, ""); got != mustJSON(input) || !json.Valid([]byte(got)) {
		t.Errorf("input = %s, want %s", got, want)
	}
	if got := strings.Join(partial[2], ""); got != "{}" {
		t.Errorf("nil input = %q, want {}", got)
	}
}

func TestStatus(t *testing.T) {
	a := NewAnthropic(t, Script(
		Status(529, "overloaded_error", "Overloaded"),
		Status(401, "authentication_error", "invalid x-api-key"),
	))
	res := post(t, a, streamBody)
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 529 || res.Header.Get("retry-after-ms") != "1" {
		t.Errorf("status %d, retry-after-ms %q", res.StatusCode, res.Header.Get("retry-after-ms"))
	}
	want := `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_llmtest_000"}`
	if string(body) != want {
		t.Errorf("body:\n got %s\nwant %s", body, want)
	}
	res = post(t, a, streamBody)
	if res.StatusCode != 401 || res.Header.Get("retry-after-ms") != "" {
		t.Errorf("status %d, retry-after-ms %q", res.StatusCode, res.Header.Get("retry-after-ms"))
	}
}

func TestStreamError(t *testing.T) {
	a := NewAnthropic(t, Script(StreamError("overloaded_error", "Overloaded")))
	res := post(t, a, streamBody)
	events, err := readEvents(t, res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 {
		t.Errorf("status %d", res.StatusCode)
	}
	want := "message_start ping content_block_start content_block_delta error"
	if got := names(events); got != want {
		t.Errorf("events %s, want %s", got, want)
	}
	if last := events[len(events)-1].Data; last != `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}` {
		t.Errorf("error data %s", last)
	}
}

func TestTruncated(t *testing.T) {
	a := NewAnthropic(t, Script(Truncated()))
	res := post(t, a, streamBody)
	body, err := io.ReadAll(res.Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("read error = %v, want unexpected EOF", err)
	}
	if !strings.HasSuffix(string(body), `"text_del`) {
		t.Errorf("body does not end mid-event: %q", body)
	}
}

func TestMalformed(t *testing.T) {
	a := NewAnthropic(t, Script(Malformed()))
	events, err := readEvents(t, post(t, a, streamBody).Body)
	if err != nil {
		t.Fatal(err)
	}
	bad := 0
	for _, ev := range events {
		if !json.Valid([]byte(ev.Data)) {
			bad++
		}
	}
	if bad != 1 {
		t.Errorf("%d events are not JSON, want 1", bad)
	}
}

func TestStallEndsWhenClientLeaves(t *testing.T) {
	a := NewAnthropic(t, Script(Stall(time.Minute)))
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, a.URL+"/v1/messages", strings.NewReader(streamBody))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	br := bufio.NewReader(res.Body)
	if line, _ := br.ReadString('\n'); line != "event: message_start\n" {
		t.Fatalf("first line %q", line)
	}
	start := time.Now()
	cancel()
	_, _ = io.ReadAll(br)
	// Closing the fake must not wait for the minute either.
	a.Close()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stalled response held on for %s after the client left", d)
	}
}

func TestScriptBeyondEnd(t *testing.T) {
	a := NewAnthropic(t, Script(Text("one")))
	post(t, a, streamBody)
	res := post(t, a, streamBody)
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 500 || res.Header.Get("x-should-retry") != "false" || res.Header.Get("retry-after-ms") != "" {
		t.Errorf("status %d, headers %v", res.StatusCode, res.Header)
	}
	if !strings.Contains(string(body), "call 1 is beyond the script of 1 responses") {
		t.Errorf("body %s", body)
	}
	p := a.TakeProblems()
	if len(p) != 1 || !strings.Contains(p[0], "beyond the script") {
		t.Errorf("problems = %q", p)
	}
	if p := a.TakeProblems(); p != nil {
		t.Errorf("problems after taking them = %q", p)
	}
}

func TestHandlerPanicAndUnknownPath(t *testing.T) {
	a := NewAnthropic(t, func(int, Request) Response { panic("boom") })
	res := post(t, a, streamBody)
	if res.StatusCode != 500 || res.Header.Get("x-should-retry") != "false" {
		t.Errorf("status %d, headers %v", res.StatusCode, res.Header)
	}
	res, err := http.Post(a.URL+"/v1/complete", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Errorf("unknown path: status %d", res.StatusCode)
	}
	p := a.TakeProblems()
	if len(p) != 2 || !strings.Contains(p[0], "panicked: boom") || !strings.Contains(p[1], "/v1/complete") {
		t.Errorf("problems = %q", p)
	}
	if n := len(a.Requests()); n != 1 {
		t.Errorf("%d requests recorded, want 1", n)
	}
}

func TestRequestDecoded(t *testing.T) {
	a := NewAnthropic(t, Script(Text("a"), Text("b")))
	post(t, a, `{"model":"m","max_tokens":7,"stream":true,"system":[{"type":"text","text":"one"},{"type":"text","text":"two"}],
		"tools":[{"name":"Read","input_schema":{"type":"object"}},{"name":"Write","input_schema":{"type":"object"}}],
		"messages":[{"role":"user","content":[{"type":"text","text":"first"}]},{"role":"assistant","content":"ok"},
		{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"x"},{"type":"text","text":"last"},{"type":"text","text":"words"}]}]}`)
	post(t, a, `{"model":"m","max_tokens":7,"system":"plain","messages":[{"role":"user","content":"just text"}]}`)
	reqs := a.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.Model != "m" || r.MaxTokens != 7 || !r.Stream || r.System != "one\ntwo" || strings.Join(r.Tools, ",") != "Read,Write" ||
		len(r.Messages) != 3 || r.APIKey != "test-key" || r.Version != "2023-06-01" || r.Path != "/v1/messages" {
		t.Errorf("request 0 = %+v", r)
	}
	if got := r.LastUserText(); got != "last\nwords" {
		t.Errorf("LastUserText = %q", got)
	}
	if r := reqs[1]; r.System != "plain" || r.Stream || r.LastUserText() != "just text" {
		t.Errorf("request 1 = %+v", r)
	}
}

func TestNotStreamedFolds(t *testing.T) {
	a := NewAnthropic(t, Script(
		Tools("Sure.", ToolCall{ID: "toolu_1", Name: "write_file", Input: map[string]string{"path": "a.md"}}).WithUsage(Usage{InputTokens: 5, OutputTokens: 9, CacheReadInputTokens: 3}),
		StreamError("overloaded_error", "Overloaded"),
	))
	res := post(t, a, `{"model":"claude-x","max_tokens":10,"messages":[]}`)
	body, _ := io.ReadAll(res.Body)
	var msg struct {
		Model      string `json:"model"`
		StopReason string `json:"stop_reason"`
		Content    []struct {
			Type, Text, ID, Name string
			Input                json.RawMessage
		}
		Usage map[string]int
	}
	if err := json.Unmarshal(body, &msg); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if msg.Model != "claude-x" || msg.StopReason != "tool_use" || len(msg.Content) != 2 ||
		msg.Content[0].Text != "Sure." || string(msg.Content[1].Input) != `{"path":"a.md"}` ||
		msg.Usage["input_tokens"] != 5 || msg.Usage["output_tokens"] != 9 || msg.Usage["cache_read_input_tokens"] != 3 {
		t.Errorf("folded message = %s", body)
	}

	res = post(t, a, `{"model":"claude-x","max_tokens":10,"messages":[]}`)
	body, _ = io.ReadAll(res.Body)
	if res.StatusCode != 529 || !strings.Contains(string(body), `"overloaded_error"`) {
		t.Errorf("folded stream error: %d %s", res.StatusCode, body)
	}
}

func TestWithStopReason(t *testing.T) {
	r := Text("x").WithStopReason("max_tokens")
	for _, ev := range r.Events {
		if ev.Name == "message_delta" && !strings.Contains(ev.Data, `"stop_reason":"max_tokens"`) {
			t.Errorf("message_delta = %s", ev.Data)
		}
	}
	if orig := Text("x"); strings.Contains(orig.Events[len(orig.Events)-2].Data, "max_tokens") {
		t.Error("WithStopReason changed the original")
	}
}

func TestFragments(t *testing.T) {
	for _, s := range []string{"{}", `{"a":1}`, `{"k":"ééééééééé"}`, `{"path":"spec.md","content":"long enough to cut"}`} {
		f := fragments(s)
		if f[0] != "" || strings.Join(f, "") != s {
			t.Errorf("fragments(%s) = %q", s, f)
		}
		for _, p := range f {
			if !utf8Valid(p) {
				t.Errorf("fragments(%s): %q cuts a rune", s, p)
			}
		}
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }
