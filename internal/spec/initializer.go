package spec

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// countClaimRE matches a number stated as a count of features: "40
// features", "**40** features", "40 testable features". A word just
// before the number that makes it a part ("the first 5 features") is
// captured so those phrases can be skipped.
var countClaimRE = regexp.MustCompile(`(?i)(?:\b([a-z]+)\s+|^|[^\w.,~])[*_]*(\d{1,3}(?:,\d{3})+|\d+)[*_]*\s+(?:[*_]*(testable|total|detailed|distinct|individual|unique|concrete|separate|end-to-end)[*_]*\s+)?features?\b`)

// partWords introduce a subset of the features rather than their total.
var partWords = map[string]bool{
	"first": true, "last": true, "next": true, "top": true, "each": true, "every": true,
	"per": true, "step": true, "phase": true, "session": true, "batch": true,
	"only": true, "to": true, "least": true, "most": true, "about": true, "around": true,
	"than": true, "more": true, "additional": true, "new": true, "remaining": true, "extra": true,
	"those": true, "these": true, "several": true, "few": true, "implement": true, "complete": true,
	"completed": true, "passing": true, "failing": true, "verify": true, "approximately": true,
}

// partAfterRE matches what, right after "N features", makes N a rate or
// a part rather than the total: "1 feature at a time", "3 features per
// session".
var partAfterRE = regexp.MustCompile(`(?i)^\W*(?:(?:per\b|each\b|in this session|this session|or (?:more|fewer|less)|remaining|left\b)|(?:[a-z]+\s+){0,3}(?:at a time|at once|in parallel|simultaneously|concurrently))`)

// testCaseRE matches a count stated as tests, as the reference's
// lineage does: "200 detailed end-to-end test cases".
var testCaseRE = regexp.MustCompile(`(?i)(?:\b([a-z]+)\s+|^|[^\w.,])[*_]*(\d{1,3}(?:,\d{3})+|\d+)[*_]*\s+(?:[a-z-]+\s+){0,3}(?:tests?|test cases?|features?|issues)\b`)

// hanCountRE matches a count stated in Chinese: "200 个 features",
// "至少 50 个功能", "不少于 100 条测试用例".
var hanCountRE = regexp.MustCompile(`(\d{1,4})\s*(?:个|条)\s*(?:features?|功能|测试用例|用例|需求)`)

// defersRE matches an initializer that takes the count from the spec
// instead of repeating it: "must match the feature_count in app_spec.txt".
var defersRE = regexp.MustCompile("(?i)`?feature_count`?\\s+(?:specified\\s+|given\\s+|declared\\s+|stated\\s+)?in\\s+`?(?:prompts/)?app_spec")

// claim is a number a line states as a count, and whether the words
// around it make it the total ("exactly 40 features", "create 50
// issues", "40 features in total") rather than any number of features.
type claim struct {
	n     int
	total bool
}

// totalWords, standing just before the number, make it the total.
var totalWords = map[string]bool{
	"exactly": true, "create": true, "creates": true, "generate": true, "generates": true, "total": true,
	"all": true, "holds": true, "contains": true, "produce": true, "write": true, "minimum": true, "with": true,
}

// totalAfterRE, right after the claim, makes it the total.
var totalAfterRE = regexp.MustCompile(`(?i)^\W*(?:in total|total\b|in all\b)`)

// claims returns the counts a line states, skipping parts and rates,
// approximations ("~150 tests") and quoted examples.
func claims(l string, re *regexp.Regexp) []claim {
	var out []claim
	for _, m := range re.FindAllStringSubmatchIndex(l, -1) {
		word := ""
		if m[2] >= 0 {
			word = strings.ToLower(l[m[2]:m[3]])
		}
		if partWords[word] || partAfterRE.MatchString(l[m[1]:]) {
			continue
		}
		// The character before the number: a quoted example ("\"665
		// features\"") is skipped, and so is an approximation ("~150
		// tests") unless a total word comes before it ("create ~50
		// issues").
		if k := m[4] - 1; k >= 0 {
			for k >= 0 && (l[k] == '*' || l[k] == '_') {
				k--
			}
			if k >= 0 && (l[k] == '"' || l[k] == '\'' || l[k] == '`') {
				continue
			}
			if k >= 0 && l[k] == '~' {
				before := strings.Fields(strings.ToLower(l[:k]))
				if len(before) == 0 || !totalWords[before[len(before)-1]] {
					continue
				}
				word = before[len(before)-1]
			}
		}
		n, err := strconv.Atoi(strings.ReplaceAll(l[m[4]:m[5]], ",", ""))
		if err != nil || n < 2 || n > MaxFeatureCount {
			continue
		}
		total := totalWords[word] || totalAfterRE.MatchString(l[m[1]:]) || strings.Contains(strings.ToLower(l[m[4]:m[1]]), "total")
		out = append(out, claim{n: n, total: total})
	}
	return out
}

