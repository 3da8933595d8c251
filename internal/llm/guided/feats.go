package guided

import (
	"fmt"
	"regexp"
	"strings"
)

// feat is one feature before it has an ID: key names it across
// versions of the spec, so a revision keeps its ID. level says from
// which size it is listed: 0 always, 1 from the default size on, 2 only
// with "more detail".
type feat struct {
	key   string
	name  string
	desc  string
	acc   []string
	level int
}

// cat is one category of core_features.
type cat struct {
	name  string
	title string
	feats []feat
}

// words for the people in a feature.
type people struct {
	m *app
}

// signed is "a signed-in therapist" or, without accounts, "a visitor".
func (p people) signed(roleKey string) string {
	if !p.m.accounts {
		if r := p.m.roleName(roleKey, false); r != "user" {
			return article(r) + " " + r
		}
		return "a visitor"
	}
	return "a signed-in " + p.m.roleName(roleKey, false)
}

func (p people) many(roleKey string) string {
	if !p.m.accounts && len(p.m.roles) <= 1 && p.m.roleName(roleKey, false) == "user" {
		return "People"
	}
	return upperFirst(p.m.roleName(roleKey, true))
}

// createVerbs make a new record: an activity with one replaces the
// plain "add" feature of its thing.
var createVerbs = set("add", "create", "make", "write", "post", "upload", "record", "log", "track", "manage",
	"plan", "schedule", "book", "save", "store", "organize", "organise", "collect", "keep", "publish", "submit",
	"enter", "draft", "compose", "register", "build", "set", "define", "maintain", "curate", "catalog",
	"catalogue", "prepare", "file", "input", "capture", "order", "buy", "reserve", "note", "bookmark",
	"design", "host", "run", "list", "sell", "request", "create", "apply", "register", "subscribe", "enrol",
	"enroll", "donate", "suggest", "propose", "nominate", "rent", "hire")

