package spec

import (
	"fmt"
	"strings"
)

// Reason is one deduction from the readiness score.
type Reason struct {
	Rule   string `json:"rule"`
	Points int    `json:"points"` // negative
	Text   string `json:"text"`
}

// String reads "12 features lack acceptance criteria: −15".
func (r Reason) String() string { return fmt.Sprintf("%s: −%d", r.Text, -r.Points) }

// weight is what each problem of a warning rule costs, and the most the
// rule can cost in all.
type weight struct {
	each, most int
	what       string // the problem, in the plural, for the reason's text
}

// noun returns what, in the singular when n is 1: the first word loses
// its plural ending ("endpoint areas with …" → "endpoint area with …").
func (w weight) noun(n int) string {
	if n != 1 {
		return w.what
	}
	words := strings.Fields(w.what)
	for i, x := range words {
		switch {
		case strings.HasSuffix(x, "ies"):
			words[i] = strings.TrimSuffix(x, "ies") + "y"
		case strings.HasSuffix(x, "s") && !strings.HasSuffix(x, "ss"):
			words[i] = strings.TrimSuffix(x, "s")
		default:
			continue
		}
		break
	}
	return strings.Join(words, " ")
}

var weights = map[string]weight{
	RuleFeatureID:       {3, 9, "feature ID problems"},
	RuleFragment:        {2, 10, "fragmentary features"},
	RuleDuplicate:       {3, 12, "repeated features"},
	RuleOrphanEndpoint:  {2, 8, "endpoint areas with no feature or table"},
	RuleUnusedTable:     {2, 8, "tables nothing uses"},
	RuleUndefinedRole:   {3, 9, "roles used but not defined"},
	RuleMissingService:  {4, 12, "outside services missing from the prerequisites"},
	RulePlaintextSecret: {10, 20, "plaintext credentials"},
	RuleDerivedTable:    {3, 6, "derived values stored as tables"},
	RuleEscape:          {1, 3, "repaired escapes"},
	RuleOutside:         {2, 2, "text outside the root element"},
	RuleLegacyName:      {1, 4, "element names from older formats"},
	RuleCountFromInit:   {5, 5, "feature count only in the initializer"},
	RuleCountMismatch:   {5, 5, "feature count mismatches"},
	RuleRecommended:     {3, 15, "recommended sections or parts missing"},
	RuleEmptyElement:    {1, 5, "empty elements"},
	RuleOrder:           {1, 3, "sections out of order or repeated"},
	RuleSteps:           {1, 4, "implementation step problems"},
	RulePlaceholder:     {2, 6, "unfinished notes (TBD, TODO)"},
	RuleBadCount:        {1, 1, "loosely written feature counts"},
}

// Scoring: each error costs errorCost and caps the score at maxWithErrors,
// since an incomplete spec is not ready whatever else it does well, and
// a file that is no spec at all scores 0; the lack of acceptance criteria
// costs up to criteriaCost, in proportion; warnings cost at most
// maxWarningCost in all, so that a complete spec always scores above an
// incomplete one.
const (
	errorCost      = 20
	maxWithErrors  = 30
	criteriaCost   = 25
	maxWarningCost = 60
)

// fatalRules are errors that leave nothing to build from.
var fatalRules = map[string]bool{RuleEmpty: true, RuleSyntax: true, RuleNotSpec: true, RuleNoFeatures: true}

// score computes the readiness score of a checked spec.
func score(s *Spec, ps []Problem) (int, []Reason) {
	var reasons []Reason
	errs := 0
	var firstErr string
	counts := map[string]int{}
	var order []string
	fatal := false
	for _, p := range ps {
		if p.Severity == SeverityError {
			if errs == 0 {
				firstErr = p.Message
			}
			errs++
			fatal = fatal || fatalRules[p.Rule]
			continue
		}
		if p.Rule == RuleNoAcceptance {
			continue // scored from the spec, below
		}
		if counts[p.Rule] == 0 {
			order = append(order, p.Rule)
		}
		counts[p.Rule]++
	}
	if errs > 0 {
		text := fmt.Sprintf("%s: %s", plural(errs, "error"), clip(firstErr, 80))
		if errs > 1 {
			text += " …"
		}
		reasons = append(reasons, Reason{Rule: "errors", Points: -errs * errorCost, Text: text})
	}
	if s != nil {
		missing, vague := 0, 0
		for _, c := range s.Categories {
			for _, f := range c.Features {
				switch {
				case len(f.Acceptance) == 0:
					missing++
				case !allTestable(f.Acceptance):
					vague++
				}
			}
		}
		if n := s.FeatureLines(); n > 0 && missing+vague > 0 {
			pts := (criteriaCost*missing + criteriaCost/2*vague + n - 1) / n
			var parts []string
			if missing > 0 {
				parts = append(parts, fmt.Sprintf("%d of %d features lack acceptance criteria", missing, n))
			}
			if vague > 0 {
				parts = append(parts, fmt.Sprintf("%d have criteria not in a testable form", vague))
			}
			reasons = append(reasons, Reason{Rule: RuleNoAcceptance, Points: -pts, Text: strings.Join(parts, ", ")})
		}
	}
	for _, rule := range order {
		w, ok := weights[rule]
		if !ok {
			w = weight{1, 3, "other warnings"}
		}
		pts := min(w.most, w.each*counts[rule])
		reasons = append(reasons, Reason{Rule: rule, Points: -pts, Text: fmt.Sprintf("%d %s", counts[rule], w.noun(counts[rule]))})
	}
	warned := 0
	for _, r := range reasons {
		if r.Rule != "errors" {
			warned -= r.Points
		}
	}
	if warned > maxWarningCost {
		reasons = append(reasons, Reason{Rule: "cap", Points: warned - maxWarningCost,
			Text: fmt.Sprintf("warnings cost at most %d in all", maxWarningCost)})
	}
	total := 100
	for _, r := range reasons {
		total += r.Points
	}
	total = max(0, total)
	if errs > 0 {
		total = min(total, maxWithErrors)
	}
	if fatal {
		total = 0
	}
	return total, reasons
}

func allTestable(criteria []string) bool {
	for _, a := range criteria {
		if !testable(a) {
			return false
		}
	}
	return true
}
