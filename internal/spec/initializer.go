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
var countClaimRE = regexp.MustCompile(`(?i)(?:\b([a-z]+)\s+|^|[^\w.,])[*_]*(\d{1,3}(?:,\d{3})+|\d+)[*_]*\s+(?:[*_]*[a-z][a-z-]*[*_]*\s+)?features?\b`)

// partWords introduce a subset of the features rather than their total.
var partWords = map[string]bool{
	"first": true, "last": true, "next": true, "top": true, "each": true, "every": true,
	"per": true, "step": true, "phase": true, "session": true, "batch": true,
}

// CheckInitializer checks initializer_prompt.md against the agreed
// feature count: the template's placeholder must be gone and the count
// must appear. A featureCount of 0 or less means the count is unknown, in
// which case only the placeholder and emptiness are checked.
func CheckInitializer(data []byte, featureCount int) []Problem {
	ps := &problems{file: FileInitializer}
	if len(bytes.TrimSpace(data)) == 0 {
		ps.errorf(0, "write the initializer prompt from its template, with the agreed feature count",
			"the file is empty")
		return ps.list
	}
	if !utf8.Valid(data) {
		ps.errorf(badUTF8Line(data), "save the file as UTF-8", "the file is not valid UTF-8")
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
				"the placeholder %s is still there", Placeholder)
		}
	}
	if featureCount <= 0 {
		return ps.list
	}
	// A placeholder left in place already says where the count goes.
	if placeholders == 0 && !containsNumber(text, featureCount) {
		ps.errorf(0, fmt.Sprintf("state the count where %s stood in the template: exactly %d features", Placeholder, featureCount),
			"the agreed feature count %d does not appear", featureCount)
	}
	// Each conflicting number is reported once, where it first appears.
	seen := map[int]bool{}
	for i, l := range lines {
		// Most lines state no count; the pattern needs a digit and the
		// word (no letter of "feature" has a case variant outside ASCII).
		if !strings.ContainsAny(l, "0123456789") || !containsFoldASCII(l, "feature") {
			continue
		}
		for _, m := range countClaimRE.FindAllStringSubmatch(l, -1) {
			if partWords[strings.ToLower(m[1])] {
				continue
			}
			n, err := strconv.Atoi(strings.ReplaceAll(m[2], ",", ""))
			if err != nil || n == featureCount || seen[n] {
				continue
			}
			seen[n] = true
			ps.warnf(i+1, fmt.Sprintf("the agreed count is %d; say %d features everywhere", featureCount, featureCount),
				"the prompt speaks of %d features, but feature_count is %d", n, featureCount)
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
