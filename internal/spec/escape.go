package spec

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// maxEscapeProblems caps how many unescaped characters are listed one by
// one; past that the file needs a systematic fix, not a list.
const maxEscapeProblems = 25

// escapeFix is one character that prose should have escaped.
type escapeFix struct {
	at, line int
}

// scanEscapes finds '&' and '<' that prose should have escaped. It is a
// deliberately small lexer (text, tags with quoted values, comments,
// CDATA, processing instructions, directives), run only after the decoder
// has failed, to report every such character with its line and fix. It
// returns the problems, at most one a line, and every character found.
func scanEscapes(data []byte) ([]Problem, []escapeFix) {
	s := escapeScan{data: data, line: 1, ps: problems{file: FileAppSpec}}
	for s.i < len(data) {
		switch data[s.i] {
		case '\n':
			s.line++
			s.i++
		case '&':
			s.amp(false)
		case '<':
			s.markup()
		default:
			s.i++
		}
	}
	if s.dropped > 0 {
		s.ps.errorf(0, "write &amp; for & and &lt; for < everywhere in prose",
			"%d more unescaped characters not listed", s.dropped)
	}
	return s.ps.list, s.fixes
}

type escapeScan struct {
	data    []byte
	i, line int
	ps      problems
	lastAt  int // line of the last problem, to report a line once
	dropped int
	fixes   []escapeFix
}

// markup handles a '<' in text: it either starts markup, which is skipped,
// or is prose.
func (s *escapeScan) markup() {
	rest := s.data[s.i+1:]
	switch {
	case bytes.HasPrefix(rest, []byte("!--")):
		s.skipPast("-->")
	case bytes.HasPrefix(rest, []byte("![CDATA[")):
		s.skipPast("]]>")
	case bytes.HasPrefix(rest, []byte("?")):
		s.skipPast("?>")
	case bytes.HasPrefix(rest, []byte("!")):
		s.skipPast(">")
	case len(rest) > 0 && startsMarkup(rest[0]):
		s.tag()
	default:
		s.report(s.i, "&lt;", "unescaped < in text", "")
		s.i++
	}
}

// tag skips a start or end tag, checking quoted attribute values.
func (s *escapeScan) tag() {
	var quote byte
	for s.i++; s.i < len(s.data); s.i++ {
		c := s.data[s.i]
		switch {
		case c == '\n':
			s.line++
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0 && c == '&':
			s.amp(true)
			s.i-- // amp advanced past '&'; the loop advances again
		case quote != 0 && c == '<':
			s.report(s.i, "&lt;", "unescaped < in an attribute value", "")
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote == 0 && c == '>':
			s.i++
			return
		}
	}
}

// skipPast moves past the next occurrence of end, counting lines.
func (s *escapeScan) skipPast(end string) {
	j := bytes.Index(s.data[s.i:], []byte(end))
	stop := len(s.data)
	if j >= 0 {
		stop = s.i + j + len(end)
	}
	s.line += bytes.Count(s.data[s.i:stop], []byte("\n"))
	s.i = stop
}

// amp checks the '&' at s.i and moves past it.
func (s *escapeScan) amp(inAttr bool) {
	where := "text"
	if inAttr {
		where = "an attribute value"
	}
	ref, ok := entityAt(s.data[s.i:])
	switch {
	case ok:
	case ref != "":
		s.report(s.i, "&amp;", "unknown entity &"+ref+"; in "+where,
			"write the character itself instead of &"+ref+"; (XML knows only &amp; &lt; &gt; &quot; &apos;), or ")
	default:
		s.report(s.i, "&amp;", "unescaped & in "+where, "")
	}
	s.i++
}

// report records the unescaped character at byte offset at, with a hint
// that shows the text around it corrected.
func (s *escapeScan) report(at int, repl, msg, hintPrefix string) {
	s.fixes = append(s.fixes, escapeFix{at: at, line: s.line})
	if s.line == s.lastAt {
		return // the first problem's hint already fixes the whole snippet
	}
	if len(s.ps.list) == maxEscapeProblems {
		s.dropped++
		return
	}
	s.lastAt = s.line
	lo, hi := snippet(s.data, at)
	bad := string(s.data[lo:hi])
	s.ps.errorf(s.line, fmt.Sprintf("%swrite %s for %c: %q", hintPrefix, repl, s.data[at], escapeProse(s.data[lo:hi])),
		"%s: %q", msg, bad)
}

