package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/specwright/specwright/internal/document"
	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/session"
	"github.com/specwright/specwright/internal/store/sqlite"
	"github.com/specwright/specwright/internal/webui"
)

// ---- the server ----

// server is specwright on a loopback port: the real store, session engine,
// API and embedded page, with the provider under test. Its listener can
// cut every connection and refuse new ones, which is how the tests take
// the page's socket away.
type server struct {
	t     *testing.T
	URL   string
	token string
	svc   *session.Service
	store *sqlite.Store
	gate  *gate
	srv   *httptest.Server
	dir   string
}

// startServer serves the API and the page behind the same guard as
// `specwright serve` (Host and Origin checks, fetch metadata, JSON bodies
// and, with a token, the token).
func startServer(t *testing.T, p llm.Provider, token ...string) *server {
	t.Helper()
	dir := t.TempDir()
	store, err := sqlite.Open(context.Background(), filepath.Join(dir, "specwright.db"))
	if err != nil {
		t.Fatal(err)
	}
	docs := document.New()
	t.Cleanup(func() { docs.Close() })
	svc := session.New(session.Config{Store: store, Provider: p, ProjectsDir: filepath.Join(dir, "projects"), Documents: docs})
	guard := httpapi.GuardConfig{}
	if len(token) > 0 {
		guard.Token = token[0]
	}
	cfg := httpapi.Config{Sessions: svc, UI: webui.Handler()}
	if p.Name() == "guided" {
		// What specwright serve reports when it found nothing to talk to.
		cfg.ProviderChoice = map[string]any{"provider": "guided", "forced": false, "steps": []string{
			"ANTHROPIC_API_KEY not set",
			"OPENAI_API_KEY and OPENAI_BASE_URL not set",
			"nothing configured → guided (the interview without a model)",
		}}
	}
	api := httpapi.NewServer(cfg)
	srv := httptest.NewUnstartedServer(httpapi.Guard(guard, api))
	g := &gate{Listener: srv.Listener, conns: make(map[net.Conn]struct{})}
	srv.Listener = g
	srv.Start()
	s := &server{t: t, URL: srv.URL, token: guard.Token, svc: svc, store: store, gate: g, srv: srv, dir: dir}
	t.Cleanup(func() {
		svc.Close()
		g.cut(false)
		srv.Close()
		store.Close()
	})
	return s
}

// post sends a JSON body and decodes the JSON answer.
func (s *server) post(path string, body, out any) int {
	s.t.Helper()
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", s.URL+path, strings.NewReader(string(data)))
	req.Header.Set("Content-Type", "application/json")
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			s.t.Fatalf("POST %s: %v", path, err)
		}
	}
	return resp.StatusCode
}

// gate is a listener that can drop its connections.
type gate struct {
	net.Listener
	mu    sync.Mutex
	conns map[net.Conn]struct{}
	down  bool
}

func (g *gate) Accept() (net.Conn, error) {
	for {
		c, err := g.Listener.Accept()
		if err != nil {
			return nil, err
		}
		g.mu.Lock()
		if g.down {
			g.mu.Unlock()
			c.Close()
			continue
		}
		g.conns[c] = struct{}{}
		g.mu.Unlock()
		return &trackedConn{Conn: c, g: g}, nil
	}
}

type trackedConn struct {
	net.Conn
	g *gate
}

func (c *trackedConn) Close() error {
	c.g.mu.Lock()
	delete(c.g.conns, c.Conn)
	c.g.mu.Unlock()
	return c.Conn.Close()
}

// cut closes every open connection (WebSockets included); with down, new
// connections are refused until up is called.
func (g *gate) cut(down bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.down = down
	for c := range g.conns {
		c.Close()
	}
	clear(g.conns)
}

func (g *gate) up() {
	g.mu.Lock()
	g.down = false
	g.mu.Unlock()
}

// ---- the browser ----

