package llmtest

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

// Response is what the fake answers one request with. Build it with [Text],
// [Tools], [Status], [StreamError], [Truncated], [Malformed], [Stall] or
// [Raw]; the zero Response is a 200 stream without a single event.
type Response struct {
	// Status is the HTTP status; zero means 200.
	Status int
	// Header holds headers sent besides content-type and request-id,
	// which the fake sets itself.
	Header http.Header
	// Events are the server-sent events of a streamed answer, in order.
	// A slice of a builder's Events, such as Text("Hi", "!").Events[:4],
	// can open a [StreamError], [Truncated] or [Stall] response.
	Events []Event

	kind        kind
	body        string // kindRaw
	contentType string // kindRaw
	errType     string // kindError: the error object, rendered with the request id
	errMessage  string // kindError
	ending      ending
	tail        string        // endCut: the bytes written before the connection drops
	stall       time.Duration // endStall
	pingEvery   time.Duration // endStall: a ping this often while quiet
	problem     string        // recorded by the server when it sends this response
}

type kind int

const (
	kindStream kind = iota // Events, as server-sent events
	kindError              // the API's JSON error body
	kindRaw                // body as given
)

type ending int

const (
	endComplete ending = iota // the handler returns after the events
	endCut                    // write tail, then drop the connection
	endStall                  // wait stall, or until the request ends, then return
)

// Event is one server-sent event: the name on its "event:" line and the
// text of its "data:" line, normally one line of JSON.
type Event struct {
	Name string
	Data string
}

// ToolCall is one tool_use block of a [Tools] response.
type ToolCall struct {
	// ID is the tool_use id; empty means "toolu_llmtest_<n>", numbering
	// the calls of the response from 1.
	ID   string
	Name string
	// Input is marshalled with encoding/json; a json.RawMessage passes
	// through (compacted). nil sends {}.
	Input any
}

// Usage is the token accounting a streamed answer reports. Without
// [Response.WithUsage] the builders report 100 input tokens, 20 output
// tokens and no cache activity.
type Usage struct {
	InputTokens              int
	OutputTokens             int
	CacheCreationInputTokens int
	CacheReadInputTokens     int
}

// Text answers with one text block streamed as one text_delta per chunk,
// and stop_reason end_turn. The events are message_start, ping,
// content_block_start, the first delta, ping, the other deltas,
// content_block_stop, message_delta and message_stop. With no chunks the
// message has no content block.
func Text(chunks ...string) Response {
	s := newStream()
	if len(chunks) > 0 {
		s.text(chunks)
	}
	return s.finish("end_turn")
}

// Tools answers with an optional text block followed by one tool_use block
// per call, and stop_reason tool_use. Each call's input JSON is streamed
// as input_json_delta fragments: an empty one first, then the JSON cut in
// about three pieces at arbitrary points.
func Tools(text string, calls ...ToolCall) Response {
	s := newStream()
	if text != "" {
		s.text(halves(text))
	}
	for i, c := range calls {
		if c.ID == "" {
			c.ID = fmt.Sprintf("toolu_llmtest_%d", i+1)
		}
		s.tool(c)
	}
	return s.finish("tool_use")
}

// Status answers with an HTTP error and the API's JSON error body,
// {"type":"error","error":{"type":errType,"message":message},"request_id":…}.
// Statuses the SDKs retry (408, 409, 429 and 5xx, which includes 529)
// carry "retry-after-ms: 1" so that the retries are immediate.
//
// The error types of the API are invalid_request_error (400),
// authentication_error (401), billing_error (402), permission_error (403),
// not_found_error (404), request_too_large (413), rate_limit_error (429),
// api_error (500), timeout_error (504) and overloaded_error (529).
func Status(code int, errType, message string) Response {
	r := Response{Status: code, kind: kindError, errType: errType, errMessage: message}
	if retryable(code) {
		r = r.WithHeader("retry-after-ms", "1")
	}
	return r
}

// Raw answers with status and body as given, such as the HTML page of a
// proxy. It adds no retry header; see [Response.WithHeader].
func Raw(code int, contentType, body string) Response {
	return Response{Status: code, kind: kindRaw, contentType: contentType, body: body}
}

