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

// Parse reads and checks app_spec.txt on its own. The Spec is nil when
// no XML element could be read; otherwise it holds whatever could be
// read, even when some problems are errors. A spec whose only count is
// in the initializer needs [Check], which reads both files.
func Parse(data []byte) (*Spec, []Problem) {
	s, ps := parse(data)
	if s != nil {
		requireCount(s, ps, nil)
	}
	return s, ps.sorted()
}

// parse reads and checks app_spec.txt, except for the count's presence,
// which may come from the initializer.
func parse(data []byte) (*Spec, *problems) {
	ps := &problems{file: FileAppSpec}
	if len(bytes.TrimSpace(data)) == 0 {
		ps.errorf(0, "write the specification as XML with root <"+rootName+">", "the file is empty").Rule = RuleEmpty
		return nil, ps
	}
	if !utf8.Valid(data) {
		ps.errorf(badUTF8Line(data), "save the file as UTF-8", "the file is not valid UTF-8").Rule = RuleEmpty
		return nil, ps
	}
	// A byte order mark is legal but reads as text before the root.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	root := readTree(data, ps)
	if root == nil {
		if isMarkdown(data) {
			ps.list = nil
			ps.errorf(0, "write the spec as XML: one <"+rootName+"> element holding the sections",
				"the file is a Markdown document, not the XML spec").Rule = RuleNotSpec
		}
		return nil, ps
	}
	if root.name != rootName {
		ps.errorf(root.line, "the whole spec goes inside one <"+rootName+"> element",
			"the root element is <%s>, not <%s>", root.name, rootName).Rule = RuleNotSpec
		return nil, ps
	}
	s := &Spec{}
	c := checker{ps: ps, spec: s, reported: map[*node]bool{}, root: root}
	found := c.structure(root)
	if found == nil {
		return s, ps
	}
	c.read(found)
	c.lint(root, found)
	return s, ps
}

// isMarkdown reports whether data reads as a Markdown document: a
// heading or a list before any tag.
func isMarkdown(data []byte) bool {
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "":
			continue
		case strings.HasPrefix(l, "#"), strings.HasPrefix(l, "- "), strings.HasPrefix(l, "* "), strings.HasPrefix(l, "**"):
			return true
		default:
			return false
		}
	}
	return false
}

// checker carries the state of one parse across the files that
// implement its checks.
type checker struct {
	ps   *problems
	spec *Spec
	// reported marks elements that already have a problem, so the generic
	// empty-element check does not repeat it.
	reported map[*node]bool
	all      []Feature // every feature, once read
	lowAll   []string  // each feature's description in lower case
	root     *node
}

// features returns every feature of the spec, gathered once.
func (c *checker) features() []Feature {
	if c.all == nil {
		c.all = c.spec.Features()
	}
	return c.all
}

// lowDescriptions returns each feature's description in lower case, in
// the order of features(), lowered once for all the checks that read it.
func (c *checker) lowDescriptions() []string {
	if c.lowAll == nil {
		all := c.features()
		c.lowAll = make([]string, len(all))
		for i, f := range all {
			c.lowAll[i] = strings.ToLower(f.Description)
		}
	}
	return c.lowAll
}