// entityFeats are the features of one thing: the person's own
// activities on it first, then what working with it needs.
func (m *app) entityFeats(e *entity) []feat {
	p := people{m}
	one, many := e.one, e.many
	a := article(one)
	owner := e.owner
	k := "e:" + e.key + ":"
	var create, list *act
	var others, rules []act
	for _, x := range m.acts {
		if x.entity != e.key {
			continue
		}
		switch {
		case x.c.kind == verbManage && createVerbs[x.c.verb] && create == nil:
			create = &x
			if x.rule {
				rules = append(rules, x)
			}
		case x.c.kind == verbView && list == nil && !x.rule && !hasComputed(e, x):
			list = &x
		case x.c.kind == verbManage && createVerbs[x.c.verb] && !x.rule:
			// Another way of saying "add": the create feature has it.
		default:
			others = append(others, x)
		}
	}
	req := requiredNames(e, "")
	if create != nil {
		req = requiredNames(e, create.c.pred)
	}
	shown := listNames(e, 2)
	var fs []feat

	// Create.
	cf := feat{key: k + "create", level: 0}
	if create != nil {
		owner = create.role
		cf.name = featureName(create.c.pred)
		cf.desc = p.many(owner) + " " + sentence(create.c.pred) + " " + holds(e)
		fill := " with " + req
		if strings.Contains(" "+create.c.pred+" ", " with ") {
			fill = " and fill in " + req
		}
		if req == "its details" {
			fill = ""
		}
		cf.acc = append(cf.acc, fmt.Sprintf("Given %s on the %s page, when they %s%s, then the new %s is saved and appears in their list at once.",
			p.signed(owner), many, create.c.pred, fill, one))
	} else {
		cf.name = "Add " + a + " " + one
		cf.desc = fmt.Sprintf("%s add %s %s from a form. %s", p.many(owner), a, one, holds(e))
		cf.acc = append(cf.acc, fmt.Sprintf("Given %s on the %s page, when they submit the form with %s, then the new %s appears in the list at once.",
			p.signed(owner), many, req, one))
	}
	if f := firstRequired(e); f != "" {
		isAre := "is"
		if singular(lastWord(f)) != lastWord(f) {
			isAre = "are"
		}
		cf.acc = append(cf.acc, fmt.Sprintf("Given the %s form with no %s, when they submit it, then the form says the %s %s required and nothing is saved.", one, f, f, isAre))
	}
	for _, r := range rules {
		cf.acc = append(cf.acc, m.ruleCriterion(r, e))
	}
	fs = append(fs, cf)

	// List.
	lf := feat{key: k + "list", level: 0}
	whose := ""
	if m.accounts {
		whose = "their "
	}
	if list != nil {
		lf.name = featureName(list.c.pred)
		lf.desc = fmt.Sprintf("%s %s, in a list that shows the %s of every %s.", p.many(list.role), sentence(strings.TrimSuffix(list.c.pred, ".")), shown, one)
		lf.desc = strings.Replace(lf.desc, ". ,", ",", 1)
	} else {
		lf.name = "List " + many
		lf.desc = fmt.Sprintf("%s browse %s%s, newest first, by %s.", p.many(owner), whose, many, shown)
	}
	lf.desc = strings.ReplaceAll(lf.desc, "., in a list", ", in a list")
	lister := owner
	if list != nil {
		lister = list.role
	}
	lf.acc = []string{fmt.Sprintf("Given three saved %s, when %s opens the %s page, then all three are listed with their %s.", many, p.signed(lister), many, shown)}
	if m.accounts && lister == owner {
		lf.acc = append(lf.acc, fmt.Sprintf("Given %s saved by another %s, when %s opens the %s page, then it is not listed.", a+" "+one, m.roleName(owner, false), p.signed(owner), many))
	}
	fs = append(fs, lf)

	// People a thing names see it: "therapists see the appointments booked with them".
	for _, f := range e.fields {
		if f.kind != kRef || !strings.HasPrefix(f.ref, "role:") {
			continue
		}
		rk := strings.TrimPrefix(f.ref, "role:")
		if rk == owner {
			continue
		}
		fs = append(fs, feat{key: k + "seen_by_" + rk, level: 0,
			name: fmt.Sprintf("%s see their %s", upperFirst(m.roleName(rk, true)), many),
			desc: fmt.Sprintf("%s see the %s that name them, and no others.", upperFirst(m.roleName(rk, true)), many),
			acc: []string{fmt.Sprintf("Given %s %s that names %s A, when %s A opens the %s page, then it is listed; when %s B opens it, then it is not.",
				a, one, m.roleName(rk, false), m.roleName(rk, false), many, m.roleName(rk, false))}})
	}

	// The person's other activities on it.
	for _, x := range others {
		fs = append(fs, m.actFeat(x, e))
	}
	for _, f := range e.fields {
		if f.kind != kComputed || m.actShows(e, f) {
			continue
		}
		label := strings.ReplaceAll(f.name, "_", " ")
		fs = append(fs, feat{key: k + "computed_" + f.name, level: 0,
			name: "See the " + label + " of each " + one,
			desc: fmt.Sprintf("%s see the %s of each %s, worked out from the saved records, never stored on its own.", p.many(owner), label, one),
			acc: []string{fmt.Sprintf("Given %s %s with saved records, when %s opens it, then the %s shown matches the records, and it changes as soon as a record is added.",
				a, one, p.signed(owner), label)}})
	}

	fs = append(fs,
		feat{key: k + "open", level: 1, name: "Open " + a + " " + one,
			desc: fmt.Sprintf("%s open %s %s to see all of it: %s.", p.many(owner), a, one, fieldList(e, 6)),
			acc:  []string{fmt.Sprintf("Given a saved %s, when %s opens it from the list, then its page shows %s.", one, p.signed(owner), fieldList(e, 6))}},
		feat{key: k + "edit", level: 0, name: "Edit " + a + " " + one,
			desc: fmt.Sprintf("%s edit the %s of a saved %s.", p.many(owner), bareList(e, 3), one),
			acc:  []string{fmt.Sprintf("Given a saved %s, when its %s changes the %s and saves, then the new value is shown at once and after a reload.", one, m.roleName(owner, false), editable(e))}},
		feat{key: k + "delete", level: 0, name: "Delete " + a + " " + one,
			desc: fmt.Sprintf("%s delete %s %s after a confirmation.", p.many(owner), a, one),
			acc:  []string{fmt.Sprintf("Given a saved %s, when its %s deletes it and confirms, then it disappears from the list and its page answers not found.", one, m.roleName(owner, false))}},
		feat{key: k + "validate", level: m.validateLevel(e), name: "Check the " + one + " form",
			desc: fmt.Sprintf("Saving %s %s checks that %s.", a, one, checks(e)),
			acc:  []string{fmt.Sprintf("Given the %s form with an invalid value, when it is submitted, then the field shows what is wrong and nothing is saved.", one)}},
	)
	return fs
}

