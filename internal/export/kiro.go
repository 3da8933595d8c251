package export

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/spec"
)

// renderKiro writes .kiro/specs/<name>/ with Kiro's three files:
// requirements.md (one requirement per feature, a user story and
// numbered acceptance criteria in EARS), design.md (the technical parts
// of the spec) and tasks.md (a checkbox plan referring to the
// requirements' criteria).
func renderKiro(m *model) []File {
	dir := ".kiro/specs/" + slug(m.name()) + "/"
	return []File{
		{Path: dir + "design.md", Data: kiroDesign(m)},
		{Path: dir + "requirements.md", Data: kiroRequirements(m)},
		{Path: dir + "tasks.md", Data: kiroTasks(m)},
	}
}

// system is the subject of the EARS requirements: "THE <name> SHALL".
func (m *model) system() string { return oneLine(m.name()) }

func kiroRequirements(m *model) []byte {
	var b bytes.Buffer
	b.WriteString("# Requirements Document\n\n")
	writeAssumptions(&b, m.assumed)
	b.WriteString("## Introduction\n\n")
	fmt.Fprintf(&b, "%s\n\n", orDefault(m.s.Overview, m.name()+" as specified by specwright."))
	b.WriteString(comment("user stories: the spec gives no role or benefit per feature; the role is the first role the feature's text names (else the first defined role, else \"user\") and the benefit is the feature's description. Criteria not written in EARS were rewritten into it: Given → WHILE, When → WHEN, Then → SHALL") + "\n\n")
	b.WriteString("## Requirements\n\n")
	for n, i := range m.order {
		f := m.features[i]
		fmt.Fprintf(&b, "### Requirement %d: %s (%s)\n\n", n+1, oneLine(f.Name), f.ID)
		benefit := sentence(lowerFirst(oneLine(f.Description)))
		if d := oneLine(f.Description); d == "" || d == oneLine(f.Name) {
			benefit = "I can use " + m.system() + " as the specification describes."
		}
		fmt.Fprintf(&b, "**User Story:** As a %s, I want \"%s\", so that %s\n\n", roleFor(m.s, f), trimStop(oneLine(f.Name)), benefit)
		b.WriteString("#### Acceptance Criteria\n\n")
		for k, c := range earsCriteria(f, m.system()) {
			fmt.Fprintf(&b, "%d. %s\n", k+1, c)
		}
		b.WriteString("\n")
	}
	return trimEnd(b.Bytes())
}

// earsCriteria returns the feature's criteria in EARS: kept when already
// EARS, rewritten from Given/When/Then, otherwise a ubiquitous
// requirement on the criterion or the description.
func earsCriteria(f feature, system string) []string {
	var out []string
	for _, a := range f.Acceptance {
		a = oneLine(a)
		switch {
		case a == "":
		case isEARS(a):
			out = append(out, a)
		default:
			if g := parseGWT(a); g.OK {
				c := "WHEN " + trimStop(g.When) + ", THE " + system + " SHALL ensure that " + sentence(trimStop(g.Then))
				if g.Given != "" {
					c = "WHILE " + trimStop(g.Given) + ", " + c
				}
				out = append(out, c)
			} else {
				out = append(out, "THE "+system+" SHALL satisfy this criterion: "+sentence(a))
			}
		}
	}
	if len(out) == 0 {
		out = append(out, "THE "+system+" SHALL provide \""+trimStop(oneLine(f.Name))+"\": "+sentence(orDefault(oneLine(f.Description), oneLine(f.Name))))
	}
	return out
}

// roleFor picks the role a user story speaks for.
func roleFor(s *spec.Spec, f feature) string {
	text := " " + strings.ToLower(oneLine(f.Category+" "+f.Name+" "+f.Description)) + " "
	for _, r := range s.Security.Roles {
		name := strings.ToLower(oneLine(r.Name))
		if name != "" && (strings.Contains(text, " "+name+" ") || strings.Contains(text, " "+name+"s ") || strings.Contains(text, " "+name+"_")) {
			return oneLine(r.Name)
		}
	}
	if len(s.Security.Roles) > 0 && oneLine(s.Security.Roles[0].Name) != "" {
		return oneLine(s.Security.Roles[0].Name)
	}
	return "user"
}

