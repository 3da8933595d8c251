package httpapi_test

import (
	"testing"

	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/spec"
)

// The spec route serves the parsed model and the readiness score, so a
// client needs no spec parser of its own: after an interview with the
// Anthropic fake writing the version 2 form, the features arrive with
// their IDs and criteria, the tables with their fields, and the score.
func TestSpecRouteServesTheModelAndScore(t *testing.T) {
	appSpec, initializer := goodSpec(t)
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hi."),
		llmtest.Tools("", write("w1", "prompts/app_spec.txt", appSpec), write("w2", "prompts/initializer_prompt.md", initializer)),
		llmtest.Text("Done."),
	))
	e := newEnv(t, claude(fake))
	c := e.dial("model")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "write it"})
	if got := c.turn(); !hasType(got, "spec_complete") {
		t.Fatalf("no spec_complete: %s", types(got))
	}
	var files struct {
		Report struct {
			OK       bool           `json:"ok"`
			Score    int            `json:"score"`
			Reasons  []spec.Reason  `json:"score_reasons"`
			Spec     *spec.Spec     `json:"spec"`
			Problems []spec.Problem `json:"problems"`
		} `json:"report"`
	}
	if code := e.do("GET", "/api/projects/model/spec", &files); code != 200 {
		t.Fatalf("spec route: %d", code)
	}
	r := files.Report
	if !r.OK || r.Score != 100 || len(r.Reasons) != 0 || len(r.Problems) != 0 || r.Spec == nil {
		t.Fatalf("report: ok=%v score=%d reasons=%v problems=%v", r.OK, r.Score, r.Reasons, r.Problems)
	}
	f, cat, ok := r.Spec.Feature("F-009")
	if !ok || cat != "lists" || f.Name != "Reorder lists" || len(f.Acceptance) != 1 || f.DependsOn[0] != "F-006" {
		t.Fatalf("feature F-009: %+v in %q", f, cat)
	}
	if users, ok := r.Spec.Table("users"); !ok || users.Fields[0].Name != "id" || r.Spec.FeatureCount != 30 {
		t.Fatalf("users table %+v, count %d", users, r.Spec.FeatureCount)
	}
}

func hasType(ms []msg, typ string) bool {
	for _, m := range ms {
		if m.str("type") == typ {
			return true
		}
	}
	return false
}
