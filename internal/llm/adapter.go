package llm

import (
	"strings"
	"unicode/utf8"
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
