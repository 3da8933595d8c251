package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// OpenAI is a fake OpenAI-compatible Chat Completions API on a loopback
// port, as OpenAI, Ollama's /v1, vLLM and llama.cpp's server offer it.
// Point a client's base URL at URL. It is safe for concurrent use.
//
// It records every POST /v1/chat/completions and answers each with an
// [OpenAIResponse] chosen by an [OpenAIHandler]; [OpenAIScript] answers
// a fixed sequence. A streamed answer is what the servers send:
//
//	data: {"id":…,"object":"chat.completion.chunk",…,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}
//	data: {… "delta":{"content":"Hello"} …}
//	: keep-alive
//	data: {… "delta":{"tool_calls":[{"index":0,"id":"call_…","type":"function","function":{"name":"Write","arguments":""}}]} …}
//	data: {… "delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"file_pa"}}]} …}
//	data: {… "delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}
//	data: {… "choices":[],"usage":{"prompt_tokens":100,…}}    only with stream_options.include_usage
//	data: [DONE]
//
// with each event followed by a blank line. [OllamaTools] sends tool
// calls the way Ollama does, every parallel call at index 0, whole, and
// without ids when none are given. The failures a client must survive
// are HTTP errors with OpenAI's JSON error body ([OpenAIStatus]), an
// error chunk after a 200 ([OpenAIStreamError]), a connection cut in the
// middle of a line ([OpenAITruncated]), a chunk that is not JSON
// ([OpenAIMalformed]) and a stream that goes quiet ([OpenAIStall]).
//
// GET /v1/models and Ollama's GET /api/tags list the models given to
// [OpenAI.SetModels], and GET / answers 200, so the fake also stands in
// for a local Ollama when its presence is probed. Requests without
// "stream": true are refused as a problem: the fake only streams.
type OpenAI struct {
	// URL is the base URL an OpenAI client is given, such as
	// http://127.0.0.1:41234/v1, without a trailing slash.
	URL string
	// Root is the server's root, such as http://127.0.0.1:41234, where
	// Ollama's own API (GET /api/tags) lives.
	Root string

	fake[OpenAIRequest]
	handler OpenAIHandler
	models  []string // guarded by mu
}

// OpenAIHandler chooses the response to the request numbered call,
// counting the requests to /v1/chat/completions from 0. It runs on the
// server's goroutines, possibly several at once, so it must not call
// t.Fatal and the like.
type OpenAIHandler func(call int, req OpenAIRequest) OpenAIResponse

// OpenAIRequest is one request to /v1/chat/completions, decoded.
type OpenAIRequest struct {
	Method string
	Path   string
	Header http.Header
	// APIKey is the bearer token of the Authorization header.
	APIKey string

	Model string
	// System is the content of the system (or developer) messages,
	// joined by "\n".
	System string
	// MaxTokens is max_completion_tokens, or max_tokens when that is
	// absent; MaxTokensField says which one the request used.
	MaxTokens      int
	MaxTokensField string
	Stream         bool
	IncludeUsage   bool // stream_options.include_usage
	// ToolChoice is tool_choice: its string ("auto"), its JSON when it is
	// an object, "" when absent.
	ToolChoice string
	Tools      []string         // the names of the function tools, in order
	Messages   []map[string]any // every message, the system one included, as generic JSON
	Body       map[string]any   // the whole body as generic JSON
	Raw        []byte           // the body as sent
}

// NewOpenAI starts a fake that answers with h, and closes it when the
// test ends, failing the test with each problem it recorded then. A nil h
// answers every request with a problem, like an empty [OpenAIScript].
func NewOpenAI(t testing.TB, h OpenAIHandler) *OpenAI {
	t.Helper()
	o := StartOpenAI(h)
	o.closeAtEnd(t)
	return o
}

// StartOpenAI starts a fake that answers with h, for use outside a
// test's lifetime. The caller must Close it and check TakeProblems
// itself.
func StartOpenAI(h OpenAIHandler) *OpenAI {
	if h == nil {
		h = OpenAIScript()
	}
	o := &OpenAI{handler: h}
	o.start(o.serveHTTP)
	o.Root = o.srv.URL
	o.URL = o.srv.URL + "/v1"
	return o
}