// snippet returns the bounds of the text around at worth quoting: the
// same line, about 30 bytes each side, and no further than the nearest
// tag, so the quote shows the prose and not the markup around it.
func snippet(data []byte, at int) (lo, hi int) {
	const reach = 30
	lo = max(0, at-reach)
	cutLo := lo > 0
	if k := bytes.LastIndexAny(data[lo:at], "\n>"); k >= 0 {
		lo, cutLo = lo+k+1, false
	}
	limit := min(len(data), at+1+reach)
	cutHi := true
	for hi = at + 1; hi < limit; hi++ {
		if data[hi] == '\n' || data[hi] == '<' && hi+1 < len(data) && startsMarkup(data[hi+1]) {
			cutHi = false
			break
		}
	}
	cutHi = cutHi && hi < len(data)
	// Where the length limit cut the line, cut at a space instead, so the
	// quote neither starts nor ends in the middle of a word.
	// A space right next to the character would leave it bare, though.
	if k := bytes.IndexByte(data[lo:at], ' '); cutLo && k >= 0 && lo+k+1 < at-1 {
		lo += k + 1
	}
	if k := bytes.LastIndexByte(data[at+1:hi], ' '); cutHi && k > 0 {
		hi = at + 1 + k
	}
	for lo < at && !utf8.RuneStart(data[lo]) {
		lo++
	}
	for hi > at+1 && hi < len(data) && !utf8.RuneStart(data[hi]) {
		hi--
	}
	for lo < at && (data[lo] == ' ' || data[lo] == '\t') {
		lo++
	}
	for hi > at+1 && (data[hi-1] == ' ' || data[hi-1] == '\t' || data[hi-1] == '\r') {
		hi--
	}
	return lo, hi
}

// escapeProse escapes every '&' that starts no known entity and every '<'
// that starts no markup, which is what a model should write instead.
func escapeProse(b []byte) string {
	var out bytes.Buffer
	for i, c := range b {
		switch {
		case c == '&':
			if _, ok := entityAt(b[i:]); ok {
				out.WriteByte(c)
			} else {
				out.WriteString("&amp;")
			}
		case c == '<' && (i+1 == len(b) || !startsMarkup(b[i+1])):
			out.WriteString("&lt;")
		default:
			out.WriteByte(c)
		}
	}
	return out.String()
}

// entityAt looks at the '&' starting b. ok is true for a reference XML
// knows; ref is the name of a well-formed but unknown reference such as
// "nbsp"; both are zero for a bare '&'.
func entityAt(b []byte) (ref string, ok bool) {
	end := bytes.IndexByte(b[1:min(len(b), 34)], ';')
	if end <= 0 {
		return "", false
	}
	name := b[1 : 1+end]
	for _, c := range name {
		if !isNameByte(c) && c != '#' {
			return "", false
		}
	}
	switch n := string(name); {
	case n == "amp" || n == "lt" || n == "gt" || n == "quot" || n == "apos":
		return n, true
	case len(n) > 2 && n[:2] == "#x" && allIn(n[2:], "0123456789abcdefABCDEF"):
		return n, true
	case len(n) > 1 && n[0] == '#' && allIn(n[1:], "0123456789"):
		return n, true
	default:
		return n, false
	}
}

func allIn(s, set string) bool {
	for _, c := range []byte(s) {
		if bytes.IndexByte([]byte(set), c) < 0 {
			return false
		}
	}
	return true
}

// startsMarkup reports whether c, following '<', makes it a tag.
func startsMarkup(c byte) bool { return c == '/' || c == '!' || c == '?' || isNameStart(c) }

// isNameStart reports whether c can start an element name. Bytes of
// multi-byte runes count, since XML names may use any letter.
func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

func isNameByte(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}

// repair returns a copy of data with the characters of fixes escaped.
// Lines stay where they were, so problems found in the copy point at the
// right lines of the original.
func repair(data []byte, fixes []escapeFix) []byte {
	var out bytes.Buffer
	last := 0
	for _, f := range fixes {
		out.Write(data[last:f.at])
		if data[f.at] == '&' {
			out.WriteString("&amp;")
		} else {
			out.WriteString("&lt;")
		}
		last = f.at + 1
	}
	out.Write(data[last:])
	return out.Bytes()
}
