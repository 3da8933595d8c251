package spec

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

const rootName = "project_specification"

// Feature counts outside this range are not plausible for one spec.
const (
	MinFeatureCount = 1
	MaxFeatureCount = 1000
)

// section is a required child of the root, with its required children.
type section struct {
	name string
	kids []string
}

// sections lists the root's required children in their required order.
var sections = []section{
	{name: "project_name"},
	{name: "overview"},
	{name: "technology_stack", kids: []string{"frontend", "backend", "communication"}},
	{name: "prerequisites", kids: []string{"environment_setup"}},
	{name: "feature_count"},
	{name: "security_and_access_control", kids: []string{"user_roles", "authentication", "sensitive_operations"}},
	{name: "core_features"},
	{name: "database_schema", kids: []string{"tables"}},
	{name: "api_endpoints_summary"},
	{name: "ui_layout", kids: []string{"main_structure"}},
	{name: "design_system", kids: []string{"color_palette", "typography"}},
	{name: "implementation_steps"},
	{name: "success_criteria", kids: []string{"functionality", "user_experience", "technical_quality", "design_polish"}},
}

// SectionNames returns the names of the required sections of
// app_spec.txt, in their required order.
func SectionNames() []string {
	names := make([]string, len(sections))
	for i, s := range sections {
		names[i] = s.name
	}
	return names
}

// ParseAppSpec parses and checks app_spec.txt. The Spec is nil when the
// document is not well-formed XML or its root is not
// <project_specification>; otherwise it holds whatever could be read,
// even when some problems are errors.
func ParseAppSpec(data []byte) (*Spec, []Problem) {
	ps := &problems{file: FileAppSpec}
	if len(bytes.TrimSpace(data)) == 0 {
		ps.errorf(0, "write the specification as XML with root <"+rootName+">", "the file is empty")
		return nil, ps.list
	}
	if !utf8.Valid(data) {
		ps.errorf(badUTF8Line(data), "save the file as UTF-8", "the file is not valid UTF-8")
		return nil, ps.list
	}
	// A byte order mark is legal but reads as text before the root.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	root, fixes := parseTree(data, ps)
	if root == nil {
		if len(fixes) > 0 {
			checkRepaired(repair(data, fixes), ps)
		}
		return nil, ps.sorted()
	}
	return checkTree(root, ps), ps.sorted()
}

// checkTree checks a parsed document and reads its Spec, which is nil
// when the root is wrong.
func checkTree(root *node, ps *problems) *Spec {
	if root.name != rootName {
		ps.errorf(root.line, "the whole spec goes inside one <"+rootName+"> element",
			"the root element is <%s>, not <%s>", root.name, rootName)
		return nil
	}
	s := &Spec{}
	c := checker{ps: ps, spec: s, reported: map[*node]bool{}}
	found := c.structure(root)
	c.read(found)
	c.lint(root, found)
	return s
}

// checkRepaired checks a copy of a malformed document with its unescaped
// characters escaped. The decoder stops at the first error; looking past
// the escapes lets one round of fixes also cover what it would have
// reported next, such as an unclosed tag or a missing section.
func checkRepaired(data []byte, ps *problems) {
	more := &problems{file: FileAppSpec}
	if root, _ := parseTree(data, more); root != nil {
		checkTree(root, more)
	}
	// Problems met before the first error, such as text outside the root,
	// are found on both passes.
	type key struct {
		line int
		msg  string
	}
	seen := map[key]bool{}
	for _, p := range ps.list {
		seen[key{p.Line, p.Message}] = true
	}
	for _, p := range more.list {
		if !seen[key{p.Line, p.Message}] {
			ps.list = append(ps.list, p)
		}
	}
}

// checker carries the state of one ParseAppSpec call across the files
// that implement its checks.
type checker struct {
	ps   *problems
	spec *Spec
	// reported marks elements that already have a problem, so the generic
	// empty-element check does not repeat it.
	reported map[*node]bool
}