// initializerCount returns the feature count an initializer states, for
// a spec that has none of its own: the number stated most often as the
// total, or failing any, as a count of features or test cases (the
// larger on a tie), or 0.
func initializerCount(data []byte) int {
	if !utf8.Valid(data) || strings.Contains(string(data), Placeholder) {
		return 0
	}
	var totals, others []int
	// A claim may run over a line break ("with 70 detailed\nend-to-end
	// test cases"), so paragraphs are read whole.
	for _, l := range strings.Split(string(data), "\n\n") {
		if !strings.ContainsAny(l, "0123456789") {
			continue
		}
		l = strings.ReplaceAll(l, "\n", " ")
		for _, c := range claims(l, testCaseRE) {
			if c.total {
				totals = append(totals, c.n)
			} else {
				others = append(others, c.n)
			}
		}
		// Chinese states the total with 至少 (at least) or 总共 (in all).
		for _, m := range hanCountRE.FindAllStringSubmatch(l, -1) {
			if n, err := strconv.Atoi(m[1]); err == nil && n >= 2 && n <= MaxFeatureCount {
				totals = append(totals, n)
			}
		}
	}
	if len(totals) > 0 {
		return mostFrequent(totals)
	}
	return mostFrequent(others)
}

// mostFrequent returns the value seen most often, the larger on a tie,
// or 0 for none.
func mostFrequent(ns []int) int {
	freq := map[int]int{}
	best := 0
	for _, n := range ns {
		freq[n]++
		if freq[n] > freq[best] || freq[n] == freq[best] && n > best {
			best = n
		}
	}
	return best
}

// CheckInitializer checks initializer_prompt.md against the agreed
// feature count: the template's placeholder must be gone and the count
// must appear. A featureCount of 0 or less means the count is unknown, in
// which case only the placeholder and emptiness are checked.
func CheckInitializer(data []byte, featureCount int) []Problem {
	ps := &problems{file: FileInitializer}
	if len(bytes.TrimSpace(data)) == 0 {
		ps.errorf(0, "write the initializer prompt from its template, with the agreed feature count",
			"the file is empty").Rule = RuleInitializer
		return ps.list
	}
	if !utf8.Valid(data) {
		ps.errorf(badUTF8Line(data), "save the file as UTF-8", "the file is not valid UTF-8").Rule = RuleInitializer
		return ps.list
	}
	text := string(data)
	lines := strings.Split(text, "\n")

	replace := "the agreed feature count"
	if featureCount > 0 {
		replace = strconv.Itoa(featureCount)
	}
	placeholders := 0
	for i, l := range lines {
		if strings.Contains(strings.ToUpper(l), Placeholder) {
			placeholders++
			ps.errorf(i+1, fmt.Sprintf("replace %s with %s", Placeholder, replace),
				"the placeholder %s is still there", Placeholder).Rule = RuleInitializer
		}
	}
	if featureCount <= 0 {
		return ps.list
	}
	// A placeholder left in place already says where the count goes.
	if placeholders == 0 && !containsNumber(text, featureCount) && !defersRE.MatchString(text) {
		ps.errorf(0, fmt.Sprintf("state the count where %s stood in the template: exactly %d features", Placeholder, featureCount),
			"the agreed feature count %d does not appear", featureCount).Rule = RuleInitializer
	}
	// Each conflicting number is reported once, where it first appears.
	seen := map[int]bool{}
	for i, l := range lines {
		// Most lines state no count; the pattern needs a digit and the
		// word (no letter of "feature" has a case variant outside ASCII).
		if !strings.ContainsAny(l, "0123456789") || !containsFoldASCII(l, "feature") {
			continue
		}
		for _, c := range claims(l, countClaimRE) {
			n := c.n
			// Only a number stated as the total contradicts the count:
			// "3 features can start at once" is not a claim about it.
			if !c.total || n == featureCount || seen[n] {
				continue
			}
			seen[n] = true
			ps.warnf(i+1, fmt.Sprintf("the agreed count is %d; say %d features everywhere", featureCount, featureCount),
				"the prompt speaks of %d features, but feature_count is %d", n, featureCount).Rule = RuleInitializer
		}
	}
	return ps.sorted()
}

// containsNumber reports whether n appears in text as a whole number,
// not as part of a longer one ("40" is not in "400" or "2040"). Counts of
// a thousand may be written with a separator.
func containsNumber(text string, n int) bool {
	forms := []string{strconv.Itoa(n)}
	if n >= 1000 {
		forms = append(forms, fmt.Sprintf("%d,%03d", n/1000, n%1000))
	}
	for _, f := range forms {
		for i := 0; ; {
			j := strings.Index(text[i:], f)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(f)
			if (start == 0 || !isDigit(text[start-1])) && (end == len(text) || !isDigit(text[end])) {
				return true
			}
			i = end
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
