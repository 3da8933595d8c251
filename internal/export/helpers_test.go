package export

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/specwright/specwright/internal/spec"
)

// fixtures are specs of several origins: two in the version 2 form with
// IDs, criteria and dependencies (larder, and the spec package's sample),
// one in the reference's plain form (tidy), one the guided interview
// writes (guided), and a messy one from "another tool" with a cycle, a
// repeated ID and a plain line (loop).
var fixtures = map[string]string{
	"larder": "testdata/larder.app_spec.txt",
	"sample": "../spec/testdata/app_spec.txt",
	"tidy":   "testdata/tidy-plain.app_spec.txt",
	"guided": "../llm/guided/testdata/quick_app_spec.golden",
	"loop":   "testdata/loop.app_spec.txt",
}

func loadSpec(t *testing.T, name string) *spec.Spec {
	t.Helper()
	data, err := os.ReadFile(filepath.FromSlash(fixtures[name]))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := spec.Parse(data)
	if s == nil {
		t.Fatalf("%s: no spec", name)
	}
	return s
}

func render(t *testing.T, s *spec.Spec, f Format) []File {
	t.Helper()
	files, err := Render(s, f)
	if err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	if len(files) == 0 {
		t.Fatalf("%s: no files", f)
	}
	return files
}

func fixtureNames() []string { return []string{"guided", "larder", "loop", "sample", "tidy"} }
