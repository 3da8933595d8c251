package guided

import "strings"

// Kinds of people become roles. roleWords are the nouns that name a
// kind of person who uses an app; the singular is the role's name.
var roleWords = set("patient", "therapist", "receptionist", "doctor", "nurse", "dentist", "clinician",
	"student", "teacher", "tutor", "parent", "instructor", "pupil", "learner",
	"admin", "administrator", "manager", "owner", "staff", "employee", "worker", "member", "user",
	"customer", "client", "buyer", "seller", "vendor", "merchant", "shopper",
	"organizer", "organiser", "attendee", "guest", "host", "speaker", "participant",
	"author", "writer", "reader", "editor", "moderator", "subscriber", "commenter", "visitor", "viewer",
	"coach", "trainer", "athlete", "player", "agent", "salesperson", "recruiter", "candidate",
	"volunteer", "freelancer", "contractor", "driver", "courier", "cook", "chef",
	"landlord", "tenant", "accountant", "approver", "reviewer", "assignee", "traveler", "traveller")

// agentNoun returns the role a plural agent noun names when it stands
// as a subject ("walkers see …", "groomers set …"): words the list of
// roles does not know but that read as kinds of people.
func agentNoun(w string) string {
	w = strings.Trim(strings.ToLower(w), ",.;:!?'\"()")
	s := singular(w)
	if s == w || len(s) < 5 || notAgents[s] {
		return ""
	}
	for _, suf := range []string{"er", "or", "ist", "ian", "ant"} {
		if strings.HasSuffix(s, suf) {
			return s
		}
	}
	return ""
}

var notAgents = set("order", "number", "letter", "reminder", "calendar", "folder", "paper", "water", "weather", "timer",
	"filter", "computer", "color", "colour", "error", "floor", "door", "sensor", "counter", "poster", "sticker", "voucher",
	"trailer", "chapter", "meter", "marker", "banner", "header", "footer", "server", "printer", "locker", "container",
	"planner", "tracker", "organizer", "answer", "corner", "dinner", "center", "centre", "matter", "member", "register",
	"monitor", "editor", "vendor", "factor", "sector", "mirror", "elevator", "calculator", "restaurant", "plant", "giant")

// roleNoun returns the role a word names ("Therapists" → "therapist"),
// or "".
func roleNoun(w string) string {
	w = strings.Trim(strings.ToLower(w), ",.;:!?'\"()")
	w = strings.TrimSuffix(w, "'s")
	if w == "people" || w == "users" || w == "user" {
		return "user"
	}
	if w == "staff" {
		return "staff"
	}
	s := singular(w)
	if roleWords[s] {
		if s == "administrator" {
			return "admin"
		}
		return s
	}
	return ""
}

// findRoles returns the roles named in texts, in order of first
// mention. "user" and "people" name no role of their own.
func findRoles(texts ...string) []string {
	var out []string
	for _, t := range texts {
		for _, w := range strings.FieldsFunc(t, func(r rune) bool {
			return r == ' ' || r == ',' || r == '.' || r == ';' || r == ':' || r == '\n' || r == '(' || r == ')' || r == '/'
		}) {
			r := roleNoun(w)
			if r == "" || r == "user" || r == "lead" {
				continue
			}
			out = appendNew(out, r)
		}
	}
	return out
}

// rolesFromAnswer reads an answer to "who uses the app?": each item
// names one kind of person, whose head noun is the role ("the clinic's
// receptionist who books" → receptionist). It returns each role with the
// rest of its item, which may say what they do.
func rolesFromAnswer(text string) (roles []string, does map[string]string) {
	does = map[string]string{}
	for _, it := range items(text) {
		c := readClause(it)
		name := c.who
		if name == "" || name == "i" {
			words := phraseWords(it)
			for _, w := range words {
				if r := roleNoun(w); r != "" {
					name = r
					break
				}
			}
			if name == "" && len(words) > 0 && len(words) <= 3 {
				name = singular(words[len(words)-1])
			}
		}
		name = slug(name)
		if name == "" || name == "user" && len(roles) > 0 {
			continue
		}
		name = strings.ReplaceAll(name, "_", " ")
		roles = appendNew(roles, name)
		if c.verb != "" && does[name] == "" {
			does[name] = c.pred
		}
	}
	return roles, does
}
