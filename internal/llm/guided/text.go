package guided

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on how much user text goes into one place of the spec. They keep
// a pasted essay from turning into a feature line nobody can read.
const (
	maxOverview = 1500 // runes of the overview
	maxLine     = 200  // runes of one feature or requirement line
	maxCustom   = 60   // runes of a technology typed as "Other"
	maxLines    = 25   // lines taken from one list answer
	maxChanges  = 100  // change requests kept in total
)

// oneLine returns s as a single line of text that is safe to put in XML
// once escaped: invalid UTF-8 and characters XML forbids are dropped, and
// runs of white space (newlines included) become one space. The result is
// cut to at most max runes.
func oneLine(s string, max int) string {
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	pending := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || !xmlChar(r) {
			pending = true
			continue
		}
		if pending && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
	}
	return clip(b.String(), max)
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// clip cuts s to at most max runes, preferring a word boundary, and marks
// the cut with an ellipsis.
func clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	cut := 0
	for i := range s {
		if cut >= max-1 {
			s = s[:i]
			break
		}
		cut++
	}
	if i := strings.LastIndexByte(s, ' '); i > len(s)/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ,;:.-") + "…"
}

// unplaceholder rewrites what reads as a template placeholder, such as
// "[Your app]" or "TBD", in words that do not: user text may contain
// them, and the spec's checker would warn about them. A bracketed span
// becomes a parenthesised one; a lone bracket stays.
func unplaceholder(s string) string {
	s = bracketRE.ReplaceAllString(s, "($1)")
	return placeholderWordRE.ReplaceAllStringFunc(s, func(w string) string {
		return placeholderWords[w]
	})
}

var (
	bracketRE         = regexp.MustCompile(`\[([^\[\]]*)\]`)
	placeholderWordRE = regexp.MustCompile(`\b(TBD|FIXME|TODO)\b`)
	placeholderWords  = map[string]string{"TBD": "to be decided", "FIXME": "to fix", "TODO": "to-do"}
)

// meaningful reports whether s holds at least one letter or digit: a line
// of punctuation or emoji alone says nothing to build from.
func meaningful(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// stripMarker removes a list marker ("- ", "* ", "• ", "1. ", "2) ",
// and a task box "[ ] " or "[x] " after it) from the start of a line.
func stripMarker(l string) string {
	l = strings.TrimSpace(l)
	for _, m := range []string{"- ", "* ", "• ", "– ", "— "} {
		if rest, ok := strings.CutPrefix(l, m); ok {
			l = strings.TrimSpace(rest)
			break
		}
	}
	for _, m := range []string{"[ ] ", "[x] ", "[X] "} {
		if rest, ok := strings.CutPrefix(l, m); ok {
			return strings.TrimSpace(rest)
		}
	}
	i := 0
	for i < len(l) && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(l) && (l[i] == '.' || l[i] == ')') && l[i+1] == ' ' {
		return strings.TrimSpace(l[i+2:])
	}
	return l
}

// norm lower-cases s and reduces it to words separated by single spaces,
// for matching answers against labels and keywords.
func norm(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '#' && r != '+' && r != '.' && r != '/' && r != '\''
	})
	for i, w := range f {
		f[i] = strings.Trim(w, ".'/")
	}
	return " " + strings.Join(f, " ") + " "
}

// hasWord reports whether the normalised text contains the phrase kw as
// whole words.
func hasWord(normText, kw string) bool {
	return strings.Contains(normText, norm(kw))
}

// negative reports whether an answer means "nothing": "no", "none",
// "that's all" and the like.
func negative(s string) bool {
	switch strings.TrimSpace(norm(s)) {
	case "", "no", "none", "nothing", "nope", "n/a", "na", "skip", "no thanks", "not needed", "neither",
		"that's all", "thats all", "that's it", "thats it", "nothing else", "no changes", "all good":
		return true
	}
	return false
}

// affirmative reports whether a reply means "yes, go ahead".
func affirmative(s string) bool {
	n := strings.TrimSpace(norm(s))
	switch n {
	case "", "y", "yes", "yep", "yeah", "sure", "ok", "okay", "go", "go ahead", "do it", "generate",
		"yes please", "please do", "looks good", "looks great", "lgtm", "fine", "perfect", "great":
		return true
	}
	return strings.HasPrefix(n, "yes ") || strings.HasPrefix(n, "generate ")
}

// courtesy reports whether a message is only thanks or acknowledgement,
// not a request to change anything.
func courtesy(s string) bool {
	n := strings.TrimSpace(norm(s))
	switch n {
	case "", "thanks", "thank you", "thanks a lot", "thank you very much", "thx", "ty", "ok", "okay",
		"great", "cool", "perfect", "nice", "awesome", "done", "bye", "good", "great thanks",
		"ok thanks", "okay thanks", "perfect thanks", "looks good", "all good", "lgtm":
		return true
	}
	return !meaningful(s)
}

// lowerFirst lower-cases the first letter of s unless the second letter
// is upper case too (an acronym such as "PDF").
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsUpper(r) {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// upperFirst upper-cases the first letter of s.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
