package openai

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"

	"github.com/specwright/specwright/internal/llm"
)

// apiError is an error the server reported: as an HTTP status with a
// JSON body, or as an error chunk in a stream that had started with 200
// (Status 0).
type apiError struct {
	Status    int
	Type      string
	Code      string
	Param     string
	Message   string
	RequestID string
	Body      string // the start of a body that held no JSON error
}

func (e *apiError) Error() string {
	var parts []string
	if e.Status != 0 {
		parts = append(parts, fmt.Sprintf("status %d", e.Status))
	} else {
		parts = append(parts, "error chunk in the stream")
	}
	if e.RequestID != "" {
		parts = append(parts, "request-id "+e.RequestID)
	}
	for _, f := range [][2]string{{"type", e.Type}, {"code", e.Code}, {"param", e.Param}} {
		if f[1] != "" {
			parts = append(parts, f[0]+" "+f[1])
		}
	}
	s := strings.Join(parts, ", ")
	switch {
	case e.Message != "":
		s += ": " + e.Message
	case e.Body != "":
		s += ": body " + strconv.Quote(e.Body)
	}
	return s
}

// parseErrorBody reads the error of an HTTP error response in the shapes
// servers use: OpenAI's {"error":{"message","type","param","code"}},
// {"error":"…"}, vLLM's top-level {"message","type","code"} and FastAPI's
// {"detail":…}.
func parseErrorBody(status int, h http.Header, data []byte) *apiError {
	e := &apiError{Status: status, RequestID: requestID(h)}
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) == nil {
		if raw, ok := top["error"]; ok {
			fillError(e, raw)
		}
		if e.Message == "" {
			fillError(e, data)
		}
		if e.Message == "" {
			e.Message = detail(top["detail"])
		}
	}
	if e.Message == "" && e.Type == "" && e.Code == "" {
		e.Body = llm.Shorten(strings.TrimSpace(string(data)), 200)
	}
	return e
}

// parseStreamError reads the error of an error chunk: the value of its
// "error" member, or the whole data of an "event: error".
func parseStreamError(raw json.RawMessage) *apiError {
	e := &apiError{}
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) == nil {
		if inner, ok := top["error"]; ok {
			fillError(e, inner)
		}
	}
	if e.Message == "" {
		fillError(e, raw)
	}
	if e.Message == "" && e.Type == "" && e.Code == "" {
		e.Body = llm.Shorten(string(raw), 200)
	}
	return e
}

// fillError fills e from an error object, or from a bare string.
func fillError(e *apiError, raw json.RawMessage) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		e.Message = s
		return
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return
	}
	e.Message = scalar(obj["message"])
	e.Type = scalar(obj["type"])
	e.Param = scalar(obj["param"])
	// "code" is a string at OpenAI, a number at vLLM: keep strings only.
	var code string
	if json.Unmarshal(obj["code"], &code) == nil {
		e.Code = code
	}
}

