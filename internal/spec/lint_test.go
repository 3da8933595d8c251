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
			[]want{{SeverityError, 0, `placeholder text left: "[STYLING_CHOICE]"`}}},
		{"placeholder FEATURE_COUNT in prose", "Sign in and sign out.", "Sign in ([FEATURE_COUNT] tests).",
			[]want{{SeverityError, 0, `"[FEATURE_COUNT]"`}}},
		{"placeholder snake case", "Sign in and sign out.", "[feature_name]",
			[]want{{SeverityError, 0, `"[feature_name]"`}}},
		{"placeholder your", "<project_name>Tidy</project_name>", "<project_name>[Your app name]</project_name>",
			[]want{{SeverityError, 0, `"[Your app name]"`}}},
		{"placeholder in attribute", `<role name="admin">`, `<role name="[role_name]">`, []want{
			{SeverityError, 0, `"[role_name]"`},
			{SeverityWarning, -1, `names role "admin"`}, // the protected route now names an undefined role
		}},
		{"TBD", "<session_timeout>7 days of inactivity</session_timeout>", "<session_timeout>TBD</session_timeout>",
			[]want{{SeverityWarning, 0, `"TBD"`}}},
		{"TODO note", "<spacing>4 px base unit", "<spacing>TODO: pick a unit",
			[]want{{SeverityWarning, 0, `"TODO"`}}},
		{"lorem ipsum", "Sign in and sign out.", "Lorem ipsum dolor sit amet.",
			[]want{{SeverityWarning, 0, `"Lorem ipsum"`}}},
		{"empty section", "<typography>\n      - Inter, falling back to the system sans-serif stack\n      - 16 px body, 14 px secondary text, 20 px list titles\n    </typography>",
			"<typography>  </typography>", []want{{SeverityWarning, 0, "<typography> is empty"}}},
		{"empty optional element", "<spacing>4 px base unit; cards have 16 px padding and 8 px radius</spacing>", "<spacing/>",
			[]want{{SeverityWarning, 0, "<spacing> is empty"}}},
		{"empty category", "<administration>", "<archive></archive>\n    <administration>",
			[]want{{SeverityWarning, 0, "feature category <archive> has no features"}}},
		{"template category name", "<search>", "<category_name>", []want{{SeverityError, 0, "<category_name> is a name copied"}}},
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := edit(t, good, tt.old, tt.new)
			if tt.name == "template category name" {
				data = edit(t, data, "</search>", "</category_name>")
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
	if n := countSev(ps, SeverityError); n != maxPlaceholderProblems+1 {
		t.Errorf("%d errors, want %d", n, maxPlaceholderProblems+1)
	}
	expect(t, ps, want{SeverityError, 0, "10 more lines with placeholder text"})
}
