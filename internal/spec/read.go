package spec

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// read fills the Spec from the sections found, understanding the shapes
// real specs use. Checks that need the values run later.
func (c *checker) read(found map[string]*node) {
	s := c.spec
	if n := found["project_name"]; n != nil {
		s.ProjectName = collapse(n.textAll())
	}
	if n := found["overview"]; n != nil {
		s.Overview = collapse(n.textAll())
	}
	if n := found["technology_stack"]; n != nil {
		s.Stack = sectionsOf(n)
	}
	if n := found["prerequisites"]; n != nil {
		s.Prerequisites = sectionsOf(n)
	}
	if n := found["feature_count"]; n != nil {
		s.FeatureCount = c.readCount(n)
		if s.FeatureCount > 0 {
			s.CountFrom = CountFromSpec
			if n.name != "feature_count" {
				s.CountFrom = CountFromLegacy
			}
		}
	}
	if n := found["security_and_access_control"]; n != nil {
		s.Security = c.readSecurity(n)
	}
	if n := found["core_features"]; n != nil {
		s.Categories = c.readCategories(n)
	}
	if s.FeatureLines() == 0 {
		c.readStrayFeatures(found["core_features"])
	}
	if n := found["database_schema"]; n != nil {
		s.Tables = c.readTables(n)
	}
	if n := found["api_endpoints_summary"]; n != nil {
		s.APIAreas = readAPI(n)
	}
	if n := found["ui_layout"]; n != nil {
		s.UI = sectionsOf(n)
	}
	if n := found["design_system"]; n != nil {
		s.Design = sectionsOf(n)
	}
	if n := found["implementation_steps"]; n != nil {
		s.Steps = readSteps(n)
	}
	if n := found["success_criteria"]; n != nil {
		s.SuccessCriteria = sectionsOf(n)
	}
	c.readNotApplicable(found)
}

// sectionOf reads an element as a Section.
func sectionOf(n *node) Section {
	s := Section{Name: n.name}
	for _, a := range n.attrs {
		s.Attrs = append(s.Attrs, Attr{Name: a.Name.Local, Value: a.Value})
	}
	for _, it := range n.items() {
		s.Lines = append(s.Lines, it.s)
	}
	s.Sections = sectionsOf(n)
	return s
}

// sectionsOf reads the children of an element as Sections; an element
// holding only text gives one Section named after itself, so the text is
// kept.
func sectionsOf(n *node) []Section {
	out := make([]Section, 0, len(n.kids))
	for _, k := range n.kids {
		out = append(out, sectionOf(k))
	}
	return out
}

// --- features ---

// featureElements are the names an element holding one feature goes by.
var featureElements = map[string]bool{
	"feature": true, "requirement": true, "user_story": true, "story": true,
}

// isFeatureElement reports whether an element holds one feature:
// <feature>, <requirement>, or a numbered <feature_12>.
func isFeatureElement(name string) bool {
	return featureElements[name] || numberedFeatureRE.MatchString(name)
}

// categoryWrappers hold a category named by an attribute or a child.
var categoryWrappers = map[string]bool{"category": true, "feature_category": true, "group": true, "area": true, "module": true}

// readCategories reads core_features: one category per child, holding
// feature elements, list items or, in specs that use one element per
// feature, those elements.
func (c *checker) readCategories(core *node) []Category {
	var out []Category
	var loose []Feature // features written directly in core_features
	for _, it := range core.items() {
		if it.bullet {
			loose = append(loose, plainFeature(it))
		}
	}
	for _, k := range core.kids {
		if isFeatureElement(k.name) {
			loose = append(loose, c.featureElement(k))
			continue
		}
		name := k.name
		if categoryWrappers[k.name] {
			if v, ok := k.attrOf("name", "title", "id"); ok && strings.TrimSpace(v) != "" {
				name = strings.TrimSpace(v)
			} else if t := k.firstChild("name", "title"); t != nil {
				name = collapse(t.textAll())
			}
		}
		out = append(out, Category{Name: name, Features: c.categoryFeatures(k), Line: k.line})
	}
	if len(loose) > 0 {
		out = append([]Category{{Name: "features", Features: loose, Line: core.line}}, out...)
	}
	return out
}