// scalar is a JSON string's text, or "" for anything else.
func scalar(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// detail reads FastAPI's "detail": a string, or a list of {"msg"}.
func detail(raw json.RawMessage) string {
	if s := scalar(raw); s != "" {
		return s
	}
	var list []struct {
		Msg string `json:"msg"`
	}
	if json.Unmarshal(raw, &list) != nil {
		return ""
	}
	var msgs []string
	for _, d := range list {
		if d.Msg != "" {
			msgs = append(msgs, d.Msg)
		}
	}
	return strings.Join(msgs, "; ")
}

// kind classifies an API error by its code and type first, then its
// HTTP status, then its words.
func (e *apiError) kind() llm.ErrorKind {
	ct := strings.ToLower(e.Code + " " + e.Type)
	msg := strings.ToLower(e.Message)
	switch {
	case containsAny(ct, "invalid_api_key", "authentication", "unauthorized", "invalid_authentication"), e.Status == http.StatusUnauthorized:
		return llm.ErrAuth
	case containsAny(ct, "insufficient_quota", "billing"), e.Status == http.StatusPaymentRequired:
		return llm.ErrBilling
	case containsAny(ct, "context_length_exceeded", "request_too_large"), e.Status == http.StatusRequestEntityTooLarge:
		return llm.ErrContextTooLong
	case strings.Contains(ct, "model_not_found"), e.Status == http.StatusNotFound:
		return llm.ErrNotFound
	case e.Status == http.StatusForbidden || strings.Contains(ct, "permission"):
		return llm.ErrPermission
	case e.Status == http.StatusTooManyRequests:
		if mentionsBilling(msg) {
			return llm.ErrBilling
		}
		return llm.ErrRateLimit
	case strings.Contains(ct, "rate_limit"):
		return llm.ErrRateLimit
	case strings.Contains(ct, "overloaded"), e.Status == 529,
		e.Status == http.StatusServiceUnavailable && mentionsOverload(msg):
		return llm.ErrOverloaded
	case e.Status == http.StatusRequestTimeout, e.Status == http.StatusConflict, e.Status >= 500:
		return llm.ErrUnavailable
	case e.Status == 0:
		// An error chunk: only its words tell.
		switch {
		case mentionsOverload(msg):
			return llm.ErrOverloaded
		case strings.Contains(msg, "rate limit"):
			return llm.ErrRateLimit
		case mentionsTooLong(msg):
			return llm.ErrContextTooLong
		}
		return llm.ErrStream
	}
	switch {
	case mentionsTooLong(msg):
		return llm.ErrContextTooLong
	case mentionsBilling(msg):
		return llm.ErrBilling
	case strings.Contains(msg, "model") && containsAny(msg, "not found", "does not exist", "no such model", "unknown model"):
		return llm.ErrNotFound
	}
	return llm.ErrBadRequest
}

// statusError reports an HTTP error response.
func (p *Provider) statusError(e *apiError) error {
	kind := e.kind()
	return p.fail(kind, e.Status, p.describe(kind, e, strconv.Itoa(e.Status)), e)
}

// inStreamError reports an error chunk that arrived after a 200.
func (p *Provider) inStreamError(e *apiError) error {
	ref := cmpOr(e.Code, e.Type, "error chunk")
	kind := e.kind()
	return p.fail(kind, http.StatusOK, p.describe(kind, e, ref), e)
}

// describe writes what the user reads about an API error; ref is how it
// names the error, its HTTP status when there is one.
func (p *Provider) describe(kind llm.ErrorKind, e *apiError, ref string) string {
	who, Who := p.who, capitalize(p.who)
	apiMsg := llm.Sentence(llm.Shorten(e.Message, 300))
	switch kind {
	case llm.ErrAuth:
		if !p.key.IsSet() {
			return fmt.Sprintf("%s asks for an API key (%s), and none is set. Set OPENAI_API_KEY.", Who, ref)
		}
		return fmt.Sprintf("%s rejected the API key (%s). Check OPENAI_API_KEY.", Who, ref)
	case llm.ErrPermission:
		return fmt.Sprintf("%s refused this API key access to model %q or to this feature (%s): %s Check the key's permissions.", Who, p.model, ref, apiMsg)
	case llm.ErrBilling:
		return fmt.Sprintf("%s refused the request for billing reasons (%s): %s Add credit or raise the usage limit of the account.", Who, ref, apiMsg)
	case llm.ErrRateLimit:
		return fmt.Sprintf("The rate limit of %s was reached (%s) and retrying did not help. Wait a minute, then try again.", who, ref)
	case llm.ErrOverloaded:
		return fmt.Sprintf("%s is overloaded (%s). Try again in a few minutes.", Who, ref)
	case llm.ErrContextTooLong:
		msg := fmt.Sprintf("The conversation is too long for model %q (%s): %s Start a new session, or leave out large files and images.", p.model, ref, apiMsg)
		if p.local || p.ollama {
			msg += " A local server may give the model less context than it supports: raise it (Ollama: OLLAMA_CONTEXT_LENGTH or PARAMETER num_ctx; llama.cpp: --ctx-size; vLLM: --max-model-len)."
		}
		return msg
	case llm.ErrNotFound:
		m := strings.ToLower(e.Message)
		switch {
		case p.ollama:
			return fmt.Sprintf("%s has no model %q (%s): %s Pull it with \"ollama pull %s\", or pass --model with a model it has.", Who, p.model, ref, apiMsg, p.model)
		case strings.Contains(m, "model") || strings.Contains(strings.ToLower(e.Code), "model"):
			return fmt.Sprintf("%s has no model %q (%s): %s Check the model name (--model).", Who, p.model, ref, apiMsg)
		default:
			return fmt.Sprintf("%s answered %s for %s/chat/completions: the base URL is probably wrong. Check OPENAI_BASE_URL (it usually ends in /v1).", Who, ref, displayURL(p.baseURL))
		}
	case llm.ErrUnavailable:
		return fmt.Sprintf("%s failed (%s) and retrying did not help: %s Try again later.", Who, ref, apiMsg)
	case llm.ErrStream:
		return fmt.Sprintf("The reply from %s broke off with an error (%s): %s Try again.", who, ref, apiMsg)
	default:
		return fmt.Sprintf("%s rejected the request (%s): %s", Who, ref, apiMsg)
	}
}

// connError reports a request that got no response.
func (p *Provider) connError(err error) error {
	base := displayURL(p.baseURL)
	var dnsErr *net.DNSError
	var netErr net.Error
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var recErr tls.RecordHeaderError
	var msg string
	kind := llm.ErrUnavailable
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		msg = fmt.Sprintf("Could not connect to %s: the connection was refused. Is the server running? Check OPENAI_BASE_URL.", base)
		if p.ollama {
			msg = fmt.Sprintf("Could not connect to Ollama at %s: the connection was refused. Is Ollama running (ollama serve)?", base)
		}
	case errors.As(err, &dnsErr):
		msg = fmt.Sprintf("Could not find the host of %s. Check OPENAI_BASE_URL and the network connection.", base)
	case errors.As(err, &recErr):
		msg = fmt.Sprintf("Could not talk to %s: it does not speak HTTPS. Use an http:// base URL in OPENAI_BASE_URL.", base)
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr):
		msg = fmt.Sprintf("Could not make a secure connection to %s: its certificate is not trusted. Check OPENAI_BASE_URL.", base)
	case errors.As(err, &netErr) && netErr.Timeout():
		kind = llm.ErrTimeout
		msg = fmt.Sprintf("Connecting to %s timed out. Check OPENAI_BASE_URL and the network connection.", base)
	default:
		msg = fmt.Sprintf("Could not reach %s. Check OPENAI_BASE_URL and the network connection.", base)
	}
	return p.fail(kind, 0, msg, err)
}

