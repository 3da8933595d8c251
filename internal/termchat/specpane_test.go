package termchat

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The pane shows the check, the feature counts and, from a server that
// reports one, the readiness score; features may be strings or objects
// (a server that gives them IDs).
func TestSpecPaneText(t *testing.T) {
	for _, c := range []struct {
		name, json string
		want, not  []string
	}{
		{"today's report", `{"app_spec":"<project_specification/>","initializer_prompt":"x","report":{"ok":true,"problems":[],"spec":{"feature_count":3,"categories":[{"features":["a","b"]},{"features":["c"]}]}}}`,
			[]string{"✓ Check: OK", "Features: 3 declared, 3 listed", "prompts/app_spec.txt           1 lines"}, []string{"Readiness"}},
		{"with a score and feature IDs", `{"app_spec":"s","initializer_prompt":null,"report":{"ok":false,"score":87,"problems":[{"severity":"error","file":"initializer_prompt.md","line":0,"message":"missing"}],"spec":{"feature_count":2,"categories":[{"features":[{"id":"F1","text":"a"},{"id":"F2","text":"b"}]}]}}}`,
			[]string{"✗ Check: 1 problem(s)", "error initializer_prompt.md: missing", "Features: 2 declared, 2 listed", "Readiness: 87/100", "not written yet"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var v SpecView
			if err := json.Unmarshal([]byte(c.json), &v); err != nil {
				t.Fatal(err)
			}
			m := newModel(context.Background(), Config{Project: "p"})
			p := &specPane{data: &v}
			got := ansi.Strip(p.text(m))
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("lacks %q:\n%s", w, got)
				}
			}
			for _, w := range c.not {
				if strings.Contains(got, w) {
					t.Errorf("has %q:\n%s", w, got)
				}
			}
		})
	}
}
