package spec

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// maxDepth bounds nesting. A real spec is five or six levels deep; the
// bound keeps hostile input from making the recursive checks dig through
// thousands of levels.
const maxDepth = 64

// maxRepairRounds bounds how often the reader repairs and reads again.
// One round escapes every stray '&' and '<' in the file; the others each
// turn one unclosed tag into text. The bound keeps reading linear.
const maxRepairRounds = 32

// fault is why the decoder stopped.
type fault struct {
	err    error
	line   int
	offset int64   // byte offset of the token that failed
	msg    string  // the decoder's message, without its prefix
	stack  []*node // the elements open at the time
}

// readTree reads data as XML the way a careful person would read a
// model's output: a Markdown code fence around the document is set
// aside, unescaped '&' and '<' in prose are taken as the characters they
// stand for, and a component name written as a tag that is never closed
// (<Button> in prose) is taken as text. Each repair is reported as a
// warning with the corrected text; what cannot be repaired is an error.
func readTree(data []byte, ps *problems) *node {
	data = unfence(data, ps)
	if root, ok := scanWellFormed(data); ok {
		return root // well formed: nothing to repair or report
	}
	seen := map[int64]bool{} // repaired offsets, so a repair is reported once
	var escapes []Problem
	for round := 0; ; round++ {
		root, f := parseOnce(data, ps, round == 0)
		if f == nil && root == nil {
			// Not XML at all: the characters repaired on the way say
			// nothing useful about it.
			if round > 0 {
				ps.errorf(0, "the file must hold one <"+rootName+"> element", "no XML element found").Rule = RuleNotSpec
			}
			return nil
		}
		if f == nil {
			for _, p := range escapes {
				p.Severity = SeverityWarning
				p.Rule = RuleEscape
				ps.list = append(ps.list, p)
			}
			return root
		}
		if round == maxRepairRounds {
			reportSyntax(data, f, ps)
			return nil
		}
		if bad := badElementName(data, f); bad != "" {
			// An element name XML does not allow is an error, but the rest
			// of the file is still read, under the name it should have had.
			fixed := elementName(bad)
			ps.errorf(f.line, fmt.Sprintf("element names are one word of letters, digits, '_', '-' or '.', not starting with a digit: write <%s>", fixed),
				"invalid element name <%s>", clip(bad, 40)).Rule = RuleElementName
			data = renameElement(data, bad, fixed)
			continue
		}
		switch {
		case isEscapeError(f.msg):
			found, fixes := scanEscapes(data)
			var keep []escapeFix
			for _, x := range fixes {
				if x.line >= f.line && !seen[int64(x.at)] {
					keep = append(keep, x)
				}
			}
			if len(keep) == 0 {
				reportSyntax(data, f, ps)
				return nil
			}
			for _, p := range found {
				if p.Line >= f.line || p.Line == 0 {
					escapes = append(escapes, p)
				}
			}
			for _, x := range keep {
				seen[int64(x.at)] = true
			}
			data = repair(data, keep)
			// The repair adds characters; offsets seen so far no longer
			// matter, since each round's scan starts afresh.
			seen = map[int64]bool{}
		case strings.Contains(f.msg, "closed by") && len(f.stack) > 0:
			open := f.stack[len(f.stack)-1]
			_, closer, _ := strings.Cut(f.msg, "closed by ")
			closer = strings.Trim(closer, "</>")
			if !isOpen(f.stack[:len(f.stack)-1], closer) {
				// An end tag that closes nothing open: drop it.
				at := strayEndTag(data, f.offset, closer)
				if at < 0 {
					reportSyntax(data, f, ps)
					return nil
				}
				ps.warnf(f.line, "remove the stray end tag, or add its start tag where the element begins",
					"end tag </%s> has no start tag; it is read as text", closer).Rule = RuleEscape
				data = repair(data, []escapeFix{{at: at, line: f.line}})
				continue
			}
			if open.offset < 0 || int(open.offset) >= len(data) || data[open.offset] != '<' {
				reportSyntax(data, f, ps)
				return nil
			}
			ps.warnf(open.line, fmt.Sprintf("write &lt;%s&gt; if it is text, or close it with </%s>", open.name, open.name),
				"<%s> is never closed; it is read as text", open.name).Rule = RuleEscape
			data = repair(data, []escapeFix{{at: int(open.offset), line: open.line}})
		case strings.HasPrefix(f.msg, "unexpected end element </"):
			name := strings.TrimSuffix(strings.TrimPrefix(f.msg, "unexpected end element </"), ">")
			at := strayEndTag(data, f.offset, name)
			if at < 0 {
				reportSyntax(data, f, ps)
				return nil
			}
			ps.warnf(f.line, "remove the stray end tag, or add its start tag where the element begins",
				"end tag </%s> has no start tag; it is read as text", name).Rule = RuleEscape
			data = repair(data, []escapeFix{{at: at, line: f.line}})
		default:
			reportSyntax(data, f, ps)
			return nil
		}
	}
}

