package session

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/sandbox"
	"github.com/specwright/specwright/internal/spec/spectest"
)

// specDir writes the two spec files into a fresh project folder.
func specDir(t *testing.T, appSpec, initializer string) *sandbox.Dir {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "prompts"), 0o755); err != nil {
		t.Fatal(err)
	}
	for rel, content := range map[string]string{AppSpecPath: appSpec, InitializerPath: initializer} {
		if err := os.WriteFile(filepath.Join(root, rel), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, err := sandbox.Open(root, sandbox.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func fixture(t *testing.T, name string) string { return spectest.File(t, name) }

var written = chat.Session{Written: []string{AppSpecPath, InitializerPath}}

func TestVerifyCompletesAGoodSpec(t *testing.T) {
	v := verify(specDir(t, fixture(t, "app_spec.txt"), fixture(t, "initializer_prompt.md")), written)
	if !v.complete || v.featureCount != 30 || len(v.problems) != 0 || v.hash == "" {
		t.Fatalf("verdict %+v", v)
	}
	// Warnings do not block completion.
	withWarning := strings.Replace(fixture(t, "app_spec.txt"), "Tidy is a small", "Tidy is a fast & small", 1)
	if v := verify(specDir(t, withWarning, fixture(t, "initializer_prompt.md")), written); !v.complete {
		t.Fatalf("a warning blocked completion: %v", v.problems)
	}
}

// A spec with errors goes back to the model with every error first, then
// the costliest warnings, one of each kind before a second of any, at
// most maxFixWarnings of them.
func TestVerifySendsErrorsThenTheCostliestWarnings(t *testing.T) {
	app := fixture(t, "app_spec.txt")
	app = strings.Replace(app, "<project_name>Tidy</project_name>", "<project_name>YOUR_PROJECT_NAME</project_name>", 1)
	app = strings.Replace(app, "Tidy is a small", "Tidy is a fast & small", 1)
	app = strings.Replace(app, "password_hash (text)", "password (text)", 1)
	app = strings.Replace(app, "        <acceptance>\n          - Given a signed-in user, when they close", "        <nocriteria>\n          - Given a signed-in user, when they close", 1)
	app = strings.Replace(app, "within 7 days, then they are still signed in.\n        </acceptance>", "within 7 days, then they are still signed in.\n        </nocriteria>", 1)
	v := verify(specDir(t, app, fixture(t, "initializer_prompt.md")), written)
	if v.complete || len(v.problems) < 3 {
		t.Fatalf("verdict %+v", v)
	}
	if !strings.Contains(v.problems[0], "YOUR_PROJECT_NAME") || strings.Contains(v.problems[0], "warning:") {
		t.Errorf("the error does not come first: %q", v.problems)
	}
	var kinds []string
	for _, p := range v.problems[1:] {
		if !strings.Contains(p, ": warning: ") {
			t.Errorf("not labelled a warning: %q", p)
		}
		kinds = append(kinds, p)
	}
	if len(kinds) > maxFixWarnings {
		t.Errorf("%d warnings sent, want at most %d", len(kinds), maxFixWarnings)
	}
	// Costliest first: missing criteria, a plaintext password, a repaired escape.
	for i, want := range []string{"F-003 has no acceptance criteria", "plaintext password", "unescaped & in text"} {
		if len(v.problems) != 4 || !strings.Contains(v.problems[i+1], want) {
			t.Fatalf("warning %d should be about %q: %q", i+1, want, v.problems)
		}
	}
	msg := feedback(v.problems, 1, 3)
	if !strings.HasPrefix(msg, "The spec files did not pass validation (check 1 of 3).") || !strings.Contains(msg, "- prompts/app_spec.txt line 3: placeholder text left") {
		t.Errorf("feedback:\n%s", msg)
	}
}

func TestVerifyNeedsBothFilesWrittenNow(t *testing.T) {
	d := specDir(t, fixture(t, "app_spec.txt"), fixture(t, "initializer_prompt.md"))
	v := verify(d, chat.Session{Written: []string{AppSpecPath}})
	if v.complete || len(v.problems) != 1 || !strings.Contains(v.problems[0], "initializer_prompt.md was not written in this interview") {
		t.Fatalf("verdict %+v", v)
	}
}