func chromiumPath() string {
	if p := os.Getenv("SPECWRIGHT_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// needChromium returns the browser to run, or ends the test: a failure in
// CI, where the browser must have been installed, a skip elsewhere.
func needChromium(t *testing.T) string {
	t.Helper()
	path := chromiumPath()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no Chromium at %s (%v): CI must install Debian's chromium package (apt-get install chromium)", path, err)
		}
		t.Skipf("skipping the browser tests: no Chromium at %s. Install Debian's chromium package or set SPECWRIGHT_CHROMIUM", path)
	}
	return path
}

var shotsOnce sync.Once
var shotsDir string

// screenshotDir is SPECWRIGHT_SCREENSHOTS, or a temporary folder of the test.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("SPECWRIGHT_SCREENSHOTS"); d != "" {
		shotsOnce.Do(func() { os.MkdirAll(d, 0o755) })
		shotsDir = d
		return d
	}
	return t.TempDir()
}

// browser is one headless Chromium with one tab.
type browser struct {
	t     *testing.T
	ctx   context.Context
	base  string
	shots string

	mu       sync.Mutex
	problems []string         // console errors, uncaught exceptions, CSP reports
	requests []string         // every URL the page asked for
	expected []*regexp.Regexp // console errors the test causes on purpose
	attempts []string         // foreign URLs the test itself makes the page try
}

// expect declares a console error the test causes on purpose.
func (b *browser) expect(pattern string) {
	b.mu.Lock()
	b.expected = append(b.expected, regexp.MustCompile(pattern))
	b.mu.Unlock()
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	exe := needChromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 860),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	b := &browser{t: t, base: base, shots: screenshotDir(t)}
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithListener(b.listen))
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	b.ctx = ctx
	start, cancelStart := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancelStart()
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }() // starts the browser, bound to ctx
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("start Chromium: %v", err)
		}
	case <-start.Done():
		t.Fatal("Chromium did not start within 30 s")
	}
	b.watchConsole()
	b.viewport(1280, 860, false)
	t.Cleanup(b.checkProblems)
	return b
}

// listen records what the page reports; it runs in the tab's event loop.
func (b *browser) listen(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if ev, ok := ev.(*network.EventRequestWillBeSent); ok {
		b.requests = append(b.requests, ev.Request.URL)
	}
}

// console starts reading the console; call once per browser.
func (b *browser) watchConsole() {
	msgs := chromedp.Console(b.ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			typ := string(m.Type)
			if m.IsException() || typ == "error" || typ == "assert" || strings.Contains(strings.ToLower(m.Text), "content security policy") {
				b.mu.Lock()
				b.problems = append(b.problems, fmt.Sprintf("%s: %s (%s:%d)", typ, m.Text, m.URL, m.Line+1))
				b.mu.Unlock()
			}
		}
	}()
}

// expectedProblems are console errors that tests cause on purpose.
var expectedProblems = []*regexp.Regexp{
	// A socket cut by the test server is reported by the browser.
	regexp.MustCompile(`WebSocket connection to .* failed`),
	regexp.MustCompile(`net::ERR_CONNECTION_(REFUSED|RESET|CLOSED)`),
}

// flushProblems reports the console errors and foreign requests seen so
// far, and forgets them.
func (b *browser) flushProblems() {
	b.t.Helper()
	b.checkProblems()
	b.mu.Lock()
	b.problems, b.requests = nil, nil
	b.mu.Unlock()
}

func (b *browser) checkProblems() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		ok := false
		for _, re := range append(expectedProblems, b.expected...) {
			if re.MatchString(p) {
				ok = true
			}
		}
		if !ok {
			b.t.Errorf("the page reported: %s", p)
		}
	}
	for _, u := range b.requests {
		if slices.Contains(b.attempts, u) {
			continue
		}
		if !strings.HasPrefix(u, b.base) && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") &&
			!strings.HasPrefix(u, "ws"+strings.TrimPrefix(b.base, "http")) {
			b.t.Errorf("the page requested %s, which is not specwright's own origin", u)
		}
	}
}

// do runs actions with a timeout; a failure ends the test with a
// screenshot and the page's text, for the log.
func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fail("%v", err)
	}
}

