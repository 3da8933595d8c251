package guided

import "strings"

// A little English, enough to turn "add expenses" into the thing
// "expense"/"expenses" and a table named expenses. It only has to be
// predictable: when it fails, the user's own words are still in the
// feature list.

// verbKind says what an activity's verb means for the data behind it.
type verbKind int

const (
	verbOther  verbKind = iota // something else: no data of its own
	verbManage                 // people create and change the things
	verbView                   // people look at the things
)

var manageVerbs = set("add", "create", "make", "write", "post", "upload", "record", "log", "track",
	"manage", "plan", "schedule", "book", "save", "store", "organize", "organise", "collect", "keep",
	"publish", "submit", "enter", "edit", "update", "delete", "remove", "draft", "compose", "register",
	"build", "set", "define", "assign", "maintain", "curate", "archive", "list", "rate", "comment",
	"tag", "send", "order", "buy", "sell", "request", "reserve", "invite", "note", "bookmark", "design",
	"prepare", "file", "input", "capture", "catalog", "catalogue", "cancel", "approve", "reject",
	"complete", "finish", "pay", "share", "claim", "host", "run", "answer", "create", "change", "modify",
	"reschedule", "move", "grade", "mark", "review", "assign", "confirm", "suggest", "propose", "nominate",
	"apply", "rent", "hire", "decline")

var viewVerbs = set("see", "view", "browse", "read", "watch", "check", "find", "explore", "compare",
	"follow", "monitor", "get", "look", "discover", "search", "visualize", "visualise", "analyze",
	"analyse", "inspect", "study", "print", "download", "track-down", "pick", "choose", "select")

// subjectWords open a sentence before its verb: "users can add", "I want
// to see".
var subjectWords = set("i", "we", "you", "they", "he", "she", "users", "user", "people", "customers",
	"customer", "admins", "admin", "members", "member", "visitors", "visitor", "students", "student",
	"teachers", "teacher", "staff", "clients", "client", "everyone", "anyone", "someone", "can",
	"could", "should", "will", "want", "wants", "to", "be", "able", "would", "like", "let", "lets",
	"allow", "allows", "need", "needs", "must", "may", "and", "also", "easily", "quickly", "just")

// fillers stand between a verb and its object: "add a new task", "set up
// my budget".
var fillers = set("a", "an", "the", "my", "our", "their", "your", "his", "her", "its", "some",
	"new", "all", "any", "each", "every", "own", "up", "out", "more", "several", "many", "one")

// stoppers end the object: "expenses by category", "tasks for a team".
var stoppers = set("by", "for", "with", "in", "on", "at", "from", "per", "using", "via", "into",
	"to", "and", "or", "so", "that", "which", "who", "when", "if", "about", "across", "between",
	"without", "under", "over", "after", "before", "during", "of", "as", "than", "then", "while",
	"where", "how", "what", "is", "are", "be", "through", "until", "till", "like", "such", "along")

var uncountable = set("data", "information", "media", "equipment", "feedback", "news", "software",
	"money", "music", "furniture", "content", "homework", "advice", "weather", "spending", "progress",
	"health", "time", "food", "stuff", "work", "research", "traffic", "mail", "luggage", "baggage",
	"inventory", "history", "knowledge", "evidence", "income", "revenue", "budgeting",
	"sleep", "water", "weight", "mood", "fitness", "nutrition", "shopping", "cooking", "training",
	"stock", "furniture", "clothing", "gear", "produce", "merchandise", "art", "jewelry", "jewellery")

var irregular = map[string]string{ // singular → plural
	"person": "people", "child": "children", "man": "men", "woman": "women", "mouse": "mice",
	"foot": "feet", "tooth": "teeth", "goose": "geese", "criterion": "criteria", "analysis": "analyses",
	"quiz": "quizzes", "leaf": "leaves", "life": "lives", "knife": "knives", "wife": "wives",
	"half": "halves", "shelf": "shelves", "thesis": "theses", "crisis": "crises", "index": "indexes",
}

// iesWords end in "ies" but their singular ends in "ie", not "y".
var iesWords = set("movies", "cookies", "calories", "zombies", "selfies", "rookies", "pies", "ties",
	"lies", "hippies", "brownies", "smoothies", "goalies", "freebies", "newbies", "aunties", "hoodies")

var invariant = set("series", "species", "news", "sheep", "fish", "deer", "aircraft")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// singular returns the singular of an English noun, by rule.
func singular(w string) string {
	if uncountable[w] || invariant[w] {
		return w
	}
	for s, p := range irregular {
		if p == w {
			return s
		}
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		if iesWords[w] {
			return strings.TrimSuffix(w, "s")
		}
		return strings.TrimSuffix(w, "ies") + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zzes"),
		strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return strings.TrimSuffix(w, "es")
	case strings.HasSuffix(w, "uses") && len(w) > 5 && !strings.ContainsAny(w[len(w)-5:len(w)-4], "aeiou"):
		return strings.TrimSuffix(w, "es") // "statuses", "bonuses"; not "houses"
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s") && len(w) > 3:
		return strings.TrimSuffix(w, "s")
	}
	return w
}

// plural returns the plural of a singular English noun, by rule.
func plural(w string) string {
	if uncountable[w] || invariant[w] {
		return w
	}
	if p, ok := irregular[w]; ok {
		return p
	}
	switch {
	case strings.HasSuffix(w, "y") && len(w) > 1 && !strings.ContainsAny(w[len(w)-2:len(w)-1], "aeiou"):
		return strings.TrimSuffix(w, "y") + "ies"
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"),
		strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	}
	return w + "s"
}

