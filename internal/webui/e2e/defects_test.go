package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/specwright/specwright/internal/llm/anthropic"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/secret"
)

const longOption = "Write both files: …/projects/defects/prompts/app_spec.txt and …/projects/defects/prompts/initializer_prompt.md"

// asker is a fake model that asks a multi-select question on "ask",
// answers "code" with a Go block, and otherwise says something short.
func asker(t *testing.T) *anthropic.Provider {
	extras := map[string]any{"questions": []any{map[string]any{
		"question": "Which extras do you want? Pick none, some or all.", "header": "Extras", "multiSelect": true,
		"options": []any{
			map[string]any{"label": "Dark mode", "description": "A dark theme"},
			map[string]any{"label": "Export", "description": longOption},
			map[string]any{"label": longOption, "description": "The option's label itself is long"},
		},
	}}}
	fake := llmtest.NewAnthropic(t, func(call int, req llmtest.Request) llmtest.Response {
		switch last := req.LastUserText(); {
		case last == "ask":
			return llmtest.Tools("One question.", llmtest.ToolCall{ID: fmt.Sprint("q", call), Name: "AskUserQuestion", Input: extras})
		case last == "":
			return llmtest.Text("Noted. Tell me more in your own words.")
		case last == "code":
			return llmtest.Text("Here it is:\n\n```go\nfunc main() {\n\tfmt.Println(\"hi\") // greet\n}\n```\n")
		case strings.HasPrefix(last, "Hi"):
			return llmtest.Text("Hi! What shall we build?")
		}
		return llmtest.Text("Understood.")
	})
	return anthropic.New(anthropic.Config{APIKey: secret.New("sk-ant-test"), BaseURL: fake.URL, Model: "claude-test"})
}

