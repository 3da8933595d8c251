package openai

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/specwright/specwright/internal/llm"
)

// errStalled is the cause a watchdog cancels the call with.
var errStalled = errors.New("no data from the server within the stall timeout")

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 64 << 10

// roundTrip posts body, retrying what may be retried, and reads the
// stream into a reply. In text mode the file blocks of the text become
// Write calls.
func (p *Provider) roundTrip(ctx context.Context, body []byte, textMode bool, bounds llm.Bounds, onText func(string)) (llm.Reply, error) {
	sctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	w := llm.NewWatchdog(p.stall, func() { cancel(errStalled) })
	defer w.Disarm()

	res, err := p.post(ctx, sctx, body, w)
	if err != nil {
		return llm.Reply{}, err
	}
	defer res.Body.Close()

	var files *fileFilter
	acc := &accumulator{onText: onText, bounds: bounds}
	if textMode {
		files = &fileFilter{out: onText}
		acc.onText = files.write
		// The text carries the files too: it is bound as a tool input is.
		acc.bounds.Text = max(bounds.Text, bounds.ToolInput)
	}
	sse := newSSEReader(&watchedBody{r: res.Body, w: w})
	// Keep-alive comments are not progress: a second watchdog, armed
	// while next waits (it skips comments), gives each event a fresh
	// stall period.
	progress := llm.NewWatchdog(p.stall, func() { cancel(errStalled) })
	defer progress.Disarm()
	for !acc.done {
		progress.Arm()
		name, data, err := sse.next()
		progress.Disarm()
		if err != nil {
			if errors.Is(err, io.EOF) && acc.complete() {
				break // no [DONE], but the choice had finished
			}
			return llm.Reply{}, p.streamFailure(ctx, sctx, res, acc, err)
		}
		if err := acc.add(name, data); err != nil {
			return llm.Reply{}, p.streamFailure(ctx, sctx, res, acc, err)
		}
	}
	reply := acc.reply()
	if files != nil {
		files.flush()
		reply = files.reply(reply)
	}
	return reply, nil
}

// post sends the request until it gets a 2xx response or an error not
// worth retrying. ctx is the caller's; sctx is cancelled by the watchdog.
func (p *Provider) post(ctx, sctx context.Context, body []byte, w *llm.Watchdog) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(sctx, http.MethodPost, p.baseURL+"/chat/completions", bytes.NewReader(body))
		if err != nil {
			return nil, p.fail(llm.ErrBadRequest, 0, "The base URL "+displayURL(p.baseURL)+" is not valid. Check OPENAI_BASE_URL.", err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "text/event-stream")
		req.Header.Set("User-Agent", "specwright")
		if p.key.IsSet() {
			req.Header.Set("Authorization", "Bearer "+p.key.Reveal())
		}

		w.Arm()
		res, err := p.client.Do(req)
		w.Disarm()
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if errors.Is(context.Cause(sctx), errStalled) {
				return nil, p.stalled(0, err)
			}
			if attempt < p.retries && retryableNetError(err) {
				if !sleep(ctx, backoff(attempt)) {
					return nil, ctx.Err()
				}
				continue
			}
			return nil, p.connError(err)
		}
		if res.StatusCode >= 200 && res.StatusCode < 300 {
			return res, nil
		}

		data, readErr := io.ReadAll(io.LimitReader(&watchedBody{r: res.Body, w: w}, maxErrorBody))
		res.Body.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if readErr != nil && errors.Is(context.Cause(sctx), errStalled) {
			return nil, p.stalled(res.StatusCode, readErr)
		}
		api := parseErrorBody(res.StatusCode, res.Header, data)
		if attempt < p.retries && shouldRetry(res, api) {
			if d, ok := retryDelay(res.Header, attempt); ok {
				if !sleep(ctx, d) {
					return nil, ctx.Err()
				}
				continue
			}
		}
		return nil, p.statusError(api)
	}
}

