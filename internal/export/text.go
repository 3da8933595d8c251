package export

import (
	"strings"
	"unicode"
)

// humanize turns an element name such as "accounts_and_sign_in" into
// "Accounts and sign in".
func humanize(name string) string {
	s := strings.TrimSpace(strings.NewReplacer("_", " ", "-", " ").Replace(name))
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// slug turns a name into lower-case kebab form for folder names:
// letters and digits kept, everything else one hyphen.
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "app"
	}
	return b.String()
}

// oneLine collapses white space, so that a value cannot break the line
// structure of a Markdown list or heading.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// sentence makes s end with a full stop unless it ends with punctuation.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	switch s[len(s)-1] {
	case '.', '!', '?', ':':
		return s
	}
	return s + "."
}

// lowerFirst lowers the first letter unless the first word looks like an
// acronym or a name written in capitals ("API", "GET").
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	if len(r) > 1 && unicode.IsUpper(r[1]) {
		return s
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// trimStop removes a final full stop.
func trimStop(s string) string { return strings.TrimRight(strings.TrimSpace(s), ".") }

// comment is an HTML comment for the Markdown exports, with "--" (which
// would end it early) made harmless.
func comment(text string) string {
	return "<!-- specwright: " + strings.ReplaceAll(oneLine(text), "--", "- -") + " -->"
}

// gwt is an acceptance criterion split into Given/When/Then. OK is false
// when the criterion is not written that way.
type gwt struct {
	Given, When, Then string
	OK                bool
}

// parseGWT reads "Given A, when B, then C" (any case, commas optional,
// "and" clauses kept inside their part). "When B, then C" is accepted
// with an empty Given.
func parseGWT(c string) gwt {
	s := oneLine(c)
	low := strings.ToLower(s)
	var g gwt
	rest, restLow := s, low
	if strings.HasPrefix(restLow, "given ") {
		w := findWord(restLow, "when ")
		if w < 0 {
			return gwt{}
		}
		g.Given = cleanClause(rest[len("given "):w])
		rest, restLow = rest[w:], restLow[w:]
	}
	if !strings.HasPrefix(restLow, "when ") {
		return gwt{}
	}
	t := findWord(restLow, "then ")
	if t < 0 {
		return gwt{}
	}
	g.When = cleanClause(rest[len("when "):t])
	g.Then = cleanClause(rest[t+len("then "):])
	g.OK = g.When != "" && g.Then != ""
	return g
}

// findWord finds word at the start of a word in low (after a space or a
// comma), or -1.
func findWord(low, word string) int {
	for i := 1; i+len(word) <= len(low); i++ {
		if low[i-1] == ' ' || low[i-1] == ',' || low[i-1] == ';' {
			if strings.HasPrefix(low[i:], word) {
				return i
			}
		}
	}
	return -1
}

func cleanClause(s string) string {
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ",;."))
}

// isEARS reports whether a criterion is already written in EARS: a
// keyword opening it and SHALL in it.
func isEARS(c string) bool {
	return earsPattern(c) != ""
}

// earsPattern names the EARS pattern a requirement follows, or "" when it
// follows none. The keywords are matched in capitals, as EARS writes them.
func earsPattern(c string) string {
	s := oneLine(c)
	if !strings.Contains(s, " SHALL ") {
		return ""
	}
	switch {
	case strings.HasPrefix(s, "WHILE ") && strings.Contains(s, " WHEN "):
		return "complex"
	case strings.HasPrefix(s, "WHEN "):
		return "event-driven"
	case strings.HasPrefix(s, "WHILE "):
		return "state-driven"
	case strings.HasPrefix(s, "IF ") && strings.Contains(s, " THEN "):
		return "unwanted-behaviour"
	case strings.HasPrefix(s, "WHERE "):
		return "optional-feature"
	case strings.HasPrefix(s, "THE "):
		return "ubiquitous"
	}
	return ""
}

// splitEventEARS splits an event-driven EARS requirement ("WHEN trigger
// THE system SHALL response", a comma optional) into its trigger and its
// response (from THE on).
func splitEventEARS(c string) (when, then string, ok bool) {
	s := oneLine(c)
	if earsPattern(s) != "event-driven" {
		return "", "", false
	}
	i := strings.Index(s, " THE ")
	if i < 0 {
		return "", "", false
	}
	when = cleanClause(s[len("WHEN "):i])
	then = strings.TrimSpace(s[i+1:])
	return when, then, when != ""
}
