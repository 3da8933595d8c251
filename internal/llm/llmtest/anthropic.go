package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Anthropic is a fake Anthropic Messages API on a loopback port. Point a
// client's base URL at URL. It is safe for concurrent use.
type Anthropic struct {
	// URL is the base URL of the fake, such as http://127.0.0.1:41234,
	// without a trailing slash.
	URL string

	fake[Request]
	handler Handler
}

// Handler chooses the Response to the request numbered call, counting the
// requests to /v1/messages from 0. It runs on the server's goroutines,
// possibly several at once, so it must not call t.Fatal and the like.
type Handler func(call int, req Request) Response

// Request is one request the fake received, decoded.
type Request struct {
	Method string
	Path   string // without the query: the CLI sends /v1/messages?beta=true
	Header http.Header
	// APIKey is the x-api-key header and Version the anthropic-version one.
	APIKey  string
	Version string

	Model     string
	System    string // the system prompt: the string, or its text blocks joined by "\n"
	MaxTokens int
	Stream    bool
	Tools     []string         // the names of the tools, in order
	Messages  []map[string]any // the messages as generic JSON
	Body      map[string]any   // the whole body as generic JSON
	Raw       []byte           // the body as sent
}

// NewAnthropic starts a fake that answers with h, and closes it when the
// test ends, failing the test with each problem it recorded then. A nil h
// answers every request with a problem, like an empty [Script].
func NewAnthropic(t testing.TB, h Handler) *Anthropic {
	t.Helper()
	a := StartAnthropic(h)
	a.closeAtEnd(t)
	return a
}

// StartAnthropic starts a fake that answers with h, for use outside a
// test's lifetime (examples, development servers). The caller must Close
// it and check TakeProblems itself.
func StartAnthropic(h Handler) *Anthropic {
	if h == nil {
		h = Script()
	}
	a := &Anthropic{handler: h}
	a.start(a.serveHTTP)
	a.URL = a.srv.URL
	return a
}

func (a *Anthropic) serveHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/" && (r.Method == http.MethodHead || r.Method == http.MethodGet):
		// The Claude Code CLI checks that the server answers before it starts.
		w.WriteHeader(http.StatusOK)
		return
	case r.URL.Path != "/v1/messages" || r.Method != http.MethodPost:
		a.problem("unexpected request %s %s", r.Method, r.URL.Path)
		a.send(w, r, Request{}, Status(http.StatusNotFound, "not_found_error", "llmtest: only POST /v1/messages is faked"), "req_llmtest_none")
		return
	}

	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return // the client went away while sending
	}
	req := decodeRequest(r, raw)
	call := a.record(req)
	requestID := fmt.Sprintf("req_llmtest_%03d", call)

	if req.Body == nil {
		a.problem("call %d: the request body is not a JSON object: %.200q", call, raw)
		a.send(w, r, req, Status(http.StatusBadRequest, "invalid_request_error", "llmtest: the request body is not a JSON object"), requestID)
		return
	}
	resp := a.respond(call, req)
	if resp.problem != "" {
		a.problem("%s", resp.problem)
	}
	a.send(w, r, req, resp, requestID)
}

// respond asks the handler, turning a panic into a problem and a 500.
func (a *Anthropic) respond(call int, req Request) (resp Response) {
	defer func() {
		if v := recover(); v != nil {
			resp = fatal(fmt.Sprintf("call %d: the handler panicked: %v", call, v))
		}
	}()
	return a.handler(call, req)
}

