package guided

import (
	"fmt"
	"regexp"
	"strings"
)

// edit is one change to the model, asked for at the review or after the
// files are written. Edits are applied to the model in order, after the
// interview's answers, so a renamed thing keeps its features' IDs and a
// removed one takes its table and endpoints with it.
type edit struct {
	op   string // opRename, opRemove, opAdd, opAct, opDropFeature
	a, b string
	key  string // opAct: the activity's key; opDropFeature: the feature's key
}

const (
	opRename      = "rename"
	opRemove      = "remove"
	opAdd         = "add"
	opAct         = "act"
	opDropFeature = "drop"
)

var (
	renameRE  = regexp.MustCompile(`(?i)^(?:rename|call|change the name of)\s+(?:the\s+|all\s+)?["“']?(.+?)["”']?\s+(?:to|as|into)\s+["“']?(.+?)["”']?$`)
	renameRE2 = regexp.MustCompile(`(?i)^["“']?(.+?)["”']?\s+should be (?:called|named|renamed to)\s+["“']?(.+?)["”']?$`)
	removeRE  = regexp.MustCompile(`(?i)^(?:remove|drop|delete|get rid of|take out|skip|no|without|we don't need|don't need|no need for)\s+(?:the\s+|all\s+|any\s+)?(.+)$`)
	addRE     = regexp.MustCompile(`(?i)^(?:add|include|also keep|keep track of|there should be|there is|we need|i need|need)\s+(.+)$`)
)

// readEdit reads one change line into an edit of the model, trying it
// on m; ok is false when the line says nothing the model can take.
func (st *state) readEdit(l string, n int) (edit, string, bool) {
	l = strings.TrimSpace(strings.Trim(prose(l), "."))
	if g := renameRE.FindStringSubmatch(l); g != nil {
		return edit{op: opRename, a: g[1], b: g[2]}, fmt.Sprintf("renamed %s to %s", g[1], g[2]), true
	}
	if g := renameRE2.FindStringSubmatch(l); g != nil {
		return edit{op: opRename, a: g[1], b: g[2]}, fmt.Sprintf("renamed %s to %s", g[1], g[2]), true
	}
	if g := removeRE.FindStringSubmatch(l); g != nil {
		what := strings.TrimSpace(g[1])
		if key := st.featureNamed(what); key != "" {
			return edit{op: opDropFeature, key: key, a: what}, "removed " + what, true
		}
		return edit{op: opRemove, a: what}, "removed " + what, true
	}
	if g := addRE.FindStringSubmatch(l); g != nil {
		what := strings.TrimSpace(g[1])
		if vague("add " + what) {
			return edit{}, "", false
		}
		if c := readClause(what); c.kind != verbOther && c.who != "" {
			return edit{op: opAct, a: what, key: "c" + itoa(n)}, "added: " + what, true
		}
		return edit{op: opAdd, a: what}, "added " + what, true
	}
	c := readClause(l)
	if c.verb == "" && statementRE.MatchString(l) && len(strings.Fields(l)) >= 3 && !vague("x "+strings.Fields(l)[0]) {
		return edit{op: opAct, a: l, key: "c" + itoa(n)}, "added: " + l, true
	}
	if c.verb != "" && len(strings.Fields(c.pred)) >= 2 && !vague(c.pred) {
		return edit{op: opAct, a: l, key: "c" + itoa(n)}, "added: " + l, true
	}
	return edit{}, "", false
}

// vague reports whether a predicate acts on nothing named: "make it
// nicer", "improve everything".
func vague(pred string) bool {
	w := strings.Fields(strings.ToLower(pred))
	if len(w) < 2 {
		return true
	}
	return vagueWords[strings.Trim(w[1], ",.!")]
}

var vagueWords = set("it", "this", "that", "them", "everything", "something", "things", "stuff", "better", "nicer", "more", "less")

// featureNamed finds a feature of the current plan by its name: the
// features an area or thing does not own alone ("remove password
// reset").
func (st *state) featureNamed(what string) string {
	want := contentKey(what)
	if want == "" {
		return ""
	}
	for _, c := range st.plan().cats {
		for _, f := range c.feats {
			if contentKey(f.name) == want {
				return f.key
			}
		}
	}
	return ""
}

func contentKey(s string) string {
	var out []string
	for _, w := range strings.Fields(norm(s)) {
		if fillers[w] || w == "feature" || w == "the" {
			continue
		}
		out = append(out, singular(w))
	}
	return strings.Join(out, " ")
}

// applyEdit applies one edit to the model and reports whether it found
// what it names.
func (m *app) applyEdit(ed edit) bool {
	switch ed.op {
	case opRename:
		return m.rename(ed.a, ed.b)
	case opRemove:
		return m.remove(ed.a)
	case opDropFeature:
		m.removed[ed.key] = true
		return true
	case opAdd:
		return m.addThing(ed.a)
	case opAct:
		m.addAct(ed.key, ed.a)
		return true
	}
	return false
}

