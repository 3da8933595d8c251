package llmtest

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

// OpenAIResponse is what the [OpenAI] fake answers one request with.
// Build it with [OpenAIText], [OpenAITools], [OllamaTools],
// [OpenAIStatus], [OpenAIStreamError], [OpenAITruncated],
// [OpenAIMalformed], [OpenAIStall] or [OpenAIRaw]; the zero value is a
// 200 stream of no chunks, then [DONE].
//
// A complete stream ends with a usage chunk ("choices": [] and the token
// counts) when the request asked for one with stream_options.include_usage,
// then "data: [DONE]".
type OpenAIResponse struct {
	// Status is the HTTP status; zero means 200.
	Status int
	// Header holds headers sent besides content-type and x-request-id,
	// which the fake sets itself.
	Header http.Header
	// Chunks are the data of the server-sent events, in order: each a
	// chat.completion.chunk of JSON, sent as "data: …" and a blank line.
	// An element that starts with ":" is sent as a comment line instead,
	// the keep-alive some servers send. A slice of a builder's Chunks,
	// such as OpenAIText("Hi", "!").Chunks[:2], can open an
	// [OpenAIStreamError], [OpenAITruncated] or [OpenAIStall] response.
	Chunks []string

	kind        kind
	body        string // kindError and kindRaw
	contentType string
	ending      ending
	tail        string        // endCut
	stall       time.Duration // endStall
	pingEvery   time.Duration // endStall: a keep-alive comment this often while quiet
	usage       OpenAIUsage
	noDone      bool // no usage chunk and no [DONE]
	problem     string
}

// OpenAIUsage is the token accounting of the usage chunk. Without
// [OpenAIResponse.WithUsage] the builders report 100 prompt tokens and
// 20 completion tokens.
type OpenAIUsage struct {
	PromptTokens     int
	CompletionTokens int
	// CachedTokens is prompt_tokens_details.cached_tokens, a part of
	// PromptTokens.
	CachedTokens int
}

// created is the "created" time of every chunk: fixed, so that tests can
// compare chunks.
const created = 1700000000

// OpenAIText answers with the text streamed as one content delta per
// chunk, and finish_reason "stop". The chunks are the assistant role
// with empty content, the deltas with ": keep-alive" after the first,
// and an empty delta with the finish_reason.
func OpenAIText(chunks ...string) OpenAIResponse {
	s := newOAStream()
	for i, c := range chunks {
		s.content(c)
		if i == 0 && len(chunks) > 1 {
			s.keepAlive()
		}
	}
	return s.finish("stop")
}

// OpenAITools answers as OpenAI streams tool calls: the optional text
// in two deltas, then per call a first fragment with its index, id
// ("call_llmtest_<n>" when ToolCall.ID is empty), type and name and empty
// arguments, then the arguments JSON cut in about three pieces at
// arbitrary points, each with only the index; finish_reason "tool_calls".
func OpenAITools(text string, calls ...ToolCall) OpenAIResponse {
	s := newOAStream()
	if text != "" {
		for _, h := range halves(text) {
			s.content(h)
		}
	}
	for i, c := range calls {
		id := c.ID
		if id == "" {
			id = fmt.Sprintf("call_llmtest_%d", i+1)
		}
		frags := fragments(callInput(c))
		s.add(oaDelta{ToolCalls: []oaToolCall{{Index: i, ID: id, Type: "function", Function: oaFunction{Name: c.Name, Arguments: frags[0]}}}}, nil)
		for _, f := range frags[1:] {
			s.add(oaDelta{ToolCalls: []oaToolCall{{Index: i, Function: oaFunction{Arguments: f}}}}, nil)
		}
	}
	return s.finish("tool_calls")
}

// OllamaTools answers as Ollama's /v1 does: the optional text in one
// delta, then one chunk holding every call whole, each with "index": 0
// and its complete arguments, then finish_reason "tool_calls". A call
// whose ToolCall.ID is empty is sent without an id, as some servers do.
func OllamaTools(text string, calls ...ToolCall) OpenAIResponse {
	s := newOAStream()
	if text != "" {
		s.content(text)
	}
	var tcs []oaToolCall
	for _, c := range calls {
		tcs = append(tcs, oaToolCall{Index: 0, ID: c.ID, Type: "function", Function: oaFunction{Name: c.Name, Arguments: callInput(c)}})
	}
	if len(tcs) > 0 {
		s.add(oaDelta{ToolCalls: tcs}, nil)
	}
	return s.finish("tool_calls")
}