// retryableNetError reports whether a request that got no response may
// succeed when sent again: not when the host does not exist or its
// certificate is refused.
func retryableNetError(err error) bool {
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var recErr tls.RecordHeaderError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return false
	}
	return !errors.As(err, &certErr) && !errors.As(err, &unknownCA) && !errors.As(err, &hostErr) && !errors.As(err, &recErr)
}

// mentionsTooLong recognises the answers servers give when the prompt
// does not fit: OpenAI's "maximum context length is …", llama.cpp's
// "exceeds the available context size", and the like.
func mentionsTooLong(msg string) bool {
	if containsAny(msg, "context length", "context_length", "context window", "context size", "prompt is too long", "too many tokens", "maximum context") {
		return true
	}
	return strings.Contains(msg, "too long") && (strings.Contains(msg, "prompt") || strings.Contains(msg, "token"))
}

func mentionsBilling(msg string) bool {
	return containsAny(msg, "quota", "billing", "credit balance", "spend limit", "insufficient credits", "payment")
}

func mentionsOverload(msg string) bool {
	return containsAny(msg, "overload", "capacity", "slow down", "too busy", "server is busy")
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// numberAfter reads the integer right after the first prefix in s; 0 if
// there is none.
func numberAfter(s, prefix string) int {
	_, rest, ok := strings.Cut(s, prefix)
	if !ok {
		return 0
	}
	end := 0
	for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	n, _ := strconv.Atoi(rest[:end])
	return n
}

// numberBefore reads the integer right before the first suffix in s; 0
// if there is none.
func numberBefore(s, suffix string) int {
	before, _, ok := strings.Cut(s, suffix)
	if !ok {
		return 0
	}
	start := len(before)
	for start > 0 && before[start-1] >= '0' && before[start-1] <= '9' {
		start--
	}
	n, _ := strconv.Atoi(before[start:])
	return n
}

func cmpOr(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// fail builds the *llm.Error of a call, with the API key scrubbed from
// both the message and the cause.
func (p *Provider) fail(kind llm.ErrorKind, status int, msg string, err error) *llm.Error {
	return &llm.Error{Kind: kind, Provider: p.Name(), Status: status, Message: p.key.Scrub(msg), Err: p.key.ScrubError(err)}
}

// compact is data as one line, for causes in logs.
func compact(data []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, data) != nil {
		return string(data)
	}
	return buf.String()
}
