package export

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/spec"
)

// SpecKitSections are the top-level sections of spec-kit's spec
// template, in its order. The spec-kit export writes each of them.
var SpecKitSections = []string{
	"User Scenarios & Testing",
	"Requirements",
	"Success Criteria",
	"Assumptions",
}

// renderSpecKit writes specs/001-<name>/spec.md in the layout of
// spec-kit's spec template: one prioritised user story per feature
// category (the order of the categories is the priority), acceptance
// scenarios in Given/When/Then, one FR- requirement per feature, key
// entities from the tables, SC- success criteria, and the assumptions.
func renderSpecKit(m *model) []File {
	var b bytes.Buffer
	s := m.s
	branch := "001-" + slug(m.name())
	fmt.Fprintf(&b, "# Feature Specification: %s\n\n", oneLine(m.name()))
	fmt.Fprintf(&b, "**Feature Branch**: `%s`\n\n", branch)
	b.WriteString("**Created**: not recorded in the spec\n\n")
	b.WriteString("**Status**: Draft\n\n")
	fmt.Fprintf(&b, "**Input**: %s\n\n", orDefault(oneLine(s.Overview), "the specification written by specwright"))
	b.WriteString(comment("exported from the specification; branch name, creation date and status are not in the spec, so the branch is numbered 001, the date is left out and the status is Draft") + "\n\n")

	b.WriteString("## User Scenarios & Testing *(mandatory)*\n\n")
	i := 0
	derived := false
	for n, c := range s.Categories {
		fmt.Fprintf(&b, "### User Story %d - %s (Priority: P%d)\n\n", n+1, humanize(c.Name), n+1)
		var names []string
		for _, f := range m.features[i : i+len(c.Features)] {
			names = append(names, oneLine(f.Name))
		}
		fmt.Fprintf(&b, "A person uses %s for %s: %s.\n\n", oneLine(m.name()), lowerFirst(humanize(c.Name)), strings.Join(names, "; "))
		fmt.Fprintf(&b, "**Why this priority**: the spec lists %s as category %d of %d; spec-kit's priorities follow that order.\n\n", lowerFirst(humanize(c.Name)), n+1, len(s.Categories))
		fmt.Fprintf(&b, "**Independent Test**: run the acceptance scenarios below against a build that has only this story's features and what they depend on.\n\n")
		b.WriteString("**Acceptance Scenarios**:\n\n")
		k := 0
		for _, f := range m.features[i : i+len(c.Features)] {
			for _, sc := range scenarios(f, m.name()) {
				k++
				if sc.derived {
					derived = true
				}
				fmt.Fprintf(&b, "%d. **Given** %s, **When** %s, **Then** %s (%s)\n", k, sc.Given, sc.When, sc.Then, f.ID)
			}
		}
		i += len(c.Features)
		b.WriteString("\n---\n\n")
	}
	if derived {
		b.WriteString(comment("scenarios of features without Given/When/Then criteria were derived from the feature's description or its criterion as written") + "\n\n")
	}
	b.WriteString("### Edge Cases\n\n")
	if len(s.Security.SensitiveOperations) == 0 {
		b.WriteString(comment("the spec names no sensitive operations; no edge case is listed") + "\n\n")
	}
	for _, o := range s.Security.SensitiveOperations {
		fmt.Fprintf(&b, "- %s\n", sentence(oneLine(o)))
	}
	if len(s.Security.SensitiveOperations) > 0 {
		b.WriteString("\n")
	}

	b.WriteString("## Requirements *(mandatory)*\n\n### Functional Requirements\n\n")
	fr := 0
	for _, f := range m.features {
		fr++
		fmt.Fprintf(&b, "- **FR-%03d**: System MUST provide \"%s\": %s *(%s)*\n", fr, oneLine(f.Name), sentence(orDefault(oneLine(f.Description), oneLine(f.Name))), f.ID)
	}
	for _, r := range s.Security.Roles {
		for _, p := range r.Permissions {
			fr++
			fmt.Fprintf(&b, "- **FR-%03d**: System MUST allow the %s role to: %s\n", fr, oneLine(r.Name), sentence(lowerFirst(oneLine(p))))
		}
		for _, p := range r.ProtectedRoutes {
			fr++
			fmt.Fprintf(&b, "- **FR-%03d**: System MUST protect %s for the %s role\n", fr, oneLine(p), oneLine(r.Name))
		}
	}
	if fr == 0 {
		b.WriteString(comment("the spec lists no features or roles, so there is no functional requirement") + "\n")
	}
	b.WriteString("\n### Key Entities *(include if feature involves data)*\n\n")
	if len(s.Tables) == 0 {
		b.WriteString(comment("the spec defines no tables") + "\n")
	}
	for _, t := range s.Tables {
		var fields []string
		for _, f := range t.Fields {
			x := f.Name
			if f.References != "" {
				x += " → " + f.References
			}
			fields = append(fields, oneLine(x))
		}
		fmt.Fprintf(&b, "- **%s**: %s\n", oneLine(t.Name), orDefault(strings.Join(fields, ", "), "no fields listed"))
	}

	b.WriteString("\n## Success Criteria *(mandatory)*\n\n### Measurable Outcomes\n\n")
	sc := 0
	for _, l := range successLines(s.SuccessCriteria) {
		sc++
		fmt.Fprintf(&b, "- **SC-%03d**: %s\n", sc, sentence(l))
	}
	if sc == 0 {
		b.WriteString(comment("the spec gives no success criteria; the one below is assumed from the feature list") + "\n")
		fmt.Fprintf(&b, "- **SC-001**: All %d features pass their acceptance scenarios.\n", len(m.features))
	}

	b.WriteString("\n## Assumptions\n\n")
	for _, n := range s.NotApplicable {
		fmt.Fprintf(&b, "- The %s does not apply: %s\n", n.Part, oneLine(n.Reason))
	}
	for _, a := range m.assumed {
		fmt.Fprintf(&b, "- %s\n", sentence(humanizeFirst(a)))
	}
	if len(s.NotApplicable) == 0 && len(m.assumed) == 0 {
		b.WriteString("- Nothing beyond the specification was assumed.\n")
	}
	return []File{{Path: "specs/" + branch + "/spec.md", Data: b.Bytes()}}
}