// validateLevel lists the form check only when the form has checks of
// its own beyond "required values are present".
func (m *app) validateLevel(e *entity) int {
	c := checks(e)
	if c == "required values are present" || strings.HasSuffix(c, " is present") && !strings.Contains(c, ",") && !strings.Contains(c, " and ") {
		return 9
	}
	// Two forms with the same checks would read as one feature twice.
	key := strings.TrimSuffix(c, " is present")
	if i := strings.LastIndex(key, " and "); i > 0 && strings.HasSuffix(c, " is present") {
		key = key[:i]
	}
	if m.checksSeen == nil {
		m.checksSeen = map[string]string{}
	}
	if k, ok := m.checksSeen[key]; ok && k != e.key {
		return 9
	}
	m.checksSeen[key] = e.key
	return 1
}

// bareList names up to n fields without articles: "name, email and phone".
func bareList(e *entity, n int) string {
	return fieldNames(e, n, "details", func(f field) bool { return f.kind != kComputed })
}

// fieldNames joins the labels of up to n fields that keep accepts, or
// gives none when there are none.
func fieldNames(e *entity, n int, none string, keep func(field) bool) string {
	var names []string
	for _, f := range e.fields {
		if !keep(f) {
			continue
		}
		names = append(names, label(f))
		if len(names) == n {
			break
		}
	}
	if len(names) == 0 {
		return none
	}
	return joinAnd(names)
}

// hasComputed reports whether an activity shows a computed field of e.
func hasComputed(e *entity, x act) bool {
	for _, f := range e.fields {
		if f.kind == kComputed && strings.Contains(slug(x.c.pred), f.name) {
			return true
		}
	}
	return false
}

func (m *app) actShows(e *entity, f field) bool {
	for _, x := range m.acts {
		if x.entity == e.key && strings.Contains(slug(x.c.pred), f.name) {
			return true
		}
	}
	return false
}

