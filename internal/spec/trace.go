package spec

import (
	"fmt"
	"regexp"
	"strings"
)

// lintTrace checks that the parts of the spec hold together: each
// endpoint area serves a table or a feature, each table is used by a
// feature or an endpoint, and every role the features name is defined.
// The matching is by words, loosely (case, plurals, parts of snake_case
// names), so it flags only what nothing mentions at all.
func (c *checker) lintTrace(found map[string]*node) {
	s := c.spec
	// The features are asked only about the words of the tables and
	// endpoint areas, and about signing in: those alone are gathered.
	tableNames := make([]map[string]bool, len(s.Tables))
	for i, t := range s.Tables {
		tableNames[i] = nameWords(t.Name)
	}
	areaNames := make([]map[string]bool, len(s.APIAreas))
	for i, a := range s.APIAreas {
		areaNames[i] = nameWords(a.Name)
		for _, e := range a.Endpoints {
			for w := range pathWords(e.Path) {
				areaNames[i][w] = true
			}
		}
	}
	asked := newWordFilter()
	for _, w := range []string{"login", "signin", "sign", "log", "password"} {
		asked.add(w)
	}
	for _, sets := range [][]map[string]bool{tableNames, areaNames} {
		for _, set := range sets {
			for w := range set {
				asked.add(w)
			}
		}
	}
	featWords := map[string]bool{}
	for _, f := range c.features() {
		asked.addFound(featWords, f.Name)
		asked.addFound(featWords, f.Description)
		for _, a := range f.Acceptance {
			asked.addFound(featWords, a)
		}
	}
	// Signing in implies the tables that keep people signed in.
	if featWords["login"] || featWords["signin"] || featWords["sign"] || featWords["log"] || featWords["password"] {
		for _, w := range []string{"session", "token", "auth", "authentication", "credential", "password", "reset", "login", "signup", "register"} {
			featWords[w] = true
		}
	}
	tableWords := map[string]bool{}
	for _, set := range tableNames {
		for w := range set {
			tableWords[w] = true
		}
	}
	apiWords := map[string]bool{}
	for _, a := range s.APIAreas {
		addWords(apiWords, strings.ReplaceAll(a.Name, "_", " "))
		for _, e := range a.Endpoints {
			addWords(apiWords, strings.ReplaceAll(e.Path, "_", " "))
			addWords(apiWords, e.Description)
		}
	}
	refs := map[string]bool{}
	for _, t := range s.Tables {
		for _, f := range t.Fields {
			if f.References != "" {
				addNameWords(refs, f.References)
			}
			// user_id points at users even when the line does not say so.
			if strings.HasSuffix(f.Name, "_id") {
				refs[stem(strings.TrimSuffix(f.Name, "_id"))] = true
			}
		}
	}

	for i, a := range s.APIAreas {
		if len(a.Endpoints) == 0 {
			continue
		}
		words := areaNames[i]
		if anyIn(words, featWords) || anyIn(words, tableWords) || anyIn(nameWords(a.Name), serviceAreas) {
			continue
		}
		c.ps.warnf(a.Line, "add the feature this area serves, or remove the area",
			"endpoint area <%s> has no feature or table behind it", a.Name).Rule = RuleOrphanEndpoint
	}
	for i, t := range s.Tables {
		words := tableNames[i]
		if anyIn(words, featWords) || anyIn(words, apiWords) || anyIn(words, refs) {
			continue
		}
		c.ps.warnf(t.Line, "add the feature or endpoint that uses it, or remove the table",
			"table <%s> is used by no feature or endpoint", t.Name).Rule = RuleUnusedTable
	}
	c.lintFeatureRoles()
}

// serviceAreas are endpoint areas a server has whatever its features:
// its health, its own documentation, signing in.
var serviceAreas = map[string]bool{"health": true, "healthz": true, "status": true, "ping": true, "version": true,
	"metric": true, "doc": true, "openapi": true, "system": true, "auth": true, "authentication": true, "login": true,
	"session": true, "account": true, "me": true}

// Role mentions in features: "admin role", "role: admin", "only admins can".
var onlyRoleRE = regexp.MustCompile(`\bonly\s+([a-z][a-z0-9_-]*?)s?\s+(?:can|may)\b`)

// lintFeatureRoles flags roles the features rely on that user_roles
// does not define.
func (c *checker) lintFeatureRoles() {
	s := c.spec
	defined := newRoleIndex(s.RoleNames())
	skip := map[string]bool{"user": true, "users": true, "signed": true, "logged": true, "authenticated": true, "registered": true}
	lows := c.lowDescriptions()
	for i, f := range c.features() {
		low := lows[i]
		if !strings.Contains(low, "role") && !strings.Contains(low, "only") {
			continue
		}
		var names []string
		for _, re := range []*regexp.Regexp{roleBeforeRE, roleAfterRE, onlyRoleRE} {
			for _, m := range re.FindAllStringSubmatch(low, -1) {
				names = append(names, m[1])
			}
		}
		for _, name := range names {
			if skip[name] || notRoles[name] {
				continue
			}
			skip[name] = true
			if defined.has(name) {
				continue
			}
			hint := fmt.Sprintf("define <role name=%q> under security_and_access_control/user_roles", name)
			c.ps.warnf(f.Line, hint, "feature %s relies on role %q, which user_roles does not define", orName(f), name).Rule = RuleUndefinedRole
		}
	}
}

