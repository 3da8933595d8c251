package chat

import (
	"errors"
	"fmt"
)

// Code classifies an Error for callers: the HTTP layer maps each code to a
// status in one place.
type Code string

// Error codes.
const (
	CodeInvalid  Code = "invalid"   // the request is malformed or not allowed
	CodeNotFound Code = "not_found" // what was asked for does not exist
	CodeConflict Code = "conflict"  // the request clashes with the current state
	CodeLimit    Code = "limit"     // a configured limit was reached
	CodeStorage  Code = "storage"   // the server cannot store its data now (disk full, read-only, locked)
	CodeInternal Code = "internal"  // something broke on our side
)

// Error is an error whose Message is safe to show a user: it carries no
// server path, secret or stack. Err, if set, is the cause for the logs.
type Error struct {
	Code    Code
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a formatted user-facing message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the Code of the first *Error in err's chain, or
// CodeInternal.
func ErrorCode(err error) Code {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns the user-facing message of err: the message of the
// first *Error in its chain, or a generic text that reveals nothing.
func ErrorMessage(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Message
	}
	return "Internal error"
}
