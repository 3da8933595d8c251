package spec

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// service is an outside service a feature may need: what in a feature
// says it needs one, and what in the prerequisites or the stack says it
// is provided.
type service struct {
	name string
	// keys are lower-case words one of which needs must contain; they
	// keep the regular expression off the many lines that cannot match.
	keys []string
	// also, when set, is a second list one word of which a feature must
	// hold too before the expression runs: most features that say
	// "email" are about signing in with one, not about sending mail.
	also  []string
	needs *regexp.Regexp
	has   *regexp.Regexp
	hint  string
}

var services = []service{
	{
		name:  "email",
		keys:  []string{"mail", "reset", "forgot", "magic link"},
		also:  []string{"send", "sent", "receiv", "get", "notif", "remind", "digest", "alert", "confirm", "verif", "invit", "link", "code", "receipt", "reset", "forgot"},
		needs: lowerRE(`\b(e-?mail(?:ed|s)?\s+(?:notifications?|reminders?|digests?|alerts?|confirmations?|verification|invites?|invitations?|links?|codes?|receipts?)|(?:send|sends|sent|sending|receive|receives|gets?)\b[^.]{0,40}\be-?mails?\b|password resets?|reset (?:their |your |the |a )?password|forgot(?:ten)? (?:their |your )?password|verify (?:their |your |the )?e-?mail|e-?mail verification|magic links?)`),
		has:   regexp.MustCompile(`(?i)\b(e-?mail|smtp|sendgrid|mailgun|ses\b|postmark|resend|nodemailer|mailer|mail server|mailtrap|mailhog)`),
		hint:  "an email service (SMTP host, or a provider such as SendGrid or Postmark) and its credentials",
	},
	{
		name:  "SMS",
		keys:  []string{"sms", "text"},
		needs: lowerRE(`\b(sms|text messages?|texts? (?:them|the user|patients|customers))\b`),
		has:   regexp.MustCompile(`(?i)\b(sms|twilio|vonage|nexmo|messagebird|plivo|sinch)\b`),
		hint:  "an SMS provider (such as Twilio) and its credentials",
	},
	{
		name:  "payments",
		keys:  []string{"pay", "card", "billing", "refund", "stripe"},
		needs: lowerRE(`\b(payments?|pay (?:online|for|with|by card)|(?:accept|take|process|pays? (?:by|with)) (?:a )?credit cards?|card payments?|billing|charge (?:the |their )?card|refunds?|stripe|paypal)\b`),
		has:   regexp.MustCompile(`(?i)\b(stripe|paypal|braintree|square|adyen|paddle|lemon ?squeezy|mollie|razorpay|payments?|billing)\b`),
		hint:  "a payment provider (such as Stripe) with test keys",
	},
	{
		name:  "file storage",
		keys:  []string{"upload", "attach", "storage"},
		needs: lowerRE(`\b(upload(?:s|ed|ing)?|attach(?:es|ed|ing)?\s+(?:a |the )?(?:files?|photos?|images?|documents?)|(?:photo|image|avatar|file|document|video) (?:uploads?|storage))\b`),
		has:   regexp.MustCompile(`(?i)\b(storage|s3|bucket|cloudinary|blob|uploads?|disk|file ?system|local folder|multer|minio|r2|gcs)\b`),
		hint:  "where uploaded files are stored (a local folder, S3 or another object store) and its limits",
	},
	{
		name:  "maps",
		keys:  []string{"map", "geo", "directions", "distance"},
		needs: lowerRE(`\b((?:an? |interactive |google |on the |on a )maps?\b|geolocation|geocod\w*|directions to|distance from)`),
		has:   regexp.MustCompile(`(?i)\b(maps?|mapbox|leaflet|openstreetmap|osm|geocod\w*|geolocation)\b`),
		hint:  "a maps provider (such as OpenStreetMap with Leaflet, or Mapbox) and its key",
	},
}

// needsService returns what in text, lowered, says it needs svc, or "". A word
// that is part of a file name ("upload.html") or a simulation ("a
// simulated upload") does not count.
func needsService(svc service, text string) string {
	for _, loc := range svc.needs.FindAllStringIndex(text, 4) {
		end := loc[1]
		if end+1 < len(text) && text[end] == '.' && isLetter(text[end+1]|0x20) {
			continue
		}
		before := strings.ToLower(text[max(0, loc[0]-12):loc[0]])
		if strings.Contains(before, "simulat") || strings.Contains(before, "mock") || strings.Contains(before, "fake") {
			continue
		}
		return text[loc[0]:loc[1]]
	}
	return ""
}

// lowerRE compiles a pattern written in lower case to match text that
// has been lowered: cheaper than a case-insensitive pattern on the text.
func lowerRE(pattern string) *regexp.Regexp { return regexp.MustCompile(pattern) }

