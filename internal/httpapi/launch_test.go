package httpapi_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/httpapi"
)

// browserResolve resolves a Location header the way a browser does for
// an http URL: tabs and newlines are dropped and a backslash is a slash
// (WHATWG URL), which is how "/\evil.com" reaches evil.com.
func browserResolve(t *testing.T, base, loc string) *url.URL {
	t.Helper()
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(loc)
	ref, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("Location %q does not parse: %v", loc, err)
	}
	b, _ := url.Parse(base)
	return b.ResolveReference(ref)
}

// The launch URL redirects only to a path on this server, whatever the
// path it was opened with (issue 9 §2.5: "//evil.com/?token=T" answered
// "Location: //evil.com/").
func TestLaunchRedirectStaysOnServer(t *testing.T) {
	const token = "launch-token"
	g := httpapi.Guard(httpapi.GuardConfig{Token: token}, okHandler())
	hostile := []string{
		"//evil.com/", "//evil.com", "///evil.com", "////evil.com/x",
		`/\evil.com`, `/\\evil.com`, `\\evil.com`, `\/evil.com`, `/\/evil.com`,
		"/%2F%2Fevil.com", "/%2f/evil.com", "/%5C%5Cevil.com", "/%5Cevil.com",
		"/\t/evil.com", "/%09/evil.com", "/%0A/evil.com", "/\n/evil.com",
		"/.//evil.com", "/./evil.com/..//evil.com", "/a/../..//evil.com", "/..//evil.com",
		"//evil.com/%2F..", "/%00//evil.com", "http://evil.com/", "evil.com", "",
	}
	for _, p := range hostile {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = "127.0.0.1:8888"
		// Set the decoded path as net/http would after reading the
		// request line, including shapes a client can only send raw.
		dec, err := url.PathUnescape(p)
		if err != nil {
			dec = p
		}
		req.URL = &url.URL{Path: dec, RawQuery: "token=" + token + "&x=1"}
		rec := serve(g, req)
		if rec.Code != http.StatusSeeOther {
			t.Errorf("%q: status %d, want 303", p, rec.Code)
			continue
		}
		loc := rec.Header().Get("Location")
		u := browserResolve(t, "http://127.0.0.1:8888/", loc)
		if u.Host != "127.0.0.1:8888" || u.Scheme != "http" {
			t.Errorf("%q: Location %q leads to %s", p, loc, u)
		}
		if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\\\t\n") {
			t.Errorf("%q: Location %q is not a plain path on this server", p, loc)
		}
		if !strings.HasSuffix(loc, "?x=1") {
			t.Errorf("%q: Location %q lost the other query parameters", p, loc)
		}
	}

	// Ordinary paths keep their shape.
	for path, want := range map[string]string{
		"/": "/", "/projects": "/projects", "/projects/": "/projects/", "/p/a%20b": "/p/a%20b",
	} {
		req := httptest.NewRequest("GET", path+"?token="+token, nil)
		req.Host = "127.0.0.1:8888"
		rec := serve(g, req)
		if got := rec.Header().Get("Location"); got != want {
			t.Errorf("%s: Location %q, want %q", path, got, want)
		}
	}
}

// Over a real connection, the request line of the attack itself.
func TestLaunchRedirectRawRequest(t *testing.T) {
	const token = "launch-token"
	srv := httptest.NewServer(httpapi.Guard(httpapi.GuardConfig{Token: token}, okHandler()))
	defer srv.Close()
	for _, target := range []string{"//evil.com/?token=" + token, `/\evil.com/?token=` + token, "/%2F%2Fevil.com/?token=" + token} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, strings.TrimPrefix(srv.URL, "http://"))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		conn.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || browserResolve(t, srv.URL+"/", loc).Host != strings.TrimPrefix(srv.URL, "http://") {
			t.Errorf("%s: %d Location %q", target, resp.StatusCode, loc)
		}
	}
}
