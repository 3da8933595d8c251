package llm

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrorKind classifies a provider failure by what the engine and the user
// should do about it.
type ErrorKind string

// Error kinds.
const (
	ErrAuth           ErrorKind = "auth"             // bad or missing key: fix the configuration
	ErrPermission     ErrorKind = "permission"       // the key may not use this model or feature
	ErrBilling        ErrorKind = "billing"          // credit or spend limit
	ErrRateLimit      ErrorKind = "rate_limit"       // slow down and try again later
	ErrOverloaded     ErrorKind = "overloaded"       // the provider is busy: try again later
	ErrContextTooLong ErrorKind = "context_too_long" // the conversation no longer fits
	ErrBadRequest     ErrorKind = "bad_request"      // the provider refused the request as malformed
	ErrNotFound       ErrorKind = "not_found"        // unknown model or endpoint
	ErrUnavailable    ErrorKind = "unavailable"      // network failure or server error
	ErrStream         ErrorKind = "stream"           // the stream broke or carried garbage
	ErrTimeout        ErrorKind = "timeout"          // no answer, or a stalled stream
)

// Error is a classified provider failure. Message is written for the user
// and must not contain a secret; Err is the cause, for the operator's log.
type Error struct {
	Kind     ErrorKind
	Provider string
	Status   int // HTTP status, when there was one
	Message  string
	Err      error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Provider, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Provider, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) { return errors.AsType[*Error](err) }

// KindOfStatus classifies the HTTP error status of a model API; "" for a
// status below 400.
func KindOfStatus(status int) ErrorKind {
	switch {
	case status < 400:
		return ""
	case status == http.StatusUnauthorized:
		return ErrAuth
	case status == http.StatusPaymentRequired:
		return ErrBilling
	case status == http.StatusForbidden:
		return ErrPermission
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusRequestEntityTooLarge:
		return ErrContextTooLong
	case status == http.StatusTooManyRequests:
		return ErrRateLimit
	case status == 529: // Anthropic's "overloaded"
		return ErrOverloaded
	case status == http.StatusRequestTimeout, status == http.StatusConflict, status >= 500:
		return ErrUnavailable
	default:
		return ErrBadRequest
	}
}

// KindOfAnthropicType classifies an error type of the Anthropic Messages
// API ("authentication_error", "overloaded_error", …); "" for one it does
// not know. It lives here because two adapters meet that vocabulary: the
// SDK's and the Claude Code CLI's, which reports the API's types.
func KindOfAnthropicType(t string) ErrorKind {
	switch t {
	case "authentication_error":
		return ErrAuth
	case "permission_error":
		return ErrPermission
	case "billing_error":
		return ErrBilling
	case "rate_limit_error":
		return ErrRateLimit
	case "overloaded_error":
		return ErrOverloaded
	case "not_found_error":
		return ErrNotFound
	case "request_too_large":
		return ErrContextTooLong
	case "invalid_request_error":
		return ErrBadRequest
	case "api_error", "timeout_error":
		return ErrUnavailable
	}
	return ""
}
