package spec

import (
	"encoding/json"
	"fmt"
	"io"
)

// Report is the outcome of checking both files.
type Report struct {
	Spec     *Spec     `json:"spec"` // nil when app_spec.txt could not be parsed
	Problems []Problem `json:"problems"`
}

// Check parses app_spec.txt and checks initializer_prompt.md against the
// feature count it declares. When the spec has no valid count, the
// initializer is still checked for the placeholder. Problems about
// app_spec.txt come first, each file's in line order.
func Check(appSpec, initializer []byte) Report {
	s, ps := ParseAppSpec(appSpec)
	count := 0
	if s != nil {
		count = s.FeatureCount
	}
	ps = append(ps, CheckInitializer(initializer, count)...)
	return Report{Spec: s, Problems: ps}
}

// OK reports whether there are no errors; warnings do not count.
func (r Report) OK() bool { return len(r.Errors()) == 0 }

// Errors returns the problems of severity error.
func (r Report) Errors() []Problem { return r.filter(SeverityError) }

// Warnings returns the problems of severity warning.
func (r Report) Warnings() []Problem { return r.filter(SeverityWarning) }

func (r Report) filter(sev Severity) []Problem {
	var out []Problem
	for _, p := range r.Problems {
		if p.Severity == sev {
			out = append(out, p)
		}
	}
	return out
}

// MarshalJSON adds the verdict, so a reader of the JSON need not count
// severities, and writes an empty problem list as [] rather than null.
func (r Report) MarshalJSON() ([]byte, error) {
	type plain Report // drops this method, avoiding recursion
	out := struct {
		OK bool `json:"ok"`
		plain
	}{OK: r.OK(), plain: plain(r)}
	if out.Problems == nil {
		out.Problems = []Problem{}
	}
	return json.Marshal(out)
}

// WriteText writes one line per problem, then a summary line:
//
//	app_spec.txt:12: error: unescaped & in text: "Fast & simple" (write &amp; for &: "Fast &amp; simple")
//	failed: 1 error, 0 warnings
func (r Report) WriteText(w io.Writer) error {
	for _, p := range r.Problems {
		if _, err := fmt.Fprintln(w, p.String()); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, r.summary())
	return err
}

func (r Report) summary() string {
	nerr, nwarn := len(r.Errors()), len(r.Warnings())
	counts := plural(nerr, "error") + ", " + plural(nwarn, "warning")
	if nerr > 0 {
		return "failed: " + counts
	}
	if r.Spec != nil && r.Spec.FeatureCount > 0 {
		return fmt.Sprintf("ok: %s; %s", counts, plural(r.Spec.FeatureCount, "feature"))
	}
	return "ok: " + counts
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
