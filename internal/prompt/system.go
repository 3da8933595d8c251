package prompt

import (
	_ "embed"
	"strings"
	"text/template"

	"github.com/specwright/specwright/internal/memo"
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
	text, _ := systems.Get(info, func() (string, error) { return renderSystem(info), nil })
	return text
}

// maxSystems bounds the kept prompts (about 12 KB each).
const maxSystems = 256

var systems = memo.Cache[Info, string]{Max: maxSystems}

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
