package guided

import (
	"regexp"
	"strings"
)

// People write lists in many ways: one per line, with commas, with
// "and", as bullets or numbered, in sentences. These functions turn an
// answer into items, and an item into who does what.

// prose reduces Markdown in an answer to plain text: headings, emphasis,
// code marks, links and list markers go; the words stay.
func prose(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r", ""), "\n")
	var out []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		l = strings.TrimLeft(l, "#>")
		l = stripMarker(l)
		l = mdLinkRE.ReplaceAllString(l, "$1")
		l = mdEmphRE.ReplaceAllString(l, "$2")
		l = strings.NewReplacer("**", "", "__", "", "`", "").Replace(l)
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		// A heading or list item without closing punctuation ends a
		// sentence when joined to the next line.
		if !strings.ContainsAny(l[len(l)-1:], ".!?:;,") {
			l += "."
		}
		out = append(out, l)
	}
	return strings.Join(out, " ")
}

var (
	mdLinkRE = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdEmphRE = regexp.MustCompile(`(\*{1,2}|_{1,2})([^*_]+)(\*{1,2}|_{1,2})`)
)

// items splits a list answer into its items. Lines, semicolons and
// sentences always separate; commas and "and" separate too, except
// inside an item's own "with a, b and c". A lone verb before others
// ("create, edit and delete posts") takes the object of the last.
func items(text string) []string {
	text = strings.ToValidUTF8(text, "")
	var raw []string
	for _, l := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' }) {
		l = stripMarker(strings.TrimSpace(l))
		for _, s := range sentenceRE.Split(l, -1) {
			for _, p := range strings.Split(s, ";") {
				raw = append(raw, splitCommas(p)...)
			}
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, l := range raw {
		l = oneLine(stripMarker(l), maxLine)
		l = strings.Trim(l, ".!;,: ")
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(l, "and "), "or "))
		key := strings.ToLower(l)
		if !meaningful(l) || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, l)
		if len(out) == maxLines {
			break
		}
	}
	return out
}

var sentenceRE = regexp.MustCompile(`[.!?]\s+`)

// splitCommas splits one line at ", " and " and " (or " & "). A list
// of actions ("save recipes with ingredients and steps, plan meals")
// splits only before a piece that starts with a verb or a person, so
// an item's own "with a, b and c" stays whole; a lone verb ("create,
// edit and delete posts") takes the object of the next full item. A
// list of things ("projects, tasks, comments") splits everywhere.
func splitCommas(l string) []string {
	seps := listSplitRE.FindAllStringIndex(l, -1)
	if len(seps) == 0 {
		return []string{l}
	}
	var pieces, joins []string
	start := 0
	for _, s := range seps {
		pieces = append(pieces, l[start:s[0]])
		joins = append(joins, l[s[0]:s[1]])
		start = s[1]
	}
	pieces = append(pieces, l[start:])
	if !actionLike(pieces[0]) {
		return pieces
	}
	subject := subjectOf(pieces[0])
	parts := []string{pieces[0]}
	for i, p := range pieces[1:] {
		if actionLike(p) {
			if subject != "" && !subjectLike(strings.Fields(p)) && len(strings.Fields(p)) > 1 {
				p = subject + " " + strings.TrimSpace(p) // "tutors manage X and write Y": tutors write Y
			}
			parts = append(parts, p)
		} else {
			parts[len(parts)-1] += joins[i] + p
		}
	}
	for i, p := range parts {
		w := strings.Fields(strings.TrimSpace(p))
		if s := subjectOf(p); s != "" && len(w) == len(strings.Fields(s))+1 {
			// "staff confirm or decline reservations": staff confirm reservations.
			for _, q := range parts[i+1:] {
				qw := strings.Fields(strings.TrimSpace(q))
				if qs := subjectOf(q); qs != "" {
					qw = qw[len(strings.Fields(qs)):]
				}
				if len(qw) > 1 {
					parts[i] = strings.TrimSpace(p) + " " + strings.Join(qw[1:], " ")
					break
				}
			}
			continue
		}
		if len(w) != 1 {
			continue
		}
		for _, q := range parts[i+1:] {
			qw := strings.Fields(strings.TrimSpace(q))
			if len(qw) > 1 {
				parts[i] = w[0] + " " + strings.Join(qw[1:], " ")
				break
			}
		}
	}
	return parts
}

