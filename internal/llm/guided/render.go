package guided

import (
	"fmt"
	"strconv"
	"strings"
)

// xmlWriter writes the indented XML of app_spec.txt. Every text it is
// given passes through specText, so user input can never break the
// document.
type xmlWriter struct {
	b strings.Builder
}

func (w *xmlWriter) indent(depth int) { w.b.WriteString(strings.Repeat("  ", depth)) }

func (w *xmlWriter) open(depth int, name string) {
	w.indent(depth)
	fmt.Fprintf(&w.b, "<%s>\n", name)
}

func (w *xmlWriter) openAttr(depth int, name, attr, value string) {
	w.indent(depth)
	fmt.Fprintf(&w.b, "<%s %s=\"%s\">\n", name, attr, escapeAttr(unplaceholder(oneLine(value, maxLine))))
}

func (w *xmlWriter) close(depth int, name string) {
	w.indent(depth)
	fmt.Fprintf(&w.b, "</%s>\n", name)
}

// leaf writes <name>text</name> on one line.
func (w *xmlWriter) leaf(depth int, name, text string) {
	w.indent(depth)
	fmt.Fprintf(&w.b, "<%s>%s</%s>\n", name, specText(text, 4*maxOverview), name)
}

// list writes an element holding one "- " line per item.
func (w *xmlWriter) list(depth int, name string, items []string) {
	w.open(depth, name)
	for _, it := range items {
		w.indent(depth + 1)
		w.b.WriteString("- ")
		w.b.WriteString(specText(it, 4*maxLine))
		w.b.WriteByte('\n')
	}
	w.close(depth, name)
}

func (w *xmlWriter) blank() { w.b.WriteByte('\n') }

// projectName is the name the spec uses for the project.
func projectName(project string) string {
	if n := oneLine(project, maxCustom); meaningful(n) {
		return n
	}
	return "Untitled app"
}

// renderSpec writes app_spec.txt from the interview. It returns the
// document and its feature count, which equals the number of feature
// lines under core_features.
func renderSpec(st *state, project string) (string, int) {
	p := st.plan()
	name := projectName(project)
	w := &xmlWriter{}
	w.open(0, "project_specification")
	w.leaf(1, "project_name", name)
	w.blank()
	w.leaf(1, "overview", overview(st, name))
	w.blank()

	w.open(1, "technology_stack")
	w.open(2, "frontend")
	w.leaf(3, "framework", st.stack.frontendSpec())
	w.leaf(3, "styling", st.stack.stylingSpec())
	w.leaf(3, "routing", "Client-side routes, one per page of ui_layout")
	w.close(2, "frontend")
	w.open(2, "backend")
	w.leaf(3, "runtime", st.stack.backendSpec())
	w.leaf(3, "database", st.stack.databaseSpec())
	w.leaf(3, "hosting", st.stack.hostingSpec())
	w.close(2, "backend")
	w.open(2, "communication")
	w.leaf(3, "api", "REST API under /api with JSON request and response bodies; errors as {\"error\": \"message\"} with a matching HTTP status")
	if st.stack.realtime {
		w.leaf(3, "realtime", "A WebSocket at /api/live pushes every change to the open pages")
	}
	w.close(2, "communication")
	w.close(1, "technology_stack")
	w.blank()

	w.open(1, "prerequisites")
	w.list(2, "environment_setup", st.stack.setup())
	w.close(1, "prerequisites")
	w.blank()

	w.leaf(1, "feature_count", strconv.Itoa(p.count))
	w.blank()

	writeSecurity(w, st, p)
	w.blank()

	w.open(1, "core_features")
	for _, c := range p.cats {
		var lines []string
		for _, f := range c.feats {
			lines = append(lines, f.text)
		}
		w.list(2, c.name, lines)
	}
	w.close(1, "core_features")
	w.blank()

	w.open(1, "database_schema")
	w.open(2, "tables")
	for _, t := range tables(st, p) {
		w.list(3, t.name, t.lines)
	}
	w.close(2, "tables")
	w.close(1, "database_schema")
	w.blank()

	w.open(1, "api_endpoints_summary")
	for _, a := range apiAreas(st, p) {
		w.list(2, a.name, a.lines)
	}
	w.close(1, "api_endpoints_summary")
	w.blank()

	writeLayout(w, st, p, name)
	w.blank()
	writeDesign(w, st)
	w.blank()
	writeSteps(w, st, p)
	w.blank()
	writeSuccess(w, st, p)
	w.close(0, "project_specification")
	return w.b.String(), p.count
}

