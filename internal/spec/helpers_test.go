package spec

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fixture returns a file of testdata as a string.
func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func goodSpec(t testing.TB) string        { return fixture(t, "app_spec.txt") }
func refSpec(t testing.TB) string         { return fixture(t, "reference_app_spec.txt") }
func goodInitializer(t testing.TB) string { return fixture(t, "initializer_prompt.md") }

// edit replaces old, which must occur in s exactly once, with new.
func edit(t testing.TB, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("edit: %q occurs %d times, want 1", old, n)
	}
	return strings.Replace(s, old, new, 1)
}

// lineOf returns the 1-based line of the first occurrence of sub.
func lineOf(t testing.TB, s, sub string) int {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("lineOf: %q not found", sub)
	}
	return strings.Count(s[:i], "\n") + 1
}

// cut removes the first <name>…</name> element from s.
func cut(t testing.TB, s, name string) string {
	t.Helper()
	i := strings.Index(s, "<"+name+">")
	if i < 0 {
		t.Fatalf("cut: <%s> not found", name)
	}
	end := "</" + name + ">"
	j := strings.Index(s[i:], end)
	if j < 0 {
		t.Fatalf("cut: %s not found", end)
	}
	return s[:i] + s[i+j+len(end):]
}

// want describes a problem a test expects. Line -1 matches any line.
type want struct {
	sev  Severity
	line int
	text string // substring of the message
}

// find returns the first problem matching w.
func find(ps []Problem, w want) (Problem, bool) {
	for _, p := range ps {
		if p.Severity == w.sev && (w.line < 0 || p.Line == w.line) && strings.Contains(p.Message, w.text) {
			return p, true
		}
	}
	return Problem{}, false
}

// expect fails unless every wanted problem is present.
func expect(t *testing.T, ps []Problem, ws ...want) {
	t.Helper()
	for _, w := range ws {
		if _, ok := find(ps, w); !ok {
			t.Errorf("missing %s at line %d containing %q; got:\n%s", w.sev, w.line, w.text, dump(ps))
		}
	}
}

// only fails unless every problem matches one of ws.
func only(t *testing.T, ps []Problem, ws ...want) {
	t.Helper()
	expect(t, ps, ws...)
	for _, p := range ps {
		matched := false
		for _, w := range ws {
			if _, ok := find([]Problem{p}, w); ok {
				matched = true
			}
		}
		if !matched {
			t.Errorf("unexpected problem: %s", p)
		}
	}
}

func countSev(ps []Problem, sev Severity) int {
	n := 0
	for _, p := range ps {
		if p.Severity == sev {
			n++
		}
	}
	return n
}

func dump(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.String() + "\n")
	}
	return b.String()
}

// without returns the problems whose rule is none of rules.
func without(ps []Problem, rules ...string) []Problem {
	var out []Problem
	for _, p := range ps {
		if !slices.Contains(rules, p.Rule) {
			out = append(out, p)
		}
	}
	return out
}