// stem returns the verb in w ("tracks", "tracking", "sharing") when it
// is one the interview knows, and what kind it is.
func stem(w string) (string, verbKind) {
	cands := []string{w, strings.TrimSuffix(w, "s"), strings.TrimSuffix(w, "es"),
		strings.TrimSuffix(w, "ing"), strings.TrimSuffix(w, "ing") + "e", strings.TrimSuffix(w, "ed"),
		strings.TrimSuffix(w, "d")}
	if strings.HasSuffix(w, "ing") && len(w) > 5 && w[len(w)-4] == w[len(w)-5] {
		cands = append(cands, w[:len(w)-4]) // "logging" → "log"
	}
	for _, c := range cands {
		if manageVerbs[c] {
			return c, verbManage
		}
		if viewVerbs[c] {
			return c, verbView
		}
	}
	return w, verbOther
}

// thing is a noun phrase the app keeps data about.
type thing struct {
	one, many string // "monthly budget", "monthly budgets"
	slug      string // "monthly_budgets": table, API and category name
}

// thingOf makes a thing of up to three words. The last word is the noun;
// a noun that cannot be counted becomes "<noun> entry"/"entries". It
// fails when nothing of the phrase can be written as an XML name.
func thingOf(words []string) (thing, bool) {
	if len(words) == 0 {
		return thing{}, false
	}
	if len(words) > 3 {
		words = words[:3]
	}
	head := strings.Join(words[:len(words)-1], " ")
	noun := singular(words[len(words)-1])
	join := func(w string) string { return strings.TrimSpace(head + " " + w) }
	t := thing{one: join(noun), many: join(plural(noun))}
	if uncountable[noun] {
		t.one, t.many = join(noun+" entry"), join(noun+" entries")
		t.slug = slug(join(noun))
	} else {
		t.slug = slug(t.many)
	}
	return t, t.slug != ""
}

// phraseWords returns the words of a noun phrase: the text before any
// explanation (":", "(", " - ", ","), lower-cased, without fillers, up to
// the first word that ends the object.
func phraseWords(s string) []string {
	for _, sep := range []string{":", "(", " - ", " – ", ",", ";", "/"} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	var words []string
	num := false
	for _, w := range strings.Fields(strings.TrimSpace(norm(s))) {
		switch {
		case w[0] >= '0' && w[0] <= '9':
			num = true
			continue
		case num && timeUnits[w]:
			num = false
			continue
		}
		num = false
		words = append(words, w)
	}
	for len(words) > 0 && fillers[words[0]] {
		words = words[1:]
	}
	for i, w := range words {
		// "lessons online", "a reminder a day before": an adverb or a
		// second article ends the object.
		if stoppers[w] || i > 0 && (adverbs[w] || w == "a" || w == "an" || w == "the") {
			words = words[:i]
			break
		}
	}
	return words
}

var adverbs = set("online", "together", "quickly", "easily", "daily", "weekly", "monthly", "yearly", "now", "later",
	"today", "tomorrow", "here", "there", "instantly", "remotely", "again", "anytime", "automatically", "first", "once", "twice")

var timeUnits = set("minute", "minutes", "min", "mins", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years", "second", "seconds")

// activity reads one line of "what people do": its verb's kind and the
// thing it acts on, if there is one (ok false: the kind may still be
// known, as in "see spending by category").
func activity(line string) (verbKind, thing, bool) {
	words := strings.Fields(strings.TrimSpace(norm(line)))
	for len(words) > 0 && subjectWords[words[0]] {
		words = words[1:]
	}
	if len(words) < 2 {
		return verbOther, thing{}, false
	}
	_, kind := stem(words[0])
	if kind == verbOther && len(words) > 2 {
		// "Receptionists book appointments": a subject the lists do not
		// know, then a verb they do.
		if _, k := stem(words[1]); k != verbOther {
			words, kind = words[1:], k
		}
	}
	if kind == verbOther {
		return verbOther, thing{}, false
	}
	rest := strings.Join(words[1:], " ")
	t, ok := thingOf(phraseWords(rest))
	if !ok || kind == verbView && summaryNoun(t) {
		return kind, thing{}, false
	}
	return kind, t, true
}

// summaryWords name views over other data rather than data of their
// own: "see spending by category" needs no spending table.
var summaryWords = set("report", "summary", "overview", "statistic", "stat", "chart", "graph",
	"total", "trend", "analytic", "insight", "breakdown", "progress", "history", "result", "score",
	"balance", "status", "calendar", "schedule", "timeline", "feed", "dashboard", "map", "metric")

// summaryNoun reports whether t is a view over other data.
func summaryNoun(t thing) bool {
	words := strings.Fields(t.one)
	last := words[len(words)-1]
	if last == "entry" && len(words) > 1 {
		return true // an uncountable noun such as "spending"
	}
	return summaryWords[last]
}

// slug makes an XML element name of ASCII letters, digits and
// underscores, starting with a letter; "" when s has nothing usable.
func slug(s string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9' && b.Len() > 0:
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
		default:
			under = true
		}
	}
	out := b.String()
	if len(out) > 40 {
		out = strings.TrimRight(out[:40], "_")
	}
	if strings.HasPrefix(out, "xml") {
		out = "data_" + out // names starting with "xml" are reserved
	}
	return out
}

// article returns "a" or "an" for the phrase that follows.
func article(s string) string {
	if s != "" && strings.ContainsAny(s[:1], "aeioAEIO") {
		return "an"
	}
	return "a"
}
