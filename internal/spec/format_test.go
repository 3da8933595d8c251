package spec

import (
	"encoding/json"
	"testing"
)

// A model built in code (as the guided interview does) survives Format
// and Parse: the same values come back, text with & and < included, and
// the checks find nothing to say.
func TestFormatRoundTrip(t *testing.T) {
	in := &Spec{
		ProjectName: "R&D <Lab> Notes",
		Overview:    "A notebook for a lab's R&D team, with results < 1 day old on top.",
		Stack: []Section{
			{Name: "frontend", Sections: []Section{{Name: "framework", Lines: []string{"React"}}}},
			{Name: "backend", Sections: []Section{{Name: "runtime", Lines: []string{"Node.js & Express"}}, {Name: "database", Lines: []string{"SQLite"}}}},
		},
		Prerequisites: []Section{{Name: "environment_setup", Lines: []string{"Node 20", "Port 3000 & 5173"}}},
		FeatureCount:  2,
		Security: Security{
			Roles:          []Role{{Name: "member", Permissions: []string{"Write notes"}, ProtectedRoutes: []string{"/notes (members)"}}},
			Authentication: []Section{{Name: "method", Lines: []string{"Email & password"}}},
		},
		Categories: []Category{
			{Name: "notes", Features: []Feature{
				{ID: "F-001", Name: "Write a note", Description: "Members write a note with a title & a body.",
					Acceptance: []string{"Given a member, when they save a note, then it shows first."}},
				{ID: "F-002", Name: "Search notes", Description: "Members search notes by title.", DependsOn: []string{"F-001"},
					Acceptance: []string{"Given two notes, when a member searches for R&D, then only matching notes show."}},
			}},
		},
		Tables: []Table{{Name: "notes", Fields: []Field{
			{Name: "id", Type: "integer", Notes: "primary key"},
			{Name: "author_id", Type: "integer", Required: true, References: "members"},
			{Name: "title", Type: "text", Required: true, Notes: "R&D <topic>"},
		}}, {Name: "members", Fields: []Field{{Name: "id", Type: "integer"}}}},
		APIAreas: []APIArea{{Name: "notes", Endpoints: []Endpoint{
			{Method: "GET", Path: "/api/notes", Description: "list notes & their authors"},
			{Method: "POST", Path: "/api/notes/:id/read", Description: "mark a note read"},
		}}},
		UI:              []Section{{Name: "main_structure", Lines: []string{"A list & a side panel"}}},
		Design:          []Section{{Name: "color_palette", Sections: []Section{{Name: "color", Attrs: []Attr{{"name", "Teal"}, {"hex", "#7FA9AE"}}}}}, {Name: "typography", Lines: []string{"Inter"}}},
		Steps:           []Step{{Number: 1, Title: "Notes", Tasks: []string{"Schema & API"}}},
		SuccessCriteria: []Section{{Name: "functionality", Lines: []string{"Every feature passes its criteria"}}},
	}
	out, ps := Parse(Format(in))
	if out == nil {
		t.Fatalf("Format wrote what Parse cannot read: %s", dump(ps))
	}
	for _, p := range ps {
		if p.Rule == RuleEscape || p.Rule == RuleSyntax {
			t.Errorf("Format wrote malformed XML: %s", p)
		}
	}
	clearLines(out)
	out.CountFrom = ""
	// JSON compares what the model says, not whether an empty list is nil.
	a, _ := json.Marshal(in)
	b, _ := json.Marshal(out)
	if string(a) != string(b) {
		t.Errorf("round trip changed the model:\n in %s\nout %s", a, b)
	}
	if r := Check(Format(in), []byte("Create exactly 2 features.")); len(r.Problems) != 0 {
		t.Errorf("a model built in code has problems:\n%s", dump(r.Problems))
	}
}

// clearLines zeroes the line numbers Parse records, which a model built
// in code has not.
func clearLines(s *Spec) {
	for i := range s.Categories {
		s.Categories[i].Line = 0
		for j := range s.Categories[i].Features {
			s.Categories[i].Features[j].Line = 0
		}
	}
	for i := range s.Tables {
		s.Tables[i].Line = 0
	}
	for i := range s.APIAreas {
		s.APIAreas[i].Line = 0
		for j := range s.APIAreas[i].Endpoints {
			s.APIAreas[i].Endpoints[j].Line = 0
		}
	}
	for i := range s.Security.Roles {
		s.Security.Roles[i].Line = 0
	}
	for i := range s.Steps {
		s.Steps[i].Line = 0
	}
}
