package export

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/examples/export from the larder fixture")

// examplesDir holds one example of every export, rendered from
// testdata/larder.app_spec.txt; docs/exports.md links to them.
const examplesDir = "../../docs/examples/export"

// TestExamplesAreCurrent keeps the documented examples true: they must be
// exactly what the exporter writes today. After a deliberate change run
// go test ./internal/export -run Examples -update.
func TestExamplesAreCurrent(t *testing.T) {
	s := loadSpec(t, "larder")
	want := map[string][]byte{}
	for _, f := range Formats() {
		for _, file := range render(t, s, f) {
			want[filepath.ToSlash(filepath.Join(string(f), file.Path))] = file.Data
		}
	}
	if *update {
		if err := os.RemoveAll(examplesDir); err != nil {
			t.Fatal(err)
		}
		for p, data := range want {
			full := filepath.Join(examplesDir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var have []string
	err := filepath.Walk(examplesDir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(examplesDir, p)
		have = append(have, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatalf("%v (generate the examples with -update)", err)
	}
	sort.Strings(have)
	var names []string
	for p := range want {
		names = append(names, p)
	}
	sort.Strings(names)
	if strings.Join(have, "\n") != strings.Join(names, "\n") {
		t.Fatalf("example files differ:\nhave %q\nwant %q\n(run with -update)", have, names)
	}
	for _, p := range names {
		got, err := os.ReadFile(filepath.Join(examplesDir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want[p]) {
			t.Errorf("%s is stale: run go test ./internal/export -run Examples -update", p)
		}
	}
}
