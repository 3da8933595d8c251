package spec

import (
	"strings"
	"testing"
)

func TestParseWarnings(t *testing.T) {
	good := goodSpec(t)
	tests := []struct {
		name, old, new string
		wants          []want // line 0 here means: the line of new
	}{
		{"placeholder bracket", "<styling>Tailwind CSS</styling>", "<styling>[STYLING_CHOICE]</styling>",
			[]want{{SeverityWarning, 0, `placeholder text left: "[STYLING_CHOICE]"`}}},
		{"placeholder FEATURE_COUNT in prose", "- Sign in and sign out", "- Sign in ([FEATURE_COUNT] tests)",
			[]want{{SeverityWarning, 0, `"[FEATURE_COUNT]"`}}},
		{"placeholder snake case", "- Sign in and sign out", "- [feature_name]",
			[]want{{SeverityWarning, 0, `"[feature_name]"`}}},
		{"placeholder template category", "<search>\n", "<search>\n      - [category] search\n",
			[]want{{SeverityWarning, -1, `"[category]"`}, {SeverityWarning, -1, "lists 31 features"}}},
		{"placeholder ellipsis", "- Confirmation dialogs", "- [...] Confirmation dialogs",
			[]want{{SeverityWarning, 0, `"[...]"`}}},
		{"placeholder your", "<project_name>Tidy</project_name>", "<project_name>[Your app name]</project_name>",
			[]want{{SeverityWarning, 0, `"[Your app name]"`}}},
		{"placeholder in attribute", `<role name="admin">`, `<role name="[role_name]">`, []want{
			{SeverityWarning, 0, `"[role_name]"`},
			{SeverityWarning, -1, `names role "admin"`}, // the protected route now names an undefined role
		}},
		{"TBD", "<session_timeout>7 days of inactivity</session_timeout>", "<session_timeout>TBD</session_timeout>",
			[]want{{SeverityWarning, 0, `"TBD"`}}},
		{"TODO note", "<spacing>4 px base unit", "<spacing>TODO: pick a unit",
			[]want{{SeverityWarning, 0, `"TODO"`}}},
		{"lorem ipsum", "- Sign in and sign out", "- Lorem ipsum dolor",
			[]want{{SeverityWarning, 0, `"Lorem ipsum"`}}},
		{"empty section", "<typography>\n      - Inter, falling back to the system sans-serif stack\n      - 16 px body, 14 px secondary text, 20 px list titles\n    </typography>",
			"<typography>  </typography>", []want{{SeverityWarning, 0, "<typography> is empty"}}},
		{"empty optional element", "<spacing>4 px base unit; cards have 16 px padding and 8 px radius</spacing>", "<spacing/>",
			[]want{{SeverityWarning, 0, "<spacing> is empty"}}},
		{"category without bullets", "<search>\n      - Search task titles and notes across all lists\n      - Highlight matching text in search results\n    </search>",
			"<search>Search titles and notes.</search>", []want{
				{SeverityWarning, 0, "feature category <search> has no feature lines"},
			}},
		{"empty category", "<search>\n      - Search task titles and notes across all lists\n      - Highlight matching text in search results\n    </search>",
			"<search></search>", []want{
				{SeverityWarning, 0, "feature category <search> has no feature lines"},
			}},
		{"template category name", "<search>\n      - Search task titles and notes across all lists\n      - Highlight matching text in search results\n    </search>",
			"<category_name>\n      - Search task titles and notes across all lists\n      - Highlight matching text in search results\n    </category_name>",
			[]want{{SeverityWarning, 0, "<category_name> looks like a name copied"}}},
		{"undefined role", "- /admin/* (requires admin role)", "- /admin/* (requires moderator role)",
			[]want{{SeverityWarning, 0, `names role "moderator"`}}},
		{"undefined role after colon", "- /settings (signed-in users only)", "- /settings (roles: owner)",
			[]want{{SeverityWarning, 0, `names role "owner"`}}},
		{"role without a name", `<role name="admin">`, `<role>`, []want{
			{SeverityWarning, 0, "a <role> has no name"},
			{SeverityWarning, -1, `names role "admin"`},
		}},
		{"step without number", `<step number="3">`, `<step>`,
			[]want{{SeverityWarning, 0, "no valid number"}}},
		{"steps out of sequence", `<step number="3">`, `<step number="7">`,
			[]want{{SeverityWarning, -1, "steps are numbered 1, 2, 7, 4, 5"}}},
		{"step without tasks", "<title>Polish</title>\n      <tasks>\n        - Keyboard shortcuts, dark theme, empty states, responsive layout\n      </tasks>",
			"<title>Polish</title>", []want{{SeverityWarning, -1, "a <step> has no <tasks>"}}},
		{"no categories", "<core_features>", "<core_features/><old_features>", []want{
			{SeverityWarning, 0, "<core_features> lists no feature categories"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := edit(t, good, tt.old, tt.new)
			if tt.name == "no categories" {
				data = edit(t, data, "</core_features>", "</old_features>")
			}
			ws := make([]want, len(tt.wants))
			for i, w := range tt.wants {
				if w.line == 0 {
					w.line = lineOf(t, data, tt.new)
				}
				ws[i] = w
			}
			s, ps := Parse([]byte(data))
			if s == nil {
				t.Fatal("Spec is nil")
			}
			only(t, ps, ws...)
		})
	}
}

// TestParseNoFalseAlarms feeds prose that resembles the warnings'
// triggers but is fine.
func TestParseNoFalseAlarms(t *testing.T) {
	good := goodSpec(t)
	edits := [][2]string{
		{"- Sign in and sign out", "- Sign in and sign out; the TODO items view lists open tasks"},
		{"- Rename a list", "- Rename a list via PATCH with user[list_name] form fields"},
		{"- Create a list with a name and a colour", "- Create a list with a name and a colour [auth_required]"},
		{"- Delete a task\n", "- Delete a task; a [ ] box becomes [x] when done\n"},
		{"- Set a due date on a task", "- Set a due date; press [Enter] to save"},
		{"- /lists/* (signed-in users only)", "- /lists/* (any role; owner only)"},
		{"- /settings (signed-in users only)", "- /settings (requires a user's role, e.g. user role)"},
		{"- /admin/* (requires admin role)", "- /admin/* (requires Admins role)"},
		{"- Search task titles and notes across all lists", "- Search titles &amp; notes (results &lt; 200 ms)"},
	}
	data := good
	for _, e := range edits {
		data = edit(t, data, e[0], e[1])
	}
	if _, ps := Parse([]byte(data)); len(ps) != 0 {
		t.Errorf("want no problems, got:\n%s", dump(ps))
	}
}

func TestParseRoleAliases(t *testing.T) {
	data := edit(t, goodSpec(t), `<role name="admin">`, `<role name="Administrator">`)
	data = edit(t, data, "(requires admin role)", "(requires admin role; role: administrators)")
	if _, ps := Parse([]byte(data)); len(ps) != 0 {
		t.Errorf("want no problems, got:\n%s", dump(ps))
	}
}

func TestParseFeatureElements(t *testing.T) {
	// Some models write one element per feature instead of bullet lines.
	data := edit(t, refSpec(t), "<search>\n      - Search task titles and notes across all lists\n      - Highlight matching text in search results\n    </search>",
		"<search><feature>Search titles and notes</feature><feature>Highlight matches in the results</feature></search>")
	s, ps := Parse([]byte(data))
	if ps = without(ps, RuleNoAcceptance, RuleFragment); len(ps) != 0 {
		t.Errorf("want no problems, got:\n%s", dump(ps))
	}
	var got []string
	for _, f := range s.Categories[4].Features {
		got = append(got, f.Description)
	}
	if strings.Join(got, "|") != "Search titles and notes|Highlight matches in the results" {
		t.Errorf("features %q", got)
	}
}

func TestPlaceholderLimit(t *testing.T) {
	var b strings.Builder
	for range 30 {
		b.WriteString("- [FEATURE_NAME]\n")
	}
	data := edit(t, goodSpec(t), "<modals>", "<modals>\n"+b.String())
	_, ps := Parse([]byte(data))
	if n := countSev(ps, SeverityWarning); n != maxPlaceholderProblems+1 {
		t.Errorf("%d warnings, want %d", n, maxPlaceholderProblems+1)
	}
	expect(t, ps, want{SeverityWarning, 0, "10 more lines with placeholder text"})
}
