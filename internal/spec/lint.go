package spec

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// lint runs the checks that need the values read. Most only warn: each
// looks for a mistake that a good spec never has, and stays quiet when
// unsure.
func (c *checker) lint(root *node, found map[string]*node) {
	c.checkPresence(found)
	c.lintFeatures(found["core_features"], found["feature_count"])
	c.lintSteps(found["implementation_steps"])
	c.lintRoles(found["security_and_access_control"])
	c.lintTemplateNames(found)
	c.lintPlaceholders(root)
	c.lintTrace(found)
	c.lintServices(found)
	c.lintHygiene(found)
	c.lintEmpty(root)
}

// lintSteps checks that steps are numbered 1, 2, 3… and have a title and
// tasks.
func (c *checker) lintSteps(steps *node) {
	if steps == nil {
		return
	}
	invalid, outOfOrder := false, false
	for i, st := range c.spec.Steps {
		switch num := st.Number; {
		case num <= 0:
			invalid = true
			c.ps.warnf(st.Line, fmt.Sprintf(`write <step number="%d">`, i+1), "a <step> has no valid number attribute").Rule = RuleSteps
		case num != i+1:
			outOfOrder = true
		}
		if st.Title == "" {
			c.ps.warnf(st.Line, "add <title>…</title> to the step", "a <step> has no <title>").Rule = RuleSteps
		}
		if len(st.Tasks) == 0 {
			c.ps.warnf(st.Line, "add <tasks>- …</tasks> to the step", "a <step> has no <tasks>").Rule = RuleSteps
		}
	}
	for _, st := range steps.kids {
		c.reported[st] = true
	}
	// Invalid numbers are reported one by one; a sequence warning on top
	// would say the same thing again.
	if outOfOrder && !invalid {
		nums := make([]string, len(c.spec.Steps))
		for i, st := range c.spec.Steps {
			nums[i] = fmt.Sprint(st.Number)
		}
		c.ps.warnf(steps.line, "number the steps 1, 2, 3… in order",
			"steps are numbered %s", strings.Join(nums, ", ")).Rule = RuleSteps
	}
}

// Role mentions in protected routes: "admin role", "role: admin".
var (
	roleBeforeRE = regexp.MustCompile(`(?:^|[\s(,;/"])([a-z][a-z0-9_-]*)\s+role\b`)
	roleAfterRE  = regexp.MustCompile(`\broles?\s*[:=]\s*"?([a-z][a-z0-9_-]*)`)
)

// notRoles are words that stand before "role" without naming one.
var notRoles = map[string]bool{
	"a": true, "an": true, "the": true, "any": true, "each": true, "every": true, "some": true,
	"no": true, "this": true, "that": true, "their": true, "its": true, "his": true, "her": true,
	"same": true, "other": true, "own": true, "new": true, "assigned": true, "required": true,
	"specific": true, "appropriate": true, "correct": true, "proper": true, "given": true,
	"one": true, "higher": true, "lower": true, "matching": true, "current": true, "valid": true,
	"by": true, "of": true, "with": true, "without": true, "per": true, "for": true, "to": true,
	"and": true, "or": true, "user's": true, "minimum": true, "elevated": true,
	"choose": true, "chooses": true, "select": true, "selects": true, "pick": true, "picks": true,
	"assign": true, "assigns": true, "change": true, "changes": true, "switch": true, "switches": true,
	"existing": true, "set": true, "sets": true, "update": true, "updates": true, "his/her": true,
	"user": true, "their own": true, "my": true, "your": true, "whose": true, "which": true, "what": true,
}

// lintRoles checks that roles named in protected routes are defined.
//
// Hostile input can name many roles and mention many more, so the work is
// kept near linear: each distinct name is looked up once, in an index of
// the defined roles rather than by comparing it with every one of them;
// each line is read once, even under nested <protected_routes>; and the
// hint lists a bounded number of roles.
func (c *checker) lintRoles(sec *node) {
	roles := c.spec.RoleNames()
	if sec == nil || len(roles) == 0 {
		return // with no roles defined there is nothing to compare against
	}
	if ur := sec.child("user_roles"); ur != nil {
		for _, role := range ur.all("role") {
			if roleName(role) == "" {
				c.ps.warnf(role.line, `name it: <role name="…">`, "a <role> has no name").Rule = RuleUndefinedRole
			}
		}
	}
	defined := newRoleIndex(roles)
	known := clip(strings.Join(roles, ", "), maxRoleListHint)
	skip := map[string]bool{} // names warned about, or defined, or not roles
	sec.visit(func(n *node) bool {
		if n.name != "protected_routes" {
			return true
		}
		// textLines covers everything below, nested protected_routes
		// included: reading those again would find only names already
		// settled.
		for _, l := range n.textLines() {
			low := strings.ToLower(l.s)
			if !strings.Contains(low, "role") {
				continue // both patterns need the word
			}
			var names []string
			for _, m := range roleBeforeRE.FindAllStringSubmatch(low, -1) {
				names = append(names, m[1])
			}
			for _, m := range roleAfterRE.FindAllStringSubmatch(low, -1) {
				names = append(names, m[1])
			}
			for _, name := range names {
				if skip[name] {
					continue
				}
				skip[name] = true
				if notRoles[name] || defined.has(name) {
					continue
				}
				c.ps.warnf(l.line, fmt.Sprintf("define <role name=%q> under user_roles, or name one of: %s",
					name, known),
					"protected route names role %q, which user_roles does not define", name).Rule = RuleUndefinedRole
			}
		}
		return false
	})
}