// structure checks the required sections, their order and their required
// children. It returns the first element of each section present.
func (c *checker) structure(root *node) map[string]*node {
	index := map[string]int{}
	for i, s := range sections {
		index[s.name] = i
	}
	found := map[string]*node{}
	var seen []*node // first occurrences of known sections, in document order
	for _, k := range root.kids {
		if _, known := index[k.name]; !known {
			continue // extra sections are the model's to add
		}
		if first, dup := found[k.name]; dup {
			if k.name == "feature_count" {
				c.ps.errorf(k.line, "keep one <feature_count> with the agreed number",
					"<feature_count> appears again (first at line %d)", first.line)
			} else {
				c.ps.warnf(k.line, fmt.Sprintf("merge it into the <%s> at line %d", k.name, first.line),
					"<%s> appears again (first at line %d); only the first is read", k.name, first.line)
			}
			c.reported[k] = true
			continue
		}
		found[k.name] = k
		// An element is out of place when an earlier one belongs after it.
		for _, prev := range seen {
			if index[prev.name] > index[k.name] {
				c.ps.warnf(k.line, fmt.Sprintf("move <%s> before <%s> (line %d); the order is %s",
					k.name, prev.name, prev.line, strings.Join(SectionNames(), ", ")),
					"<%s> is out of order", k.name)
				break
			}
		}
		seen = append(seen, k)
	}
	for i, s := range sections {
		n := found[s.name]
		if n == nil {
			where := "as the first element inside <" + rootName + ">"
			if i > 0 {
				where = "after </" + sections[i-1].name + ">"
			}
			c.ps.errorf(0, fmt.Sprintf("add <%s>…</%s> %s", s.name, s.name, where),
				"required section <%s> is missing", s.name)
			continue
		}
		// The parts inside a section are what a good spec holds, but the
		// completion rule of spec-format.md asks only for the sections: a
		// missing part is a warning, so that a spec written by another
		// tool or a terser model still completes.
		for _, kid := range s.kids {
			if n.child(kid) == nil {
				c.ps.warnf(n.line, fmt.Sprintf("add <%s>…</%s> inside <%s>", kid, kid, s.name),
					"<%s> has no <%s>", s.name, kid)
				c.reported[n] = true
			}
		}
	}
	if n := found["implementation_steps"]; n != nil && len(n.all("step")) == 0 {
		c.ps.warnf(n.line, `write each step as <step number="1"><title>…</title><tasks>- …</tasks></step>`,
			"<implementation_steps> has no <step>")
		c.reported[n] = true
	}
	return found
}

// readCount validates feature_count and returns it, or 0 when invalid.
func (c *checker) readCount(n *node) int {
	c.reported[n] = true
	if len(n.kids) > 0 {
		c.ps.errorf(n.line, "write just the number, e.g. <feature_count>40</feature_count>",
			"<feature_count> must hold only a number, not elements")
		return 0
	}
	raw := strings.TrimSpace(n.textAll())
	if raw == "" {
		c.ps.errorf(n.line, "write the agreed number of features, e.g. <feature_count>40</feature_count>",
			"<feature_count> is empty")
		return 0
	}
	if !allIn(raw, "0123456789") {
		c.ps.errorf(n.line, "write just the number agreed in the interview, e.g. <feature_count>40</feature_count>",
			"<feature_count> must be a whole number, found %q", clip(raw, 40))
		return 0
	}
	v, err := strconv.Atoi(raw)
	if err != nil || v < MinFeatureCount || v > MaxFeatureCount {
		c.ps.errorf(n.line, fmt.Sprintf("agree on a count between %d and %d", MinFeatureCount, MaxFeatureCount),
			"<feature_count> is %s, outside %d–%d", clip(raw, 20), MinFeatureCount, MaxFeatureCount)
		return 0
	}
	return v
}

// badUTF8Line returns the line of the first byte that is not UTF-8.
func badUTF8Line(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}
