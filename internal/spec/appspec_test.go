package spec

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestParseGood(t *testing.T) {
	s, ps := Parse([]byte(goodSpec(t)))
	if len(ps) != 0 {
		t.Fatalf("good spec has problems:\n%s", dump(ps))
	}
	if s.ProjectName != "Tidy" || s.FeatureCount != 30 || s.CountFrom != CountFromSpec {
		t.Errorf("name %q count %d from %q, want Tidy 30 feature_count", s.ProjectName, s.FeatureCount, s.CountFrom)
	}
	if !strings.HasPrefix(s.Overview, "Tidy is a small web application") || strings.Contains(s.Overview, "\n") {
		t.Errorf("overview not collapsed: %q", s.Overview)
	}
	var cats []string
	for _, c := range s.Categories {
		cats = append(cats, c.Name)
	}
	if want := []string{"accounts", "lists", "tasks", "views", "search", "administration", "experience"}; !slices.Equal(cats, want) {
		t.Errorf("categories %v, want %v", cats, want)
	}
	if s.FeatureLines() != 30 {
		t.Errorf("%d features, want 30", s.FeatureLines())
	}
	f := s.Categories[1].Features[3]
	want := Feature{ID: "F-009", Name: "Reorder lists", Description: "Reorder lists by drag & drop in the sidebar.",
		Acceptance: []string{"Given three lists, when the user drags the last one to the top, then it stays first after a reload."},
		DependsOn:  []string{"F-006"}, Line: f.Line}
	if fmt.Sprint(f) != fmt.Sprint(want) {
		t.Errorf("feature\n got %+v\nwant %+v", f, want)
	}
	if got, cat, ok := s.Feature("F-009"); !ok || cat != "lists" || got.Name != "Reorder lists" {
		t.Errorf("Feature(F-009) = %+v, %q, %v", got, cat, ok)
	}
	var tables []string
	for _, t := range s.Tables {
		tables = append(tables, t.Name)
	}
	if want := []string{"users", "sessions", "lists", "tasks"}; !slices.Equal(tables, want) {
		t.Errorf("tables %v, want %v", tables, want)
	}
	users, _ := s.Table("users")
	if len(users.Fields) != 7 || users.Fields[0] != (Field{Name: "id", Type: "integer", Notes: "primary key"}) {
		t.Errorf("users fields %+v", users.Fields)
	}
	sessions, _ := s.Table("sessions")
	if len(sessions.Fields) != 3 || sessions.Fields[1] != (Field{Name: "user_id", References: "users"}) {
		t.Errorf("sessions fields %+v", sessions.Fields)
	}
	if lists, _ := s.Table("lists"); len(lists.Fields) != 6 || lists.Fields[5].Name != "created_at" {
		t.Errorf("lists fields %+v", lists.Fields)
	}
	var areas []string
	for _, a := range s.APIAreas {
		areas = append(areas, a.Name)
	}
	if want := []string{"authentication", "lists", "tasks", "admin"}; !slices.Equal(areas, want) {
		t.Errorf("api areas %v, want %v", areas, want)
	}
	eps := s.Endpoints()
	if len(eps) != 20 || eps[0].Method != "POST" || eps[0].Path != "/api/auth/signup" {
		t.Errorf("endpoints: %d, first %+v", len(eps), eps[0])
	}
	if want := []string{"user", "admin"}; !slices.Equal(s.RoleNames(), want) {
		t.Errorf("roles %v, want %v", s.RoleNames(), want)
	}
	if r := s.Security.Roles[1]; len(r.Permissions) != 2 || r.ProtectedRoutes[0] != "/admin/* (requires admin role)" {
		t.Errorf("admin role %+v", r)
	}
	if len(s.Steps) != 5 || s.Steps[4].Title != "Polish" || s.Steps[4].Number != 5 || len(s.Steps[3].Tasks) != 3 {
		t.Errorf("steps %+v", s.Steps)
	}
	if be, ok := Find(s.Stack, "backend"); !ok || len(be.Sections) != 3 {
		t.Errorf("stack backend %+v", be)
	}
	if db, ok := Find(s.Stack, "database"); !ok || db.Text() != "SQLite through better-sqlite3" {
		t.Errorf("stack database %+v", db)
	}
	if len(s.NotApplicable) != 0 {
		t.Errorf("not applicable: %+v", s.NotApplicable)
	}
}

