package llm

import (
	"errors"
	"fmt"
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
