package spec

import (
	"fmt"
	"strings"
)

// Diff is what changed between two versions of a spec, part by part, as
// [Compare] finds it: features matched by stable ID (by name and content
// when IDs are missing), categories renamed, tables and their fields,
// endpoints, roles and their permissions, the stack, and, for the parts
// the model keeps as text, a line diff.
type Diff struct {
	// FeaturesBefore and FeaturesAfter count the features listed;
	// CountBefore and CountAfter are the declared feature_count.
	FeaturesBefore int `json:"features_before"`
	FeaturesAfter  int `json:"features_after"`
	CountBefore    int `json:"count_before"`
	CountAfter     int `json:"count_after"`

	Features   FeatureDiff  `json:"features"`
	Categories CategoryDiff `json:"categories"`
	Tables     TableDiff    `json:"tables"`
	Endpoints  EndpointDiff `json:"endpoints"`
	Roles      RoleDiff     `json:"roles"`
	// Stack lists the entries of technology_stack that changed, by path
	// ("frontend/framework").
	Stack []TextChange `json:"stack"`
	// Sections holds a line diff of each other part that changed
	// (overview, prerequisites, ui_layout, implementation_steps, …).
	Sections []SectionDiff `json:"sections"`
	// Files holds line diffs of whole files ([CompareFiles] only).
	Files []SectionDiff `json:"files"`
}

// FeatureDiff lists the features added, removed and changed.
type FeatureDiff struct {
	Added   []FeatureRef    `json:"added"`
	Removed []FeatureRef    `json:"removed"`
	Changed []FeatureChange `json:"changed"`
}

// FeatureRef names one feature: its ID when it has one, its name and its
// category.
type FeatureRef struct {
	ID       string `json:"id,omitempty"`
	Name     string `json:"name"`
	Category string `json:"category"`
}

// FeatureChange is a feature found in both versions that differs. Fields
// names what differs: "name", "description", "acceptance", "depends_on",
// "category". MatchedBy says how the two were paired: "id", "name" or
// "content".
type FeatureChange struct {
	FeatureRef
	MatchedBy string   `json:"matched_by"`
	Fields    []string `json:"fields"`
	Before    Feature  `json:"before"`
	After     Feature  `json:"after"`
	// CategoryBefore is the feature's category in the old version.
	CategoryBefore string `json:"category_before,omitempty"`
}

// CategoryDiff lists the categories added, removed and renamed. A
// category is renamed when its name is gone and most of its features sit
// under one new name.
type CategoryDiff struct {
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
	Renamed []Rename `json:"renamed"`
}

// Rename is a name that changed.
type Rename struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// TableDiff lists the tables added, removed and changed.
type TableDiff struct {
	Added   []string      `json:"added"`
	Removed []string      `json:"removed"`
	Changed []TableChange `json:"changed"`
}

// TableChange is a table in both versions whose fields differ.
type TableChange struct {
	Name    string       `json:"name"`
	Added   []string     `json:"fields_added"`
	Removed []string     `json:"fields_removed"`
	Changed []TextChange `json:"fields_changed"` // Name is the field, Before/After its line
}

// EndpointDiff lists the endpoints added, removed and changed, each
// named "METHOD /path".
type EndpointDiff struct {
	Added   []string     `json:"added"`
	Removed []string     `json:"removed"`
	Changed []TextChange `json:"changed"` // the description changed
}

// RoleDiff lists the roles added, removed and changed.
type RoleDiff struct {
	Added   []string     `json:"added"`
	Removed []string     `json:"removed"`
	Changed []RoleChange `json:"changed"`
}

// RoleChange is a role in both versions whose permissions or protected
// routes differ.
type RoleChange struct {
	Name               string   `json:"name"`
	PermissionsAdded   []string `json:"permissions_added"`
	PermissionsRemoved []string `json:"permissions_removed"`
	RoutesAdded        []string `json:"routes_added"`
	RoutesRemoved      []string `json:"routes_removed"`
}

