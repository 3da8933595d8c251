package spec

import (
	"fmt"
	"io"
	"strings"
)

// WriteText writes the diff for a person: the summary, then one line per
// change, part by part, and the line diffs last.
//
//	+3 features, 1 changed, 1 removed; feature count 54 → 56
//	features:
//	  + F-055 Export lists (settings)
//	  ~ F-005 Delete own account: description
//	  - F-010 Rename a list (lists)
func (d Diff) WriteText(w io.Writer) error {
	var b strings.Builder
	b.WriteString(d.Summary() + "\n")
	name := func(r FeatureRef) string {
		if r.ID != "" {
			return r.ID + " " + r.Name
		}
		return r.Name
	}
	if len(d.Features.Added)+len(d.Features.Changed)+len(d.Features.Removed) > 0 {
		b.WriteString("features:\n")
		for _, r := range d.Features.Added {
			fmt.Fprintf(&b, "  + %s (%s)\n", name(r), r.Category)
		}
		for _, c := range d.Features.Changed {
			fmt.Fprintf(&b, "  ~ %s: %s\n", name(c.FeatureRef), strings.Join(c.Fields, ", "))
		}
		for _, r := range d.Features.Removed {
			fmt.Fprintf(&b, "  - %s (%s)\n", name(r), r.Category)
		}
	}
	list := func(title string, added, removed []string, changed []string) {
		if len(added)+len(removed)+len(changed) == 0 {
			return
		}
		b.WriteString(title + ":\n")
		for _, x := range added {
			b.WriteString("  + " + x + "\n")
		}
		for _, x := range changed {
			b.WriteString("  ~ " + x + "\n")
		}
		for _, x := range removed {
			b.WriteString("  - " + x + "\n")
		}
	}
	var renamed []string
	for _, r := range d.Categories.Renamed {
		renamed = append(renamed, r.From+" → "+r.To)
	}
	list("categories", d.Categories.Added, d.Categories.Removed, renamed)
	var tables []string
	for _, t := range d.Tables.Changed {
		var parts []string
		for _, f := range t.Added {
			parts = append(parts, "+"+f)
		}
		for _, f := range t.Changed {
			parts = append(parts, "~"+f.Name)
		}
		for _, f := range t.Removed {
			parts = append(parts, "-"+f)
		}
		tables = append(tables, t.Name+": "+strings.Join(parts, " "))
	}
	list("tables", d.Tables.Added, d.Tables.Removed, tables)
	list("endpoints", d.Endpoints.Added, d.Endpoints.Removed, names(d.Endpoints.Changed))
	var roles []string
	for _, r := range d.Roles.Changed {
		roles = append(roles, fmt.Sprintf("%s: %d permissions added, %d removed; %d routes added, %d removed",
			r.Name, len(r.PermissionsAdded), len(r.PermissionsRemoved), len(r.RoutesAdded), len(r.RoutesRemoved)))
	}
	list("roles", d.Roles.Added, d.Roles.Removed, roles)
	var stack []string
	for _, s := range d.Stack {
		stack = append(stack, fmt.Sprintf("%s: %q → %q", s.Name, s.Before, s.After))
	}
	list("stack", nil, nil, stack)
	for _, s := range append(append([]SectionDiff(nil), d.Sections...), d.Files...) {
		b.WriteString(s.Name + ":\n")
		for _, h := range s.Hunks {
			fmt.Fprintf(&b, "  @@ -%d +%d @@\n", h.OldLine, h.NewLine)
			for _, l := range h.Lines {
				b.WriteString("  " + l.Op + l.Text + "\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func names(cs []TextChange) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}
