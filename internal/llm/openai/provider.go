package openai

import (
	"cmp"
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/secret"
)

// DefaultBaseURL is OpenAI's API, used when Config.BaseURL is empty.
const DefaultBaseURL = "https://api.openai.com/v1"

// DefaultModel is the model used when Config.Model is empty: the
// mid-size model of the newest generation in openai-go v3.98.0's list of
// chat models (shared.ChatModelGPT6_1Terra). Other servers name their
// models themselves; pass Config.Model for them.
const DefaultModel = "gpt-6.1-terra"

// Defaults for the zero fields of Config.
const (
	DefaultMaxTokens    = 16384
	DefaultMaxRetries   = 2
	DefaultStallTimeout = 90 * time.Second
	// DefaultLocalStallTimeout replaces DefaultStallTimeout for a server
	// on the loopback interface: a local model may load for minutes and
	// read a long prompt on a CPU without sending a byte.
	DefaultLocalStallTimeout = 5 * time.Minute
)

// maxRetryWait is the longest wait a server may ask for between
// attempts; an answer asking for more is reported at once.
const maxRetryWait = time.Minute

// Config configures a Provider. Zero fields take the defaults.
type Config struct {
	// APIKey is sent as "Authorization: Bearer …". Local servers such as
	// Ollama need none; empty sends no Authorization header.
	APIKey secret.Secret
	// BaseURL is the API root that /chat/completions is appended to,
	// such as http://127.0.0.1:11434/v1. Empty means DefaultBaseURL. A
	// trailing slash or /chat/completions is dropped.
	BaseURL string
	Model   string
	// MaxTokens caps each reply unless the Request sets its own.
	MaxTokens int
	// MaxRetries is how often a failed attempt is retried; 0 means
	// DefaultMaxRetries and a negative value means never.
	MaxRetries int
	// StallTimeout is how long the server may stay silent (no byte, not
	// even a keep-alive comment) before the call is cancelled with
	// ErrTimeout. Zero means DefaultStallTimeout, or
	// DefaultLocalStallTimeout for a loopback server.
	StallTimeout time.Duration
	// HTTPClient replaces http.DefaultClient. It should have no overall
	// Timeout: a long reply can stream for minutes.
	HTTPClient *http.Client
}

// Provider talks to an OpenAI-compatible Chat Completions endpoint. It is
// safe for concurrent use.
type Provider struct {
	key       secret.Secret // to authenticate, and to scrub from errors
	baseURL   string
	model     string
	maxTokens int
	retries   int
	stall     time.Duration
	client    *http.Client
	who       string // how messages name the server: "OpenAI", "Ollama at …", "the server at …"
	ollama    bool   // the server looks like Ollama, for hints in messages
	local     bool   // the server is on the loopback interface

	mu     sync.Mutex
	quirks quirks // what the server was found to refuse
}

var _ llm.Provider = (*Provider)(nil)

// quirks are what a server refused, learnt from its 400s and kept for
// the Provider's later calls.
type quirks struct {
	noToolChoice    bool
	noStreamOptions bool
	noTools         bool   // the model cannot call tools: text mode
	maxField        string // "max_tokens" or "max_completion_tokens"
	maxCap          int    // the largest budget the server accepts; 0 for no cap
}

// New returns a Provider for cfg. It makes no request.
func New(cfg Config) *Provider {
	base := normalizeBaseURL(cmp.Or(cfg.BaseURL, DefaultBaseURL))
	p := &Provider{
		key:       cfg.APIKey,
		baseURL:   base,
		model:     cmp.Or(cfg.Model, DefaultModel),
		maxTokens: cmp.Or(cfg.MaxTokens, DefaultMaxTokens),
		retries:   max(cmp.Or(cfg.MaxRetries, DefaultMaxRetries), 0),
		client:    cmp.Or(cfg.HTTPClient, http.DefaultClient),
	}
	host, port := hostPort(base)
	p.local = isLoopback(host)
	p.ollama = port == "11434" || strings.Contains(host, "ollama")
	shown := displayURL(base)
	switch {
	case host == "api.openai.com":
		p.who = "OpenAI"
	case p.ollama:
		p.who = "Ollama at " + shown
	default:
		p.who = "the server at " + shown
	}
	p.stall = cfg.StallTimeout
	if p.stall <= 0 {
		p.stall = DefaultStallTimeout
		if p.local {
			p.stall = DefaultLocalStallTimeout
		}
	}
	p.quirks.maxField = "max_tokens"
	if host == "api.openai.com" {
		// OpenAI's reasoning models refuse max_tokens.
		p.quirks.maxField = "max_completion_tokens"
	}
	return p
}

// Name returns "openai".
func (p *Provider) Name() string { return "openai" }

// Model returns the model the Provider asks for.
func (p *Provider) Model() string { return p.model }

// BaseURL returns the API root the Provider posts to, without a trailing
// slash.
func (p *Provider) BaseURL() string { return p.baseURL }

