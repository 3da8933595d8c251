package httpapi_test

import (
	"os"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/llm/guided"
	"github.com/specwright/specwright/internal/prompt"
	"github.com/specwright/specwright/internal/spec"
)

// person answers the guided interview from their notes, in their own
// words: a numbered list, a comma list, typed corrections to the
// proposal, success in a sentence.
type person struct {
	notes map[string]string // answer by question header, typed as "Other"
	texts []string          // the free-text questions, in order
}

func (p *person) answer(q map[string]any) any {
	if a, ok := p.notes[q["header"].(string)]; ok {
		return a
	}
	return pick(q)
}

// TestGuidedPersonOverWebSocket: a scripted person goes through the
// guided interview over the WebSocket, then asks for three changes. The
// spec names their app, holds their things with the fields and links
// they gave, turns the people they named into roles, carries their
// rules, passes the checks clean, and the revision shows the changes
// with nothing pasted.
func TestGuidedPersonOverWebSocket(t *testing.T) {
	e := newEnv(t, guided.New())
	c := e.dial("pawpal")
	c.send(map[string]any{"type": "start"})
	p := &person{
		notes: map[string]string{
			"Data":    "dogs: name, breed, age, photo",
			"Links":   "a walk belongs to a dog and a walker",
			"Success": "owners book a walk in under a minute",
			"People":  "Accounts & sign-in, Notifications",
		},
		texts: []string{
			"Pawpal is an app for a dog-walking business. Owners book walks for their dogs, walkers see their route for the day, " +
				"and the office manager keeps an eye on everything.",
			"1) owners add their dogs with a name, breed and photo\n2) owners book a 30-minute walk for a dog\n" +
				"3) walkers see the day's walks\n4) owners get a text message 1 hour before the walk\n5) the manager assigns walks to walkers",
		},
	}
	converse(t, c, p)
	app, report := readSpec(t, e, "pawpal")
	if len(report.Problems) > 0 {
		t.Fatalf("the guided spec has problems: %v", report.Problems)
	}
	s := report.Spec
	if s.ProjectName != "Pawpal" {
		t.Errorf("project_name %q", s.ProjectName)
	}
	for _, r := range []string{"owner", "walker", "manager"} {
		if !strings.Contains(strings.Join(s.RoleNames(), ","), r) {
			t.Errorf("no role %s in %v", r, s.RoleNames())
		}
	}
	wantFields(t, s, "dogs", "breed", "")
	wantFields(t, s, "walks", "dog_id", "dogs")
	wantFields(t, s, "walks", "walker_id", "users")
	wantFields(t, s, "walks", "starts_at", "")
	for _, rule := range []string{"30 minutes", "1 hour", "by SMS"} {
		if !strings.Contains(app, rule) {
			t.Errorf("the spec does not carry %q", rule)
		}
	}
	if !strings.Contains(app, "SMS: a provider such as Twilio") {
		t.Error("the text message needs an SMS provider in the prerequisites")
	}
	before := map[string]string{}
	for _, f := range s.Features() {
		before[f.ID] = f.Name
	}

	changes := []string{"rename walks to outings", "remove the search", "owners can cancel up to 2 hours before"}
	for _, ch := range changes {
		c.send(map[string]any{"type": "message", "content": ch})
		for _, m := range c.turn() {
			if m.typ() == "error" {
				t.Fatalf("%q: %v", ch, m)
			}
		}
	}
	app, report = readSpec(t, e, "pawpal")
	if len(report.Problems) > 0 {
		t.Fatalf("the revised spec has problems: %v", report.Problems)
	}
	s = report.Spec
	if _, ok := s.Table("outings"); !ok {
		t.Error("walks were not renamed to outings")
	}
	for _, l := range strings.Split(app, "\n") {
		if strings.Contains(l, " walks") || strings.Contains(l, "/walks") || strings.Contains(l, "<walks>") {
			t.Errorf("still says walks: %s", strings.TrimSpace(l))
		}
	}
	for _, ep := range s.Endpoints() {
		if strings.Contains(ep.Path, "search") {
			t.Errorf("search was removed but %s is left", ep.Path)
		}
	}
	cancel := false
	for _, f := range s.Features() {
		if strings.Contains(f.Description, "cancel up to 2 hours before each outing") &&
			strings.Contains(strings.Join(f.Acceptance, " "), "less than 2 hours") {
			cancel = true
		}
		if name, ok := before[f.ID]; ok && strings.Contains(name, "walk") && !strings.Contains(f.Name, "outing") && !strings.Contains(f.Name, "walker") {
			t.Errorf("%s kept its ID but not the rename: %q", f.ID, f.Name)
		}
	}
	if !cancel {
		t.Error("the cancel rule is missing")
	}
	// Nothing pasted: no line is a change as typed, and the requests'
	// own words (rename, remove) are nowhere.
	for _, l := range strings.Split(app, "\n") {
		l = strings.ToLower(strings.Trim(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "- ")), "."))
		for _, ch := range changes {
			if l == ch {
				t.Errorf("the change %q was pasted into the spec", ch)
			}
		}
		if strings.Contains(l, "rename") || strings.Contains(l, "remove the") {
			t.Errorf("a request's wording is in the spec: %s", l)
		}
	}
}

// converse runs the interview to completion, answering from p.
func converse(t *testing.T, c *client, p *person) {
	t.Helper()
	for turn := 0; turn < 40; turn++ {
		got := c.turn()
		var q msg
		for _, m := range got {
			switch m.typ() {
			case "error":
				t.Fatalf("turn %d failed: %v", turn, got)
			case "question":
				q = m
			case "complete":
				return
			}
		}
		if q != nil {
			answers := map[string]any{}
			for i, qq := range q["questions"].([]any) {
				answers[string(rune('0'+i))] = p.answer(qq.(map[string]any))
			}
			c.send(map[string]any{"type": "answer", "answers": answers, "tool_id": q.str("tool_id")})
			continue
		}
		reply := "that's all"
		if len(p.texts) > 0 {
			reply, p.texts = p.texts[0], p.texts[1:]
		}
		c.send(map[string]any{"type": "message", "content": reply})
	}
	t.Fatal("the guided interview did not complete within 40 turns")
}

func readSpec(t *testing.T, e *env, project string) (string, spec.Report) {
	t.Helper()
	app, err := os.ReadFile(e.projectFile(project, "prompts/app_spec.txt"))
	if err != nil {
		t.Fatal(err)
	}
	init, err := os.ReadFile(e.projectFile(project, "prompts/initializer_prompt.md"))
	if err != nil {
		t.Fatal(err)
	}
	r := spec.Check(app, init)
	if r.Spec != nil && string(init) != prompt.Initializer(r.Spec.FeatureCount) {
		t.Error("the initializer does not carry the spec's count")
	}
	return string(app), r
}

func wantFields(t *testing.T, s *spec.Spec, table, field, ref string) {
	t.Helper()
	tb, ok := s.Table(table)
	if !ok {
		t.Errorf("no table %s", table)
		return
	}
	for _, f := range tb.Fields {
		if f.Name == field && (ref == "" || f.References == ref) {
			return
		}
	}
	t.Errorf("table %s has no field %s (references %q): %+v", table, field, ref, tb.Fields)
}
