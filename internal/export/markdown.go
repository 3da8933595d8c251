package export

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/spec"
)

// renderMarkdown writes the whole spec as one document for people: every
// part of the model, in the spec's order, features with their IDs,
// criteria and dependencies.
func renderMarkdown(m *model) []byte {
	var b bytes.Buffer
	s := m.s
	fmt.Fprintf(&b, "# %s\n\n", oneLine(m.name()))
	writeAssumptions(&b, m.assumed)
	if s.Overview != "" {
		fmt.Fprintf(&b, "%s\n\n", s.Overview)
	}
	fmt.Fprintf(&b, "**Features:** %d", len(m.features))
	if s.FeatureCount != 0 {
		fmt.Fprintf(&b, " (agreed count: %d)", s.FeatureCount)
	}
	b.WriteString("\n\n")
	if len(s.NotApplicable) > 0 {
		b.WriteString("**Not applicable:**\n\n")
		for _, n := range s.NotApplicable {
			fmt.Fprintf(&b, "- %s: %s\n", n.Part, oneLine(n.Reason))
		}
		b.WriteString("\n")
	}
	sectionsPart(&b, "Technology stack", s.Stack)
	sectionsPart(&b, "Prerequisites", s.Prerequisites)
	securityPart(&b, s.Security)
	featuresPart(&b, m)
	tablesPart(&b, s.Tables)
	apiPart(&b, s.APIAreas)
	sectionsPart(&b, "User interface", s.UI)
	sectionsPart(&b, "Design system", s.Design)
	stepsPart(&b, s.Steps)
	sectionsPart(&b, "Success criteria", s.SuccessCriteria)
	for _, x := range s.Extra {
		sectionsPart(&b, humanize(x.Name), []spec.Section{{Lines: x.Lines, Attrs: x.Attrs}, {Sections: x.Sections}})
	}
	return append(bytes.TrimRight(b.Bytes(), "\n"), '\n')
}

func writeAssumptions(b *bytes.Buffer, assumed []string) {
	for _, a := range assumed {
		fmt.Fprintf(b, "%s\n", comment("assumed: "+a))
	}
	if len(assumed) > 0 {
		b.WriteString("\n")
	}
}

func sectionsPart(b *bytes.Buffer, title string, secs []spec.Section) {
	if !hasContent(secs) {
		return
	}
	fmt.Fprintf(b, "## %s\n\n", title)
	writeSections(b, secs, 0)
	b.WriteString("\n")
}

func hasContent(secs []spec.Section) bool {
	for _, s := range secs {
		if len(s.Lines) > 0 || len(s.Attrs) > 0 || hasContent(s.Sections) {
			return true
		}
	}
	return false
}

// writeSections writes a section tree as a nested list: a named section
// is a bold item holding its attributes and lines; a section that is one
// line is "Name: line".
func writeSections(b *bytes.Buffer, secs []spec.Section, depth int) {
	ind := strings.Repeat("  ", depth)
	for _, s := range secs {
		if s.Name == "" {
			for _, l := range s.Lines {
				fmt.Fprintf(b, "%s- %s\n", ind, oneLine(l))
			}
			writeSections(b, s.Sections, depth)
			continue
		}
		head := "**" + humanize(s.Name) + "**"
		var attrs []string
		for _, a := range s.Attrs {
			attrs = append(attrs, a.Name+"="+oneLine(a.Value))
		}
		if len(attrs) > 0 {
			head += " (" + strings.Join(attrs, ", ") + ")"
		}
		if len(s.Lines) == 1 && len(s.Sections) == 0 {
			fmt.Fprintf(b, "%s- %s: %s\n", ind, head, oneLine(s.Lines[0]))
			continue
		}
		fmt.Fprintf(b, "%s- %s\n", ind, head)
		for _, l := range s.Lines {
			fmt.Fprintf(b, "%s  - %s\n", ind, oneLine(l))
		}
		writeSections(b, s.Sections, depth+1)
	}
}

