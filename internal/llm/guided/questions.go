package guided

import (
	"strings"

	"github.com/specwright/specwright/internal/chat"
)

// option is one choice of a question. words are phrases that select it
// when the user answers in their own words.
type option struct {
	key   string
	label string
	desc  string
	words []string
}

// question is one structured question of the interview. Its header
// identifies it when the answers come back, so the header of every
// question asked in one call is distinct.
type question struct {
	header string
	text   string
	multi  bool
	opts   []option
}

// recommended is the suffix that marks the default option's label.
const recommended = " (Recommended)"

func (q question) chat() chat.Question {
	c := chat.Question{Question: q.text, Header: q.header, MultiSelect: q.multi}
	for _, o := range q.opts {
		c.Options = append(c.Options, chat.Option{Label: o.label, Description: o.desc})
	}
	return c
}

// byLabel returns the option whose label equals s, ignoring case and the
// "(Recommended)" suffix.
func (q question) byLabel(s string) (option, bool) {
	s = strings.TrimSpace(s)
	for _, o := range q.opts {
		l := o.label
		if strings.EqualFold(s, l) || strings.EqualFold(s, strings.TrimSuffix(l, recommended)) {
			return o, true
		}
	}
	return option{}, false
}

// byWords returns the options whose key phrases occur in s, in option
// order.
func (q question) byWords(s string) []option {
	n := norm(s)
	var out []option
	for _, o := range q.opts {
		for _, w := range o.words {
			if hasWord(n, w) {
				out = append(out, o)
				break
			}
		}
	}
	return out
}

// pick reads a single-choice answer: a label, or words that name one
// option. Anything else comes back as custom text, which the caller may
// use verbatim (an "Other" answer such as "Ruby on Rails") or ignore.
func (q question) pick(ans string) (o option, custom string, ok bool) {
	if o, ok := q.byLabel(ans); ok {
		return o, "", true
	}
	if m := q.byWords(ans); len(m) > 0 {
		return m[0], "", true
	}
	return option{}, oneLine(ans, maxCustom), false
}

