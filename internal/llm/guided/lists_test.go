package guided

import (
	"reflect"
	"strings"
	"testing"
)

// TestItems reads lists the way people write them.
func TestItems(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"projects, tasks, comments", []string{"projects", "tasks", "comments"}},
		{"projects, tasks and comments", []string{"projects", "tasks", "comments"}},
		{"- projects\n- tasks\n* comments", []string{"projects", "tasks", "comments"}},
		{"1. create a habit\n2) check in daily", []string{"create a habit", "check in daily"}},
		{"save recipes with ingredients and steps, plan meals and make a shopping list",
			[]string{"save recipes with ingredients and steps", "plan meals", "make a shopping list"}},
		{"create, edit and delete posts", []string{"create posts", "edit posts", "delete posts"}},
		{"Receptionists book appointments for patients and therapists", []string{"Receptionists book appointments for patients and therapists"}},
		{"Add a task. See the board; share it", []string{"Add a task", "See the board", "share it"}},
	} {
		if got := items(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("items(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestClauses turns the first person into the third, with the role.
func TestClauses(t *testing.T) {
	for _, tt := range []struct{ in, who, pred string }{
		{"see my current streak", "", "see their current streak"},
		{"I want to see my current streak", "i", "see their current streak"},
		{"the receptionist sees the day's schedule", "receptionist", "see the day's schedule"},
		{"As a patient, I want to book an appointment", "patient", "book an appointment"},
		{"Therapists can set their weekly availability", "therapist", "set their weekly availability"},
		{"walkers see their route", "walker", "see their route"},
	} {
		c := readClause(tt.in)
		if c.who != tt.who || c.pred != tt.pred {
			t.Errorf("readClause(%q) = %q, %q; want %q, %q", tt.in, c.who, c.pred, tt.who, tt.pred)
		}
	}
}

// TestNearSynonymsMerge: two names for one thing become one table, and
// the person is told.
func TestNearSynonymsMerge(t *testing.T) {
	e := newEngine(t, "clinic").start().
		say("A clinic app.").
		expect(hInvolvement).defaults().
		expect(hFrontend).defaults().
		expect(hPeople).answer(map[string][]string{hPeople: {"Accounts & sign-in"}}).
		say("therapists set weekly availabilities\npatients pick availability slots\npatients make a booking\nreceptionists change appointments").
		expectText("as one thing")
	if !strings.Contains(e.turnText, "“weekly availabilities” and “availability slots”") ||
		!strings.Contains(e.turnText, "“bookings” and “appointments”") {
		t.Errorf("the merges are not shown: %s", e.turnText)
	}
	e.expect(hRoles).defaults().expect(hSize).defaults().expect(hSuccess).defaults().
		expect(hGenerate).answer(map[string][]string{hGenerate: {"Yes"}})
	s := e.check().Spec
	got := tableNames(s)
	for _, bad := range []string{"availability_slots", "appointments"} {
		if contains(got, bad) {
			t.Errorf("table %s should have been merged: %v", bad, got)
		}
	}
	for _, want := range []string{"weekly_availabilities", "bookings"} {
		if !contains(got, want) {
			t.Errorf("no table %s: %v", want, got)
		}
	}
}

// TestQuickProposesDetailedAsks: quick mode shows the proposed roles,
// fields and links and asks for them in one structured question;
// detailed mode asks who uses the app, then about each thing, then the
// links, each a structured choice.
func TestQuickProposesDetailedAsks(t *testing.T) {
	q := newEngine(t, "recipes").start().
		say("Recipe Box lets families keep recipes.").
		expect(hInvolvement).defaults().
		expect(hFrontend).defaults().
		expect(hPeople).answer(nil).
		say("add recipes\nplan meals").
		expect(hRoles).
		expectText("Recipes: title (text), ingredients (list), steps (list), prep time (minutes)")
	if n := len(q.questions()); n != 3 {
		t.Errorf("quick mode asks %d shape questions in one step, want 3", n)
	}
	d := newEngine(t, "recipes").start().
		say("Recipe Box lets families keep recipes.").
		expect(hInvolvement).answer(map[string][]string{hInvolvement: {"Detailed"}}).
		expect(hFrontend).defaults().
		expect(hRealtime).defaults().
		expect(hPeople).answer(nil).
		say("add recipes\nplan meals\nmanage tags\nwrite reviews\nkeep notes").
		say("that's all").
		expectText("Who uses").
		say("parents, and kids who can only read recipes").
		expect("Recipes")
	if n := len(d.questions()); n != 4 {
		t.Fatalf("the first batch asks about %d things, want 4", n)
	}
	d.answer(map[string][]string{"Recipes": {"title, ingredients, servings, rating"}}).
		expect("Notes").defaults().
		expect(hLinks).answer(map[string][]string{hLinks: {"a meal plan has recipes"}}).
		expect(hSize).defaults().expect(hSuccess).defaults().
		expect(hGenerate).answer(map[string][]string{hGenerate: {"Yes"}})
	s := d.check().Spec
	if !contains(s.RoleNames(), "parent") || !contains(s.RoleNames(), "kid") {
		t.Errorf("roles %v", s.RoleNames())
	}
	if !hasField(s, "recipes", "servings", "") || hasField(s, "recipes", "steps", "") {
		t.Errorf("the typed fields did not replace the proposal: %v", s.Tables)
	}
	if !hasField(s, "meal_plan_recipes", "recipe_id", "recipes") {
		t.Errorf("no link from meal plans to recipes: %v", tableNames(s))
	}
}