// Client returns an HTTP client that sends every request to the fake,
// whatever scheme and host its URL names, so that a client configured
// for https://api.openai.com/v1 or http://127.0.0.1:11434/v1 talks to the
// fake unchanged.
func (o *OpenAI) Client() *http.Client {
	base := o.srv.Client().Transport
	return &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host = "http", strings.TrimPrefix(o.Root, "http://")
		return base.RoundTrip(r)
	})}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// SetModels sets the models GET /v1/models and GET /api/tags list, in
// that order; there are none at first.
func (o *OpenAI) SetModels(ids ...string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.models = append([]string(nil), ids...)
}

func (o *OpenAI) serveHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/":
		io.WriteString(w, "Ollama is running") // what Ollama answers; harmless for the others
		return
	case r.Method == http.MethodGet && r.URL.Path == "/v1/models":
		o.listModels(w, false)
		return
	case r.Method == http.MethodGet && r.URL.Path == "/api/tags":
		o.listModels(w, true)
		return
	case r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost:
		o.problem("unexpected request %s %s", r.Method, r.URL.Path)
		o.send(w, r, OpenAIRequest{}, OpenAIStatus(http.StatusNotFound, "", "llmtest: only POST /v1/chat/completions is faked"))
		return
	}

	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	req := decodeOpenAIRequest(r, raw)
	call := o.record(req)

	switch {
	case req.Body == nil:
		o.problem("call %d: the request body is not a JSON object: %.200q", call, raw)
		o.send(w, r, req, OpenAIStatus(http.StatusBadRequest, "", "llmtest: the request body is not a JSON object"))
		return
	case !req.Stream:
		o.problem("call %d: the request does not ask for a stream; the fake only streams", call)
		o.send(w, r, req, OpenAIStatus(http.StatusBadRequest, "", "llmtest: only streamed requests are faked"))
		return
	}
	resp := o.respond(call, req)
	if resp.problem != "" {
		o.problem("%s", resp.problem)
	}
	o.send(w, r, req, resp)
}

func (o *OpenAI) listModels(w http.ResponseWriter, ollama bool) {
	o.mu.Lock()
	ids := append([]string(nil), o.models...)
	o.mu.Unlock()
	w.Header().Set("content-type", "application/json")
	if ollama {
		models := make([]map[string]any, len(ids))
		for i, id := range ids {
			models[i] = map[string]any{"name": id, "model": id}
		}
		io.WriteString(w, mustJSON(map[string]any{"models": models}))
		return
	}
	data := make([]map[string]any, len(ids))
	for i, id := range ids {
		data[i] = map[string]any{"id": id, "object": "model", "created": created, "owned_by": "llmtest"}
	}
	io.WriteString(w, mustJSON(map[string]any{"object": "list", "data": data}))
}

// respond asks the handler, turning a panic into a problem and a 500.
func (o *OpenAI) respond(call int, req OpenAIRequest) (resp OpenAIResponse) {
	defer func() {
		if v := recover(); v != nil {
			resp = openAIFatal(fmt.Sprintf("call %d: the handler panicked: %v", call, v))
		}
	}()
	return o.handler(call, req)
}

func (o *OpenAI) send(w http.ResponseWriter, r *http.Request, req OpenAIRequest, resp OpenAIResponse) {
	h := w.Header()
	for k, v := range resp.Header {
		h[k] = v
	}
	h.Set("x-request-id", "req_llmtest")
	status := resp.Status
	if status == 0 {
		status = http.StatusOK
	}
	switch resp.kind {
	case kindError, kindRaw:
		h.Set("content-type", resp.contentType)
		w.WriteHeader(status)
		io.WriteString(w, resp.body)
		return
	}

	h.Set("content-type", "text/event-stream")
	h.Set("cache-control", "no-cache")
	w.WriteHeader(status)
	flush := func() { http.NewResponseController(w).Flush() }
	for _, c := range resp.Chunks {
		if strings.HasPrefix(c, ":") {
			io.WriteString(w, c+"\n\n")
		} else {
			io.WriteString(w, "data: "+fillChunkModel(c, req.Model)+"\n\n")
		}
		flush()
	}
	switch resp.ending {
	case endCut:
		io.WriteString(w, resp.tail)
		flush()
		panic(http.ErrAbortHandler) // drops the connection without ending the chunked body
	case endStall:
		keepAlive(o.quit, r, resp.stall, resp.pingEvery, func() {
			io.WriteString(w, ": keep-alive\n\n")
			flush()
		})
		return
	}
	if resp.noDone {
		return
	}
	if req.IncludeUsage {
		io.WriteString(w, "data: "+fillChunkModel(usageChunk(resp.usage), req.Model)+"\n\n")
	}
	io.WriteString(w, "data: [DONE]\n\n")
	flush()
}