// picks reads a multiple-choice answer: labels joined by ", " (as
// tool.FormatAnswers joins them), possibly with typed text among them.
// The typed text selects options by their key phrases. It comes back as
// custom text when it names none of them, or when it says more than
// that (at least keep words, as in "SMS reminders via Twilio"), unless
// it just means "none".
func (q question) picks(ans string, keep int) (keys []string, custom string) {
	var rest []string
	for _, part := range strings.Split(ans, ", ") {
		if o, ok := q.byLabel(part); ok {
			keys = appendNew(keys, o.key)
		} else if strings.TrimSpace(part) != "" {
			rest = append(rest, part)
		}
	}
	text := strings.Join(rest, ", ")
	found := q.byWords(text)
	for _, o := range found {
		keys = appendNew(keys, o.key)
	}
	if (len(found) == 0 || len(strings.Fields(text)) >= keep) && meaningful(text) && !negative(text) {
		custom = oneLine(text, maxLine)
	}
	return keys, custom
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// The headers of every question. They are at most 12 characters, as the
// AskUserQuestion tool asks.
const (
	hInvolvement = "Involvement"
	hFrontend    = "Frontend"
	hBackend     = "Backend"
	hDatabase    = "Database"
	hStyling     = "Styling"
	hRealtime    = "Live updates"
	hHosting     = "Hosting"
	hPeople      = "People"
	hContent     = "Content"
	hExtras      = "Extras"
	hSize        = "Size"
	hSuccess     = "Success"
	hLook        = "Look"
	hGenerate    = "Generate"
)

var qInvolvement = question{
	header: hInvolvement,
	text:   "How involved do you want to be in the details?",
	opts: []option{
		{key: "quick", label: "Quick" + recommended, desc: "A few choices; I fill in sensible defaults for the rest.",
			words: []string{"quick", "fast", "short", "simple", "defaults", "recommended"}},
		{key: "detailed", label: "Detailed", desc: "More questions about the stack, your data and the look.",
			words: []string{"detailed", "detail", "details", "thorough", "in depth", "more questions", "everything"}},
	},
}

var qFrontend = question{
	header: hFrontend,
	text:   "Which frontend should the app be built with?",
	opts: []option{
		{key: "react", label: "React" + recommended, desc: "The most widely used UI library; a safe default.",
			words: []string{"react", "next.js", "nextjs"}},
		{key: "vue", label: "Vue", desc: "Approachable, with single-file components.",
			words: []string{"vue", "vue.js", "vuejs", "nuxt"}},
		{key: "svelte", label: "Svelte", desc: "Compiles away; little code, fast pages.",
			words: []string{"svelte", "sveltekit"}},
		{key: "plain", label: "Plain HTML/JS", desc: "No framework: HTML, CSS and a little JavaScript.",
			words: []string{"plain html", "plain javascript", "plain js", "vanilla js", "vanilla javascript", "html", "no framework"}},
	},
}

var qBackend = question{
	header: hBackend,
	text:   "Which backend should serve the app and its API?",
	opts: []option{
		{key: "node", label: "Node.js" + recommended, desc: "JavaScript on the server, with Express.",
			words: []string{"node", "node.js", "nodejs", "express", "javascript"}},
		{key: "python", label: "Python", desc: "Python with FastAPI.",
			words: []string{"python", "fastapi"}},
		{key: "go", label: "Go", desc: "Go with its standard HTTP library; one small binary.",
			words: []string{"golang", "go backend", "backend in go", "go server", "in go"}},
	},
}

var qDatabase = question{
	header: hDatabase,
	text:   "Where should the app keep its data?",
	opts: []option{
		{key: "sqlite", label: "SQLite" + recommended, desc: "A single file next to the server; nothing to install.",
			words: []string{"sqlite", "sqlite3"}},
		{key: "postgres", label: "PostgreSQL", desc: "A database server, for many users or several app servers.",
			words: []string{"postgres", "postgresql", "pg"}},
		{key: "none", label: "No database", desc: "Nothing is stored: data lives in memory and resets on restart.",
			words: []string{"no database", "without a database", "no db", "stateless", "in memory"}},
	},
}

var qStyling = question{
	header: hStyling,
	text:   "How should the app be styled?",
	opts: []option{
		{key: "tailwind", label: "Tailwind CSS" + recommended, desc: "Utility classes; consistent and quick to change.",
			words: []string{"tailwind", "tailwindcss"}},
		{key: "css", label: "Plain CSS", desc: "Hand-written CSS with variables; no dependency.",
			words: []string{"plain css", "vanilla css", "css modules", "scss", "sass"}},
		{key: "library", label: "Component library", desc: "Ready-made components such as MUI or Vuetify.",
			words: []string{"component library", "mui", "material", "vuetify", "bootstrap", "chakra", "shadcn"}},
	},
}

var qRealtime = question{
	header: hRealtime,
	text:   "Should open pages update by themselves when data changes elsewhere?",
	opts: []option{
		{key: "no", label: "No" + recommended, desc: "Pages show fresh data when they load; simpler to build.",
			words: []string{"no", "not needed", "reload"}},
		{key: "yes", label: "Yes, live updates", desc: "Changes appear in every open page within seconds.",
			words: []string{"yes", "live", "real time", "realtime", "websocket", "websockets", "instant"}},
	},
}

var qHosting = question{
	header: hHosting,
	text:   "Where will the app run?",
	opts: []option{
		{key: "local", label: "My computer" + recommended, desc: "Started with one script on your machine.",
			words: []string{"local", "locally", "my computer", "laptop", "my machine"}},
		{key: "server", label: "A server or cloud", desc: "Deployed to a server; settings from environment variables.",
			words: []string{"server", "cloud", "vps", "aws", "azure", "gcp", "heroku", "fly.io", "render", "vercel"}},
		{key: "docker", label: "Docker", desc: "Runs in containers, started with docker compose.",
			words: []string{"docker", "container", "containers", "compose", "kubernetes", "k8s"}},
	},
}

// area is one of the common feature areas the interview offers.
type area struct {
	key   string
	label string
	desc  string
	words []string
}

// Area keys. The order of areas lists them as the spec does.
const (
	aAccounts      = "accounts"
	aRoles         = "roles"
	aSharing       = "sharing"
	aNotifications = "notifications"
	aSearch        = "search"
	aDashboards    = "dashboards"
	aSettings      = "settings"
	aImportExport  = "import_export"
	aMobile        = "mobile"
	aDarkMode      = "dark_mode"
	aHistory       = "history"
	aLanguages     = "languages"
)

var areas = []area{
	{aAccounts, "Accounts & sign-in", "People sign up, log in and have their own data.",
		[]string{"account", "accounts", "sign in", "sign-in", "signin", "sign up", "signup", "login", "log in", "register", "registration", "password", "auth", "authentication"}},
	{aRoles, "Roles & permissions", "Admins and regular users can do different things.",
		[]string{"role", "roles", "permission", "permissions", "admin", "admins", "moderator", "moderators"}},
	{aSharing, "Sharing", "Share items with other people or by link.",
		[]string{"share", "sharing", "shared", "collaborate", "collaboration"}},
	{aNotifications, "Notifications", "Tell people when something needs their attention.",
		[]string{"notification", "notifications", "notify", "alert", "alerts", "reminder", "reminders"}},
	{aSearch, "Search", "Find things quickly by typing.",
		[]string{"search", "find", "filter", "filters"}},
	{aDashboards, "Dashboards & reports", "Numbers and charts at a glance.",
		[]string{"dashboard", "dashboards", "report", "reports", "chart", "charts", "stats", "statistics", "analytics"}},
	{aSettings, "Settings", "Preferences people can change.",
		[]string{"setting", "settings", "preference", "preferences"}},
	{aImportExport, "Import & export", "Move data in and out, for example as CSV.",
		[]string{"import", "export", "csv", "integration", "integrations", "sync", "backup"}},
	{aMobile, "Works on phones", "Every page is comfortable on a small screen.",
		[]string{"mobile", "phone", "phones", "responsive", "tablet", "smartphone"}},
	{aDarkMode, "Dark mode", "A dark theme next to the light one.",
		[]string{"dark mode", "dark theme", "dark", "theme", "themes"}},
	{aHistory, "Activity history", "A record of who changed what, and when.",
		[]string{"history", "audit", "activity log", "changelog", "log of changes"}},
	{aLanguages, "Several languages", "The interface in more than one language.",
		[]string{"language", "languages", "translation", "translations", "translate", "i18n", "localization", "multilingual"}},
}

func areaQuestion(header, text string, keys ...string) question {
	q := question{header: header, text: text, multi: true}
	for _, k := range keys {
		for _, a := range areas {
			if a.key == k {
				q.opts = append(q.opts, option(a))
			}
		}
	}
	return q
}

var (
	qPeople = areaQuestion(hPeople, "Which of these does the app need around people? Pick any that apply.",
		aAccounts, aRoles, aSharing, aNotifications)
	qContent = areaQuestion(hContent, "Which of these does the app need around its content? Pick any that apply.",
		aSearch, aDashboards, aSettings, aImportExport)
	qExtras = areaQuestion(hExtras, "Any of these extras? Pick any that apply.",
		aMobile, aDarkMode, aHistory, aLanguages)
)

// Size answers, as an adjustment of the level of detail.
const (
	sizeSmaller = -1
	sizeRight   = 0
	sizeMore    = 1
)

var qSize = question{
	header: hSize,
	text:   "Does that size feel right?",
	opts: []option{
		{key: "right", label: "Looks right" + recommended, desc: "Keep the list as it is.",
			words: []string{"right", "fine", "good", "ok", "okay", "keep", "yes", "perfect"}},
		{key: "more", label: "More detail", desc: "Add finer features: empty states, sorting, extra checks.",
			words: []string{"more", "bigger", "larger", "detail", "detailed", "expand", "increase"}},
		{key: "smaller", label: "Keep it smaller", desc: "Only the essential features.",
			words: []string{"smaller", "less", "fewer", "reduce", "essential", "essentials", "minimal", "small", "mvp", "shorter"}},
	},
}

// Success criteria the user can stress.
const (
	sWorks    = "works"
	sEasy     = "easy"
	sFast     = "fast"
	sPolished = "polished"
)

var qSuccess = question{
	header: hSuccess,
	text:   "What matters most for calling the app done?",
	multi:  true,
	opts: []option{
		{key: sWorks, label: "Everything works", desc: "Every feature works end to end, with no dead ends.",
			words: []string{"works", "working", "functional", "functionality", "complete", "bugs", "reliable features"}},
		{key: sEasy, label: "Easy to learn", desc: "A first-time user gets going without help.",
			words: []string{"easy", "simple", "intuitive", "usable", "usability", "learn", "ux", "user friendly"}},
		{key: sFast, label: "Fast and reliable", desc: "Quick pages, no lost data, errors handled.",
			words: []string{"fast", "quick", "speed", "performance", "performant", "reliable", "stable", "robust"}},
		{key: sPolished, label: "Looks polished", desc: "A consistent, good-looking design.",
			words: []string{"polished", "beautiful", "pretty", "design", "looks", "good looking", "nice looking", "polish"}},
	},
}

// Looks for the design system.
const (
	lookClean   = "clean"
	lookDark    = "dark"
	lookBright  = "bright"
	lookCalm    = "calm"
	defaultLook = lookClean
)

var qLook = question{
	header: hLook,
	text:   "What look and feel should the app have?",
	opts: []option{
		{key: lookClean, label: "Clean and light" + recommended, desc: "White space, one blue accent, easy on the eyes.",
			words: []string{"clean", "light", "minimal", "minimalist", "simple"}},
		{key: lookDark, label: "Dark and focused", desc: "A dark interface with a bright accent.",
			words: []string{"dark", "night", "focused"}},
		{key: lookBright, label: "Bright and playful", desc: "Warm colours and rounded shapes.",
			words: []string{"bright", "playful", "fun", "colorful", "colourful", "warm"}},
		{key: lookCalm, label: "Calm and professional", desc: "Muted teal and grey; businesslike.",
			words: []string{"calm", "professional", "business", "corporate", "serious"}},
	},
}

var qGenerate = question{
	header: hGenerate,
	text:   "Generate the spec files now?",
	opts: []option{
		{key: "yes", label: "Yes", desc: "Write prompts/app_spec.txt and prompts/initializer_prompt.md."},
		{key: "changes", label: "I have changes", desc: "Tell me what to change first."},
	},
}
