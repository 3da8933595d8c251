package spec

import (
	"os"
	"strings"
	"testing"
)

// The full example in docs/spec-format.md is what the format asks for:
// it must check clean, so the documentation cannot drift from the checks.
func TestDocumentedExampleChecksClean(t *testing.T) {
	doc, err := os.ReadFile("../../docs/spec-format.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	i := strings.LastIndex(text, "```xml\n<project_specification>")
	if i < 0 {
		t.Fatal("no full example in docs/spec-format.md")
	}
	body := text[i+len("```xml\n"):]
	body = body[:strings.Index(body, "```")]
	r := Check([]byte(body), []byte("Turn the spec into exactly **4** features.\n"))
	if len(r.Problems) != 0 || r.Score != 100 {
		t.Errorf("the documented example has problems (score %d):\n%s", r.Score, dump(r.Problems))
	}
	if r.Spec.ProjectName != "Pantry Pal" || r.Spec.FeatureLines() != 4 || len(r.Spec.Tables) != 3 {
		t.Errorf("read as %q with %d features and %d tables", r.Spec.ProjectName, r.Spec.FeatureLines(), len(r.Spec.Tables))
	}
}
