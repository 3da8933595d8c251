package export

import (
	"bytes"
	"fmt"
	"strings"
)

// minPurpose is the shortest Purpose OpenSpec accepts without a warning
// (which `openspec validate --strict` turns into a failure).
const minPurpose = 50

// renderOpenSpec writes openspec/specs/<capability>/spec.md, one
// capability per feature category: a Purpose, and one "### Requirement:"
// per feature whose body says SHALL, with one "#### Scenario:" per
// acceptance criterion in WHEN/THEN bullets.
func renderOpenSpec(m *model) []File {
	var files []File
	used := map[string]bool{}
	i := 0
	for _, c := range m.s.Categories {
		feats := m.features[i : i+len(c.Features)]
		i += len(c.Features)
		if len(feats) == 0 {
			continue // OpenSpec refuses a spec without requirements
		}
		capName := uniqueID(slug(c.Name), used)
		used[capName] = true
		files = append(files, File{Path: "openspec/specs/" + capName + "/spec.md", Data: openSpecFile(m, humanize(c.Name), feats)})
	}
	if len(files) == 0 {
		// No features: one capability holding the overview, so that the
		// folder is still a valid OpenSpec tree.
		var b bytes.Buffer
		fmt.Fprintf(&b, "# %s Specification\n\n%s\n\n## Purpose\n\n%s\n\n## Requirements\n\n", oneLine(m.name()), comment("the spec lists no features; this capability states only the overview"), purpose(m, "the application"))
		fmt.Fprintf(&b, "### Requirement: Overview\n\nThe system SHALL do what the overview says.\n\n#### Scenario: Overview\n\n- **WHEN** a tester reads the overview\n- **THEN** the application SHALL match it\n")
		files = append(files, File{Path: "openspec/specs/" + slug(m.name()) + "/spec.md", Data: b.Bytes()})
	}
	return files
}

func purpose(m *model, category string) string {
	p := fmt.Sprintf("The %s capability of %s. ", strings.ToLower(category), oneLine(m.name()))
	if o := oneLine(m.s.Overview); o != "" {
		p += o
	}
	if len(p) < minPurpose {
		p += "It holds the requirements the specification lists for this part of the application."
	}
	return strings.TrimSpace(p)
}

func openSpecFile(m *model, category string, feats []feature) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s Specification\n\n", category)
	writeAssumptions(&b, m.assumed)
	fmt.Fprintf(&b, "## Purpose\n\n%s\n\n## Requirements\n\n", purpose(m, category))
	for _, f := range feats {
		fmt.Fprintf(&b, "### Requirement: %s %s\n\n", f.ID, headerText(f.Name))
		fmt.Fprintf(&b, "The system SHALL provide \"%s\": %s\n", trimStop(oneLine(f.Name)), sentence(orDefault(oneLine(f.Description), oneLine(f.Name))))
		if len(f.Deps) > 0 {
			fmt.Fprintf(&b, "It builds on %s.\n", strings.Join(f.Deps, ", "))
		}
		b.WriteString("\n")
		names := map[string]bool{}
		for k, sc := range scenarios(f, m.name()) {
			name := uniqueID(fmt.Sprintf("%d %s", k+1, headerText(sc.Name)), names)
			names[name] = true
			fmt.Fprintf(&b, "#### Scenario: %s\n\n", name)
			if sc.Given != "" {
				fmt.Fprintf(&b, "- **GIVEN** %s\n", sc.Given)
			}
			fmt.Fprintf(&b, "- **WHEN** %s\n", sc.When)
			fmt.Fprintf(&b, "- **THEN** %s\n\n", sc.Then)
		}
	}
	return trimEnd(b.Bytes())
}

// headerText keeps a name usable in a Markdown heading: one line, no
// leading '#'.
func headerText(s string) string {
	return strings.TrimLeft(oneLine(s), "# ")
}