// TextMode reports whether the Provider found that the model cannot call
// tools and now asks for files as fenced blocks instead.
func (p *Provider) TextMode() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.quirks.noTools
}

// Stream runs one round trip; see llm.Provider. onText may be nil.
func (p *Provider) Stream(ctx context.Context, req llm.Request, onText func(string)) (llm.Reply, error) {
	onText, flush := llm.ScrubText(p.key, onText)
	defer flush()
	q := p.loadQuirks()
	tried := map[string]bool{}
	for {
		textMode := q.noTools && len(req.Tools) > 0
		body, sent, err := p.body(req, q)
		if err != nil {
			return llm.Reply{}, p.fail(llm.ErrBadRequest, 0, "The request could not be built: "+err.Error(), err)
		}
		reply, err := p.roundTrip(ctx, body, textMode, req.Bounds, onText)
		if err == nil {
			return llm.ScrubReply(p.key, reply), nil
		}
		next, change, ok := p.adapt(q, sent, err)
		if !ok || tried[change] {
			return llm.Reply{}, err
		}
		tried[change] = true
		q = next
		p.storeQuirks(q)
	}
}

func (p *Provider) loadQuirks() quirks {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.quirks
}

func (p *Provider) storeQuirks(q quirks) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.quirks = q
}

// adapt decides whether a refused request can be sent again without what
// the server refused. It returns the quirks to use, a name for the
// change (each is tried once per call) and whether there is one.
func (p *Provider) adapt(q quirks, sent sentParams, err error) (quirks, string, bool) {
	var api *apiError
	if !errors.As(err, &api) || (api.Status != http.StatusBadRequest && api.Status != http.StatusUnprocessableEntity) {
		return q, "", false
	}
	msg := strings.ToLower(api.Message + " " + api.Param + " " + api.Code)
	switch {
	case sent.tools && toolsUnsupported(msg):
		q.noTools = true
		return q, "tools", true
	case sent.toolChoice && (strings.Contains(msg, "tool_choice") || strings.Contains(msg, "tool choice")):
		q.noToolChoice = true
		return q, "tool_choice", true
	case sent.streamOptions && (strings.Contains(msg, "stream_options") || strings.Contains(msg, "include_usage")):
		q.noStreamOptions = true
		return q, "stream_options", true
	}
	if n := budgetCap(msg, sent.maxTokens); n > 0 {
		q.maxCap = n
		return q, "max_cap", true
	}
	if strings.Contains(msg, sent.maxField) && (strings.Contains(msg, "unsupported") || strings.Contains(msg, "not supported") ||
		strings.Contains(msg, "unrecognized") || strings.Contains(msg, "unknown") || strings.Contains(msg, "extra") ||
		strings.Contains(msg, "instead")) {
		if q.maxField == "max_tokens" {
			q.maxField = "max_completion_tokens"
		} else {
			q.maxField = "max_tokens"
		}
		return q, "max_field", true
	}
	return q, "", false
}

// toolsUnsupported recognises a server's answer that the model or the
// server cannot take tools.
func toolsUnsupported(msg string) bool {
	for _, s := range []string{
		"does not support tools",            // Ollama
		"enable-auto-tool-choice",           // vLLM started without tool parsing
		"requires --jinja",                  // llama.cpp without a tool template
		"tools are not supported",           // various
		"tool use is not supported",         // various
		"tool calling is not supported",     // various
		"function calling is not supported", // various
		"does not support function calling", // various
		"does not support tool",             // various
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// budgetCap reads the largest output budget a server that refused
// asked for: OpenAI's "max_tokens is too large: 32000. This model
// supports at most 16384 completion tokens", or vLLM's "maximum context
// length is 8192 tokens. However, you requested 40000 tokens (8000 in
// the messages, 32000 in the completion)". It returns 0 when msg is
// neither or the cap leaves too little room for a reply.
func budgetCap(msg string, asked int) int {
	if n := numberAfter(msg, "at most "); n > 0 && n < asked && strings.Contains(msg, "too large") {
		return n
	}
	limit := numberAfter(msg, "maximum context length is ")
	used := numberBefore(msg, " in the messages")
	if limit > 0 && used > 0 {
		if n := limit - used; n >= 1024 && n < asked {
			return n
		}
	}
	return 0
}

// normalizeBaseURL drops a trailing slash and a /chat/completions that a
// user copied from the documentation.
func normalizeBaseURL(base string) string {
	base = strings.TrimSpace(base)
	base = strings.TrimRight(base, "/")
	base = strings.TrimSuffix(base, "/chat/completions")
	return strings.TrimRight(base, "/")
}

func hostPort(base string) (host, port string) {
	u, err := url.Parse(base)
	if err != nil {
		return "", ""
	}
	return strings.ToLower(u.Hostname()), u.Port()
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// displayURL is base without user information, query or fragment, which
// may hold secrets, for messages.
func displayURL(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return "the configured base URL"
	}
	u.User = nil
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
	return u.String()
}
