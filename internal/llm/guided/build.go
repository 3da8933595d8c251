package guided

import (
	"regexp"
	"strings"
)

// note is something the person said about the model: who uses the app,
// what a thing holds, how things relate. kind says which question it
// answered; target names the entity for a per-item answer.
type note struct {
	kind   string // noteRoles, noteFields, noteLinks
	target string
	text   string
}

const (
	noteRoles  = "roles"
	noteFields = "fields"
	noteLinks  = "links"
)

// buildApp derives the model from the answers. It is a pure function of
// the state, so replaying a conversation gives the same model, and the
// revisions are applied after it, in order.
func (st *state) buildApp(project string) *app {
	m := &app{name: st.appName(project), overview: prose(withoutHeading(st.overview)), removed: map[string]bool{}}
	m.accounts = st.areas[aAccounts] || st.areas[aRoles]

	// Who uses it.
	var names []string
	for _, n := range st.notes {
		if n.kind == noteRoles && !confirms(n.text) {
			rs, _ := rolesFromAnswer(n.text)
			if len(rs) > 0 {
				names = rs
			}
		}
	}
	if names == nil {
		// The app's own name may hold a role word ("Tutor Time").
		ov := st.overview
		if st.name != "" {
			ov = strings.ReplaceAll(ov, st.name, "")
		}
		names = findRoles(append([]string{ov}, st.activities...)...)
		for _, l := range st.activities {
			if c := readClause(l); c.who != "" && c.who != "i" && c.who != "user" && c.who != "they" {
				names = appendNew(names, c.who)
			}
		}
		for _, s := range sentenceRE.Split(prose(st.overview), -1) {
			for _, part := range strings.Split(s, ",") {
				if c := readClause(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(part), "and "))); c.who != "" && c.who != "i" && c.who != "user" && c.who != "they" && agentNoun(c.who+"s") != "" {
					names = appendNew(names, c.who)
				}
			}
		}
	}
	for _, n := range st.notes {
		if n.kind == "any" {
			for _, it := range shapeItems(n.text) {
				if !isShape(it) {
					for _, r := range findRoles(it) {
						names = appendNew(names, r)
					}
				}
			}
		}
	}
	for _, n := range names {
		if m.sameRole(n) == nil {
			m.roles = append(m.roles, newRole(n))
		}
	}
	if len(m.roles) > 1 {
		m.accounts = true // different people see different things: they sign in
	}
	if st.areas[aRoles] && m.role("admin") == nil {
		if len(m.roles) == 0 {
			m.roles = append(m.roles, newRole("user"))
		}
		m.roles = append(m.roles, newRole("admin"))
	}
	if len(m.roles) == 0 {
		m.roles = append(m.roles, newRole("user"))
	}

	// What they do, and the things it needs.
	acts := st.activities
	if len(acts) == 0 && len(st.data) == 0 {
		acts = []string{defaultActivity}
	}
	for i, l := range acts {
		m.addAct("a"+itoa(i+1), l)
	}
	m.linkActs()
	if len(m.entities) == 0 && (st.areas[aSharing] || st.areas[aSearch] || st.areas[aDashboards] || st.areas[aImportExport] || st.areas[aHistory]) {
		// Areas that act on the things in the app need one.
		m.addEntity(thing{one: "item", many: "items", slug: "items"}).manage = true
	}
	for i, x := range st.extras {
		m.addAct("x"+itoa(i+1), x)
	}
	for _, d := range st.data {
		m.readShape(d, "", false)
	}
	basic, nolinks := false, false
	for _, n := range st.notes {
		switch {
		case n.kind == "basic":
			basic = true
		case n.kind == "nolinks":
			nolinks = true
		case n.kind != noteRoles && !confirms(n.text):
			for _, it := range shapeItems(n.text) {
				if n.kind != "any" || isShape(it) {
					m.readShape(it, n.target, n.kind == noteLinks)
				}
			}
		}
	}
	for _, e := range m.entities {
		if basic && !e.stated {
			e.stated = true
			e.fields = append([]field{{name: "name", kind: kText, required: true}, {name: "notes", kind: kLong}}, e.fields...)
		}
		if nolinks {
			var kept []field
			for _, f := range e.fields {
				if f.kind != kRef && f.kind != kRefs {
					kept = append(kept, f)
				}
			}
			e.fields = kept
		}
		m.completeEntity(e)
	}
	for _, ed := range st.edits {
		m.lastOK = m.applyEdit(ed)
	}
	return m
}

