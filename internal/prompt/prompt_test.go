package prompt

import (
	"strings"
	"testing"
)

func TestSystemNamesProjectPathsAndTemplate(t *testing.T) {
	s := System(Info{Project: "todo-app", Folder: "/data/projects/todo-app"})
	for _, want := range []string{
		"todo-app", "/data/projects/todo-app", "prompts/app_spec.txt", "prompts/initializer_prompt.md",
		"AskUserQuestion", "<project_specification>", "<feature_count>", Placeholder, "First session",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("system prompt lacks %q", want)
		}
	}
	if strings.Contains(s, "{{") {
		t.Error("system prompt has an unexpanded template action")
	}
}

func TestInitializerReplacesEveryPlaceholder(t *testing.T) {
	if n := strings.Count(InitializerTemplate(), Placeholder); n < 2 {
		t.Fatalf("template has %d placeholders, want at least 2", n)
	}
	got := Initializer(42)
	if strings.Contains(got, Placeholder) || !strings.Contains(got, "**42**") {
		t.Fatalf("Initializer(42) = %q", got)
	}
}
