package guided

import "fmt"

// feature is one testable behaviour. level says from which size it is
// listed: 0 always, 1 from the default size on, 2 only with "more
// detail".
type feature struct {
	text  string
	level int
}

// category is one child of core_features.
type category struct {
	name  string // XML element name
	title string // for people
	feats []feature
}

// entity is a thing the app stores: a table, an API area and, when
// people work with it, a feature category.
type entity struct {
	thing
	manage bool     // people create and change it (otherwise they only look)
	lines  []string // the activities that concern it
}

// plan is what the interview derived: the feature list at one size, and
// the data behind it.
type plan struct {
	cats     []category
	entities []entity
	count    int
}

// main returns the entity the area features talk about ("share a
// task"): the first one people manage, else the first, else "item".
func (p plan) main() thing {
	for _, e := range p.entities {
		if e.manage {
			return e.thing
		}
	}
	if len(p.entities) > 0 {
		return p.entities[0].thing
	}
	return thing{one: "item", many: "items", slug: "items"}
}

// defaultActivity stands in when the user listed nothing usable.
const defaultActivity = "manage their items"

func (st *state) plan() plan { return st.planAt(st.size) }

// planAt derives the features at one size. It is a pure function of
// the state, which makes the count the user confirms the count that is
// written.
func (st *state) planAt(size int) plan {
	maxLevel := size + 1
	p := plan{}
	acts := st.activities
	if len(acts) == 0 && len(st.data) == 0 {
		acts = []string{defaultActivity}
	}
	type workflow struct {
		line string
		view bool
	}
	var general []workflow // activities with no thing of their own
	index := map[string]int{}
	addEntity := func(t thing, manage bool, line string) {
		i, ok := index[t.slug]
		if !ok {
			i = len(p.entities)
			index[t.slug] = i
			p.entities = append(p.entities, entity{thing: t})
		}
		e := &p.entities[i]
		e.manage = e.manage || manage
		if line != "" {
			e.lines = append(e.lines, line)
		}
	}
	for _, l := range acts {
		if kind, t, ok := activity(l); ok {
			addEntity(t, kind == verbManage, l)
		} else {
			general = append(general, workflow{l, kind == verbView})
		}
	}
	for _, d := range st.data {
		if t, ok := thingOf(phraseWords(d)); ok {
			addEntity(t, true, "")
		} else {
			general = append(general, workflow{line: "manage " + lowerFirst(d)})
		}
	}
	if len(p.entities) == 0 {
		// Areas that act on "the things in the app" need some: the
		// default stands in.
		for _, k := range []string{aSharing, aSearch, aDashboards, aImportExport, aHistory} {
			if st.areas[k] {
				addEntity(p.main(), true, "")
				break
			}
		}
	}

	// Fixed categories keep their names; an entity that would take one
	// (or another entity's) gets a suffix.
	used := map[string]bool{}
	add := func(name, title string, feats []feature) {
		var kept []feature
		for _, f := range feats {
			if f.level <= maxLevel {
				kept = append(kept, f)
			}
		}
		if len(kept) == 0 {
			return
		}
		used[name] = true
		p.cats = append(p.cats, category{name: name, title: title, feats: kept})
		p.count += len(kept)
	}

	main := p.main()
	add("infrastructure", "Infrastructure", st.infrastructure())
	for _, a := range st.chosenAreas() {
		if a.key == aAccounts || a.key == aRoles {
			add(areaCategory[a.key], areaTitle[a.key], st.areaFeatures(a.key, main))
		}
	}
	for _, e := range p.entities {
		name := e.slug
		for reservedCategory[name] || used[name] {
			name += "_data"
		}
		add(name, upperFirst(e.many), st.entityFeatures(e))
	}
	var gen []feature
	for _, w := range general {
		l := upperFirst(w.line)
		gen = append(gen, feature{canDo(w.line), 0})
		if w.view {
			gen = append(gen, feature{l + ": the numbers and lists shown match the saved data", 1})
		} else {
			gen = append(gen, feature{l + ": a clear confirmation when it succeeds, a clear error when it fails", 1})
		}
		gen = append(gen, feature{l + ": works on a phone-sized screen as well", 2})
	}
	add("core_workflows", "Core workflows", gen)
	for _, a := range st.chosenAreas() {
		if a.key != aAccounts && a.key != aRoles {
			add(areaCategory[a.key], areaTitle[a.key], st.areaFeatures(a.key, main))
		}
	}
	add("user_interface", "User interface", st.uiFeatures())
	add("errors_and_edge_cases", "Errors and edge cases", errorFeatures)
	var extra []feature
	for _, x := range append(append([]string{}, st.extras...), st.changes...) {
		extra = append(extra, feature{upperFirst(x), 0})
	}
	add("additional_requirements", "Additional requirements", extra)
	return p
}

