package anthropic

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
	"github.com/anthropics/anthropic-sdk-go/option"

	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/memo"
	"github.com/specwright/specwright/internal/secret"
)

// DefaultModel is the model used when Config.Model is empty: the current
// Sonnet in SDK v1.84.0 (anthropic.ModelClaudeSonnet5_5), which lists
// claude-sonnet-4-5 as retiring on 2026-11-30 in its favour.
const DefaultModel = "claude-sonnet-5-5"

// Defaults for the zero fields of Config.
const (
	DefaultMaxTokens    = 16384
	DefaultMaxRetries   = 2
	DefaultStallTimeout = 90 * time.Second
)

// Config configures a Provider. Zero fields take the defaults.
type Config struct {
	APIKey secret.Secret
	// BaseURL replaces https://api.anthropic.com, for a proxy or a fake.
	BaseURL string
	Model   string
	// MaxTokens caps each reply unless the Request sets its own.
	MaxTokens int
	// MaxRetries is how often the SDK retries a failed attempt; 0 means
	// DefaultMaxRetries and a negative value means never.
	MaxRetries int
	// StallTimeout is how long the stream may go without an event before
	// the call is cancelled with ErrTimeout: pings keep the connection
	// open but are not progress.
	StallTimeout time.Duration
	// HTTPClient replaces http.DefaultClient. It should have no overall
	// Timeout: a long reply can stream for minutes.
	HTTPClient *http.Client
}

// Provider talks to the Anthropic Messages API. It is safe for concurrent
// use.
type Provider struct {
	client    anthropic.Client
	key       secret.Secret // to authenticate, and to scrub from errors
	model     string
	maxTokens int
	stall     time.Duration
	// The encoded parts every request repeats (request.go).
	tools   *memo.Cache[string, json.RawMessage]
	systems *memo.Cache[string, []byte]
}

var _ llm.Provider = (*Provider)(nil)

// New returns a Provider for cfg. It makes no request.
func New(cfg Config) *Provider {
	p := &Provider{
		key:       cfg.APIKey,
		model:     cmp.Or(cfg.Model, DefaultModel),
		maxTokens: cmp.Or(cfg.MaxTokens, DefaultMaxTokens),
		stall:     cmp.Or(cfg.StallTimeout, DefaultStallTimeout),
		tools:     &memo.Cache[string, json.RawMessage]{Max: maxToolLists},
		systems:   &memo.Cache[string, []byte]{Max: maxSystems},
	}
	retries := cmp.Or(cfg.MaxRetries, DefaultMaxRetries)
	opts := []option.RequestOption{
		// Nothing from the environment: no ANTHROPIC_* key, base URL,
		// profile or custom headers may override what the caller passed.
		option.WithoutEnvironmentDefaults(),
		option.WithoutOpenTelemetry(),
		option.WithMaxRetries(max(retries, 0)),
	}
	if cfg.APIKey.IsSet() {
		opts = append(opts, option.WithAPIKey(cfg.APIKey.Reveal()))
	}
	if cfg.BaseURL != "" {
		opts = append(opts, option.WithBaseURL(cfg.BaseURL))
	}
	if cfg.HTTPClient != nil {
		opts = append(opts, option.WithHTTPClient(cfg.HTTPClient))
	}
	p.client = anthropic.NewClient(opts...)
	return p
}

// Name returns "anthropic".
func (p *Provider) Name() string { return "anthropic" }

// Model returns the model the Provider asks for.
func (p *Provider) Model() string { return p.model }

// Stream runs one round trip; see llm.Provider. onText may be nil.
func (p *Provider) Stream(ctx context.Context, req llm.Request, onText func(string)) (llm.Reply, error) {
	body, err := p.body(req)
	if err != nil {
		return llm.Reply{}, p.fail(llm.ErrBadRequest, 0, "The request could not be built: "+err.Error(), err)
	}

	onText, flush := llm.ScrubText(p.key, onText)
	defer flush()
	sctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	w := llm.NewWatchdog(p.stall, func() { cancel(errStalled) })
	defer w.Stop()
	var last attempt
	// The SDK sends the request: auth, retries, and an *anthropic.Error
	// for an error status. The event stream is read here (sse.go) into a
	// small struct (stream.go): the SDK's reader and union type reflected
	// over every event and were half the CPU of a streamed chunk.
	var raw *http.Response
	err = p.client.Post(sctx, "v1/messages", nil, &raw,
		option.WithRequestBody("application/json", body), option.WithMiddleware(watched(w, &last)))
	if raw != nil && raw.Body != nil {
		defer raw.Body.Close()
	}
	// Pings are not progress: a second watchdog, restarted by each event
	// (never a ping), gives each event a fresh stall period.
	progress := llm.NewWatchdog(p.stall, func() { cancel(errStalled) })
	defer progress.Stop()
	acc := accumulator{bounds: req.Bounds}
	if err == nil {
		err = p.read(raw, &acc, progress, onText)
	}
	// A reply whose message_stop arrived is whole, whatever broke after it.
	if acc.complete {
		reply, err := acc.reply()
		if err != nil {
			return llm.Reply{}, p.streamError(last, err)
		}
		return llm.ScrubReply(p.key, reply), nil
	}
	if errors.Is(err, errBadEvent) {
		return llm.Reply{}, p.streamError(last, err)
	}
	if err == nil {
		err = errors.New("the stream ended before message_stop")
	}
	return llm.Reply{}, p.classify(ctx, sctx, last, err)
}

// errBadEvent marks an event the accumulator could not take.
var errBadEvent = errors.New("bad event")

// read folds the events of the response into acc until the end of the
// body. Pings and unnamed events are skipped; an "event:
// error" ends the stream with the API error it carries.
func (p *Provider) read(res *http.Response, acc *accumulator, progress *llm.Watchdog, onText func(string)) error {
	sr := newSSEReader(res.Body)
	var ev event
	progress.Arm()
	for {
		name, data, err := sr.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch string(name) {
		case "ping", "":
			continue
		case "error":
			return inStreamError(res, data)
		}
		if len(bytes.TrimSuffix(data, []byte("\n"))) == 0 {
			continue
		}
		progress.Disarm() // what the caller does with the event is not a stall
		if err := decodeEvent(data, &ev); err != nil {
			return err
		}
		if err := acc.add(&ev, onText); err != nil {
			return fmt.Errorf("%w: %w", errBadEvent, err)
		}
		progress.Arm()
		// Read on after message_stop, to the end of the body, so that the
		// connection goes back to the pool.
	}
}
