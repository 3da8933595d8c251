package e2e_test

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/specwright/specwright/internal/llm/anthropic"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/secret"
	"github.com/specwright/specwright/internal/spec"
)

// specVersions returns the test spec in the version 2 form (IDs F-001…)
// and a revision of it that adds F-031 and rewords F-005, each with its
// initializer.
func specVersions(t *testing.T) (a1, i1, a2, i2 string) {
	t.Helper()
	raw, err := os.ReadFile("../../spec/testdata/app_spec.txt")
	if err != nil {
		t.Fatal(err)
	}
	init, err := os.ReadFile("../../spec/testdata/initializer_prompt.md")
	if err != nil {
		t.Fatal(err)
	}
	render := func(s *spec.Spec) (string, string) {
		s.FeatureCount = s.FeatureLines()
		a := string(spec.Format(s))
		i := strings.Replace(string(init), "**30**", fmt.Sprintf("**%d**", s.FeatureCount), 1)
		if r := spec.Check([]byte(a), []byte(i)); !r.OK() {
			t.Fatalf("test spec fails the check: %v", r.Errors())
		}
		return a, i
	}
	s, _ := spec.Parse(raw)
	n := 0
	for c := range s.Categories {
		for f := range s.Categories[c].Features {
			n++
			s.Categories[c].Features[f].ID = fmt.Sprintf("F-%03d", n)
			s.Categories[c].Features[f].Acceptance = []string{"Given a member, when they do it, then they see it done."}
		}
	}
	a1, i1 = render(s)
	s2, _ := spec.Parse([]byte(a1))
	s2.Categories[0].Features = append(s2.Categories[0].Features, spec.Feature{ID: "F-031", Name: "Export lists",
		Description: "Members export every list as a CSV file from the settings page.",
		Acceptance:  []string{"Given a member with two lists, when they export, then the CSV holds both."}})
	s2.Categories[0].Features[4].Description = "Members delete their account after typing their password; every list goes with it."
	a2, i2 = render(s2)
	return a1, i1, a2, i2
}

// reviser is a fake model that writes the first version on "write the
// spec" and the revision on "add export".
func reviser(t *testing.T) *anthropic.Provider {
	a1, i1, a2, i2 := specVersions(t)
	write := func(id, path, content string) llmtest.ToolCall {
		return llmtest.ToolCall{ID: id, Name: "Write", Input: map[string]any{"file_path": path, "content": content}}
	}
	var mu sync.Mutex
	calls := 0
	fake := llmtest.NewAnthropic(t, func(call int, req llmtest.Request) llmtest.Response {
		mu.Lock()
		defer mu.Unlock()
		calls++
		switch last := req.LastUserText(); {
		case strings.Contains(last, "write the spec"):
			return llmtest.Tools("Writing the files.", write(fmt.Sprint("w", calls), "prompts/app_spec.txt", a1), write(fmt.Sprint("x", calls), "prompts/initializer_prompt.md", i1))
		case strings.Contains(last, "add export"):
			return llmtest.Tools("Adding export.", write(fmt.Sprint("w", calls), "prompts/app_spec.txt", a2), write(fmt.Sprint("x", calls), "prompts/initializer_prompt.md", i2))
		case last == "":
			return llmtest.Text("Done: the spec is updated.")
		}
		return llmtest.Text("Hi! What shall we build?")
	})
	return anthropic.New(anthropic.Config{APIKey: secret.New("sk-ant-test"), BaseURL: fake.URL, Model: "claude-test"})
}

