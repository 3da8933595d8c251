package e2e_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/specwright/specwright/internal/llm/guided"
)

// clearInput empties a form field the way typing would, so the page's
// own state follows.
func (b *browser) clearInput(sel string) {
	b.t.Helper()
	must[bool](b, fmt.Sprintf(`(() => { const el = document.querySelector(%s); el.value = "";
		el.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`, jsString(sel)))
}

// createProject types a name into the start page's form and submits it.
func (b *browser) createProject(name string) {
	b.t.Helper()
	b.clearInput("#project-name")
	b.do(
		chromedp.SendKeys(chromedp.CSS("#project-name"), name),
		chromedp.Click(chromedp.CSS(`.create button[type="submit"]`)),
	)
}

// interview answers the guided interview until the spec is complete:
// replies in order for the plain-text questions, the hurried user's
// choice on the cards, and one card answered with the keyboard only.
func (b *browser) interview(replies []string, shotCard string) {
	b.t.Helper()
	keyboard := false
	for turn := 0; turn < 60; turn++ {
		b.settled(30 * time.Second)
		if must[bool](b, `document.querySelector(".page.interview").dataset.complete === "true" && !!document.querySelector('[data-testid="complete"]')`) {
			return
		}
		if errs := b.count(`[data-testid="error"]`); errs > 0 {
			b.fail("the interview shows an error")
		}
		qs := b.openCard()
		if qs != nil {
			if shotCard != "" {
				b.shot(shotCard)
				b.checkA11y("question card")
				shotCard = ""
			}
			if !keyboard && len(qs) == 1 && !qs[0].Multi {
				// Keyboard only: the card took the focus from the input
				// box; Space chooses, Tab reaches the button, Enter sends.
				if !must[bool](b, `document.activeElement && document.activeElement.type === "radio"`) {
					b.fail("the new question card did not take the focus: %s", must[string](b, `document.activeElement.outerHTML`))
				}
				b.do(chromedp.KeyEvent(" "), chromedp.KeyEvent("\t"))
				if !must[bool](b, `document.activeElement.matches('form[data-testid="question-card"] button[type="submit"]')`) {
					b.fail("Tab from the options did not reach the send button")
				}
				b.do(chromedp.KeyEvent("\r")) // a button acts on the Enter key's char event
				b.waitFor("the keyboard answer", `!document.querySelector('form[data-testid="question-card"]') || document.querySelector(".page.interview").dataset.busy === "true"`, 5*time.Second)
				keyboard = true
				continue
			}
			b.answerCard(qs)
			continue
		}
		reply := "Nothing more to add."
		if len(replies) > 0 {
			reply, replies = replies[0], replies[1:]
		}
		b.send(reply)
	}
	b.fail("the guided interview did not complete within 60 turns")
}

