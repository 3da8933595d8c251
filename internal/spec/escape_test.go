package spec

import (
	"strings"
	"testing"
)

// TestParseEscapes plants one mistake in the good spec and checks that
// it is recovered, not rejected: a warning with the line, the message and
// a hint that spells out the corrected text, and the spec read as the
// characters stand.
func TestParseEscapes(t *testing.T) {
	good := goodSpec(t)
	tests := []struct {
		name, old, new string
		text, hint     string // substrings of message and hint
	}{
		{"bare ampersand", "Tidy is a small web application", "Tidy is a fast & small web application",
			"unescaped & in text", `"Tidy is a fast &amp; small web`},
		{"ampersand in a word", "<database>SQLite through better-sqlite3</database>", "<database>SQLite R&D build</database>",
			"unescaped & in text", `"SQLite R&amp;D build"`},
		{"ampersand at end of line", "Sign in and sign out.", "Sign in &",
			"unescaped & in text", `"Sign in &amp;"`},
		{"ampersand in an attribute", `<role name="admin">`, `<role name="admin & owner">`,
			"unescaped & in an attribute value", `admin &amp; owner`},
		{"HTML entity", "Highlight matching text in search results.", "Highlight&nbsp;matching text",
			"unknown entity &nbsp;", "instead of &nbsp;"},
		{"unknown entity like a word", "<runtime>Node.js 20 with Express</runtime>", "<runtime>AT&T;</runtime>",
			"unknown entity &T;", `"AT&amp;T;"`},
		{"less than and space", "- 16 px body, 14 px secondary text", "- body text < 18 px",
			"unescaped < in text", `"- body text &lt; 18 px`},
		{"less than and digit", "- Every action gives visible feedback within 200 ms", "- Feedback in <200 ms",
			"unescaped < in text", `"- Feedback in &lt;200 ms"`},
		{"less or equal", "<session_timeout>7 days of inactivity</session_timeout>", "<session_timeout>idle <= 7 days</session_timeout>",
			"unescaped < in text", `"idle &lt;= 7 days"`},
		{"less than in an attribute", `<step number="3">`, `<step number="<3">`,
			"unescaped < in an attribute value", `&lt;3`},
	}
	// Checking past the escapes finds this too, in the same round.
	extra := map[string]want{"less than in an attribute": {SeverityWarning, -1, "no valid number attribute"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := edit(t, good, tt.old, tt.new)
			s, ps := Parse([]byte(data))
			if s == nil || s.FeatureCount != 30 {
				t.Fatal("a spec with a stray character is still read")
			}
			p, ok := find(ps, want{SeverityWarning, lineOf(t, data, tt.new), tt.text})
			if !ok {
				t.Fatalf("want %q on line %d; got:\n%s", tt.text, lineOf(t, data, tt.new), dump(ps))
			}
			if !strings.Contains(p.Hint, tt.hint) {
				t.Errorf("hint %q does not contain %q", p.Hint, tt.hint)
			}
			if w, ok := extra[tt.name]; ok {
				only(t, ps, want{SeverityWarning, p.Line, tt.text}, w)
			} else if len(ps) != 1 {
				t.Errorf("want one problem, got:\n%s", dump(ps))
			}
		})
	}
	// The repaired text is what the model holds.
	s, _ := Parse([]byte(edit(t, good, "Tidy is a small web application", "Tidy is a fast & small <web> application")))
	if !strings.HasPrefix(s.Overview, "Tidy is a fast & small <web> application") {
		t.Errorf("overview read as %q", s.Overview)
	}
}

// TestParseEveryEscape checks that all unescaped characters are
// reported at once, not only the first the decoder meets, and that markup
// which may hold them (comments, CDATA, entities) is left alone.
func TestParseEveryEscape(t *testing.T) {
	good := goodSpec(t)
	data := edit(t, good, "Sign in and sign out.", "Sign in & sign out.")
	data = edit(t, data, "Rename a list.", "Rename a list <!-- A & B < C --> &amp; &#38; &#x26;")
	data = edit(t, data, "Delete a task.\n", "Delete a task <![CDATA[ x < y && z ]]>\n")
	data = edit(t, data, "Set a due date on a task.", "Set a due date (< 1 year)")
	data = edit(t, data, "- Both themes meet WCAG AA contrast", "- Both themes: Q&A & WCAG AA")
	s, ps := Parse([]byte(data))
	only(t, ps,
		want{SeverityWarning, lineOf(t, data, "Sign in & sign"), "unescaped & in text"},
		want{SeverityWarning, lineOf(t, data, "(< 1 year)"), "unescaped < in text"},
		want{SeverityWarning, lineOf(t, data, "Q&A"), "unescaped & in text"},
	)
	p, _ := find(ps, want{SeverityWarning, lineOf(t, data, "Q&A"), "unescaped"})
	if !strings.Contains(p.Hint, "Q&amp;A &amp; WCAG") {
		t.Errorf("hint should fix every & of the line: %q", p.Hint)
	}
	if f, _, _ := s.Feature("F-014"); f.Description != "Delete a task x < y && z" {
		t.Errorf("CDATA read as %q", f.Description)
	}
}

