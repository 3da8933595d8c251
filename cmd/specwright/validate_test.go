package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/prompt"
	"github.com/specwright/specwright/internal/spec"
	"github.com/specwright/specwright/internal/spec/spectest"
)

// goodFiles returns the spec package's good fixtures.
func goodFiles(t *testing.T) (appSpec, initializer string) { return spectest.Good(t) }

// project writes a project folder with the given files under prompts/;
// an empty content leaves the file out.
func project(t *testing.T, appSpec, initializer string) string {
	t.Helper()
	dir := t.TempDir()
	prompts := filepath.Join(dir, "prompts")
	if err := os.Mkdir(prompts, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{spec.FileAppSpec: appSpec, spec.FileInitializer: initializer} {
		if content == "" {
			continue
		}
		if err := os.WriteFile(filepath.Join(prompts, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runValidate(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = cmdValidate(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestValidatePaths(t *testing.T) {
	good, init := goodFiles(t)
	dir := project(t, good, init)
	prompts := filepath.Join(dir, "prompts")
	for name, path := range map[string]string{
		"project folder": dir,
		"prompts folder": prompts,
		"spec file":      filepath.Join(prompts, spec.FileAppSpec),
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := runValidate(path)
			if code != 0 || out != "ok: 0 errors, 0 warnings; readiness 100/100; 30 features\n" || errOut != "" {
				t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
			}
		})
	}
}

func TestValidateProblems(t *testing.T) {
	good, init := goodFiles(t)
	broken := strings.Replace(good, "Tidy is a small", "Tidy is a fast & small", 1)
	broken = strings.Replace(broken, "<project_name>Tidy</project_name>", "<project_name>YOUR_PROJECT_NAME</project_name>", 1)
	dir := project(t, broken, strings.ReplaceAll(init, "30", prompt.Placeholder))
	code, out, _ := runValidate(dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	specPath := filepath.Join(dir, "prompts", spec.FileAppSpec)
	initPath := filepath.Join(dir, "prompts", spec.FileInitializer)
	for _, want := range []string{
		specPath + ":3: error: placeholder text left: \"YOUR_PROJECT_NAME\"",
		specPath + ":6: warning: unescaped & in text",
		initPath + ":11: error: the placeholder [FEATURE_COUNT] is still there",
		"score: 3 errors: placeholder text left",
		"failed: 3 errors, 1 warning; readiness 30/100; 30 features",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestValidateWithoutInitializer(t *testing.T) {
	good, _ := goodFiles(t)
	dir := project(t, good, "")
	code, out, _ := runValidate(dir)
	if code != 0 {
		t.Errorf("exit %d, want 0: a missing initializer is a warning", code)
	}
	want := filepath.Join(dir, "prompts", spec.FileInitializer) + ": warning: not found, so only app_spec.txt was checked"
	if !strings.Contains(out, want) || !strings.Contains(out, "ok: 0 errors, 1 warning") {
		t.Errorf("output:\n%s", out)
	}
}

func TestValidateJSON(t *testing.T) {
	good, init := goodFiles(t)
	dir := project(t, strings.Replace(good, "<feature_count>30<", "<feature_count>45<", 1), init)
	for _, args := range [][]string{{"--json", dir}, {dir, "-json"}} {
		code, out, errOut := runValidate(args...)
		if code != 1 || errOut != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
		var got struct {
			OK      bool              `json:"ok"`
			Files   map[string]string `json:"files"`
			Score   int               `json:"score"`
			Reasons []spec.Reason     `json:"score_reasons"`
			Spec    *spec.Spec        `json:"spec"`
			// Problems decode into the package's own type: the JSON is its
			// marshaling, not a copy.
			Problems []spec.Problem `json:"problems"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		if got.OK || got.Spec == nil || got.Spec.FeatureCount != 45 || len(got.Problems) != 3 || got.Score > 30 || len(got.Reasons) == 0 {
			t.Errorf("%v: unexpected report:\n%s", args, out)
		}
		if f := got.Spec.Categories[0].Features[0]; f.ID != "F-001" || len(f.Acceptance) != 1 || got.Spec.Tables[0].Fields[0].Name != "id" {
			t.Errorf("%v: the model lacks IDs, criteria or fields: %+v", args, f)
		}
		if got.Files[spec.FileAppSpec] != filepath.Join(dir, "prompts", spec.FileAppSpec) {
			t.Errorf("files: %v", got.Files)
		}
		if p := got.Problems[0]; p.File != spec.FileAppSpec || p.Severity != spec.SeverityError || p.Hint == "" || p.Rule != spec.RuleCountMismatch || p.Line != 39 {
			t.Errorf("first problem: %+v", p)
		}
		if strings.Contains(out, `\u0026`) {
			t.Error("JSON escapes & in hints, which makes &amp; unreadable")
		}
	}

	code, out, _ := runValidate("--json", project(t, good, init))
	if code != 0 || !strings.Contains(out, `"ok": true`) || !strings.Contains(out, `"problems": []`) {
		t.Errorf("good project: exit %d\n%s", code, out)
	}
}

// --strict fails on warnings, keeping exit 1 for "not good enough" and
// 2 for "could not check".
func TestValidateStrict(t *testing.T) {
	good, init := goodFiles(t)
	clean := project(t, good, init)
	warned := project(t, strings.Replace(good, "Tidy is a small", "Tidy is a fast & small", 1), init)
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{clean}, 0}, {[]string{"--strict", clean}, 0},
		{[]string{warned}, 0}, {[]string{"--strict", warned}, 1}, {[]string{warned, "--strict", "--json"}, 1},
	} {
		code, out, errOut := runValidate(tt.args...)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tt.args, code, tt.code, out, errOut)
		}
		if tt.code == 1 && slices.Contains(tt.args, "--json") && !strings.Contains(out, `"pass": false`) {
			t.Errorf("%v: JSON lacks the strict verdict:\n%s", tt.args, out)
		}
	}
}

func TestValidateUsage(t *testing.T) {
	good, init := goodFiles(t)
	dir := project(t, good, init)
	empty := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no path", nil, 2, "want one PATH, got 0"},
		{"two paths", []string{dir, dir}, 2, "want one PATH, got 2"},
		{"unknown flag", []string{"--yaml", dir}, 2, "flag provided but not defined: -yaml"},
		{"missing path", []string{filepath.Join(empty, "nope")}, 2, "no such file or directory"},
		{"folder without spec", []string{empty}, 2, "no app_spec.txt in " + empty},
		{"help", []string{"-h"}, 0, "usage: specwright validate [--json] [--strict] PATH"},
		{"after --", []string{"--", "--json"}, 2, "no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runValidate(tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) || out != "" {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
		})
	}
}

func TestValidateUnreadable(t *testing.T) {
	good, _ := goodFiles(t)
	dir := project(t, good, "")
	// A folder where the initializer should be cannot be read as a file.
	if err := os.Mkdir(filepath.Join(dir, "prompts", spec.FileInitializer), 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runValidate(dir)
	if code != 2 || !strings.Contains(errOut, spec.FileInitializer) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestValidateTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), spec.FileAppSpec)
	if err := os.WriteFile(path, make([]byte, maxSpecFile+1), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runValidate(path)
	if code != 2 || !strings.Contains(errOut, "larger than 16 MiB") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestPlaceholderAgrees guards the copy of the placeholder that the spec
// package keeps to stay free of project imports.
func TestPlaceholderAgrees(t *testing.T) {
	if spec.Placeholder != prompt.Placeholder {
		t.Fatalf("spec.Placeholder %q != prompt.Placeholder %q", spec.Placeholder, prompt.Placeholder)
	}
	good, _ := goodFiles(t)
	if r := spec.Check([]byte(good), []byte(prompt.Initializer(30))); len(r.Problems) != 0 {
		t.Errorf("the shipped template, filled in, has problems: %v", r.Problems)
	}
	r := spec.Check([]byte(good), []byte(prompt.InitializerTemplate()))
	if r.OK() || len(r.Errors()) != strings.Count(prompt.InitializerTemplate(), prompt.Placeholder) {
		t.Errorf("the unfilled template: %v", r.Problems)
	}
}