// subjectOf returns the words before the verb of a piece that starts
// with someone ("Tutors can", "the receptionist"), or "".
func subjectOf(p string) string {
	w := strings.Fields(strings.TrimSpace(p))
	if !subjectLike(w) {
		return ""
	}
	for k := 1; k < len(w) && k < 5; k++ {
		x := strings.ToLower(w[k])
		if modalWords[x] || x == "can" || x == "may" {
			continue
		}
		if _, kind := stem(baseVerb(x)); kind != verbOther || k > 0 && roleNoun(w[k-1]) != "" {
			return strings.Join(w[:k], " ")
		}
	}
	return ""
}

// actionLike reports whether a piece starts with a verb the interview
// knows, or with a person doing something.
func actionLike(p string) bool {
	w := strings.Fields(strings.TrimSpace(p))
	if len(w) == 0 {
		return false
	}
	first := strings.ToLower(strings.Trim(w[0], ",.;:"))
	if len(w) == 1 && baseVerb(first) != first {
		return false // "sets", "reps": a plural, not "to set"
	}
	if _, k := stem(first); k != verbOther {
		return true
	}
	if _, k := stem(baseVerb(first)); k != verbOther {
		return true
	}
	if first == "i" || first == "we" || first == "as" {
		return true
	}
	return subjectLike(w)
}

var listSplitRE = regexp.MustCompile(`\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|&|or)\s+`)

