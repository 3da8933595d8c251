package claudecli

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/specwright/specwright/internal/llm"
)

// resultError turns a result line into the error of the turn, nil for a
// success. apiError is the kind of failure the CLI's synthetic error
// message named ("authentication_failed", "rate_limit", …), if any.
//
// Claude Code marks a failed API call with is_error on a result whose
// subtype may still be "success", and gives api_error_status and
// api_error_type when an HTTP error caused it; a login that is missing
// has neither, only the synthetic message's kind. Limits of its own come
// as error subtypes.
func (a *Agent) resultError(r *resultLine, apiError string) error {
	if !r.IsError && (r.Subtype == "" || r.Subtype == "success") {
		return nil
	}
	status := 0
	if r.APIErrorStatus != nil {
		status = *r.APIErrorStatus
	}
	said := strings.TrimSpace(llm.Shorten(a.scrub(r.Result), 300))
	ref := said // how the message cites the failure: status and the CLI's words
	if status != 0 {
		ref = fmt.Sprint(status)
		if said != "" {
			ref += ": " + said
		}
	}
	if ref == "" {
		ref = firstNonEmpty(apiError, r.Subtype, "no reason given")
	}
	cause := fmt.Errorf("result subtype %q, terminal reason %q, api error %q %q: %s",
		r.Subtype, r.TerminalReason, r.APIErrorType, apiError, a.scrub(strings.Join(r.Errors, "; ")))

	kind := llm.KindOfAnthropicType(r.APIErrorType)
	if kind == "" && status >= 400 {
		kind = llm.KindOfStatus(status)
	}
	if kind == "" {
		kind = kindOfAPIError(apiError)
	}
	if kind == llm.ErrBadRequest && mentionsTooLong(said) {
		kind = llm.ErrContextTooLong
	}
	// A stream that went quiet or broke is reported in the CLI's words
	// only; name it as the other providers do.
	switch low := strings.ToLower(said); {
	case status == 0 && strings.Contains(low, "idle timeout"):
		kind = llm.ErrTimeout
	case status == 0 && (strings.Contains(low, "connection to the api was lost") || strings.Contains(low, "econnreset") || strings.Contains(low, "streamtruncated")):
		kind = llm.ErrStream
	}
	model := a.Model()

	switch kind {
	case llm.ErrAuth:
		if status == http.StatusUnauthorized && a.usesKey() {
			return a.fail(kind, status, fmt.Sprintf("Claude rejected the API key given to Claude Code (%s). Check the key named in SPECWRIGHT_CLAUDE_ENV, or leave it out to use the Claude subscription.", ref), cause)
		}
		login := "Log in by running `claude` and typing /login"
		if a.cfg.ConfigDir != "" {
			login = fmt.Sprintf("Log in by running `CLAUDE_CONFIG_DIR=%s claude` and typing /login", a.cfg.ConfigDir)
		}
		return a.fail(kind, status, fmt.Sprintf("Claude Code could not sign in to Claude (%s). %s, or check that the Claude subscription is active.", ref, login), cause)
	case llm.ErrPermission:
		return a.fail(kind, status, fmt.Sprintf("Claude refused this account access to model %q or to this feature (%s). Check the account and its subscription.", model, ref), cause)
	case llm.ErrBilling:
		return a.fail(kind, status, fmt.Sprintf("Claude refused the request for billing reasons (%s). Check the subscription or the account's credit.", ref), cause)
	case llm.ErrRateLimit:
		return a.fail(kind, status, fmt.Sprintf("Claude's rate limit or usage limit was reached (%s). Wait until it resets, then try again.", ref), cause)
	case llm.ErrOverloaded:
		return a.fail(kind, status, fmt.Sprintf("Claude is overloaded (%s). Try again in a few minutes.", ref), cause)
	case llm.ErrContextTooLong:
		return a.fail(kind, status, fmt.Sprintf("The conversation is too long for the model (%s). Start a new session, or leave out large files and images.", ref), cause)
	case llm.ErrNotFound:
		return a.fail(kind, status, fmt.Sprintf("Claude has no model %q, or the base URL is wrong (%s). Check the model name.", model, ref), cause)
	case llm.ErrBadRequest:
		return a.fail(kind, status, fmt.Sprintf("Claude rejected the request (%s).", ref), cause)
	case llm.ErrUnavailable:
		return a.fail(kind, status, fmt.Sprintf("Claude's API failed (%s) and retrying did not help. Try again later.", ref), cause)
	case llm.ErrTimeout:
		return a.fail(kind, status, fmt.Sprintf("Claude sent nothing for too long and the reply was stopped (%s). Try again.", ref), cause)
	case llm.ErrStream:
		return a.fail(kind, status, fmt.Sprintf("The connection to Claude broke off in the middle of the reply (%s). Try again.", ref), cause)
	}

	switch r.Subtype {
	case "error_max_turns":
		return a.fail(llm.ErrUnavailable, 0, fmt.Sprintf("Claude Code stopped after %d steps, the most it may take for one message. Send a message to let it go on.", r.NumTurns), cause)
	case "error_max_budget_usd":
		return a.fail(llm.ErrBilling, 0, "Claude Code reached its spending limit for this session.", cause)
	}
	msg := "Claude Code stopped with an error during this turn"
	if said != "" {
		msg += " (" + said + ")"
	}
	return a.fail(llm.ErrUnavailable, status, msg+". Try again.", cause)
}

