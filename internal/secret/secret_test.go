package secret_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/secret"
)

const canary = "sk-ant-canary-7f3e9c1d"

type exported struct {
	Name string
	Key  secret.Secret
}

type unexported struct {
	name string
	key  secret.Secret
}

type xmlDoc struct {
	Key  secret.Secret `xml:"key,attr"`
	Body secret.Secret `xml:"body"`
}

type nested struct {
	Inner  exported
	inner  unexported
	Ptr    *secret.Secret
	List   []secret.Secret
	ByName map[string]secret.Secret
}

func sample() nested {
	s := secret.New(canary)
	return nested{
		Inner:  exported{"a", s},
		inner:  unexported{"b", s},
		Ptr:    &s,
		List:   []secret.Secret{s, s},
		ByName: map[string]secret.Secret{"k": s},
	}
}

func noCanary(t *testing.T, where, out string) {
	t.Helper()
	if strings.Contains(out, canary) || strings.Contains(out, canary[3:]) {
		t.Errorf("%s leaks the value: %s", where, out)
	}
}

func TestReveal(t *testing.T) {
	s := secret.New(canary)
	if s.Reveal() != canary || !s.IsSet() {
		t.Fatalf("Reveal = %q, IsSet = %v", s.Reveal(), s.IsSet())
	}
	var zero secret.Secret
	if zero.Reveal() != "" || zero.IsSet() || secret.New("").IsSet() {
		t.Fatal("the zero Secret is not empty")
	}
	if !s.Equal(secret.New(canary)) || s.Equal(zero) {
		t.Fatal("Equal")
	}
}

func TestFmt(t *testing.T) {
	s := secret.New(canary)
	for _, tc := range []struct{ format, want string }{
		{"%v", "[redacted]"},
		{"%+v", "[redacted]"},
		{"%#v", `secret.Secret("[redacted]")`},
		{"%s", "[redacted]"},
		{"%q", `"[redacted]"`},
		{"%x", "[redacted]"},
		{"%X", "[redacted]"},
		{"%d", "[redacted]"},
		{"%T", "secret.Secret"},
		{"%12s|", "  [redacted]|"},
		{"%-12v|", "[redacted]  |"},
		{"%.3s", "[re"},
	} {
		if got := fmt.Sprintf(tc.format, s); got != tc.want {
			t.Errorf("Sprintf(%q) = %q, want %q", tc.format, got, tc.want)
		}
		if got := fmt.Sprintf(tc.format, &s); tc.format != "%T" && got != tc.want {
			t.Errorf("Sprintf(%q, &s) = %q, want %q", tc.format, got, tc.want)
		}
	}
	if got := fmt.Sprint(s) + fmt.Sprintln(s) + s.String(); got != "[redacted][redacted]\n[redacted]" {
		t.Errorf("Sprint/Sprintln/String = %q", got)
	}
	v := sample()
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		out := fmt.Sprintf(format, v) + fmt.Sprintf(format, &v)
		noCanary(t, "Sprintf("+format+") of a struct", out)
		if !strings.Contains(out, "redacted") {
			t.Errorf("Sprintf(%s) of a struct shows no redaction: %s", format, out)
		}
	}
	err := fmt.Errorf("calling the provider with %v: %w", s, errors.New("denied"))
	noCanary(t, "an error", err.Error())
	var buf bytes.Buffer
	log.New(&buf, "", 0).Printf("key=%v struct=%+v", s, v)
	noCanary(t, "log.Printf", buf.String())
}

func TestJSON(t *testing.T) {
	s := secret.New(canary)
	for _, v := range []any{s, &s, sample(), map[string]any{"key": s}} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		noCanary(t, "json", string(b))
		if !strings.Contains(string(b), `"[redacted]"`) {
			t.Errorf("json: %s", b)
		}
	}
	b, _ := json.Marshal(s)
	if string(b) != `"[redacted]"` {
		t.Errorf("json = %s", b)
	}
	if b, _ := s.MarshalText(); string(b) != "[redacted]" {
		t.Errorf("MarshalText = %s", b)
	}
	x, err := xml.Marshal(xmlDoc{s, s})
	if err != nil {
		t.Fatal(err)
	}
	noCanary(t, "xml", string(x))
}

// A Secret can be read from a JSON configuration file.
func TestUnmarshal(t *testing.T) {
	var cfg struct {
		Key secret.Secret `json:"key"`
	}
	if err := json.Unmarshal([]byte(`{"key":"`+canary+`"}`), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Key.Reveal() != canary {
		t.Fatalf("decoded %q", cfg.Key.Reveal())
	}
}

func TestSlog(t *testing.T) {
	s := secret.New(canary)
	for name, mk := range map[string]func(*bytes.Buffer) slog.Handler{
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var buf bytes.Buffer
		l := slog.New(mk(&buf))
		l.Info("calling", "key", s, "ptr", &s)
		l.Info("config", "cfg", sample())
		l.Info("group", slog.Group("provider", "key", s), slog.Any("any", s))
		l.With("key", s).Error("failed", "err", fmt.Errorf("with %v", s))
		l.Info("formatted " + fmt.Sprint(s))
		out := buf.String()
		noCanary(t, "slog "+name, out)
		if n := strings.Count(out, "[redacted]"); n < 8 {
			t.Errorf("slog %s: %d redactions in\n%s", name, n, out)
		}
	}
}

func TestScrub(t *testing.T) {
	key := secret.New("sk-canary-42")
	if got := key.Scrub("bad key sk-canary-42 (sk-canary-42)"); got != "bad key [redacted] ([redacted])" {
		t.Fatalf("Scrub = %q", got)
	}
	if got := (secret.Secret{}).Scrub("nothing to hide"); got != "nothing to hide" {
		t.Fatalf("empty Scrub = %q", got)
	}
	base := errors.New("401 for sk-canary-42")
	err := key.ScrubError(fmt.Errorf("call: %w", base))
	if err.Error() != "call: 401 for [redacted]" || !errors.Is(err, base) {
		t.Fatalf("ScrubError = %q (is base: %v)", err, errors.Is(err, base))
	}
	if key.ScrubError(nil) != nil {
		t.Fatal("ScrubError(nil) is not nil")
	}
}
