package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportFeaturesToStdout(t *testing.T) {
	appSpec, initializer := goodFiles(t)
	dir := project(t, appSpec, initializer)
	var out, errb bytes.Buffer
	if code := cmdExport([]string{"--format", "features", dir}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var list struct {
		FeatureCount int               `json:"feature_count"`
		Features     []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(out.Bytes(), &list); err != nil {
		t.Fatalf("stdout is not the feature list: %v", err)
	}
	if list.FeatureCount != 30 || len(list.Features) != 30 {
		t.Errorf("count %d, %d entries; the fixture has 30", list.FeatureCount, len(list.Features))
	}
}

func TestExportFolderFormatWritesTheLayout(t *testing.T) {
	appSpec, initializer := goodFiles(t)
	dir := project(t, appSpec, initializer)
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := cmdExport([]string{dir, "--format", "kiro", "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, name := range []string{"requirements.md", "design.md", "tasks.md"} {
		if _, err := os.Stat(filepath.Join(out, ".kiro", "specs", "tidy", name)); err != nil {
			t.Error(err)
		}
	}
}

func TestExportRefusesBadUsage(t *testing.T) {
	appSpec, initializer := goodFiles(t)
	dir := project(t, appSpec, initializer)
	garbage := filepath.Join(t.TempDir(), "app_spec.txt")
	if err := os.WriteFile(garbage, []byte("\x00\x01 not a spec"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--format", "docx", dir}, 2, "unknown export format"},
		{[]string{"--format", "openspec", dir}, 2, "give --out"},
		{[]string{"--format", "markdown"}, 2, "want one PATH"},
		{[]string{"--format", "markdown", filepath.Join(dir, "nothing")}, 2, "no such file"},
	} {
		var out, errb bytes.Buffer
		code := cmdExport(tc.args, &out, &errb)
		if code != tc.code || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tc.args, code, errb.String(), tc.code, tc.want)
		}
		if out.Len() != 0 {
			t.Errorf("%q: wrote to stdout on failure", tc.args)
		}
	}
	var out, errb bytes.Buffer
	code := cmdExport([]string{"--format", "markdown", garbage}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "not a readable spec") || out.Len() != 0 {
		t.Errorf("garbage spec: exit %d, stderr %q, stdout %q", code, errb.String(), out.String())
	}
}

// A project in AutoForge's layout is found by export (and validate).
func TestExportFindsAutoForgeLayout(t *testing.T) {
	appSpec, _ := goodFiles(t)
	dir := t.TempDir()
	p := filepath.Join(dir, ".autoforge", "prompts")
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p, "app_spec.txt"), []byte(appSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := cmdExport([]string{"--format", "markdown", dir}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "# Tidy\n") {
		t.Fatalf("exit %d: %s %q", code, errb.String(), out.String()[:min(out.Len(), 40)])
	}
}
