package spec

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Format writes s as app_spec.txt in the canonical form: the sections in
// the order of [SectionNames], two-space indentation, every feature in
// the version 2 form, text escaped. Parse(Format(s)) gives back s, save
// for line numbers and white space.
//
//	<feature id="F-007" name="Add a recipe" depends_on="F-001, F-002">
//	  Signed-in members add a recipe with a title and ingredients.
//	  <acceptance>
//	    - Given a signed-in member, when they submit …, then ….
//	  </acceptance>
//	</feature>
func Format(s *Spec) []byte {
	w := &xmlWriter{}
	w.raw(`<?xml version="1.0" encoding="UTF-8"?>`)
	w.open(rootName, nil)
	w.leaf("project_name", s.ProjectName)
	w.leaf("overview", s.Overview)
	w.sections("technology_stack", s.Stack)
	w.sections("prerequisites", s.Prerequisites)
	if s.FeatureCount > 0 {
		w.leaf("feature_count", strconv.Itoa(s.FeatureCount))
	}
	w.security(s.Security)
	w.open("core_features", nil)
	for _, c := range s.Categories {
		w.category(c)
	}
	w.close("core_features")
	if na, ok := s.notApplicable("database"); ok && len(s.Tables) == 0 {
		w.leaf("database_schema", na)
	} else {
		w.open("database_schema", nil)
		w.open("tables", nil)
		for _, t := range s.Tables {
			w.open(elementName(t.Name), nil)
			for _, f := range t.Fields {
				w.line("- " + escapeText(f.String()))
			}
			w.close(elementName(t.Name))
		}
		w.close("tables")
		w.close("database_schema")
	}
	if na, ok := s.notApplicable("api"); ok && len(s.APIAreas) == 0 {
		w.leaf("api_endpoints_summary", na)
	} else {
		w.open("api_endpoints_summary", nil)
		for _, a := range s.APIAreas {
			w.open(elementName(a.Name), nil)
			for _, e := range a.Endpoints {
				w.line("- " + escapeText(e.String()))
			}
			w.close(elementName(a.Name))
		}
		w.close("api_endpoints_summary")
	}
	if na, ok := s.notApplicable("ui"); ok && len(s.UI) == 0 {
		w.leaf("ui_layout", na)
	} else {
		w.sections("ui_layout", s.UI)
	}
	w.sections("design_system", s.Design)
	w.open("implementation_steps", nil)
	for _, st := range s.Steps {
		w.open("step", []Attr{{"number", strconv.Itoa(st.Number)}})
		w.leaf("title", st.Title)
		w.list("tasks", st.Tasks)
		w.close("step")
	}
	w.close("implementation_steps")
	w.sections("success_criteria", s.SuccessCriteria)
	for _, x := range s.Extra {
		w.section(x)
	}
	w.close(rootName)
	return w.buf.Bytes()
}

// notApplicable returns the declaration for part, written as the
// section's whole text.
func (s *Spec) notApplicable(part string) (string, bool) {
	for _, n := range s.NotApplicable {
		if n.Part == part {
			r := n.Reason
			if r == "" {
				r = "none"
			}
			if !strings.HasPrefix(strings.ToLower(r), "none") && !strings.HasPrefix(strings.ToLower(r), "not applicable") {
				r = "not applicable: " + r
			}
			return r, true
		}
	}
	return "", false
}

// String writes the field as Format does: "name (type, required,
// references table): notes".
func (f Field) String() string {
	var parts []string
	if f.Type != "" {
		parts = append(parts, f.Type)
	}
	if f.Required {
		parts = append(parts, "required")
	}
	if f.References != "" {
		parts = append(parts, "references "+f.References)
	}
	s := f.Name
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	if f.Notes != "" {
		s += ": " + f.Notes
	}
	return s
}

// String writes the endpoint as Format does: "VERB /path: description".
func (e Endpoint) String() string {
	s := e.Method + " " + e.Path
	if e.Description != "" {
		s += ": " + e.Description
	}
	return s
}

func (w *xmlWriter) security(sec Security) {
	w.open("security_and_access_control", nil)
	w.open("user_roles", nil)
	for _, r := range sec.Roles {
		w.open("role", []Attr{{"name", r.Name}})
		w.list("permissions", r.Permissions)
		w.list("protected_routes", r.ProtectedRoutes)
		w.close("role")
	}
	w.close("user_roles")
	if a := sec.Authentication; len(a) == 1 && a[0].Name == "authentication" && len(a[0].Sections) == 0 {
		w.section(Section{Name: "authentication", Lines: a[0].Lines})
	} else {
		w.sections("authentication", a)
	}
	w.list("sensitive_operations", sec.SensitiveOperations)
	for _, o := range sec.Other {
		w.section(o)
	}
	w.close("security_and_access_control")
}