// reservedCategory holds the category names the plan uses besides the
// entities'.
var reservedCategory = set("infrastructure", "core_workflows", "user_interface",
	"errors_and_edge_cases", "additional_requirements",
	"accounts_and_sign_in", "roles_and_permissions", "sharing", "notifications", "search",
	"dashboards_and_reports", "settings", "import_and_export", "mobile_layout", "dark_mode",
	"activity_history", "languages")

var areaCategory = map[string]string{
	aAccounts: "accounts_and_sign_in", aRoles: "roles_and_permissions", aSharing: "sharing",
	aNotifications: "notifications", aSearch: "search", aDashboards: "dashboards_and_reports",
	aSettings: "settings", aImportExport: "import_and_export", aMobile: "mobile_layout",
	aDarkMode: "dark_mode", aHistory: "activity_history", aLanguages: "languages",
}

var areaTitle = map[string]string{
	aAccounts: "Accounts and sign-in", aRoles: "Roles and permissions", aSharing: "Sharing",
	aNotifications: "Notifications", aSearch: "Search", aDashboards: "Dashboards and reports",
	aSettings: "Settings", aImportExport: "Import and export", aMobile: "Mobile layout",
	aDarkMode: "Dark mode", aHistory: "Activity history", aLanguages: "Languages",
}

func (st *state) infrastructure() []feature {
	db := st.stack.short("database")
	var fs []feature
	if st.stack.hasDB() {
		fs = []feature{
			{"The backend connects to the " + db + " database when it starts, and says clearly when it cannot", 0},
			{"The database schema is created automatically on the first start", 0},
			{"Data survives a restart of the server", 0},
			{"No mock or hard-coded data: every screen shows data from the database", 0},
			{"Every API route reads from and writes to the real database", 0},
		}
	} else {
		fs = []feature{
			{"The backend keeps all data in memory and starts empty; the README says that data is reset on restart", 0},
			{"No hard-coded sample data: every screen shows what users entered in this run", 0},
		}
	}
	fs = append(fs,
		feature{"One command (init.sh) installs the dependencies and starts the backend and the frontend", 0},
		feature{"GET /api/health answers with the app's status", 1})
	if st.stack.realtime {
		fs = append(fs,
			feature{"A change made in one browser window appears in every other open window within two seconds, without reloading", 0},
			feature{"The live connection reconnects by itself after a network drop", 1})
	}
	return fs
}

func (st *state) entityFeatures(e entity) []feature {
	one, many := e.one, e.many
	a := article(one)
	var fs []feature
	for _, l := range e.lines {
		fs = append(fs, feature{canDo(l), 0})
	}
	if e.manage {
		fs = append(fs,
			feature{fmt.Sprintf("Create %s %s from a form; it appears in the list at once", a, one), 0},
			feature{"See all " + many + " in a list, newest first", 0},
			feature{fmt.Sprintf("Open %s %s to see all of its details", a, one), 1},
			feature{fmt.Sprintf("Edit %s %s; the change is saved and shown at once", a, one), 0},
			feature{fmt.Sprintf("Delete %s %s after confirming; it disappears from the list", a, one), 0},
			feature{"The " + one + " form rejects missing or invalid values with a clear message next to the field", 1})
	} else {
		fs = append(fs,
			feature{"See all " + many + " in a list", 0},
			feature{fmt.Sprintf("Open %s %s to see its details", a, one), 1},
			feature{"Filter and sort the " + many, 1})
	}
	if st.areas[aAccounts] {
		own := "Each user sees only their own " + many
		if st.areas[aSharing] {
			own += ", plus any shared with them"
		}
		fs = append(fs, feature{own, 1})
	}
	fs = append(fs, feature{"The " + many + " list shows a friendly empty state when there are none yet", 2})
	if e.manage {
		fs = append(fs,
			feature{"Sort and filter the " + many + " list", 2},
			feature{"Long lists of " + many + " load page by page", 2})
	}
	return fs
}

