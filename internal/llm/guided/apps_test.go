package guided

import (
	"regexp"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/spec"
)

// idea is one app idea, answered the way its person would: their own
// words, their own list style.
type idea struct {
	project  string
	overview string
	people   []string // area picks
	content  []string
	acts     string
	shape    map[string][]string // answers to the shape questions; nil confirms all
	success  string
	size     string

	name     string   // the name the spec must carry
	roles    []string // roles it must define
	tables   []string // tables it must hold
	fields   []string // "table.field" it must hold
	refs     []string // "table.field>target" references
	criteria []string // phrases some acceptance criterion must carry
}

var ideas = []idea{
	{
		project:  "clinic",
		overview: "# Clinic Desk\nClinic Desk lets a small **physiotherapy** clinic take bookings online. Patients book 45-minute slots with a therapist; the receptionist keeps the day running.",
		people:   []string{"Accounts & sign-in", "Notifications"},
		acts: "- patients book an appointment with a therapist\n- therapists set their weekly availabilities\n- availability slots are 45 minutes\n" +
			"- the receptionist sees the day's schedule\n- patients receive a reminder 24 hours before",
		success:  "A patient books in under 2 minutes",
		name:     "Clinic Desk",
		roles:    []string{"patient", "therapist", "receptionist"},
		tables:   []string{"appointments", "weekly_availabilities"},
		fields:   []string{"appointments.starts_at", "appointments.duration_minutes"},
		refs:     []string{"appointments.therapist_id>users", "appointments.patient_id>users"},
		criteria: []string{"24 hours", "45 minutes"},
	},
	{
		project:  "pantry",
		overview: "Pantry Pal is a recipe planner for busy families: save recipes, plan the week's meals and shop from one list.",
		people:   []string{"Accounts & sign-in", "Sharing"},
		acts:     "save recipes with ingredients and steps, plan meals for the week and make a shopping list from the meal plan",
		shape:    map[string][]string{hData: {"recipes: title, ingredients, steps, prep time, rating"}, hLinks: {"a meal plan has recipes"}},
		success:  "a family plans a week of meals in five minutes",
		name:     "Pantry Pal",
		tables:   []string{"recipes", "meal_plans", "shopping_lists", "meal_plan_recipes"},
		fields:   []string{"recipes.ingredients", "recipes.prep_time_minutes", "recipes.rating"},
		refs:     []string{"shopping_lists.meal_plan_id>meal_plans"},
		criteria: []string{},
	},
	{
		project:  "habits",
		overview: "Streaky is a habit tracker: I tick off my habits every day and watch my streaks grow.",
		people:   []string{"Accounts & sign-in"},
		content:  []string{"Dashboards & reports"},
		acts:     "1. create a habit\n2. check in a habit each day\n3. see my current streak",
		success:  "I keep using it for 30 days",
		name:     "Streaky",
		tables:   []string{"habits"},
		fields:   []string{"habits.current_streak"},
	},
	{
		project:  "teamtasks",
		overview: "Team Board helps a small team share projects and tasks.",
		people:   []string{"Accounts & sign-in", "Roles & permissions", "Notifications"},
		acts:     "projects, tasks, comments",
		shape:    map[string][]string{hLinks: {"a task belongs to a project; a comment belongs to a task"}},
		success:  "Everything works",
		name:     "Team Board",
		roles:    []string{"user", "admin"},
		tables:   []string{"projects", "tasks", "comments"},
		refs:     []string{"tasks.project_id>projects", "comments.task_id>tasks"},
	},
	{
		project:  "stock",
		overview: "Stockroom tracks what a small shop has on its shelves. Staff record deliveries and the manager reorders from suppliers.",
		people:   []string{"Accounts & sign-in"},
		content:  []string{"Import & export", "Search"},
		acts:     "* staff add items with a quantity and a location\n* the manager orders stock from suppliers\n* staff record deliveries\n* warn when an item has fewer than 5 left",
		success:  "stock counts are always right",
		name:     "Stockroom",
		roles:    []string{"staff member", "manager"},
		tables:   []string{"items", "stock_orders", "deliveries"},
		fields:   []string{"items.quantity", "items.location"},
	},
	{
		project:  "market",
		overview: "Swapsy is a marketplace where sellers list second-hand furniture and buyers pay online.",
		people:   []string{"Accounts & sign-in", "Notifications"},
		content:  []string{"Search"},
		acts:     "Sellers list furniture with photos and a price; buyers browse listings; buyers pay for a listing; sellers mark a listing as sold",
		success:  "a seller lists a sofa in 3 minutes",
		name:     "Swapsy",
		roles:    []string{"seller", "buyer"},
		tables:   []string{"furniture_listings"},
		fields:   []string{"furniture_listings.price", "furniture_listings.photos"},
	},
	{
		project:  "classroom",
		overview: "Homework Hub lets teachers set assignments and students hand in their work.",
		people:   []string{"Accounts & sign-in", "Notifications"},
		acts:     "teachers create classes\nteachers post assignments with a due date\nstudents submit their work\nteachers grade submissions",
		success:  "Easy to learn",
		name:     "Homework Hub",
		roles:    []string{"teacher", "student"},
		tables:   []string{"classes", "assignments", "work_submissions"},
		fields:   []string{"assignments.due_date"},
	},
	{
		project:  "crm",
		overview: "Pipeline is a small CRM for a sales team.",
		people:   []string{"Accounts & sign-in", "Roles & permissions"},
		content:  []string{"Dashboards & reports", "Import & export"},
		acts:     "add contacts\nlog calls with a contact\ntrack deals through stages\nsee the total value of open deals",
		success:  "reps log a call in 10 seconds",
		name:     "Pipeline",
		tables:   []string{"contacts", "calls", "deals"},
		criteria: []string{},
	},
	{
		project:  "tickets",
		overview: "Gatekeeper sells tickets for small concerts. Organizers create events, attendees buy tickets and scan them at the door.",
		people:   []string{"Accounts & sign-in", "Notifications"},
		acts:     "organizers create events with a venue and a capacity\nattendees buy tickets\norganizers check in tickets at the door\nattendees can buy at most 4 tickets per event",
		success:  "no event is ever oversold",
		name:     "Gatekeeper",
		roles:    []string{"organizer", "attendee"},
		tables:   []string{"events", "tickets"},
		fields:   []string{"events.capacity", "events.venue"},
		criteria: []string{"limit of 4"},
	},
	{
		project:  "blog",
		overview: "Inkwell is a blog for one writer and their readers.",
		people:   []string{"Accounts & sign-in"},
		content:  []string{"Search"},
		acts:     "the author writes posts, readers comment on posts and readers subscribe by email",
		success:  "Looks polished",
		name:     "Inkwell",
		roles:    []string{"writer", "reader"}, // "the author" is the writer of the overview
		tables:   []string{"posts"},
	},
	{
		project:  "fitness",
		overview: "Liftlog is a fitness log for people who train at the gym.",
		people:   []string{"Accounts & sign-in"},
		content:  []string{"Dashboards & reports"},
		acts:     "log a workout with exercises, sets and reps\nsee my progress over time\nset a weekly goal",
		shape:    map[string][]string{hLinks: {"a workout has exercises"}},
		success:  "logging a workout takes under a minute",
		name:     "Liftlog",
		tables:   []string{"workouts", "exercises", "weekly_goals"},
	},
	{
		project:  "budget",
		overview: "Budget Buddy helps households keep track of what they spend.",
		people:   []string{"Accounts & sign-in"},
		content:  []string{"Dashboards & reports"},
		acts:     "add an expense\nset a monthly budget with a limit\nsee spending by category\nsee my balance",
		success:  "Fast and reliable",
		name:     "Budget Buddy",
		tables:   []string{"expenses", "monthly_budgets"},
		fields:   []string{"expenses.amount"},
	},
	// Three more, beyond the twelve the issue names.
	{project: "shelter", overview: "Happy Tails is a website for an animal shelter. Volunteers list animals for adoption, visitors browse them and apply to adopt, and the shelter manager approves applications.",
		people: []string{"Accounts & sign-in", "Notifications"}, content: []string{"Search"},
		acts:  "volunteers add animals with photos, age and a description; visitors browse animals; visitors apply to adopt an animal; the manager approves or rejects applications; applicants get an email when their application is decided",
		shape: map[string][]string{hLinks: {"an application belongs to an animal and a visitor"}}, success: "an animal finds a home within 30 days",
		name: "Happy Tails", roles: []string{"volunteer", "visitor", "manager"}, tables: []string{"animals", "applications"},
		refs: []string{"applications.animal_id>animals", "applications.visitor_id>users"}},
	{project: "tablefor2", overview: "TableFor2 handles reservations for a small restaurant. Guests reserve a table for a time slot, staff confirm reservations, and guests can cancel up to 2 hours before.",
		people: []string{"Accounts & sign-in"}, content: []string{"Dashboards & reports"},
		acts: "- guests reserve a table for 2 to 8 people\n- staff confirm or decline reservations\n- guests cancel up to 2 hours before\n- the owner sees how many covers per night", success: "no double bookings",
		name: "TableFor2", roles: []string{"guest", "staff member", "owner"}, tables: []string{"table_reservations"},
		criteria: []string{"less than 2 hours", "from 2 to 8"}},
	{project: "bookclub", overview: "Chapter & Verse is a book club app. Members suggest books, vote on the next read and discuss chapters.",
		people: []string{"Accounts & sign-in", "Notifications"},
		acts:   "members suggest books\nmembers vote on suggestions\nthe organizer schedules meetings\nmembers post comments on a chapter", success: "Everything works",
		name: "Chapter & Verse", roles: []string{"member", "organizer"}, tables: []string{"books", "meetings", "comments"}},
}

