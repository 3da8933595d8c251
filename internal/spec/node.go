package spec

import (
	"cmp"
	"encoding/xml"
	"slices"
	"strings"
)

// node is one XML element with the lines it came from. The checks need
// line numbers for every finding, which xml.Unmarshal cannot give, so the
// document is read token by token into this small tree.
type node struct {
	name  string
	attrs []xml.Attr
	line  int // line of the start tag's '<'
	// offset is the byte offset of the start tag's '<' in the input.
	offset int64
	text   []textRun
	kids   []*node
}

// textRun is one piece of character data directly inside an element.
type textRun struct {
	line int // line where the piece starts
	s    string
}

// child returns the first direct child called name, or nil.
func (n *node) child(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// all returns the direct children called name.
func (n *node) all(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// attr returns the value of the attribute called name.
func (n *node) attr(name string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// walk calls fn for n and every element below it, parents first.
func (n *node) walk(fn func(*node)) {
	fn(n)
	for _, k := range n.kids {
		k.walk(fn)
	}
}

// visit calls fn for n and the elements below it, parents first, but
// does not go below an element for which fn returns false.
func (n *node) visit(fn func(*node) bool) {
	if !fn(n) {
		return
	}
	for _, k := range n.kids {
		k.visit(fn)
	}
}

// textAll returns all character data in n and below.
func (n *node) textAll() string {
	var b strings.Builder
	n.walk(func(m *node) {
		for _, r := range m.text {
			b.WriteString(r.s)
		}
	})
	return b.String()
}

// isEmpty reports whether n holds neither elements nor text.
func (n *node) isEmpty() bool {
	if len(n.kids) > 0 {
		return false
	}
	for _, r := range n.text {
		if strings.TrimSpace(r.s) != "" {
			return false
		}
	}
	return true
}

// textLine is one line of character data and where it stands.
type textLine struct {
	line int
	s    string
}

// textLines splits all character data in n and below into lines, in
// file order.
func (n *node) textLines() []textLine {
	var out []textLine
	n.walk(func(m *node) {
		for _, r := range m.text {
			for i, s := range strings.Split(r.s, "\n") {
				out = append(out, textLine{line: r.line + i, s: s})
			}
		}
	})
	slices.SortStableFunc(out, func(a, b textLine) int { return cmp.Compare(a.line, b.line) })
	return out
}

// collapse trims s and turns every run of white space into one space.
func collapse(s string) string {
	s = strings.TrimSpace(s)
	// Most text is already collapsed: one pass to tell, none to copy.
	clean := len(s) == 0 || !isSpace(s[0]) && !isSpace(s[len(s)-1])
	for i := 0; clean && i < len(s); i++ {
		c := s[i]
		clean = c != '\n' && c != '\t' && c != '\r' && c != '\v' && c != '\f' && (c != ' ' || !isSpace(s[i+1])) && c < 0x80
	}
	if clean {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// item is one entry of an element's own text: a list item ("- x",
// "1. x") with the lines that continue it, or a paragraph.
type item struct {
	line   int
	s      string
	bullet bool // written as a list item
	indent int  // columns before the list marker or text
	colon  bool // the first line ends in ':', as a heading does
}

// items splits the element's own character data (not its children's)
// into items. A list marker starts an item; a line without one continues
// the item before it unless a blank line stood between them; white space
// is collapsed.
func (n *node) items() []item {
	var out []item
	var more [][]string // the lines after the first of each item, when it has more
	open := false       // the last item may be continued
	for _, r := range n.text {
		rest := r.s
		for i, ok := 0, true; ok; i++ {
			var raw string
			raw, rest, ok = strings.Cut(rest, "\n")
			s := strings.TrimSpace(raw)
			if s == "" {
				open = false
				continue
			}
			if t, isBullet := bullet(s); isBullet {
				out = append(out, item{line: r.line + i, s: t, bullet: true,
					indent: indentOf(raw), colon: strings.HasSuffix(t, ":")})
				open = true
				continue
			}
			if open && len(out) > 0 && continues(out[len(out)-1], raw, s) {
				k := len(out) - 1
				if more == nil {
					more = make([][]string, len(out))
				}
				for len(more) < len(out) {
					more = append(more, nil)
				}
				if more[k] == nil {
					more[k] = []string{out[k].s}
				}
				more[k] = append(more[k], s)
				out[k].s = s // continues looks at the last line only
				out[k].colon = strings.HasSuffix(s, ":")
				continue
			}
			out = append(out, item{line: r.line + i, s: s, indent: indentOf(raw), colon: strings.HasSuffix(s, ":")})
			open = true
		}
		// A child element between two runs of text ends the item.
		open = false
	}
	for i := range out {
		if i < len(more) && more[i] != nil {
			out[i].s = strings.Join(more[i], " ")
		}
		out[i].s = collapse(out[i].s)
	}
	return out
}

// continues reports whether a line without a list marker carries on the
// item before it: a list item's text wrapped with a hanging indent, or a
// wrapped sentence of prose that starts in lower case.
func continues(prev item, raw, s string) bool {
	if prev.bullet {
		return indentOf(raw) > prev.indent
	}
	end := prev.s[len(prev.s)-1]
	r := s[0]
	return end != '.' && end != ':' && end != '!' && end != '?' && r >= 'a' && r <= 'z'
}

// indentOf counts the columns of leading white space, a tab as four.
func indentOf(s string) int {
	n := 0
	for _, c := range s {
		switch c {
		case ' ':
			n++
		case '\t':
			n += 4
		default:
			return n
		}
	}
	return n
}

// ownText returns the element's own character data, collapsed.
func (n *node) ownText() string {
	if len(n.text) == 1 {
		return collapse(n.text[0].s)
	}
	var b strings.Builder
	for _, r := range n.text {
		b.WriteString(r.s)
		b.WriteByte(' ')
	}
	return collapse(b.String())
}

// firstChild returns the first direct child whose name is one of names.
func (n *node) firstChild(names ...string) *node {
	for _, k := range n.kids {
		for _, name := range names {
			if k.name == name {
				return k
			}
		}
	}
	return nil
}

// attrOf returns the value of the first attribute among names that is set.
func (n *node) attrOf(names ...string) (string, bool) {
	for _, name := range names {
		if v, ok := n.attr(name); ok {
			return v, true
		}
	}
	return "", false
}

// bullet reports whether line is a list item ("- x", "* x", "• x",
// "1. x", "1) x", "[ ] x") and returns its text.
func bullet(line string) (string, bool) {
	s := strings.TrimSpace(line)
	rest := ""
	switch {
	case strings.HasPrefix(s, "- "), strings.HasPrefix(s, "* "), strings.HasPrefix(s, "-\t"), strings.HasPrefix(s, "+ "):
		rest = s[2:]
	case strings.HasPrefix(s, "• "):
		rest = s[len("• "):]
	default:
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i+1 >= len(s) || (s[i] != '.' && s[i] != ')') || (s[i+1] != ' ' && s[i+1] != '\t') {
			return "", false
		}
		rest = s[i+2:]
	}
	rest = strings.TrimSpace(rest)
	// A task-list box: "- [ ] x", "- [x] x".
	for _, box := range []string{"[ ] ", "[x] ", "[X] "} {
		rest = strings.TrimPrefix(rest, box)
	}
	return rest, rest != ""
}