// isShape reports whether a sentence describes data: "recipes: …", "a
// meal plan has recipes", "an appointment belongs to a patient".
func isShape(s string) bool {
	return colonRE.MatchString(s) || hasRE.MatchString(s) || belongsRE.MatchString(s)
}

// withoutHeading drops a first line that is a Markdown heading: it
// gives the name, which the spec has in project_name.
func withoutHeading(s string) string {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "#") {
		if i := strings.IndexByte(t, '\n'); i > 0 {
			return t[i+1:]
		}
	}
	return s
}

// confirms reports whether a correction only confirms the proposal.
func confirms(s string) bool {
	n := strings.TrimSpace(norm(s))
	return n == "" || affirmative(s) || negative(s) || strings.HasPrefix(n, "looks right") || n == "right" || n == "correct"
}

// shapeItems splits a description of data into sentences, keeping a
// sentence's list together ("recipes have a title, ingredients and
// steps").
func shapeItems(text string) []string {
	var out []string
	for _, l := range strings.FieldsFunc(strings.ToValidUTF8(text, ""), func(r rune) bool { return r == '\n' || r == '\r' }) {
		l = stripMarker(strings.TrimSpace(l))
		for _, s := range sentenceRE.Split(l, -1) {
			for _, p := range strings.Split(s, ";") {
				if p = strings.Trim(strings.TrimSpace(p), "."); meaningful(p) {
					out = append(out, p)
				}
			}
		}
	}
	return out
}

// addAct reads one activity line into the model.
func (m *app) addAct(key, line string) {
	line = oneLine(prose(line), maxLine)
	line = strings.TrimRight(line, ".!;, ")
	c := readClause(line)
	if lw := strings.Fields(norm(line)); len(lw) == 1 && singular(lw[0]) != lw[0] {
		c.verb = "" // "comments" in a list of things is a thing, not "to comment"
	}
	if c.verb == "" && c.who == "" && !statementRE.MatchString(line) && len(strings.Fields(line)) <= 3 {
		// A thing named alone in a list of activities: "projects".
		w := strings.Fields(norm(line))
		if t, ok := thingOf(phraseWords(line)); ok && roleNoun(lastWord(t.one)) == "" && (len(w) == 1 || singular(w[len(w)-1]) != w[len(w)-1]) {
			m.addEntity(t).manage = true
			return
		}
	}
	a := act{key: key, c: c, line: line, rule: ruleRE.MatchString(line)}
	r := roleNoun(c.who)
	if r == "" && c.who != "" && agentNoun(plural(c.who)) != "" {
		r = c.who
	}
	if c.who != "i" && r != "" && r != "user" && m.sameRole(r) == nil {
		// Someone new: "customers get an order confirmation email".
		if len(m.roles) == 1 && m.roles[0].key == "user" {
			m.roles = nil
		}
		m.roles = append(m.roles, newRole(r))
		if len(m.roles) > 1 {
			m.accounts = true
		}
	}
	a.role = m.roleFor(c.who)
	if c.who == "they" && len(m.acts) > 0 {
		a.role = m.acts[len(m.acts)-1].role // "They get a reminder": whoever the last line was about
	}
	if c.kind != verbOther {
		kind, t, ok := activity(c.pred)
		if ok {
			t = madeThing(c.verb, t)
		} else if n := actNouns[c.verb]; n != "" {
			// "visitors apply to adopt an animal": the thing kept is the application.
			t, ok = thingOf([]string{n})
			kind = verbManage
		}
		if ok && messageNouns[lastWord(t.one)] && c.kind != verbManage {
			ok = false // "get an order confirmation email": a message, not a table
		}
		if ok && roleNoun(lastWord(t.one)) == "" {
			switch {
			case anyComputed(t.one):
				// "see my current streak", "the total value of open
				// deals": a value worked out from records, not a table.
				e := m.ofEntity(c.pred)
				if e == nil {
					e = m.mainEntity()
				}
				if e != nil {
					a.entity = e.key
					e.addField(field{name: slug(t.one), kind: kComputed, note: "worked out from the saved " + e.many})
				}
			case kind == verbView && summaryNoun(t):
			default:
				e := m.addEntity(t)
				a.entity = e.key
				if kind == verbManage {
					e.manage = true
					e.booked = e.booked || bookVerbs[c.verb]
					if e.owner == "" && createVerbs[c.verb] {
						e.owner = a.role
					}
				}
				m.tailFields(e, c.pred)
			}
		}
	}
	if a.entity != "" {
		// People the line names become references: "book an appointment
		// with a therapist" links the appointment to a therapist.
		e := m.entity(a.entity)
		for _, r := range findRoles(c.pred) {
			if rr := m.role(r); rr != nil && rr.key != a.role {
				e.addField(field{name: rr.key + "_id", kind: kRef, ref: "role:" + rr.key, required: true})
			}
		}
	} else if a.rule || c.verb == "" && statementRE.MatchString(line) {
		if e := m.ruleEntity(c.pred); e != nil {
			a.entity = e.key
		}
	}
	a.c.pred = undouble(a.c.pred)
	m.acts = append(m.acts, a)
}