// The defects found when the page was tried in a real browser, each
// checked where it showed.
func TestUIDefectsStayFixed(t *testing.T) {
	srv := startServer(t, asker(t))
	b := newBrowser(t, srv.URL)
	openNew(t, srv, b, "defects", "")

	// A draft survives a reload.
	b.do(chromedp.SendKeys(chromedp.CSS("#composer-text"), "half a thought"))
	b.waitFor("the typing done", `document.querySelector("#composer-text").value === "half a thought"`, 5*time.Second)
	b.open("/p/defects")
	b.settled(10 * time.Second)
	if got := must[string](b, `document.querySelector("#composer-text").value`); got != "half a thought" {
		b.fail("the draft after a reload is %q", got)
	}
	b.clearInput("#composer-text")

	// Half-ticked answers survive a reload.
	b.send("ask")
	b.waitFor("the card", `document.querySelector('form[data-testid="question-card"]')`, 10*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`form[data-testid="question-card"] .q-options label:nth-of-type(1)`)))
	b.open("/p/defects")
	b.waitFor("the card again, ticked", `document.querySelector('form[data-testid="question-card"] input[value="Dark mode"]') && document.querySelector('form[data-testid="question-card"] input[value="Dark mode"]').checked`, 10*time.Second)

	// Long option text stays in its box.
	overflow := must[string](b, `[...document.querySelectorAll('form[data-testid="question-card"] .opt')].filter(o => o.scrollWidth > o.clientWidth + 1).map(o => o.innerText).join(" | ")`)
	if overflow != "" {
		b.fail("options overflow their box: %s", overflow)
	}
	b.shot("40-card-desktop")

	// A multi-select question can be sent with nothing ticked, by keyboard;
	// the keyboard then is in the input box.
	b.do(chromedp.Click(chromedp.CSS(`form[data-testid="question-card"] .q-options label:nth-of-type(1)`)))
	b.do(chromedp.Focus(chromedp.CSS(`[data-testid="send-answers"]`)))
	b.do(chromedp.KeyEvent("\r"))
	b.waitFor("the answer None", `[...document.querySelectorAll('[data-testid="user"]')].some(u => u.innerText.includes("None of these"))`, 10*time.Second)
	b.settled(10 * time.Second)
	b.waitFor("the input box focused", `document.activeElement && document.activeElement.id === "composer-text"`, 5*time.Second)

	// While disconnected, the card's button says it cannot send, the
	// countdown starts from the real wait, and on a phone the header
	// keeps its height.
	b.send("ask")
	b.waitFor("the card", `document.querySelector('form[data-testid="question-card"]')`, 10*time.Second)
	b.viewport(390, 844, true)
	time.Sleep(3 * time.Second) // a stale clock would now be 3 s behind
	header := must[float64](b, `document.querySelector(".topbar").getBoundingClientRect().height`)
	must[bool](b, `(() => { window.__labels = []; const o = new MutationObserver(() => {
		const l = document.querySelector(".conn-label"); if (l) window.__labels.push(l.innerText); });
		o.observe(document.querySelector(".topbar"), {subtree: true, childList: true, characterData: true}); return true; })()`)
	srv.gate.cut(true)
	b.waitFor("the retry countdown", `document.querySelector('[data-testid="connection"]').dataset.phase === "retrying"`, 10*time.Second)
	first := must[string](b, `(window.__labels.find(l => l.includes("retrying")) || "")`)
	var secs int
	if _, err := fmt.Sscanf(first[strings.Index(first, "retrying"):], "retrying in %d s", &secs); err == nil && secs > 1 {
		b.fail("the countdown started at %q", first)
	}
	if !must[bool](b, `document.querySelector('[data-testid="send-answers"]').disabled && document.querySelector(".qcard-why").innerText.includes("Not connected")`) {
		b.fail("Send answers looks live while disconnected")
	}
	if got := must[float64](b, `document.querySelector(".topbar").getBoundingClientRect().height`); got > header+2 {
		b.fail("the phone header grew from %.0f to %.0f px when disconnected", header, got)
	}
	lines := must[float64](b, `(() => { const t = document.querySelector("#composer-text"); return t.scrollHeight / parseFloat(getComputedStyle(t).lineHeight); })()`)
	if lines > 2.6 {
		b.fail("the empty input box is %.1f lines high on a phone", lines)
	}
	b.shot("41-phone-disconnected-light")
	b.colorScheme("dark")
	time.Sleep(300 * time.Millisecond) // the colours fade in
	b.shot("42-phone-disconnected-dark")
	b.colorScheme("light")
	srv.gate.up()
	// "Retry now" skips the wait (unless the page is already retrying).
	must[bool](b, `(() => { const l = document.querySelector('[data-testid="connection"] .link-btn'); if (l) l.click(); return true; })()`)
	b.waitFor("the card live again", `document.querySelector('[data-testid="connection"]').dataset.phase === "open" && !document.querySelector('[data-testid="send-answers"]').disabled`, 15*time.Second)
	b.viewport(1280, 860, false)
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="send-answers"]`)))
	b.settled(10 * time.Second)

	// Code is highlighted and can be copied; replies can be copied.
	b.send("code")
	b.settled(10 * time.Second)
	b.waitFor("highlighted Go", `document.querySelector('.md-code .tok-keyword') && document.querySelector('.md-code .tok-keyword').innerText === "func" && document.querySelector('.md-code .tok-comment')`, 10*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="copy-code"]`)))
	b.waitFor("the code copied", `document.querySelector('[data-testid="copy-code"]').innerText === "Copied"`, 5*time.Second)
	b.shot("43-code-desktop-light")
	b.colorScheme("dark")
	time.Sleep(300 * time.Millisecond) // the colours fade in
	b.shot("44-code-desktop-dark")
	b.colorScheme("light")

	// A long paste is collapsed; the last message can be edited.
	var long []string
	for i := 1; i <= 40; i++ {
		long = append(long, fmt.Sprintf("line %d of a pasted document", i))
	}
	must[bool](b, fmt.Sprintf(`(() => { const t = document.querySelector("#composer-text"); t.value = %s;
		t.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`, jsString(strings.Join(long, "\n"))))
	b.do(chromedp.Focus(chromedp.CSS("#composer-text")), enter)
	b.settled(10 * time.Second)
	b.waitFor("the collapsed paste", `document.querySelector('[data-testid="collapsed-paste"]') && !document.querySelector('[data-testid="collapsed-paste"]').innerText.includes("line 40")`, 5*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="expand-paste"]`)))
	b.waitFor("the whole paste", `[...document.querySelectorAll('.user-text')].some(p => p.innerText.includes("line 40 of"))`, 5*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="edit-last"]`)))
	b.waitFor("the message back in the box", `document.querySelector("#composer-text").value.startsWith("line 1 of")`, 5*time.Second)
	b.clearInput("#composer-text")

	// Addresses of projects that do not exist say so, and create nothing.
	for path, want := range map[string]string{
		"/p/bad%20name":      "not a valid project name",
		"/p/DEFECTS":         "differ by case",
		"/p/no-such-project": "no project called",
	} {
		b.open(path)
		b.waitFor("the no-project page for "+path, `document.querySelector('[data-testid="no-project"]')`, 10*time.Second)
		if text := must[string](b, `document.querySelector('[data-testid="no-project"]').innerText`); !strings.Contains(text, want) {
			b.fail("%s says %q, want %q", path, text, want)
		}
		if b.count("#composer-text")+b.count(`[data-testid="start"]`) != 0 {
			b.fail("%s offers a usable interview", path)
		}
		if path != "/p/DEFECTS" && b.count(`[data-testid="suggestion"]`) != 0 {
			b.fail("%s suggests a project nothing resembles", path)
		}
	}
	b.open("/p/DEFECTS")
	b.waitFor("the suggestion", `document.querySelector('[data-testid="suggestion"]') && document.querySelector('[data-testid="suggestion"]').getAttribute("href") === "/p/defects"`, 10*time.Second)
	b.shot("45-no-project")
	var ps []map[string]any
	srv.get("/api/projects", &ps)
	if len(ps) != 1 {
		b.fail("opening addresses created projects: %v", ps)
	}
}

