// Package secret holds values, such as provider API keys, that must never
// reach a log, an error message, a JSON body or a file by accident.
//
// A [Secret] prints, marshals and logs as [Redacted] through every route
// the standard library offers (fmt with any verb, encoding/json,
// encoding.TextMarshaler, log/slog). The value itself comes out only
// through [Secret.Reveal], which code calls at the one place that needs it,
// such as building the header of a provider request.
//
// The value is kept behind a pointer to a string, so that fmt's
// reflection over a struct holding a Secret in an unexported field prints
// an address, not the text.
package secret