func anyComputed(s string) bool {
	for _, w := range strings.Fields(s) {
		if computedWords[singular(w)] {
			return true
		}
	}
	return false
}

// ofEntity finds the thing a phrase's "of …" names: "the total value of
// open deals" → deals.
func (m *app) ofEntity(pred string) *entity {
	low := " " + strings.ToLower(pred) + " "
	for _, sep := range []string{" of ", " for ", " per ", " across "} {
		if i := strings.Index(low, sep); i >= 0 {
			words := strings.Fields(norm(low[i+len(sep):]))
			for j := range words {
				if e := m.entityByWord(strings.Join(words[j:min(j+2, len(words))], " ")); e != nil {
					return e
				}
				if e := m.entityByWord(words[j]); e != nil {
					return e
				}
			}
		}
	}
	return nil
}

// madeThing names what a verb makes of its object: planning meals
// makes meal plans, submitting work makes work submissions.
func madeThing(verb string, t thing) thing {
	noun := verbNouns[verb]
	if noun == "" {
		return t
	}
	base, uncount := strings.CutSuffix(t.one, " entry")
	if bookables[lastWord(base)] && (verb == "reserve" || verb == "book" || verb == "rent" || verb == "hire") {
		uncount = true // "reserve a table": the thing kept is the reservation
	}
	if verb != "plan" && !uncount || strings.HasSuffix(base, noun) {
		return t
	}
	if nt, ok := thingOf(append(strings.Fields(base), noun)); ok {
		return nt
	}
	return t
}

// bookVerbs make something that happens at a time.
var bookVerbs = set("book", "schedule", "reserve")

// actNouns name what an act without an object makes.
var actNouns = map[string]string{"apply": "application", "register": "registration", "subscribe": "subscription",
	"enrol": "enrolment", "enroll": "enrollment", "donate": "donation", "vote": "vote", "rsvp": "rsvp"}

// bookables are things people reserve rather than keep.
var bookables = set("table", "room", "seat", "court", "desk", "car", "bike", "boat", "pitch", "lane", "studio", "spot", "space")

var verbNouns = map[string]string{"plan": "plan", "submit": "submission", "order": "order", "request": "request", "book": "booking",
	"reserve": "reservation", "rent": "rental", "hire": "hire",
	"list": "listing", "sell": "listing"}

// linkActs links things that one activity names together: "make a
// shopping list from the meal plan" links the list to the plan.
func (m *app) linkActs() {
	for _, a := range m.acts {
		e := m.entity(a.entity)
		if e == nil {
			continue
		}
		words := strings.Fields(norm(a.c.pred))
		start := 1
		for start < len(words) && !stoppers[words[start]] {
			start++
		}
		for i := start + 1; i < len(words); i++ {
			for _, n := range []int{2, 1} {
				if i+n > len(words) {
					continue
				}
				o := m.entityByWord(strings.Join(words[i:i+n], " "))
				if o == nil || o == e || n == 1 && i+1 < len(words) && !stoppers[words[i+1]] && m.entityByWord(words[i]+" "+words[i+1]) != nil {
					continue
				}
				e.addField(field{name: slug(o.one) + "_id", kind: kRef, ref: o.key})
				i += n - 1
				break
			}
		}
	}
}

