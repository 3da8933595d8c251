package guided

import (
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/spec"
)

func (st *state) layout(m *app) []spec.Section {
	top := "A top bar with " + m.name
	if m.accounts {
		top += ", the signed-in person's name and a log-out button"
	}
	nav := "A sidebar links to every main page"
	if st.areas[aMobile] {
		nav += " and folds into a menu on phones"
	}
	var pages []string
	if st.areas[aDashboards] {
		pages = append(pages, "Dashboard (the home page): key numbers and a chart")
	} else if e := m.mainEntity(); e != nil {
		pages = append(pages, "Home: a short overview and the most recent "+e.many)
	} else {
		pages = append(pages, "Home: a short overview of "+m.name)
	}
	for _, e := range m.entities {
		pages = append(pages, upperFirst(e.many)+": the list, a page for each, and a form to add or change one")
	}
	for _, x := range m.acts {
		if x.entity == "" && x.c.kind == verbView {
			pages = append(pages, upperFirst(viewObject(x))+", for "+m.roleName(x.role, true))
		}
	}
	if st.areas[aSearch] {
		pages = append(pages, "Search results")
	}
	if st.areas[aNotifications] {
		pages = append(pages, "Notifications")
	}
	if st.areas[aHistory] {
		pages = append(pages, "History")
	}
	if st.areas[aSettings] || st.areas[aDarkMode] || st.areas[aLanguages] {
		pages = append(pages, "Settings")
	}
	if m.role("admin") != nil {
		pages = append(pages, "Admin: accounts and their roles")
	}
	if m.accounts {
		pages = append(pages, "Log in, sign up and reset password", "Profile")
	}
	pages = append(pages, "Not found")
	secs := []spec.Section{
		line("main_structure", top+". "+nav+". The main area shows the current page."),
		lines("pages", pages...),
	}
	if len(m.roles) > 1 {
		var home []string
		for _, r := range m.roles {
			home = append(home, fmt.Sprintf("%s land on %s", upperFirst(r.many), st.homeOf(m, r.key)))
		}
		secs = append(secs, lines("per_role", home...))
	}
	secs = append(secs, lines("interactions",
		"Create and edit forms open in a panel; deleting asks for confirmation in a dialog",
		"Saving shows a short confirmation; a failure shows the reason and keeps what was typed"))
	return secs
}

// viewObject is what a view shows: "see the day's schedule" → "the
// day's schedule".
func viewObject(x act) string {
	if o := strings.TrimSpace(strings.TrimPrefix(x.c.pred, x.c.verb+" ")); o != "" && o != x.c.pred {
		return o
	}
	return x.c.pred
}

// homeOf is the first page a role sees.
func (st *state) homeOf(m *app, roleKey string) string {
	if roleKey == "admin" {
		return "the admin area"
	}
	for _, x := range m.acts {
		if x.role == roleKey {
			if e := m.entity(x.entity); e != nil {
				return "their " + e.many
			}
			if x.c.kind == verbView {
				return viewObject(x)
			}
			return "the page to " + x.c.pred
		}
	}
	for _, e := range m.entities {
		if refersTo(e, roleKey) {
			return "their " + e.many
		}
	}
	return "the home page"
}

func (st *state) design() []spec.Section {
	colors := append([]string{}, palettes[st.look]...)
	if st.areas[aDarkMode] && st.look != lookDark {
		colors = append(colors, "Dark theme: background #0F172A, surfaces #1E293B, text #E2E8F0, the same primary colour lightened")
	}
	if st.lookTxt != "" {
		colors = append(colors, "Adjusted to the wish for "+lowerFirst(st.lookTxt))
	}
	return []spec.Section{
		lines("color_palette", colors...),
		lines("typography", fonts[st.look]+", falling back to system-ui and sans-serif",
			"Body 16px with 1.5 line height; headings semibold at 28, 22 and 18px",
			"Numbers in tables use tabular figures"),
		lines("components", "Buttons: one primary style per screen, a secondary and a danger style; 8px corner radius",
			"Inputs: a visible label above, the error message below in the error colour",
			"Cards and panels: surface colour, 1px border, 12px radius, 16-24px padding"),
	}
}