// rename renames a role, a thing or a field, everywhere: the model, the
// person's own lines and the overview.
func (m *app) rename(from, to string) bool {
	from = strings.TrimSpace(strings.ToLower(from))
	to = strings.TrimSpace(strings.ToLower(to))
	if from == "" || to == "" {
		return false
	}
	oneFrom, oneTo := singularPhrase(from), singularPhrase(to)
	manyFrom, manyTo := pluralPhrase(oneFrom), pluralPhrase(oneTo)
	found := false
	if r := m.role(oneFrom); r != nil {
		nr := newRole(oneTo)
		r.one, r.many = nr.one, nr.many
		found = true
	}
	if e := m.entityByWord(from); e != nil && !found {
		oneFrom, manyFrom = e.one, e.many
		e.one, e.many = oneTo, manyTo
		e.names = append(e.names, oneTo)
		found = true
	}
	if !found {
		for _, e := range m.entities {
			for i, f := range e.fields {
				if label(f) == oneFrom || label(f) == from {
					e.fields[i].name = slug(to)
					found = true
				}
			}
		}
	}
	if !found {
		return false
	}
	typedMany, typedOne := pluralPhrase(singularPhrase(from)), singularPhrase(from)
	rep := func(s string) string {
		s = replaceWord(s, manyFrom, manyTo)
		s = replaceWord(s, oneFrom, oneTo)
		s = replaceWord(s, typedMany, manyTo)
		return replaceWord(s, typedOne, oneTo)
	}
	m.overview = rep(m.overview)
	for i := range m.acts {
		m.acts[i].c.pred = rep(m.acts[i].c.pred)
		m.acts[i].line = rep(m.acts[i].line)
	}
	for _, e := range m.entities {
		for i := range e.fields {
			e.fields[i].note = rep(e.fields[i].note)
			e.fields[i].name = slug(rep(strings.ReplaceAll(e.fields[i].name, "_", " ")))
		}
	}
	return true
}

// replaceWord replaces whole-word occurrences of from with to, keeping
// a capital first letter.
func replaceWord(s, from, to string) string {
	if from == "" {
		return s
	}
	re := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(from) + `\b`)
	return re.ReplaceAllStringFunc(s, func(w string) string {
		if w != "" && w[0] >= 'A' && w[0] <= 'Z' {
			return upperFirst(to)
		}
		return to
	})
}

func singularPhrase(p string) string { return lastWordBy(p, singular) }

func pluralPhrase(p string) string { return lastWordBy(p, plural) }

// lastWordBy applies f to the last word of p, the noun of a phrase.
func lastWordBy(p string, f func(string) string) string {
	w := strings.Fields(p)
	if len(w) == 0 {
		return p
	}
	w[len(w)-1] = f(w[len(w)-1])
	return strings.Join(w, " ")
}

// remove takes a role, a thing (with its activities, and the links other
// things had to it) or a field out of the model.
func (m *app) remove(what string) bool {
	what = strings.ToLower(strings.TrimSpace(what))
	// "the rating from recipes"
	if i := strings.Index(what, " from "); i > 0 {
		fieldName, owner := what[:i], what[i+6:]
		if e := m.entityByWord(owner); e != nil {
			for j, f := range e.fields {
				if label(f) == singularPhrase(fieldName) || label(f) == fieldName {
					e.fields = append(e.fields[:j], e.fields[j+1:]...)
					return true
				}
			}
		}
	}
	if r := m.role(singularPhrase(what)); r != nil && len(m.roles) > 1 {
		key := r.key
		var kept []role
		for _, x := range m.roles {
			if x.key != key {
				kept = append(kept, x)
			}
		}
		m.roles = kept
		var acts []act
		for _, a := range m.acts {
			if a.role != key {
				acts = append(acts, a)
			}
		}
		m.acts = acts
		for _, e := range m.entities {
			e.dropRefs("role:" + key)
			if e.owner == key {
				e.owner = m.primaryRole()
			}
		}
		return true
	}
	if e := m.entityByWord(what); e != nil {
		var kept []*entity
		for _, x := range m.entities {
			if x != e {
				kept = append(kept, x)
			}
		}
		m.entities = kept
		var acts []act
		for _, a := range m.acts {
			if a.entity != e.key {
				acts = append(acts, a)
			}
		}
		m.acts = acts
		for _, x := range m.entities {
			x.dropRefs(e.key)
		}
		return true
	}
	for _, e := range m.entities {
		for j, f := range e.fields {
			if label(f) == singularPhrase(what) || label(f) == what {
				e.fields = append(e.fields[:j], e.fields[j+1:]...)
				return true
			}
		}
	}
	// An activity, by its words.
	want := contentKey(what)
	for i, a := range m.acts {
		if want != "" && strings.Contains(contentKey(a.line), want) {
			m.acts = append(m.acts[:i], m.acts[i+1:]...)
			return true
		}
	}
	return false
}

func (e *entity) dropRefs(ref string) {
	var kept []field
	for _, f := range e.fields {
		if (f.kind == kRef || f.kind == kRefs) && f.ref == ref {
			continue
		}
		kept = append(kept, f)
	}
	e.fields = kept
}

// addThing adds a thing people keep: "a budget with a monthly limit".
func (m *app) addThing(what string) bool {
	words := phraseWords(what)
	t, ok := thingOf(words)
	if !ok {
		return false
	}
	if roleNoun(lastWord(t.one)) != "" && m.entityByWord(t.one) == nil {
		if m.role(lastWord(t.one)) == nil {
			m.roles = append(m.roles, newRole(lastWord(t.one)))
			m.accounts = true
		}
		return true
	}
	e := m.addEntity(t)
	e.manage = true
	e.fromAdded = true
	m.tailFields(e, "keep "+what)
	m.completeEntity(e)
	return true
}