func (st *state) areaFeatures(key string, t thing) []feature {
	one, many := t.one, t.many
	a := article(one)
	switch key {
	case aAccounts:
		return []feature{
			{"Sign up with an email address and a password", 0},
			{"Log in with email and password; wrong credentials show an error and reveal nothing else", 0},
			{"Log out from any page", 0},
			{"Pages that need an account send visitors to the login page, and back after logging in", 1},
			{"Reset a forgotten password with a one-time link", 1},
			{"Change one's own name and password on a profile page", 1},
			{"A session ends after a period without activity and asks to log in again", 2},
		}
	case aRoles:
		return []feature{
			{"Admins have an admin area that lists all users", 0},
			{"Admins can change a user's role between user and admin", 0},
			{"Regular users cannot open admin pages, and admin API routes answer them with 403", 0},
			{"Buttons for actions a role may not perform are hidden", 1},
			{"A role change takes effect on the user's next request", 2},
		}
	case aSharing:
		fs := []feature{{fmt.Sprintf("Share %s %s through a link that opens a read-only view", a, one), 0}}
		if st.areas[aAccounts] {
			fs = append(fs, feature{fmt.Sprintf("Share %s %s with another user by their email address", a, one), 1})
		}
		return append(fs,
			feature{"Stop sharing: the old link stops working at once", 1},
			feature{"A shared view shows who shared it and when", 2})
	case aNotifications:
		return []feature{
			{"In-app notifications appear when something that concerns the user happens", 0},
			{"A badge shows the number of unread notifications; opening one marks it read", 0},
			{"Mark all notifications as read at once", 1},
			{"Choose which kinds of notification to receive", 2},
		}
	case aSearch:
		return []feature{
			{"A search box finds " + many + " by any word they contain", 0},
			{"A search with no results says so and suggests clearing filters", 1},
			{"Narrow search results with filters", 1},
			{"Matching words are highlighted in the results", 2},
		}
	case aDashboards:
		return []feature{
			{"A dashboard shows the key numbers at a glance, such as the number of " + many, 0},
			{"A chart shows activity over time", 1},
			{"Pick the date range the dashboard covers", 1},
			{"Dashboard numbers always match the underlying data", 2},
		}
	case aSettings:
		return []feature{
			{"A settings page lets users change their preferences, saved at once", 0},
			{"Preferences are remembered after reloading the page", 1},
			{"Reset all settings to their defaults", 2},
		}
	case aImportExport:
		return []feature{
			{"Export " + many + " to a CSV file", 0},
			{"Import " + many + " from a CSV file, with a preview and a clear error for each bad row", 1},
			{"Export all data as one JSON file for backup", 2},
		}
	case aMobile:
		return []feature{
			{"Every page is usable on a phone-sized screen, 360 pixels wide", 0},
			{"Buttons and links are large enough to tap comfortably", 1},
			{"On small screens the navigation folds into a menu", 2},
		}
	case aDarkMode:
		return []feature{
			{"Switch between a light and a dark theme", 0},
			{"The chosen theme is remembered", 1},
			{"The theme follows the system setting until the user picks one", 2},
		}
	case aHistory:
		return []feature{
			{"A history page lists recent changes: who did what, and when", 0},
			{fmt.Sprintf("Each %s shows its own change history", one), 1},
			{"Filter the history by date", 2},
		}
	case aLanguages:
		return []feature{
			{"Switch the interface language from a menu", 0},
			{"Dates and numbers are formatted for the chosen language", 1},
			{"All interface text comes from translation files", 2},
		}
	}
	return nil
}

func (st *state) uiFeatures() []feature {
	fs := []feature{
		{"A navigation menu reaches every main page", 0},
		{"A loading indicator shows while data is on its way", 0},
	}
	if !st.areas[aMobile] {
		fs = append(fs, feature{"The layout adapts from phone to desktop width", 1})
	}
	return append(fs,
		feature{"Colours, type and spacing follow the design system on every page", 1},
		feature{"A short confirmation appears after saving", 2},
		feature{"Every action works with the keyboard alone, with a visible focus", 2})
}

var errorFeatures = []feature{
	{"Invalid input in any form shows a clear message next to the field", 0},
	{"A failed request shows an error message and a way to retry, and nothing typed is lost", 0},
	{"An unknown address shows a friendly not-found page with a way back", 1},
	{"Text with special characters (& < > quotes and emoji) is saved and shown exactly as typed", 1},
	{"Clicking a submit button twice creates only one record", 2},
	{"Very long text wraps or is shortened without breaking the layout", 2},
}