// numberedFeatureRE matches element names such as feature_12, used by
// specs that number their features in the element name.
var numberedFeatureRE = regexp.MustCompile(`^feature_?\d+$`)

// readStrayFeatures looks for features written outside core_features
// (<feature_1>… inside implementation_steps, say), grouping them by the
// element that holds them.
func (c *checker) readStrayFeatures(core *node) {
	root := c.root
	byParent := map[*node]int{}
	var walk func(parent, n *node)
	walk = func(parent, n *node) {
		if n == core {
			return
		}
		if parent != nil && (n.name == "feature" || numberedFeatureRE.MatchString(n.name)) {
			i, ok := byParent[parent]
			if !ok {
				i = len(c.spec.Categories)
				byParent[parent] = i
				c.spec.Categories = append(c.spec.Categories, Category{Name: parent.name, Line: parent.line})
			}
			c.spec.Categories[i].Features = append(c.spec.Categories[i].Features, c.featureElement(n))
			return
		}
		for _, k := range n.kids {
			walk(n, k)
		}
	}
	walk(nil, root)
	if len(c.spec.Categories) > 0 && core == nil {
		c.ps.warnf(c.spec.Categories[0].Line, "move the features into <core_features>, one element per category",
			"the features are written outside <core_features>").Rule = RuleRecommended
	}
}

// categoryFeatures returns the features of one category element.
func (c *checker) categoryFeatures(cat *node) []Feature {
	items := cat.items()
	out := make([]Feature, 0, len(items))
	for _, it := range items {
		// In a category, every list item is a feature, and so is a plain
		// line when the category has no list at all.
		out = append(out, plainFeature(it))
	}
	if len(out) > 0 && !anyBullet(items) && len(cat.kids) > 0 {
		out = nil // prose introducing the children below
	}
	for _, k := range cat.kids {
		switch {
		case isFeatureElement(k.name):
			out = append(out, c.featureElement(k))
		case k.name == "name" || k.name == "title" || k.name == "description":
			// the wrapper's own label
		case len(k.kids) > 0 || anyBullet(k.items()):
			// A subcategory: its features belong to this category.
			out = append(out, c.categoryFeatures(k)...)
		default:
			// One element per feature: <dark_mode>Switch themes…</dark_mode>,
			// or <item>…</item> lists where the element names nothing.
			if t := collapse(k.textAll()); t != "" {
				name := humanize(k.name)
				if len(cat.all(k.name)) > 1 {
					name = shortName(t)
				}
				out = append(out, Feature{Name: name, Description: t, Line: k.line})
			} else if v, ok := k.attrOf("name", "title", "description"); ok {
				out = append(out, Feature{Name: collapse(v), Description: collapse(v), Line: k.line})
			}
		}
	}
	return out
}

func anyBullet(its []item) bool {
	for _, it := range its {
		if it.bullet {
			return true
		}
	}
	return false
}

// plainFeature reads a feature written as one line of prose. A short
// lead-in before a colon or dash is its name ("Dark mode: switch …");
// otherwise the name is the line's first words.
func plainFeature(it item) Feature {
	f := Feature{Description: it.s, Line: it.line}
	if name, _, ok := splitLead(it.s); ok {
		f.Name = name
	} else {
		f.Name = shortName(it.s)
	}
	return f
}

// splitLead splits "Name: rest" or "Name - rest" when Name is short.
func splitLead(s string) (string, string, bool) {
	for _, sep := range []string{": ", " - ", " – ", " — "} {
		if i := strings.Index(s, sep); i > 0 {
			lead := strings.Trim(s[:i], "*_` ")
			if n := countWords(lead, 7); n >= 1 && n <= 6 {
				return lead, strings.TrimSpace(s[i+len(sep):]), true
			}
		}
	}
	return "", "", false
}