// actFeat is a feature for one of the person's activities.
func (m *app) actFeat(x act, e *entity) feat {
	p := people{m}
	pred := x.c.pred
	if e != nil && endsHanging(pred) {
		pred += " each " + e.one
	}
	f := feat{key: "a:" + x.key, level: 0, name: featureName(pred)}
	modal := ""
	if x.c.modal {
		modal = "can "
	}
	f.desc = p.many(x.role) + " " + modal + sentence(pred)
	byApp := x.c.who == "" && appVerbs[x.c.verb]
	if byApp {
		// "show a warning at 80% of a budget": the app does it.
		f.desc = "The app " + sentence(thirdSingular(pred))
	}
	if x.c.verb == "" {
		if statementRE.MatchString(x.line) {
			// A sentence with its own subject: "availability slots are
			// 45 minutes".
			f.desc = sentence(upperFirst(x.line))
		} else {
			// A wish named as a thing: "SMS reminders via Twilio".
			f.desc = "The app offers " + sentence(lowerFirst(pred))
		}
	}
	switch {
	case byApp:
		what := "their records"
		if e != nil {
			what = "a saved " + e.one
		}
		f.acc = append(f.acc, fmt.Sprintf("Given %s with %s, when the situation it describes arises, then the app %s.", p.signed(x.role), what, strings.TrimRight(thirdSingular(pred), ".")))
	case x.c.verb == "" && statementRE.MatchString(x.line) && !x.rule:
		where := "the app"
		if e != nil {
			where = "the " + e.many + " page"
		}
		f.acc = append(f.acc, fmt.Sprintf("Given %s on %s, when they try what it describes, then %s.", p.signed(x.role), where, strings.TrimRight(lowerFirst(x.line), ".")))
	case x.rule:
		f.acc = append(f.acc, m.ruleCriterion(x, e))
	case x.c.kind == verbView:
		what := "saved records"
		if e != nil {
			what = "saved " + e.many
		} else if r := m.ruleEntity(pred); r != nil {
			what = "saved " + r.many
		}
		f.acc = append(f.acc, fmt.Sprintf("Given %s and %s, when they open the view to %s, then it shows exactly what is saved, and a change appears after a reload.", p.signed(x.role), what, pred))
	case e != nil:
		f.acc = append(f.acc, fmt.Sprintf("Given %s and a saved %s, when they %s, then a confirmation is shown and the %s shows the change after a reload.", p.signed(x.role), e.one, pred, e.one))
	default:
		f.acc = append(f.acc, fmt.Sprintf("Given %s, when they %s, then they see a clear confirmation, and the result is still there after a reload.", p.signed(x.role), pred))
	}
	return f
}

// statementRE finds the verb of a sentence the clause reader does not
// know how to split: "slots are 45 minutes", "the clinic has two rooms".
var statementRE = regexp.MustCompile(`(?i)\b(is|are|was|were|has|have|must|should|will|can|cannot|can't|may|need|needs|gets?|sees?)\b`)

// appVerbs are things the app does rather than its users.
var appVerbs = set("show", "warn", "send", "notify", "remind", "display", "alert", "calculate", "highlight", "suggest", "email", "flag", "block", "prevent", "limit", "sum", "count", "recommend", "generate")

// thirdSingular conjugates the predicate's verb for "the app": "show a
// warning" → "shows a warning".
func thirdSingular(pred string) string {
	w := strings.Fields(pred)
	if len(w) == 0 {
		return pred
	}
	v := w[0]
	switch {
	case strings.HasSuffix(v, "y") && len(v) > 2 && !strings.ContainsAny(v[len(v)-2:len(v)-1], "aeiou"):
		v = v[:len(v)-1] + "ies"
	case strings.HasSuffix(v, "s"), strings.HasSuffix(v, "sh"), strings.HasSuffix(v, "ch"), strings.HasSuffix(v, "x"):
		v += "es"
	default:
		v += "s"
	}
	w[0] = v
	return strings.Join(w, " ")
}

// endsHanging reports whether a predicate ends waiting for its object
// ("a reminder 24 hours before").
func endsHanging(pred string) bool {
	l := strings.ToLower(strings.TrimSpace(pred))
	return strings.HasSuffix(l, " before") || strings.HasSuffix(l, " after") || strings.HasSuffix(l, " ahead")
}

// featureName makes a short title from a predicate: "Book an
// appointment with a therapist".
func featureName(pred string) string {
	w := strings.Fields(strings.TrimRight(pred, ".!"))
	if len(w) > 5 {
		for i, x := range w {
			if i >= 2 && (x == "with" || x == "including") {
				w = w[:i]
				break
			}
		}
	}
	if len(w) > 10 {
		w = w[:10]
	}
	for len(w) > 2 && (fillers[strings.ToLower(w[len(w)-1])] || stoppers[strings.ToLower(w[len(w)-1])]) {
		w = w[:len(w)-1]
	}
	return upperFirst(strings.TrimRight(strings.Join(w, " "), ",;:"))
}

