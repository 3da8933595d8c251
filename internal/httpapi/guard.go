package httpapi

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// GuardConfig says which browsers and clients may talk to the server.
//
// The guard in front of the API ([Guard]) is the single place that decides
// whether a request from a browser is allowed: the Host allowlist, the
// Origin allowlist (for REST and for the WebSocket upgrade), CORS and the
// token. The WebSocket handler must therefore accept every upgrade that
// reaches it (coder/websocket's AcceptOptions.InsecureSkipVerify), since
// its own Origin check compares Origin with Host only and would refuse the
// configured origins.
type GuardConfig struct {
	// AllowedHosts are host names (or IP literals) the server may be
	// reached by, besides loopback IPs and localhost: "name" allows any
	// port, "name:port" that port only. Entries are compared exactly,
	// ignoring ASCII case; no wildcards.
	AllowedHosts []string
	// AllowedOrigins are browser origins, "scheme://host[:port]", that
	// may call the API and open its WebSocket besides the server's own
	// origin: a development UI such as http://localhost:5173. They are
	// also the only origins CORS answers for.
	AllowedOrigins []string
	// Token, when not empty, is required on every /api/ request and every
	// WebSocket upgrade: as "Authorization: Bearer <token>", as the
	// specwright_token cookie, or (on WebSocket upgrades only, since a
	// browser cannot set headers there) as the token query parameter.
	Token string
}

// TokenCookie is the cookie that carries the token for browsers.
const TokenCookie = "specwright_token"

// Validate reports the first entry of cfg that is not a valid host or
// origin.
func (cfg GuardConfig) Validate() error {
	for _, h := range cfg.AllowedHosts {
		hp, err := parseHostPort(h)
		if err != nil {
			return fmt.Errorf("allowed host %q: %w", h, err)
		}
		if hp.name == "" && !hp.ip.IsValid() {
			return fmt.Errorf("allowed host %q: not a host name", h)
		}
	}
	for _, o := range cfg.AllowedOrigins {
		if _, err := parseConfigOrigin(o); err != nil {
			return fmt.Errorf("allowed origin %q: %w", o, err)
		}
	}
	if cfg.Token != "" && strings.TrimSpace(cfg.Token) != cfg.Token {
		return errors.New("the token must not start or end with white space")
	}
	return nil
}

// GenerateToken returns a new token: 32 random bytes, base64url without
// padding (43 characters).
func GenerateToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Guard returns next behind the browser-attack checks, applied in order:
//
//  1. Host (every request, DNS rebinding): a loopback IP (127.0.0.0/8,
//     ::1) or localhost with any port, or one of cfg.AllowedHosts;
//     otherwise 403.
//  2. Origin (every /api/ request and every WebSocket upgrade, wherever
//     it goes): absent is allowed (a client that is not a browser);
//     present, it must be the request's own origin or one of
//     cfg.AllowedOrigins, compared exactly on scheme, host and port;
//     otherwise 403, or for a WebSocket handshake an error frame and
//     close 4403 from the guard itself (refuseOrigin), never the API.
//  3. CORS preflight (OPTIONS with Access-Control-Request-Method under
//     /api/) is answered, 204, for cfg.AllowedOrigins only; an allowed
//     cross-origin request gets Access-Control-Allow-Origin with its own
//     origin, never "*".
//  4. Fetch metadata: an /api/ request or upgrade with Sec-Fetch-Site
//     cross-site or same-site and no allowed Origin is refused, even a
//     GET (an <img> or <script> of another page); then
//     http.CrossOriginProtection for methods other than GET, HEAD and
//     OPTIONS (the standard library's layer); 403.
//  5. Token, when cfg.Token is set (every /api/ request, GET /metrics and
//     every WebSocket upgrade, except GET /api/health and /api/ready from
//     a loopback peer); 401. The token is removed from the request
//     (header, cookie, query) before next sees it, so nothing behind the
//     guard can log it.
//  6. POST, PUT and PATCH under /api/ need Content-Type application/json;
//     415.
//
// Refusals are JSON {"detail": …}. When cfg.Token is set, a GET outside
// /api/ carrying a valid ?token= (the launch URL a user opens) sets the
// token cookie and redirects to the same URL without it.
//
// Guard panics if cfg is invalid; check it first with
// [GuardConfig.Validate].
func Guard(cfg GuardConfig, next http.Handler) http.Handler {
	if err := cfg.Validate(); err != nil {
		panic("httpapi.Guard: " + err.Error())
	}
	g := &guard{
		anyPort:  map[string]bool{},
		withPort: map[hostPort]bool{},
		origins:  map[origin]bool{},
		cop:      http.NewCrossOriginProtection(),
		next:     next,
	}
	for _, h := range cfg.AllowedHosts {
		hp, _ := parseHostPort(h)
		if hp.port == 0 {
			g.anyPort[hp.host()] = true
		} else {
			g.withPort[hp] = true
		}
	}
	for _, s := range cfg.AllowedOrigins {
		o, _ := parseConfigOrigin(s)
		g.origins[o] = true
		// CrossOriginProtection compares the header byte for byte; give it
		// both spellings of a default port.
		for _, form := range o.spellings() {
			if err := g.cop.AddTrustedOrigin(form); err != nil {
				panic("httpapi.Guard: allowed origin " + s + ": " + err.Error())
			}
		}
	}
	g.cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		deny(w, http.StatusForbidden, "Cross-origin request refused")
	}))
	if cfg.Token != "" {
		g.token = sha256.Sum256([]byte(cfg.Token))
		g.hasToken = true
	}
	return g
}