func securityPart(b *bytes.Buffer, sec spec.Security) {
	if len(sec.Roles) == 0 && len(sec.Authentication) == 0 && len(sec.SensitiveOperations) == 0 && len(sec.Other) == 0 {
		return
	}
	b.WriteString("## Security and access control\n\n")
	for _, r := range sec.Roles {
		fmt.Fprintf(b, "### Role: %s\n\n", oneLine(r.Name))
		for _, p := range r.Permissions {
			fmt.Fprintf(b, "- %s\n", oneLine(p))
		}
		if len(r.ProtectedRoutes) > 0 {
			b.WriteString("\nProtected routes:\n\n")
			for _, p := range r.ProtectedRoutes {
				fmt.Fprintf(b, "- `%s`\n", strings.ReplaceAll(oneLine(p), "`", "'"))
			}
		}
		b.WriteString("\n")
	}
	if len(sec.Authentication) > 0 {
		b.WriteString("### Authentication\n\n")
		writeSections(b, sec.Authentication, 0)
		b.WriteString("\n")
	}
	if len(sec.SensitiveOperations) > 0 {
		b.WriteString("### Sensitive operations\n\n")
		for _, o := range sec.SensitiveOperations {
			fmt.Fprintf(b, "- %s\n", oneLine(o))
		}
		b.WriteString("\n")
	}
	if hasContent(sec.Other) {
		writeSections(b, sec.Other, 0)
		b.WriteString("\n")
	}
}

func featuresPart(b *bytes.Buffer, m *model) {
	if len(m.features) == 0 {
		return
	}
	b.WriteString("## Features\n\n")
	i := 0
	for _, c := range m.s.Categories {
		fmt.Fprintf(b, "### %s\n\n", humanize(c.Name))
		for range c.Features {
			f := m.features[i]
			i++
			fmt.Fprintf(b, "#### %s %s\n\n", f.ID, oneLine(f.Name))
			if d := oneLine(f.Description); d != "" && d != oneLine(f.Name) {
				fmt.Fprintf(b, "%s\n\n", d)
			}
			if len(f.Deps) > 0 {
				fmt.Fprintf(b, "Depends on: %s\n\n", strings.Join(f.Deps, ", "))
			}
			if len(f.Acceptance) > 0 {
				b.WriteString("Acceptance:\n\n")
				for _, a := range f.Acceptance {
					fmt.Fprintf(b, "- %s\n", oneLine(a))
				}
				b.WriteString("\n")
			}
		}
	}
}

func tablesPart(b *bytes.Buffer, tables []spec.Table) {
	if len(tables) == 0 {
		return
	}
	b.WriteString("## Data model\n\n")
	for _, t := range tables {
		fmt.Fprintf(b, "### %s\n\n", oneLine(t.Name))
		if len(t.Fields) == 0 {
			continue
		}
		b.WriteString("| field | type | references | required | notes |\n|---|---|---|---|---|\n")
		for _, f := range t.Fields {
			req := ""
			if f.Required {
				req = "yes"
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", cell(f.Name), cell(f.Type), cell(f.References), req, cell(f.Notes))
		}
		b.WriteString("\n")
	}
}

// cell makes a value safe inside a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(oneLine(s), "|", "\\|") }

func apiPart(b *bytes.Buffer, areas []spec.APIArea) {
	if len(areas) == 0 {
		return
	}
	b.WriteString("## API\n\n")
	for _, a := range areas {
		writeArea(b, a)
	}
}

// writeArea writes one API area: a heading and a line per endpoint.
func writeArea(b *bytes.Buffer, a spec.APIArea) {
	fmt.Fprintf(b, "### %s\n\n", humanize(a.Name))
	for _, e := range a.Endpoints {
		fmt.Fprintf(b, "- `%s %s`", e.Method, strings.ReplaceAll(e.Path, "`", "'"))
		if e.Description != "" {
			fmt.Fprintf(b, " %s", oneLine(e.Description))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

func stepsPart(b *bytes.Buffer, steps []spec.Step) {
	if len(steps) == 0 {
		return
	}
	b.WriteString("## Implementation steps\n\n")
	for i, st := range steps {
		fmt.Fprintf(b, "%d. **%s**\n", i+1, oneLine(st.Title))
		for _, t := range st.Tasks {
			fmt.Fprintf(b, "   - %s\n", oneLine(t))
		}
	}
	b.WriteString("\n")
}