func (b *browser) fail(format string, args ...any) {
	b.t.Helper()
	name := "FAIL-" + strings.ReplaceAll(b.t.Name(), "/", "-")
	b.shot(name)
	text, _ := eval[string](b, `document.body ? document.body.innerText : ""`)
	state, _ := eval[string](b, `(() => { const p = document.querySelector(".page"); return p ? JSON.stringify(p.dataset) : ""; })()`)
	b.t.Fatalf("%s\npage state %s, text:\n%s\n(screenshot %s)", fmt.Sprintf(format, args...), state, text, filepath.Join(b.shots, name+".png"))
}

// eval runs JavaScript in the page and decodes its value.
func eval[T any](b *browser, js string) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](js))
}

// must is eval that ends the test on an error.
func must[T any](b *browser, js string) T {
	b.t.Helper()
	v, err := eval[T](b, js)
	if err != nil {
		b.fail("evaluate %q: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it is true. (chromedp's Poll
// builds its predicate with new Function, which the page's CSP forbids;
// evaluation from the test is allowed.)
func (b *browser) waitFor(what, cond string, timeout time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := eval[bool](b, "!!("+cond+")")
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.fail("timed out after %v waiting for %s (%s); last error %v", timeout, what, cond, err)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

func (b *browser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
}

// shot saves a PNG of the viewport.
func (b *browser) shot(name string) string {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	path := filepath.Join(b.shots, name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
	}
	b.t.Logf("screenshot: %s", path)
	return path
}

// viewport sets the window's size; mobile emulates a phone.
func (b *browser) viewport(w, h int64, mobile bool) {
	b.t.Helper()
	if mobile {
		b.do(chromedp.EmulateViewport(w, h, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
	} else {
		b.do(chromedp.EmulateViewport(w, h))
	}
}

// colorScheme emulates prefers-color-scheme.
func (b *browser) colorScheme(scheme string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	if err != nil {
		b.fail("emulate %s: %v", scheme, err)
	}
}

// ---- the page ----

func jsString(s string) string {
	data, _ := json.Marshal(s)
	return string(data)
}

// settled waits until the interview page is connected and no reply runs.
func (b *browser) settled(timeout time.Duration) {
	b.t.Helper()
	b.waitFor("the reply to end", `(() => { const p = document.querySelector(".page.interview");
		return p && p.dataset.conn === "open" && p.dataset.busy === "false"; })()`, timeout)
}

// send types a message into the input box and presses Enter. Lines after
// the first are typed after Shift+Enter.
func (b *browser) send(text string) {
	b.t.Helper()
	lines := strings.Split(text, "\n")
	b.do(chromedp.Focus(chromedp.CSS("#composer-text")))
	for i, line := range lines {
		if i > 0 {
			b.do(chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierShift)))
		}
		b.do(chromedp.KeyEvent(line))
	}
	got := must[string](b, `document.querySelector("#composer-text").value`)
	if got != text {
		b.fail("the input box holds %q, want %q", got, text)
	}
	b.do(enter)
	b.waitFor("the input box to empty", `document.querySelector("#composer-text").value === ""`, 5*time.Second)
}

// enter presses the Enter key with no char event. (chromedp's KeyEvent
// adds a char event that types a new line even when the page cancelled
// the keydown, which no real keyboard does.)
var enter = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
		_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{
			Type: typ, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13,
		})
		if err != nil {
			return err
		}
	}
	return nil
})

// cardQuestion is what the page shows of one question of the open card.
type cardQuestion struct {
	Multi  bool     `json:"multi"`
	Labels []string `json:"labels"`
}

func (b *browser) openCard() []cardQuestion {
	b.t.Helper()
	var qs []cardQuestion
	raw := must[string](b, `JSON.stringify((() => {
		const card = document.querySelector('form[data-testid="question-card"]');
		if (!card) return null;
		return [...card.querySelectorAll("fieldset")].map(f => ({
			multi: f.querySelector("input").type === "checkbox",
			labels: [...f.querySelectorAll(".q-options label:not(.opt-other) .opt-label")].map(e => e.textContent),
		}));
	})())`)
	if err := json.Unmarshal([]byte(raw), &qs); err != nil {
		b.fail("decode card: %v", err)
	}
	return qs
}