// badNameRE matches what stands between '<' and '>' when a person meant
// an element but wrote a name XML does not allow: words with spaces, or
// a leading digit.
var badNameRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.\- ]{0,60}$`)

// badElementName returns the name of the tag the decoder stopped at when
// it is an element with a name XML does not allow, such as <user roles>
// or <3d_engine>, or "". It counts as an element only when the same name
// is also closed somewhere, so "<3 days" in prose is not one.
func badElementName(data []byte, f *fault) string {
	if f.offset < 0 || int(f.offset) >= len(data) {
		return ""
	}
	i := bytes.IndexByte(data[f.offset:], '<')
	if i < 0 || i > 200 {
		return ""
	}
	at := int(f.offset) + i + 1
	if at < len(data) && data[at] == '/' {
		at++
	}
	j := bytes.IndexAny(data[at:], ">\n")
	if j <= 0 || data[at+j] != '>' {
		return ""
	}
	name := string(data[at : at+j])
	if !badNameRE.MatchString(name) || isXMLName(name) || !(strings.Contains(name, " ") || name[0] >= '0' && name[0] <= '9') {
		return ""
	}
	if !bytes.Contains(data, []byte("</"+name+">")) || !bytes.Contains(data, []byte("<"+name+">")) {
		return ""
	}
	return name
}

// renameElement replaces every <bad> and </bad> with the fixed name.
// Lines stay where they were.
func renameElement(data []byte, bad, fixed string) []byte {
	data = bytes.ReplaceAll(data, []byte("<"+bad+">"), []byte("<"+fixed+">"))
	return bytes.ReplaceAll(data, []byte("</"+bad+">"), []byte("</"+fixed+">"))
}

// strayEndTag returns the offset of the end tag </name> the decoder
// stopped at, at or after offset, or -1.
func strayEndTag(data []byte, offset int64, name string) int {
	if offset < 0 || int(offset) > len(data) {
		return -1
	}
	i := bytes.Index(data[offset:], []byte("</"+name))
	if i < 0 || i > 4096 {
		return -1
	}
	return int(offset) + i
}

// unfence blanks out a Markdown code fence around the document, keeping
// every line where it was.
func unfence(data []byte, ps *problems) []byte {
	trimmed := bytes.TrimSpace(data)
	if !bytes.HasPrefix(trimmed, []byte("```")) {
		return data
	}
	start := bytes.Index(data, []byte("```"))
	nl := bytes.IndexByte(data[start:], '\n')
	if nl < 0 {
		return data
	}
	end := bytes.LastIndex(data, []byte("```"))
	if end <= start || len(bytes.TrimSpace(data[end+3:])) > 0 {
		return data // no closing fence at the end: leave it to the reader
	}
	out := bytes.Clone(data)
	for i := start; i < start+nl; i++ {
		out[i] = ' '
	}
	for i := end; i < end+3; i++ {
		out[i] = ' '
	}
	line := bytes.Count(data[:start], []byte("\n")) + 1
	ps.warnf(line, "save the file without the Markdown code fence; it holds only the XML",
		"the spec is wrapped in a Markdown code fence; it is read without it").Rule = RuleEscape
	return out
}

// parseOnce reads data into a tree, or says why it could not. Problems
// that do not stop the reading (text outside the root, a second root)
// are reported only when report is set, so a repaired document does not
// repeat them.
func parseOnce(data []byte, ps *problems, report bool) (*node, *fault) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var (
		root    *node
		stack   []*node
		outside bool // text outside the root was already reported
		extra   bool // a second top-level element was already reported
	)
	quiet := &problems{file: ps.file}
	sink := ps
	if !report {
		sink = quiet
	}
	for {
		line, _ := d.InputPos()
		offset := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			f := &fault{err: err, line: line, offset: offset, msg: err.Error(), stack: stack}
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				f.line, f.msg = se.Line, se.Msg
			}
			return nil, f
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{name: t.Name.Local, attrs: t.Attr, line: line, offset: offset}
			// The offset before the token may sit on white space before
			// the tag; move it to the '<'.
			for int(n.offset) < len(data) && data[n.offset] != '<' {
				if data[n.offset] == '\n' {
					n.line++
				}
				n.offset++
			}
			switch {
			case len(stack) > 0:
				top := stack[len(stack)-1]
				top.kids = append(top.kids, n)
			case root == nil:
				root = n
			case !extra:
				// Keep reading so the rest of the file is still checked;
				// the detached element is simply dropped.
				extra = true
				sink.errorf(n.line, "put every section inside the one <"+rootName+"> element",
					"second top-level element <%s>: an XML document has exactly one root", n.name).Rule = RuleNotSpec
			}
			if len(stack) == maxDepth {
				sink.errorf(line, "a spec needs only a few levels of nesting", "elements nested more than %d deep", maxDepth).Rule = RuleSyntax
				return nil, nil
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.text = append(top.text, textRun{line: line, s: string(t)})
				continue
			}
			if strings.TrimSpace(string(t)) != "" && !outside {
				outside = true
				reportOutside(string(t), line, root == nil, sink)
			}
		}
	}
	if root == nil {
		sink.errorf(0, "the file must hold one <"+rootName+"> element", "no XML element found").Rule = RuleNotSpec
	}
	return root, nil
}

