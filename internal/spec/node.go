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
	text  []textRun
	kids  []*node
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
	return len(n.kids) == 0 && strings.TrimSpace(n.textAll()) == ""
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
	return strings.Join(strings.Fields(s), " ")
}