func kiroDesign(m *model) []byte {
	var b bytes.Buffer
	s := m.s
	b.WriteString("# Design Document\n\n## Overview\n\n")
	fmt.Fprintf(&b, "%s\n\n", orDefault(s.Overview, m.name()+"."))
	for _, n := range s.NotApplicable {
		fmt.Fprintf(&b, "- Not applicable: %s (%s)\n", n.Part, oneLine(n.Reason))
	}
	if len(s.NotApplicable) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("## Architecture\n\n")
	if hasContent(s.Stack) {
		writeSections(&b, s.Stack, 0)
	} else {
		b.WriteString(comment("the spec names no technology stack") + "\n")
	}
	if hasContent(s.Prerequisites) {
		b.WriteString("\n### Prerequisites\n\n")
		writeSections(&b, s.Prerequisites, 0)
	}
	b.WriteString("\n## Components and Interfaces\n\n")
	if len(s.APIAreas) == 0 {
		b.WriteString(comment("the spec lists no API endpoints") + "\n")
	}
	for _, a := range s.APIAreas {
		writeArea(&b, a)
	}
	if hasContent(s.UI) {
		b.WriteString("### User interface\n\n")
		writeSections(&b, s.UI, 0)
		b.WriteString("\n")
	}
	b.WriteString("## Data Models\n\n")
	if len(s.Tables) == 0 {
		b.WriteString(comment("the spec defines no tables") + "\n\n")
	} else {
		tablesPart(&b, s.Tables)
	}
	b.WriteString("## Security\n\n")
	if len(s.Security.Roles) == 0 && len(s.Security.Authentication) == 0 {
		b.WriteString(comment("the spec defines no roles or authentication") + "\n\n")
	}
	for _, r := range s.Security.Roles {
		fmt.Fprintf(&b, "- **%s**: %s\n", oneLine(r.Name), orDefault(joinLines(r.Permissions), "no permissions listed"))
	}
	if len(s.Security.Authentication) > 0 {
		writeSections(&b, s.Security.Authentication, 0)
	}
	b.WriteString("\n## Error Handling\n\n")
	if len(s.Security.SensitiveOperations) == 0 {
		b.WriteString(comment("the spec names no sensitive operations; the criteria of each requirement say how failures look") + "\n")
	}
	for _, o := range s.Security.SensitiveOperations {
		fmt.Fprintf(&b, "- %s\n", sentence(oneLine(o)))
	}
	b.WriteString("\n## Testing Strategy\n\n")
	fmt.Fprintf(&b, "Every acceptance criterion in requirements.md is a test a tester runs from the outside; the %d requirements are built in their numbered order.\n", len(m.features))
	if lines := successLines(s.SuccessCriteria); len(lines) > 0 {
		b.WriteString("\nThe whole is done when:\n\n")
		for _, l := range lines {
			fmt.Fprintf(&b, "- %s\n", sentence(l))
		}
	}
	if hasContent(s.Design) {
		b.WriteString("\n## Design System\n\n")
		writeSections(&b, s.Design, 0)
	}
	return trimEnd(b.Bytes())
}

func joinLines(ls []string) string {
	var out []string
	for _, l := range ls {
		out = append(out, trimStop(oneLine(l)))
	}
	return strings.Join(out, "; ")
}

func kiroTasks(m *model) []byte {
	var b bytes.Buffer
	b.WriteString("# Implementation Plan\n\n")
	n := 0
	for _, st := range m.s.Steps {
		n++
		fmt.Fprintf(&b, "- [ ] %d. %s\n", n, oneLine(st.Title))
		for _, t := range st.Tasks {
			fmt.Fprintf(&b, "  - %s\n", oneLine(t))
		}
		b.WriteString("\n")
	}
	req := map[int]int{} // feature index → requirement number
	for k, i := range m.order {
		req[i] = k + 1
	}
	// One task per category, one sub-task per feature, in build order.
	type group struct {
		name  string
		items []int
	}
	var groups []group
	at := map[string]int{}
	for _, i := range m.order {
		c := m.features[i].Category
		g, ok := at[c]
		if !ok {
			g = len(groups)
			at[c] = g
			groups = append(groups, group{name: c})
		}
		groups[g].items = append(groups[g].items, i)
	}
	for _, g := range groups {
		n++
		fmt.Fprintf(&b, "- [ ] %d. Build and test %s\n", n, lowerFirst(humanize(g.name)))
		for k, i := range g.items {
			f := m.features[i]
			crit := len(earsCriteria(f, m.system()))
			var refs []string
			for c := 1; c <= crit; c++ {
				refs = append(refs, fmt.Sprintf("%d.%d", req[i], c))
			}
			fmt.Fprintf(&b, "  - [ ] %d.%d %s (%s)\n", n, k+1, oneLine(f.Name), f.ID)
			fmt.Fprintf(&b, "    - _Requirements: %s_\n", strings.Join(refs, ", "))
		}
		b.WriteString("\n")
	}
	if n == 0 {
		b.WriteString(comment("the spec has no implementation steps and no features") + "\n")
	}
	return trimEnd(b.Bytes())
}

func trimEnd(b []byte) []byte { return append(bytes.TrimRight(b, "\n"), '\n') }
