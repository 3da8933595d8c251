package guided

import (
	"regexp"
	"strings"

	"github.com/specwright/specwright/internal/spec"
)

// projectName is the name the spec uses when the person gave none.
func projectName(project string) string {
	if n := oneLine(project, maxCustom); meaningful(n) {
		return n
	}
	return "Untitled app"
}

// clean prepares text for the spec: one line, no template look-alikes.
// spec.Format escapes it.
func clean(s string) string { return unplaceholder(oneLine(s, 4*maxLine)) }

// cleanLine prepares text for an endpoint or field line, which
// spec.Format writes without escaping: '&', '<' and '>' become words
// and look-alikes.
func cleanLine(s string) string { return lineReplacer.Replace(clean(s)) }

var lineReplacer = strings.NewReplacer("&", "and", "<", "‹", ">", "›")

// renderSpec writes app_spec.txt from the interview with spec.Format.
// It returns the document and its feature count.
func renderSpec(st *state, project string) (string, int) {
	s, n := st.buildSpec(project)
	return string(spec.Format(s)), n
}

// buildSpec builds the spec model from the interview.
func (st *state) buildSpec(project string) (*spec.Spec, int) {
	st.project = project
	p := st.plan()
	m := p.app
	ids, _ := st.assignIDs(p)
	s := &spec.Spec{ProjectName: clean(m.name), FeatureCount: p.count}
	s.Overview = clean(st.overviewText(m))
	s.Stack = st.stackSections()
	for _, c := range p.cats {
		sc := spec.Category{Name: c.name}
		for _, f := range c.feats {
			var acc []string
			for _, a := range f.acc {
				acc = append(acc, clean(undouble(a)))
			}
			sc.Features = append(sc.Features, spec.Feature{ID: ids[f.key], Name: clean(f.name), Description: clean(undouble(f.desc)), Acceptance: acc})
		}
		s.Categories = append(s.Categories, sc)
	}
	s.Prerequisites = st.prerequisites(s)
	s.Security = st.security(m)
	s.Tables = st.tables(m)
	s.APIAreas = st.apiAreas(m)
	s.UI = st.layout(m)
	s.Design = st.design()
	s.Steps = st.steps(m, s)
	s.SuccessCriteria = st.successSections(m, p)
	return s, p.count
}

func line(name string, text string) spec.Section {
	return spec.Section{Name: name, Lines: []string{clean(text)}}
}

func lines(name string, ls ...string) spec.Section {
	var out []string
	for _, l := range ls {
		out = append(out, clean(l))
	}
	return spec.Section{Name: name, Lines: out}
}

// overviewText is the person's description in plain prose, followed by
// how the app is built.
func (st *state) overviewText(m *app) string {
	text := strings.TrimSpace(m.overview)
	if text == "" {
		text = m.name + " is a web application for " + joinAnd(roleManys(m)) + "."
	} else if !strings.ContainsAny(text[len(text)-1:], ".!?") {
		text += "."
	}
	store := ", storing its data in " + st.stack.short("database")
	if !st.stack.hasDB() {
		store = ", keeping its data in memory"
	}
	return text + " It is a web application built with " + st.stack.short("frontend") + " and " + st.stack.short("backend") + store + "."
}

func roleManys(m *app) []string {
	var out []string
	for _, r := range m.roles {
		out = append(out, r.many)
	}
	return out
}

func (st *state) stackSections() []spec.Section {
	comm := []spec.Section{line("api", "REST API under /api with JSON request and response bodies; errors as {\"error\": \"message\"} with a matching HTTP status")}
	if st.stack.realtime {
		comm = append(comm, line("realtime", "A WebSocket at /api/live pushes every change to the open pages"))
	}
	return []spec.Section{
		{Name: "frontend", Sections: []spec.Section{
			line("framework", st.stack.frontendSpec()),
			line("styling", st.stack.stylingSpec()),
			line("routing", "Client-side routes, one per page of ui_layout"),
		}},
		{Name: "backend", Sections: []spec.Section{
			line("runtime", st.stack.backendSpec()),
			line("database", st.stack.databaseSpec()),
			line("hosting", st.stack.hostingSpec()),
		}},
		{Name: "communication", Sections: comm},
	}
}