// overview is the user's description followed by a sentence about how
// the app is built; a general sentence stands in for a missing one.
func overview(st *state, name string) string {
	text := strings.TrimSpace(st.overview)
	if text == "" {
		text = name + " is a web application that helps its users " + lowerFirst(firstActivity(st)) + "."
	} else if !strings.ContainsAny(text[len(text)-1:], ".!?") {
		text += "."
	}
	return text + " It is a web application built with " + st.stack.short("frontend") + " and " +
		st.stack.short("backend") + storage(st) + "."
}

func storage(st *state) string {
	if !st.stack.hasDB() {
		return ", keeping its data in memory"
	}
	return ", storing its data in " + st.stack.short("database")
}

func firstActivity(st *state) string {
	if len(st.activities) > 0 {
		return st.activities[0]
	}
	return defaultActivity
}

func writeSecurity(w *xmlWriter, st *state, p plan) {
	t := p.main()
	w.open(1, "security_and_access_control")
	w.open(2, "user_roles")
	accounts, roles := st.areas[aAccounts], st.areas[aRoles]
	switch {
	case roles:
		w.openAttr(3, "role", "name", "admin")
		w.list(4, "permissions", []string{
			"Everything a user can do",
			"See all users and change their roles in the admin area",
		})
		w.list(4, "protected_routes", []string{"/admin and every page under it", "/api/admin/*"})
		w.close(3, "role")
		fallthrough
	case accounts:
		w.openAttr(3, "role", "name", "user")
		perms := []string{"Create, see, change and delete their own " + t.many}
		if st.areas[aSharing] {
			perms = append(perms, "See what others shared with them, read-only")
		}
		w.list(4, "permissions", append(perms, "Change their own profile and password"))
		w.list(4, "protected_routes", []string{
			"Every page except /login, /signup and /reset-password",
			"Every /api route except /api/auth/* and /api/health",
		})
		w.close(3, "role")
	default:
		w.openAttr(3, "role", "name", "user")
		w.list(4, "permissions", []string{"Use every feature of the app: there is no sign-in"})
		w.list(4, "protected_routes", []string{"None: every page is open, so run the app only where everyone who can reach it may use it"})
		w.close(3, "role")
	}
	w.close(2, "user_roles")
	w.open(2, "authentication")
	if accounts {
		w.leaf(3, "method", "Email and password; passwords stored as bcrypt (or argon2) hashes; the session in an HTTP-only, SameSite=Lax cookie")
		w.leaf(3, "session_timeout", "24 hours without activity, and at log-out")
		w.leaf(3, "password_requirements", "At least 8 characters, and not the same as the email address")
	} else {
		w.leaf(3, "method", "None: the app has no sign-in")
		w.leaf(3, "session_timeout", "Not applicable: there are no sessions")
		w.leaf(3, "password_requirements", "Not applicable: there are no passwords")
	}
	w.close(2, "authentication")
	ops := []string{"Deleting " + article(t.one) + " " + t.one + " asks for confirmation first"}
	if accounts {
		ops = append(ops, "Changing the password asks for the current one", "Password reset links work once and expire after one hour")
	}
	if roles {
		ops = append(ops, "Only admins change roles; the API checks the role on every admin request")
	}
	if st.areas[aSharing] {
		ops = append(ops, "Share links use long random tokens and can be revoked")
	}
	if st.areas[aImportExport] {
		ops = append(ops, "An import shows a preview and saves nothing until it is confirmed")
	}
	ops = append(ops, "The API validates every input on the server, whatever the browser checked")
	w.list(2, "sensitive_operations", ops)
	w.close(1, "security_and_access_control")
}

// named lines, for tables and API areas.
type section struct {
	name  string
	lines []string
}

