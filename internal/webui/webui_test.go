package webui

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func get(t *testing.T, h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

var testFiles = fstest.MapFS{
	"index.html":              {Data: []byte(`<!doctype html><script type="module" src="/assets/index-abc123.js"></script><div id="app"></div>`)},
	"favicon.svg":             {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
	"assets/index-abc123.js":  {Data: []byte(`console.log(1)`)},
	"assets/style-def456.css": {Data: []byte(`body{}`)},
}

func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	h := newHandler(testFiles)
	for _, target := range []string{"/", "/p/todo", "/assets/index-abc123.js", "/favicon.svg", "/missing.png", "/assets/gone.js"} {
		rec := get(t, h, "GET", target)
		hdr := rec.Header()
		if got := hdr.Get("Content-Security-Policy"); got != contentSecurityPolicy {
			t.Errorf("%s: CSP = %q", target, got)
		}
		if hdr.Get("X-Content-Type-Options") != "nosniff" || hdr.Get("Referrer-Policy") != "no-referrer" || hdr.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", target, hdr)
		}
	}
}

func TestPolicyIsStrict(t *testing.T) {
	directives := map[string]string{}
	for _, d := range strings.Split(contentSecurityPolicy, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			directives[f[0]] = strings.Join(f[1:], " ")
		}
	}
	want := map[string]string{
		"default-src":     "'none'",
		"script-src":      "'self'",
		"style-src":       "'self'",
		"img-src":         "'self' data: blob:",
		"connect-src":     "'self'",
		"frame-ancestors": "'none'",
		"object-src":      "'none'",
		"base-uri":        "'none'",
	}
	for k, v := range want {
		if directives[k] != v {
			t.Errorf("%s = %q, want %q", k, directives[k], v)
		}
	}
	for _, bad := range []string{"unsafe-inline", "unsafe-eval", "*", "http:", "https:"} {
		for k, v := range directives {
			for _, tok := range strings.Fields(v) {
				if strings.Trim(tok, "'") == bad {
					t.Errorf("%s allows %s", k, bad)
				}
			}
		}
	}
}

func TestRoutesAndCaching(t *testing.T) {
	h := newHandler(testFiles)
	cases := []struct {
		target, status, ctype, cache, body string
	}{
		{"/", "200", "text/html; charset=utf-8", "no-cache", `<div id="app">`},
		{"/index.html", "200", "text/html; charset=utf-8", "no-cache", `<div id="app">`},
		{"/p/todo", "200", "text/html; charset=utf-8", "no-cache", `<div id="app">`},
		{"/p/todo/", "200", "text/html; charset=utf-8", "no-cache", `<div id="app">`},
		{"/some/deep/page", "200", "text/html; charset=utf-8", "no-cache", `<div id="app">`},
		{"/../../etc/passwd", "200", "text/html; charset=utf-8", "no-cache", `<div id="app">`},
		{"/assets/index-abc123.js", "200", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "console.log(1)"},
		{"/assets/style-def456.css", "200", "text/css; charset=utf-8", "public, max-age=31536000, immutable", "body{}"},
		{"/favicon.svg", "200", "image/svg+xml", "no-cache", "<svg"},
		{"/assets/gone.js", "404", "text/plain; charset=utf-8", "no-store", ""},
		{"/assets/gone", "404", "text/plain; charset=utf-8", "no-store", ""},
		{"/missing.png", "404", "text/plain; charset=utf-8", "no-store", ""},
		{"/assets", "404", "text/plain; charset=utf-8", "no-store", ""},
	}
	for _, c := range cases {
		rec := get(t, h, "GET", c.target)
		if got := strings.TrimSpace(http.StatusText(rec.Code)); rec.Code != atoi(c.status) {
			t.Errorf("%s: status %d (%s), want %s", c.target, rec.Code, got, c.status)
			continue
		}
		if got := rec.Header().Get("Content-Type"); got != c.ctype {
			t.Errorf("%s: content type %q, want %q", c.target, got, c.ctype)
		}
		if got := rec.Header().Get("Cache-Control"); got != c.cache {
			t.Errorf("%s: cache %q, want %q", c.target, got, c.cache)
		}
		if !strings.Contains(rec.Body.String(), c.body) {
			t.Errorf("%s: body %q lacks %q", c.target, rec.Body.String(), c.body)
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestConditionalAndHead(t *testing.T) {
	h := newHandler(testFiles)
	for _, target := range []string{"/", "/p/x", "/assets/index-abc123.js", "/favicon.svg"} {
		first := get(t, h, "GET", target)
		tag := first.Header().Get("ETag")
		if tag == "" {
			t.Fatalf("%s: no ETag", target)
		}
		again := get(t, h, "GET", target, "If-None-Match", tag)
		if again.Code != http.StatusNotModified {
			t.Errorf("%s: revalidation gave %d, want 304", target, again.Code)
		}
		head := get(t, h, "HEAD", target)
		if head.Code != http.StatusOK || head.Body.Len() != 0 {
			t.Errorf("%s: HEAD gave %d with %d bytes", target, head.Code, head.Body.Len())
		}
	}
}

func TestOnlyGetAndHead(t *testing.T) {
	h := newHandler(testFiles)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
		rec := get(t, h, m, "/")
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d, Allow %q", m, rec.Code, rec.Header().Get("Allow"))
		}
	}
}

func TestWithoutBuiltPage(t *testing.T) {
	h := newHandler(fstest.MapFS{})
	rec := get(t, h, "GET", "/")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "built without its web page") {
		t.Fatalf("got %d %q", rec.Code, rec.Body.String())
	}
}

// The committed build is what the binary serves: its index.html names
// only files that are embedded, and it has no inline script or style
// that the policy would block.
func TestEmbeddedBuild(t *testing.T) {
	sub, err := fs.Sub(embedded, "dist")
	if err != nil {
		t.Fatal(err)
	}
	index, err := fs.ReadFile(sub, "index.html")
	if err != nil {
		t.Fatalf("dist/index.html: %v (run web/ci.sh)", err)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(string(index), -1)
	if len(refs) < 2 {
		t.Fatalf("index.html references %v; want the script and the stylesheet", refs)
	}
	sawScript := false
	for _, m := range refs {
		ref := m[1]
		if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
			t.Errorf("index.html refers to %q, which is not on the page's own origin", ref)
			continue
		}
		if _, err := fs.Stat(sub, strings.TrimPrefix(ref, "/")); err != nil {
			t.Errorf("index.html refers to %q, which is not embedded", ref)
		}
		if strings.HasSuffix(ref, ".js") {
			sawScript = true
		}
	}
	if !sawScript {
		t.Error("index.html loads no script")
	}
	for _, m := range regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`).FindAllStringSubmatch(string(index), -1) {
		if !strings.Contains(m[1], "src=") || strings.TrimSpace(m[2]) != "" {
			t.Errorf("inline script in index.html: %q", m[0])
		}
	}
	if regexp.MustCompile(`(?i)<style\b|\sstyle="|\son[a-z]+=`).Match(index) {
		t.Error("index.html has an inline style or event handler")
	}

	h := Handler()
	for _, m := range refs {
		rec := get(t, h, "GET", m[1])
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d", m[1], rec.Code)
		}
	}
}
