package spec

import (
	"cmp"
	"fmt"
	"io"
	"slices"
)

// Report is the outcome of checking both files.
type Report struct {
	Spec     *Spec     `json:"spec"` // nil when app_spec.txt could not be parsed
	Problems []Problem `json:"problems"`
	// Score is the readiness score, 0–100, and Reasons what lowered it.
	Score   int      `json:"score"`
	Reasons []Reason `json:"score_reasons"`
}

// Check parses app_spec.txt and checks initializer_prompt.md against the
// feature count it declares. A spec without a count of its own takes the
// one the initializer states. When the spec has no valid count, the
// initializer is still checked for the placeholder. Problems about
// app_spec.txt come first, each file's in line order.
func Check(appSpec, initializer []byte) Report {
	s, ps := parse(appSpec)
	count := 0
	if s != nil {
		requireCount(s, ps, initializer)
		count = s.FeatureCount
	}
	problems := append(ps.sorted(), CheckInitializer(initializer, count)...)
	return newReport(s, problems)
}

// CheckSpec checks app_spec.txt alone, when there is no initializer to
// read.
func CheckSpec(appSpec []byte) Report {
	s, ps := Parse(appSpec)
	return newReport(s, ps)
}

func newReport(s *Spec, ps []Problem) Report {
	r := Report{Spec: s, Problems: ps}
	r.Score, r.Reasons = score(s, ps)
	return r
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
	if out.Reasons == nil {
		out.Reasons = []Reason{}
	}
	return marshal(out)
}

// WriteText writes one line per problem, what lowered the score, then a
// summary line:
//
//	app_spec.txt:12: error: required section <overview> is missing (add …)
//	score: -30 1 error: required section <overview> is missing
//	failed: 1 error, 0 warnings; readiness 40/100; 30 features
func (r Report) WriteText(w io.Writer) error {
	for _, p := range r.Problems {
		if _, err := fmt.Fprintln(w, p.String()); err != nil {
			return err
		}
	}
	for _, x := range r.Reasons {
		if _, err := fmt.Fprintf(w, "score: %s\n", x); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, r.summary())
	return err
}

func (r Report) summary() string {
	nerr, nwarn := len(r.Errors()), len(r.Warnings())
	counts := plural(nerr, "error") + ", " + plural(nwarn, "warning")
	verdict := "ok"
	if nerr > 0 {
		verdict = "failed"
	}
	s := fmt.Sprintf("%s: %s; readiness %d/100", verdict, counts, r.Score)
	if r.Spec != nil && r.Spec.FeatureCount > 0 {
		s += "; " + plural(r.Spec.FeatureCount, "feature")
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// ForFixing returns what a model should fix first: every error, then at
// most maxWarnings warnings, the costliest rules first and one problem
// of each rule before a second of any, so a short list still covers the
// different kinds of mistake.
func (r Report) ForFixing(maxWarnings int) []Problem {
	cost := func(rule string) int {
		if rule == RuleNoAcceptance {
			return criteriaCost
		}
		return weights[rule].most
	}
	byRule := map[string][]Problem{}
	var rules []string
	for _, p := range r.Warnings() {
		if byRule[p.Rule] == nil {
			rules = append(rules, p.Rule)
		}
		byRule[p.Rule] = append(byRule[p.Rule], p)
	}
	slices.SortStableFunc(rules, func(a, b string) int { return cmp.Compare(cost(b), cost(a)) })
	out := r.Errors()
	for picked, i := 0, 0; picked < maxWarnings; i++ {
		more := false
		for _, rule := range rules {
			if ps := byRule[rule]; i < len(ps) && picked < maxWarnings {
				out = append(out, ps[i])
				picked++
				more = true
			}
		}
		if !more {
			break
		}
	}
	return out
}