// run takes the interview of one idea to the written files.
func (id idea) run(t *testing.T) *engine {
	t.Helper()
	e := newEngine(t, id.project).start().
		say(id.overview).
		expect(hInvolvement).answer(map[string][]string{hInvolvement: {"Quick (Recommended)"}}).
		expect(hFrontend).defaults().
		expect(hPeople).answer(map[string][]string{hPeople: id.people, hContent: id.content}).
		say(id.acts).
		expect(hRoles)
	shape := id.shape
	if shape == nil {
		shape = map[string][]string{}
	}
	for _, h := range []string{hRoles, hData, hLinks} {
		if _, ok := shape[h]; !ok {
			shape[h] = []string{"Looks right (Recommended)"}
		}
	}
	size := id.size
	if size == "" {
		size = "Looks right (Recommended)"
	}
	e.answer(shape).
		expect(hSize).answer(map[string][]string{hSize: {size}}).
		expect(hSuccess).answer(map[string][]string{hSuccess: {id.success}}).
		expect(hGenerate).answer(map[string][]string{hGenerate: {"Yes"}}).
		expectText("Done!")
	return e
}

// TestTwelveIdeas renders the spec of twelve app ideas and checks each
// for what the person said, for the shapes a renderer must never write,
// and with the spec checks: no problems at all.
func TestTwelveIdeas(t *testing.T) {
	sizes := []string{"Looks right (Recommended)", "More detail", "Keep it smaller"}
	for i, id := range ideas {
		id.size = sizes[i%3]
		t.Run(id.project, func(t *testing.T) {
			e := id.run(t)
			r := spec.Check([]byte(e.files[AppSpecPath]), []byte(e.files[InitializerPath]))
			if len(r.Problems) > 0 || r.Score != 100 {
				t.Fatalf("score %d, problems: %v", r.Score, r.Problems)
			}
			s := r.Spec
			if s.ProjectName != id.name {
				t.Errorf("project_name %q, want %q", s.ProjectName, id.name)
			}
			for _, role := range id.roles {
				if !contains(s.RoleNames(), role) {
					t.Errorf("no role %q in %v", role, s.RoleNames())
				}
			}
			for _, tb := range id.tables {
				if _, ok := s.Table(tb); !ok {
					t.Errorf("no table %s in %v", tb, tableNames(s))
				}
			}
			for _, tf := range id.fields {
				tb, fl, _ := strings.Cut(tf, ".")
				if !hasField(s, tb, fl, "") {
					t.Errorf("no field %s", tf)
				}
			}
			for _, rf := range id.refs {
				tf, target, _ := strings.Cut(rf, ">")
				tb, fl, _ := strings.Cut(tf, ".")
				if !hasField(s, tb, fl, target) {
					t.Errorf("no field %s referencing %s", tf, target)
				}
			}
			var all strings.Builder
			for _, f := range s.Features() {
				all.WriteString(strings.Join(f.Acceptance, "\n") + "\n")
			}
			for _, c := range id.criteria {
				if !strings.Contains(all.String(), c) {
					t.Errorf("no acceptance criterion carries %q", c)
				}
			}
			if !strings.Contains(strings.ToLower(sectionText(s.SuccessCriteria)), strings.ToLower(strings.Fields(id.success)[0])) {
				t.Errorf("success criteria do not carry %q:\n%s", id.success, sectionText(s.SuccessCriteria))
			}
			checkShapes(t, s)
		})
	}
}

