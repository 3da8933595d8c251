package spec

import (
	"strings"
	"testing"
)

func TestCheckInitializer(t *testing.T) {
	good := goodInitializer(t)
	withPlaceholder := strings.ReplaceAll(good, "30", Placeholder)
	tests := []struct {
		name  string
		data  string
		count int
		wants []want
	}{
		{"good", good, 30, nil},
		{"good, count unknown", good, 0, nil},
		{"empty", "", 30, []want{{SeverityError, 0, "the file is empty"}}},
		{"blank", "\n \n", 0, []want{{SeverityError, 0, "the file is empty"}}},
		{"not utf-8", "# Title\n\xff\n", 30, []want{{SeverityError, 2, "not valid UTF-8"}}},
		{"placeholder left", withPlaceholder, 30, []want{
			{SeverityError, lineOf(t, withPlaceholder, Placeholder), "placeholder [FEATURE_COUNT] is still there"},
			{SeverityError, strings.Count(withPlaceholder, "\n"), "placeholder [FEATURE_COUNT] is still there"},
		}},
		{"placeholder left, count unknown", withPlaceholder, 0, []want{
			{SeverityError, lineOf(t, withPlaceholder, Placeholder), "still there"},
			{SeverityError, strings.Count(withPlaceholder, "\n"), "still there"},
		}},
		{"placeholder in lower case", "Create exactly [feature_count] features.\nThat is 30.", 30, []want{
			{SeverityError, 1, "still there"},
		}},
		{"one of two replaced", "Create exactly 30 features.\nThe list holds [FEATURE_COUNT] features.", 30, []want{
			{SeverityError, 2, "still there"},
		}},
		{"count missing", "Create exactly 40 features.\nThe list holds forty features.", 30, []want{
			{SeverityError, 0, "the agreed feature count 30 does not appear"},
			{SeverityWarning, 1, "speaks of 40 features"},
		}},
		{"count only inside a longer number", "Create 300 items in 2030.", 30, []want{
			{SeverityError, 0, "does not appear"},
		}},
		{"conflicting count", strings.Replace(good, "holds 30 features", "holds 35 features", 1), 30, []want{
			{SeverityWarning, lineOf(t, good, "holds 30 features"), "speaks of 35 features, but feature_count is 30"},
		}},
		{"conflicting count with emphasis and adjective", "Create exactly **30** features.\nThe list holds __45__ testable features.", 30, []want{
			{SeverityWarning, 2, "speaks of 45 features"},
		}},
		{"rates and examples are not counts", "Create exactly 30 features.\nOnly 1 feature runs at a time; 3 features can start at once.\nIf the spec has 8 features, create 8 issues; if spec says \"665 features\", create 665.\nSimple apps: ~150 features.", 30, nil},
		{"parts of the list are not counts", "Create exactly 30 features.\nThe first 5 features cover sign-in; each 2 features share a test.\nIn phase 2 features get polished.", 30, nil},
		{"thousand with separator", "Create exactly 1,000 features.", 1000, nil},
		{"singular", "Create exactly 1 feature.", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			only(t, CheckInitializer([]byte(tt.data), tt.count), tt.wants...)
		})
	}
}

func TestCheckInitializerHint(t *testing.T) {
	ps := CheckInitializer([]byte("exactly **[FEATURE_COUNT]** features"), 42)
	if len(ps) != 1 || ps[0].Hint != "replace [FEATURE_COUNT] with 42" || ps[0].File != FileInitializer {
		t.Errorf("got:\n%s", dump(ps))
	}
}

func TestCheckInitializerConflictsOnce(t *testing.T) {
	data := "Create exactly 30 features.\n" + strings.Repeat("Create 12 features. Or create 12 features.\n", 50)
	only(t, CheckInitializer([]byte(data), 30), want{SeverityWarning, 2, "speaks of 12 features"})
}