// kindOfAPIError maps the kinds of failure Claude Code names in its
// synthetic error messages (the "error" field of an assistant line).
func kindOfAPIError(e string) llm.ErrorKind {
	switch e {
	case "authentication_failed", "cloud_credential_error", "verification_required":
		return llm.ErrAuth
	case "oauth_org_not_allowed", "account_on_hold":
		return llm.ErrPermission
	case "billing_error":
		return llm.ErrBilling
	case "rate_limit":
		return llm.ErrRateLimit
	case "overloaded":
		return llm.ErrOverloaded
	case "invalid_request":
		return llm.ErrBadRequest
	case "model_not_found":
		return llm.ErrNotFound
	case "server_error":
		return llm.ErrUnavailable
	}
	return ""
}

// mentionsTooLong recognises the API's complaints about a prompt that
// does not fit.
func mentionsTooLong(msg string) bool {
	m := strings.ToLower(msg)
	for _, s := range []string{"prompt is too long", "context limit", "context window", "context length"} {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

// fail builds an *llm.Error with the secrets of Env scrubbed from its
// message and cause.
func (a *Agent) fail(kind llm.ErrorKind, status int, msg string, err error) *llm.Error {
	if err != nil && len(a.secrets) > 0 {
		err = scrubbed{err: err, a: a}
	}
	return &llm.Error{Kind: kind, Provider: Name, Status: status, Message: a.scrub(msg), Err: err}
}

// scrubbed hides the secrets of Env from an error's text.
type scrubbed struct {
	err error
	a   *Agent
}

func (s scrubbed) Error() string { return s.a.scrub(s.err.Error()) }
func (s scrubbed) Unwrap() error { return s.err }

// isKind reports whether err is an *llm.Error of kind k.
func isKind(err error, k llm.ErrorKind) bool {
	e, ok := llm.AsError(err)
	return ok && e.Kind == k
}

// usesKey reports whether the child was given an API key or token, in
// which case a sign-in failure is about that key, not the subscription.
func (a *Agent) usesKey() bool {
	for _, kv := range a.cfg.Env {
		if strings.HasPrefix(kv, "ANTHROPIC_API_KEY=") || strings.HasPrefix(kv, "ANTHROPIC_AUTH_TOKEN=") {
			return len(kv) > strings.IndexByte(kv, '=')+1
		}
	}
	return false
}
