package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/spec"
)

// deadURL is a loopback URL where nothing listens.
func deadURL(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return "http://" + ln.Addr().String()
}

// runChat runs `specwright chat` in this process with stdin and env.
func runChat(t *testing.T, env map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, errOut := &syncBuffer{}, &syncBuffer{}
	code = run(ctx, append([]string{"chat"}, args...), func(k string) string { return env[k] }, strings.NewReader(stdin), out, errOut)
	return code, out.String(), errOut.String()
}

// answers for the guided interview, one a line.
var guidedLines = "A recipe box for families: save recipes and plan weekly meals.\n" + strings.Repeat("1\n", 40)

// With no server at the default address and no --url, chat runs an
// embedded server on the data folder: a script drives --plain to a valid
// spec (exit 0); a second run finds it complete; --new starts over.
func TestChatPlainEmbeddedServer(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"SPECWRIGHT_URL": deadURL(t), "HOME": t.TempDir()}
	code, out, errOut := runChat(t, env, guidedLines, "--plain", "--provider", "guided", "--data-dir", data, "demo")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	a, err := os.ReadFile(filepath.Join(data, "projects", "demo", "prompts", "app_spec.txt"))
	if err != nil {
		t.Fatal(err)
	}
	i, err := os.ReadFile(filepath.Join(data, "projects", "demo", "prompts", "initializer_prompt.md"))
	if err != nil {
		t.Fatal(err)
	}
	if r := spec.Check(a, i); !r.OK() {
		t.Fatalf("invalid spec: %+v", r.Problems)
	}
	if !strings.Contains(out, "[complete]") {
		t.Errorf("stdout:\n%s", out)
	}

	code, _, errOut = runChat(t, env, "", "--plain", "--provider", "guided", "--data-dir", data, "demo")
	if code != 0 || !strings.Contains(errOut, "already complete") {
		t.Errorf("second run: exit %d, stderr %s", code, errOut)
	}

	code, out, errOut = runChat(t, env, "A todo app.\n", "--plain", "--new", "--provider", "guided", "--data-dir", data, "demo")
	if code != 1 || !strings.Contains(errOut, "input ended before the spec was complete") {
		t.Errorf("--new with one line: exit %d, stderr %s", code, errOut)
	}
	if strings.Count(out, "Hello! This is specwright's guided mode") != 1 || !strings.Contains(out, "you: A todo app.") {
		t.Errorf("--new did not start over:\n%s", out)
	}
}

// --url names the server: when it does not answer, chat says so and
// starts nothing.
func TestChatURLGivenNoServer(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	url := deadURL(t)
	code, _, errOut := runChat(t, map[string]string{}, "", "--plain", "--url", url, "--data-dir", data, "demo")
	if code != 1 || !strings.Contains(errOut, url) {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("an embedded server ran: %v", err)
	}
}

// Against a running server that wants a token: SPECWRIGHT_TOKEN lets
// chat in; without it chat fails with a clear reason.
func TestChatRunningServerWithToken(t *testing.T) {
	srv := startServe(t, map[string]string{"SPECWRIGHT_TOKEN": "tok-chat-test"}, "--provider", "guided", "--data-dir", t.TempDir())
	code, out, errOut := runChat(t, map[string]string{"SPECWRIGHT_TOKEN": "tok-chat-test"}, "A todo app.\n", "--plain", "--url", srv.url, "demo")
	if code != 1 || !strings.Contains(out, "you: A todo app.") || !strings.Contains(errOut, "input ended") {
		t.Errorf("with the token: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	code, _, errOut = runChat(t, map[string]string{}, "", "--plain", "--url", srv.url, "demo")
	if code != 1 || !strings.Contains(errOut, "refused the token") {
		t.Errorf("without the token: exit %d, stderr %s", code, errOut)
	}
}
