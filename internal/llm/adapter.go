package llm

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/specwright/specwright/internal/secret"
)

// Helpers the adapters share: they may not import each other.

// Shorten cuts s to at most n bytes, at a rune boundary, marking the cut.
// Adapters use it on what a server sent back before quoting it.
func Shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// Sentence returns s ending like a sentence (a full stop is added when
// it ends with none of . … ! ?), or "no reason given." when s is blank.
func Sentence(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "no reason given."
	case strings.HasSuffix(s, ".") || strings.HasSuffix(s, "…") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?"):
		return s
	default:
		return s + "."
	}
}

// Watchdog calls fire when it has been armed for d without being
// disarmed. An adapter arms it while a call waits on the server (for the
// response headers, or inside a body Read) and disarms it when bytes
// arrive, so that neither retry delays nor a slow consumer count as a
// stalled stream, and every byte counts as life. Keep-alives (Anthropic's
// pings, SSE comments) are bytes but not progress, so each adapter also
// arms a second watchdog while it waits for the next event.
type Watchdog struct {
	d time.Duration
	t *time.Timer
}

// NewWatchdog returns a disarmed watchdog.
func NewWatchdog(d time.Duration, fire func()) *Watchdog {
	t := time.AfterFunc(d, fire)
	t.Stop()
	return &Watchdog{d: d, t: t}
}

// Arm starts (or restarts) the countdown.
func (w *Watchdog) Arm() { w.t.Reset(w.d) }

// Disarm stops the countdown; Arm starts it afresh.
func (w *Watchdog) Disarm() { w.t.Stop() }

// ScrubText returns onText wrapped so that key, in any encoding
// secret.Scrub finds, never reaches it, even split across deltas; flush
// hands on what it held back and must run before the round trip returns.
// A model can be led to write the key (a prompt injection that asks for
// it): it must not be streamed or stored. onText may be nil.
func ScrubText(key secret.Secret, onText func(string)) (wrapped func(string), flush func()) {
	if onText == nil || !key.IsSet() {
		return onText, func() {}
	}
	z := key.Scrubber(onText)
	return z.Write, z.Flush
}

// ScrubReply redacts key from the text and tool inputs of r. A redacted
// tool input stays valid JSON: what is replaced lies inside a string.
func ScrubReply(key secret.Secret, r Reply) Reply {
	if !key.IsSet() {
		return r
	}
	for i, b := range r.Content {
		b.Text = key.Scrub(b.Text)
		if len(b.Input) > 0 {
			if in := key.Scrub(string(b.Input)); in != string(b.Input) {
				b.Input = json.RawMessage(in)
			}
		}
		r.Content[i] = b
	}
	return r
}
