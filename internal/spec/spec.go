package spec

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// Spec is the model of an app_spec.txt: what the spec says, in typed
// values. [Parse] reads it from the file, tolerantly; [Format] writes it
// back in the canonical form. Fields whose section is missing are left
// zero; the problems returned alongside say why.
//
// The parts an agent builds and tests against (features, tables,
// endpoints, roles, steps) are typed. The parts that are free prose in
// real specs (the stack, prerequisites, UI layout, design system, success
// criteria, any extra section) are kept as [Section] trees, so nothing a
// spec says is lost and a caller can still walk it.
type Spec struct {
	ProjectName string `json:"project_name"`
	Overview    string `json:"overview"` // white space collapsed to single spaces

	// Stack holds the children of technology_stack (frontend, backend,
	// communication, …).
	Stack []Section `json:"technology_stack"`
	// Prerequisites holds the children of prerequisites
	// (environment_setup and the outside services).
	Prerequisites []Section `json:"prerequisites"`

	// FeatureCount is the agreed number of features, or 0 when no valid
	// count was found. CountFrom says where it was found.
	FeatureCount int       `json:"feature_count"`
	CountFrom    CountFrom `json:"count_from,omitempty"`

	Security Security `json:"security"`

	// Categories are the feature categories of core_features, in order.
	Categories []Category `json:"categories"`
	// Tables are the tables of database_schema, in order.
	Tables []Table `json:"tables"`
	// APIAreas are the areas of api_endpoints_summary, in order.
	APIAreas []APIArea `json:"api_areas"`

	UI              []Section `json:"ui_layout"`
	Design          []Section `json:"design_system"`
	Steps           []Step    `json:"implementation_steps"`
	SuccessCriteria []Section `json:"success_criteria"`

	// Extra holds top-level sections the format does not name, in order.
	Extra []Section `json:"extra,omitempty"`

	// NotApplicable lists the parts the spec declares do not apply, such
	// as a database for a client-only app.
	NotApplicable []NotApplicable `json:"not_applicable,omitempty"`
}

// CountFrom says where the feature count was read.
type CountFrom string

const (
	CountFromSpec        CountFrom = "feature_count"       // <feature_count>
	CountFromLegacy      CountFrom = "total_feature_count" // an older element name
	CountFromInitializer CountFrom = "initializer"         // initializer_prompt.md only
)

// Security is security_and_access_control.
type Security struct {
	Roles []Role `json:"roles"`
	// Authentication holds the children of authentication (method,
	// session_timeout, password_requirements, …), or one line of prose.
	Authentication      []Section `json:"authentication,omitempty"`
	SensitiveOperations []string  `json:"sensitive_operations,omitempty"`
	// Other holds further children of the section.
	Other []Section `json:"other,omitempty"`
}

// Role is one user role.
type Role struct {
	Name            string   `json:"name"`
	Permissions     []string `json:"permissions,omitempty"`
	ProtectedRoutes []string `json:"protected_routes,omitempty"`
	Line            int      `json:"line,omitempty"`
}

// Category is one feature category of core_features.
type Category struct {
	Name     string    `json:"name"`
	Features []Feature `json:"features"`
	Line     int       `json:"line,omitempty"`
}

