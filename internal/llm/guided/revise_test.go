package guided

import (
	"strconv"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/spec"
)

func idNumber(id string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(id, "F-"))
	return n
}

func featureIDs(s *spec.Spec) map[string]string {
	out := map[string]string{}
	for _, f := range s.Features() {
		out[f.ID] = f.Name
	}
	return out
}

// TestRevisionsEditTheModel asks for changes after the files are
// written: a rename reaches every part of the spec, a removal takes its
// endpoints and tables, an addition gets new IDs, the rest keep theirs,
// and what cannot be understood is asked back, not pasted.
func TestRevisionsEditTheModel(t *testing.T) {
	id := ideas[2] // the habit tracker
	id.content = []string{"Dashboards & reports", "Import & export"}
	e := id.run(t)
	before := e.check().Spec
	oldIDs := featureIDs(before)
	maxOld := 0
	for k := range oldIDs {
		maxOld = max(maxOld, idNumber(k))
	}

	e.say("Rename habits to routines\nremove the export\nadd a budget with a monthly limit").
		expectText("Updated both files")
	app := e.files[AppSpecPath]
	after := e.check().Spec
	if strings.Contains(strings.ToLower(app), "habit") {
		for i, l := range strings.Split(app, "\n") {
			if strings.Contains(strings.ToLower(l), "habit") {
				t.Errorf("line %d still says habit: %s", i+1, l)
			}
		}
	}
	if _, ok := after.Table("routines"); !ok {
		t.Errorf("no routines table: %v", tableNames(after))
	}
	for _, ep := range after.Endpoints() {
		if strings.Contains(ep.Path, "export") || strings.Contains(ep.Path, "import") {
			t.Errorf("the export was removed but %s %s is left", ep.Method, ep.Path)
		}
	}
	if hasCategory(after, "import_and_export") {
		t.Error("the import and export category is left")
	}
	if !hasField(after, "budgets", "monthly_limit", "") {
		t.Errorf("no budgets.monthly_limit in %v", tableNames(after))
	}
	newIDs := featureIDs(after)
	kept, added := 0, 0
	for k, name := range newIDs {
		if _, ok := oldIDs[k]; ok {
			kept++
			continue
		}
		added++
		if idNumber(k) <= maxOld {
			t.Errorf("new feature %s %q reuses an old number", k, name)
		}
	}
	if added == 0 || kept < len(oldIDs)-6 {
		t.Errorf("kept %d of %d IDs, added %d", kept, len(oldIDs), added)
	}
	for k, name := range oldIDs {
		if strings.Contains(strings.ToLower(name), "export") || strings.Contains(strings.ToLower(name), "import") {
			if _, ok := newIDs[k]; ok {
				t.Errorf("%s %q should be gone", k, name)
			}
		}
	}
	// An ID removed once is never given again.
	e.say("add search").expectText("Updated both files")
	for k := range featureIDs(e.check().Spec) {
		if _, was := oldIDs[k]; !was {
			if _, now := newIDs[k]; !now && idNumber(k) <= maxOld {
				t.Errorf("%s was reused", k)
			}
		}
	}

	// What it cannot read is asked back, and nothing changes.
	written := e.files[AppSpecPath]
	e.say("make it pop").expectText("Could you say it as")
	if e.files[AppSpecPath] != written {
		t.Error("an unclear change rewrote the spec")
	}
	if strings.Contains(strings.ToLower(e.files[AppSpecPath]), "pop") {
		t.Error("the unclear change was pasted into the spec")
	}
}

// TestRuleRevision: "patients can cancel up to 12 hours before" becomes
// a feature of the appointments with the rule as its criterion.
func TestRuleRevision(t *testing.T) {
	e := ideas[0].run(t)
	n := e.count()
	e.say("patients can cancel up to 12 hours before").expectText("Updated both files")
	s := e.check().Spec
	if s.FeatureCount != n+1 {
		t.Errorf("count %d, want %d", s.FeatureCount, n+1)
	}
	found := false
	for _, c := range s.Categories {
		for _, f := range c.Features {
			if strings.Contains(f.Description, "cancel up to 12 hours before") {
				found = c.Name == "appointments" && strings.Contains(strings.Join(f.Acceptance, " "), "less than 12 hours")
			}
		}
	}
	if !found {
		t.Error("the cancel rule is not a feature of the appointments with its limit")
	}
	ok := false
	for _, ep := range s.Endpoints() {
		// spec.Parse keeps the colon that Format writes before the description.
		ok = ok || ep.Method == "POST" && strings.TrimSuffix(ep.Path, ":") == "/api/appointments/:id/cancel"
	}
	if !ok {
		t.Error("no cancel endpoint")
	}
}

// TestParagraphAnswersAndPoliteChanges: answers written as paragraphs,
// with "they" and number words, and changes asked for politely.
func TestParagraphAnswersAndPoliteChanges(t *testing.T) {
	id := idea{project: "tutor-time",
		overview: "My app Tutor Time helps a small tutoring school. Parents book lessons for their children, tutors teach them, and the owner runs the place.",
		people:   []string{"Accounts & sign-in", "Notifications"}, content: []string{"Import & export"},
		acts: "Parents can book lessons online with a tutor. They get a reminder a day before. " +
			"Tutors manage their availability and write a short report after each lesson. The owner sees the monthly revenue.",
		shape:   map[string][]string{hData: {"Lessons have a date, a start time, a length of 60 minutes, a subject and a price. Reports have a summary and homework."}},
		success: "Parents can book a lesson in two minutes"}
	e := id.run(t)
	s := e.check().Spec
	if s.ProjectName != "Tutor Time" {
		t.Errorf("project_name %q", s.ProjectName)
	}
	if got := strings.Join(s.RoleNames(), ","); got != "parent,tutor,owner" {
		t.Errorf("roles %s", got)
	}
	for _, f := range []string{"date", "start_time", "length_minutes", "subject", "price"} {
		if !hasField(s, "lessons", f, "") {
			t.Errorf("lessons has no %s", f)
		}
	}
	if !hasField(s, "short_reports", "tutor_id", "users") || !hasField(s, "short_reports", "lesson_id", "lessons") {
		t.Errorf("short reports are not the tutors', linked to a lesson: %+v", s.Tables)
	}
	if !strings.Contains(e.files[AppSpecPath], "starts in 1 day, when the reminder job runs, then the parent receives a reminder") {
		t.Error("the reminder rule is not a criterion")
	}
	for _, ch := range []string{"Please rename 'lessons' to 'sessions'", "Remove the export feature", "Tutors should be able to cancel up to 24 hours before"} {
		e.say(ch).expectText("Updated both files")
	}
	s = e.check().Spec
	if _, ok := s.Table("sessions"); !ok {
		t.Errorf("no sessions table after the rename: %v", tableNames(s))
	}
	if hasCategory(s, "import_and_export") {
		t.Error("the export is still there")
	}
	if !hasFeature(s, "Tutors can cancel up to 24 hours before each session.") {
		t.Error("the cancel rule is missing")
	}
	e.say("make it prettier").expectText("Could you say it as")
}