// Retry after an error sends the last message again; Esc stops a reply.
func TestRetryAndEscape(t *testing.T) {
	p := newScripted()
	srv := startServer(t, p)
	b := newBrowser(t, srv.URL)
	openNew(t, srv, b, "retry", "")

	b.send("fail")
	b.waitFor("the error", `document.querySelector('[data-testid="retry"]')`, 10*time.Second)
	b.settled(5 * time.Second)
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="retry"]`)))
	b.waitFor("the message sent again", `[...document.querySelectorAll('[data-testid="user"]')].filter(u => u.innerText.includes("fail")).length === 2 &&
		document.querySelectorAll('[data-testid="error"]').length === 2`, 10*time.Second)
	if got := must[string](b, `document.querySelector("#composer-text").value`); got != "" {
		b.fail("retry left %q in the input box", got)
	}

	b.send("stall")
	b.waitFor("the reply running", `document.querySelector(".page.interview").dataset.busy === "true"`, 5*time.Second)
	for w := ""; w != "stall"; {
		select {
		case w = <-p.started:
		case <-time.After(10 * time.Second):
			b.fail("the stalled reply did not start")
		}
	}
	must[bool](b, `(() => { window.__esc = 0; document.addEventListener("keydown", e => { if (e.key === "Escape") window.__esc++; }, true); return true; })()`)
	b.do(escape)
	b.waitFor("the Escape key seen", `window.__esc === 1`, 5*time.Second)
	b.waitFor("the reply stopped", `document.querySelector(".page.interview").dataset.busy === "false" && [...document.querySelectorAll('[data-testid="notice"]')].some(n => n.innerText.startsWith("Stopped"))`, 10*time.Second)
}

// get decodes the JSON answer of a GET.
func (s *server) get(path string, out any) int {
	s.t.Helper()
	req, _ := http.NewRequest("GET", s.URL+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		s.t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode
}

// escape presses the Escape key, as enter does Enter.
var escape = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
		_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{
			Type: typ, Key: "Escape", Code: "Escape", WindowsVirtualKeyCode: 27, NativeVirtualKeyCode: 27,
		})
		if err != nil {
			return err
		}
	}
	return nil
})

// When another tab starts over, this one says so, and a message it had
// put back into the input box (it belonged to the old interview) goes.
func TestAnotherTabStartsOver(t *testing.T) {
	srv := startServer(t, newScripted())
	a := newBrowser(t, srv.URL)
	openNew(t, srv, a, "tabs", "")
	a.send("first words")
	a.settled(10 * time.Second)
	a.do(chromedp.Click(chromedp.CSS(`[data-testid="edit-last"]`)))
	a.waitFor("the message back in the box", `document.querySelector("#composer-text").value === "first words"`, 5*time.Second)

	b := newBrowser(t, srv.URL)
	b.open("/p/tabs")
	b.settled(10 * time.Second)
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="start-over"]`)))
	b.do(chromedp.Click(chromedp.CSS(`dialog[open] [data-testid="confirm"]`)))
	b.settled(10 * time.Second)

	a.waitFor("the notice of the new interview", `[...document.querySelectorAll('[data-testid="notice"]')].some(n => n.innerText.includes("another tab"))`, 10*time.Second)
	a.waitFor("the old message out of the box", `document.querySelector("#composer-text").value === ""`, 5*time.Second)
	if strings.Contains(a.logText(), "first words") {
		a.fail("the old interview is still shown")
	}
	a.shot("46-other-tab-started-over")
}