// reportOutside notes text before or after the root element. An agent
// reading the file skips a title line or a closing remark, so it is a
// warning; a document that is mostly such text is caught as not a spec.
func reportOutside(raw string, line int, before bool, ps *problems) {
	// The character data starts where the previous token ended, often on
	// the line before the text itself.
	s := strings.TrimLeft(raw, " \t\r\n")
	line += strings.Count(raw[:len(raw)-len(s)], "\n")
	first, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	where := "after"
	if before {
		where = "before"
	}
	ps.warnf(line, "move it inside an element or delete it; only the XML element belongs in the file",
		"text %s <%s>: %q", where, rootName, clip(first, 40)).Rule = RuleOutside
}

// reportSyntax turns a decoder error that could not be repaired into
// problems.
func reportSyntax(data []byte, f *fault, ps *problems) {
	line, msg := f.line, f.msg
	var open *node
	if len(f.stack) > 0 {
		open = f.stack[len(f.stack)-1]
	}
	add := func(line int, hint, format string, args ...any) {
		ps.errorf(line, hint, format, args...).Rule = RuleSyntax
	}
	switch {
	case strings.Contains(msg, "attribute name without = in element"),
		strings.Contains(msg, "expected attribute name in element"),
		strings.Contains(msg, "invalid XML name"),
		strings.Contains(msg, "expected element name after <"):
		name := tagAt(data, f.offset)
		hint := "element names are one word of letters, digits, '_', '-' or '.', not starting with a digit: write <user_roles>, not <user roles>"
		if name != "" {
			hint = fmt.Sprintf("element names are one word of letters, digits, '_', '-' or '.', not starting with a digit: write <%s>", elementName(name))
		}
		ps.errorf(line, hint, "invalid element name <%s>", clip(name, 40)).Rule = RuleElementName
	case isEscapeError(msg):
		add(line, "write &amp; for & and &lt; for < in prose", "the XML does not parse: %s", msg)
	case strings.Contains(msg, "closed by") && open != nil:
		_, closer, _ := strings.Cut(msg, "closed by ")
		if !isOpen(f.stack, strings.Trim(closer, "</>")) {
			add(line, "remove it, or add its start tag where the element begins",
				"end tag %s on line %d has no start tag", closer, line)
			break
		}
		add(open.line, fmt.Sprintf("if <%s> is meant as text (a component name, say), write &lt;%s&gt;; otherwise close it with </%s>", open.name, open.name, open.name),
			"<%s> is never closed: %s on line %d comes first", open.name, closer, line)
	case msg == "unexpected EOF" && open != nil:
		add(open.line, fmt.Sprintf("close it with </%s>, or write &lt;%s&gt; if it is text; also check that the file is not cut short", open.name, open.name),
			"the file ends before <%s> is closed", open.name)
	case strings.HasPrefix(msg, "unexpected end element"):
		add(line, "remove the stray end tag or add its start tag", "the XML does not parse: %s", msg)
	case strings.Contains(msg, "encoding") && strings.Contains(msg, "declared"):
		add(line, `save the file as UTF-8 and declare encoding="UTF-8", or leave out the declaration`,
			"the XML declares an encoding other than UTF-8")
	default:
		add(line, "fix the XML on this line; in prose write &amp; for &, &lt; for <, and quote attribute values",
			"the XML does not parse: %s", msg)
	}
}

// tagAt returns the tag text starting at or after offset, up to '>'.
func tagAt(data []byte, offset int64) string {
	if offset < 0 || int(offset) >= len(data) {
		return ""
	}
	rest := data[offset:]
	i := bytes.IndexByte(rest, '<')
	if i < 0 || i > 200 {
		return ""
	}
	rest = rest[i+1:]
	j := bytes.IndexAny(rest, ">\n")
	if j < 0 {
		j = min(len(rest), 40)
	}
	return strings.TrimSuffix(strings.TrimSpace(string(rest[:j])), "/")
}

// isOpen reports whether an element called name is open.
func isOpen(stack []*node, name string) bool {
	for _, n := range stack {
		if n.name == name {
			return true
		}
	}
	return false
}

// isEscapeError reports whether a decoder message is the kind an
// unescaped '&' or '<' produces.
func isEscapeError(msg string) bool {
	for _, s := range []string{"character entity", "expected element name after <", "invalid XML name", "unescaped <", "invalid character entity"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// clip shortens s to at most n runes, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
