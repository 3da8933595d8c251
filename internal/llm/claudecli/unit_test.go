//go:build unix

package claudecli

import (
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/llm"
)

func TestClassifyResults(t *testing.T) {
	a := New(Config{Model: "claude-x", Env: []string{"ANTHROPIC_AUTH_TOKEN=tok-secret-123"}})
	status := func(n int) *int { return &n }
	cases := []struct {
		name string
		r    resultLine
		hint string
		kind llm.ErrorKind
		has  string
	}{
		{"success", resultLine{Subtype: "success"}, "", "", ""},
		{"403", resultLine{IsError: true, APIErrorStatus: status(403), APIErrorType: "permission_error", Result: "nope"}, "", llm.ErrPermission, `model "claude-x"`},
		{"404", resultLine{IsError: true, APIErrorStatus: status(404), Result: "no model"}, "model_not_found", llm.ErrNotFound, `no model "claude-x"`},
		{"too long", resultLine{IsError: true, APIErrorStatus: status(400), APIErrorType: "invalid_request_error", Result: "prompt is too long: 300000 tokens"}, "invalid_request", llm.ErrContextTooLong, "too long"},
		{"400", resultLine{IsError: true, APIErrorStatus: status(400), Result: "bad thing"}, "", llm.ErrBadRequest, "(400: bad thing)"},
		{"500", resultLine{IsError: true, APIErrorStatus: status(500), APIErrorType: "api_error", Result: "API Error: 500"}, "server_error", llm.ErrUnavailable, "retrying did not help"},
		{"billing hint", resultLine{IsError: true, Result: "Credit balance is too low"}, "billing_error", llm.ErrBilling, "billing"},
		{"org hint", resultLine{IsError: true, Result: "Your organization is not allowed"}, "oauth_org_not_allowed", llm.ErrPermission, "organization"},
		{"budget", resultLine{Subtype: "error_max_budget_usd", IsError: true}, "", llm.ErrBilling, "spending limit"},
		{"secret", resultLine{IsError: true, Result: "token tok-secret-123 refused"}, "", llm.ErrUnavailable, "[redacted]"},
		{"no words", resultLine{Subtype: "error_during_execution", IsError: true}, "", llm.ErrUnavailable, "error during this turn. Try again."},
	}
	for _, c := range cases {
		err := a.resultError(&c.r, c.hint)
		if c.kind == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		e, ok := llm.AsError(err)
		if !ok || e.Kind != c.kind || !strings.Contains(e.Message, c.has) {
			t.Errorf("%s: %v, want kind %s with %q", c.name, err, c.kind, c.has)
			continue
		}
		if strings.Contains(err.Error(), "tok-secret-123") {
			t.Errorf("%s: the token is in %q", c.name, err)
		}
	}
}

func TestPermit(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "project")
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(root, "alias")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(root, filepath.Join(dir, "up")); err != nil {
		t.Fatal(err)
	}
	// The process works in the folder reached through a link.
	p := newProc("k", filepath.Join(root, "alias"), testLogger())
	cases := []struct {
		tool  string
		input string
		ok    bool
	}{
		{"Read", `{"file_path":"` + dir + `/a.md"}`, true},
		{"Read", `{"file_path":"` + root + `/alias/a.md"}`, true},
		{"Read", `{"file_path":"sub/new/deeper.md"}`, true},
		{"Read", `{"file_path":"up/other.md"}`, false},
		{"Read", `{"file_path":"` + dir + `/../project2/a.md"}`, false},
		{"Read", `{}`, false},
		{"Write", `{"file_path":"prompts/app_spec.txt","content":"x"}`, true},
		{"Write", `{"file_path":"sub/CLAUDE.md","content":"x"}`, false},
		{"Edit", `{"file_path":".git/config"}`, false},
		{"Edit", `{"file_path":".mcp.json"}`, false},
		{"Read", `{"file_path":".claude/settings.json"}`, true},
		{"Glob", `{"pattern":"**/*.md"}`, true},
		{"Glob", `{"pattern":"*.md","path":"sub"}`, true},
		{"Glob", `{"pattern":"` + dir + `/**/*.md"}`, true},
		{"Glob", `{"pattern":"/**"}`, false},
		{"Glob", `{"pattern":"sub/../../*"}`, false},
		{"Bash", `{"command":"ls"}`, false},
		{"Read", `not json`, false},
	}
	for _, c := range cases {
		ok, why := p.permit(c.tool, json.RawMessage(c.input))
		if ok != c.ok || (!ok && why == "") {
			t.Errorf("%s %s: %v %q, want %v", c.tool, c.input, ok, why, c.ok)
		}
	}

	for path, want := range map[string]string{
		root + "/alias/prompts/a.txt": "prompts/a.txt",
		dir + "/prompts/a.txt":        "prompts/a.txt",
		"prompts/b.txt":               "prompts/b.txt",
		root + "/elsewhere.txt":       "",
		root + "/alias":               "",
		"":                            "",
	} {
		got, ok := p.rel(path)
		if got != want || ok != (want != "") {
			t.Errorf("rel(%q) = %q %v, want %q", path, got, ok, want)
		}
	}
}

func TestStaticPrefix(t *testing.T) {
	for pattern, want := range map[string]string{
		"/etc/*":          "/etc",
		"/a/b/**/*.md":    "/a/b",
		"/*":              "/",
		"/a/b/c.md":       "/a/b/c.md",
		"/a/{x,y}/z":      "/a",
		"/a/file[0-9].md": "/a",
	} {
		if got := staticPrefix(pattern); got != want {
			t.Errorf("staticPrefix(%q) = %q, want %q", pattern, got, want)
		}
	}
}

func TestEnvAndBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "claude")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	a := New(Config{Binary: "claude", Env: []string{"PATH=/nowhere:" + filepath.Dir(bin), "CLAUDE_CONFIG_DIR=/kept", "X=1"}})
	if got := a.binary(); got != bin {
		t.Errorf("binary() = %q, want %q", got, bin)
	}
	// Without ConfigDir, the caller's CLAUDE_CONFIG_DIR stands.
	want := "PATH=/nowhere:" + filepath.Dir(bin) + " CLAUDE_CONFIG_DIR=/kept X=1 DISABLE_AUTOUPDATER=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_TELEMETRY=1"
	if got := strings.Join(a.env(), " "); got != want {
		t.Errorf("env:\n got %s\nwant %s", got, want)
	}
	if got := secretValues([]string{"ANTHROPIC_API_KEY=sk-123456", "CLAUDE_CODE_OAUTH_TOKEN=oat-123456", "HOME=/home/someone", "SHORT_KEY=abc"}); strings.Join(got, ",") != "sk-123456,oat-123456" {
		t.Errorf("secrets = %q", got)
	}
}

func testLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
