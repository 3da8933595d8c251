package spec

import (
	"fmt"
	"strconv"
	"strings"
)

// textPart is one part of a spec that Diff compares as lines of text: the
// parts without a typed comparison of their own.
type textPart struct {
	name  string
	lines []string
}

// textParts renders, in the order of the format, the parts of s that
// the typed comparisons do not cover.
func textParts(s *Spec) []textPart {
	sec := func(secs []Section) []string {
		var out []string
		for _, e := range flatten(secs) {
			for _, l := range strings.Split(e.text, "\n") {
				out = append(out, e.path+": "+l)
			}
		}
		return out
	}
	var steps []string
	for _, st := range s.Steps {
		steps = append(steps, fmt.Sprintf("step %d: %s", st.Number, st.Title))
		for _, t := range st.Tasks {
			steps = append(steps, "  - "+t)
		}
	}
	var na []string
	for _, n := range s.NotApplicable {
		na = append(na, n.Part+": "+n.Reason)
	}
	var security []string
	security = append(security, sec(s.Security.Authentication)...)
	for _, o := range s.Security.SensitiveOperations {
		security = append(security, "sensitive: "+o)
	}
	security = append(security, sec(s.Security.Other)...)
	parts := []textPart{
		{"project_name", nonEmpty(s.ProjectName)},
		{"overview", nonEmpty(s.Overview)},
		{"prerequisites", sec(s.Prerequisites)},
		{"security_and_access_control", security},
		{"ui_layout", sec(s.UI)},
		{"design_system", sec(s.Design)},
		{"implementation_steps", steps},
		{"success_criteria", sec(s.SuccessCriteria)},
		{"not_applicable", na},
	}
	for i, x := range s.Extra {
		parts = append(parts, textPart{x.Name + "#" + strconv.Itoa(i), sec([]Section{x})})
	}
	return parts
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// diffSections line-diffs the parts of the same name.
func diffSections(a, b []textPart) []SectionDiff {
	var out []SectionDiff
	find := func(ps []textPart, name string) []string {
		for _, p := range ps {
			if p.name == name {
				return p.lines
			}
		}
		return nil
	}
	seen := map[string]bool{}
	for _, ps := range [][]textPart{b, a} {
		for _, p := range ps {
			if seen[p.name] {
				continue
			}
			seen[p.name] = true
			if h := LineDiff(find(a, p.name), find(b, p.name)); len(h) > 0 {
				out = append(out, SectionDiff{Name: strings.SplitN(p.name, "#", 2)[0], Hunks: h})
			}
		}
	}
	return out
}

// CompareFiles parses two versions of the spec files and compares them.
// Files holds the line diff of initializer_prompt.md when it changed,
// and of app_spec.txt too when either version cannot be parsed, so no
// change goes unreported.
func CompareFiles(specA, initA, specB, initB []byte) Diff {
	a, _ := Parse(specA)
	b, _ := Parse(specB)
	d := Compare(a, b)
	if a == nil || b == nil {
		if h := LineDiff(splitLines(specA), splitLines(specB)); len(h) > 0 {
			d.Files = append(d.Files, SectionDiff{Name: "app_spec.txt", Hunks: h})
		}
	}
	if h := LineDiff(splitLines(initA), splitLines(initB)); len(h) > 0 {
		d.Files = append(d.Files, SectionDiff{Name: "initializer_prompt.md", Hunks: h})
	}
	return d
}

func splitLines(b []byte) []string {
	s := strings.TrimRight(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