// fillChunkModel puts the request's model into a chunk built with an
// empty one, as servers echo the model they were asked for.
func fillChunkModel(data, model string) string {
	return strings.Replace(data, `"model":""`, `"model":`+mustJSON(model), 1)
}

func decodeOpenAIRequest(r *http.Request, raw []byte) OpenAIRequest {
	req := OpenAIRequest{
		Method: r.Method,
		Path:   r.URL.Path,
		Header: r.Header.Clone(),
		Raw:    raw,
	}
	if k, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		req.APIKey = k
	}
	if json.Unmarshal(raw, &req.Body) != nil {
		req.Body = nil
		return req
	}
	var body struct {
		Model               string          `json:"model"`
		MaxTokens           int             `json:"max_tokens"`
		MaxCompletionTokens int             `json:"max_completion_tokens"`
		Stream              bool            `json:"stream"`
		ToolChoice          json.RawMessage `json:"tool_choice"`
		StreamOptions       struct {
			IncludeUsage bool `json:"include_usage"`
		} `json:"stream_options"`
		Tools []struct {
			Function struct {
				Name string `json:"name"`
			} `json:"function"`
		} `json:"tools"`
		Messages []map[string]any `json:"messages"`
	}
	_ = json.Unmarshal(raw, &body) // fields of unexpected types stay zero
	req.Model, req.Stream, req.Messages = body.Model, body.Stream, body.Messages
	req.IncludeUsage = body.StreamOptions.IncludeUsage
	switch {
	case body.MaxCompletionTokens != 0:
		req.MaxTokens, req.MaxTokensField = body.MaxCompletionTokens, "max_completion_tokens"
	case body.MaxTokens != 0:
		req.MaxTokens, req.MaxTokensField = body.MaxTokens, "max_tokens"
	}
	if len(body.ToolChoice) > 0 {
		var s string
		if json.Unmarshal(body.ToolChoice, &s) == nil {
			req.ToolChoice = s
		} else {
			req.ToolChoice = string(body.ToolChoice)
		}
	}
	for _, t := range body.Tools {
		req.Tools = append(req.Tools, t.Function.Name)
	}
	var system []string
	for _, m := range body.Messages {
		if m["role"] == "system" || m["role"] == "developer" {
			system = append(system, contentText(m["content"]))
		}
	}
	req.System = strings.Join(system, "\n")
	return req
}

// contentText reads a message content: a string, or the text of its
// text parts joined by "\n".
func contentText(c any) string {
	if s, ok := c.(string); ok {
		return s
	}
	parts, _ := c.([]any)
	var texts []string
	for _, p := range parts {
		if p, ok := p.(map[string]any); ok && p["type"] == "text" {
			s, _ := p["text"].(string)
			texts = append(texts, s)
		}
	}
	return strings.Join(texts, "\n")
}

// LastUserText returns the text of the last user message. "tool"
// messages are not included.
func (r OpenAIRequest) LastUserText() string {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if r.Messages[i]["role"] == "user" {
			return contentText(r.Messages[i]["content"])
		}
	}
	return ""
}

// ToolResult returns the content of the "tool" message answering the
// call id, and whether there is one.
func (r OpenAIRequest) ToolResult(id string) (string, bool) {
	for _, m := range r.Messages {
		if m["role"] == "tool" && m["tool_call_id"] == id {
			return contentText(m["content"]), true
		}
	}
	return "", false
}
