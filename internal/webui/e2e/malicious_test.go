package e2e_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
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

// canary is an HTTP server that must never be asked for anything: model
// output points images, frames, styles and links at it.
type canary struct {
	*httptest.Server
	mu   sync.Mutex
	hits []string
}

func newCanary(t *testing.T) *canary {
	c := &canary{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.hits = append(c.hits, r.Method+" "+r.URL.Path)
		c.mu.Unlock()
		w.Header().Set("Content-Type", "image/png")
	}))
	t.Cleanup(c.Close)
	return c
}

func (c *canary) requests() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.hits...)
}

// payload is model output that would run code or load things if the page
// rendered it as HTML, or trusted its links.
func payload(evil string) string {
	return fmt.Sprintf(`Here is **bold** text and a [safe link](https://example.com/docs).

<script>window.__pwned = (window.__pwned || 0) + 1</script>
<img src="%[1]s/img-tag" onerror="window.__pwned = 1">
![tracking pixel](%[1]s/md-image)
[click me](javascript:window.__pwned=1)
<a href="javascript:window.__pwned=1">html link</a>
[data link](data:text/html,<script>window.__pwned=1</script>)
[obfuscated]( JaVaScRiPt:window.__pwned=1 )
[entity](&#106;avascript:window.__pwned=1)
<iframe src="%[1]s/iframe"></iframe>
<svg onload="window.__pwned=1"><image href="%[1]s/svg-image"/></svg>
<style>@import url(%[1]s/css); body { background: red }</style>
<link rel="stylesheet" href="%[1]s/link">
<object data="%[1]s/object"></object>
<video src="%[1]s/video" autoplay></video>
<meta http-equiv="refresh" content="0;url=%[1]s/meta">
<form action="%[1]s/form"><button>Submit</button></form>

| table | <img src=%[1]s/cell> |
|---|---|
| <b onmouseover=alert(1)>x</b> | ![cell](%[1]s/cell-md) |
`, evil)
}

// chunks cuts s into n pieces at arbitrary places, so tags arrive split
// across streamed deltas.
func chunks(s string, n int) []string {
	var out []string
	step := len(s)/n + 1
	for len(s) > step {
		out = append(out, s[:step])
		s = s[step:]
	}
	return append(out, s)
}

// assertInert checks that nothing the model wrote became live: no request
// reached the canary, no script ran, and the rendered conversation holds
// only harmless elements and safe links.
func (b *browser) assertInert(c *canary, where string) {
	b.t.Helper()
	time.Sleep(400 * time.Millisecond) // time for any load to start
	if hits := c.requests(); len(hits) > 0 {
		b.fail("%s: the page loaded from the canary: %v", where, hits)
	}
	if must[bool](b, `typeof window.__pwned !== "undefined"`) {
		b.fail("%s: a script from model output ran", where)
	}
	raw := must[string](b, `JSON.stringify((() => {
		const bad = [];
		const scopes = document.querySelectorAll(".md, .qcard, .spec-summary, .outline, .problems, .raw, .msg-user");
		for (const s of scopes) {
			for (const el of s.querySelectorAll("script, iframe, frame, object, embed, video, audio, source, style, link, meta, svg, image, img, form, input:not([type=radio]):not([type=checkbox]):not(.opt-other-text), base")) {
				bad.push(el.outerHTML.slice(0, 100));
			}
			for (const el of s.querySelectorAll("*")) {
				for (const a of el.attributes) {
					if (/^on/i.test(a.name) || (/^(style|srcdoc|formaction)$/i.test(a.name))) bad.push(el.tagName + " " + a.name);
				}
			}
			for (const a of s.querySelectorAll("a")) {
				const u = new URL(a.href, location.href);
				if (!["http:", "https:", "mailto:"].includes(u.protocol)) bad.push("link to " + a.href);
				if (!/noopener/.test(a.rel) || !/noreferrer/.test(a.rel) || a.target !== "_blank") bad.push("unsafe link attributes " + a.outerHTML);
			}
		}
		for (const img of document.querySelectorAll("img")) {
			if (!img.src.startsWith("blob:") && !img.src.startsWith("data:") && !img.src.startsWith(location.origin)) bad.push("remote image " + img.src);
		}
		return bad;
	})())`)
	if raw != "[]" {
		b.fail("%s: live markup from model output: %s", where, raw)
	}
	// Inert links stay inert when clicked.
	if n := b.count(".md .md-inert"); n > 0 {
		b.do(chromedp.Click(chromedp.CSS(".md .md-inert")))
		if must[bool](b, `typeof window.__pwned !== "undefined"`) {
			b.fail("%s: clicking an inert link ran code", where)
		}
	}
}

