package e2e_test

import (
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/specwright/specwright/internal/llm/guided"
)

// writePNG makes a small picture for attachment tests.
func writePNG(t *testing.T, name string) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 48, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 48; x++ {
			img.Set(x, y, color.RGBA{uint8(60 + x*3), uint8(50 + y*4), 200, 255})
		}
	}
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// assistantTexts returns the text of each interviewer message.
func (b *browser) assistantTexts() []string {
	b.t.Helper()
	var out []string
	raw := must[string](b, `JSON.stringify([...document.querySelectorAll('[data-testid="assistant"] .md')].map(e => e.innerText.trim()))`)
	json.Unmarshal([]byte(raw), &out)
	return out
}

// openNew creates a project through the API and opens its page, where
// the interview is started with the welcome card's button.
func openNew(t *testing.T, srv *server, b *browser, name, query string) {
	t.Helper()
	if code := srv.post("/api/projects", map[string]string{"name": name}, nil); code != 201 {
		t.Fatalf("create %s: %d", name, code)
	}
	b.open("/p/" + name + query)
	b.waitFor("the welcome card", `document.querySelector('[data-testid="start"]') && !document.querySelector('[data-testid="start"]').disabled`, 10*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="start"]`)))
	b.waitFor("the greeting", `document.querySelectorAll('[data-testid="assistant"]').length > 0`, 10*time.Second)
	b.settled(10 * time.Second)
}

// A reload in the middle of the guided interview redraws the conversation
// from the server, images and open question included, and it goes on. The
// server here wants a token, as with --allow-remote: the page gets it from
// the launch URL, as a cookie.
func TestReloadMidInterview(t *testing.T) {
	srv := startServer(t, guided.New(), "e2e-token-0123456789")
	b := newBrowser(t, srv.URL)
	b.expect(`status of 401`) // the page's first look, before the launch URL
	b.open("/")
	b.waitFor("the page asking for the token", `document.querySelector('[data-testid="token-needed"]')`, 10*time.Second)
	b.open("/?token=" + srv.token)
	b.waitFor("the start page with the token", `location.search === "" && document.querySelector(".projects .empty")`, 10*time.Second)
	openNew(t, srv, b, "reload", "")

	// Images: only JPEG and PNG are taken; a PNG goes with the message.
	gif := filepath.Join(t.TempDir(), "anim.gif")
	os.WriteFile(gif, []byte("GIF89a"), 0o644)
	b.do(chromedp.SetUploadFiles(chromedp.CSS(`[data-testid="file-input"]`), []string{gif}))
	b.waitFor("the refusal of a GIF", `document.querySelector(".composer .field-error") && document.querySelector(".composer .field-error").innerText.includes("only JPEG and PNG")`, 5*time.Second)
	b.do(chromedp.SetUploadFiles(chromedp.CSS(`[data-testid="file-input"]`), []string{writePNG(t, "sketch.png")}))
	b.waitFor("the image chip", `document.querySelector(".chip-image img") && document.querySelector(".chip-name").innerText === "sketch.png"`, 5*time.Second)
	b.send("A sketchbook app for kids to draw and share pictures with their family.")
	b.waitFor("the image in the message", `document.querySelector('[data-testid="user"] img[alt="sketch.png"]')`, 5*time.Second)
	b.settled(10 * time.Second)
	b.waitFor("a question card", `document.querySelector('form[data-testid="question-card"]')`, 10*time.Second)

	before := b.assistantTexts()
	users := b.count(`[data-testid="user"]`)
	question := must[string](b, `document.querySelector('form[data-testid="question-card"] legend').innerText`)

	b.do(chromedp.Reload())
	b.waitFor("the redrawn card", `document.querySelector('form[data-testid="question-card"]')`, 10*time.Second)
	b.settled(10 * time.Second)
	if after := b.assistantTexts(); !slices.Equal(before, after) {
		b.fail("the interviewer's messages differ after the reload:\nbefore %q\nafter  %q", before, after)
	}
	if n := b.count(`[data-testid="user"]`); n != users {
		b.fail("%d user messages after the reload, %d before", n, users)
	}
	if got := must[string](b, `document.querySelector('form[data-testid="question-card"] legend').innerText`); got != question {
		b.fail("open question after reload %q, before %q", got, question)
	}
	// The server keeps the image's name; the page shows it.
	if !strings.Contains(b.logText(), "sketch.png") {
		b.fail("the attachment is not named after the reload")
	}
	b.viewport(390, 844, true)
	must[bool](b, `(() => { document.querySelector('form[data-testid="question-card"]').scrollIntoView({block: "end"}); return true; })()`)
	if w := must[int](b, `document.documentElement.scrollWidth`); w > 390 {
		b.fail("the question card makes the phone layout %d px wide", w)
	}
	b.shot("14-phone-question")
	b.viewport(1280, 860, false)

	// And the interview goes on from where it was, here with an answer
	// in the user's own words ("Other").
	b.do(chromedp.Click(chromedp.CSS(`form[data-testid="question-card"] fieldset:first-of-type label.opt-other`)))
	b.waitFor("the free-text field", `document.activeElement && document.activeElement.classList.contains("opt-other-text")`, 3*time.Second)
	b.do(chromedp.KeyEvent("Somewhere in between"))
	if n := b.count(`form[data-testid="question-card"] fieldset`); n == 1 {
		b.do(chromedp.Click(chromedp.CSS(`form[data-testid="question-card"] button[type="submit"]`)))
	} else {
		b.answerCard(b.openCard()[1:]) // the other questions as usual
	}
	b.waitFor("the free-text answer", `[...document.querySelectorAll('[data-testid="user"]')].some(e => e.innerText.includes("Somewhere in between"))`, 10*time.Second)
	b.settled(10 * time.Second)
	if len(b.assistantTexts()) <= len(before) {
		b.fail("the interview did not go on after the reload")
	}
}

// A reply that streams while the page reloads is shown, once, when the
// page is back: first the part streamed so far, then the rest.
func TestReloadWhileReplyStreams(t *testing.T) {
	p := newScripted()
	srv := startServer(t, p)
	b := newBrowser(t, srv.URL)
	openNew(t, srv, b, "streaming", "")

	b.send("hold")
	<-p.started
	b.waitFor("the partial reply", `[...document.querySelectorAll('[data-testid="assistant"]')].some(e => e.innerText.includes("Hello"))`, 5*time.Second)
	b.waitFor("the typing indicator", `document.querySelector('[data-testid="typing"]')`, 5*time.Second)

	b.do(chromedp.Reload())
	b.waitFor("the redrawn partial reply", `document.querySelector(".page.interview").dataset.conn === "open" &&
		[...document.querySelectorAll('[data-testid="assistant"] .md')].some(e => e.innerText.trim() === "Hello")`, 10*time.Second)
	if must[string](b, `document.querySelector(".page.interview").dataset.busy`) != "true" {
		b.fail("after the reload the page does not show that the reply is still running")
	}
	if strings.Count(b.logText(), "hold") != 1 {
		b.fail("the user's message is not shown exactly once")
	}

	p.release()
	b.settled(10 * time.Second)
	texts := b.assistantTexts()
	if len(texts) != 2 || texts[1] != "Hello world." {
		b.fail("after the reply ended the page shows %q", texts)
	}
}

// The server drops the socket in the middle of a reply and refuses
// connections while the reply finishes; the page says so, reconnects by
// itself, and shows the reply exactly once.
func TestReconnectResumes(t *testing.T) {
	p := newScripted()
	srv := startServer(t, p)
	b := newBrowser(t, srv.URL)
	openNew(t, srv, b, "flaky", "")

	b.send("hold")
	<-p.started
	b.waitFor("the partial reply", `[...document.querySelectorAll('[data-testid="assistant"]')].some(e => e.innerText.includes("Hello"))`, 5*time.Second)

	srv.gate.cut(true)
	b.waitFor("the lost connection", `document.querySelector(".page.interview").dataset.conn === "retrying" &&
		document.querySelector('[data-testid="connection"]').innerText.includes("Connection lost")`, 10*time.Second)
	if !must[bool](b, `document.querySelector('[data-testid="send"], [data-testid="stop"]') !== null && document.querySelector("#composer-text") !== null`) {
		b.fail("the input box went away while disconnected")
	}
	b.shot("10-reconnecting")

	p.release() // the reply ends while the page is away
	time.Sleep(300 * time.Millisecond)
	srv.gate.up()
	b.waitFor("the reconnection", `document.querySelector(".page.interview").dataset.conn === "open"`, 20*time.Second)
	b.settled(10 * time.Second)
	texts := b.assistantTexts()
	if len(texts) != 2 || texts[1] != "Hello world." {
		b.fail("after reconnecting the page shows %q", texts)
	}

	// The connection works again, and a quick drop while idle heals too.
	b.send("still there?")
	b.settled(10 * time.Second)
	srv.gate.cut(false)
	// The page notices at once; a new connection waits at least 0.4 s.
	b.waitFor("the noticed drop", `document.querySelector(".page.interview").dataset.conn !== "open"`, 5*time.Second)
	b.waitFor("the reconnection", `document.querySelector(".page.interview").dataset.conn === "open" &&
		document.querySelector('[data-testid="connection"]').innerText === "Connected"`, 20*time.Second)
	b.send("and now?")
	b.settled(10 * time.Second)
	want := []string{"Hi! What shall we build?", "Hello world.", "You said: still there?", "You said: and now?"}
	if got := b.assistantTexts(); !slices.Equal(got, want) {
		b.fail("conversation %q, want %q", got, want)
	}
}

// The typing indicator always ends: a stalled reply turns into a message
// with a way to stop it, a failed reply into an error, and Stop works.
func TestTypingIndicatorAlwaysEnds(t *testing.T) {
	p := newScripted()
	srv := startServer(t, p)
	b := newBrowser(t, srv.URL)
	openNew(t, srv, b, "stuck", "?stall=2")

	b.send("stall")
	b.waitFor("the typing indicator", `document.querySelector('[data-testid="typing"]')`, 5*time.Second)
	b.waitFor("the stall message", `document.querySelector('[data-testid="stalled"]') && !document.querySelector('[data-testid="typing"]')`, 6*time.Second)
	b.shot("11-stalled")
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="stalled"] .btn-danger`)))
	b.settled(10 * time.Second)
	b.waitFor("the stopped notice", `[...document.querySelectorAll('[data-testid="notice"]')].some(e => e.innerText.startsWith("Stopped"))`, 5*time.Second)
	if b.count(`[data-testid="stalled"]`) != 0 {
		b.fail("the stall message stayed after the reply ended")
	}

	b.send("fail")
	b.waitFor("the error", `[...document.querySelectorAll('[data-testid="error"]')].some(e => e.innerText.includes("overloaded"))`, 10*time.Second)
	b.settled(5 * time.Second)
	if b.count(`[data-testid="typing"]`) != 0 {
		b.fail("the typing indicator stayed after an error")
	}

	b.send("hold")
	b.waitFor("the partial reply", `[...document.querySelectorAll('[data-testid="assistant"]')].some(e => e.innerText.includes("Hello"))`, 5*time.Second)
	b.do(chromedp.Click(chromedp.CSS(`[data-testid="stop"]`)))
	b.settled(10 * time.Second)
	if n := must[int](b, `[...document.querySelectorAll('[data-testid="notice"]')].filter(e => e.innerText.startsWith("Stopped")).length`); n != 2 {
		b.fail("%d stopped notices, want 2", n)
	}
	// What streamed before the stop is kept.
	if texts := b.assistantTexts(); texts[len(texts)-1] != "Hello" {
		b.fail("the partial reply was not kept: %q", texts)
	}
	b.checkA11y("interview with notices")
}
