package guided

import (
	"regexp"
	"strings"
)

// field is one thing an entity holds.
type field struct {
	name     string // snake_case
	kind     string // one of the kinds below
	ref      string // kindRef, kindRefs: the entity key, or "role:<name>" for a person
	required bool
	note     string
}

// Field kinds, written into the schema as their type.
const (
	kText     = "text"
	kLong     = "long text"
	kNumber   = "integer"
	kDecimal  = "decimal"
	kMoney    = "money"
	kDate     = "date"
	kTime     = "time"
	kDateTime = "datetime"
	kDuration = "duration"
	kRating   = "rating"
	kBool     = "boolean"
	kEmail    = "email"
	kPhone    = "phone"
	kURL      = "url"
	kImage    = "image"
	kList     = "list"
	kChoice   = "choice"
	kRef      = "reference"
	kRefs     = "references"
	kComputed = "computed"
)

// typeOf is how a kind is written in database_schema.
func typeOf(f field) string {
	switch f.kind {
	case kMoney:
		return "decimal(10,2), money"
	case kDuration:
		return "integer, minutes"
	case kRating:
		return "integer 1-5"
	case kDateTime:
		return "datetime"
	case kImage:
		return "text, path of an uploaded image"
	case kList:
		return "JSON list"
	case kChoice:
		return "text, one of a fixed set"
	case kRef:
		return "integer"
	case kComputed:
		return "computed, not stored"
	case kLong:
		return "text"
	case kEmail, kPhone, kURL:
		return "text, " + f.kind
	}
	return f.kind
}

// kindWords infer a field's kind from its name.
var kindWords = []struct {
	kind  string
	words []string
}{
	{kImage, []string{"photo", "photos", "image", "images", "picture", "pictures", "avatar", "cover", "thumbnail", "logo", "attachment", "attachments", "file", "files", "receipt"}},
	{kMoney, []string{"price", "cost", "amount", "budget", "limit", "fee", "salary", "total", "balance", "value", "deposit", "payment", "spend", "income", "revenue", "deal value"}},
	{kRating, []string{"rating", "stars", "score"}},
	{kDuration, []string{"duration", "length", "minutes", "prep time", "cook time", "cooking time", "time spent", "slot length"}},
	{kTime, []string{"start time", "end time", "opening time", "closing time", "time of day"}},
	{kDateTime, []string{"starts at", "ends at", "datetime", "appointment time", "time", "timestamp", "due at", "scheduled at"}},
	{kDate, []string{"date", "day", "deadline", "due date", "due", "birthday", "week", "month", "start date", "end date", "expiry", "expires"}},
	{kBool, []string{"done", "completed", "complete", "active", "paid", "published", "archived", "private", "public", "favourite", "favorite", "visible", "attended"}},
	{kEmail, []string{"email", "e-mail", "email address"}},
	{kPhone, []string{"phone", "phone number", "mobile", "telephone"}},
	{kURL, []string{"url", "link", "website"}},
	{kNumber, []string{"quantity", "count", "number", "servings", "reps", "sets", "capacity", "seats", "stock", "level", "age", "year", "calories", "steps count", "distance", "weight", "height", "grade", "points", "goal", "target"}},
	{kChoice, []string{"status", "category", "type", "kind", "priority", "stage", "frequency", "difficulty", "unit", "state", "role"}},
	{kLong, []string{"description", "notes", "note", "details", "body", "content", "bio", "instructions", "summary", "message", "text", "comment", "feedback", "reason", "address"}},
}

// kindOf infers a field's kind from its words; plural nouns that name
// no entity are lists ("ingredients", "steps", "tags").
func kindOf(words []string) string {
	phrase := " " + strings.Join(words, " ") + " "
	last := words[len(words)-1]
	for _, kw := range kindWords {
		for _, w := range kw.words {
			if strings.Contains(phrase, " "+w+" ") && (len(strings.Fields(w)) > 1 || w == last || kw.kind == kMoney && last != "name") {
				return kw.kind
			}
		}
	}
	if singular(last) != last && !uncountable[last] {
		return kList
	}
	return kText
}

// computedWords name values worked out from other records: they become
// computed fields, never tables.
var computedWords = set("streak", "total", "balance", "average", "sum", "tally", "progress", "count", "remaining")