// Model output full of HTML, scripts, remote images and javascript:
// links, through the real Anthropic adapter against the fake API, is
// shown as text: nothing runs and nothing loads, live, after a reload,
// in question cards and in the written spec.
func TestMaliciousModelOutputIsInert(t *testing.T) {
	evil := newCanary(t)
	bad := payload(evil.URL)

	appSpec, err := os.ReadFile("../../spec/testdata/app_spec.txt")
	if err != nil {
		t.Fatal(err)
	}
	initializer, err := os.ReadFile("../../spec/testdata/initializer_prompt.md")
	if err != nil {
		t.Fatal(err)
	}
	// XML escapes decode to markup in the page's outline: it must stay text.
	spec := strings.Replace(string(appSpec), "Tidy is a small web application",
		fmt.Sprintf("Tidy &lt;img src=&quot;%s/xml-img&quot;&gt; &lt;script&gt;window.__pwned=1&lt;/script&gt; is a small web application", evil.URL), 1)
	prompt := string(initializer) + "\n\n## Notes from the model\n\n" + bad

	question := map[string]any{"questions": []any{map[string]any{
		"question":    fmt.Sprintf(`Pick one <img src="%s/q-text">`, evil.URL),
		"header":      `<script>window.__pwned=1</script>`,
		"multiSelect": false,
		"options": []any{
			map[string]any{"label": fmt.Sprintf(`<img src=%s/q-label onerror=window.__pwned=1>`, evil.URL), "description": "[x](javascript:window.__pwned=1)"},
			map[string]any{"label": "Plain", "description": fmt.Sprintf(`![d](%s/q-desc)`, evil.URL)},
		},
	}}}
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text(chunks(bad, 9)...),
		llmtest.Tools("A question: <b>bold?</b>", llmtest.ToolCall{ID: "toolu_q", Name: "AskUserQuestion", Input: question}),
		llmtest.Tools("Writing <em>files</em>.",
			llmtest.ToolCall{ID: "toolu_w1", Name: "Write", Input: map[string]any{"file_path": "prompts/app_spec.txt", "content": spec}},
			llmtest.ToolCall{ID: "toolu_w2", Name: "Write", Input: map[string]any{"file_path": "prompts/initializer_prompt.md", "content": prompt}}),
		llmtest.Text(chunks("Done. "+bad, 5)...),
	))
	srv := startServer(t, anthropic.New(anthropic.Config{APIKey: secret.New("sk-ant-test"), BaseURL: fake.URL, Model: "claude-test"}))
	b := newBrowser(t, srv.URL)

	openNew(t, srv, b, "evil", "")
	if !strings.Contains(b.visibleProvider(), "claude-test") {
		b.fail("the provider badge does not name the model")
	}
	if b.count(`[data-testid="guided-note"]`) != 0 {
		b.fail("the guided note shows with a model")
	}
	b.assertInert(evil, "greeting")
	log := b.logText()
	for _, want := range []string{"<script>window.__pwned", "html link</a>", "<iframe src="} {
		if !strings.Contains(log, want) {
			b.fail("the markup is not shown as text: %q lacks %q", log, want)
		}
	}
	safe := must[string](b, `(() => { const a = [...document.querySelectorAll(".md a")].find(a => a.innerText === "safe link"); return a ? a.href + " " + a.rel : ""; })()`)
	if safe != "https://example.com/docs noopener noreferrer nofollow" {
		b.fail("the safe link = %q", safe)
	}
	b.shot("12-malicious-output")

	// The user's own markup is shown as typed.
	b.send(fmt.Sprintf(`<img src="%s/user-img"> **not bold**`, evil.URL))
	b.waitFor("the question card", `document.querySelector('form[data-testid="question-card"]')`, 10*time.Second)
	b.assertInert(evil, "question card")
	b.answerCard(b.openCard())
	b.waitFor("the finished spec", `document.querySelector('[data-testid="complete"]') && document.querySelector('[data-testid="spec-panel"]')`, 15*time.Second)
	b.settled(10 * time.Second)
	b.do(chromedp.Click(chromedp.CSS(`button.btn-ghost`))) // Expand all
	b.assertInert(evil, "spec outline")
	b.do(chromedp.Click(chromedp.CSS(`#tab-initializer`)))
	b.waitFor("the initializer", `document.querySelector(".md-doc")`, 5*time.Second)
	b.assertInert(evil, "initializer prompt")

	// The stored transcript is as harmless as the live stream.
	b.do(chromedp.Reload())
	b.waitFor("the redrawn interview", `document.querySelector('[data-testid="complete"]')`, 10*time.Second)
	b.settled(10 * time.Second)
	b.assertInert(evil, "after reload")
	b.flushProblems()

	// Behind the renderer, the page's policy blocks what would slip
	// through: a remote image and an HTML string assignment.
	b.expect(`Content Security Policy`)
	b.expect(`TrustedHTML`)
	b.mu.Lock()
	b.attempts = append(b.attempts, evil.URL+"/csp-probe") // tried, and blocked
	b.mu.Unlock()
	got := must[string](b, fmt.Sprintf(`(() => {
		const img = new Image(); img.src = %s; document.body.appendChild(img);
		try { document.createElement("div").innerHTML = "<b>x</b>"; return "assigned"; } catch (e) { return e.name; }
	})()`, jsString(evil.URL+"/csp-probe")))
	if got != "TypeError" {
		b.fail("assigning HTML was not refused by Trusted Types: %s", got)
	}
	time.Sleep(500 * time.Millisecond)
	if hits := evil.requests(); len(hits) > 0 {
		b.fail("the Content-Security-Policy let an image load: %v", hits)
	}
}
