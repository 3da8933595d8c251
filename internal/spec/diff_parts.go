package spec

import (
	"slices"
	"strings"
)

// diffTables compares tables by name (without regard to case) and their
// fields by name.
func diffTables(a, b []Table) TableDiff {
	var d TableDiff
	for _, t := range a {
		if _, ok := findTable(b, t.Name); !ok {
			d.Removed = append(d.Removed, t.Name)
		}
	}
	for _, t := range b {
		old, ok := findTable(a, t.Name)
		if !ok {
			d.Added = append(d.Added, t.Name)
			continue
		}
		fa, fb := fieldLines(old.Fields), fieldLines(t.Fields)
		c := TableChange{Name: t.Name}
		for _, f := range old.Fields {
			if _, ok := fb[strings.ToLower(f.Name)]; !ok {
				c.Removed = append(c.Removed, f.Name)
			}
		}
		for _, f := range t.Fields {
			before, ok := fa[strings.ToLower(f.Name)]
			switch {
			case !ok:
				c.Added = append(c.Added, f.Name)
			case before != f.String():
				c.Changed = append(c.Changed, TextChange{Name: f.Name, Before: before, After: f.String()})
			}
		}
		if len(c.Added)+len(c.Removed)+len(c.Changed) > 0 {
			d.Changed = append(d.Changed, c)
		}
	}
	return d
}

func findTable(ts []Table, name string) (Table, bool) {
	for _, t := range ts {
		if strings.EqualFold(t.Name, name) {
			return t, true
		}
	}
	return Table{}, false
}

func fieldLines(fs []Field) map[string]string {
	out := make(map[string]string, len(fs))
	for _, f := range fs {
		k := strings.ToLower(f.Name)
		if _, dup := out[k]; !dup {
			out[k] = f.String()
		}
	}
	return out
}

// diffEndpoints compares endpoints by method and path.
func diffEndpoints(a, b []Endpoint) EndpointDiff {
	var d EndpointDiff
	key := func(e Endpoint) string { return e.Method + " " + e.Path }
	desc := func(es []Endpoint) map[string]string {
		m := map[string]string{}
		for _, e := range es {
			if _, dup := m[key(e)]; !dup {
				m[key(e)] = collapse(e.Description)
			}
		}
		return m
	}
	da, db := desc(a), desc(b)
	for _, e := range a {
		if _, ok := db[key(e)]; !ok && !slices.Contains(d.Removed, key(e)) {
			d.Removed = append(d.Removed, key(e))
		}
	}
	seen := map[string]bool{}
	for _, e := range b {
		k := key(e)
		if seen[k] {
			continue
		}
		seen[k] = true
		before, ok := da[k]
		switch {
		case !ok:
			d.Added = append(d.Added, k)
		case before != db[k]:
			d.Changed = append(d.Changed, TextChange{Name: k, Before: before, After: db[k]})
		}
	}
	return d
}

// diffRoles compares roles by name and their permissions and protected
// routes as sets of lines.
func diffRoles(a, b []Role) RoleDiff {
	var d RoleDiff
	find := func(rs []Role, name string) (Role, bool) {
		for _, r := range rs {
			if strings.EqualFold(r.Name, name) {
				return r, true
			}
		}
		return Role{}, false
	}
	for _, r := range a {
		if _, ok := find(b, r.Name); !ok {
			d.Removed = append(d.Removed, r.Name)
		}
	}
	for _, r := range b {
		old, ok := find(a, r.Name)
		if !ok {
			d.Added = append(d.Added, r.Name)
			continue
		}
		c := RoleChange{Name: r.Name}
		c.PermissionsAdded, c.PermissionsRemoved = setDiff(old.Permissions, r.Permissions)
		c.RoutesAdded, c.RoutesRemoved = setDiff(old.ProtectedRoutes, r.ProtectedRoutes)
		if len(c.PermissionsAdded)+len(c.PermissionsRemoved)+len(c.RoutesAdded)+len(c.RoutesRemoved) > 0 {
			d.Changed = append(d.Changed, c)
		}
	}
	return d
}

// setDiff returns the lines of b not in a, and of a not in b, compared
// with white space collapsed.
func setDiff(a, b []string) (added, removed []string) {
	in := func(xs []string, s string) bool {
		return slices.ContainsFunc(xs, func(x string) bool { return collapse(x) == collapse(s) })
	}
	for _, s := range b {
		if !in(a, s) {
			added = append(added, s)
		}
	}
	for _, s := range a {
		if !in(b, s) {
			removed = append(removed, s)
		}
	}
	return added, removed
}

// entry is one leaf of a section tree: its path and its text.
type entry struct{ path, text string }

// flatten turns section trees into their entries, in order: each
// section with lines or attributes is one entry named by its path.
func flatten(secs []Section) []entry {
	var out []entry
	var walk func(prefix string, s Section)
	walk = func(prefix string, s Section) {
		path := s.Name
		if prefix != "" {
			path = prefix + "/" + s.Name
		}
		var parts []string
		for _, a := range s.Attrs {
			parts = append(parts, a.Name+"="+a.Value)
		}
		parts = append(parts, s.Lines...)
		if len(parts) > 0 {
			out = append(out, entry{path, strings.Join(parts, "\n")})
		}
		for _, k := range s.Sections {
			walk(path, k)
		}
	}
	for _, s := range secs {
		walk("", s)
	}
	return out
}

// diffEntries compares entries by path.
func diffEntries(a, b []entry) []TextChange {
	var out []TextChange
	get := func(es []entry, p string) (string, bool) {
		for _, e := range es {
			if e.path == p {
				return e.text, true
			}
		}
		return "", false
	}
	for _, e := range a {
		if _, ok := get(b, e.path); !ok {
			out = append(out, TextChange{Name: e.path, Before: e.text})
		}
	}
	for _, e := range b {
		if before, ok := get(a, e.path); !ok || before != e.text {
			out = append(out, TextChange{Name: e.path, Before: before, After: e.text})
		}
	}
	return out
}
