package prompt

import (
	_ "embed"
	"strings"
	"sync"
	"text/template"
)

//go:embed system.md
var systemText string

var systemTmpl = template.Must(template.New("system").Parse(systemText))

// Info is what the system prompt says about the project.
type Info struct {
	Project string // the project's name
	Folder  string // the absolute path of the project folder
	// Prompts is the folder of the spec files, relative to Folder
	// ("prompts" when empty; ".autoforge/prompts" in AutoForge's layout).
	Prompts string
}

// System returns the interview instructions for a project. Every turn
// asks for them, so the text of the projects asked for lately is kept.
func System(info Info) string {
	if info.Prompts == "" {
		info.Prompts = "prompts"
	}
	systems.mu.Lock()
	text, ok := systems.byInfo[info]
	systems.mu.Unlock()
	if ok {
		return text
	}
	text = renderSystem(info)
	systems.mu.Lock()
	if systems.byInfo == nil || len(systems.byInfo) >= maxSystems {
		systems.byInfo = map[Info]string{}
	}
	systems.byInfo[info] = text
	systems.mu.Unlock()
	return text
}

// maxSystems bounds the kept prompts (about 12 KB each); past it, the
// cache starts over.
const maxSystems = 256

var systems struct {
	mu     sync.Mutex
	byInfo map[Info]string
}

func renderSystem(info Info) string {
	var b strings.Builder
	err := systemTmpl.Execute(&b, struct {
		Info
		Placeholder string
		Template    string
	}{info, Placeholder, initializerTemplate})
	if err != nil {
		panic("prompt: system template: " + err.Error()) // the template is embedded and tested
	}
	return b.String()
}
