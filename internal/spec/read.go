package spec

import (
	"regexp"
	"strconv"
	"strings"
)

// read fills the Spec from the sections found. Checks that need the
// extracted values run later, in lint.
func (c *checker) read(found map[string]*node) {
	s := c.spec
	if n := found["project_name"]; n != nil {
		s.ProjectName = collapse(n.textAll())
	}
	if n := found["overview"]; n != nil {
		s.Overview = collapse(n.textAll())
	}
	if n := found["feature_count"]; n != nil {
		s.FeatureCount = c.readCount(n)
	}
	if n := found["core_features"]; n != nil {
		for _, k := range n.kids {
			s.Categories = append(s.Categories, Category{Name: k.name, Features: features(k)})
		}
	}
	if n := found["database_schema"]; n != nil {
		if t := n.child("tables"); t != nil {
			for _, k := range t.kids {
				s.Tables = append(s.Tables, k.name)
			}
		}
	}
	if n := found["api_endpoints_summary"]; n != nil {
		for _, k := range n.kids {
			s.APIAreas = append(s.APIAreas, k.name)
			for _, l := range k.textLines() {
				if m := endpointRE.FindStringSubmatch(bulletText(l.s)); m != nil {
					s.Endpoints = append(s.Endpoints, Endpoint{Area: k.name, Method: strings.ToUpper(m[1]), Path: m[2]})
				}
			}
		}
	}
	if n := found["security_and_access_control"]; n != nil {
		if r := n.child("user_roles"); r != nil {
			for _, role := range r.all("role") {
				if name := roleName(role); name != "" {
					s.Roles = append(s.Roles, name)
				}
			}
		}
	}
	if n := found["implementation_steps"]; n != nil {
		for _, st := range n.all("step") {
			step := Step{}
			if v, ok := st.attr("number"); ok {
				step.Number, _ = strconv.Atoi(strings.TrimSpace(v))
			}
			if t := st.child("title"); t != nil {
				step.Title = collapse(t.textAll())
			}
			s.Steps = append(s.Steps, step)
		}
	}
}

var endpointRE = regexp.MustCompile(`^(?i)(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/\S*)`)

// features returns the features a category lists: its bullet lines or,
// when a model used one element per feature instead, those elements' text.
func features(cat *node) []string {
	var out []string
	for _, l := range cat.textLines() {
		if f, ok := bullet(l.s); ok {
			out = append(out, f)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, k := range cat.kids {
		if t := collapse(k.textAll()); t != "" && len(k.kids) == 0 {
			out = append(out, t)
		}
	}
	return out
}

// bullet reports whether line is a list item ("- x", "* x", "• x",
// "1. x", "1) x") and returns its text.
func bullet(line string) (string, bool) {
	s := strings.TrimSpace(line)
	rest := ""
	switch {
	case strings.HasPrefix(s, "- "), strings.HasPrefix(s, "* "), strings.HasPrefix(s, "-\t"):
		rest = s[2:]
	case strings.HasPrefix(s, "• "):
		rest = s[len("• "):]
	default:
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i+1 >= len(s) || (s[i] != '.' && s[i] != ')') || (s[i+1] != ' ' && s[i+1] != '\t') {
			return "", false
		}
		rest = s[i+2:]
	}
	rest = strings.TrimSpace(rest)
	return rest, rest != ""
}

// bulletText returns a line's text without its list marker, if any.
func bulletText(line string) string {
	if t, ok := bullet(line); ok {
		return t
	}
	return strings.TrimSpace(line)
}

// roleName reads a role's name from its name attribute or, failing
// that, a <name> child.
func roleName(role *node) string {
	if v, ok := role.attr("name"); ok {
		return collapse(v)
	}
	if n := role.child("name"); n != nil {
		return collapse(n.textAll())
	}
	return ""
}
