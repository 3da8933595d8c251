package e2e_test

import (
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/specwright/specwright/internal/llm/anthropic"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/secret"
)

// Spec files that fail the server's check are reported in the
// conversation and in the result view, and the project is marked; a
// change asked for in the still open input box fixes them, and the
// result is checked again.
func TestValidationProblemsAndFix(t *testing.T) {
	appSpec, err := os.ReadFile("../../spec/testdata/app_spec.txt")
	if err != nil {
		t.Fatal(err)
	}
	initializer, err := os.ReadFile("../../spec/testdata/initializer_prompt.md")
	if err != nil {
		t.Fatal(err)
	}
	good, prompt := string(appSpec), string(initializer)
	placeholder := strings.ReplaceAll(prompt, "**30**", "**[FEATURE_COUNT]**")
	write := func(id, path, content string) llmtest.ToolCall {
		return llmtest.ToolCall{ID: id, Name: "Write", Input: map[string]any{"file_path": path, "content": content}}
	}
	var mu sync.Mutex
	fixing := false
	fake := llmtest.NewAnthropic(t, func(call int, req llmtest.Request) llmtest.Response {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case call == 0:
			return llmtest.Text("Hi! What shall we build?")
		case call == 1:
			return llmtest.Tools("Writing the files.",
				write("w1", "prompts/app_spec.txt", good), write("w2", "prompts/initializer_prompt.md", placeholder))
		case strings.Contains(req.LastUserText(), "please fix"):
			fixing = true
			return llmtest.Tools("Fixing the count.", write("w3", "prompts/initializer_prompt.md", prompt))
		case fixing:
			return llmtest.Text("Fixed: the count is in the initializer prompt.")
		}
		return llmtest.Text("I think the files are fine.") // never fixes on its own
	})
	srv := startServer(t, anthropic.New(anthropic.Config{APIKey: secret.New("sk-ant-test"), BaseURL: fake.URL, Model: "claude-test"}))
	b := newBrowser(t, srv.URL)
	openNew(t, srv, b, "fixme", "")

	b.send("A todo app; write the spec now")
	b.settled(20 * time.Second)
	if n := b.count(`[data-testid="validation"]`); n < 2 {
		b.fail("%d validation notes in the conversation", n)
	}
	if !strings.Contains(b.logText(), "FEATURE_COUNT") {
		b.fail("the validation notes do not say what is wrong")
	}
	b.waitFor("the problems in the result", `document.querySelector('[data-testid="spec-problems"]') &&
		document.querySelector(".problems .problem-error .problem-where").innerText.startsWith("initializer_prompt.md")`, 10*time.Second)
	if b.count(`[data-testid="complete"]`) != 0 {
		b.fail("a failing spec is announced as complete")
	}
	b.scrollTop(".spec-pane")
	b.shot("13-validation-problems")

	// The input box is open: ask for the fix.
	b.send("please fix the count")
	b.settled(20 * time.Second)
	b.waitFor("the fixed spec", `document.querySelector('[data-testid="complete"]') && document.querySelector('[data-testid="spec-ok"]') &&
		!document.querySelector(".problems .problem-error")`, 10*time.Second)

	b.do(chromedp.Click(chromedp.CSS(`a.brand`)))
	b.waitFor("the project's state", `document.querySelector('[data-project="fixme"] [data-status="complete"]')`, 10*time.Second)
}