func humanizeFirst(s string) string {
	r := []rune(s)
	if len(r) > 0 && r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

// successLines flattens the success criteria: each line, prefixed by its
// group when there is one ("Functionality: …").
func successLines(secs []spec.Section) []string {
	var out []string
	var walk func(prefix string, s spec.Section)
	walk = func(prefix string, s spec.Section) {
		p := prefix
		if s.Name != "" {
			p = humanize(s.Name)
		}
		for _, l := range s.Lines {
			if l = oneLine(l); l != "" {
				if p != "" {
					l = p + ": " + l
				}
				out = append(out, l)
			}
		}
		for _, k := range s.Sections {
			walk(p, k)
		}
	}
	for _, s := range secs {
		walk("", s)
	}
	return out
}

// scenario is one Given/When/Then, with whether it was derived.
type scenario struct {
	Name              string
	Given, When, Then string
	derived           bool
}

// scenarios returns the feature's criteria as Given/When/Then. A criterion
// written otherwise, or a feature with none, gets one derived from its
// text (marked derived).
func scenarios(f feature, app string) []scenario {
	var out []scenario
	for _, a := range f.Acceptance {
		a = oneLine(a)
		if a == "" {
			continue
		}
		if g := parseGWT(a); g.OK {
			given := orDefault(g.Given, "the application is running")
			out = append(out, scenario{Name: clip(g.When, 70), Given: given, When: g.When, Then: sentence(g.Then)})
			continue
		}
		if w, t, ok := splitEventEARS(a); ok {
			out = append(out, scenario{Name: clip(w, 70), Given: "the application is running", When: w, Then: sentence(t)})
			continue
		}
		out = append(out, scenario{
			Name:  clip(trimStop(a), 80),
			Given: "the application is running", When: "a tester checks " + oneLine(f.Name),
			Then: "it holds that " + sentence(lowerFirst(a)), derived: true,
		})
	}
	if len(out) > 0 {
		return out
	}
	what := trimStop(orDefault(oneLine(f.Description), oneLine(f.Name)))
	return []scenario{{
		Name:  clip(oneLine(f.Name), 80),
		Given: "the application " + oneLine(app) + " is running", When: "a user does what the feature describes (" + lowerFirst(what) + ")",
		Then: "the result is what the description says.", derived: true,
	}}
}