// fieldOf reads one field phrase: "a title", "ingredients with
// quantities", "a rating from 1 to 5", "45-minute duration", "the
// therapist".
func fieldOf(p string, m *app) (field, bool) {
	p = strings.TrimSpace(p)
	note := ""
	if i := strings.IndexAny(p, "(:"); i > 0 {
		note = strings.Trim(p[i:], "(): ")
		p = p[:i]
	}
	low := strings.ToLower(p)
	for _, w := range []string{" with ", " from ", " between ", " of ", " per ", " in ", " for "} {
		if i := strings.Index(low, w); i > 0 {
			if note == "" {
				note = strings.TrimSpace(p[i:])
			}
			p, low = p[:i], low[:i]
		}
	}
	words := strings.Fields(strings.TrimSpace(norm(p)))
	for len(words) > 0 && (fillers[words[0]] || numberRE.MatchString(words[0]) && len(words) > 1) {
		if numberRE.MatchString(words[0]) && note == "" {
			note = strings.Join(words, " ")
		}
		words = words[1:]
	}
	var kept []string
	for _, w := range words {
		if !fillers[w] && w != "optional" && w != "required" {
			kept = append(kept, w)
		}
	}
	words = kept
	if len(words) == 0 || len(words) > 4 {
		return field{}, false
	}
	f := field{name: slug(strings.Join(words, " ")), required: strings.Contains(strings.ToLower(note+" "+p), "required")}
	if f.name == "" {
		return field{}, false
	}
	if note != "" && !strings.Contains(strings.ToLower(note), "required") {
		f.note = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(note, "of "), "with "))
	}
	head := words[len(words)-1]
	r := roleNoun(head)
	if r == "" && m != nil && m.hasRole(singular(head)) {
		r = singular(head)
	}
	if r != "" && len(words) <= 2 && m != nil && m.hasRole(r) {
		f.kind, f.ref, f.name = kRef, "role:"+r, slug(strings.Join(words, " "))+"_id"
		return f, true
	}
	if m != nil {
		if e := m.entityByWord(strings.Join(words, " ")); e != nil {
			if singular(head) != head {
				f.kind, f.ref, f.name = kRefs, e.key, slug(e.many)
			} else {
				f.kind, f.ref, f.name = kRef, e.key, slug(e.one)+"_id"
			}
			return f, true
		}
	}
	if computedWords[singular(head)] {
		f.kind = kComputed
		return f, true
	}
	f.kind = kindOf(words)
	if f.kind == kDuration && !strings.Contains(f.name, "minute") {
		f.name += "_minutes"
	}
	if f.kind == kRating && f.note == "" {
		f.note = "1 to 5 stars"
	}
	return f, true
}

// Defaults for things many apps keep, used when the person names the
// thing but not what it holds. Every other thing gets a name and notes.
var knownFields = map[string][]string{
	"recipe":        {"title (required)", "ingredients (list of name and quantity)", "steps", "prep time", "servings", "rating", "photo"},
	"appointment":   {"starts at (required)", "duration", "status", "notes"},
	"habit":         {"name (required)", "frequency (daily or weekly)", "target per period", "streak (computed from check-ins)"},
	"check in":      {"date (required)", "note"},
	"task":          {"title (required)", "description", "status (to do, doing, done)", "due date", "priority"},
	"project":       {"name (required)", "description", "due date"},
	"comment":       {"body (required)"},
	"product":       {"name (required)", "description", "price (required)", "stock", "photo"},
	"item":          {"name (required)", "quantity", "location", "notes"},
	"order":         {"status (placed, paid, shipped, delivered)", "total (computed from its lines)", "placed at"},
	"listing":       {"title (required)", "description", "price (required)", "photos", "status (active, sold)"},
	"course":        {"title (required)", "description", "starts on"},
	"class":         {"name (required)", "description"},
	"assignment":    {"title (required)", "instructions", "due date (required)", "points"},
	"submission":    {"body", "attachment", "submitted at", "grade"},
	"lesson":        {"title (required)", "content", "date"},
	"contact":       {"name (required)", "email", "phone", "company", "notes"},
	"deal":          {"title (required)", "value", "stage (lead, proposal, won, lost)", "expected close date"},
	"lead":          {"name (required)", "email", "source", "status"},
	"event":         {"title (required)", "description", "starts at (required)", "venue", "capacity"},
	"ticket":        {"code (required)", "status (valid, used, refunded)", "price"},
	"post":          {"title (required)", "body (required)", "published", "published at", "cover image"},
	"blog post":     {"title (required)", "body (required)", "published", "published at", "cover image"},
	"article":       {"title (required)", "body (required)", "published at"},
	"workout":       {"date (required)", "type", "duration", "notes"},
	"exercise":      {"name (required)", "sets", "reps", "weight"},
	"expense":       {"amount (required)", "date (required)", "description", "receipt"},
	"category":      {"name (required)"},
	"budget":        {"name (required)", "monthly limit (required)", "month"},
	"transaction":   {"amount (required)", "date (required)", "description"},
	"meal plan":     {"week (required)"},
	"shopping list": {"week", "items (list of name, quantity and a checked flag)"},
	"availability":  {"weekday (required)", "start time (required)", "end time (required)"},
	"note":          {"title", "body (required)"},
	"book":          {"title (required)", "author name", "isbn", "rating"},
	"goal":          {"title (required)", "target", "deadline"},
	"room":          {"name (required)", "capacity"},
	"supplier":      {"name (required)", "email", "phone"},
	"reminder":      {"sends at (required)", "channel (email or SMS)", "sent at"},
	"review":        {"rating (required)", "comment"},
	"message":       {"body (required)", "sent at"},
	"invoice":       {"number (required)", "amount (required)", "due date", "paid"},
	"session":       {"starts at (required)", "duration", "notes"},
	"booking":       {"starts at (required)", "status", "notes"},
	"grade":         {"score (required)", "comment"},
}

// relationRE reads "a meal plan has recipes", "an appointment belongs
// to a patient and a therapist", "each task has a project".
var (
	hasRE     = regexp.MustCompile(`(?i)^(?:an?|the|each|every)?\s*([\w' -]+?)\s+(?:has|have|holds?|contains?|includes?|lists?|keeps?|stores?|needs?|records?|is made of|consists of)\s+(.+)$`)
	belongsRE = regexp.MustCompile(`(?i)^(?:an?|the|each|every)?\s*([\w' -]+?)\s+(?:belongs? to|is for|are for|is linked to|are linked to|links?|references?|is booked with|is assigned to|are assigned to|is owned by|are owned by)\s+(.+)$`)
	colonRE   = regexp.MustCompile(`^([\w' -]{2,40}?)\s*[:=—–-]\s+(.+)$`)
)
