package spec

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxDepth bounds nesting. A real spec is five or six levels deep; the
// bound keeps hostile input from making the recursive checks dig through
// thousands of levels.
const maxDepth = 64

// parseTree reads data into a tree. On a syntax error it reports what
// went wrong, as precisely as it can tell, and returns a nil tree and the
// unescaped characters it found, if any.
func parseTree(data []byte, ps *problems) (*node, []escapeFix) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var (
		root    *node
		stack   []*node
		outside bool // text outside the root was already reported
		extra   bool // a second top-level element was already reported
	)
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, reportSyntax(data, d, err, stack, ps)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{name: t.Name.Local, attrs: t.Attr, line: line}
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
				ps.errorf(line, "put every section inside the one <"+rootName+"> element",
					"second top-level element <%s>: an XML document has exactly one root", n.name)
			}
			if len(stack) == maxDepth {
				ps.errorf(line, "a spec needs only a few levels of nesting", "elements nested more than %d deep", maxDepth)
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
				reportOutside(string(t), line, ps)
			}
		}
	}
	if root == nil {
		ps.errorf(0, "the file must hold one <"+rootName+"> element", "no XML element found")
	}
	return root, nil
}

// reportOutside explains text before or after the root element. Models
// like to wrap the file in a Markdown code fence, so that gets its own hint.
func reportOutside(raw string, line int, ps *problems) {
	// The character data starts where the previous token ended, often on
	// the line before the text itself.
	s := strings.TrimLeft(raw, " \t\r\n")
	line += strings.Count(raw[:len(raw)-len(s)], "\n")
	first, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	if strings.HasPrefix(first, "```") {
		ps.errorf(line, "remove the Markdown code fence; the file holds only the XML",
			"text outside <%s>: %q", rootName, clip(first, 40))
		return
	}
	ps.errorf(line, "move it inside an element or delete it; only the XML element belongs in the file",
		"text outside <%s>: %q", rootName, clip(first, 40))
}

// reportSyntax turns a decoder error into problems. Most errors in model
// output are unescaped '&' and '<' in prose; the decoder only reports the
// first, so the whole file is scanned for them too, letting one round of
// fixes repair them all. It returns those characters.
func reportSyntax(data []byte, d *xml.Decoder, err error, stack []*node, ps *problems) []escapeFix {
	line, _ := d.InputPos()
	msg := err.Error()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line, msg = se.Line, se.Msg
	}
	// The decoder read everything before its error, so an escape the scan
	// flags earlier than that is a false alarm of the simple scanner.
	covered := false
	found, fixes := scanEscapes(data)
	for _, p := range found {
		if p.Line >= line || p.Line == 0 {
			ps.list = append(ps.list, p)
			covered = covered || p.Line == line
		}
	}
	for len(fixes) > 0 && fixes[0].line < line {
		fixes = fixes[1:]
	}
	var open *node
	if len(stack) > 0 {
		open = stack[len(stack)-1]
	}
	switch {
	case isEscapeError(msg):
		if !covered {
			ps.errorf(line, "write &amp; for & and &lt; for < in prose", "the XML does not parse: %s", msg)
		}
	case strings.Contains(msg, "closed by") && open != nil:
		_, closer, _ := strings.Cut(msg, "closed by ")
		if !isOpen(stack, strings.Trim(closer, "</>")) {
			ps.errorf(line, "remove it, or add its start tag where the element begins",
				"end tag %s on line %d has no start tag", closer, line)
			break
		}
		ps.errorf(open.line, fmt.Sprintf("if <%s> is meant as text (a component name, say), write &lt;%s&gt;; otherwise close it with </%s>", open.name, open.name, open.name),
			"<%s> is never closed: %s on line %d comes first", open.name, closer, line)
	case msg == "unexpected EOF" && open != nil:
		ps.errorf(open.line, fmt.Sprintf("close it with </%s>, or write &lt;%s&gt; if it is text; also check that the file is not cut short", open.name, open.name),
			"the file ends before <%s> is closed", open.name)
	case strings.HasPrefix(msg, "unexpected end element"):
		ps.errorf(line, "remove the stray end tag or add its start tag", "the XML does not parse: %s", msg)
	case strings.Contains(msg, "encoding") && strings.Contains(msg, "declared"):
		ps.errorf(line, `save the file as UTF-8 and declare encoding="UTF-8", or leave out the declaration`,
			"the XML declares an encoding other than UTF-8")
	default:
		ps.errorf(line, "fix the XML on this line; in prose write &amp; for &, &lt; for <, and quote attribute values",
			"the XML does not parse: %s", msg)
	}
	return fixes
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
	for _, s := range []string{"character entity", "expected element name after <", "invalid XML name", "unescaped <"} {
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