// The whole guided interview through the page, from an empty start page to
// the finished spec, then a change, the phone layout, dark mode, the
// project list and starting over.
func TestGuidedInterviewToFinishedSpec(t *testing.T) {
	srv := startServer(t, guided.New())
	b := newBrowser(t, srv.URL)

	b.open("/")
	b.waitFor("the start page", `document.querySelector("#project-name") && document.querySelector('[data-testid="guided-note"]')`, 10*time.Second)
	b.waitFor("the empty list", `document.querySelector(".projects .empty")`, 5*time.Second)
	if !strings.Contains(b.visibleProvider(), "no AI model") {
		b.fail("the provider badge does not say that no model runs")
	}
	note := must[string](b, `document.querySelector('[data-testid="guided-note"]').innerText`)
	for _, want := range []string{"ANTHROPIC_API_KEY", "--provider anthropic"} {
		if !strings.Contains(note, want) {
			b.fail("the guided note does not say how to switch: %q lacks %q", note, want)
		}
	}
	if !strings.Contains(must[string](b, `document.querySelector('[data-testid="guided-note"] details.choice').textContent`), "nothing configured") {
		b.fail("the guided note does not tell how the provider was chosen")
	}
	b.checkA11y("start page")
	b.shot("01-start-empty")

	// The name rule, checked by the page, and the server's own refusal.
	for _, c := range []struct{ name, want string }{
		{"my app", "letters, digits"},
		{"CON", "reserved device name"},
	} {
		b.createProject(c.name)
		b.waitFor("the refusal of "+c.name, fmt.Sprintf(`document.querySelector('[data-testid="create-error"]').innerText.includes(%s)`, jsString(c.want)), 5*time.Second)
	}
	if code := srv.post("/api/projects", map[string]string{"name": "taken"}, nil); code != 201 {
		t.Fatalf("create taken: %d", code)
	}
	b.expect(`status of 409 \(Conflict\)`) // the browser logs the refused POST
	b.createProject("taken")               // the page's list predates it: the server refuses
	b.waitFor("the server's refusal", `document.querySelector('[data-testid="create-error"]').innerText.includes("already exists")`, 5*time.Second)
	if must[string](b, `location.pathname`) != "/" {
		b.fail("a refused name left the start page")
	}

	b.createProject("recipes")
	b.waitFor("the interview page", `location.pathname === "/p/recipes"`, 5*time.Second)
	// A new project starts its interview at once: the greeting arrives.
	b.waitFor("the greeting", `document.querySelectorAll('[data-testid="assistant"]').length > 0`, 10*time.Second)
	b.settled(10 * time.Second)
	if !strings.Contains(b.logText(), "guided") {
		b.fail("the greeting does not say that this is the guided interview")
	}
	b.checkA11y("interview")

	b.interview([]string{
		"A recipe box for families: save recipes & plan <weekly> meals together.",
		"Save recipes with ingredients and steps\nPlan meals for the week\nMake a shopping list from the plan",
		"It is done when a family can plan a week of meals in five minutes.",
	}, "02-interview-question")

	// The user's words are shown as typed, markup and all.
	log := b.logText()
	if !strings.Contains(log, "plan <weekly> meals") {
		b.fail("the user's message lost its text: %q", log)
	}
	if !strings.Contains(log, "Save recipes with ingredients and steps\nPlan meals for the week") {
		b.fail("Shift+Enter did not keep the new lines: %q", log)
	}
	if b.count(`[data-testid="file-written"]`) < 2 {
		b.fail("the files written are not announced")
	}

	// The result: checked, counted, readable, downloadable.
	b.waitFor("the spec", `document.querySelector('[data-testid="spec-ok"]') && document.querySelector('[data-testid="feature-count"]')`, 10*time.Second)
	count := must[string](b, `document.querySelector('[data-testid="feature-count"]').innerText`)
	if !strings.Contains(count, "features in") {
		b.fail("feature summary = %q", count)
	}
	if n := b.count(`details.sec`); n < 8 {
		b.fail("the outline has %d sections", n)
	}
	if must[int](b, `document.querySelectorAll(".categories li").length`) < 2 {
		b.fail("no categories in the summary")
	}
	b.do(chromedp.Click(chromedp.CSS(`[data-section="core_features"] > summary`)))
	b.do(chromedp.Click(chromedp.CSS(`[data-section="core_features"] > summary`)))
	b.waitFor("an open core_features section", `document.querySelector('[data-section="core_features"]').open`, 3*time.Second)
	if !strings.Contains(must[string](b, `document.querySelector('[data-section="overview"]').innerText`), "&") {
		b.fail("the overview lost the user's &")
	}
	b.scrollTop(".spec-pane")
	b.shot("03-spec-complete")
	b.checkA11y("spec")

	b.do(chromedp.Click(chromedp.CSS(`#tab-initializer`)))
	b.waitFor("the initializer prompt", `document.querySelector(".md-doc") && document.querySelector('[data-testid="download-initializer"]')`, 3*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`.tabpanel .toolbar button[aria-pressed]`)))
	b.waitFor("the raw file", `document.querySelector('[data-testid="raw"]') && !document.querySelector('[data-testid="raw"]').innerText.includes("[FEATURE_COUNT]")`, 3*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`.tabpanel .toolbar button[aria-pressed]`)), chromedp.Click(chromedp.CSS(`#tab-app_spec`)))
	b.waitFor("the outline again", `document.querySelector('[data-testid="outline"]')`, 3*time.Second)

	// Dark mode follows the system setting.
	b.colorScheme("dark")
	b.waitFor("dark colours", `getComputedStyle(document.body).backgroundColor === "rgb(17, 18, 20)"`, 3*time.Second)
	time.Sleep(300 * time.Millisecond) // let the buttons' colour transitions end
	b.shot("04-spec-complete-dark")
	b.colorScheme("light")

	// The input stays open after completion: a change is made and checked again.
	files := b.count(`[data-testid="file-written"]`)
	if ph := must[string](b, `document.querySelector("#composer-text").placeholder`); !strings.Contains(ph, "change") {
		b.fail("placeholder after completion = %q", ph)
	}
	b.send("Add a weekly meal calendar view")
	b.settled(20 * time.Second)
	if b.count(`[data-testid="file-written"]`) <= files || b.count(`[data-testid="error"]`) > 0 {
		b.fail("the change was not written")
	}
	b.waitFor("the spec checked again", `document.querySelector('[data-testid="spec-ok"]')`, 5*time.Second)

	// A phone: one pane at a time, switched by name.
	b.viewport(390, 844, true)
	b.waitFor("the pane switcher", `document.querySelector(".switcher") && !document.querySelector(".chat").hidden`, 5*time.Second)
	if p := b.visibleProvider(); !strings.Contains(p, "Guided") || !strings.Contains(p, "no AI model") {
		b.fail("the provider is not shown on a phone")
	}
	b.shot("05-phone-interview")
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="show-spec"]`)))
	b.waitFor("the spec on the phone", `document.querySelector(".chat").hidden && !document.querySelector(".spec-pane").hidden`, 3*time.Second)
	if w := must[int](b, `document.documentElement.scrollWidth`); w > 390 {
		b.fail("the phone layout is %d px wide: it scrolls sideways", w)
	}
	b.scrollTop(".spec-pane")
	b.shot("06-phone-spec")
	b.colorScheme("dark")
	time.Sleep(300 * time.Millisecond)
	b.shot("07-phone-spec-dark")
	b.colorScheme("light")
	b.viewport(1280, 860, false)

	// The project list shows every state.
	srv.post("/api/projects", map[string]string{"name": "shopping-list"}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.svc.Start(ctx, "notes"); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.Click(chromedp.CSS(`a.brand`)))
	b.waitFor("the project list", `document.querySelectorAll(".project-card").length === 4`, 10*time.Second)
	b.waitFor("the states", `document.querySelector('[data-project="recipes"] [data-status="complete"]') &&
		document.querySelector('[data-project="taken"] [data-status="not_started"]') &&
		document.querySelector('[data-project="notes"] [data-status="in_progress"]')`, 10*time.Second)
	if !strings.Contains(must[string](b, `document.querySelector('[data-project="recipes"]').innerText`), "features") {
		b.fail("the complete project does not show its feature count")
	}
	b.shot("08-start-projects")

	// Opening the project again redraws the whole interview from the server.
	before := log
	b.do(chromedp.Click(chromedp.CSS(`[data-project="recipes"]`)))
	b.waitFor("the interview page", `location.pathname === "/p/recipes"`, 5*time.Second)
	b.settled(10 * time.Second)
	if after := b.logText(); !strings.HasPrefix(after, before[:len(before)/2]) {
		b.fail("the interview was not redrawn the same:\nbefore %q\nafter %q", before, after)
	}

	// Starting over asks first, then shows only the new interview.
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="start-over"]`)))
	b.waitFor("the confirmation", `document.querySelector('[data-testid="confirm-dialog"]').open`, 3*time.Second)
	if !must[bool](b, `document.activeElement.innerText === "Cancel"`) {
		b.fail("the dialog should focus Cancel")
	}
	b.shot("09-start-over")
	b.do(chromedp.KeyEvent("\x1b")) // Escape cancels
	b.waitFor("the dialog to close", `!document.querySelector('[data-testid="confirm-dialog"]').open`, 3*time.Second)
	if b.count(`[data-testid="user"]`) == 0 {
		b.fail("cancelling cleared the interview")
	}
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="start-over"]`)))
	b.waitFor("the confirmation", `document.querySelector('[data-testid="confirm-dialog"]').open`, 3*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="confirm"]`)))
	b.waitFor("the new greeting", `document.querySelectorAll('[data-testid="assistant"]').length === 1 &&
		document.querySelectorAll('[data-testid="user"]').length === 0`, 10*time.Second)
	b.settled(10 * time.Second)
}