// streamFailure classifies what ended a stream early: the caller's
// cancellation, a stall, an error chunk, a chunk that is not JSON, or a
// stream cut short.
func (p *Provider) streamFailure(ctx, sctx context.Context, res *http.Response, acc *accumulator, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(context.Cause(sctx), errStalled) {
		return p.stalled(res.StatusCode, err)
	}
	var api *apiError
	if errors.As(err, &api) {
		api.RequestID = requestID(res.Header)
		return p.inStreamError(api)
	}
	cause := withRequestID(res.Header, err)
	if errors.Is(err, errMalformed) {
		return p.fail(llm.ErrStream, res.StatusCode,
			fmt.Sprintf("The reply from %s could not be read: it sent a chunk that is not valid JSON. Try again.", p.who), cause)
	}
	what := "before it was complete"
	if acc.text.Len() == 0 && len(acc.calls) == 0 {
		what = "before it sent anything"
	}
	return p.fail(llm.ErrStream, res.StatusCode,
		fmt.Sprintf("The reply from %s broke off %s. Try again.", p.who, what), fmt.Errorf("read the event stream: %w", cause))
}

func (p *Provider) stalled(status int, err error) error {
	msg := fmt.Sprintf("%s sent nothing for %s, so the request was cancelled. Try again; if it keeps happening, check the network.", capitalize(p.who), p.stall)
	if p.local {
		msg = fmt.Sprintf("%s sent nothing for %s, so the request was cancelled. A local model may need longer to load or to read a long prompt; check that the server is working, then try again.", capitalize(p.who), p.stall)
	}
	return p.fail(llm.ErrTimeout, status, msg, fmt.Errorf("%w: %v", errStalled, err))
}

// shouldRetry follows the server's x-should-retry, then the status: 408,
// 409, 429 (unless the quota is spent) and 5xx.
func shouldRetry(res *http.Response, api *apiError) bool {
	switch res.Header.Get("x-should-retry") {
	case "true":
		return true
	case "false":
		return false
	}
	if api.Code == "insufficient_quota" || api.Type == "insufficient_quota" {
		return false
	}
	s := res.StatusCode
	return s == http.StatusRequestTimeout || s == http.StatusConflict || s == http.StatusTooManyRequests || s >= 500
}

// retryDelay is the wait before the next attempt: the server's
// retry-after-ms or Retry-After when it gives one, else exponential
// backoff. ok is false when the server asks for longer than maxRetryWait.
func retryDelay(h http.Header, attempt int) (time.Duration, bool) {
	if v := h.Get("retry-after-ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			d := time.Duration(ms * float64(time.Millisecond))
			return d, d <= maxRetryWait
		}
	}
	if v := h.Get("Retry-After"); v != "" {
		if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
			d := time.Duration(s * float64(time.Second))
			return d, d <= maxRetryWait
		}
		if t, err := http.ParseTime(v); err == nil {
			d := max(time.Until(t), 0)
			return d, d <= maxRetryWait
		}
	}
	return backoff(attempt), true
}

// backoff is 0.5 s doubled per attempt, at most 8 s, less up to a quarter
// for jitter.
func backoff(attempt int) time.Duration {
	d := min(500*time.Millisecond<<attempt, 8*time.Second)
	return d - time.Duration(rand.Int64N(int64(d/4)+1))
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

type watchedBody struct {
	r io.Reader
	w *llm.Watchdog
}

func (b *watchedBody) Read(p []byte) (int, error) {
	b.w.Arm()
	defer b.w.Disarm()
	return b.r.Read(p)
}

func requestID(h http.Header) string {
	for _, k := range []string{"x-request-id", "request-id", "openai-request-id"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

func withRequestID(h http.Header, err error) error {
	if id := requestID(h); id != "" {
		return fmt.Errorf("request-id %s: %w", id, err)
	}
	return err
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