// The reference's plain form, one "- " line a feature, stays valid input:
// no errors, and the only warnings say what the version 2 form adds.
func TestParseReferenceForm(t *testing.T) {
	s, ps := Parse([]byte(fixture(t, "reference_app_spec.txt")))
	for _, p := range ps {
		if p.Severity == SeverityError || p.Rule != RuleNoAcceptance && p.Rule != RuleFragment {
			t.Errorf("unexpected: %s", p)
		}
	}
	if s.FeatureLines() != 30 || s.Features()[0].ID != "" || s.Features()[0].Description != "Sign up with email, display name and password" {
		t.Errorf("features %d, first %+v", s.FeatureLines(), s.Features()[0])
	}
	if f := s.Categories[6].Features[0]; f.Name != "Keyboard shortcuts" {
		t.Errorf("lead-in before a colon should name the feature: %+v", f)
	}
}

func TestParseWholeFile(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		wants []want
	}{
		{"empty", "", []want{{SeverityError, 0, "empty"}}},
		{"blank", " \n\t\n", []want{{SeverityError, 0, "empty"}}},
		{"not utf-8", "<project_specification>\n<overview>caf\xe9</overview>\n</project_specification>",
			[]want{{SeverityError, 2, "not valid UTF-8"}}},
		{"wrong root", "<?xml version=\"1.0\"?>\n<app_spec>\n<project_name>x</project_name>\n</app_spec>",
			[]want{{SeverityError, 2, "root element is <app_spec>"}}},
		{"no element", "just prose", []want{
			{SeverityWarning, 1, "text before"},
			{SeverityError, 0, "no XML element"},
		}},
		{"markdown", "# Recipe Box\n\n## Features\n- Add recipes & photos\n- Plan meals\n", []want{
			{SeverityError, 0, "a Markdown document, not the XML spec"},
		}},
		{"latin-1 declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<project_specification/>",
			[]want{{SeverityError, 1, "encoding other than UTF-8"}}},
		{"truncated", "<project_specification>\n<overview>A recipe app",
			[]want{{SeverityError, 2, "the file ends before <overview> is closed"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ps := Parse([]byte(tt.data))
			if s != nil {
				t.Errorf("Spec = %+v, want nil", s)
			}
			only(t, ps, tt.wants...)
		})
	}
}

func TestParseOutsideRoot(t *testing.T) {
	good := goodSpec(t)
	fenced := "```xml\n" + good + "```\n"
	s, ps := Parse([]byte(fenced))
	only(t, ps, want{SeverityWarning, 1, "wrapped in a Markdown code fence"})
	if s == nil || s.FeatureCount != 30 {
		t.Errorf("the rest of a fenced spec should still be read, got %+v", s)
	}

	twice := good + "<project_specification/>\n"
	_, ps = Parse([]byte(twice))
	only(t, ps, want{SeverityError, lineOf(t, good, "</project_specification>") + 1, "second top-level element"})
}

func TestParseMissingSection(t *testing.T) {
	good := goodSpec(t)
	for _, sec := range sections {
		t.Run(sec.name, func(t *testing.T) {
			s, ps := Parse([]byte(cut(t, good, sec.name)))
			switch {
			case sec.name == "feature_count":
				only(t, ps, want{SeverityError, 0, "no feature count"})
			case sec.name == "core_features":
				expect(t, ps, want{SeverityError, 0, "no feature list"})
			case sec.required:
				expect(t, ps, want{SeverityError, 0, "required section <" + sec.name + "> is missing"})
			default:
				// Real specs leave these out and agents build from them:
				// a warning, and for the parts that may not apply, a hint
				// to declare so.
				p, ok := find(ps, want{SeverityWarning, 0, "section <" + sec.name + "> is missing"})
				if !ok || sec.part != "" && !strings.Contains(p.Hint, "does not apply") {
					t.Errorf("missing or hintless warning:\n%s", dump(ps))
				}
				if countSev(ps, SeverityError) > 0 {
					t.Errorf("a missing optional section is not an error:\n%s", dump(ps))
				}
			}
			if s == nil {
				t.Error("Spec is nil; a spec with a missing section is still read")
			}
		})
	}
}