// forbidden are shapes of sentence the renderer must never produce.
var forbidden = []struct {
	what string
	re   *regexp.Regexp
}{
	{"a role before an article", regexp.MustCompile(`(?i)\b(users|people) can (the|a|an|my)\b`)},
	{"the first person", regexp.MustCompile(`(?i)\b(my|me|mine|i|i'm|we|our)\b`)},
	{"a pasted prefix", regexp.MustCompile(`(?i)^(add|remove|rename|change)\s*:`)},
	{"a doubled word", regexp.MustCompile(`(?i)\b(\w+)\s+(\w+)\b`)}, // checked in code: the two words equal
	{"empty parentheses", regexp.MustCompile(`\(\s*\)`)},
	{"Markdown", regexp.MustCompile(`\*\*|__|^#|\]\(`)},
	{"a before a vowel", regexp.MustCompile(`\ba [aeio](\w)`)}, // "a one-time" is checked in code
	{"an before a consonant", regexp.MustCompile(`\ban [bcdfgjklmnpqrstvwxz]\w`)},
	{"a hanging ending", regexp.MustCompile(`(?i)\b(each|the|a|an|with|and)\.?$`)},
	{"a role named as a thing", regexp.MustCompile(`(?i)\beach (patient|therapist|teacher|student|seller|buyer)s?\b holds`)},
}

