package spec

import (
	"encoding/xml"
	"regexp"
	"strings"
	"unicode/utf8"
)

// scanWellFormed reads a document in one pass when it is plain,
// well-formed XML of the kind specs are written in: elements, attributes,
// text with the predefined and numeric character references, comments and
// an XML declaration, one root and only white space around it. It returns
// the tree encoding/xml would give (the same names, attributes, text,
// lines and offsets) or false, and then the caller reads the file with
// encoding/xml, which reports and repairs what is wrong. It answers false
// for anything it does not handle itself, such as a DOCTYPE, a CDATA
// section, a namespace prefix or a name outside ASCII, so that every file
// it accepts is one encoding/xml accepts too (FuzzScanWellFormed checks
// the two agree).
//
// It exists for speed: encoding/xml reads a byte at a time through an
// interface and copies every token; this reads the text in place, so
// character data without references costs no copy at all.
func scanWellFormed(data []byte) (*node, bool) {
	sc := scanner{s: string(data), line: 1}
	return sc.document()
}

type scanner struct {
	s    string
	i    int
	line int
	buf  []byte // text with references or carriage returns, decoded
}

func (sc *scanner) document() (*node, bool) {
	var (
		root  *node
		stack []*node
	)
	for sc.i < len(sc.s) {
		if sc.s[sc.i] != '<' {
			line := sc.line
			text, ok := sc.text(-1)
			if !ok {
				return nil, false
			}
			if len(stack) == 0 {
				if strings.TrimSpace(text) != "" {
					return nil, false // reported on the slow path
				}
				continue
			}
			top := stack[len(stack)-1]
			top.text = append(top.text, textRun{line: line, s: text})
			continue
		}
		start, line := sc.i, sc.line
		if sc.i+1 >= len(sc.s) {
			return nil, false
		}
		switch sc.s[sc.i+1] {
		case '/':
			sc.i += 2
			name, ok := sc.name()
			if !ok {
				return nil, false
			}
			sc.space()
			if sc.i >= len(sc.s) || sc.s[sc.i] != '>' || len(stack) == 0 || stack[len(stack)-1].name != name {
				return nil, false
			}
			sc.i++
			stack = stack[:len(stack)-1]
		case '?':
			if !sc.declaration() {
				return nil, false
			}
		case '!':
			if !sc.comment() {
				return nil, false
			}
		default:
			sc.i++
			n, empty, ok := sc.startTag()
			if !ok {
				return nil, false
			}
			n.line, n.offset = line, int64(start)
			switch {
			case len(stack) > 0:
				top := stack[len(stack)-1]
				top.kids = append(top.kids, n)
			case root == nil:
				root = n
			default:
				return nil, false // a second root: reported on the slow path
			}
			if len(stack) == maxDepth {
				return nil, false
			}
			if !empty {
				stack = append(stack, n)
			}
		}
	}
	if root == nil || len(stack) > 0 {
		return nil, false
	}
	return root, true
}

// startTag reads what follows '<' up to and including '>'.
func (sc *scanner) startTag() (n *node, empty, ok bool) {
	name, ok := sc.name()
	if !ok {
		return nil, false, false
	}
	n = &node{name: name, attrs: []xml.Attr{}}
	for {
		sc.space()
		if sc.i >= len(sc.s) {
			return nil, false, false
		}
		switch sc.s[sc.i] {
		case '/':
			if sc.i+1 >= len(sc.s) || sc.s[sc.i+1] != '>' {
				return nil, false, false
			}
			sc.i += 2
			return n, true, true
		case '>':
			sc.i++
			return n, false, true
		}
		attr, ok := sc.name()
		if !ok || attr == "xmlns" {
			return nil, false, false
		}
		sc.space()
		if sc.i >= len(sc.s) || sc.s[sc.i] != '=' {
			return nil, false, false
		}
		sc.i++
		sc.space()
		if sc.i >= len(sc.s) || sc.s[sc.i] != '"' && sc.s[sc.i] != '\'' {
			return nil, false, false
		}
		quote := sc.s[sc.i]
		sc.i++
		value, ok := sc.text(int(quote))
		if !ok {
			return nil, false, false
		}
		n.attrs = append(n.attrs, xml.Attr{Name: xml.Name{Local: attr}, Value: value})
	}
}

// name reads an element or attribute name: ASCII, without a namespace
// prefix, as XML allows it.
func (sc *scanner) name() (string, bool) {
	start := sc.i
	for sc.i < len(sc.s) {
		c := sc.s[sc.i]
		if c >= 0x80 || c == ':' {
			return "", false
		}
		if !isNameByte(c) {
			break
		}
		sc.i++
	}
	if sc.i == start {
		return "", false
	}
	if c := sc.s[start]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
		return "", false
	}
	return sc.s[start:sc.i], true
}

// space skips the white space XML allows inside tags.
func (sc *scanner) space() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case '\n':
			sc.line++
		case ' ', '\r', '\t':
		default:
			return
		}
		sc.i++
	}
}

// comment reads <!-- … -->. Anything else after "<!" (a DOCTYPE, a
// CDATA section) is left to encoding/xml.
func (sc *scanner) comment() bool {
	if !strings.HasPrefix(sc.s[sc.i:], "<!--") {
		return false
	}
	body := sc.s[sc.i+4:]
	j := strings.Index(body, "--")
	if j < 0 || j+2 >= len(body) || body[j+2] != '>' {
		return false // "--" inside a comment is not allowed
	}
	sc.line += strings.Count(body[:j], "\n")
	sc.i += 4 + j + 3
	return true
}