func TestParseManyEscapes(t *testing.T) {
	var b strings.Builder
	b.WriteString("<project_specification>\n<overview>\n")
	for range 40 {
		b.WriteString("A & B\n")
	}
	b.WriteString("</overview>\n</project_specification>\n")
	_, all := Parse([]byte(b.String()))
	var ps []Problem
	for _, p := range all {
		if strings.Contains(p.Message, "unescaped") {
			ps = append(ps, p)
		}
	}
	if len(ps) != maxEscapeProblems+1 {
		t.Fatalf("got %d problems, want %d:\n%s", len(ps), maxEscapeProblems+1, dump(all))
	}
	expect(t, ps, want{SeverityWarning, 0, "15 more unescaped characters"})
}

func TestParseUnclosed(t *testing.T) {
	good := goodSpec(t)
	t.Run("component name in prose", func(t *testing.T) {
		data := edit(t, good, "<routing>React Router</routing>", "<routing>React Router, wrapped in <AuthProvider></routing>")
		s, ps := Parse([]byte(data))
		p, ok := find(ps, want{SeverityWarning, lineOf(t, data, "<AuthProvider>"), "<AuthProvider> is never closed; it is read as text"})
		if !ok || !strings.Contains(p.Hint, "write &lt;AuthProvider&gt;") || len(ps) != 1 {
			t.Errorf("got:\n%s", dump(ps))
		}
		if r, _ := Find(s.Stack, "routing"); r.Text() != "React Router, wrapped in <AuthProvider>" {
			t.Errorf("routing read as %q", r.Text())
		}
	})
	t.Run("stray end tag", func(t *testing.T) {
		data := edit(t, good, "<styling>Tailwind CSS</styling>", "<styling>Tailwind CSS</styling></sidebar>")
		s, ps := Parse([]byte(data))
		only(t, ps, want{SeverityWarning, lineOf(t, data, "</sidebar>"), "end tag </sidebar> has no start tag"})
		if s == nil || s.FeatureCount != 30 {
			t.Error("the rest of the spec is still read")
		}
	})
	t.Run("invalid element name", func(t *testing.T) {
		for _, bad := range []string{"<user roles>x</user roles>", "<3d_engine>x</3d_engine>"} {
			data := edit(t, good, "<styling>Tailwind CSS</styling>", bad)
			_, ps := Parse([]byte(data))
			expect(t, ps, want{SeverityError, lineOf(t, data, bad), "invalid element name"})
		}
	})
	t.Run("cut short", func(t *testing.T) {
		data := good[:strings.Index(good, "<design_system>")]
		_, ps := Parse([]byte(data))
		only(t, ps, want{SeverityError, lineOf(t, good, "<project_specification>"), "the file ends before <project_specification> is closed"})
	})
	t.Run("unquoted attribute", func(t *testing.T) {
		data := edit(t, good, `<step number="2">`, `<step number=2>`)
		_, ps := Parse([]byte(data))
		p, ok := find(ps, want{SeverityError, lineOf(t, data, "<step number=2>"), "does not parse"})
		if !ok || !strings.Contains(p.Hint, "quote attribute values") {
			t.Errorf("got:\n%s", dump(ps))
		}
	})
}

// TestParsePastEscapes checks that the checks behind the first
// unescaped character run in the same round.
func TestParsePastEscapes(t *testing.T) {
	good := goodSpec(t)
	data := edit(t, good, "Tidy is a small", "Tidy is a fast & small")
	data = edit(t, data, "<routing>React Router</routing>", "<routing>React Router and <Outlet></routing>")
	data = cut(t, data, "overview")
	data = edit(t, data, "Sign in and sign out.", "Sign in &nbsp; out.")
	s, ps := Parse([]byte(data))
	if s == nil {
		t.Fatal("Spec is nil")
	}
	only(t, ps,
		want{SeverityWarning, lineOf(t, data, "&nbsp;"), "unknown entity &nbsp;"},
		want{SeverityWarning, lineOf(t, data, "<Outlet>"), "<Outlet> is never closed"},
		want{SeverityError, 0, "required section <overview> is missing"},
	)

	// Text outside the root is reported once, though read on every pass.
	_, ps = Parse([]byte("Here is the spec:\n" + data))
	if n := strings.Count(dump(ps), "text before"); n != 1 {
		t.Errorf("text outside the root reported %d times:\n%s", n, dump(ps))
	}
}