// A revision in the browser: the result pane says what changed and marks
// the features, the outline keeps what was open, two versions can be
// compared, a feature leads to the message that asked for it, an earlier
// version can be restored, and an earlier interview can be read.
func TestRevisionsInTheResultPane(t *testing.T) {
	srv := startServer(t, reviser(t))
	b := newBrowser(t, srv.URL)
	openNew(t, srv, b, "tidy", "")

	b.send("A to-do app; write the spec")
	b.settled(20 * time.Second)
	b.waitFor("the checked spec with its score", `document.querySelector('[data-testid="spec-ok"]') && /Readiness \d+\/100/.test(document.querySelector('[data-testid="score"]').innerText)`, 10*time.Second)
	if got := must[string](b, `document.querySelector('[data-feature="F-001"] .feature-id').innerText`); got != "F-001" {
		b.fail("feature ID shown as %q", got)
	}
	if b.count(`[data-feature="F-001"] .acceptance li`) != 1 {
		b.fail("the acceptance criteria are not shown")
	}
	if !strings.HasSuffix(must[string](b, `document.querySelector('[data-testid="folder"]').innerText`), "/projects/tidy/prompts/") {
		b.fail("the folder the files were written to is not shown")
	}
	// Open a section the default leaves closed: a revision must keep it
	// open. (Once the provenance links are drawn, so the click does not
	// race the layout.)
	b.waitFor("the provenance links", `document.querySelector('[data-feature="F-030"] [data-testid="feature-origin"]')`, 10*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`details[data-section="database_schema"] > summary`)))
	b.waitFor("the schema open", `document.querySelector('details[data-section="database_schema"]').open`, 5*time.Second)

	b.send("Please add export")
	b.settled(20 * time.Second)
	b.waitFor("the change summary", `document.querySelector('[data-testid="change-summary"]') &&
		document.querySelector('[data-testid="change-summary"]').innerText.includes("+1 feature, 1 changed; feature count 30 → 31")`, 10*time.Second)
	if !must[bool](b, `document.querySelector('[data-feature="F-031"]').dataset.mark === "added" && document.querySelector('[data-feature="F-005"]').dataset.mark === "changed" && document.querySelector('[data-feature="F-001"]').dataset.mark === ""`) {
		b.fail("the changed features are not marked")
	}
	if !must[bool](b, `document.querySelector('details[data-section="database_schema"]').open && document.querySelector('details[data-section="core_features"]').open`) {
		b.fail("the revision reset the outline")
	}
	if !strings.Contains(b.logText(), "Version 2: +1 feature, 1 changed") {
		b.fail("the conversation does not say a version was stored")
	}
	b.scrollTop(".spec-pane")
	b.shot("30-revision-desktop-light")
	b.colorScheme("dark")
	time.Sleep(300 * time.Millisecond) // the colours fade in
	b.shot("31-revision-desktop-dark")
	b.colorScheme("light")

	// The spec file can be copied.
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="copy-app_spec"]`)))
	b.waitFor("the file copied", `document.querySelector('[data-testid="copy-app_spec"]').innerText === "Copied"`, 5*time.Second)

	// initializer_prompt.md reads as a document: single line breaks are spaces.
	b.do(chromedp.Click(chromedp.CSS(`#tab-initializer`)))
	b.waitFor("the initializer", `document.querySelector(".md-doc")`, 5*time.Second)
	if n := b.count(".md-doc p br"); n != 0 {
		b.fail("initializer_prompt.md keeps %d single line breaks as hard breaks", n)
	}
	if !strings.Contains(must[string](b, `document.querySelector(".md-doc").innerText`), "You are the first of many coding sessions that will build this application, one after another") {
		b.fail("the initializer's paragraph is not joined")
	}
	b.do(chromedp.Click(chromedp.CSS(`#tab-app_spec`)))

	// The feature's link goes to the message that asked for it.
	b.do(chromedp.Click(chromedp.CSS(`[data-feature="F-031"] [data-testid="feature-origin"]`)))
	b.waitFor("the message of F-031 focused", `document.activeElement && document.activeElement.dataset.seq && document.activeElement.innerText.includes("Please add export")`, 5*time.Second)

	// Compare versions.
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="compare-open"]`)))
	b.waitFor("the comparison", `document.querySelector('[data-testid="diff"]') && document.querySelector('[data-testid="diff"]').innerText.includes("F-031")`, 10*time.Second)
	diff := must[string](b, `document.querySelector('[data-testid="diff"]').innerText`)
	for _, want := range []string{"v1 → v2", "F-031 Export lists", "F-005", "description", "initializer_prompt.md"} {
		if !strings.Contains(diff, want) {
			b.fail("the comparison lacks %q:\n%s", want, diff)
		}
	}
	b.shot("32-compare-desktop")

	// Restore version 1: it becomes version 3.
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="restore-1"]`)))
	b.waitFor("the restore dialog", `document.querySelector('dialog[open]')`, 5*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`dialog[open] [data-testid="confirm"]`)))
	b.waitFor("version 3", `document.querySelector('[data-testid="change-summary"]') && document.querySelector('[data-testid="change-summary"]').innerText.includes("Version 3 (restores v1)") &&
		document.querySelectorAll('.version-row').length === 3`, 10*time.Second)
	if got, _ := os.ReadFile(srv.dir + "/projects/tidy/prompts/app_spec.txt"); !strings.Contains(string(got), `id="F-005"`) || strings.Contains(string(got), "F-031") {
		b.fail("the restore did not bring version 1 back")
	}

	// Phone widths, light and dark.
	b.viewport(390, 844, true)
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="show-spec"]`)))
	b.waitFor("the spec view", `document.querySelector('[data-testid="versions"]') && document.querySelector('[data-testid="versions"]').offsetParent !== null`, 5*time.Second)
	b.shot("33-versions-phone-light")
	b.colorScheme("dark")
	time.Sleep(300 * time.Millisecond) // the colours fade in
	b.shot("34-versions-phone-dark")
	b.colorScheme("light")
	b.viewport(1280, 860, false)

	// Start over; the first interview can be read, not continued.
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="start-over"]`)))
	b.do(chromedp.Click(chromedp.CSS(`dialog[open] [data-testid="confirm"]`)))
	b.settled(10 * time.Second)
	b.waitFor("the input box focused after Start over", `document.activeElement && document.activeElement.id === "composer-text"`, 5*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="tab-versions"]`)))
	b.waitFor("the earlier interview's link", `document.querySelector('[data-testid="sessions"] a[data-session]')`, 10*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="sessions"] a[data-session]`)))
	b.waitFor("the archived interview", `document.querySelector('[data-testid="archived"]') && document.querySelector('[data-testid="log"]').innerText.includes("Please add export")`, 10*time.Second)
	if b.count(`#composer-text`)+b.count(`form[data-testid="question-card"]`) != 0 {
		b.fail("an archived interview can be written to")
	}
	b.shot("35-archived-desktop")
	b.checkA11y("archived interview")

	// From the current interview, a feature of the first one opens it at its message.
	b.do(chromedp.Click(chromedp.CSS(`a.btn[href="/p/tidy"]`)))
	b.settled(10 * time.Second)
	b.do(chromedp.Click(chromedp.CSS(`#tab-app_spec`)))
	b.waitFor("the outline", `document.querySelector('[data-feature="F-001"] [data-testid="feature-origin"]')`, 10*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`[data-feature="F-001"] [data-testid="feature-origin"]`)))
	b.waitFor("the first interview at the message", `location.pathname.startsWith("/p/tidy/s/") && document.activeElement && document.activeElement.innerText.includes("write the spec")`, 10*time.Second)
}

