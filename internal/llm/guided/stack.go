package guided

import "strings"

// choice is an answer to a technology question: an option's key, or
// text the user typed (key empty). The zero choice means "the default".
type choice struct {
	key  string
	text string
}

func (c choice) is(key string) bool { return c.key == key }

func (c choice) custom() bool { return c.key == "" && c.text != "" }

// stack is the technology the app is built with.
type stack struct {
	frontend choice
	backend  choice
	database choice
	styling  choice // zero: chosen to suit the frontend
	hosting  choice
	realtime bool
}

func defaultStack() stack {
	return stack{
		frontend: choice{key: "react"},
		backend:  choice{key: "node"},
		database: choice{key: "sqlite"},
		hosting:  choice{key: "local"},
	}
}

// Technologies the questions do not offer but people often name. Typing
// one of them selects it by name rather than as unexplained free text.
var (
	otherFrontends = []named{
		{[]string{"angular"}, "Angular"},
		{[]string{"htmx"}, "htmx with server-rendered HTML"},
		{[]string{"solid", "solidjs"}, "SolidJS"},
	}
	otherBackends = []named{
		{[]string{"django"}, "Python with Django"},
		{[]string{"flask"}, "Python with Flask"},
		{[]string{"rails", "ruby"}, "Ruby on Rails"},
		{[]string{"php", "laravel"}, "PHP with Laravel"},
		{[]string{"java", "spring", "spring boot"}, "Java with Spring Boot"},
		{[]string{"c#", ".net", "dotnet", "asp.net"}, "C# with ASP.NET Core"},
		{[]string{"nestjs", "nest.js"}, "Node.js with NestJS"},
		{[]string{"deno"}, "Deno"},
		{[]string{"bun"}, "Bun"},
		{[]string{"rust", "axum"}, "Rust with Axum"},
	}
	otherDatabases = []named{
		{[]string{"mysql"}, "MySQL"},
		{[]string{"mariadb"}, "MariaDB"},
		{[]string{"mongodb", "mongo"}, "MongoDB"},
		{[]string{"supabase"}, "Supabase (PostgreSQL)"},
		{[]string{"firebase", "firestore"}, "Firebase Firestore"},
		{[]string{"redis"}, "Redis"},
	}
)

// named is a technology known by some key phrases.
type named struct {
	words []string
	name  string
}

func findNamed(list []named, text string) (string, bool) {
	n := norm(text)
	for _, x := range list {
		for _, w := range x.words {
			if hasWord(n, w) {
				return x.name, true
			}
		}
	}
	return "", false
}

// readTech interprets the answer to one technology question. When
// verbatim is true (the user typed into the question's own "Other"
// field) unknown text is taken as the choice; otherwise it is ignored.
func readTech(q question, others []named, ans string, verbatim bool) (choice, bool) {
	if negative(ans) && q.header == hDatabase && strings.TrimSpace(ans) != "" {
		return choice{key: "none"}, true
	}
	if o, custom, ok := q.pick(ans); ok {
		return choice{key: o.key}, true
	} else if name, ok := findNamed(others, ans); ok {
		return choice{text: name}, true
	} else if verbatim && meaningful(custom) {
		return choice{text: custom}, true
	}
	return choice{}, false
}

// switchTech reads a change request such as "use PostgreSQL instead" and
// applies it to s. It returns what changed, or "" when the line is not
// about technology.
func (s *stack) switchTech(line string) string {
	n := norm(line)
	cue := false
	for _, w := range []string{"use", "using", "switch", "instead", "prefer", "rather", "change", "move", "replace", "go with", "built with", "build with", "written in", "write it in"} {
		if hasWord(n, w) {
			cue = true
			break
		}
	}
	if !cue {
		return ""
	}
	type slot struct {
		q      question
		others []named
		dst    *choice
		what   string
	}
	slots := []slot{
		{qFrontend, otherFrontends, &s.frontend, "frontend"},
		{qBackend, otherBackends, &s.backend, "backend"},
		{qDatabase, otherDatabases, &s.database, "database"},
		{qStyling, nil, &s.styling, "styling"},
	}
	var changed []string
	for _, sl := range slots {
		var c choice
		if m := sl.q.byWords(line); len(m) > 0 {
			c = choice{key: m[0].key}
		} else if name, ok := findNamed(sl.others, line); ok {
			c = choice{text: name}
		} else {
			continue
		}
		*sl.dst = c
		changed = append(changed, sl.what+": "+s.short(sl.what))
	}
	return strings.Join(changed, ", ")
}