// shortName returns the first words of s, at most eight, without a
// trailing full stop.
func shortName(s string) string {
	s = collapse(s)
	for i, n := 0, 0; i < len(s); i++ {
		if s[i] == ' ' {
			if n++; n == 8 {
				s = s[:i]
				break
			}
		}
	}
	return strings.TrimRight(s, ".;,")
}

// countWords counts the words of s, as strings.Fields splits them,
// without making the list, and stops counting at limit.
func countWords(s string, limit int) int {
	n, in := 0, false
	for i := 0; i < len(s) && n < limit; {
		var space bool
		if c := s[i]; c < utf8.RuneSelf {
			space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

var wordBreaks = strings.NewReplacer("_", " ", "-", " ")

// humanize turns an element name into words: "dark_mode" → "Dark mode".
func humanize(name string) string {
	s := wordBreaks.Replace(name)
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// acceptanceNames are the children that hold a feature's criteria.
var acceptanceNames = []string{"acceptance", "acceptance_criteria", "criteria", "scenarios", "test_steps", "tests", "steps", "verification"}

// featureElement reads a version 2 feature, or the shapes other tools
// write: ID, name and dependencies as attributes or children, the
// description as the element's own text or a <description>.
func (c *checker) featureElement(n *node) Feature {
	f := Feature{Line: n.line}
	if v, ok := n.attrOf("id"); ok {
		f.ID = strings.TrimSpace(v)
	} else if k := n.firstChild("id"); k != nil {
		f.ID = collapse(k.textAll())
	}
	if v, ok := n.attrOf("name", "title"); ok {
		f.Name = collapse(v)
	} else if k := n.firstChild("name", "title"); k != nil {
		f.Name = collapse(k.textAll())
	}
	if v, ok := n.attrOf("depends_on", "depends", "dependencies", "requires"); ok {
		f.DependsOn = splitIDs(v)
	} else if k := n.firstChild("depends_on", "dependencies", "depends"); k != nil {
		f.DependsOn = splitIDs(k.textAll())
	}
	var desc []string
	if t := n.ownText(); t != "" {
		desc = append(desc, t)
	}
	if k := n.firstChild("description", "summary", "details"); k != nil {
		desc = append(desc, collapse(k.textAll()))
	}
	f.Description = strings.Join(desc, " ")
	for _, name := range acceptanceNames {
		if k := n.firstChild(name); k != nil {
			f.Acceptance = append(f.Acceptance, criteria(k)...)
		}
	}
	if f.Name == "" {
		f.Name = shortName(f.Description)
	}
	if f.Description == "" {
		f.Description = f.Name
	}
	return f
}

// criteria reads acceptance criteria: list items, or one per child
// element (<criterion>, <scenario>, <given>/<when>/<then> groups).
func criteria(n *node) []string {
	var out []string
	for _, it := range n.items() {
		out = append(out, it.s)
	}
	for _, k := range n.kids {
		if t := collapse(k.textAll()); t != "" {
			if k.name == "given" || k.name == "when" || k.name == "then" || k.name == "and" {
				t = humanize(k.name) + " " + t
			}
			out = append(out, t)
		}
	}
	return out
}

// splitIDs splits "F-001, F-002" or "F-001 F-002" into IDs.
func splitIDs(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\n' || r == '\t' }) {
		if f = strings.TrimSpace(f); f != "" && !strings.EqualFold(f, "none") {
			out = append(out, f)
		}
	}
	return out
}

// --- tables ---

// tableGroups are wrappers that hold tables: ours, and the lineage's
// split into existing and new tables.
var tableGroups = map[string]bool{"tables": true, "existing_tables": true, "new_tables": true, "collections": true, "entities": true, "models": true}

// schemaNotes are children of database_schema that are not tables.
var schemaNotes = map[string]bool{
	"relationships": true, "indexes": true, "notes": true, "constraints": true, "migrations": true,
	"storage": true, "database": true, "type": true, "engine": true, "overview": true, "description": true,
}

// readTables reads database_schema: the tables under <tables> (or the
// lineage's wrappers, or directly under the section), one child each.
func (c *checker) readTables(db *node) []Table {
	var out []Table
	direct := true
	var group func(k *node)
	group = func(k *node) {
		if k.name != "tables" {
			c.ps.warnf(k.line, "list every table under one <tables> element",
				"<%s> is read as a group of tables; the format's element is <tables>", k.name).Rule = RuleLegacyName
		}
		for _, t := range k.kids {
			if tableGroups[t.name] && t.name != "tables" {
				group(t) // <existing_tables> inside <tables>
				continue
			}
			out = append(out, readTable(t))
		}
	}
	for _, k := range db.kids {
		if tableGroups[k.name] {
			direct = false
			group(k)
		}
	}
	if !direct {
		return out
	}
	for _, k := range db.kids {
		if !schemaNotes[k.name] {
			out = append(out, readTable(k))
		}
	}
	return out
}

// readTable reads one table: its fields from list items (or lines), or
// from <field>/<column> children.
func readTable(n *node) Table {
	t := Table{Name: n.name, Line: n.line}
	if n.name == "table" || n.name == "collection" || n.name == "entity" || n.name == "model" {
		if v, ok := n.attrOf("name"); ok {
			t.Name = strings.TrimSpace(v)
		} else if k := n.firstChild("name"); k != nil {
			t.Name = collapse(k.textAll())
		}
	}
	for _, it := range n.items() {
		t.Fields = append(t.Fields, parseFieldLine(it.s)...)
	}
	for _, k := range n.kids {
		switch k.name {
		case "field", "column", "attribute", "property":
			f := Field{}
			if v, ok := k.attrOf("name"); ok {
				f.Name = v
				f.Type, _ = k.attrOf("type")
				f.Notes = collapse(k.textAll())
			} else if fs := parseFieldLine(collapse(k.textAll())); len(fs) > 0 {
				f = fs[0]
			}
			if f.Name != "" {
				t.Fields = append(t.Fields, f)
			}
		case "fields", "columns", "attributes", "properties":
			for _, it := range k.items() {
				t.Fields = append(t.Fields, parseFieldLine(it.s)...)
			}
		case "name", "description":
		default:
			// <email>text, unique</email>: a field per element.
			if fs := parseFieldLine(k.name + " " + collapse(k.textAll())); len(fs) > 0 {
				t.Fields = append(t.Fields, fs[0])
			}
		}
	}
	return t
}

var (
	fieldNameRE = regexp.MustCompile(`^[` + "`" + `*]*([A-Za-z_][A-Za-z0-9_.]*)[` + "`" + `*]*`)
	referenceRE = regexp.MustCompile(`(?i)(?:\breferences|\brefs?\b|\bfk\b(?:\s*(?:to|→|->))?|\bforeign key\b(?:\s*(?:to|→|->))?|→|->|\bpoints to\b|\blinks to\b)\s*:?\s*[` + "`" + `]?([A-Za-z_][A-Za-z0-9_]*)`)
	requiredRE  = regexp.MustCompile(`(?i)\b(required|not null)\b`)
	fieldListRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)+$`)
)

// parseFieldLine reads a field line: "name (type, required, references
// users): notes", "name: TYPE PRIMARY KEY", "name - description", or a
// bare list "id, email, created_at" of several fields.
func parseFieldLine(s string) []Field {
	s = strings.TrimSpace(s)
	if fieldListRE.MatchString(s) {
		var out []Field
		for _, name := range strings.Split(s, ",") {
			out = append(out, Field{Name: strings.TrimSpace(name)})
		}
		return out
	}
	// "email (text, unique), display_name (text)": several fields, each
	// with its own parentheses.
	if parts := splitTopLevel(s); len(parts) > 1 && allFieldLike(parts) {
		var out []Field
		for _, p := range parts {
			out = append(out, parseOneField(p)...)
		}
		return out
	}
	return parseOneField(s)
}

// splitTopLevel splits s at the commas outside parentheses.
func splitTopLevel(s string) []string {
	var out []string
	depth, last := 0, 0
	for i, r := range s {
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[last:i]))
				last = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[last:]))
}

var fieldPartRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(?:\s*\(.*\))?$`)

// allFieldLike reports whether every part is a name with optional
// parentheses, and at least one has them.
func allFieldLike(parts []string) bool {
	paren := false
	for _, p := range parts {
		if !fieldPartRE.MatchString(p) {
			return false
		}
		paren = paren || strings.Contains(p, "(")
	}
	return paren
}

// parseOneField reads one field.
func parseOneField(s string) []Field {
	m := fieldNameRE.FindStringSubmatchIndex(s)
	if m == nil {
		return nil
	}
	f := Field{Name: s[m[2]:m[3]]}
	rest := strings.TrimSpace(s[m[1]:])
	var attrs string
	switch {
	case strings.HasPrefix(rest, "("):
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			end = len(rest) - 1
		}
		attrs = rest[1 : end+1]
		attrs = strings.TrimSuffix(attrs, ")")
		rest = strings.TrimLeft(strings.TrimSpace(rest[min(end+1, len(rest)):]), ":-–— ")
	case strings.HasPrefix(rest, ":"):
		attrs, rest = strings.TrimSpace(rest[1:]), ""
		if i := strings.Index(attrs, " - "); i > 0 {
			attrs, rest = attrs[:i], strings.TrimSpace(attrs[i+3:])
		}
	default:
		rest = strings.TrimLeft(rest, "-–— ")
	}
	var kept []string
	for _, part := range strings.Split(attrs, ",") {
		p := strings.TrimSpace(part)
		switch {
		case p == "":
		case requiredRE.MatchString(p) && len(strings.Fields(p)) <= 2:
			f.Required = true
		case referenceRE.MatchString(p):
			f.References = referenceRE.FindStringSubmatch(p)[1]
			if f.Type == "" && len(kept) == 0 {
				if i := referenceRE.FindStringIndex(p); i[0] > 0 {
					f.Type = strings.TrimSpace(p[:i[0]])
				}
			}
		case f.Type == "" && len(kept) == 0:
			// "text: user or admin" is a type and a note.
			if t, note, ok := strings.Cut(p, ":"); ok && !strings.Contains(t, " ") {
				f.Type = strings.TrimSpace(t)
				kept = append(kept, strings.TrimSpace(note))
			} else {
				f.Type = p
			}
		default:
			kept = append(kept, p)
		}
	}
	if f.References == "" {
		if m := referenceRE.FindStringSubmatch(rest); m != nil {
			f.References = m[1]
		}
	}
	if !f.Required && requiredRE.MatchString(rest) {
		f.Required = true
	}
	if rest != "" {
		kept = append(kept, rest)
	}
	f.Notes = strings.Join(kept, ", ")
	return []Field{f}
}

// --- API ---

var endpointRE = regexp.MustCompile(`^[` + "`" + `*]*(?i:(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|WS|WEBSOCKET))[` + "`" + `*]*\s+[` + "`" + `]?(/[^\s` + "`" + `]*)[` + "`" + `*]*\s*(.*)$`)

// readAPI reads api_endpoints_summary: areas with endpoint lines. Lines
// written directly in the section make an area named "endpoints"; nested
// areas are read with their parents.
func readAPI(api *node) []APIArea {
	var out []APIArea
	if eps := endpointsOf(api, false); len(eps) > 0 {
		out = append(out, APIArea{Name: "endpoints", Endpoints: eps, Line: api.line})
	}
	for _, k := range api.kids {
		name := k.name
		if v, ok := k.attrOf("name"); ok && (k.name == "area" || k.name == "group" || k.name == "category") {
			name = strings.TrimSpace(v)
		}
		out = append(out, APIArea{Name: name, Endpoints: endpointsOf(k, true), Line: k.line})
	}
	return out
}

// endpointsOf reads the endpoint lines of n, and of its children when
// deep is set.
func endpointsOf(n *node, deep bool) []Endpoint {
	var out []Endpoint
	for _, it := range n.items() {
		if e, ok := parseEndpoint(it.s); ok {
			e.Line = it.line
			out = append(out, e)
		}
	}
	if !deep {
		return out
	}
	for _, k := range n.kids {
		if k.name == "endpoint" {
			m, _ := k.attrOf("method")
			p, _ := k.attrOf("path")
			if m != "" && p != "" {
				out = append(out, Endpoint{Method: strings.ToUpper(m), Path: p, Description: collapse(k.textAll()), Line: k.line})
				continue
			}
		}
		out = append(out, endpointsOf(k, true)...)
	}
	return out
}

// parseEndpoint reads "GET /api/items - list items".
func parseEndpoint(s string) (Endpoint, bool) {
	m := endpointRE.FindStringSubmatch(s)
	if m == nil {
		return Endpoint{}, false
	}
	desc := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(m[3]), ":-–—"))
	desc = strings.TrimSuffix(strings.TrimPrefix(desc, "("), ")")
	// "GET /api/items: list them": the colon ends the path, which never
	// ends in one (":id" parameters start a segment).
	path := strings.TrimRight(m[2], ":,;")
	if path == "" {
		path = "/"
	}
	return Endpoint{Method: strings.ToUpper(m[1]), Path: path, Description: desc}, true
}