type guard struct {
	anyPort  map[string]bool   // canonical host → allowed with any port
	withPort map[hostPort]bool // host and port → allowed
	origins  map[origin]bool
	cop      *http.CrossOriginProtection
	token    [sha256.Size]byte
	hasToken bool
	next     http.Handler
}

func (g *guard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, err := parseHostPort(r.Host)
	if err != nil || !g.hostAllowed(host) {
		deny(w, http.StatusForbidden, "Host not allowed")
		return
	}
	api := isAPIPath(r.URL.Path)
	upgrade := isUpgrade(r)
	if api {
		w.Header().Add("Vary", "Origin")
	}

	// cross is the request's Origin when it is an allowed other origin.
	var cross string
	if values := r.Header["Origin"]; len(values) > 0 && (api || upgrade) {
		o, err := parseOrigin(values[0])
		switch {
		case err != nil || len(values) != 1:
			refuseOrigin(w, r) // 403, or close 4403 after the handshake
			return
		case o == selfOrigin(r, host):
		case g.origins[o]:
			cross = values[0]
		default:
			refuseOrigin(w, r)
			return
		}
	}

	if api && r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		if cross == "" {
			deny(w, http.StatusForbidden, "CORS request refused")
			return
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", cross)
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if (api || upgrade) && cross == "" {
		// Fetch metadata: a browser request another site started, without
		// an allowed Origin (an <img>, a <script>, a no-cors fetch), is
		// refused, even for GET.
		if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
			deny(w, http.StatusForbidden, "Cross-origin request refused")
			return
		}
	}
	if cross != "" && api && !upgrade {
		w.Header().Set("Access-Control-Allow-Origin", cross)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
	}

	if err := g.cop.Check(r); err != nil {
		deny(w, http.StatusForbidden, "Cross-origin request refused")
		return
	}

	if g.hasToken {
		if (api || upgrade || isMetricsPath(r.URL.Path)) && !isLoopbackProbe(r) {
			if !g.authorized(r, upgrade) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="specwright"`)
				deny(w, http.StatusUnauthorized, "Missing or invalid token")
				return
			}
		} else if r.Method == http.MethodGet && g.launch(w, r) {
			return
		}
		r = stripToken(r)
	}

	if api && needsJSON(r.Method) && !isJSON(r.Header.Get("Content-Type")) {
		deny(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json")
		return
	}
	g.next.ServeHTTP(w, r)
}

// hostAllowed reports whether a parsed Host header names this server.
func (g *guard) hostAllowed(h hostPort) bool {
	if h.ip.IsValid() {
		if h.ip.Is4() && h.ip.IsLoopback() || h.ip == netip.IPv6Loopback() {
			return true
		}
	} else if h.name == "localhost" {
		return true
	}
	if g.anyPort[h.host()] {
		return true
	}
	return h.port != 0 && g.withPort[h]
}

// authorized reports whether r carries the token. The query parameter
// counts on WebSocket upgrades only: a browser cannot set a header there,
// and a token in a REST URL would end up in histories and logs.
func (g *guard) authorized(r *http.Request, upgrade bool) bool {
	ok := 0
	if scheme, cred, found := strings.Cut(r.Header.Get("Authorization"), " "); found && strings.EqualFold(scheme, "Bearer") {
		ok |= g.matches(strings.TrimSpace(cred))
	}
	for _, c := range r.CookiesNamed(TokenCookie) {
		ok |= g.matches(c.Value)
	}
	if upgrade {
		for _, v := range r.URL.Query()["token"] {
			ok |= g.matches(v)
		}
	}
	return ok == 1
}

// matches compares s with the token in constant time: both are hashed
// first, so neither the content nor the length of the token shows in the
// time taken.
func (g *guard) matches(s string) int {
	h := sha256.Sum256([]byte(s))
	return subtle.ConstantTimeCompare(h[:], g.token[:])
}

// stripToken returns r without the token: the Authorization header, the
// token cookie and the token query parameter are dropped.
func stripToken(r *http.Request) *http.Request {
	_, hasQuery := r.URL.Query()["token"]
	hasCookie := len(r.CookiesNamed(TokenCookie)) > 0
	if r.Header.Get("Authorization") == "" && !hasQuery && !hasCookie {
		return r
	}
	r = r.Clone(r.Context())
	r.Header.Del("Authorization")
	if hasCookie {
		cookies := r.Cookies()
		r.Header.Del("Cookie")
		for _, c := range cookies {
			if c.Name != TokenCookie {
				r.AddCookie(c)
			}
		}
	}
	if hasQuery {
		q := r.URL.Query()
		q.Del("token")
		r.URL.RawQuery = q.Encode()
		r.RequestURI = r.URL.RequestURI()
	}
	return r
}

func deny(w http.ResponseWriter, code int, msg string) {
	h := w.Header()
	h.Del("Access-Control-Allow-Origin")
	h.Del("Access-Control-Allow-Credentials")
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"detail": msg})
}

// isAPIPath reports whether p is under /api/, ignoring case and dot
// segments, so that no spelling of an API path escapes the API's rules.
// isMetricsPath reports whether p is GET /metrics, which needs the token
// like the API: it shows what the server is doing.
func isMetricsPath(p string) bool {
	return strings.ToLower(path.Clean("/"+p)) == "/metrics"
}

// isLoopbackProbe reports whether r is a health or readiness check
// (GET /api/health, GET /api/ready) from this machine: those are answered
// without the token, so a local supervisor needs no secret to probe. From
// anywhere else they need it like the rest of the API.
func isLoopbackProbe(r *http.Request) bool {
	if r.Method != http.MethodGet || (r.URL.Path != "/api/health" && r.URL.Path != "/api/ready") {
		return false
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	return err == nil && ap.Addr().Unmap().IsLoopback()
}

func isAPIPath(p string) bool {
	p = strings.ToLower(path.Clean("/" + p))
	return p == "/api" || strings.HasPrefix(p, "/api/")
}

// isUpgrade reports whether r asks for any protocol upgrade, or is a
// CONNECT (WebSocket over HTTP/2): broader than what a WebSocket library
// accepts, so that no upgrade skips the Origin and token checks.
func isUpgrade(r *http.Request) bool {
	if len(r.Header.Values("Upgrade")) > 0 || r.Method == http.MethodConnect {
		return true
	}
	return hasToken(r.Header.Values("Connection"), "upgrade")
}

func needsJSON(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/json"
}

// hostPort is a parsed host and port: ip for an IP literal, name (ASCII
// lowercase) otherwise; port 0 when absent.
type hostPort struct {
	name string
	ip   netip.Addr
	port int
}

// host returns the canonical host: the name, or the IP's text.
func (h hostPort) host() string {
	if h.ip.IsValid() {
		return h.ip.String()
	}
	return h.name
}

// parseHostPort parses a Host header (or the host of an origin): a name,
// an IPv4 literal or a bracketed IPv6 literal, and an optional decimal
// port 1–65535. IP literals must be in canonical form and carry no zone;
// names are ASCII letters, digits, '-' and '.', compared ignoring case.
// Nothing is stripped: a trailing dot stays and matches no allowed name.
func parseHostPort(s string) (hostPort, error) {
	var h hostPort
	if s == "" {
		return h, errors.New("empty")
	}
	host, port := s, ""
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return h, errors.New("unclosed [")
		}
		host = s[1:end]
		rest := s[end+1:]
		if rest != "" {
			if rest[0] != ':' {
				return h, errors.New("junk after ]")
			}
			port = rest[1:]
			if port == "" {
				return h, errors.New("empty port")
			}
		}
		ip, err := netip.ParseAddr(host)
		if err != nil || !ip.Is6() || ip.Zone() != "" || ip.Is4In6() || ip.String() != strings.ToLower(host) {
			return h, errors.New("not a canonical IPv6 address")
		}
		h.ip = ip
	} else {
		if i := strings.IndexByte(s, ':'); i >= 0 {
			host, port = s[:i], s[i+1:]
			if port == "" {
				return h, errors.New("empty port")
			}
		}
		if host == "" {
			return h, errors.New("empty host")
		}
		if ip, err := netip.ParseAddr(host); err == nil {
			if !ip.Is4() || ip.String() != host {
				return h, errors.New("not a canonical IPv4 address")
			}
			h.ip = ip
		} else {
			name, ok := asciiName(host)
			if !ok || looksNumeric(name) {
				return h, errors.New("not a host name")
			}
			h.name = name
		}
	}
	if port != "" {
		n, err := parsePort(port)
		if err != nil {
			return h, err
		}
		h.port = n
	}
	return h, nil
}

// asciiName lowercases a host name made of ASCII letters, digits, '-'
// and '.'.
func asciiName(s string) (string, bool) {
	b := []byte(s)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '.':
		case 'A' <= c && c <= 'Z':
			b[i] = c + ('a' - 'A')
		default:
			return "", false
		}
	}
	return string(b), true
}

// looksNumeric reports whether a name that netip refused is still an
// IPv4 address to some resolver (127.1, 0x7f.1, 2130706433, 127.0.0.01):
// its last label is all digits, or hex with a 0x prefix.
func looksNumeric(name string) bool {
	last := name[strings.LastIndexByte(name, '.')+1:]
	if last == "" {
		return false
	}
	if strings.HasPrefix(last, "0x") {
		return true
	}
	for _, c := range []byte(last) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// parsePort parses a decimal port 1–65535 without sign or leading zero.
func parsePort(s string) (int, error) {
	if len(s) > 5 || s[0] == '0' {
		return 0, errors.New("bad port")
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, errors.New("bad port")
		}
	}
	n, _ := strconv.Atoi(s)
	if n < 1 || n > 65535 {
		return 0, errors.New("bad port")
	}
	return n, nil
}

// origin is a parsed origin with its default port made explicit.
type origin struct {
	scheme string
	hostPort
}

func defaultPort(scheme string) int {
	if scheme == "https" {
		return 443
	}
	return 80
}

// parseOrigin parses an Origin header value, "scheme://host[:port]",
// with net/url, and accepts it only if it is exactly that: http or https,
// no user, path, query or fragment, and the text is byte for byte the
// serialization of what was parsed (lowercase, as browsers send it), with
// or without the default port. "null", lists of origins, upper case and
// anything else are errors.
func parseOrigin(s string) (origin, error) {
	var o origin
	u, err := url.Parse(s)
	if err != nil {
		return o, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return o, errors.New("scheme must be http or https")
	}
	if u.Opaque != "" || u.User != nil || u.Path != "" || u.RawPath != "" || u.RawQuery != "" ||
		u.ForceQuery || u.Fragment != "" || u.RawFragment != "" || u.OmitHost {
		return o, errors.New("not scheme://host[:port]")
	}
	hp, err := parseHostPort(u.Host)
	if err != nil {
		return o, err
	}
	o = origin{scheme: u.Scheme, hostPort: hp}
	if o.port == 0 {
		o.port = defaultPort(o.scheme)
	}
	for _, form := range o.spellings() {
		if s == form {
			return o, nil
		}
	}
	return origin{}, errors.New("not in canonical form")
}

// parseConfigOrigin parses a configured origin, ignoring ASCII case.
func parseConfigOrigin(s string) (origin, error) {
	lower, ok := asciiLower(s)
	if !ok {
		return origin{}, errors.New("not ASCII")
	}
	return parseOrigin(lower)
}

// spellings returns the origin's serializations: with its port, and
// without it when it is the scheme's default.
func (o origin) spellings() []string {
	host := o.host()
	if o.ip.Is6() {
		host = "[" + host + "]"
	}
	base := o.scheme + "://" + host
	forms := []string{base + ":" + strconv.Itoa(o.port)}
	if o.port == defaultPort(o.scheme) {
		forms = append(forms, base)
	}
	return forms
}

func asciiLower(s string) (string, bool) {
	b := []byte(s)
	for i, c := range b {
		if c >= 0x80 {
			return "", false
		}
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b), true
}

// selfOrigin is the origin of the page a browser loaded from this server
// under the (already vetted) Host of r.
func selfOrigin(r *http.Request, h hostPort) origin {
	o := origin{scheme: "http", hostPort: h}
	if r.TLS != nil {
		o.scheme = "https"
	}
	if o.port == 0 {
		o.port = defaultPort(o.scheme)
	}
	return o
}
