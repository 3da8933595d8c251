package guided

import (
	"fmt"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/prompt"
	"github.com/specwright/specwright/internal/spec"
)

// TestEveryChoiceRendersValid renders the spec for every technology
// choice, with all areas and with none, and checks each with the spec
// package: no errors, no warnings, and the count of the lines listed.
func TestEveryChoiceRendersValid(t *testing.T) {
	withCustom := func(q question, custom string) []choice {
		var out []choice
		for _, o := range q.opts {
			out = append(out, choice{key: o.key})
		}
		return append(out, choice{text: custom})
	}
	fronts := withCustom(qFrontend, "Angular")
	backs := withCustom(qBackend, "Elixir & Phoenix")
	dbs := withCustom(qDatabase, "MongoDB")
	stylings := append(withCustom(qStyling, "Bulma"), choice{})
	hostings := withCustom(qHosting, "A Raspberry Pi")
	looks := []string{lookClean, lookDark, lookBright, lookCalm}
	i := 0
	for _, f := range fronts {
		for _, b := range backs {
			for _, d := range dbs {
				for _, allAreas := range []bool{false, true} {
					i++
					st := newState()
					st.overview = "An app."
					st.stack = stack{frontend: f, backend: b, database: d,
						styling: stylings[i%len(stylings)], hosting: hostings[i%len(hostings)], realtime: i%2 == 0}
					st.look = looks[i%len(looks)]
					st.activities = []string{"add a task", "see reports", "chat with the team"}
					st.size = i%3 - 1
					if allAreas {
						for _, a := range areas {
							st.areas[a.key] = true
						}
						st.success = []string{sWorks, sEasy, sFast, sPolished}
						st.edits = []edit{{op: opAct, a: "users can export a PDF of the reports", key: "c1"}}
					}
					name := fmt.Sprintf("%v/%v/%v/%v", f, b, d, allAreas)
					checkRendered(t, name, st)
				}
			}
		}
	}
}

func checkRendered(t *testing.T, name string, st *state) {
	t.Helper()
	app, n := renderSpec(st, "project")
	r := spec.Check([]byte(app), []byte(prompt.Initializer(n)))
	if !r.OK() || len(r.Problems) > 0 {
		t.Fatalf("%s: %v", name, r.Problems)
	}
	if r.Spec.FeatureCount != n || r.Spec.FeatureLines() != n {
		t.Fatalf("%s: count %d, lines %d, want %d", name, r.Spec.FeatureCount, r.Spec.FeatureLines(), n)
	}
	if strings.Contains(app, "\n\n\n") {
		t.Errorf("%s: stray blank lines", name)
	}
}

// TestNoEntities: activities that name no thing still give a complete
// spec, with a table and an API for the data behind them.
func TestNoEntities(t *testing.T) {
	st := newState()
	st.activities = []string{"chat with friends", "play music"}
	st.areas[aSharing] = true
	checkRendered(t, "no entities", st)
	app, _ := renderSpec(st, "p")
	if !strings.Contains(app, "<items>") {
		t.Error("no fallback table")
	}
}

// TestEntityNamedLikeCategory: a thing named like a fixed category or
// table ("settings", "users") never duplicates an element name.
func TestEntityNamedLikeCategory(t *testing.T) {
	st := newState()
	st.activities = []string{"manage settings", "manage users", "add notifications", "create shares"}
	for _, a := range areas {
		st.areas[a.key] = true
	}
	checkRendered(t, "collisions", st)
	p := st.plan()
	seen := map[string]bool{}
	for _, c := range p.cats {
		if seen[c.name] {
			t.Errorf("category %s twice", c.name)
		}
		seen[c.name] = true
	}
	if !seen["settings_data"] || !seen["settings"] {
		t.Errorf("categories %v", seen)
	}
}

// TestInfrastructureFollowsHosting: Docker and server hosting never
// mention init.sh; the local default always does.
func TestInfrastructureFollowsHosting(t *testing.T) {
	for _, h := range []string{"docker", "server", "local"} {
		st := newState()
		st.activities = []string{"add a task"}
		st.stack.hosting = choice{key: h}
		checkRendered(t, h, st)
		app, _ := renderSpec(st, "p")
		if has := strings.Contains(app, "init.sh"); has != (h == "local") {
			t.Errorf("%s hosting: init.sh in the spec is %v", h, has)
		}
		if h == "docker" && !strings.Contains(app, "docker compose up") {
			t.Error("docker hosting does not say docker compose up")
		}
	}
}