// StreamError answers 200, sends the events first, then
// "event: error" with the error object, and ends the stream: the failure
// the API reports in-band once it has started streaming, which clients do
// not retry. Without events it sends message_start, a ping and the start
// of a text block whose first delta is "Partial ".
func StreamError(errType, message string, first ...Event) Response {
	data := mustJSON(errorBody{Type: "error", Error: errorObject{Type: errType, Message: message}})
	return Response{Events: append(orPartial(first), Event{Name: "error", Data: data})}
}

// Truncated answers 200, sends the events, then half an event, and drops
// the connection without ending the chunked body. Without events it sends
// the same opening as [StreamError].
func Truncated(first ...Event) Response {
	return Response{
		Events: orPartial(first),
		ending: endCut,
		tail:   "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_del",
	}
}

// Malformed answers with a text stream whose second delta is not JSON:
// its data line breaks off in the middle of the object.
func Malformed() Response {
	s := newStream()
	i := s.startText()
	s.textDelta(i, "Hello")
	s.events = append(s.events, Event{
		Name: "content_block_delta",
		Data: `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", wor`,
	})
	s.stopBlock(i)
	return s.finish("end_turn")
}

// Stall answers 200, sends the events, then goes quiet for d, or until the
// client gives up or the fake closes, and ends the stream without
// message_stop. Without events it sends the same opening as [StreamError].
func Stall(d time.Duration, first ...Event) Response {
	return Response{Events: orPartial(first), ending: endStall, stall: d}
}

// Pinging returns the [Stall] r sending a ping event every d while it is
// quiet: a connection kept alive with no progress.
func (r Response) Pinging(d time.Duration) Response {
	r.pingEvery = d
	return r
}

// WithHeader returns r with the header key set to value.
func (r Response) WithHeader(key, value string) Response {
	r.Header = r.Header.Clone()
	if r.Header == nil {
		r.Header = http.Header{}
	}
	r.Header.Set(key, value)
	return r
}

// WithUsage returns r with u in its message_start and message_delta
// events: input and cache counts at the start, output tokens at the end.
func (r Response) WithUsage(u Usage) Response {
	r.Events = slices.Clone(r.Events)
	for i, ev := range r.Events {
		switch ev.Name {
		case "message_start":
			r.Events[i].Data = rewrite(ev.Data, func(m *messageStart) { m.Message.Usage = startUsage(u) })
		case "message_delta":
			r.Events[i].Data = rewrite(ev.Data, func(m *messageDelta) { m.Usage.OutputTokens = u.OutputTokens })
		}
	}
	return r
}

// WithStopReason returns r with reason as the stop_reason of its
// message_delta event, such as "max_tokens" or "refusal".
func (r Response) WithStopReason(reason string) Response {
	r.Events = slices.Clone(r.Events)
	for i, ev := range r.Events {
		if ev.Name == "message_delta" {
			r.Events[i].Data = rewrite(ev.Data, func(m *messageDelta) { m.Delta.StopReason = reason })
		}
	}
	return r
}

// fatal is the fake's answer when it cannot give the one asked for: a 500
// that tells clients not to retry, carrying a problem to record.
func fatal(problem string) Response {
	r := Response{
		Status:     http.StatusInternalServerError,
		kind:       kindError,
		errType:    "api_error",
		errMessage: "llmtest: " + problem,
		problem:    problem,
	}
	return r.WithHeader("x-should-retry", "false")
}

// retryable reports whether the SDKs retry an HTTP status.
func retryable(code int) bool {
	return code == http.StatusRequestTimeout || code == http.StatusConflict ||
		code == http.StatusTooManyRequests || code >= 500
}

// errorStatus is the HTTP status the API uses for an error type.
func errorStatus(errType string) int {
	switch errType {
	case "invalid_request_error":
		return http.StatusBadRequest
	case "authentication_error":
		return http.StatusUnauthorized
	case "billing_error":
		return http.StatusPaymentRequired
	case "permission_error":
		return http.StatusForbidden
	case "not_found_error":
		return http.StatusNotFound
	case "request_too_large":
		return http.StatusRequestEntityTooLarge
	case "rate_limit_error":
		return http.StatusTooManyRequests
	case "timeout_error":
		return http.StatusGatewayTimeout
	case "overloaded_error":
		return 529
	default:
		return http.StatusInternalServerError
	}
}
