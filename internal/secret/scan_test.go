package secret_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/secret"
)

// jsonEscapeAll writes every character of s as a \uXXXX escape.
func jsonEscapeAll(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	return b.String()
}

// percentAll percent-encodes every byte of s.
func percentAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

func encodings() map[string]string {
	quoted, _ := json.Marshal(map[string]string{"error": `{"message":"` + strings.ReplaceAll(canary, "-", `\u002d`) + `"}`})
	return map[string]string{
		"literal":             canary,
		"json dash escapes":   strings.ReplaceAll(canary, "-", `\u002d`),
		"json upper hex":      strings.ReplaceAll(canary, "-", `\u002D`),
		"json all escaped":    jsonEscapeAll(canary),
		"json in json":        string(quoted),
		"percent dashes":      strings.ReplaceAll(canary, "-", "%2D"),
		"percent lower":       strings.ReplaceAll(canary, "-", "%2d"),
		"percent all":         percentAll(canary),
		"percent twice":       strings.ReplaceAll(canary, "-", "%252D"),
		"query escape":        url.QueryEscape(canary + "/x"),
		"base64":              base64.StdEncoding.EncodeToString([]byte(canary)),
		"base64 url raw":      base64.RawURLEncoding.EncodeToString([]byte(canary)),
		"bearer header":       "Authorization: Bearer " + canary,
		"inside a word":       "xx" + canary + "yy",
		"escaped then plain":  `sk\u002dant` + canary[6:],
		"percent then escape": `sk%2Dant\u002d` + canary[7:],
	}
}

// decoded reports whether out still holds the canary once decoded as a
// reader of the text would: JSON unescaped, percent-decoded, base64.
func decoded(out string) bool {
	views := []string{out}
	var s string
	if json.Unmarshal([]byte(`"`+strings.ReplaceAll(out, `"`, `\"`)+`"`), &s) == nil {
		views = append(views, s)
	}
	for range 3 {
		if u, err := url.PathUnescape(views[len(views)-1]); err == nil {
			views = append(views, u)
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(out); err == nil {
			views = append(views, string(b))
		}
	}
	for _, v := range views {
		if strings.Contains(v, canary) || strings.Contains(strings.ReplaceAll(v, `\u002d`, "-"), canary) {
			return true
		}
	}
	return false
}

func TestScrubEveryEncoding(t *testing.T) {
	s := secret.New(canary)
	for name, text := range encodings() {
		out := s.Scrub("before " + text + " after")
		if !strings.Contains(out, secret.Redacted) || decoded(out) || !strings.HasPrefix(out, "before ") || !strings.HasSuffix(out, " after") {
			t.Errorf("%s: %q → %q", name, text, out)
		}
	}
	// Near misses are left alone.
	for _, text := range []string{"sk-ant-canary-7f3e9c1", `sk\u002eant`, "%2", `\`, "sk%2Xant", "plain text"} {
		if out := s.Scrub(text); out != text {
			t.Errorf("%q changed to %q", text, out)
		}
	}
}

// A secret split across streamed pieces, at every split point and in
// every encoding, never comes out; text without it comes out whole.
func TestScrubberAcrossPieces(t *testing.T) {
	s := secret.New(canary)
	for name, enc := range encodings() {
		text := "Here: " + enc + " done."
		for cut := 0; cut <= len(text); cut++ {
			for cut2 := cut; cut2 <= len(text); cut2 += 7 {
				var got strings.Builder
				z := s.Scrubber(func(p string) { got.WriteString(p) })
				z.Write(text[:cut])
				z.Write(text[cut:cut2])
				z.Write(text[cut2:])
				z.Flush()
				if decoded(got.String()) || !strings.Contains(got.String(), secret.Redacted) {
					t.Fatalf("%s split at %d,%d: %q", name, cut, cut2, got.String())
				}
			}
		}
	}
	var got strings.Builder
	z := s.Scrubber(func(p string) { got.WriteString(p) })
	for _, p := range []string{"a sk-", "ant-", "not the key\\", "u00", "2d % 5 ", "s"} {
		z.Write(p)
	}
	z.Flush()
	if got.String() != `a sk-ant-not the key\u002d % 5 s` {
		t.Errorf("text without the key came out as %q", got.String())
	}
}
