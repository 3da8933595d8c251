package e2e_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/specwright/specwright/internal/document/documenttest"
	"github.com/specwright/specwright/internal/llm/guided"
)

// Documents go with a message as chips (the paperclip), and the result
// pane's Export menu downloads every format from the server.
func TestDocumentChipsAndExportMenu(t *testing.T) {
	srv := startServer(t, guided.New())
	b := newBrowser(t, srv.URL)
	openNew(t, srv, b, "docs", "")

	dir := t.TempDir()
	md := filepath.Join(dir, "notes.md")
	docx := filepath.Join(dir, "requirements.docx")
	os.WriteFile(md, []byte("# Notes\n- members plan meals\n"), 0o644)
	os.WriteFile(docx, documenttest.DOCX("Members share one shopping list."), 0o644)
	b.do(chromedp.SetUploadFiles(chromedp.CSS(`[data-testid="file-input"]`), []string{md, docx}))
	b.waitFor("two document chips", `document.querySelectorAll('[data-testid="chip"] .chip-doc').length === 2`, 5*time.Second)
	if names := must[string](b, `[...document.querySelectorAll('[data-testid="chip"] .chip-name')].map(e => e.innerText).join(",")`); names != "notes.md,requirements.docx" {
		b.fail("chips %q", names)
	}
	b.send("A meal planner for a household; the documents say more.")
	b.waitFor("the documents in the sent message", `[...document.querySelectorAll('[data-testid="user"] .chip')].map(e => e.innerText).join(",").includes("requirements.docx")`, 5*time.Second)
	b.settled(10 * time.Second)
	if n := b.count(`[data-testid="error"]`); n != 0 {
		b.fail("the message with documents was refused")
	}

	// A finished spec on disk: the result pane shows it with the menu.
	appSpec, err := os.ReadFile("../../spec/testdata/app_spec.txt")
	if err != nil {
		t.Fatal(err)
	}
	prompts := filepath.Join(srv.dir, "projects", "docs", "prompts")
	os.MkdirAll(prompts, 0o755)
	os.WriteFile(filepath.Join(prompts, "app_spec.txt"), appSpec, 0o644)
	b.do(chromedp.Reload())
	b.waitFor("the export menu", `document.querySelector('[data-testid="export-menu"]')`, 10*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="export-menu"] summary`)))
	b.waitFor("the open menu", `document.querySelector('[data-testid="export-menu"]').open`, 5*time.Second)
	formats := must[string](b, `[...document.querySelectorAll('[data-testid="export-menu"] a')].map(a => a.dataset.testid).join(",")`)
	if formats != "export-markdown,export-json,export-features,export-spec-kit,export-kiro,export-openspec" {
		b.fail("menu entries %q", formats)
	}
	b.shot("export-menu")
	// Each link answers with a download of the right kind, with the page's own credentials.
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
		const out = [];
		for (const a of document.querySelectorAll('[data-testid="export-menu"] a')) {
			const r = await fetch(a.href, {credentials: "same-origin"});
			out.push(r.status + " " + (r.headers.get("content-type") || "") + " " + (r.headers.get("content-disposition") || ""));
		}
		return out.join("\n");
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		b.fail("fetching the export links: %v", err)
	}
	for _, want := range []string{`200 text/markdown; charset=utf-8 attachment; filename="docs-spec.md"`, `200 application/zip attachment; filename="docs-openspec.zip"`} {
		if !strings.Contains(got, want) {
			b.fail("the export links answered:\n%s\nwant a line %q", got, want)
		}
	}
}