// OpenAIStatus answers with an HTTP error and OpenAI's JSON error body,
// {"error":{"message":…,"type":…,"param":null,"code":…}}, code null when
// empty. The type follows the status as OpenAI's does:
// invalid_request_error for 4xx, "requests" for 429 (insufficient_quota
// when code is), server_error for 5xx. Statuses clients retry (408, 409,
// 429 and 5xx) carry "retry-after-ms: 1" so that retries are immediate.
//
// Codes OpenAI sends include invalid_api_key (401), model_not_found
// (404), context_length_exceeded (400), rate_limit_exceeded and
// insufficient_quota (429).
func OpenAIStatus(status int, code, message string) OpenAIResponse {
	typ := "invalid_request_error"
	switch {
	case status == http.StatusTooManyRequests && code == "insufficient_quota":
		typ = "insufficient_quota"
	case status == http.StatusTooManyRequests:
		typ = "requests"
	case status >= 500:
		typ = "server_error"
	}
	r := OpenAIResponse{Status: status, kind: kindError, contentType: "application/json", body: mustJSON(oaErrorBody{Error: oaError{
		Message: message, Type: typ, Code: nullable(code),
	}})}
	if retryable(status) {
		r = r.WithHeader("retry-after-ms", "1")
	}
	return r
}

// OpenAIRaw answers with status and body as given, such as Ollama's
// error bodies or a proxy's HTML page. It adds no retry header.
func OpenAIRaw(status int, contentType, body string) OpenAIResponse {
	return OpenAIResponse{Status: status, kind: kindRaw, contentType: contentType, body: body}
}

// OpenAIStreamError answers 200, sends the chunks, then a chunk that is
// only {"error":{"message":…,"type":errType,"code":null}}, and ends the
// stream without [DONE]: how OpenRouter and others report a failure once
// the stream has started. Without chunks it sends the assistant role and
// a first delta "Partial ".
func OpenAIStreamError(errType, message string, first ...string) OpenAIResponse {
	chunks := append(orOAPartial(first), mustJSON(oaErrorBody{Error: oaError{Message: message, Type: errType}}))
	return OpenAIResponse{Chunks: chunks, noDone: true}
}

// OpenAITruncated answers 200, sends the chunks, then half a data line,
// and drops the connection without ending the chunked body. Without
// chunks it sends the same opening as [OpenAIStreamError].
func OpenAITruncated(first ...string) OpenAIResponse {
	return OpenAIResponse{
		Chunks: orOAPartial(first),
		ending: endCut,
		tail:   `data: {"id":"chatcmpl-llmtest","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"trunc`,
	}
}

// OpenAIMalformed answers with a text stream whose second content chunk
// is not JSON: its data line breaks off in the middle of the object. The
// stream then finishes normally.
func OpenAIMalformed() OpenAIResponse {
	s := newOAStream()
	s.content("Hello")
	s.chunks = append(s.chunks, fmt.Sprintf(`{"id":"chatcmpl-llmtest","object":"chat.completion.chunk","created":%d,"model":"","choices":[{"index":0,"delta":{"content":", wor`, created))
	return s.finish("stop")
}

// OpenAIStall answers 200, sends the chunks, then goes quiet for d, or
// until the client gives up or the fake closes, and ends the stream
// without a finish_reason or [DONE]. Without chunks it sends the same
// opening as [OpenAIStreamError].
func OpenAIStall(d time.Duration, first ...string) OpenAIResponse {
	return OpenAIResponse{Chunks: orOAPartial(first), ending: endStall, stall: d}
}

// Pinging returns the [OpenAIStall] r sending a ": keep-alive" comment
// every d while it is quiet: a connection kept alive with no progress.
func (r OpenAIResponse) Pinging(d time.Duration) OpenAIResponse {
	r.pingEvery = d
	return r
}

// OpenAIScript returns a handler that answers call n with responses[n].
// A call beyond the script is recorded as a problem and answered with a
// 500 that says so and carries "x-should-retry: false".
func OpenAIScript(responses ...OpenAIResponse) OpenAIHandler {
	return func(call int, _ OpenAIRequest) OpenAIResponse {
		if call < len(responses) {
			return responses[call]
		}
		return openAIFatal(fmt.Sprintf("call %d is beyond the script of %d responses", call, len(responses)))
	}
}

// WithHeader returns r with the header key set to value.
func (r OpenAIResponse) WithHeader(key, value string) OpenAIResponse {
	r.Header = r.Header.Clone()
	if r.Header == nil {
		r.Header = http.Header{}
	}
	r.Header.Set(key, value)
	return r
}

// WithUsage returns r with u in its usage chunk.
func (r OpenAIResponse) WithUsage(u OpenAIUsage) OpenAIResponse {
	r.usage = u
	return r
}

// WithFinishReason returns r with reason as the finish_reason of its
// chunks that have one, such as "length", or "stop" after tool calls as
// some servers send.
func (r OpenAIResponse) WithFinishReason(reason string) OpenAIResponse {
	r.Chunks = slices.Clone(r.Chunks)
	for i, c := range r.Chunks {
		r.Chunks[i] = rewrite(c, func(ch *oaChunk) {
			for j := range ch.Choices {
				if ch.Choices[j].FinishReason != nil {
					ch.Choices[j].FinishReason = &reason
				}
			}
		})
	}
	return r
}