// A part declared not applicable needs no section, in either way of
// declaring it: the section saying none, or the stack.
func TestParseNotApplicable(t *testing.T) {
	good := goodSpec(t)
	noDB := cut(t, cut(t, good, "database_schema"), "api_endpoints_summary")
	noDB = edit(t, noDB, "<database>SQLite through better-sqlite3</database>", "<database>none - the lists stay in the browser's local storage</database>")
	noDB = edit(t, noDB, "<runtime>Node.js 20 with Express</runtime>", "<runtime>none: no server, a static site</runtime>")
	s, ps := Parse([]byte(noDB))
	for _, p := range ps {
		if p.Rule == RuleRecommended && strings.Contains(p.Message, "database_schema") {
			t.Errorf("declared database still asked for: %s", p)
		}
	}
	if !s.IsNotApplicable("database") {
		t.Errorf("not applicable: %+v", s.NotApplicable)
	}

	declared := edit(t, good, good[strings.Index(good, "<database_schema>"):strings.Index(good, "</database_schema>")+len("</database_schema>")],
		"<database_schema>none: the app keeps nothing between visits</database_schema>")
	s, _ = Parse([]byte(declared))
	if !s.IsNotApplicable("database") || len(s.Tables) != 0 || s.NotApplicable[0].Reason != "none: the app keeps nothing between visits" {
		t.Errorf("declared in the section: %+v, tables %v", s.NotApplicable, s.Tables)
	}
	ui := edit(t, good, good[strings.Index(good, "<ui_layout>"):strings.Index(good, "</ui_layout>")+len("</ui_layout>")],
		"<ui_layout>not applicable: an API with no interface</ui_layout>")
	if s, _ := Parse([]byte(ui)); !s.IsNotApplicable("ui") {
		t.Errorf("ui not applicable: %+v", s.NotApplicable)
	}
	// Prose that merely starts like a declaration is not one.
	if s, _ := Parse([]byte(good)); s.IsNotApplicable("database") {
		t.Error("good spec declares the database not applicable")
	}
}

// A missing part inside a section is a warning: completion asks only for
// the sections (spec-format.md), and a terse but complete spec passes.
func TestParseMissingSubElement(t *testing.T) {
	good := goodSpec(t)
	for _, sec := range sections {
		for _, kid := range sec.kids {
			t.Run(sec.name+"/"+kid, func(t *testing.T) {
				_, ps := Parse([]byte(cut(t, good, kid)))
				expect(t, ps, want{SeverityWarning, lineOf(t, good, "<"+sec.name+">"), fmt.Sprintf("<%s> has no <%s>", sec.name, kid)})
				for _, p := range ps {
					if p.Severity == SeverityError {
						t.Errorf("unexpected error: %v", p)
					}
				}
			})
		}
	}
	t.Run("implementation_steps/step", func(t *testing.T) {
		data := good
		for strings.Contains(data, "<step ") {
			i := strings.Index(data, "<step ")
			j := strings.Index(data, "</step>") + len("</step>")
			data = data[:i] + data[j:]
		}
		_, ps := Parse([]byte(data))
		only(t, ps, want{SeverityWarning, lineOf(t, good, "<implementation_steps>"), "<implementation_steps> is empty"})
	})
}

func TestParseOrderAndDuplicates(t *testing.T) {
	good := goodSpec(t)
	// Move <overview> after <technology_stack>.
	ov := good[strings.Index(good, "<overview>") : strings.Index(good, "</overview>")+len("</overview>")]
	moved := edit(t, edit(t, good, ov, ""), "<prerequisites>", ov+"\n  <prerequisites>")
	_, ps := Parse([]byte(moved))
	p, ok := find(ps, want{SeverityWarning, lineOf(t, moved, "<overview>"), "<overview> is out of order"})
	if !ok || !strings.Contains(p.Hint, "before <technology_stack>") {
		t.Errorf("order warning missing or without the right hint:\n%s", dump(ps))
	}
	if countSev(ps, SeverityError) != 0 || len(ps) != 1 {
		t.Errorf("want exactly one warning:\n%s", dump(ps))
	}

	dupOverview := edit(t, good, "<feature_count>", "<overview>Again.</overview>\n<feature_count>")
	_, ps = Parse([]byte(dupOverview))
	only(t, ps, want{SeverityWarning, lineOf(t, dupOverview, "<overview>Again"), "<overview> appears again"})
}