// lintServices flags features that need an outside service the spec
// does not provide for in its prerequisites or stack.
func (c *checker) lintServices(found map[string]*node) {
	var provided strings.Builder
	for _, name := range []string{"prerequisites", "technology_stack"} {
		if n := found[name]; n != nil {
			provided.WriteString(n.textAll() + " ")
			n.walk(func(m *node) { provided.WriteString(m.name + " ") })
		}
	}
	has := provided.String()
	built := false
	var all string   // every feature's text in lower case, NUL after each
	var starts []int // where each feature's text starts in all
	for _, svc := range services {
		if svc.has.MatchString(has) {
			continue
		}
		if !built {
			n := 0
			for _, f := range c.features() {
				n += len(f.Description) + 2
				for _, a := range f.Acceptance {
					n += len(a) + 1
				}
			}
			var b strings.Builder
			b.Grow(n)
			starts = make([]int, 0, len(c.features()))
			low := c.lowDescriptions()
			for i, f := range c.features() {
				starts = append(starts, b.Len())
				b.WriteString(low[i])
				for _, a := range f.Acceptance {
					b.WriteByte(' ')
					writeLower(&b, a)
				}
				b.WriteByte(0)
			}
			all, built = b.String(), true
		}
		// One scan of all the text per key finds the few features worth
		// the regular expression.
		var cands []int
		for _, key := range svc.keys {
			for at := 0; at < len(all); {
				k := strings.Index(all[at:], key)
				if k < 0 {
					break
				}
				i := sort.SearchInts(starts, at+k+1) - 1
				cands = append(cands, i)
				// On to the next feature.
				if at = len(all); i+1 < len(starts) {
					at = starts[i+1]
				}
			}
		}
		slices.Sort(cands)
		for _, i := range slices.Compact(cands) {
			lo := all[starts[i]:]
			lo = lo[:strings.IndexByte(lo, 0)]
			if len(svc.also) > 0 && !containsAny(lo, svc.also) {
				continue
			}
			if m := needsService(svc, lo); m != "" {
				f := c.features()[i]
				c.ps.warnf(f.Line, "add to <prerequisites> "+svc.hint,
					"feature %s needs %s (%q), but the prerequisites name no %s service", orName(f), svc.name, clip(m, 40), svc.name).Rule = RuleMissingService
				break
			}
		}
	}
}

var (
	// credentialRE matches a secret written out: "password: hunter22",
	// "API_KEY=abc123…", a default login.
	credentialRE = regexp.MustCompile(`(?i)\b(password|passwd|pwd|api[_ -]?key|secret(?:[_ ]key)?|access[_ ]token|auth[_ ]token)\b\s*(?:is|=|:)\s*["'` + "`" + `]?([A-Za-z0-9_!@#$%^*+.\-]{4,})`)
	// keyRE matches the shapes of real provider keys.
	keyRE = regexp.MustCompile(`\b(sk-(?:ant-|proj-|live_|test_)?[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{30,}|xox[bp]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{30,})`)
	// plainStoreRE matches "stored in plain text" and its variants.
	plainStoreRE = regexp.MustCompile(`(?i)\b(?:plain ?text|unhashed|unencrypted|in the clear|as[- ]is)\b`)
	negationRE   = regexp.MustCompile(`(?i)\b(never|not|no|avoid|without|don't|do not|must not|instead of|rather than|forbid\w*)\b`)
	// safeValues are words that stand where a secret would, saying where
	// it really comes from.
	safeValues = map[string]bool{"hashed": true, "hash": true, "bcrypt": true, "argon2": true, "argon2id": true, "required": true,
		"none": true, "env": true, "environment": true, "string": true, "text": true, "varchar": true, "optional": true,
		"configurable": true, "generated": true, "random": true, "secret": true, "set": true, "from": true, "stored": true,
		"minimum": true, "min": true, "at": true, "must": true, "the": true, "user": true, "your": true, "provided": true}
)

// lintHygiene flags plaintext credentials and derived values stored as
// tables.
func (c *checker) lintHygiene(found map[string]*node) {
	for _, t := range c.spec.Tables {
		for _, f := range t.Fields {
			name := strings.ToLower(f.Name)
			if name != "password" && name != "pass" && name != "passwd" {
				continue
			}
			if strings.Contains(strings.ToLower(f.Type+" "+f.Notes), "hash") || strings.Contains(strings.ToLower(f.Type+" "+f.Notes), "bcrypt") || strings.Contains(strings.ToLower(f.Type+" "+f.Notes), "argon") {
				continue
			}
			c.ps.warnf(t.Line, "store a hash: name the field password_hash and say which algorithm (bcrypt, argon2id)",
				"table <%s> stores a field %q, which reads as a plaintext password", t.Name, f.Name).Rule = RulePlaintextSecret
		}
	}
	for _, t := range c.spec.Tables {
		words := strings.FieldsFunc(strings.ToLower(t.Name), func(r rune) bool { return r == '_' || r == '-' || r == ' ' })
		if len(words) == 0 || !derivedWords[stem(words[len(words)-1])] {
			continue
		}
		c.ps.warnf(t.Line, "compute it from the records it summarises (a query or a view), or say why it must be stored",
			"table <%s> stores a derived value", t.Name).Rule = RuleDerivedTable
	}
}