// messageNouns are what people receive rather than keep.
var messageNouns = set("email", "reminder", "notification", "alert", "confirmation", "text", "sms", "digest", "newsletter", "receipt email", "message")

// ruleRE finds a rule in a line: a number, a limit, a time relation.
var ruleRE = regexp.MustCompile(`(?i)\d|\b(only|up to|at least|at most|no more than|before|after|within|maximum|minimum|limit|never|must|every day)\b`)

// roleFor maps a clause's subject to a role key.
func (m *app) roleFor(who string) string {
	if who == "" || who == "i" || who == "user" {
		return m.primaryRole()
	}
	if r := m.sameRole(who); r != nil {
		return r.key
	}
	return m.primaryRole()
}

// mainEntity is the first thing people manage, else the first thing.
func (m *app) mainEntity() *entity {
	for _, e := range m.entities {
		if e.manage {
			return e
		}
	}
	if len(m.entities) > 0 {
		return m.entities[0]
	}
	return nil
}

// ruleEntity finds the thing a rule without an object is about: one
// its words name, else the one the rule's verb suits (a cancel is of
// something booked), else the main thing.
func (m *app) ruleEntity(pred string) *entity {
	for _, w := range strings.Fields(norm(pred)) {
		if e := m.entityByWord(w); e != nil {
			return e
		}
	}
	for _, e := range m.entities {
		if e.booked {
			return e
		}
	}
	for _, e := range m.entities {
		for _, f := range e.fields {
			if f.kind == kDateTime {
				return e
			}
		}
	}
	return m.mainEntity()
}

// tailFields reads the fields in "… with a title, ingredients and steps".
func (m *app) tailFields(e *entity, pred string) {
	i := withIndex(" " + pred)
	if i < 0 {
		return
	}
	rest := (" " + pred)[i:]
	rest = rest[strings.Index(rest[1:], " ")+2:]
	for _, p := range listSplitRE.Split(rest, -1) {
		if f, ok := fieldOf(p, m); ok {
			e.addField(f) // mentioned: the usual fields of the thing still come first
		}
	}
}

// readShape reads one sentence about the data: "recipes: title,
// ingredients, rating", "a meal plan has recipes", "an appointment
// belongs to a patient and a therapist". target is the entity asked
// about, for an answer that names only fields.
func (m *app) readShape(s, target string, links bool) {
	s = strings.TrimSpace(prose(s))
	s = strings.TrimRight(s, ".")
	var subject, rest string
	belongs := false
	switch {
	case belongsRE.MatchString(s):
		g := belongsRE.FindStringSubmatch(s)
		subject, rest, belongs = g[1], g[2], true
	case colonRE.MatchString(s):
		g := colonRE.FindStringSubmatch(s)
		subject, rest = g[1], g[2]
	case hasRE.MatchString(s):
		g := hasRE.FindStringSubmatch(s)
		subject, rest = g[1], g[2]
	default:
		if target != "" {
			subject, rest = "", s
		} else {
			// A thing named alone: "patients", "rooms".
			if t, ok := thingOf(phraseWords(s)); ok && len(strings.Fields(s)) <= 3 {
				if r := roleNoun(lastWord(t.one)); r != "" {
					return // a kind of person: a role, not a table
				}
				m.addEntity(t).manage = true
			}
			return
		}
	}
	var e *entity
	if subject == "" || target != "" && m.entityByWord(subject) == nil {
		e = m.entity(target)
		if subject != "" && e != nil {
			rest = s // "each has a name and equipment": the whole sentence lists fields
			if g := hasRE.FindStringSubmatch(s); g != nil {
				rest = g[2]
			}
		}
	} else {
		if r := roleNoun(lastWord(subject)); r != "" && m.entityByWord(subject) == nil {
			return
		}
		words := phraseWords(subject)
		if len(words) == 0 {
			return
		}
		t, ok := thingOf(words)
		if !ok {
			return
		}
		e = m.addEntity(t)
		e.manage = true
	}
	if e == nil {
		return
	}
	// A list of values replaces what the thing held before, in the
	// person's order; links and worked-out values stay.
	var typed []field
	for _, p := range listSplitRE.Split(rest, -1) {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if links && !belongs {
			// "a workout has exercises": in an answer about links, a
			// plural names a thing of its own.
			if w := phraseWords(p); len(w) > 0 && singular(w[len(w)-1]) != w[len(w)-1] && m.entityByWord(p) == nil && roleNoun(w[len(w)-1]) == "" {
				if t, ok := thingOf(w); ok {
					m.addEntity(t).manage = true
				}
			}
		}
		if f, ok := fieldOf(p, m); ok {
			if belongs && f.kind != kRef && f.kind != kRefs {
				continue // "belongs to" names owners, not values
			}
			if f.kind == kRefs && belongs {
				f.kind, f.name = kRef, slug(m.entity(f.ref).one)+"_id"
			}
			if f.ref == e.key {
				continue
			}
			if f.kind != kRef && f.kind != kRefs && !links {
				typed = append(typed, f)
				continue
			}
			e.addField(f)
		}
	}
	if len(typed) > 0 {
		old := e.fields
		e.fields = nil
		for _, f := range typed {
			e.addField(f)
		}
		for _, f := range old {
			if f.kind == kRef || f.kind == kRefs || f.kind == kComputed {
				e.addField(f)
			}
		}
		e.stated = true
	}
}