// structure finds the sections, under our names or the lineage's, and
// checks their presence and order. It returns the first element of each
// section present, by our name, or nil when the document is not a spec
// at all (a stub, or Markdown inside the root).
func (c *checker) structure(root *node) map[string]*node {
	index := map[string]int{}
	for i, s := range sections {
		index[s.name] = i
	}
	found := map[string]*node{}
	var seen []*node // first occurrences of known sections, in document order
	for _, k := range root.kids {
		sec, alias, known := sectionFor(k.name)
		if !known {
			continue // extra sections are the model's to add
		}
		if first, dup := found[sec.name]; dup {
			if sec.name == "feature_count" {
				c.ps.errorf(k.line, "keep one <feature_count> with the agreed number",
					"<%s> appears again (first at line %d)", k.name, first.line).Rule = RuleBadCount
			} else {
				c.ps.warnf(k.line, fmt.Sprintf("merge it into the <%s> at line %d", first.name, first.line),
					"<%s> appears again (first at line %d); only the first is read", k.name, first.line).Rule = RuleOrder
			}
			c.reported[k] = true
			continue
		}
		if alias {
			c.ps.warnf(k.line, fmt.Sprintf("rename it <%s>", sec.name),
				"<%s> is read as <%s>, the format's name for it", k.name, sec.name).Rule = RuleLegacyName
		}
		found[sec.name] = k
		// An element is out of place when an earlier one belongs after it.
		for _, prev := range seen {
			if index[sectionName(prev.name)] > index[sec.name] {
				c.ps.warnf(k.line, fmt.Sprintf("move <%s> before <%s> (line %d); the order is %s",
					k.name, prev.name, prev.line, strings.Join(SectionNames(), ", ")),
					"<%s> is out of order", k.name).Rule = RuleOrder
				break
			}
		}
		seen = append(seen, k)
	}
	if len(found) == 0 {
		c.notASpec(root)
		return nil
	}
	return found
}

// sectionName maps an element name to our name for its section.
func sectionName(name string) string {
	if s, _, ok := sectionFor(name); ok {
		return s.name
	}
	return name
}

// notASpec explains a root that holds none of the sections.
func (c *checker) notASpec(root *node) {
	text := strings.TrimSpace(root.textAll())
	switch {
	case len(root.kids) == 0 && isMarkdown([]byte(text)):
		c.ps.errorf(root.line, "write the sections as XML elements (<project_name>, <overview>, <core_features>…), not Markdown",
			"<%s> holds a Markdown document, not the spec's sections", root.name).Rule = RuleNotSpec
	case len(text) < 400 && len(root.kids) == 0:
		c.ps.errorf(root.line, "write the whole spec here; agents read only this file",
			"<%s> holds no sections, only %q: a stub, not a spec", root.name, clip(collapse(text), 60)).Rule = RuleNotSpec
	default:
		c.ps.errorf(root.line, "write the sections the format names: <project_name>, <overview>, <core_features>…",
			"<%s> holds none of the spec's sections", root.name).Rule = RuleNotSpec
	}
}

// checkPresence reports required sections missing (unless declared not
// applicable) and recommended ones, after the spec has been read.
func (c *checker) checkPresence(found map[string]*node) {
	for i, s := range sections {
		n := found[s.name]
		if n == nil {
			if s.name == "feature_count" || s.name == "core_features" {
				continue // the count and the features have rules of their own
			}
			// Place it after the nearest section before it that the spec has.
			where := "as the first element inside <" + rootName + ">"
			for j := i - 1; j >= 0; j-- {
				if prev := found[sections[j].name]; prev != nil {
					where = "after </" + prev.name + ">"
					break
				}
			}
			switch {
			case s.part != "" && c.spec.IsNotApplicable(s.part):
			case s.required:
				c.ps.errorf(0, fmt.Sprintf("add <%s>…</%s> %s", s.name, s.name, where),
					"required section <%s> is missing", s.name).Rule = RuleMissingSection
			case s.part != "":
				c.ps.warnf(0, fmt.Sprintf("add <%s>…</%s> %s, or declare that it does not apply (e.g. <%s>none: …</%s>)", s.name, s.name, where, s.name, s.name),
					"section <%s> is missing", s.name).Rule = RuleRecommended
			default:
				c.ps.warnf(0, fmt.Sprintf("add <%s>…</%s> %s", s.name, s.name, where),
					"section <%s> is missing", s.name).Rule = RuleRecommended
			}
			continue
		}
		for _, kid := range s.kids {
			if n.child(kid) == nil && !(kid == "backend" && c.spec.IsNotApplicable("api")) && !(kid == "frontend" && c.spec.IsNotApplicable("ui")) {
				c.ps.warnf(n.line, fmt.Sprintf("add <%s>…</%s> inside <%s>", kid, kid, n.name),
					"<%s> has no <%s>", n.name, kid).Rule = RuleRecommended
				c.reported[n] = true
			}
		}
	}
	if n := found["implementation_steps"]; n != nil && len(c.spec.Steps) == 0 && !n.isEmpty() {
		c.ps.warnf(n.line, `write each step as <step number="1"><title>…</title><tasks>- …</tasks></step>`,
			"<%s> has no <step>", n.name).Rule = RuleSteps
		c.reported[n] = true
	}
}

