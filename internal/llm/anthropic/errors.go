package anthropic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/anthropics/anthropic-sdk-go"

	"github.com/specwright/specwright/internal/llm"
)

// classify turns what ended a call into the error Stream returns: the
// caller's own context error, ErrTimeout for a stall, or the *llm.Error of
// an API error, a broken stream or an unreachable server.
func (p *Provider) classify(ctx, sctx context.Context, last attempt, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(context.Cause(sctx), errStalled) {
		msg := fmt.Sprintf("Anthropic sent nothing for %s, so the request was cancelled. Try again; if it keeps happening, check the network.", p.stall)
		return p.fail(llm.ErrTimeout, last.status, msg, withRequestID(last, errStalled))
	}
	if apiErr, ok := errors.AsType[*anthropic.Error](err); ok {
		return p.apiError(apiErr)
	}
	if last.status >= 200 && last.status < 300 {
		return p.streamError(last, fmt.Errorf("read the event stream: %w", err))
	}
	if last.status != 0 {
		// An error status whose body could not be read.
		return p.fail(llm.ErrUnavailable, last.status,
			fmt.Sprintf("Anthropic's API answered %d and the connection broke. Try again later.", last.status),
			withRequestID(last, err))
	}
	return p.fail(llm.ErrUnavailable, 0,
		"Could not reach the Anthropic API. Check the network connection and the base URL.", err)
}

// streamError reports a stream that was cut off or carried garbage.
func (p *Provider) streamError(last attempt, err error) error {
	return p.fail(llm.ErrStream, last.status,
		"The reply from Anthropic broke off or could not be read. Try again.", withRequestID(last, err))
}

// apiError classifies an error the API reported, as an HTTP status or as
// an "event: error" in a stream that had started with 200.
func (p *Provider) apiError(e *anthropic.Error) error {
	var body struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	_ = json.Unmarshal([]byte(e.RawJSON()), &body)
	kind, msg := describe(e.StatusCode, string(e.Type()), p.key.Scrub(body.Error.Message), p.model)
	return p.fail(kind, e.StatusCode, msg, e)
}

// describe picks the kind of an API error, by its type first, since an
// in-stream error arrives with status 200, and writes what the user reads.
func describe(status int, errType, apiMsg, model string) (llm.ErrorKind, string) {
	ref := errType // how the message names the error: its HTTP status when there is one
	if status >= 400 {
		ref = fmt.Sprint(status)
	}
	apiMsg = llm.Shorten(apiMsg, 300)
	kind := llm.KindOfAnthropicType(errType)
	if kind == "" {
		kind = kindOfStatus(status)
	}
	if kind == llm.ErrBadRequest {
		switch {
		case mentionsTooLong(apiMsg):
			kind = llm.ErrContextTooLong
		case mentionsBilling(apiMsg):
			kind = llm.ErrBilling
		}
	}

	switch kind {
	case llm.ErrAuth:
		return kind, fmt.Sprintf("Anthropic rejected the API key (%s). Check ANTHROPIC_API_KEY.", ref)
	case llm.ErrPermission:
		return kind, fmt.Sprintf("This API key may not use model %q or this feature (%s). Check the key's access in the Anthropic Console.", model, ref)
	case llm.ErrBilling:
		return kind, fmt.Sprintf("Anthropic refused the request for billing reasons (%s): %s Add credit or raise the spend limit in the Anthropic Console.", ref, llm.Sentence(apiMsg))
	case llm.ErrRateLimit:
		return kind, fmt.Sprintf("Anthropic's rate limit for this API key was reached (%s) and retrying did not help. Wait a minute, then try again.", ref)
	case llm.ErrOverloaded:
		return kind, fmt.Sprintf("Anthropic's API is overloaded (%s). Try again in a few minutes.", ref)
	case llm.ErrContextTooLong:
		return kind, fmt.Sprintf("The conversation is too long for model %q (%s): %s Start a new session, or leave out large files and images.", model, ref, llm.Sentence(apiMsg))
	case llm.ErrNotFound:
		return kind, fmt.Sprintf("Anthropic has no model %q, or the base URL is wrong (%s). Check the model name.", model, ref)
	case llm.ErrUnavailable:
		return kind, fmt.Sprintf("Anthropic's API failed (%s) and retrying did not help. Try again later.", ref)
	case llm.ErrStream:
		return kind, fmt.Sprintf("The reply from Anthropic broke off with an error (%s): %s Try again.", ref, llm.Sentence(apiMsg))
	default:
		return llm.ErrBadRequest, fmt.Sprintf("Anthropic rejected the request (%s): %s", ref, llm.Sentence(apiMsg))
	}
}

func kindOfStatus(status int) llm.ErrorKind {
	if k := llm.KindOfStatus(status); k != "" {
		return k
	}
	return llm.ErrStream // an unknown error inside a 200 stream
}

// mentionsTooLong recognises the 400s the API sends when the prompt does
// not fit, such as "prompt is too long: 215000 tokens > 200000 maximum"
// and "input length and `max_tokens` exceed context limit: …".
func mentionsTooLong(msg string) bool {
	m := strings.ToLower(msg)
	for _, s := range []string{"prompt is too long", "context limit", "context window", "context length"} {
		if strings.Contains(m, s) {
			return true
		}
	}
	return strings.Contains(m, "too long") && (strings.Contains(m, "prompt") || strings.Contains(m, "token"))
}

// mentionsBilling recognises the 400s the API sends for an empty credit
// balance or a reached spend limit.
func mentionsBilling(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "credit balance") || strings.Contains(m, "spend limit") || strings.Contains(m, "usage limit")
}

// fail builds the *llm.Error of a call, with the API key scrubbed from
// both the message and the cause.
func (p *Provider) fail(kind llm.ErrorKind, status int, msg string, err error) *llm.Error {
	return &llm.Error{Kind: kind, Provider: p.Name(), Status: status, Message: p.key.Scrub(msg), Err: p.key.ScrubError(err)}
}

// withRequestID adds the request id of the last attempt, for the logs.
func withRequestID(last attempt, err error) error {
	if last.requestID == "" {
		return err
	}
	return fmt.Errorf("request-id %s: %w", last.requestID, err)
}