func checkShapes(t *testing.T, s *spec.Spec) {
	t.Helper()
	var texts []string
	seenDesc, seenName := map[string]bool{}, map[string]bool{}
	for _, f := range s.Features() {
		texts = append(texts, f.Name, f.Description)
		texts = append(texts, f.Acceptance...)
		if seenDesc[f.Description] {
			t.Errorf("duplicate feature: %q", f.Description)
		}
		if seenName[f.Name] {
			t.Errorf("two features are called %q", f.Name)
		}
		seenDesc[f.Description], seenName[f.Name] = true, true
	}
	for _, r := range s.Security.Roles {
		texts = append(texts, r.Permissions...)
	}
	for _, sec := range append(append([]spec.Section{}, s.UI...), s.SuccessCriteria...) {
		texts = append(texts, strings.Split(sec.Text(), "\n")...)
	}
	for _, x := range texts {
		for _, fb := range forbidden {
			if fb.what == "a doubled word" {
				for _, m := range fb.re.FindAllStringSubmatch(x, -1) {
					if strings.EqualFold(m[1], m[2]) {
						t.Errorf("%s in %q", fb.what, x)
					}
				}
				continue
			}
			if fb.what == "a before a vowel" {
				for _, m := range fb.re.FindAllStringSubmatch(x, -1) {
					if !strings.HasPrefix(m[0], "a on") {
						t.Errorf("%s in %q", fb.what, x)
					}
				}
				continue
			}
			if fb.re.MatchString(x) {
				t.Errorf("%s in %q", fb.what, x)
			}
		}
	}
	// Every table is used by a feature, and every endpoint area of a
	// thing, and each action endpoint, is backed by one.
	var feats strings.Builder
	for _, f := range s.Features() {
		feats.WriteString(strings.ToLower(f.Name + " " + f.Description + " " + strings.Join(f.Acceptance, " ") + " "))
	}
	words := stems(feats.String())
	for _, tb := range s.Tables {
		if !anyStem(strings.Split(tb.Name, "_"), words) {
			t.Errorf("table %s: no feature uses it", tb.Name)
		}
	}
	for _, a := range s.APIAreas {
		if !anyStem(strings.Split(a.Name, "_"), words) && a.Name != "health" && a.Name != "auth" && a.Name != "live" {
			t.Errorf("endpoint area %s: no feature behind it", a.Name)
		}
		for _, ep := range a.Endpoints {
			segs := strings.Split(strings.Trim(strings.SplitN(ep.Path, "?", 2)[0], "/"), "/")
			last := strings.TrimSuffix(segs[len(segs)-1], ":") // spec.Parse keeps the colon before the description
			if len(segs) > 3 && !strings.HasPrefix(last, ":") && !anyStem(strings.Split(last, "-"), words) {
				t.Errorf("endpoint %s %s: no feature behind it", ep.Method, ep.Path)
			}
		}
	}
}

func stems(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z') }) {
		out[singular(w)] = true
	}
	return out
}

func anyStem(ws []string, set map[string]bool) bool {
	for _, w := range ws {
		if len(w) > 2 && set[singular(strings.ToLower(w))] {
			return true
		}
	}
	return false
}

func tableNames(s *spec.Spec) []string {
	var out []string
	for _, t := range s.Tables {
		out = append(out, t.Name)
	}
	return out
}

func hasField(s *spec.Spec, table, field, ref string) bool {
	tb, ok := s.Table(table)
	if !ok {
		return false
	}
	for _, f := range tb.Fields {
		if f.Name == field && (ref == "" || f.References == ref) {
			return true
		}
	}
	return false
}

func sectionText(secs []spec.Section) string {
	var out []string
	for _, s := range secs {
		out = append(out, s.Text())
	}
	return strings.Join(out, "\n")
}