// Feature is one testable feature.
//
// A feature written in the reference's plain form ("- Users can …") has
// no ID and no acceptance criteria; its Name is derived from the line and
// its Description is the whole line. The version 2 form carries all of
// them explicitly (see Format).
type Feature struct {
	// ID is the stable identity, e.g. "F-012"; empty for a plain line.
	ID          string `json:"id,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// Acceptance lists the criteria a tester runs: Given/When/Then or
	// EARS ("WHEN … THE SYSTEM SHALL …").
	Acceptance []string `json:"acceptance,omitempty"`
	// DependsOn lists the IDs of the features this one builds on.
	DependsOn []string `json:"depends_on,omitempty"`
	Line      int      `json:"line,omitempty"`
}

// Table is one table of database_schema.
type Table struct {
	Name   string  `json:"name"`
	Fields []Field `json:"fields"`
	Line   int     `json:"line,omitempty"`
}

// Field is one field of a table, read from lines such as
// "- user_id (integer, FK → users.id, required)".
type Field struct {
	Name string `json:"name"`
	// Type is the field's type as written ("text", "INTEGER PRIMARY
	// KEY"), or "" when the line gives none.
	Type string `json:"type,omitempty"`
	// References names the table this field points at, when it says so
	// ("FK to users", "references users(id)", "→ users.id").
	References string `json:"references,omitempty"`
	Required   bool   `json:"required,omitempty"`
	// Notes is the rest of the line.
	Notes string `json:"notes,omitempty"`
}

// APIArea is one area of api_endpoints_summary.
type APIArea struct {
	Name      string     `json:"name"`
	Endpoints []Endpoint `json:"endpoints"`
	Line      int        `json:"line,omitempty"`
}

// Endpoint is one "VERB /path" line.
type Endpoint struct {
	Method      string `json:"method"` // upper case, e.g. "GET"
	Path        string `json:"path"`
	Description string `json:"description,omitempty"`
	Line        int    `json:"line,omitempty"`
}

// Step is one step of implementation_steps.
type Step struct {
	Number int      `json:"number"` // 0 when the number attribute is missing or invalid
	Title  string   `json:"title"`
	Tasks  []string `json:"tasks,omitempty"`
	Line   int      `json:"line,omitempty"`
}

// Section is a named part of the spec kept as text: its attributes, its
// own lines (list markers removed, blank lines dropped) and its
// subsections. <color name="Teal" hex="#7FA9AE"/> is a Section with two
// attributes and no lines.
type Section struct {
	Name     string    `json:"name"`
	Attrs    []Attr    `json:"attrs,omitempty"`
	Lines    []string  `json:"lines,omitempty"`
	Sections []Section `json:"sections,omitempty"`
}

// Attr is one attribute of an element, in document order.
type Attr struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// NotApplicable is a part of the spec declared not to apply.
type NotApplicable struct {
	// Part is "database", "api" or "ui".
	Part   string `json:"part"`
	Reason string `json:"reason"` // the declaration as written, e.g. "none: client-only"
}

// Features returns every feature of every category, in order.
func (s *Spec) Features() []Feature {
	out := make([]Feature, 0, s.FeatureLines())
	for _, c := range s.Categories {
		out = append(out, c.Features...)
	}
	return out
}

// FeatureLines returns how many features the categories list in total.
func (s *Spec) FeatureLines() int {
	n := 0
	for _, c := range s.Categories {
		n += len(c.Features)
	}
	return n
}

// Feature returns the feature with the given ID and its category.
func (s *Spec) Feature(id string) (Feature, string, bool) {
	for _, c := range s.Categories {
		for _, f := range c.Features {
			if f.ID != "" && f.ID == id {
				return f, c.Name, true
			}
		}
	}
	return Feature{}, "", false
}

// Endpoints returns every endpoint of every area, in order.
func (s *Spec) Endpoints() []Endpoint {
	var out []Endpoint
	for _, a := range s.APIAreas {
		out = append(out, a.Endpoints...)
	}
	return out
}

// RoleNames returns the names of the defined roles, in order.
func (s *Spec) RoleNames() []string {
	out := make([]string, 0, len(s.Security.Roles))
	for _, r := range s.Security.Roles {
		out = append(out, r.Name)
	}
	return out
}

// Table returns the table called name (compared without regard to case).
func (s *Spec) Table(name string) (Table, bool) {
	for _, t := range s.Tables {
		if strings.EqualFold(t.Name, name) {
			return t, true
		}
	}
	return Table{}, false
}

// IsNotApplicable reports whether the spec declares part ("database",
// "api", "ui") not applicable.
func (s *Spec) IsNotApplicable(part string) bool {
	for _, n := range s.NotApplicable {
		if n.Part == part {
			return true
		}
	}
	return false
}

// Find returns the first section called name among secs and their
// subsections, depth first.
func Find(secs []Section, name string) (Section, bool) {
	for _, s := range secs {
		if s.Name == name {
			return s, true
		}
		if f, ok := Find(s.Sections, name); ok {
			return f, true
		}
	}
	return Section{}, false
}

// Text returns the section's lines and those of its subsections, joined
// by newlines, each subsection's lines after its own.
func (s Section) Text() string {
	var b strings.Builder
	var walk func(Section)
	walk = func(x Section) {
		for _, l := range x.Lines {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(l)
		}
		for _, k := range x.Sections {
			walk(k)
		}
	}
	walk(s)
	return b.String()
}

// Attr returns the value of the attribute called name.
func (s Section) Attr(name string) (string, bool) {
	for _, a := range s.Attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// MarshalJSON writes every list the model always has as [] rather than
// null when it is empty, so that clients can iterate without checks.
func (s *Spec) MarshalJSON() ([]byte, error) {
	type plain Spec // drops this method, avoiding recursion
	c := plain(*s)
	c.Stack, c.Prerequisites = nonNil(c.Stack), nonNil(c.Prerequisites)
	c.UI, c.Design, c.SuccessCriteria = nonNil(c.UI), nonNil(c.Design), nonNil(c.SuccessCriteria)
	c.Steps, c.Security.Roles = nonNil(c.Steps), nonNil(c.Security.Roles)
	c.Categories = nonNil(slices.Clone(c.Categories))
	for i := range c.Categories {
		c.Categories[i].Features = nonNil(c.Categories[i].Features)
	}
	c.Tables = nonNil(slices.Clone(c.Tables))
	for i := range c.Tables {
		c.Tables[i].Fields = nonNil(c.Tables[i].Fields)
	}
	c.APIAreas = nonNil(slices.Clone(c.APIAreas))
	for i := range c.APIAreas {
		c.APIAreas[i].Endpoints = nonNil(c.APIAreas[i].Endpoints)
	}
	return marshal(c)
}

// marshal encodes v without escaping '&', '<' and '>': hints quote XML
// escapes such as &amp;, which \u0026amp; would make unreadable.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
