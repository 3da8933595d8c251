package httpapi_test

import (
	"os"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/llm/guided"
	"github.com/specwright/specwright/internal/spec"
)

// pick chooses an answer the way a hurried user would: the affirmative
// option when there is one, else the first (the first two when several
// may be chosen).
func pick(q map[string]any) any {
	opts, _ := q["options"].([]any)
	var labels []string
	for _, o := range opts {
		labels = append(labels, o.(map[string]any)["label"].(string))
	}
	for _, l := range labels {
		low := strings.ToLower(l)
		if strings.HasPrefix(low, "yes") || strings.Contains(low, "generate") || strings.Contains(low, "looks right") {
			return l
		}
	}
	if q["multiSelect"] == true && len(labels) > 1 {
		return labels[:2]
	}
	return labels[0]
}

// driveGuided answers the guided interview like a hurried user (pick for
// every question, the replies in turn for every free-text prompt) until
// it completes, at most 40 turns. It returns every turn's messages.
func driveGuided(t *testing.T, c *client, replies []string) ([][]msg, bool) {
	t.Helper()
	var turns [][]msg
	for turn := 0; turn < 40; turn++ {
		got := c.turn()
		turns = append(turns, got)
		last := got[len(got)-1]
		if q := asked(got); q != nil {
			answers := map[string]any{}
			for i, q := range q["questions"].([]any) {
				answers[string(rune('0'+i))] = pick(q.(map[string]any))
			}
			c.send(map[string]any{"type": "answer", "answers": answers, "tool_id": q.str("tool_id")})
			continue
		}
		switch last.typ() {
		case "error":
			t.Fatalf("turn %d failed: %v", turn, got)
		case "complete":
			return turns, true
		default:
			reply := "Nothing more to add."
			if len(replies) > 0 {
				reply, replies = replies[0], replies[1:]
			}
			c.send(map[string]any{"type": "message", "content": reply})
		}
	}
	return turns, false
}

// The guided interview, driven over the WebSocket like a user would,
// reaches a spec that passes validation, with no model anywhere.
func TestGuidedInterviewReachesSpecComplete(t *testing.T) {
	e := newEnv(t, guided.New())
	c := e.dial("recipes")
	c.send(map[string]any{"type": "start"})
	replies := []string{
		"A recipe box for families: save recipes & plan <weekly> meals together.",
		"Save recipes with ingredients and steps\nPlan meals for the week\nMake a shopping list from the plan",
		"It is done when a family can plan a week of meals in five minutes.",
	}
	if _, complete := driveGuided(t, c, replies); !complete {
		t.Fatal("the guided interview did not complete within 40 turns")
	}
	appSpec, err := os.ReadFile(e.projectFile("recipes", "prompts/app_spec.txt"))
	if err != nil {
		t.Fatal(err)
	}
	initializer, err := os.ReadFile(e.projectFile("recipes", "prompts/initializer_prompt.md"))
	if err != nil {
		t.Fatal(err)
	}
	report := spec.Check(appSpec, initializer)
	if !report.OK() {
		t.Fatalf("the guided spec fails validation: %+v", report.Problems)
	}
	if !strings.Contains(string(appSpec), "&amp;") {
		t.Error("the user's '&' should be escaped in the spec")
	}
	var st map[string]any
	e.do("GET", "/api/spec/status/recipes", &st)
	if st["status"] != "complete" || st["feature_count"] != float64(report.Spec.FeatureCount) {
		t.Fatalf("status = %v, spec count %d", st, report.Spec.FeatureCount)
	}
}