// send writes resp, as a stream or folded into one message as the request
// asked.
func (a *Anthropic) send(w http.ResponseWriter, r *http.Request, req Request, resp Response, requestID string) {
	h := w.Header()
	for k, v := range resp.Header {
		h[k] = v
	}
	h.Set("request-id", requestID)
	status := resp.Status
	if status == 0 {
		status = http.StatusOK
	}

	switch resp.kind {
	case kindError:
		h.Set("content-type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, mustJSON(errorBody{Type: "error", Error: errorObject{Type: resp.errType, Message: resp.errMessage}, RequestID: requestID}))
		return
	case kindRaw:
		h.Set("content-type", resp.contentType)
		w.WriteHeader(status)
		io.WriteString(w, resp.body)
		return
	}

	if !req.Stream {
		a.sendFolded(w, r, req, resp, requestID)
		return
	}
	h.Set("content-type", "text/event-stream; charset=utf-8")
	h.Set("cache-control", "no-cache")
	w.WriteHeader(status)
	flush := func() { http.NewResponseController(w).Flush() }
	for _, ev := range resp.Events {
		writeEvent(w, fillModel(ev, req.Model))
		flush()
	}
	switch resp.ending {
	case endCut:
		io.WriteString(w, resp.tail)
		flush()
		panic(http.ErrAbortHandler) // drops the connection without ending the chunked body
	case endStall:
		keepAlive(a.quit, r, resp.stall, resp.pingEvery, func() {
			writeEvent(w, Event{Name: "ping", Data: `{"type":"ping"}`})
			flush()
		})
	}
}

// sendFolded answers a request without "stream": true.
func (a *Anthropic) sendFolded(w http.ResponseWriter, r *http.Request, req Request, resp Response, requestID string) {
	if resp.ending == endStall {
		a.wait(r, resp.stall)
	}
	f := fold(resp.Events, req.Model, requestID)
	if f.abort || resp.ending != endComplete {
		panic(http.ErrAbortHandler)
	}
	w.Header().Set("content-type", "application/json")
	w.WriteHeader(f.status)
	w.Write(f.body)
}

// wait blocks for d, or until the client goes away or the fake closes.
func (a *Anthropic) wait(r *http.Request, d time.Duration) { keepAlive(a.quit, r, d, 0, nil) }

// keepAlive blocks for d, or until the client goes away or quit closes,
// calling ping every pingEvery (0: never) meanwhile.
func keepAlive(quit <-chan struct{}, r *http.Request, d, pingEvery time.Duration, ping func()) {
	t := time.NewTimer(d)
	defer t.Stop()
	var tick <-chan time.Time
	if pingEvery > 0 {
		tk := time.NewTicker(pingEvery)
		defer tk.Stop()
		tick = tk.C
	}
	for {
		select {
		case <-t.C:
			return
		case <-r.Context().Done():
			return
		case <-quit:
			return
		case <-tick:
			ping()
		}
	}
}

// writeEvent writes one server-sent event; a multi-line Data becomes
// several data lines, which a client joins with newlines.
func writeEvent(w io.Writer, ev Event) {
	var b strings.Builder
	b.WriteString("event: " + ev.Name + "\n")
	for line := range strings.SplitSeq(ev.Data, "\n") {
		b.WriteString("data: " + line + "\n")
	}
	b.WriteString("\n")
	io.WriteString(w, b.String())
}

func decodeRequest(r *http.Request, raw []byte) Request {
	req := Request{
		Method:  r.Method,
		Path:    r.URL.Path,
		Header:  r.Header.Clone(),
		APIKey:  r.Header.Get("x-api-key"),
		Version: r.Header.Get("anthropic-version"),
		Raw:     raw,
	}
	if json.Unmarshal(raw, &req.Body) != nil {
		req.Body = nil
		return req
	}
	var body struct {
		Model     string          `json:"model"`
		System    json.RawMessage `json:"system"`
		MaxTokens int             `json:"max_tokens"`
		Stream    bool            `json:"stream"`
		Tools     []struct {
			Name string `json:"name"`
		} `json:"tools"`
		Messages []map[string]any `json:"messages"`
	}
	// Fields of unexpected types stay zero; Body still has them.
	_ = json.Unmarshal(raw, &body)
	req.Model, req.MaxTokens, req.Stream, req.Messages = body.Model, body.MaxTokens, body.Stream, body.Messages
	for _, t := range body.Tools {
		req.Tools = append(req.Tools, t.Name)
	}
	req.System = systemText(body.System)
	return req
}

// systemText reads a system prompt given as a string or as text blocks.
func systemText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var blocks []struct{ Text string }
	_ = json.Unmarshal(raw, &blocks)
	texts := make([]string, len(blocks))
	for i, b := range blocks {
		texts[i] = b.Text
	}
	return strings.Join(texts, "\n")
}

// LastUserText returns the text a handler usually answers: the text blocks
// (or the string content) of the last user message, joined by "\n".
// tool_result blocks are not included.
func (r Request) LastUserText() string {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		m := r.Messages[i]
		if m["role"] != "user" {
			continue
		}
		if s, ok := m["content"].(string); ok {
			return s
		}
		blocks, _ := m["content"].([]any)
		var texts []string
		for _, b := range blocks {
			if b, ok := b.(map[string]any); ok && b["type"] == "text" {
				s, _ := b["text"].(string)
				texts = append(texts, s)
			}
		}
		return strings.Join(texts, "\n")
	}
	return ""
}
