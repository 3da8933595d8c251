package httpapi

import (
	"net/http"
	"net/url"
	"path"
	"strings"
)

// launch handles the URL a user opens to start a browser session,
// /path?token=…: with the right token it sets the cookie and redirects to
// the URL without the token, and reports true.
func (g *guard) launch(w http.ResponseWriter, r *http.Request) bool {
	q := r.URL.Query()
	vals, ok := q["token"]
	if !ok {
		return false
	}
	valid := 0
	for _, v := range vals {
		valid |= g.matches(v)
	}
	if valid != 1 {
		return false
	}
	http.SetCookie(w, &http.Cookie{
		Name: TokenCookie, Value: vals[0], Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
	})
	q.Del("token")
	u := url.URL{Path: localPath(r.URL.Path), RawQuery: q.Encode()}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	// Set directly rather than through http.Redirect, which would rework
	// the target again.
	w.Header().Set("Location", u.String())
	w.WriteHeader(http.StatusSeeOther)
	return true
}

// localPath turns the decoded path of a launch URL into a path on this
// server that no browser can read as another host. A browser resolves
// "//evil.com/" (and "/\evil.com", since it reads a backslash as a slash,
// and "/\t/evil.com", since it drops tabs and newlines) as a URL of
// evil.com: so backslashes count as slashes, control characters make
// the path worthless, and the cleaned result has a single leading slash.
// Anything doubtful becomes "/", the UI's home.
func localPath(p string) string {
	if strings.IndexFunc(p, func(c rune) bool { return c < 0x20 || c == 0x7f }) >= 0 {
		return "/"
	}
	p = strings.ReplaceAll(p, `\`, "/")
	trailing := strings.HasSuffix(p, "/")
	// Clean collapses every run of slashes and resolves dot segments, so
	// the result starts with exactly one slash.
	p = path.Clean("/" + p)
	if p != "/" && trailing {
		p += "/"
	}
	return p
}