func tables(st *state, p plan) []section {
	var out []section
	have := map[string]bool{}
	addTable := func(name string, lines ...string) {
		if !have[name] {
			have[name] = true
			out = append(out, section{name, lines})
		}
	}
	accounts := st.areas[aAccounts]
	if accounts {
		role := "role (user)"
		if st.areas[aRoles] {
			role = "role (user or admin; the first account is admin)"
		}
		addTable("users", "id (primary key)", "email (unique, required)", "password_hash (required)",
			"name", role, "created_at, updated_at (timestamps)")
		addTable("sessions", "id (primary key)", "user_id (references users)", "token_hash (unique)",
			"expires_at", "created_at")
		addTable("password_reset_tokens", "id (primary key)", "user_id (references users)",
			"token_hash (unique)", "expires_at", "used_at")
	}
	for _, e := range p.entities {
		lines := []string{"id (primary key)"}
		if accounts {
			lines = append(lines, "user_id (references users: the owner)")
		}
		lines = append(lines, "title (text, required)", "details (text)", "created_at, updated_at (timestamps)")
		addTable(e.slug, lines...)
	}
	main := p.main()
	if st.areas[aSharing] {
		lines := []string{"id (primary key)", singularSlug(main) + "_id (references " + main.slug + ")", "token (unique, random)"}
		if accounts {
			lines = append(lines, "shared_with_user_id (references users; empty for a link share)", "created_by (references users)")
		}
		addTable("shares", append(lines, "created_at", "revoked_at")...)
	}
	if st.areas[aNotifications] {
		lines := []string{"id (primary key)"}
		if accounts {
			lines = append(lines, "user_id (references users)")
		}
		addTable("notifications", append(lines, "kind", "message", "link", "read_at", "created_at")...)
	}
	if st.areas[aSettings] || st.areas[aDarkMode] || st.areas[aLanguages] {
		lines := []string{"id (primary key)"}
		if accounts {
			lines = append(lines, "user_id (references users, unique)")
		}
		addTable("user_settings", append(lines, "theme", "language", "preferences (JSON)", "updated_at")...)
	}
	if st.areas[aHistory] {
		lines := []string{"id (primary key)"}
		if accounts {
			lines = append(lines, "user_id (references users: who acted)")
		}
		addTable("activity_log", append(lines, "action (created, updated or deleted)", "entity_type", "entity_id", "summary", "created_at")...)
	}
	if len(out) == 0 {
		addTable(main.slug, "id (primary key)", "title (text, required)", "details (text)", "created_at, updated_at (timestamps)")
	}
	return out
}

func singularSlug(t thing) string {
	if s := slug(t.one); s != "" {
		return s
	}
	return "item"
}

// apiPath turns a slug into a URL path segment.
func apiPath(s string) string { return strings.ReplaceAll(s, "_", "-") }

func apiAreas(st *state, p plan) []section {
	var out []section
	have := map[string]bool{}
	addArea := func(name string, lines ...string) {
		if !have[name] {
			have[name] = true
			out = append(out, section{name, lines})
		}
	}
	addArea("health", "GET /api/health")
	if st.areas[aAccounts] {
		addArea("auth", "POST /api/auth/signup", "POST /api/auth/login", "POST /api/auth/logout",
			"GET /api/auth/me", "PUT /api/auth/me", "POST /api/auth/password-reset",
			"POST /api/auth/password-reset/confirm")
	}
	if st.areas[aRoles] {
		addArea("admin", "GET /api/admin/users", "PUT /api/admin/users/:id/role")
	}
	for _, e := range p.entities {
		base := "/api/" + apiPath(e.slug)
		if e.manage {
			addArea(e.slug, "GET "+base, "POST "+base, "GET "+base+"/:id", "PUT "+base+"/:id", "DELETE "+base+"/:id")
		} else {
			addArea(e.slug, "GET "+base, "GET "+base+"/:id")
		}
	}
	main := p.main()
	if st.areas[aSearch] {
		addArea("search", "GET /api/search?q=words")
	}
	if st.areas[aSharing] {
		addArea("shares", "POST /api/"+apiPath(main.slug)+"/:id/shares", "DELETE /api/shares/:id", "GET /api/shared/:token")
	}
	if st.areas[aNotifications] {
		addArea("notifications", "GET /api/notifications", "POST /api/notifications/:id/read", "POST /api/notifications/read-all")
	}
	if st.areas[aDashboards] {
		addArea("dashboard", "GET /api/dashboard?from=date&to=date")
	}
	if st.areas[aSettings] || st.areas[aDarkMode] || st.areas[aLanguages] {
		addArea("settings", "GET /api/settings", "PUT /api/settings")
	}
	if st.areas[aImportExport] {
		addArea("import_export", "GET /api/export?format=csv", "GET /api/export?format=json", "POST /api/import")
	}
	if st.areas[aHistory] {
		addArea("history", "GET /api/history")
	}
	if st.stack.realtime {
		addArea("live", "GET /api/live (WebSocket upgrade)")
	}
	return out
}

