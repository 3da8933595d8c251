package guided

import (
	"fmt"
	"regexp"
	"strings"
)

// The shape of the app: who uses it, what each thing holds, and how the
// things relate. Quick mode proposes all three and asks once; detailed
// mode asks who uses it in the person's words, then about each thing.

const (
	hRoles = "Roles"
	hData  = "Data"
	hLinks = "Links"
)

var (
	qShapeRoles = question{header: hRoles, text: "Are these the kinds of people who use the app? Pick, or type the right list.",
		opts: []option{
			{key: "yes", label: "Looks right" + recommended, desc: "Each kind of person becomes a role with its own permissions."},
			{key: "one", label: "One kind of user", desc: "Everyone can do everything; no roles.", words: []string{"one kind", "single user", "just me", "only me", "no roles"}},
		}}
	qShapeData = question{header: hData, text: "Is this what each thing holds? Pick, or type corrections such as \"recipes: title, ingredients, rating\".",
		opts: []option{
			{key: "yes", label: "Looks right" + recommended, desc: "Keep these fields and types."},
			{key: "basic", label: "Only the basics", desc: "A name and notes for each thing; add more later.", words: []string{"basics", "basic", "simpler", "minimal"}},
		}}
	qShapeLinks = question{header: hLinks, text: "Is this how the things relate? Pick, or type corrections such as \"a meal plan has recipes\".",
		opts: []option{
			{key: "yes", label: "Looks right" + recommended, desc: "Keep these links between things."},
			{key: "none", label: "No links", desc: "Each thing stands on its own.", words: []string{"no links", "none", "independent"}},
		}}
)

// readShapeAnswers stores the answers to the shape questions as notes.
// A plain message instead of picks corrects everything at once.
func (st *state) readShapeAnswers(ev event, qs ...question) {
	if ev.free {
		if !confirms(ev.freeText) {
			st.notes = append(st.notes, note{kind: "any", text: ev.freeText})
		}
		return
	}
	for _, q := range qs {
		a := ev.answers[q.header]
		if o, _, ok := q.pick(a); ok {
			switch o.key {
			case "one":
				st.notes = append(st.notes, note{kind: noteRoles, text: "users"})
			case "basic":
				st.notes = append(st.notes, note{kind: "basic"})
			case "none":
				st.notes = append(st.notes, note{kind: "nolinks"})
			}
			continue
		}
		if !meaningful(a) {
			continue
		}
		n := note{text: a}
		switch {
		case q.header == hRoles:
			n.kind = noteRoles
		case q.header == hLinks:
			n.kind = noteLinks
		default:
			n.kind = noteFields
			n.target = st.fieldTarget(q.header)
		}
		st.notes = append(st.notes, n)
	}
}

// shapeAck says what the model now holds.
func (st *state) shapeAck() string {
	m := st.buildApp(st.project)
	var names []string
	for _, e := range m.entities {
		names = append(names, e.many)
	}
	out := "Roles: " + joinAnd(roleManys(m)) + "."
	if len(names) > 0 {
		out += " Things: " + joinAnd(names) + "."
	}
	return out
}

// mergeNote shows the things that were merged as near-synonyms.
func (st *state) mergeNote() string {
	m := st.buildApp(st.project)
	if len(m.merges) == 0 {
		return ""
	}
	return " I treated " + strings.Join(m.merges, "; ") + " (say so at the review if they are different)."
}