// Rename and delete from the project list, each after a dialog.
func TestRenameAndDeleteProjects(t *testing.T) {
	srv := startServer(t, reviser(t))
	b := newBrowser(t, srv.URL)
	for _, n := range []string{"alpha", "beta"} {
		if code := srv.post("/api/projects", map[string]string{"name": n}, nil); code != 201 {
			t.Fatalf("create %s: %d", n, code)
		}
	}
	b.open("/")
	b.waitFor("the list", `document.querySelectorAll('.project-item').length === 2`, 10*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`button[aria-label="Rename alpha"]`)))
	b.waitFor("the rename dialog", `document.querySelector('dialog[open] input')`, 5*time.Second)
	b.clearInput(`dialog[open] input`)
	b.do(chromedp.SendKeys(chromedp.CSS(`dialog[open] input`), "BETA"))
	b.do(chromedp.Click(chromedp.CSS(`dialog[open] [data-testid="rename-confirm"]`)))
	b.waitFor("the clash refused", `document.querySelector('dialog[open] .field-error').innerText.includes("already exists")`, 5*time.Second)
	b.clearInput(`dialog[open] input`)
	b.do(chromedp.SendKeys(chromedp.CSS(`dialog[open] input`), "gamma"))
	b.shot("36-rename-dialog")
	b.do(chromedp.Click(chromedp.CSS(`dialog[open] [data-testid="rename-confirm"]`)))
	b.waitFor("the renamed project", `document.querySelector('[data-project="gamma"]') && !document.querySelector('[data-project="alpha"]') && document.activeElement === document.querySelector('[data-project="gamma"]')`, 10*time.Second)

	b.do(chromedp.Click(chromedp.CSS(`button[aria-label="Delete beta"]`)))
	b.waitFor("the delete dialog", `document.querySelector('dialog[open] [data-testid="confirm"]')`, 5*time.Second)
	// Cancel keeps it.
	b.do(chromedp.KeyEvent("\x1b"))
	b.waitFor("the dialog closed", `!document.querySelector('dialog[open]')`, 5*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`button[aria-label="Delete beta"]`)))
	b.do(chromedp.Click(chromedp.CSS(`dialog[open] [data-testid="confirm"]`)))
	b.waitFor("beta gone", `document.querySelectorAll('.project-item').length === 1 && !document.querySelector('[data-project="beta"]')`, 10*time.Second)
	if _, err := os.Stat(srv.dir + "/projects/beta"); !os.IsNotExist(err) {
		b.fail("beta's folder is still there: %v", err)
	}
	b.checkA11y("project list")

	// A project created from the list starts with the keyboard in the input box.
	b.createProject("delta")
	b.waitFor("the input box focused", `document.activeElement && document.activeElement.id === "composer-text"`, 10*time.Second)
}