// sentence ends a predicate with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if !strings.ContainsAny(s[len(s)-1:], ".!?") {
		s += "."
	}
	return s
}

// holds says what each record holds: "Each recipe holds a title,
// ingredients and steps."
func holds(e *entity) string {
	return fmt.Sprintf("Each %s holds %s.", e.one, fieldList(e, 6))
}

func label(f field) string {
	n := strings.TrimSuffix(f.name, "_id")
	n = strings.TrimSuffix(n, "_minutes")
	n = strings.ReplaceAll(n, "_", " ")
	if l, ok := atLabels[n]; ok {
		return l
	}
	return n
}

// atLabels say "starts at" and its kin the way people read them.
var atLabels = map[string]string{"starts at": "start time", "ends at": "end time", "published at": "publication date",
	"placed at": "order date", "submitted at": "submission time", "sent at": "sending time", "sends at": "sending time",
	"due at": "due time", "scheduled at": "scheduled time"}

// fieldList names up to max fields of e, in prose.
func fieldList(e *entity, max int) string {
	var names []string
	for _, f := range e.fields {
		if f.kind == kComputed {
			continue
		}
		names = append(names, withArticle(f))
	}
	if len(names) == 0 {
		return "its name"
	}
	if len(names) > max {
		names = append(names[:max], "more")
	}
	return joinAnd(names)
}

func withArticle(f field) string {
	l := label(f)
	if f.kind == kBool {
		return "a " + l + " flag"
	}
	if f.kind == kList || f.kind == kRefs || singular(lastWord(l)) != lastWord(l) || uncountable[l] {
		return l
	}
	return article(l) + " " + l
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// requiredNames lists the required fields that pred does not already
// name.
func requiredNames(e *entity, pred string) string {
	var names []string
	for _, f := range e.fields {
		if f.required && f.kind != kComputed && !strings.Contains(norm(pred), " "+label(f)+" ") {
			names = append(names, withArticle(f))
		}
	}
	if len(names) == 0 {
		return "its details"
	}
	return joinAnd(names)
}

func firstRequired(e *entity) string {
	for _, f := range e.fields {
		if f.required && f.kind != kComputed && f.kind != kRef && f.kind != kRefs {
			return label(f)
		}
	}
	return ""
}

func listNames(e *entity, n int) string {
	return fieldNames(e, n, "creation date", func(f field) bool {
		switch f.kind {
		case kComputed, kLong, kImage, kList, kRefs, kBool:
			return false
		}
		return true
	})
}

func editable(e *entity) string {
	for _, f := range e.fields {
		if f.kind != kComputed && f.kind != kRef && f.kind != kRefs {
			return label(f)
		}
	}
	return "name"
}

// checks lists what the form checks, from the kinds of the fields.
func checks(e *entity) string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, f := range e.fields {
		switch f.kind {
		case kMoney:
			add(label(f) + " is an amount of zero or more with at most two decimals")
		case kRating:
			add(label(f) + " is a whole number from 1 to 5")
		case kDuration:
			add(label(f) + " is a whole number of minutes above zero")
		case kDate, kDateTime:
			add(label(f) + " is a real date")
		case kTime:
			add(label(f) + " is a time of day")
		case kEmail:
			add(label(f) + " is a valid email address")
		case kImage:
			add(label(f) + " is a JPEG, PNG or WebP image of at most 5 MB")
		case kNumber:
			add(label(f) + " is a whole number")
		}
	}
	for _, f := range e.fields {
		if f.required && f.kind != kComputed && f.kind != kRef && f.kind != kRefs {
			add(withArticle(f) + " is present")
			break
		}
	}
	if len(out) == 0 {
		return "required values are present"
	}
	return joinAnd(out)
}