// addField adds f unless a field of that name is already there; a
// typed reference replaces a plain field of the same meaning.
func (e *entity) addField(f field) {
	for i, g := range e.fields {
		if g.name == f.name || strings.TrimSuffix(g.name, "_id") == strings.TrimSuffix(f.name, "_id") {
			if f.kind == kRef || f.kind == kRefs {
				e.fields[i] = f
			}
			return
		}
	}
	if len(e.fields) < 16 {
		e.fields = append(e.fields, f)
	}
}

// completeEntity fills in what the person left out: fields for a thing
// they named but did not describe, and its owner.
func (m *app) completeEntity(e *entity) {
	{
		if !e.stated {
			defs, ok := knownFields[e.one]
			if !ok {
				defs, ok = knownFields[lastWord(e.one)]
			}
			if !ok && e.booked {
				defs, ok = knownFields["booking"], true
			}
			if !ok {
				defs = []string{"name (required)", "notes"}
			}
			var kept []field
			for _, d := range defs {
				if f, ok := fieldOf(d, m); ok {
					kept = append(kept, f)
				}
			}
			// The person's own fields (references, computed values)
			// come after the usual ones.
			e.fields = append(kept, e.fields...)
			e.fields = dedupFields(e.fields)
		}
		if !hasRequired(e.fields) && len(e.fields) > 0 {
			for i, f := range e.fields {
				if f.name == "title" || f.name == "name" {
					e.fields[i].required = true
				}
			}
		}
		if !hasRequired(e.fields) && len(e.fields) > 0 {
			for i := range e.fields {
				if e.fields[i].kind != kComputed && e.fields[i].kind != kRef && e.fields[i].kind != kRefs {
					e.fields[i].required = true
					break
				}
			}
		}
		if e.owner == "" {
			// Whoever it names ("an application belongs to a visitor"),
			// else whoever changes it, else the main role.
			for _, f := range e.fields {
				if r, ok := strings.CutPrefix(f.ref, "role:"); ok && f.kind == kRef && e.owner == "" {
					e.owner = r
				}
			}
			for _, a := range m.acts {
				if a.entity == e.key && e.owner == "" && a.c.kind == verbManage {
					e.owner = a.role
				}
			}
		}
		if e.owner == "" {
			e.owner = m.primaryRole()
		}
	}
}

func hasRequired(fs []field) bool {
	for _, f := range fs {
		if f.required && f.kind != kRef && f.kind != kRefs {
			return true
		}
	}
	return false
}

func dedupFields(fs []field) []field {
	var out []field
	seen := map[string]int{}
	for _, f := range fs {
		k := strings.TrimSuffix(f.name, "_id")
		dup := false
		for s := range seen {
			if strings.HasSuffix(s, "_"+k) {
				dup = true // "limit" after "monthly_limit"
			}
		}
		if dup {
			continue
		}
		if i, ok := seen[k]; ok {
			if f.kind == kRef || f.kind == kRefs {
				out[i] = f
			}
			continue
		}
		seen[k] = len(out)
		out = append(out, f)
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