// readCount validates feature_count and returns it, or 0 when invalid.
func (c *checker) readCount(n *node) int {
	c.reported[n] = true
	if len(n.kids) > 0 {
		c.ps.errorf(n.line, "write just the number, e.g. <feature_count>40</feature_count>",
			"<%s> must hold only a number, not elements", n.name).Rule = RuleBadCount
		return 0
	}
	raw := strings.TrimSpace(n.textAll())
	if raw == "" {
		c.ps.errorf(n.line, "write the agreed number of features, e.g. <feature_count>40</feature_count>",
			"<%s> is empty", n.name).Rule = RuleBadCount
		return 0
	}
	// "200", "~200", "200 features", "200+" all state the number.
	digits := strings.TrimSpace(strings.TrimRight(strings.TrimLeft(raw, "~≈ "), "+ "))
	if f := strings.Fields(digits); len(f) == 2 && strings.HasPrefix(strings.ToLower(f[1]), "feature") {
		digits = f[0]
	}
	digits = strings.ReplaceAll(digits, ",", "")
	if digits == "" || !allIn(digits, "0123456789") {
		c.ps.errorf(n.line, "write just the number agreed in the interview, e.g. <feature_count>40</feature_count>",
			"<%s> must be a whole number, found %q", n.name, clip(raw, 40)).Rule = RuleBadCount
		return 0
	}
	v, err := strconv.Atoi(digits)
	if err != nil || v < MinFeatureCount || v > MaxFeatureCount {
		c.ps.errorf(n.line, fmt.Sprintf("agree on a count between %d and %d", MinFeatureCount, MaxFeatureCount),
			"<%s> is %s, outside %d–%d", n.name, clip(raw, 20), MinFeatureCount, MaxFeatureCount).Rule = RuleBadCount
		return 0
	}
	if digits != raw {
		c.ps.warnf(n.line, fmt.Sprintf("write just the number: <feature_count>%d</feature_count>", v),
			"<%s> holds %q; read as %d", n.name, clip(raw, 20), v).Rule = RuleBadCount
	}
	return v
}

// requireCount settles the feature count: the spec's own, else one the
// initializer states (a warning), else an error.
func requireCount(s *Spec, ps *problems, initializer []byte) {
	if s.FeatureCount > 0 || ps.has(RuleBadCount, SeverityError) || s.FeatureLines() == 0 {
		return
	}
	if n := initializerCount(initializer); n > 0 {
		s.FeatureCount, s.CountFrom = n, CountFromInitializer
		ps.warnf(0, fmt.Sprintf("add <feature_count>%d</feature_count> after </prerequisites>", n),
			"no <feature_count> in the spec; the count %d is read from initializer_prompt.md", n).Rule = RuleCountFromInit
		return
	}
	ps.errorf(0, fmt.Sprintf("add <feature_count>N</feature_count> after </prerequisites>, N the agreed number of features (%d are listed)", s.FeatureLines()),
		"no feature count: neither <feature_count> nor a count in the initializer").Rule = RuleNoCount
}

// has reports whether a problem of the rule and severity was found.
func (ps *problems) has(rule string, sev Severity) bool {
	for _, p := range ps.list {
		if p.Rule == rule && p.Severity == sev {
			return true
		}
	}
	return false
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
