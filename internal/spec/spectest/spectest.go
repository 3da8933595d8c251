// Package spectest hands other packages' tests the spec package's
// fixtures: a complete spec in the version 2 form (30 features, every
// check clean) and its initializer. Tests only; standard library only.
package spectest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Good returns the good app_spec.txt and initializer_prompt.md.
func Good(t testing.TB) (appSpec, initializer string) {
	t.Helper()
	return File(t, "app_spec.txt"), File(t, "initializer_prompt.md")
}

// File returns one file of internal/spec/testdata.
func File(t testing.TB, name string) string {
	t.Helper()
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("spectest: cannot locate the fixtures")
	}
	b, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