func writeLayout(w *xmlWriter, st *state, p plan, name string) {
	top := "A top bar with " + name
	if st.areas[aAccounts] {
		top += ", the signed-in user's name and a log-out button"
	}
	nav := "A sidebar links to every main page"
	if st.areas[aMobile] {
		nav += " and folds into a menu on phones"
	}
	w.open(1, "ui_layout")
	w.leaf(2, "main_structure", top+". "+nav+". The main area shows the current page.")
	var pages []string
	if st.areas[aDashboards] {
		pages = append(pages, "Dashboard (the home page): key numbers and a chart")
	} else {
		pages = append(pages, "Home: a short overview and the most recent "+p.main().many)
	}
	for _, e := range p.entities {
		if e.manage {
			pages = append(pages, upperFirst(e.many)+": the list, and a form to create or edit one")
		} else {
			pages = append(pages, upperFirst(e.many)+": the list, and a page for each")
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
	if st.areas[aRoles] {
		pages = append(pages, "Admin: users and their roles")
	}
	if st.areas[aAccounts] {
		pages = append(pages, "Log in, sign up and reset password", "Profile")
	}
	pages = append(pages, "Not found")
	w.list(2, "pages", pages)
	w.list(2, "interactions", []string{
		"Create and edit forms open in a panel; deleting asks for confirmation in a dialog",
		"Saving shows a short confirmation; a failure shows the reason and keeps what was typed",
	})
	w.close(1, "ui_layout")
}

// palettes and fonts of each look.
var palettes = map[string][]string{
	lookClean: {"Primary: #2563EB (blue) for buttons, links and focus rings",
		"Background: #FFFFFF; surfaces #F8FAFC; borders #E2E8F0",
		"Text: #0F172A; secondary text #64748B",
		"Success #16A34A, warning #D97706, error #DC2626"},
	lookDark: {"Background: #0F172A; surfaces #1E293B; borders #334155",
		"Primary: #38BDF8 (sky blue) for buttons, links and focus rings",
		"Text: #E2E8F0; secondary text #94A3B8",
		"Success #4ADE80, warning #FBBF24, error #F87171"},
	lookBright: {"Primary: #F97316 (orange); secondary #8B5CF6 (violet)",
		"Background: #FFFBF5; surfaces #FFFFFF; borders #FED7AA",
		"Text: #1C1917; secondary text #78716C",
		"Success #22C55E, warning #EAB308, error #EF4444"},
	lookCalm: {"Primary: #0F766E (teal) for buttons, links and focus rings",
		"Background: #F9FAFB; surfaces #FFFFFF; borders #E5E7EB",
		"Text: #111827; secondary text #6B7280",
		"Success #15803D, warning #B45309, error #B91C1C"},
}

var fonts = map[string]string{
	lookClean:  "Inter",
	lookDark:   "Inter",
	lookBright: "Nunito",
	lookCalm:   "Source Sans 3",
}

func writeDesign(w *xmlWriter, st *state) {
	colors := append([]string{}, palettes[st.look]...)
	if st.areas[aDarkMode] && st.look != lookDark {
		colors = append(colors, "Dark theme: background #0F172A, surfaces #1E293B, text #E2E8F0, the same primary colour lightened")
	}
	if st.lookTxt != "" {
		colors = append(colors, "Adjust to the user's wish: "+st.lookTxt)
	}
	w.open(1, "design_system")
	w.list(2, "color_palette", colors)
	w.list(2, "typography", []string{
		fonts[st.look] + ", falling back to system-ui and sans-serif",
		"Body 16px with 1.5 line height; headings semibold at 28, 22 and 18px",
		"Numbers in tables use tabular figures",
	})
	w.list(2, "components", []string{
		"Buttons: one primary style per screen, a secondary and a danger style; 8px corner radius",
		"Inputs: a visible label above, the error message below in the error colour",
		"Cards and panels: surface colour, 1px border, 12px radius, 16-24px padding",
	})
	w.close(1, "design_system")
}

func writeSteps(w *xmlWriter, st *state, p plan) {
	type stepDef struct {
		title string
		tasks []string
	}
	var steps []stepDef
	found := []string{
		"Create the project layout for " + st.stack.short("frontend") + " and " + st.stack.short("backend"),
		"Write init.sh to install the dependencies and start everything",
	}
	if st.stack.hasDB() {
		var names []string
		for _, t := range tables(st, p) {
			names = append(names, t.name)
		}
		found = append(found, "Create the database schema: "+strings.Join(names, ", "))
	}
	found = append(found, "Add GET /api/health and the JSON error format")
	steps = append(steps, stepDef{"Foundation", found})
	if st.areas[aAccounts] {
		tasks := []string{"Sign up, log in, log out and sessions", "Protect the pages and API routes listed in security_and_access_control"}
		if st.areas[aRoles] {
			tasks = append(tasks, "Roles and the admin area")
		}
		steps = append(steps, stepDef{"Accounts and access", tasks})
	}
	var core []string
	for _, e := range p.entities {
		if e.manage {
			core = append(core, upperFirst(e.many)+": API routes and screens to create, list, edit and delete them")
		} else {
			core = append(core, upperFirst(e.many)+": API routes and screens to list and view them")
		}
	}
	for _, c := range p.cats {
		if c.name == "core_workflows" {
			core = append(core, "The core workflows listed in core_features")
		}
	}
	if len(core) > 0 {
		steps = append(steps, stepDef{"Core data and workflows", core})
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
	if len(st.extras)+len(st.changes) > 0 {
		more = append(more, "The additional requirements listed in core_features")
	}
	if len(more) > 0 {
		steps = append(steps, stepDef{"Features around the core", more})
	}
	steps = append(steps,
		stepDef{"Interface and design", []string{"Navigation and layout from ui_layout", "The design system's colours, type and components", "Empty states, loading indicators and error messages"}},
		stepDef{"Verification", []string{"Walk through every feature of core_features as a user would", "Check every success criterion", "Fix what fails, then check again"}})
	w.open(1, "implementation_steps")
	for i, s := range steps {
		w.openAttr(2, "step", "number", strconv.Itoa(i+1))
		w.leaf(3, "title", s.title)
		w.list(3, "tasks", s.tasks)
		w.close(2, "step")
	}
	w.close(1, "implementation_steps")
}

func writeSuccess(w *xmlWriter, st *state, p plan) {
	has := func(k string) bool {
		for _, s := range st.success {
			if s == k {
				return true
			}
		}
		return false
	}
	fn := []string{fmt.Sprintf("All %d features of core_features work end to end", p.count)}
	for _, c := range p.cats {
		fn = append(fn, c.title+": every listed feature works as described")
	}
	if has(sWorks) {
		fn = append(fn, "No dead ends: every button and link does what it says")
	}
	if st.successTxt != "" {
		fn = append(fn, "In the user's words: "+st.successTxt)
	}
	ux := []string{
		"A first-time user can " + lowerFirst(firstActivity(st)) + " without help",
		"Error messages say what happened and what to do next",
	}
	if has(sEasy) {
		ux = append(ux, "Every screen has one obvious main action, and labels use plain words")
	}
	tq := []string{
		"The API checks every input and answers errors with the right status and a JSON message",
		"No errors in the browser console or the server log during normal use",
	}
	if st.stack.hasDB() {
		tq = append([]string{"Saved data is never lost, including across restarts"}, tq...)
	}
	if has(sFast) {
		tq = append(tq, "Pages respond within one second with 1,000 "+p.main().many)
	}
	dp := []string{
		"Colours, type and spacing follow the design system everywhere",
		"Every page looks right from a 360px phone to a wide desktop screen",
	}
	if has(sPolished) {
		dp = append(dp, "Aligned, balanced layouts with gentle transitions and no unstyled elements")
	}
	w.open(1, "success_criteria")
	w.list(2, "functionality", fn)
	w.list(2, "user_experience", ux)
	w.list(2, "technical_quality", tq)
	w.list(2, "design_polish", dp)
	w.close(1, "success_criteria")
}