func (st *state) steps(m *app, s *spec.Spec) []spec.Step {
	run := "Write init.sh to install the dependencies and start everything"
	switch {
	case st.stack.hosting.is("docker"):
		run = "Write the Dockerfile and docker-compose.yml so that docker compose up starts everything"
	case st.stack.hosting.is("server"):
		run = "Make the build read every setting from environment variables, with a README on deploying it"
	}
	found := []string{"Create the project layout for " + st.stack.short("frontend") + " and " + st.stack.short("backend"), run}
	if st.stack.hasDB() {
		var names []string
		for _, t := range s.Tables {
			names = append(names, t.Name)
		}
		if len(names) > 0 {
			found = append(found, "Create the database schema: "+strings.Join(names, ", "))
		}
	}
	found = append(found, "Add GET /api/health and the JSON error format")
	type def struct {
		title string
		tasks []string
	}
	steps := []def{{"Foundation", found}}
	if m.accounts {
		tasks := []string{"Sign up, log in, log out and sessions", "Protect the pages and API routes listed in security_and_access_control"}
		if len(m.roles) > 1 {
			tasks = append(tasks, "The roles ("+joinAnd(roleManys(m))+") and what each may do")
		}
		steps = append(steps, def{"Accounts and roles", tasks})
	}
	var core []string
	for _, e := range m.entities {
		core = append(core, upperFirst(e.many)+": the API routes and screens of its category in core_features")
	}
	for _, r := range m.roles {
		for _, c := range s.Categories {
			if c.Name == slug(r.one)+"_workflows" {
				core = append(core, "What "+r.many+" do, from "+c.Name)
			}
		}
	}
	if len(core) > 0 {
		steps = append(steps, def{"Core data and workflows", core})
	}
	var more []string
	for _, a := range st.chosenAreas() {
		if a.key != aAccounts && a.key != aRoles {
			more = append(more, areaTitle[a.key])
		}
	}
	if st.stack.realtime {
		more = append(more, "Live updates over the WebSocket")
	}
	if len(more) > 0 {
		steps = append(steps, def{"Features around the core", more})
	}
	steps = append(steps,
		def{"Interface and design", []string{"Navigation and layout from ui_layout", "The design system's colours, type and components", "Empty states, loading indicators and error messages"}},
		def{"Verification", []string{"Run every acceptance criterion of core_features as a tester would", "Check every success criterion", "Fix what fails, then check again"}})
	var out []spec.Step
	for i, d := range steps {
		var tasks []string
		for _, t := range d.tasks {
			tasks = append(tasks, clean(t))
		}
		out = append(out, spec.Step{Number: i + 1, Title: d.title, Tasks: tasks})
	}
	return out
}

func (st *state) successSections(m *app, p plan) []spec.Section {
	has := func(k string) bool {
		for _, s := range st.success {
			if s == k {
				return true
			}
		}
		return false
	}
	var fn []string
	if st.successTxt != "" {
		for _, it := range items(st.successTxt) {
			fn = append(fn, strings.TrimRight(upperFirst(thirdPerson(prose(it))), "."))
		}
	}
	fn = append(fn, fmt.Sprintf("All %d features pass their acceptance criteria", p.count))
	var rules []string
	for _, x := range m.acts {
		if !x.rule {
			continue
		}
		if x.c.verb == "" {
			rules = append(rules, lowerFirst(x.line))
			continue
		}
		r := lowerFirst(m.roleName(x.role, true)) + " " + x.c.pred
		if e := m.entity(x.entity); e != nil && endsHanging(x.c.pred) {
			r += " each " + e.one
		}
		rules = append(rules, r)
	}
	if len(rules) > 0 {
		fn = append(fn, "Every rule holds as stated: "+strings.Join(rules, "; "))
	}
	if has(sWorks) {
		fn = append(fn, "Everything works: no dead ends, every button and link does what it says")
	}
	var ux []string
	for _, r := range m.roles {
		for _, x := range m.acts {
			if x.role == r.key {
				ux = append(ux, fmt.Sprintf("A first-time %s can %s without help", r.one, x.c.pred))
				break
			}
		}
	}
	ux = append(ux, "Error messages say what happened and what to do next")
	if has(sEasy) {
		ux = append(ux, "Easy to learn: every screen has one obvious main action, and labels use plain words")
	}
	tq := []string{
		"The API checks every input and answers errors with the right status and a JSON message",
		"No errors in the browser console or the server log during normal use",
	}
	if st.stack.hasDB() {
		tq = append([]string{"Saved data is never lost, including across restarts"}, tq...)
	}
	if has(sFast) {
		many := "records"
		if e := m.mainEntity(); e != nil {
			many = e.many
		}
		tq = append(tq, "Fast and reliable: pages respond within one second with 1,000 "+many)
	}
	dp := []string{
		"Colours, type and spacing follow the design system everywhere",
		"Every page looks right from a 360px phone to a wide desktop screen",
	}
	if has(sPolished) {
		dp = append(dp, "Looks polished: aligned, balanced layouts with gentle transitions and no unstyled elements")
	}
	return []spec.Section{lines("functionality", fn...), lines("user_experience", ux...), lines("technical_quality", tq...), lines("design_polish", dp...)}
}