func (w *xmlWriter) category(c Category) {
	name, attrs := elementName(c.Name), []Attr(nil)
	if name != c.Name {
		name, attrs = "category", []Attr{{"name", c.Name}}
	}
	w.open(name, attrs)
	for _, f := range c.Features {
		attrs := []Attr{}
		if f.ID != "" {
			attrs = append(attrs, Attr{"id", f.ID})
		}
		attrs = append(attrs, Attr{"name", f.Name})
		if len(f.DependsOn) > 0 {
			attrs = append(attrs, Attr{"depends_on", strings.Join(f.DependsOn, ", ")})
		}
		w.open("feature", attrs)
		if f.Description != "" {
			w.line(escapeText(f.Description))
		}
		w.list("acceptance", f.Acceptance)
		w.close("feature")
	}
	w.close(name)
}

// elementName turns a name into a valid XML element name: lower case,
// runs of anything else than letters, digits and '_' folded to '_'. A
// name that is already valid is returned as it is.
func elementName(s string) string {
	if isXMLName(s) {
		return s
	}
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 0x80 && r != 0xa0
		if !ok {
			if b.Len() > 0 {
				under = true
			}
			continue
		}
		if under {
			b.WriteByte('_')
			under = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	// A name may not start with a digit: "3d_engine" becomes "engine_3d".
	if lead, rest, ok := strings.Cut(out, "_"); ok && lead != "" && lead[0] >= '0' && lead[0] <= '9' && rest != "" && !(rest[0] >= '0' && rest[0] <= '9') {
		out = rest + "_" + lead
	}
	if out == "" || out[0] >= '0' && out[0] <= '9' {
		out = "x_" + out
	}
	return out
}

// isXMLName reports whether s is usable as an element name as written:
// ASCII letters, digits, '_', '-' and '.', not starting with a digit,
// '-', '.' or "xml".
func isXMLName(s string) bool {
	if s == "" || strings.HasPrefix(strings.ToLower(s), "xml") {
		return false
	}
	for i, c := range []byte(s) {
		switch {
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// xmlWriter writes indented XML.
type xmlWriter struct {
	buf   bytes.Buffer
	depth int
}

func (w *xmlWriter) raw(s string) {
	w.buf.WriteString(strings.Repeat("  ", w.depth))
	w.buf.WriteString(s)
	w.buf.WriteByte('\n')
}

func (w *xmlWriter) line(s string) { w.raw(s) }

func (w *xmlWriter) open(name string, attrs []Attr) {
	w.raw("<" + name + formatAttrs(attrs) + ">")
	w.depth++
}

func (w *xmlWriter) close(name string) {
	w.depth--
	w.raw("</" + name + ">")
}

// leaf writes an element holding one piece of text on one line.
func (w *xmlWriter) leaf(name, text string) {
	w.raw(fmt.Sprintf("<%s>%s</%s>", name, escapeText(text), name))
}

// list writes an element holding "- " lines; nothing when there are none.
func (w *xmlWriter) list(name string, items []string) {
	if len(items) == 0 {
		return
	}
	w.open(name, nil)
	for _, it := range items {
		w.line("- " + escapeText(it))
	}
	w.close(name)
}

// sections writes a parent holding secs; nothing when there are none.
func (w *xmlWriter) sections(name string, secs []Section) {
	w.open(name, nil)
	for _, s := range secs {
		w.section(s)
	}
	w.close(name)
}

func (w *xmlWriter) section(s Section) {
	name := elementName(s.Name)
	switch {
	case len(s.Lines) == 0 && len(s.Sections) == 0:
		w.raw("<" + name + formatAttrs(s.Attrs) + "/>")
	case len(s.Lines) == 1 && len(s.Sections) == 0:
		w.raw(fmt.Sprintf("<%s%s>%s</%s>", name, formatAttrs(s.Attrs), escapeText(s.Lines[0]), name))
	default:
		w.open(name, s.Attrs)
		for _, l := range s.Lines {
			w.line("- " + escapeText(l))
		}
		for _, k := range s.Sections {
			w.section(k)
		}
		w.close(name)
	}
}

func formatAttrs(attrs []Attr) string {
	var b strings.Builder
	for _, a := range attrs {
		fmt.Fprintf(&b, ` %s="%s"`, a.Name, escapeAttr(a.Value))
	}
	return b.String()
}

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "&#10;")
)

func escapeText(s string) string { return textEscaper.Replace(s) }
func escapeAttr(s string) string { return attrEscaper.Replace(s) }