// withIndex returns where a "with …"/"including …" tail starts, or -1.
func withIndex(l string) int {
	low := strings.ToLower(l)
	best := -1
	for _, w := range []string{" with ", " including ", " containing ", " that has ", " that have "} {
		if i := strings.Index(low, w); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	return best
}

// subjectLike reports whether words start with someone doing something
// ("therapists set …", "the receptionist sees …").
func subjectLike(w []string) bool {
	if len(w) < 2 {
		return false
	}
	i := 0
	if a := strings.ToLower(w[0]); a == "the" || a == "a" || a == "an" || a == "each" || a == "every" {
		i = 1
	}
	return i < len(w) && roleNoun(strings.ToLower(w[i])) != ""
}

// clause is one item read as who does what.
type clause struct {
	who   string // the subject as a role word ("therapist"), "" for none, "i" for the first person
	modal bool   // the person wrote "can", "may" or "be able to"
	pred  string // the rest, verb first, in the third person plural ("see their streak")
	verb  string // the predicate's verb, base form
	kind  verbKind
}

// readClause reads an activity line: "As a patient, I want to book an
// appointment", "the receptionist sees the day's schedule", "see my
// streak", "Therapists can set weekly availability".
func readClause(line string) clause {
	line = strings.TrimSpace(line)
	var c clause
	words := strings.Fields(line)
	low := func(i int) string { return strings.Trim(strings.ToLower(words[i]), ",.;:!?") }
	i := 0
	// "As a patient, I …"
	if len(words) > 2 && low(0) == "as" && (low(1) == "a" || low(1) == "an") {
		j := 2
		for j < len(words) && !strings.HasSuffix(words[j], ",") && j < 5 {
			j++
		}
		if j < len(words) {
			c.who = roleNoun(low(j))
			if c.who == "" {
				c.who = singular(low(j))
			}
			i = j + 1
		}
	}
	for i < len(words) {
		w := low(i)
		switch {
		case w == "the" || w == "a" || w == "an" || w == "each" || w == "every" || w == "all" || w == "our" || w == "my":
			if i+1 < len(words) && roleNoun(low(i+1)) != "" {
				i++
				continue
			}
		case (w == "they" || w == "he" || w == "she") && i == 0:
			c.who = "they"
			i++
			continue
		case (w == "let" || w == "allow" || w == "enable" || w == "lets" || w == "allows") && i+1 < len(words) && roleNoun(low(i+1)) != "":
			c.who = roleNoun(low(i + 1))
			i += 2
			if i < len(words) && low(i) == "to" {
				i++
			}
			continue
		case w == "i" || w == "we" || w == "i'd" || w == "we'd":
			if c.who == "" {
				c.who = "i"
			}
			i++
			continue
		case agentNoun(w) != "" && roleNoun(w) == "" && i+1 < len(words) && (i == 0 || i == 1 && low(0) == "the") && !fillers[low(i+1)] && !stoppers[low(i+1)] && !afterVerb[low(i+1)]:
			if c.who == "" || c.who == "i" {
				c.who = agentNoun(w)
			}
			i++
			continue
		case roleNoun(w) != "" && i+1 < len(words):
			if next := low(i + 1); !fillers[next] && !stoppers[next] && !afterVerb[next] || modalWords[next] || next == "can" || next == "may" || next == "could" {
				if c.who == "" || c.who == "i" {
					c.who = roleNoun(w)
				}
				i++
				continue
			}
		case w == "can" || w == "could" || w == "may" || w == "able":
			c.modal = true
			i++
			continue
		case modalWords[w]:
			i++
			continue
		}
		break
	}
	rest := words[i:]
	if len(rest) > 0 {
		verb := strings.Trim(strings.ToLower(rest[0]), ",.;:")
		base := baseVerb(verb)
		if _, k := stem(base); k != verbOther {
			c.verb, c.kind = base, k
			rest = append([]string{base}, rest[1:]...)
		} else if _, k := stem(verb); k != verbOther {
			c.verb, c.kind = verb, k
		} else if appVerbs[verb] || appVerbs[base] {
			c.verb = base
			rest = append([]string{base}, rest[1:]...)
		} else if c.who != "" {
			c.verb = base
			rest = append([]string{base}, rest[1:]...)
		} else if len(rest) >= 2 && afterVerb[strings.ToLower(rest[1])] && !fillers[verb] {
			// "chat with the team": a verb the lists do not know, told by
			// what follows it.
			c.verb = verb
		}
	}
	c.pred = thirdPerson(strings.Join(rest, " "))
	if c.verb != "" {
		c.pred = lowerFirst(c.pred)
	}
	return c
}

// afterVerb are words that follow a verb rather than a noun.
var afterVerb = set("with", "a", "an", "the", "my", "our", "their", "for", "to", "up", "out", "in", "on", "about", "through", "over", "each", "every", "all", "them", "it", "together", "back")

// modalWords stand between a subject and its verb.
var modalWords = set("want", "wants", "to", "be", "should", "must", "will", "would", "like", "need", "needs",
	"also", "easily", "quickly", "just", "able", "shall", "love", "'d")

// baseVerb returns the plural form of a third-person verb: "sees" →
// "see", "watches" → "watch", "has" → "have".
func baseVerb(w string) string {
	switch w {
	case "has":
		return "have"
	case "is":
		return "are"
	case "does":
		return "do"
	case "goes":
		return "go"
	}
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "ches"),
		strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		return w[:len(w)-1]
	}
	return w
}

// thirdPerson turns the first person in s into the third person plural:
// "my streak" → "their streak", "remind me" → "remind them".
func thirdPerson(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		core := strings.Trim(w, ",.;:!?")
		rep, ok := pronouns[strings.ToLower(core)]
		if !ok {
			continue
		}
		words[i] = strings.Replace(w, core, rep, 1)
	}
	return strings.Join(words, " ")
}

var pronouns = map[string]string{
	"my": "their", "our": "their", "me": "them", "us": "them", "i": "they", "we": "they",
	"mine": "theirs", "ours": "theirs", "myself": "themselves", "ourselves": "themselves",
	"i'm": "they're", "i've": "they've", "i'll": "they'll", "we're": "they're",
}

// doubled removes a word written twice in a row ("the the").
func undouble(s string) string {
	words := strings.Fields(s)
	var out []string
	for i, w := range words {
		if i > 0 && strings.EqualFold(w, words[i-1]) && len(w) > 1 {
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}
