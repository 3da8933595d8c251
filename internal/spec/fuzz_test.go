package spec

import (
	"strings"
	"testing"
)

// FuzzParseAppSpec checks that no input makes the checks panic and that
// every problem is well formed.
func FuzzParseAppSpec(f *testing.F) {
	good := goodSpec(f)
	f.Add([]byte(good), []byte(goodInitializer(f)))
	f.Add([]byte(strings.Replace(good, "Tidy is", "Tidy & co < 2 is", 1)), []byte("[FEATURE_COUNT]"))
	f.Add([]byte(strings.Replace(good, "<feature_count>30", "<feature_count>[FEATURE_COUNT]", 1)), []byte(""))
	f.Add([]byte("```xml\n<project_specification><a x='&nbsp;'><!-- & --><![CDATA[<]]></a>\n"), []byte("30 features"))
	f.Add([]byte("<project_specification><core_features><c>- x</c></core_features><feature_count>1</feature_count></project_specification>"), []byte("\xff"))
	f.Fuzz(func(t *testing.T, appSpec, initializer []byte) {
		r := Check(appSpec, initializer)
		// The XML decoder counts a lone carriage return as a line end too.
		breaks := func(b []byte) int { return strings.Count(string(b), "\n") + strings.Count(string(b), "\r") }
		lines := breaks(appSpec) + breaks(initializer) + 2
		for _, p := range r.Problems {
			if p.Severity != SeverityError && p.Severity != SeverityWarning {
				t.Errorf("bad severity: %+v", p)
			}
			if p.File != FileAppSpec && p.File != FileInitializer {
				t.Errorf("bad file: %+v", p)
			}
			if p.Message == "" || p.Hint == "" {
				t.Errorf("missing message or hint: %+v", p)
			}
			if p.Line < 0 || p.Line > lines {
				t.Errorf("line out of range: %+v", p)
			}
		}
		if r.Spec != nil && (r.Spec.FeatureCount < 0 || r.Spec.FeatureCount > MaxFeatureCount) {
			t.Errorf("feature count %d", r.Spec.FeatureCount)
		}
	})
}
