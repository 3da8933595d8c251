package httpapi_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm/guided"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/session"
)

// With AutoForge's layout a new project's interview writes, checks and
// hands off its files in .autoforge/prompts, and the model is told so.
func TestAutoForgeLayoutNewProject(t *testing.T) {
	appSpec, initializer := goodSpec(t)
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hello."),
		writesSpec(".autoforge/prompts", appSpec, initializer),
		llmtest.Text("Done."),
	))
	e := startEnvWith(t, claude(fake), t.TempDir(), func(s *session.Config, _ *httpapi.Config) { s.PromptsDir = session.AutoForgePromptsDir })
	c := e.dial("forge")
	c.send(map[string]any{"type": "start"})
	c.turn()
	if sys := fake.Requests()[0].System; !strings.Contains(sys, ".autoforge/prompts/app_spec.txt") || strings.Contains(sys, " prompts/app_spec.txt") {
		t.Errorf("the model is not told the layout's paths")
	}
	c.send(map[string]any{"type": "message", "content": "go"})
	got := c.turn()
	if types(got) != "text file_written file_written spec_complete text response_done complete" {
		t.Fatalf("turn: %s", types(got))
	}
	if got[3].str("path") != ".autoforge/prompts/app_spec.txt" || got[6].str("path") != ".autoforge/prompts/app_spec.txt" {
		t.Errorf("paths: %v", got)
	}
	st := readReferenceStatus(t, e.projectFile("forge", ".autoforge/prompts/.spec_status.json"))
	if st.Status != "complete" || strings.Join(st.FilesWritten, " ") != ".autoforge/prompts/app_spec.txt .autoforge/prompts/initializer_prompt.md .autoforge/prompts/feature_list.json" {
		t.Errorf("status file: %+v", st)
	}
	if _, err := os.Stat(e.projectFile("forge", ".autoforge/prompts/feature_list.json")); err != nil {
		t.Error(err)
	}
	var files map[string]any
	e.do("GET", "/api/projects/forge/spec", &files)
	if files["app_spec"] != appSpec {
		t.Error("the spec route does not read .autoforge/prompts")
	}
}

// A project whose folder already holds a spec in .autocoder/prompts (an
// older AutoForge) is found there and revised in place, whatever the
// server's default layout; the guided interviewer follows it too.
func TestExistingLayoutIsFoundAndRevised(t *testing.T) {
	appSpec, initializer := goodSpec(t)
	dataDir := t.TempDir()
	prompts := filepath.Join(dataDir, "projects", "legacy", ".autocoder", "prompts")
	if err := os.MkdirAll(prompts, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(prompts, "app_spec.txt"), []byte(appSpec), 0o644)
	os.WriteFile(filepath.Join(prompts, "initializer_prompt.md"), []byte(initializer), 0o644)
	revised := strings.Replace(appSpec, "<project_name>Tidy</project_name>", "<project_name>Tidy 2</project_name>", 1)
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hello."),
		writesSpec(".autocoder/prompts", revised, initializer),
		llmtest.Text("Done."),
	))
	e := startEnv(t, claude(fake), dataDir)
	c := e.dial("legacy")
	c.send(map[string]any{"type": "start"})
	c.turn()
	if sys := fake.Requests()[0].System; !strings.Contains(sys, ".autocoder/prompts/app_spec.txt") {
		t.Errorf("the model is not told where the existing spec is")
	}
	var files map[string]any
	e.do("GET", "/api/projects/legacy/spec", &files)
	if files["app_spec"] != appSpec {
		t.Fatalf("the existing spec is not found: %v", files["app_spec"])
	}
	c.send(map[string]any{"type": "message", "content": "rename it"})
	if got := c.turn(); !strings.Contains(types(got), "spec_complete") {
		t.Fatalf("revision: %s", types(got))
	}
	if b, _ := os.ReadFile(filepath.Join(prompts, "app_spec.txt")); string(b) != revised {
		t.Error("the revision is not in .autocoder/prompts")
	}
	if st := readReferenceStatus(t, filepath.Join(prompts, ".spec_status.json")); st.Status != "complete" {
		t.Errorf("status file: %+v", st)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "projects", "legacy", "prompts")); !os.IsNotExist(err) {
		t.Errorf("a second prompts folder appeared: %v", err)
	}
}

// The guided interview, with no model, writes into the layout's folder
// and completes there.
func TestGuidedFollowsTheLayout(t *testing.T) {
	e := startEnvWith(t, guided.New(), t.TempDir(), func(s *session.Config, _ *httpapi.Config) { s.PromptsDir = session.AutoForgePromptsDir })
	c := e.dial("gforge")
	c.send(map[string]any{"type": "start"})
	turns, complete := driveGuided(t, c, []string{"A shared shopping list for a household"})
	if !complete {
		t.Fatal("the guided interview did not complete")
	}
	if !strings.Contains(text(turns[0]), ".autoforge/prompts/app_spec.txt") {
		t.Errorf("the greeting names %q", text(turns[0]))
	}
	for _, f := range []string{"app_spec.txt", "initializer_prompt.md", ".spec_status.json", "feature_list.json"} {
		if _, err := os.Stat(e.projectFile("gforge", ".autoforge/prompts/"+f)); err != nil {
			t.Error(err)
		}
	}
	if _, err := os.Stat(e.projectFile("gforge", "prompts")); !os.IsNotExist(err) {
		t.Errorf("prompts/ was written too: %v", err)
	}
}