// pick chooses the way a hurried user would: the affirmative option when
// there is one, else the first (the first two when several may be chosen).
func pick(q cardQuestion) []int {
	for i, l := range q.Labels {
		low := strings.ToLower(l)
		if strings.HasPrefix(low, "yes") || strings.Contains(low, "generate") || strings.Contains(low, "looks right") {
			return []int{i}
		}
	}
	if q.Multi && len(q.Labels) > 1 {
		return []int{0, 1}
	}
	return []int{0}
}

// answerCard clicks the chosen options of the open card and sends it.
func (b *browser) answerCard(qs []cardQuestion) {
	b.t.Helper()
	for qi, q := range qs {
		for _, oi := range pick(q) {
			sel := fmt.Sprintf(`form[data-testid="question-card"] fieldset:nth-of-type(%d) .q-options label:nth-of-type(%d)`, qi+1, oi+1)
			b.do(chromedp.Click(chromedp.CSS(sel)))
		}
	}
	b.do(chromedp.Click(chromedp.CSS(`form[data-testid="question-card"] button[type="submit"]`)))
	b.waitFor("the card to close", `!document.querySelector('form[data-testid="question-card"]') || document.querySelector(".page.interview").dataset.busy === "true"`, 5*time.Second)
}

// visibleProvider is the text of the provider badge the user sees.
func (b *browser) visibleProvider() string {
	b.t.Helper()
	return must[string](b, `(() => { const e = [...document.querySelectorAll('[data-testid="provider"]')].find(e => e.offsetParent !== null); return e ? e.innerText : ""; })()`)
}

// scrollTop scrolls an element back to its top.
func (b *browser) scrollTop(sel string) {
	b.t.Helper()
	must[bool](b, fmt.Sprintf(`(() => { const e = document.querySelector(%s); if (e) e.scrollTop = 0; return true; })()`, jsString(sel)))
}

// count returns how many elements match a CSS selector.
func (b *browser) count(sel string) int {
	b.t.Helper()
	return must[int](b, fmt.Sprintf(`document.querySelectorAll(%s).length`, jsString(sel)))
}

// logText is the text of the conversation, without the typing indicator.
func (b *browser) logText() string {
	b.t.Helper()
	return must[string](b, `(() => { const l = document.querySelector('[data-testid="log"]'); if (!l) return "";
		const c = l.cloneNode(true); c.querySelectorAll('[data-testid="typing"]').forEach(e => e.remove()); return c.innerText; })()`)
}

// a11yProblems lists interactive elements without an accessible name and
// images without alt text: a cheap check run on every screen.
func (b *browser) checkA11y(screen string) {
	b.t.Helper()
	raw := must[string](b, `JSON.stringify((() => {
		const out = [];
		const name = el => (el.getAttribute("aria-label") || (el.labels && [...el.labels].map(l => l.innerText).join(" ")) ||
			el.getAttribute("title") || el.innerText || el.value || "").trim();
		for (const el of document.querySelectorAll("button, input:not([type=hidden]):not([hidden]), textarea, select, a[href]")) {
			if (el.closest("[hidden]") || el.hidden) continue;
			if (el.type === "radio" || el.type === "checkbox") { if (!el.closest("label")) out.push("unlabelled " + el.type); continue; }
			if (!name(el)) out.push("no name: " + el.outerHTML.slice(0, 120));
		}
		for (const img of document.querySelectorAll("img")) if (!img.hasAttribute("alt")) out.push("img without alt");
		if (!document.querySelector("h1")) out.push("no h1");
		if (!document.documentElement.lang) out.push("no lang");
		return out;
	})())`)
	var problems []string
	json.Unmarshal([]byte(raw), &problems)
	for _, p := range problems {
		b.t.Errorf("%s: accessibility: %s", screen, p)
	}
}
