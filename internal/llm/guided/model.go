package guided

import "strings"

// app is what the interview understood: the people, the things they
// keep, and what they do. The spec is rendered from it, and revisions
// edit it. Keys never change once given, so a renamed thing keeps its
// features' IDs.
type app struct {
	name     string
	overview string
	accounts bool // people sign in
	roles    []role
	entities []*entity
	acts     []act
	merges   []string // "weekly availabilities" and "availability slots" became one
	removed  map[string]bool
	lastOK   bool // the last edit found what it names

	checksSeen map[string]string // form checks already listed, by entity
}

type role struct {
	key       string
	one, many string
	admin     bool
}

type entity struct {
	key       string
	one, many string
	fields    []field
	stated    bool   // the person said what it holds
	owner     string // the role key that creates it
	manage    bool
	names     []string // every name it was given, for merging and matching
	fromAdded bool
	booked    bool // people book it for a time: it has a start and a length
}

// act is one thing someone does: the person's line, read.
type act struct {
	key    string
	role   string // role key
	c      clause
	entity string // entity key, "" when it acts on none
	line   string
	rule   bool // carries a number or a limit: it becomes an acceptance criterion
}

func (m *app) hasRole(name string) bool { return m.role(name) != nil }

func (m *app) role(name string) *role {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "staff" {
		name = "staff member"
	}
	for i := range m.roles {
		r := &m.roles[i]
		if r.key == name || r.one == name || r.many == name || singular(name) == r.one {
			return r
		}
	}
	return nil
}

func (m *app) entity(key string) *entity {
	for _, e := range m.entities {
		if e.key == key {
			return e
		}
	}
	return nil
}

// entityByWord finds the entity a phrase names: by name, singular or
// plural, by head noun, or by a synonym.
func (m *app) entityByWord(p string) *entity {
	words := strings.Fields(strings.TrimSpace(norm(p)))
	for len(words) > 0 && fillers[words[0]] {
		words = words[1:]
	}
	if len(words) == 0 {
		return nil
	}
	t, ok := thingOf(words)
	if !ok {
		return nil
	}
	for _, e := range m.entities {
		for _, n := range e.names {
			if n == t.one {
				return e
			}
		}
	}
	head := lastWord(t.one)
	for _, e := range m.entities {
		for _, n := range e.names {
			if h := lastWord(n); h == head || synonyms(h, head) {
				return e
			}
		}
	}
	return nil
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// synonymGroups are words people use for the same thing.
var synonymGroups = [][]string{
	{"availability", "slot", "time slot", "opening", "opening hour", "timeslot"},
	{"appointment", "booking", "reservation", "visit"},
	{"task", "todo", "to-do", "chore"},
	{"product", "item", "good"},
	{"customer", "client"},
	{"post", "blog post", "article", "entry"},
	{"workout", "training session", "exercise session"},
	{"expense", "spending", "purchase", "cost"},
	{"note", "memo"},
	{"check in", "check-in", "completion", "log"},
}

func synonyms(a, b string) bool {
	if a == b {
		return true
	}
	for _, g := range synonymGroups {
		ia, ib := false, false
		for _, w := range g {
			ia = ia || w == a
			ib = ib || w == b
		}
		if ia && ib {
			return true
		}
	}
	return false
}

// addEntity adds a thing or, when one of its names means the same,
// merges it into that one and records the merge for the person to see.
func (m *app) addEntity(t thing) *entity {
	if e := m.entityByWord(t.one); e != nil {
		named := false
		for _, n := range e.names {
			named = named || n == t.one
		}
		if !named {
			e.names = append(e.names, t.one)
			m.merges = append(m.merges, "“"+e.many+"” and “"+t.many+"” as one thing: "+e.many)
		}
		return e
	}
	key := t.slug
	for m.entity(key) != nil {
		key += "_2"
	}
	e := &entity{key: key, one: t.one, many: t.many, names: []string{t.one}}
	m.entities = append(m.entities, e)
	return e
}

// primaryRole is who "I" is: the first role that is not an admin.
func (m *app) primaryRole() string {
	for _, r := range m.roles {
		if !r.admin {
			return r.key
		}
	}
	if len(m.roles) > 0 {
		return m.roles[0].key
	}
	return "user"
}

func (m *app) roleName(key string, many bool) string {
	for _, r := range m.roles {
		if r.key == key {
			if many {
				return r.many
			}
			return r.one
		}
	}
	if many {
		return "users"
	}
	return "user"
}

// roleSynonyms are names people use for one role.
var roleSynonyms = [][]string{{"author", "writer"}, {"customer", "client"}, {"student", "pupil", "learner"},
	{"teacher", "instructor"}, {"organizer", "organiser", "host"}, {"member", "user"}}

// sameRole finds a role that a synonym of name already names.
func (m *app) sameRole(name string) *role {
	if r := m.role(name); r != nil {
		return r
	}
	for _, g := range roleSynonyms {
		if !contains(g, singular(name)) {
			continue
		}
		for _, w := range g {
			if r := m.role(w); r != nil && w != "user" {
				return r
			}
		}
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func newRole(name string) role {
	name = strings.ToLower(strings.TrimSpace(name))
	one := singular(name)
	if strings.Contains(one, " ") {
		w := strings.Fields(one)
		w[len(w)-1] = singular(w[len(w)-1])
		one = strings.Join(w, " ")
	}
	many := plural(lastWord(one))
	if i := strings.LastIndex(one, " "); i > 0 {
		many = one[:i+1] + many
	}
	if one == "staff" {
		many = "staff members"
		one = "staff member"
	}
	return role{key: slug(one), one: one, many: many, admin: one == "admin"}
}
