package secret

import (
	"encoding/base64"
	"strings"
)

// The encodings a secret is found in: each character literally, as a
// JSON \\uXXXX escape (behind any number of backslashes, as JSON quoted
// in JSON gives), as "\\/" for a slash, or percent-encoded (also twice or
// more, %252D); and the whole secret in base64, standard or URL-safe,
// with or without padding. A reader of a log line, an error body or a
// URL decodes each of these back to the key.
const (
	maxBackslashes = 8 // \\\\u002d and deeper quoting
	maxPercent25   = 3 // %2525252D
)

type match int

const (
	noMatch match = iota
	fullMatch
	partialMatch // text ended in the middle of a possible occurrence
)

// scan copies text with every occurrence of key replaced by Redacted.
// Unless final, it stops at an occurrence the end of text may have cut
// and returns the held-back rest, to be scanned again with what follows.
func scan(key, text string, final bool) (out, rest string) {
	return scanForms(key, base64Forms(key), text, final)
}

// scanForms is scan with the key's base64 forms worked out already.
func scanForms(key string, forms []string, text string, final bool) (out, rest string) {
	var b strings.Builder
	from := 0 // text[from:i] is copied as it is
	for i := 0; i < len(text); {
		if !candidate(key, forms, text[i]) {
			i++
			continue
		}
		end, m := matchKey(key, text[i:])
		if m != fullMatch {
			e, m2 := matchForms(forms, text[i:])
			if m2 == fullMatch || (m2 == partialMatch && m != partialMatch) {
				end, m = e, m2
			}
		}
		switch {
		case m == fullMatch:
			b.WriteString(text[from:i])
			b.WriteString(Redacted)
			i += end
			from = i
		case m == partialMatch && !final:
			b.WriteString(text[from:i])
			return b.String(), text[i:]
		default:
			i++
		}
	}
	if from == 0 {
		return text, ""
	}
	b.WriteString(text[from:])
	return b.String(), ""
}

// candidate reports whether an occurrence may start with c.
func candidate(key string, forms []string, c byte) bool {
	if c == key[0] || c == '\\' || c == '%' {
		return true
	}
	for _, f := range forms {
		if c == f[0] {
			return true
		}
	}
	return false
}

// matchKey matches key, character by character in any of its encodings,
// at the start of t, and returns the length matched.
func matchKey(key, t string) (int, match) {
	n := 0
	for k := 0; k < len(key); k++ {
		w, m := matchChar(t[n:], key[k])
		if m != fullMatch {
			return 0, m
		}
		n += w
	}
	return n, fullMatch
}

// matchChar matches one character c of the key at the start of t.
func matchChar(t string, c byte) (int, match) {
	if t == "" {
		return 0, partialMatch
	}
	switch {
	case t[0] == c:
		return 1, fullMatch
	case t[0] == '\\':
		n := 0
		for n < len(t) && t[n] == '\\' && n < maxBackslashes {
			n++
		}
		if n == len(t) {
			return 0, partialMatch
		}
		if c == '/' && t[n] == '/' {
			return n + 1, fullMatch
		}
		if t[n] != 'u' {
			return 0, noMatch
		}
		return hexCode(t, n+1, 4, int(c))
	case t[0] == '%':
		n := 1
		for r := 0; r < maxPercent25 && strings.HasPrefix(t[n:], "25"); r++ {
			n += 2
		}
		if w, m := hexCode(t, n, 2, int(c)); m != noMatch {
			return w, m
		}
		if len(t) < n+2 && strings.HasPrefix("25", t[n:]) {
			return 0, partialMatch // perhaps one more level of %25
		}
		return 0, noMatch
	}
	return 0, noMatch
}

// hexCode matches digits hex digits at t[at:] that spell code, in either
// case, and returns the end of them.
func hexCode(t string, at, digits, code int) (int, match) {
	for d := 0; d < digits; d++ {
		if at+d >= len(t) {
			return 0, partialMatch
		}
		v := hexValue(t[at+d])
		want := (code >> (4 * (digits - 1 - d))) & 0xf
		if v != want {
			return 0, noMatch
		}
	}
	return at + digits, fullMatch
}

func hexValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// base64Forms returns the key in base64, standard and URL-safe, without
// padding (a padded form starts with the unpadded one, and the padding
// left behind reveals nothing).
func base64Forms(key string) []string {
	forms := []string{base64.RawStdEncoding.EncodeToString([]byte(key))}
	if u := base64.RawURLEncoding.EncodeToString([]byte(key)); u != forms[0] {
		forms = append(forms, u)
	}
	return forms
}

// matchForms matches one of forms literally at the start of t.
func matchForms(forms []string, t string) (int, match) {
	partial := false
	for _, f := range forms {
		switch {
		case strings.HasPrefix(t, f):
			return len(f), fullMatch
		case strings.HasPrefix(f, t):
			partial = true
		}
	}
	if partial {
		return 0, partialMatch
	}
	return 0, noMatch
}

// Scrubber redacts the secret from text that arrives in pieces, such as
// a model's streamed reply: it holds back the end of what it was given
// while that end may begin the secret, so that a secret split across
// pieces, in any encoding Scrub finds, is still caught. It hands on what
// is safe to out, in order; Flush hands on the rest.
type Scrubber struct {
	key     string
	forms   []string // the key's base64 forms, worked out once
	out     func(string)
	pending string
}

// Scrubber returns a Scrubber that hands the scrubbed text to out. Out
// of an unset Secret gets every piece as it is.
func (s Secret) Scrubber(out func(string)) *Scrubber {
	key := s.Reveal()
	return &Scrubber{key: key, forms: base64Forms(key), out: out}
}

// Write takes the next piece of the text.
func (z *Scrubber) Write(piece string) {
	if z.key == "" {
		if piece != "" {
			z.out(piece)
		}
		return
	}
	safe, rest := scanForms(z.key, z.forms, z.pending+piece, false)
	z.pending = rest
	if safe != "" {
		z.out(safe)
	}
}

// Flush hands on what is held back: the text ended, so it holds no
// secret.
func (z *Scrubber) Flush() {
	if z.pending == "" {
		return
	}
	safe, _ := scanForms(z.key, z.forms, z.pending, true)
	z.pending = ""
	if safe != "" {
		z.out(safe)
	}
}