// derivedWords name values computed from other records.
var derivedWords = map[string]bool{"streak": true, "total": true, "balance": true, "count": true, "average": true, "sum": true, "tally": true}

// credentials flags secrets written in the spec and instructions to
// store them in plain text, on one line of text; at most a handful in
// all. It runs in the placeholder check's pass over the lines.
type credentials struct {
	c *checker
	n int
}

func (cr *credentials) line(line int, l, low string) {
	if cr.n >= 5 {
		return
	}
	if what := credentialInLow(l, low); what != "" {
		cr.n++
		cr.c.ps.warnf(line, "never write a secret in the spec: say it comes from an environment variable, and store passwords hashed",
			"plaintext credentials: %q", clip(what, 40)).Rule = RulePlaintextSecret
	}
}

// credentialInLow returns the credential a line writes out, or "",
// given the line and the line in lower case.
func credentialInLow(l, low string) string {
	if containsAny(low, keyPrefixes) {
		for _, m := range keyRE.FindAllString(l, 4) {
			if !isDummyKey(m) {
				return m[:min(len(m), 8)] + "…"
			}
		}
	}
	if !containsAny(low, secretWords) {
		return ""
	}
	if assigns(low) {
		for _, m := range credentialRE.FindAllStringSubmatch(l, -1) {
			raw := strings.Trim(m[2], ".-")
			v := strings.ToLower(raw)
			if safeValues[v] || len(v) < 4 || strings.HasPrefix(v, "min") || allIn(v, "0123456789") {
				continue
			}
			// An environment variable's name says where the secret lives;
			// only a value with a digit, or a well-known weak password,
			// reads as a secret written out.
			if envNameRE.MatchString(raw) || strings.HasPrefix(v, "process.") || strings.Contains(v, "env") ||
				!strings.ContainsAny(v, "0123456789") && !weakPasswords[v] {
				continue
			}
			return fmt.Sprintf("%s: %s", m[1], m[2])
		}
	}
	if strings.Contains(low, "password") && containsAny(low, plainWords) {
		if i := plainStoreRE.FindStringIndex(l); i != nil && !negationRE.MatchString(l[:i[0]]) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

var (
	envNameRE     = regexp.MustCompile(`^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$`)
	weakPasswords = map[string]bool{"admin": true, "password": true, "changeme": true, "letmein": true, "qwerty": true,
		"secret": true, "root": true, "test": true, "guest": true, "demo": true, "welcome": true, "pass": true}
	keyPrefixes = []string{"sk-", "akia", "ghp_", "xoxb-", "xoxp-", "aiza"}
	secretWords = []string{"password", "passwd", "pwd", "key", "secret", "token"}
	plainWords  = []string{"plain", "unhashed", "unencrypted", "clear", "as-is", "as is"}
)

// isDummyKey reports whether a key-shaped string is a stand-in, such as
// sk-ant-xxxxxxxxxxxxxxxxxxxx: past its prefix, one character repeated.
func isDummyKey(k string) bool {
	body := k[strings.LastIndexAny(k, "-_")+1:]
	if len(body) < 8 {
		body = k[3:]
	}
	distinct := map[rune]bool{}
	for _, r := range strings.ToLower(body) {
		distinct[r] = true
	}
	return len(distinct) <= 2
}

// assigns reports whether a secret word in low is followed by ':', '='
// or "is", the only shapes credentialRE matches.
func assigns(low string) bool {
	for _, w := range secretWords {
		for i := 0; ; {
			j := strings.Index(low[i:], w)
			if j < 0 {
				break
			}
			rest := strings.TrimLeft(low[i+j+len(w):], " \t\"'`_")
			if strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, "is ") {
				return true
			}
			i += j + len(w)
		}
	}
	return false
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// writeLower writes s in lower case: ASCII byte by byte, the rest as
// strings.ToLower has it.
func writeLower(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		// A run of ASCII without upper case goes in as it is.
		j := i
		for j < len(s) && s[j] < 0x80 && (s[j] < 'A' || s[j] > 'Z') {
			j++
		}
		b.WriteString(s[i:j])
		switch {
		case j == len(s):
			return
		case s[j] >= 0x80:
			b.WriteString(strings.ToLower(s[j:]))
			return
		}
		b.WriteByte(s[j] + 'a' - 'A')
		i = j + 1
	}
}