// maxRoleListHint caps, in characters, the list of defined roles a hint
// repeats; a real spec's list is far shorter.
const maxRoleListHint = 200

// normRole lowers a role name and drops a plural s, so that "Admins"
// and "admin" compare equal.
func normRole(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "ss") {
		s = s[:len(s)-1]
	}
	return s
}

// roleIndex tells whether a name refers to a defined role. It matches
// loosely: case, a plural s, and abbreviations such as "admin" for
// "Administrator" all count as the same role. A name w, normalized,
// names role d, normalized, when
//
//   - w equals d or one of the words of d ("Team Admin" defines "admin"), or
//   - both are at least three bytes long and one is a prefix of the other.
//
// A lookup costs about log(roles) string comparisons, whatever the number
// of roles.
type roleIndex struct {
	exact map[string]bool // every normalized role and each of its words
	// long holds the distinct normalized roles of three bytes or more, in
	// byte order; shortest[i] is the length of the shortest of them that
	// is a prefix of long[i] (long[i] itself, if no other is).
	long     []string
	shortest []int
}

func newRoleIndex(roles []string) *roleIndex {
	x := &roleIndex{exact: map[string]bool{}}
	for _, r := range roles {
		d := normRole(r)
		x.exact[d] = true
		for _, part := range strings.Fields(d) {
			x.exact[part] = true
		}
		if len(d) >= 3 {
			x.long = append(x.long, d)
		}
	}
	slices.Sort(x.long)
	x.long = slices.Compact(x.long)
	// In byte order the roles having a given prefix follow it in one run,
	// so a stack holds exactly the roles that are prefixes of the current
	// one, the shortest at the bottom.
	x.shortest = make([]int, len(x.long))
	var stack []string
	for i, d := range x.long {
		for len(stack) > 0 && !strings.HasPrefix(d, stack[len(stack)-1]) {
			stack = stack[:len(stack)-1]
		}
		x.shortest[i] = len(d)
		if len(stack) > 0 {
			x.shortest[i] = len(stack[0])
		}
		stack = append(stack, d)
	}
	return x
}

// has reports whether name refers to a defined role.
func (x *roleIndex) has(name string) bool {
	w := normRole(name)
	if x.exact[w] {
		return true
	}
	if len(w) < 3 {
		return false
	}
	// A role that starts with w is the first role not below w.
	i, _ := slices.BinarySearch(x.long, w)
	if i < len(x.long) && strings.HasPrefix(x.long[i], w) {
		return true
	}
	if i == 0 {
		return false
	}
	// A role that is a prefix of w is no greater than w, so it is also a
	// prefix of p, the greatest role below w, and no longer than the
	// common prefix of p and w.
	p := x.long[i-1]
	n := 0
	for n < len(p) && n < len(w) && p[n] == w[n] {
		n++
	}
	return x.shortest[i-1] <= n
}

// lintTemplateNames catches element names copied from the skeleton in
// the interview instructions instead of being replaced.
func (c *checker) lintTemplateNames(found map[string]*node) {
	parents := []*node{found["core_features"], found["api_endpoints_summary"]}
	if db := found["database_schema"]; db != nil {
		parents = append(parents, db.child("tables"))
	}
	for _, p := range parents {
		if p == nil {
			continue
		}
		for _, k := range p.kids {
			if _, named := k.attrOf("name", "title"); named || k.firstChild("name", "title") != nil {
				continue // <category name="Search"> is a wrapper, not a slot
			}
			switch k.name {
			case "category_name", "table_name", "area_name", "feature_name", "endpoint_name", "role_name":
				c.ps.errorf(k.line, "name the element after the real category or table",
					"<%s> is a name copied from the template", k.name).Rule = RulePlaceholder
			}
		}
	}
}

// lintEmpty warns about elements with no content that no other check
// has reported.
func (c *checker) lintEmpty(root *node) {
	required := map[string]bool{}
	for _, s := range sections {
		required[s.name] = true
		for _, k := range s.kids {
			required[k] = true
		}
	}
	for _, k := range root.kids {
		k.walk(func(n *node) {
			// <color name="Teal" hex="#7FA9AE"/> says what it has to say
			// in its attributes.
			if c.reported[n] || !n.isEmpty() || len(n.attrs) > 0 {
				return
			}
			hint := fmt.Sprintf("fill in <%s> or remove it", n.name)
			if required[n.name] {
				hint = fmt.Sprintf("fill in <%s>", n.name)
			}
			c.ps.warnf(n.line, hint, "<%s> is empty", n.name).Rule = RuleEmptyElement
		})
	}
}