// proposal describes the model for the person to confirm.
func (st *state) proposal(m *app, parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		switch p {
		case hRoles:
			b.WriteString("People who use it: " + joinAnd(roleManys(m)) + ".\n")
		case hData:
			b.WriteString("What each thing holds:\n")
			for _, e := range m.entities {
				fmt.Fprintf(&b, "- %s: %s\n", upperFirst(e.many), describeFields(m, e))
			}
		case hLinks:
			ls := links(m)
			if len(ls) == 0 {
				b.WriteString("Links: none; each thing stands on its own.\n")
			} else {
				b.WriteString("Links: " + strings.Join(ls, "; ") + ".\n")
			}
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// describeFields lists an entity's fields with their kinds.
func describeFields(m *app, e *entity) string {
	var out []string
	for _, f := range e.fields {
		k := f.kind
		switch f.kind {
		case kRef:
			if r, ok := strings.CutPrefix(f.ref, "role:"); ok {
				k = "a " + m.roleName(r, false)
			} else if t := m.entity(f.ref); t != nil {
				k = "a " + t.one
			}
		case kRefs:
			if t := m.entity(f.ref); t != nil {
				k = "several " + t.many
			}
		case kDuration:
			k = "minutes"
		case kComputed:
			k = "worked out"
		}
		if f.kind == kRef || f.kind == kRefs {
			out = append(out, label(f)+" ("+k+")")
		} else {
			out = append(out, label(f)+" ("+k+")")
		}
	}
	if len(out) == 0 {
		return "a name"
	}
	return strings.Join(out, ", ")
}

// links lists the relations between things, in words.
func links(m *app) []string {
	var out []string
	for _, e := range m.entities {
		var to []string
		for _, f := range e.fields {
			switch f.kind {
			case kRef:
				if r, ok := strings.CutPrefix(f.ref, "role:"); ok {
					to = append(to, article(m.roleName(r, false))+" "+m.roleName(r, false))
				} else if t := m.entity(f.ref); t != nil {
					to = append(to, article(t.one)+" "+t.one)
				}
			case kRefs:
				if t := m.entity(f.ref); t != nil {
					to = append(to, "several "+t.many)
				}
			}
		}
		if len(to) > 0 {
			out = append(out, fmt.Sprintf("%s %s belongs to %s", article(e.one), e.one, joinAnd(to)))
		}
	}
	return out
}

// fieldEntities are the things detailed mode asks about, in order.
func (st *state) fieldEntities() []*entity { return st.buildApp(st.project).entities }

// fieldQuestions are the questions of the current batch of stepFields.
func (st *state) fieldQuestions() []question {
	m := st.buildApp(st.project)
	var qs []question
	for i := st.fieldBatch * 4; i < len(m.entities) && i < st.fieldBatch*4+4; i++ {
		e := m.entities[i]
		qs = append(qs, question{
			header: fieldHeader(m, i),
			text:   fmt.Sprintf("What does %s %s hold? I'd suggest: %s. Pick, or type the fields you want.", article(e.one), e.one, describeFields(m, e)),
			opts:   qShapeData.opts,
		})
	}
	return qs
}

// fieldHeader is the header of the question about entity i: its name
// when that fits in a header and no other thing's starts the same,
// else "Data N".
func fieldHeader(m *app, i int) string {
	h := upperFirst(m.entities[i].many)
	if len([]rune(h)) > 12 {
		return fmt.Sprintf("Data %d", i+1)
	}
	for j, e := range m.entities {
		if j != i && strings.EqualFold(upperFirst(e.many), h) || h == hRoles || h == hLinks {
			return fmt.Sprintf("Data %d", i+1)
		}
	}
	return h
}

// fieldTarget maps a field question's header back to its entity's key.
func (st *state) fieldTarget(header string) string {
	m := st.buildApp(st.project)
	for i, e := range m.entities {
		if fieldHeader(m, i) == header {
			return e.key
		}
	}
	return ""
}

// nameFrom finds the name the person gave the app in their overview:
// a heading, "called Pantry Pal", or "Pantry Pal is a …".
func nameFrom(text string) string {
	first := strings.TrimSpace(strings.SplitN(strings.TrimSpace(text), "\n", 2)[0])
	if strings.HasPrefix(first, "#") {
		if n := strings.TrimSpace(strings.Trim(prose(first), ".")); n != "" && len(strings.Fields(n)) <= 5 {
			return n
		}
	}
	plain := prose(text)
	if g := calledRE.FindStringSubmatch(plain); g != nil {
		return strings.TrimRight(g[1], ".,")
	}
	if g := appNameRE.FindStringSubmatch(plain); g != nil && !notNames[strings.ToLower(strings.Fields(g[1])[0])] {
		return strings.TrimRight(g[1], ".,")
	}
	if g := leadNameRE.FindStringSubmatch(plain); g != nil && !notNames[strings.ToLower(strings.Fields(g[1])[0])] && roleNoun(lastWord(g[1])) == "" {
		return g[1]
	}
	return ""
}

var (
	calledRE   = regexp.MustCompile(`\b(?:called|named|name is|name it|call it)\s+["“']?([A-Z0-9][\w'&+-]*(?:(?:\s+(?:&|and|of|the))?\s+[A-Z0-9][\w'&+-]*){0,3})`)
	leadNameRE = regexp.MustCompile(`^["“']?([A-Z][\w'&+-]*(?:(?:\s+(?:&|and|of|the|n'|'n'))?\s+[A-Z0-9][\w'&+-]*){0,3})["”']?\s*(?:is|will|—|–|-|:|[a-z]+s)\s`)
	appNameRE  = regexp.MustCompile(`\b(?:app|application|tool|platform|site|website|service|project)\s+["“]?([A-Z][\w'&+-]*(?:(?:\s+(?:&|and|of|the|n'|'n'))?\s+[A-Z0-9][\w'&+-]*){0,3})["”]?`)
	slugRE     = regexp.MustCompile(`^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+$`)
	notNames   = set("the", "this", "it", "a", "an", "my", "our", "we", "i", "i'm", "its", "there", "app", "users", "people")
)

// appName is the name for the spec: the one the person gave, else the
// project's.
func (st *state) appName(project string) string {
	if st.name != "" {
		return st.name
	}
	if slugRE.MatchString(project) {
		// "pantry-pal" was made from a name: "Pantry Pal".
		words := strings.FieldsFunc(project, func(r rune) bool { return r == '-' || r == '_' })
		for i, w := range words {
			words[i] = upperFirst(w)
		}
		return strings.Join(words, " ")
	}
	return projectName(project)
}