// short names one layer of the stack in a word or two, for chat text.
func (s stack) short(layer string) string {
	var c choice
	var q question
	switch layer {
	case "frontend":
		c, q = s.frontend, qFrontend
	case "backend":
		c, q = s.backend, qBackend
	case "database":
		c, q = s.database, qDatabase
	case "styling":
		if s.styling == (choice{}) {
			return s.stylingSpec()
		}
		c, q = s.styling, qStyling
	case "hosting":
		c, q = s.hosting, qHosting
	}
	if c.custom() {
		return c.text
	}
	for _, o := range q.opts {
		if o.key == c.key {
			return strings.TrimSuffix(o.label, recommended)
		}
	}
	return c.key
}

// summary is the stack in one line, for chat text.
func (s stack) summary() string {
	parts := []string{s.short("frontend") + " with " + s.stylingSpec(), s.short("backend"), s.short("database")}
	if s.realtime {
		parts = append(parts, "live updates")
	}
	return strings.Join(parts, " · ")
}

func (s stack) hasDB() bool { return !s.database.is("none") }

// frontendSpec describes the frontend framework for the spec.
func (s stack) frontendSpec() string {
	switch {
	case s.frontend.custom():
		return s.frontend.text
	case s.frontend.is("vue"):
		return "Vue 3 with Vite"
	case s.frontend.is("svelte"):
		return "Svelte with Vite"
	case s.frontend.is("plain"):
		return "Plain HTML, CSS and JavaScript (no framework), served by the backend"
	}
	return "React with Vite"
}

// stylingSpec describes the styling for the spec.
func (s stack) stylingSpec() string {
	switch {
	case s.styling.custom():
		return s.styling.text
	case s.styling.is("css"):
		return "Plain CSS with custom properties (CSS variables)"
	case s.styling.is("library"):
		switch {
		case s.frontend.is("vue"):
			return "Vuetify component library"
		case s.frontend.is("svelte"):
			return "Skeleton component library"
		case s.frontend.is("react"):
			return "MUI (Material UI) component library"
		}
		return "Pico CSS with a small set of custom components"
	case s.styling.is("tailwind"):
		return "Tailwind CSS"
	}
	if s.frontend.is("plain") {
		return "Plain CSS with custom properties (CSS variables)"
	}
	return "Tailwind CSS"
}

// backendSpec describes the backend runtime for the spec.
func (s stack) backendSpec() string {
	switch {
	case s.backend.custom():
		return s.backend.text
	case s.backend.is("python"):
		return "Python 3.12+ with FastAPI"
	case s.backend.is("go"):
		return "Go with the standard library's net/http"
	}
	return "Node.js 20+ with Express"
}

// databaseSpec describes the database for the spec.
func (s stack) databaseSpec() string {
	switch {
	case s.database.custom():
		return s.database.text
	case s.database.is("postgres"):
		return "PostgreSQL, reached through the DATABASE_URL environment variable"
	case s.database.is("none"):
		return "none - the backend keeps data in memory only, and it is reset when the server restarts"
	}
	return "SQLite, a single database file in the data/ folder"
}

// hostingSpec says where the app runs.
func (s stack) hostingSpec() string {
	switch {
	case s.hosting.custom():
		return s.hosting.text
	case s.hosting.is("server"):
		return "A Linux server or cloud host; every setting comes from environment variables"
	case s.hosting.is("docker"):
		return "Docker: a Dockerfile and a docker-compose.yml; docker compose up starts everything"
	}
	return "The developer's own computer; ./init.sh installs and starts everything"
}

// setup lists what must be installed before the app can be built.
func (s stack) setup() []string {
	var out []string
	switch {
	case s.backend.custom():
		out = append(out, "The toolchain for "+s.backend.text)
	case s.backend.is("python"):
		out = append(out, "Python 3.12 or later with pip, in a virtual environment")
	case s.backend.is("go"):
		out = append(out, "Go 1.22 or later")
	default:
		out = append(out, "Node.js 20 or later with npm")
	}
	if !s.frontend.is("plain") && (!s.backend.is("node") || s.backend.custom()) {
		out = append(out, "Node.js 20 or later with npm, to build the frontend")
	}
	switch {
	case s.database.custom():
		out = append(out, "A running "+s.database.text+" instance, reached through the DATABASE_URL environment variable")
	case s.database.is("postgres"):
		out = append(out, "PostgreSQL 15 or later, reached through the DATABASE_URL environment variable")
	case s.database.is("sqlite"):
		out = append(out, "Nothing to install for the database: SQLite is embedded and its file lives in data/")
	}
	if s.hosting.is("docker") {
		out = append(out, "Docker with the compose plugin")
	}
	out = append(out, "A current browser (Chrome, Firefox, Safari or Edge)")
	switch {
	case s.hosting.is("docker"):
		out = append(out, "docker compose up builds the images and starts the backend, the frontend and the database")
	case s.hosting.is("server"):
		out = append(out, "A start command, given in the README, builds the app and serves it with settings from environment variables")
	default:
		out = append(out, "init.sh installs every dependency and starts the backend and the frontend with one command")
	}
	return out
}