// Outside services, found in what the features say.
var serviceNeeds = []struct {
	needs *regexp.Regexp
	line  string
}{
	{regexp.MustCompile(`(?i)password reset|reset link|by email|e-?mails?\b`),
		"Email: an SMTP server or a provider such as Postmark, set through SMTP_URL and MAIL_FROM, for reset links and reminders; in development Mailpit catches every message"},
	{regexp.MustCompile(`(?i)\bsms\b|text messages?`),
		"SMS: a provider such as Twilio, with TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and a sending number from environment variables; its test credentials in development"},
	{regexp.MustCompile(`(?i)\b(pay|pays|paid|payments?|credit cards?|refunds?|billing|stripe)\b`),
		"Payments: Stripe in test mode (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET from environment variables); card numbers never touch the server"},
	{regexp.MustCompile(`(?i)\b(uploads?|uploaded|photos?|images?|attachments?|receipts?|avatars?)\b`),
		"File storage: uploaded files go to an uploads/ folder on local disk (an S3-compatible bucket in production), at most 5 MB each, served through the API"},
	{regexp.MustCompile(`(?i)\b(maps?|geolocation|directions to|distance from)\b`),
		"Maps: OpenStreetMap tiles shown with Leaflet; no key needed for development"},
}

func (st *state) prerequisites(s *spec.Spec) []spec.Section {
	secs := []spec.Section{lines("environment_setup", st.stack.setup()...)}
	var all strings.Builder
	for _, f := range s.Features() {
		all.WriteString(f.Description + " " + strings.Join(f.Acceptance, " ") + "\n")
	}
	for _, t := range s.Tables {
		for _, f := range t.Fields {
			all.WriteString(f.Type + "\n")
		}
	}
	text := all.String()
	var svc []string
	for _, n := range serviceNeeds {
		if n.needs.MatchString(text) {
			svc = append(svc, n.line)
		}
	}
	if len(svc) > 0 {
		secs = append(secs, lines("outside_services", svc...))
	}
	return secs
}

func (st *state) security(m *app) spec.Security {
	var sec spec.Security
	for _, r := range m.roles {
		var perms, routes []string
		if r.admin {
			perms = append(perms, "Everything the other roles can do, on every account's records", "See every account and change its role in the admin area")
			routes = append(routes, "/admin and every page under it", "/api/admin/*")
		} else {
			for _, e := range m.entities {
				if e.owner == r.key {
					own := "their own "
					if !m.accounts {
						own = ""
					}
					perms = append(perms, "Create, see, change and delete "+own+e.many)
				} else if refersTo(e, r.key) {
					perms = append(perms, "See the "+e.many+" that name them")
				}
			}
			for _, x := range m.acts {
				if x.role == r.key && x.entity == "" {
					perms = append(perms, upperFirst(x.c.pred))
				}
			}
			if len(perms) == 0 {
				perms = append(perms, "See what others share with them")
			}
			if m.accounts {
				perms = append(perms, "Change their own profile and password")
				routes = append(routes, "Every page except /login, /signup and /reset-password", "Every /api route except /api/auth/* and /api/health")
			} else {
				perms = []string{"Use every feature of the app: there is no sign-in"}
				routes = []string{"None: every page is open, so run the app only where everyone who can reach it may use it"}
			}
		}
		for i := range perms {
			perms[i] = clean(perms[i])
		}
		sec.Roles = append(sec.Roles, spec.Role{Name: clean(r.one), Permissions: perms, ProtectedRoutes: routes})
	}
	if m.accounts {
		sec.Authentication = []spec.Section{
			line("method", "Email and password; passwords stored as bcrypt (or argon2) hashes; the session in an HTTP-only, SameSite=Lax cookie"),
			line("session_timeout", "24 hours without activity, and at log-out"),
			line("password_requirements", "At least 8 characters, and not the same as the email address"),
		}
	} else {
		sec.Authentication = []spec.Section{
			line("method", "None: the app has no sign-in"),
			line("session_timeout", "Not applicable: there are no sessions"),
			line("password_requirements", "Not applicable: there are no passwords"),
		}
	}
	e := m.mainEntity()
	ops := []string{}
	if e != nil {
		ops = append(ops, "Deleting "+article(e.one)+" "+e.one+" asks for confirmation first")
	}
	if m.accounts {
		ops = append(ops, "Changing the password asks for the current one", "Password reset links work once and expire after one hour",
			"Every API route checks that the record belongs to the signed-in account or names it, whatever the browser sent")
	}
	if m.role("admin") != nil {
		ops = append(ops, "Only admins change roles; the API checks the role on every admin request")
	}
	if st.areas[aSharing] {
		ops = append(ops, "Share links use long random tokens and can be revoked")
	}
	if st.areas[aImportExport] {
		ops = append(ops, "An import shows a preview and saves nothing until it is confirmed")
	}
	ops = append(ops, "The API validates every input on the server, whatever the browser checked")
	sec.SensitiveOperations = ops
	return sec
}

func refersTo(e *entity, roleKey string) bool {
	for _, f := range e.fields {
		if f.kind == kRef && f.ref == "role:"+roleKey {
			return true
		}
	}
	return false
}