// addWords adds the stemmed, lower-case words of s to set: runs of
// letters and digits, any byte of a multi-byte rune counting as a
// letter. It allocates only for words the set does not hold yet.
func addWords(set map[string]bool, s string) {
	eachWord(s, func(k []byte) {
		if !set[string(k)] {
			set[string(k)] = true
		}
	})
}

// wordFilter is a set of stemmed words with a quick test in front of it:
// a word whose length and first letter no word of the set has is
// answered without hashing it.
type wordFilter struct {
	shape   [65]uint32 // by length: a bit for each first byte, modulo 32
	words   map[string]bool
	scratch [64]byte
}

func newWordFilter() *wordFilter { return &wordFilter{words: map[string]bool{}} }

func (f *wordFilter) add(w string) {
	if w != "" && len(w) < len(f.shape) {
		f.shape[len(w)] |= 1 << (w[0] & 31)
		f.words[w] = true
	}
}

// addFound adds to set the words of s (as addWords splits them) that the
// filter holds.
func (f *wordFilter) addFound(set map[string]bool, s string) {
	eachWordIn(&f.scratch, s, func(k []byte) {
		if len(k) < len(f.shape) && f.shape[len(k)]&(1<<(k[0]&31)) != 0 && f.words[string(k)] && !set[string(k)] {
			set[string(k)] = true
		}
	})
}

// eachWord calls fn with each stemmed, lower-case word of s, in a buffer
// fn must not keep.
func eachWord(s string, fn func(k []byte)) {
	var scratch [64]byte
	eachWordIn(&scratch, s, fn)
}

// eachWordIn is eachWord with a buffer from the caller, which keeps it
// off the heap when fn is not known at compile time.
func eachWordIn(buf *[64]byte, s string, fn func(k []byte)) {
	w := buf[:0]
	flush := func() {
		if len(w) > 0 && len(w) <= len(buf) {
			fn(stemBytes(w))
		}
		w = buf[:0]
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z':
			if len(w) < len(buf) {
				w = append(w, c+'a'-'A')
			}
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80:
			if len(w) < len(buf) {
				w = append(w, c)
			}
		default:
			flush()
		}
	}
	flush()
}

// stemBytes is stem on a lower-case word held in a buffer it may change.
func stemBytes(w []byte) []byte {
	n := len(w)
	has := func(suffix string) bool { return n >= len(suffix) && string(w[n-len(suffix):]) == suffix }
	switch {
	case n > 4 && has("ies"):
		return append(w[:n-3], 'y')
	case n > 4 && (has("ses") || has("xes") || has("ches") || has("shes")):
		return w[:n-2]
	case n > 3 && has("s") && !has("ss") && !has("us"):
		return w[:n-1]
	}
	return w
}

// nameWords returns the words of an element or table name
// ("recipe_tags" → recipe, tag), stemmed, leaving out short ones.
func nameWords(name string) map[string]bool {
	out := map[string]bool{}
	addNameWords(out, name)
	return out
}

// addNameWords adds the words nameWords returns to set.
func addNameWords(set map[string]bool, name string) {
	eachWord(splitCamel(name), func(k []byte) {
		if len(k) >= 3 && !genericWords[string(k)] && !set[string(k)] {
			set[string(k)] = true
		}
	})
}

// splitCamel puts a space before each upper-case letter that follows a
// lower-case one: "DailyLog" → "Daily Log".
func splitCamel(s string) string {
	var b strings.Builder
	last := 0
	for i := 1; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' && s[i-1] >= 'a' && s[i-1] <= 'z' {
			b.WriteString(s[last:i])
			b.WriteByte(' ')
			last = i
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// genericWords are name parts that say nothing about what a table or
// area is for.
var genericWords = map[string]bool{"api": true, "the": true, "and": true, "management": true, "endpoint": true, "data": true, "table": true, "info": true, "detail": true}

// pathWords returns the words of an endpoint path, without parameters
// and version prefixes.
func pathWords(path string) map[string]bool {
	out := map[string]bool{}
	for _, seg := range strings.Split(path, "/") {
		if seg == "" || strings.HasPrefix(seg, ":") || strings.HasPrefix(seg, "{") || strings.HasPrefix(seg, "[") || strings.HasPrefix(seg, "<") {
			continue
		}
		if seg == "api" || len(seg) <= 3 && seg[0] == 'v' {
			continue
		}
		addNameWords(out, seg)
	}
	return out
}

// stem drops common English endings, so that plurals and verb forms of
// a word meet: "categories" and "category", "bookings" and "booking".
func stem(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "ses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes")):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		return w[:len(w)-1]
	}
	return w
}

func anyIn(words, set map[string]bool) bool {
	for w := range words {
		if set[w] {
			return true
		}
	}
	return false
}