// xmlDeclRE is the XML declaration's content in the forms encoding/xml
// accepts without a charset reader.
var xmlDeclRE = regexp.MustCompile(`^(?:version="1\.0"|version='1\.0')(?:\s+(?:encoding="(?i:utf-8)"|encoding='(?i:utf-8)'))?(?:\s+(?:standalone="(?:yes|no)"|standalone='(?:yes|no)'))?\s*$`)

// declaration reads <?xml version="1.0" …?>; other processing
// instructions are left to encoding/xml.
func (sc *scanner) declaration() bool {
	rest := sc.s[sc.i+2:]
	if !strings.HasPrefix(rest, "xml") || len(rest) < 4 || rest[3] != ' ' && rest[3] != '?' {
		return false
	}
	j := strings.Index(rest, "?>")
	if j < 0 {
		return false
	}
	body := rest[3:j]
	if !xmlDeclRE.MatchString(strings.TrimLeft(body, " \t\r\n")) {
		return false
	}
	sc.line += strings.Count(body, "\n")
	sc.i += 2 + j + 2
	return true
}

// text reads character data up to the next '<' (quote < 0) or an
// attribute value up to its closing quote, which it consumes. Text
// without references or carriage returns is returned in place.
func (sc *scanner) text(quote int) (string, bool) {
	s, start := sc.s, sc.i
	i := start
	for i < len(s) {
		c := s[i]
		switch {
		case c == '<':
			if quote >= 0 {
				return "", false
			}
			sc.i = i
			return s[start:i], true
		case quote >= 0 && c == byte(quote):
			sc.i = i + 1
			return s[start:i], true
		case c == '&' || c == '\r':
			sc.i = i
			return sc.decodedText(quote, start)
		case c == '>':
			if quote < 0 && i-start >= 2 && s[i-1] == ']' && s[i-2] == ']' {
				return "", false // "]]>" outside CDATA
			}
		case c == '\n':
			sc.line++
		case c < 0x20 && c != '\t':
			return "", false
		case c >= 0x80:
			size, ok := runeAt(s, i)
			if !ok {
				return "", false
			}
			i += size
			continue
		}
		i++
	}
	if quote >= 0 {
		return "", false
	}
	sc.i = i
	return s[start:i], true
}

// decodedText goes on with text from sc.i, where a reference or a
// carriage return was found, copying what came before from start.
func (sc *scanner) decodedText(quote, start int) (string, bool) {
	s := sc.s
	b := append(sc.buf[:0], s[start:sc.i]...)
	var p1, p2 byte // the two bytes read before, for "]]>"
	if sc.i-start >= 1 {
		p1 = s[sc.i-1]
	}
	if sc.i-start >= 2 {
		p2 = s[sc.i-2]
	}
	i := sc.i
	for i < len(s) {
		c := s[i]
		switch {
		case c == '<':
			if quote >= 0 {
				return "", false
			}
			sc.i, sc.buf = i, b
			return string(b), true
		case quote >= 0 && c == byte(quote):
			sc.i, sc.buf = i+1, b
			return string(b), true
		case c == '&':
			r, n := reference(s[i:])
			if n == 0 {
				return "", false
			}
			b = utf8.AppendRune(b, r)
			i += n
			p1, p2 = 0, 0
			continue
		case c == '\r':
			b = append(b, '\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				sc.line++
				i++
				c = '\n'
			}
			i++
			p1, p2 = c, p1
			continue
		case c == '>':
			if quote < 0 && p1 == ']' && p2 == ']' {
				return "", false
			}
		case c == '\n':
			sc.line++
		case c < 0x20 && c != '\t':
			return "", false
		case c >= 0x80:
			size, ok := runeAt(s, i)
			if !ok {
				return "", false
			}
			b = append(b, s[i:i+size]...)
			i += size
			p1, p2 = s[i-1], p1
			continue
		}
		b = append(b, c)
		i++
		p1, p2 = c, p1
	}
	if quote >= 0 {
		return "", false
	}
	sc.i, sc.buf = i, b
	return string(b), true
}

// reference decodes the character reference at the start of s ("&amp;",
// "&#233;", "&#xE9;") and returns the character and the bytes it took,
// or 0 bytes for anything else.
func reference(s string) (rune, int) {
	end := strings.IndexByte(s, ';')
	if end < 0 || end > 12 {
		return 0, 0
	}
	switch ref := s[1:end]; ref {
	case "amp":
		return '&', end + 1
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "quot":
		return '"', end + 1
	case "apos":
		return '\'', end + 1
	default:
		if len(ref) < 2 || ref[0] != '#' {
			return 0, 0
		}
		digits, base := ref[1:], rune(10)
		if digits[0] == 'x' {
			digits, base = digits[1:], 16
		}
		if digits == "" {
			return 0, 0
		}
		var r rune
		for i := 0; i < len(digits); i++ {
			d := rune(digits[i])
			switch {
			case d >= '0' && d <= '9':
				d -= '0'
			case base == 16 && d >= 'a' && d <= 'f':
				d -= 'a' - 10
			case base == 16 && d >= 'A' && d <= 'F':
				d -= 'A' - 10
			default:
				return 0, 0
			}
			if r = r*base + d; r > utf8.MaxRune {
				return 0, 0
			}
		}
		if !inCharRange(r) || r == utf8.RuneError {
			return 0, 0
		}
		return r, end + 1
	}
}

// runeAt returns the length of the character at s[i], a byte past
// ASCII, and whether it is valid UTF-8 and a character XML allows.
func runeAt(s string, i int) (int, bool) {
	r, size := utf8.DecodeRuneInString(s[i:])
	return size, !(r == utf8.RuneError && size == 1) && inCharRange(r)
}

// inCharRange reports whether r is a character XML allows.
func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