// --- security ---

// readSecurity reads security_and_access_control.
func (c *checker) readSecurity(n *node) Security {
	var sec Security
	for _, k := range n.kids {
		switch k.name {
		case "user_roles", "roles":
			sec.Roles = append(sec.Roles, readRoles(k)...)
		case "authentication", "auth":
			switch {
			case len(k.kids) > 0:
				sec.Authentication = sectionsOf(k)
			case !k.isEmpty():
				// One line of prose: kept as a section named after itself.
				sec.Authentication = []Section{sectionOf(k)}
			}
		case "sensitive_operations":
			for _, it := range k.items() {
				sec.SensitiveOperations = append(sec.SensitiveOperations, it.s)
			}
			for _, kk := range k.kids {
				if t := collapse(kk.textAll()); t != "" {
					sec.SensitiveOperations = append(sec.SensitiveOperations, t)
				}
			}
		default:
			sec.Other = append(sec.Other, sectionOf(k))
		}
	}
	return sec
}

// readRoles reads user_roles: <role name="…"> elements, or one element
// per role (<admin>…</admin>), or "- admin: …" lines.
func readRoles(n *node) []Role {
	var out []Role
	for _, k := range n.kids {
		r := Role{Line: k.line}
		if k.name == "role" {
			r.Name = roleName(k)
		} else {
			r.Name = k.name
		}
		for _, kk := range k.kids {
			switch kk.name {
			case "permissions", "can", "capabilities", "access":
				r.Permissions = append(r.Permissions, itemTexts(kk)...)
			case "protected_routes", "routes":
				r.ProtectedRoutes = append(r.ProtectedRoutes, itemTexts(kk)...)
			}
		}
		if len(r.Permissions) == 0 {
			for _, it := range k.items() {
				r.Permissions = append(r.Permissions, it.s)
			}
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		for _, it := range n.items() {
			name, rest, ok := splitLead(it.s)
			if !ok {
				name = shortName(it.s)
			}
			r := Role{Name: name, Line: it.line}
			if rest != "" {
				r.Permissions = []string{rest}
			}
			out = append(out, r)
		}
	}
	return out
}

// itemTexts returns the items of n and the text of its children.
func itemTexts(n *node) []string {
	var out []string
	for _, it := range n.items() {
		out = append(out, it.s)
	}
	for _, k := range n.kids {
		if t := collapse(k.textAll()); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// roleName reads a role's name from its name attribute or, failing
// that, a <name> child.
func roleName(role *node) string {
	if v, ok := role.attrOf("name", "id", "type"); ok {
		return collapse(v)
	}
	if n := role.firstChild("name", "title"); n != nil {
		return collapse(n.textAll())
	}
	return ""
}

// --- steps ---

// readSteps reads implementation_steps: <step> (or <phase>, <milestone>)
// elements with a number, a title and tasks, in any of the shapes the
// lineage uses.
func readSteps(n *node) []Step {
	var out []Step
	for i, k := range n.kids {
		st := Step{Line: k.line}
		if v, ok := k.attrOf("number", "n", "order", "id", "phase"); ok {
			st.Number, _ = strconv.Atoi(strings.TrimSpace(strings.TrimLeft(v, "PpSs-_ ")))
		} else if kk := k.firstChild("number"); kk != nil {
			st.Number, _ = strconv.Atoi(collapse(kk.textAll()))
		} else if k.name != "step" {
			st.Number = i + 1
		}
		if v, ok := k.attrOf("title", "name"); ok {
			st.Title = collapse(v)
		} else if kk := k.firstChild("title", "name"); kk != nil {
			st.Title = collapse(kk.textAll())
		}
		for _, kk := range k.kids {
			switch kk.name {
			case "tasks", "deliverables", "items", "features":
				st.Tasks = append(st.Tasks, itemTexts(kk)...)
			case "task":
				if t := collapse(kk.textAll()); t != "" {
					st.Tasks = append(st.Tasks, t)
				}
			}
		}
		for _, it := range k.items() {
			st.Tasks = append(st.Tasks, it.s)
		}
		if st.Title == "" && k.name != "step" && k.name != "phase" {
			st.Title = humanize(k.name)
		}
		out = append(out, st)
	}
	return out
}

// --- not applicable ---

// naRE matches a declaration that a part does not apply.
var naRE = regexp.MustCompile(`(?i)^\s*(?:none\b|n/?a\b|not applicable|not needed|no database\b|no persistent|no backend\b|no server\b|no api\b|no ui\b|no user interface|no frontend\b|headless\b|stateless\b|not required\b)`)

// readNotApplicable finds the declarations: a section whose whole text
// says it does not apply, or the stack saying the database, backend or
// frontend is none.
func (c *checker) readNotApplicable(found map[string]*node) {
	s := c.spec
	add := func(part, reason string) {
		if !s.IsNotApplicable(part) {
			s.NotApplicable = append(s.NotApplicable, NotApplicable{Part: part, Reason: clip(reason, 200)})
		}
	}
	for _, sec := range sections {
		if sec.part == "" {
			continue
		}
		if n := found[sec.name]; n != nil && declaresNone(n) {
			add(sec.part, collapse(n.textAll()))
		}
	}
	if st := found["technology_stack"]; st != nil {
		st.walk(func(n *node) {
			if len(n.kids) > 0 {
				return
			}
			t := collapse(n.textAll())
			if !naRE.MatchString(t) {
				return
			}
			switch n.name {
			case "database", "db", "persistence", "storage", "data_store":
				add("database", t)
			case "backend", "server", "api":
				add("api", t)
				if !strings.Contains(strings.ToLower(t), "database") {
					break
				}
				add("database", t)
			case "frontend", "ui", "client":
				add("ui", t)
			}
		})
	}
}

// declaresNone reports whether a section's whole content is a
// declaration that it does not apply: short text, no list of tables or
// endpoints.
func declaresNone(n *node) bool {
	t := collapse(n.textAll())
	if t == "" || len(t) > 400 {
		return false
	}
	if naRE.MatchString(t) {
		return true
	}
	// <database_schema><tables>none</tables></database_schema>
	return len(n.kids) == 1 && len(n.kids[0].kids) == 0 && naRE.MatchString(collapse(n.kids[0].textAll()))
}