// TextChange is one named value before and after; an empty side means
// the value was added or removed.
type TextChange struct {
	Name   string `json:"name"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// SectionDiff is the line diff of one part of the spec kept as text.
type SectionDiff struct {
	Name  string `json:"name"`
	Hunks []Hunk `json:"hunks"`
}

// Compare returns what changed from a to b. A nil spec is an empty one,
// so comparing with nil lists everything as added or removed.
func Compare(a, b *Spec) Diff {
	if a == nil {
		a = &Spec{}
	}
	if b == nil {
		b = &Spec{}
	}
	d := Diff{
		FeaturesBefore: a.FeatureLines(), FeaturesAfter: b.FeatureLines(),
		CountBefore: a.FeatureCount, CountAfter: b.FeatureCount,
	}
	d.Features, d.Categories = diffFeatures(a, b)
	d.Tables = diffTables(a.Tables, b.Tables)
	d.Endpoints = diffEndpoints(a.Endpoints(), b.Endpoints())
	d.Roles = diffRoles(a.Security.Roles, b.Security.Roles)
	d.Stack = diffEntries(flatten(a.Stack), flatten(b.Stack))
	d.Sections = diffSections(textParts(a), textParts(b))
	return d.normalized()
}

// Empty reports whether the two versions say the same.
func (d Diff) Empty() bool {
	return d.FeaturesBefore == d.FeaturesAfter && d.CountBefore == d.CountAfter &&
		len(d.Features.Added)+len(d.Features.Removed)+len(d.Features.Changed) == 0 &&
		len(d.Categories.Added)+len(d.Categories.Removed)+len(d.Categories.Renamed) == 0 &&
		len(d.Tables.Added)+len(d.Tables.Removed)+len(d.Tables.Changed) == 0 &&
		len(d.Endpoints.Added)+len(d.Endpoints.Removed)+len(d.Endpoints.Changed) == 0 &&
		len(d.Roles.Added)+len(d.Roles.Removed)+len(d.Roles.Changed) == 0 &&
		len(d.Stack)+len(d.Sections)+len(d.Files) == 0
}

// Summary says in one line what changed for the features:
// "+3 features, 1 changed, 1 removed; feature count 54 → 56".
func (d Diff) Summary() string {
	var parts []string
	if n := len(d.Features.Added); n > 0 {
		parts = append(parts, "+"+plural(n, "feature"))
	}
	if n := len(d.Features.Changed); n > 0 {
		parts = append(parts, fmt.Sprintf("%d changed", n))
	}
	if n := len(d.Features.Removed); n > 0 {
		parts = append(parts, fmt.Sprintf("%d removed", n))
	}
	s := strings.Join(parts, ", ")
	if s == "" {
		s = "no feature changed"
	}
	if d.CountBefore != d.CountAfter {
		s += fmt.Sprintf("; feature count %d → %d", d.CountBefore, d.CountAfter)
	} else if d.CountAfter > 0 {
		s += fmt.Sprintf("; feature count %d", d.CountAfter)
	}
	var other []string
	if n := len(d.Tables.Added) + len(d.Tables.Removed) + len(d.Tables.Changed); n > 0 {
		other = append(other, plural(n, "table"))
	}
	if n := len(d.Endpoints.Added) + len(d.Endpoints.Removed) + len(d.Endpoints.Changed); n > 0 {
		other = append(other, plural(n, "endpoint"))
	}
	if n := len(d.Roles.Added) + len(d.Roles.Removed) + len(d.Roles.Changed); n > 0 {
		other = append(other, plural(n, "role"))
	}
	if n := len(d.Stack); n == 1 {
		other = append(other, "1 stack entry")
	} else if n > 1 {
		other = append(other, fmt.Sprintf("%d stack entries", n))
	}
	if n := len(d.Sections); n > 0 {
		other = append(other, plural(n, "other section"))
	}
	for _, f := range d.Files {
		other = append(other, f.Name)
	}
	if len(other) > 0 {
		s += "; also changed: " + strings.Join(other, ", ")
	}
	return s
}

// normalized writes empty lists as [] rather than null in JSON.
func (d Diff) normalized() Diff {
	ne := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	d.Features.Added = nonNilSlice(d.Features.Added)
	d.Features.Removed = nonNilSlice(d.Features.Removed)
	d.Features.Changed = nonNilSlice(d.Features.Changed)
	d.Categories.Added, d.Categories.Removed = ne(d.Categories.Added), ne(d.Categories.Removed)
	d.Categories.Renamed = nonNilSlice(d.Categories.Renamed)
	d.Tables.Added, d.Tables.Removed = ne(d.Tables.Added), ne(d.Tables.Removed)
	d.Tables.Changed = nonNilSlice(d.Tables.Changed)
	for i := range d.Tables.Changed {
		t := &d.Tables.Changed[i]
		t.Added, t.Removed, t.Changed = ne(t.Added), ne(t.Removed), nonNilSlice(t.Changed)
	}
	d.Endpoints.Added, d.Endpoints.Removed = ne(d.Endpoints.Added), ne(d.Endpoints.Removed)
	d.Endpoints.Changed = nonNilSlice(d.Endpoints.Changed)
	d.Roles.Added, d.Roles.Removed = ne(d.Roles.Added), ne(d.Roles.Removed)
	d.Roles.Changed = nonNilSlice(d.Roles.Changed)
	for i := range d.Roles.Changed {
		r := &d.Roles.Changed[i]
		r.PermissionsAdded, r.PermissionsRemoved = ne(r.PermissionsAdded), ne(r.PermissionsRemoved)
		r.RoutesAdded, r.RoutesRemoved = ne(r.RoutesAdded), ne(r.RoutesRemoved)
	}
	d.Stack = nonNilSlice(d.Stack)
	d.Sections = nonNilSlice(d.Sections)
	d.Files = nonNilSlice(d.Files)
	for i := range d.Features.Changed {
		c := &d.Features.Changed[i]
		c.Fields = ne(c.Fields)
	}
	return d
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