// WithoutDone returns r ending after its last chunk: no usage chunk and
// no [DONE], as a few servers end.
func (r OpenAIResponse) WithoutDone() OpenAIResponse {
	r.noDone = true
	return r
}

// openAIFatal is the fake's answer when it cannot give the one asked
// for: a 500 that tells clients not to retry, carrying a problem.
func openAIFatal(problem string) OpenAIResponse {
	r := OpenAIStatus(http.StatusInternalServerError, "", "llmtest: "+problem)
	r.Header = nil
	r.problem = problem
	return r.WithHeader("x-should-retry", "false")
}

func callInput(c ToolCall) string {
	if c.Input == nil {
		return "{}"
	}
	return mustJSON(c.Input)
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// The JSON of the chunks, as structs so that the fields keep the API's
// order.

type oaChunk struct {
	ID                string     `json:"id"`
	Object            string     `json:"object"`
	Created           int64      `json:"created"`
	Model             string     `json:"model"` // "" is filled in with the request's model
	SystemFingerprint string     `json:"system_fingerprint"`
	Choices           []oaChoice `json:"choices"`
	Usage             *oaUsage   `json:"usage,omitempty"`
}

type oaChoice struct {
	Index        int     `json:"index"`
	Delta        oaDelta `json:"delta"`
	Logprobs     *string `json:"logprobs"`
	FinishReason *string `json:"finish_reason"`
}

type oaDelta struct {
	Role      string       `json:"role,omitempty"`
	Content   *string      `json:"content,omitempty"`
	ToolCalls []oaToolCall `json:"tool_calls,omitempty"`
}

type oaToolCall struct {
	Index    int        `json:"index"`
	ID       string     `json:"id,omitempty"`
	Type     string     `json:"type,omitempty"`
	Function oaFunction `json:"function"`
}

type oaFunction struct {
	Name      string `json:"name,omitempty"`
	Arguments string `json:"arguments"`
}

type oaUsage struct {
	PromptTokens        int `json:"prompt_tokens"`
	CompletionTokens    int `json:"completion_tokens"`
	TotalTokens         int `json:"total_tokens"`
	PromptTokensDetails struct {
		CachedTokens int `json:"cached_tokens"`
	} `json:"prompt_tokens_details"`
}

type oaErrorBody struct {
	Error oaError `json:"error"`
}

type oaError struct {
	Message string  `json:"message"`
	Type    string  `json:"type"`
	Param   *string `json:"param"`
	Code    *string `json:"code"`
}

var defaultOpenAIUsage = OpenAIUsage{PromptTokens: 100, CompletionTokens: 20}

// oaStream builds the chunks of one streamed completion.
type oaStream struct {
	chunks []string
}

// newOAStream starts a completion with the assistant role and empty
// content, as OpenAI does.
func newOAStream() *oaStream {
	s := &oaStream{}
	empty := ""
	s.add(oaDelta{Role: "assistant", Content: &empty}, nil)
	return s
}

func (s *oaStream) add(d oaDelta, finish *string) {
	s.chunks = append(s.chunks, mustJSON(oaChunk{
		ID: "chatcmpl-llmtest", Object: "chat.completion.chunk", Created: created, SystemFingerprint: "fp_llmtest",
		Choices: []oaChoice{{Delta: d, FinishReason: finish}},
	}))
}

func (s *oaStream) content(text string) { s.add(oaDelta{Content: &text}, nil) }

func (s *oaStream) keepAlive() { s.chunks = append(s.chunks, ": keep-alive") }

func (s *oaStream) finish(reason string) OpenAIResponse {
	s.add(oaDelta{}, &reason)
	return OpenAIResponse{Chunks: s.chunks, usage: defaultOpenAIUsage}
}

// orOAPartial returns chunks, or the opening of a text stream whose
// first delta is "Partial " when there are none.
func orOAPartial(chunks []string) []string {
	if len(chunks) > 0 {
		return slices.Clone(chunks)
	}
	s := newOAStream()
	s.content("Partial ")
	return s.chunks
}

// usageChunk is the last chunk before [DONE] of a request that asked for
// usage.
func usageChunk(u OpenAIUsage) string {
	c := oaChunk{ID: "chatcmpl-llmtest", Object: "chat.completion.chunk", Created: created, SystemFingerprint: "fp_llmtest",
		Choices: []oaChoice{}, Usage: &oaUsage{
			PromptTokens: u.PromptTokens, CompletionTokens: u.CompletionTokens, TotalTokens: u.PromptTokens + u.CompletionTokens,
		}}
	c.Usage.PromptTokensDetails.CachedTokens = u.CachedTokens
	return mustJSON(c)
}
