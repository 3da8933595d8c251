package secret

import (
	"fmt"
	"log/slog"
	"strconv"
)

// Redacted is what a Secret shows instead of its value.
const Redacted = "[redacted]"

// Secret is a string that redacts itself. The zero Secret is empty.
// Secrets are compared with [Secret.Equal], not ==.
type Secret struct {
	// v points to the value: fmt, reaching it through reflection (an
	// unexported field of a struct it prints, or a bad verb), prints a
	// pointer to a string as an address, never the string.
	v *string
}

// New wraps s.
func New(s string) Secret {
	if s == "" {
		return Secret{}
	}
	return Secret{v: &s}
}

// Reveal returns the value. Call it only where the value must leave the
// process, never to log or show it.
func (s Secret) Reveal() string {
	if s.v == nil {
		return ""
	}
	return *s.v
}

// IsSet reports whether the Secret holds a non-empty value.
func (s Secret) IsSet() bool { return s.Reveal() != "" }

// Equal reports whether s and t hold the same value.
func (s Secret) Equal(t Secret) bool { return s.Reveal() == t.Reveal() }

// String returns [Redacted].
func (Secret) String() string { return Redacted }

// GoString returns a Go expression that shows no value, for %#v.
func (Secret) GoString() string { return "secret.Secret(" + strconv.Quote(Redacted) + ")" }

// Format prints [Redacted] for every verb and flag: %#v prints GoString,
// %q a quoted [Redacted], any other verb [Redacted] with the width,
// precision and flags applied.
func (s Secret) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		fmt.Fprint(f, s.GoString())
	case verb == 'q':
		fmt.Fprintf(f, fmt.FormatString(f, 'q'), Redacted)
	default:
		fmt.Fprintf(f, fmt.FormatString(f, 's'), Redacted)
	}
}

// MarshalJSON returns the JSON string [Redacted].
func (Secret) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(Redacted)), nil }

// MarshalText returns [Redacted].
func (Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// UnmarshalText sets the value, so that a Secret can be read from a
// configuration file (a JSON string decodes through it).
func (s *Secret) UnmarshalText(text []byte) error {
	*s = New(string(text))
	return nil
}

// LogValue returns [Redacted] for log/slog.
func (Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

var (
	_ fmt.Stringer   = Secret{}
	_ fmt.GoStringer = Secret{}
	_ fmt.Formatter  = Secret{}
	_ slog.LogValuer = Secret{}
)

// Scrub returns text with every occurrence of the secret replaced by
// [redacted]: for messages built from what a server sent back, which a
// misbehaving server or proxy may have filled with the key, and for what
// a model writes. It finds the secret in every encoding a reader could
// decode back to it (see [Secret.Scrubber]).
func (s Secret) Scrub(text string) string {
	if !s.IsSet() {
		return text
	}
	out, _ := scan(s.Reveal(), text, true)
	return out
}

// ScrubError wraps err so that its text never shows the secret; errors.Is
// and errors.As still see the original.
func (s Secret) ScrubError(err error) error {
	if err == nil || !s.IsSet() {
		return err
	}
	return scrubbed{err: err, secret: s}
}

type scrubbed struct {
	err    error
	secret Secret
}

func (e scrubbed) Error() string { return e.secret.Scrub(e.err.Error()) }
func (e scrubbed) Unwrap() error { return e.err }