func TestParseFeatureCount(t *testing.T) {
	good := goodSpec(t)
	line := lineOf(t, good, "<feature_count>")
	tests := []struct {
		element string
		count   int
		wants   []want
	}{
		{"<feature_count>30</feature_count>", 30, nil},
		{"<feature_count>\n    30\n  </feature_count>", 30, nil},
		// In the version 2 form each feature is one of the count.
		{"<feature_count>1</feature_count>", 1, []want{{SeverityError, line, "feature_count is 1 but 30 features are listed"}}},
		{"<feature_count>300</feature_count>", 300, []want{{SeverityError, line, "feature_count is 300 but 30"}}},
		{"<feature_count>0</feature_count>", 0, []want{{SeverityError, line, "outside 1–1000"}}},
		{"<feature_count>1001</feature_count>", 0, []want{{SeverityError, line, "outside 1–1000"}}},
		{"<feature_count>99999999999999999999999</feature_count>", 0, []want{{SeverityError, line, "outside 1–1000"}}},
		{"<feature_count>-5</feature_count>", 0, []want{{SeverityError, line, "whole number"}}},
		{"<feature_count>30 features</feature_count>", 30, []want{{SeverityWarning, line, `holds "30 features"; read as 30`}}},
		{"<feature_count>~30</feature_count>", 30, []want{{SeverityWarning, line, `read as 30`}}},
		{"<feature_count>thirty</feature_count>", 0, []want{{SeverityError, line, "whole number"}}},
		{"<feature_count>12.5</feature_count>", 0, []want{{SeverityError, line, "whole number"}}},
		{"<feature_count>[FEATURE_COUNT]</feature_count>", 0, []want{{SeverityError, line, `found "[FEATURE_COUNT]"`}}},
		{"<feature_count></feature_count>", 0, []want{{SeverityError, line, "<feature_count> is empty"}}},
		{"<feature_count><n>30</n></feature_count>", 0, []want{{SeverityError, line, "only a number"}}},
		{"<feature_count>30</feature_count><feature_count>40</feature_count>", 30, []want{{SeverityError, line, "<feature_count> appears again"}}},
	}
	for _, tt := range tests {
		t.Run(tt.element, func(t *testing.T) {
			s, ps := Parse([]byte(edit(t, good, "<feature_count>30</feature_count>", tt.element)))
			only(t, ps, tt.wants...)
			if s.FeatureCount != tt.count {
				t.Errorf("FeatureCount = %d, want %d", s.FeatureCount, tt.count)
			}
		})
	}
}

func TestParseLineEndings(t *testing.T) {
	crlf := strings.ReplaceAll(goodSpec(t), "\n", "\r\n")
	s, ps := Parse([]byte(crlf))
	if len(ps) != 0 || s.FeatureCount != 30 || s.FeatureLines() != 30 {
		t.Errorf("CRLF spec: count %d, lines %d, problems:\n%s", s.FeatureCount, s.FeatureLines(), dump(ps))
	}
	bom := "\ufeff" + goodSpec(t)
	if _, ps := Parse([]byte(bom)); len(ps) != 0 {
		t.Errorf("BOM spec has problems:\n%s", dump(ps))
	}
}

func TestParseDeepNesting(t *testing.T) {
	data := "<project_specification>" + strings.Repeat("<a>", 10000) + strings.Repeat("</a>", 10000) + "</project_specification>"
	s, ps := Parse([]byte(data))
	if s != nil {
		t.Error("Spec is not nil")
	}
	expect(t, ps, want{SeverityError, 1, "nested more than"})
}
