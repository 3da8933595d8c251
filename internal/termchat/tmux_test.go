//go:build unix

package termchat

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/spec"
)

// tmuxTerm is a real terminal: a tmux session on a private socket,
// typed into with send-keys and read with capture-pane.
type tmuxTerm struct {
	t    *testing.T
	sock string
}

func (x *tmuxTerm) run(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", x.sock}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

func (x *tmuxTerm) keys(keys ...string) {
	x.run(append([]string{"send-keys", "-t", "e2e"}, keys...)...)
}

// literal types text as it is.
func (x *tmuxTerm) literal(s string) { x.run("send-keys", "-t", "e2e", "-l", s) }

func (x *tmuxTerm) screen() string { return x.run("capture-pane", "-t", "e2e", "-p") }

// spinnerFrames blanks the spinner, which moves while a reply comes.
var spinnerFrames = strings.NewReplacer("⣾", " ", "⣽", " ", "⣻", " ", "⢿", " ", "⡿", " ", "⣟", " ", "⣯", " ", "⣷", " ")

// settled waits for a screen that has not changed for a moment and
// meets cond.
func (x *tmuxTerm) settled(what string, cond func(string) bool) string {
	x.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	prev := ""
	for time.Now().Before(deadline) {
		s := spinnerFrames.Replace(x.screen())
		if s == prev && cond(s) {
			return s
		}
		prev = s
		time.Sleep(150 * time.Millisecond)
	}
	x.t.Fatalf("timed out waiting for %s; the screen:\n%s", what, prev)
	return ""
}

// buildBinary builds cmd/specwright into dir.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	goTool := "go"
	if root := os.Getenv("GOROOT"); root != "" {
		goTool = filepath.Join(root, "bin", "go")
	}
	bin := filepath.Join(dir, "specwright")
	cmd := exec.Command(goTool, "build", "-o", bin, "../../cmd/specwright")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// closedPort returns a loopback URL where nothing listens.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

// The built binary in a real 80×24 terminal, as a person first meets it:
// `specwright chat demo` with no server running and no model configured
// starts its own server and runs the guided interview, typed through by
// keyboard (a multi-line reply with Alt+Enter, pickers by number keys)
// to a complete spec; the spec pane shows the check; NO_COLOR leaves no
// colour on the screen; ctrl+c twice quits with status 0.
func TestTmuxGuidedInterview(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is not installed; .ci/run installs it")
		}
		t.Skip("tmux is not installed (apt-get install tmux); CI fails here instead")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	data := filepath.Join(dir, "data")
	x := &tmuxTerm{t: t, sock: filepath.Join(dir, "tmux.sock")}
	shell := fmt.Sprintf("env -i HOME=%s PATH=%s TERM=xterm-256color NO_COLOR=1 SPECWRIGHT_DATA_DIR=%s SPECWRIGHT_URL=%s %s chat --provider guided demo; echo CHAT-EXIT=$?; sleep 60",
		dir, os.Getenv("PATH"), data, closedPort(t), bin)
	x.run("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24", shell)
	t.Cleanup(func() { exec.Command("tmux", "-S", x.sock, "kill-server").Run() })

	composer := func(s string) bool {
		return strings.Contains(s, "┃ Type your reply") && !strings.Contains(s, "thinking")
	}
	s := x.settled("the greeting", func(s string) bool { return strings.Contains(s, "Tell me about the app") && composer(s) })
	if !strings.Contains(s, "embedded server, provider guided") {
		t.Errorf("the status line does not say the server is embedded:\n%s", s)
	}
	x.literal("A recipe box for families: save recipes and plan weekly meals.")
	x.keys("Enter")
	// The quick interview's one free-text question: the activities.
	replies := [][]string{{"Save recipes", "Plan meals for the week"}}
	for step := 0; ; step++ {
		if step > 60 {
			t.Fatalf("no complete spec after 60 steps:\n%s", x.screen())
		}
		s := x.settled("the user's turn", func(s string) bool {
			return strings.Contains(s, "spec complete") || strings.Contains(s, "Answer the question below.") || composer(s)
		})
		header := strings.SplitN(s, "\n", 2)[0]
		switch {
		case strings.Contains(header, "spec complete"):
		case strings.Contains(s, "Answer the question below."):
			x.keys("1")
			if strings.Contains(s, "space/1-9 toggle") {
				x.keys("Enter")
			}
			waitChange(x, s)
			continue
		default:
			lines := []string{"Nothing more to add."}
			if len(replies) > 0 {
				lines, replies = replies[0], replies[1:]
			}
			for i, l := range lines {
				if i > 0 {
					x.keys("M-Enter")
				}
				x.literal(l)
			}
			x.keys("Enter")
			waitChange(x, s)
			continue
		}
		break
	}
	s = x.screen()
	if !strings.Contains(s, "✓ The spec is complete.") {
		t.Errorf("no completion line:\n%s", s)
	}
	if len(replies) > 0 {
		t.Errorf("the interview never asked for %q", replies)
	}
	colored := x.run("capture-pane", "-t", "e2e", "-p", "-e")
	if m := regexp.MustCompile(`\x1b\[[0-9;]*(3[0-7]|38;|9[0-7])[0-9;]*m`).FindString(colored); m != "" {
		t.Errorf("NO_COLOR is set, yet the screen has colour %q", m)
	}
	report := spec.Check(readFile(t, data, "projects/demo/prompts/app_spec.txt"), readFile(t, data, "projects/demo/prompts/initializer_prompt.md"))
	if !report.OK() {
		t.Fatalf("the spec fails validation: %+v", report.Problems)
	}
	if app := readFile(t, data, "projects/demo/prompts/app_spec.txt"); !strings.Contains(string(app), "<meal_plans>") {
		t.Error("the typed activities did not reach the spec: no meal plans")
	}

	x.keys("C-s")
	pane := x.settled("the spec pane", func(s string) bool { return strings.Contains(s, "Check: OK") })
	if want := fmt.Sprintf("Features: %d declared", report.Spec.FeatureCount); !strings.Contains(pane, want) {
		t.Errorf("the spec pane lacks %q:\n%s", want, pane)
	}
	x.keys("Escape")
	x.settled("the interview", func(s string) bool { return composer(s) })
	x.quit()
}

// quit presses ctrl+c until the client exits (twice, unless a ctrl+c
// a moment ago makes one enough) and checks that it exited with 0.
func (x *tmuxTerm) quit() {
	x.t.Helper()
	x.keys("C-c")
	s := x.settled("the question to quit", func(s string) bool {
		return strings.Contains(s, "again to quit") || strings.Contains(s, "CHAT-EXIT=")
	})
	if !strings.Contains(s, "CHAT-EXIT=") {
		x.keys("C-c")
		s = x.settled("the exit", func(s string) bool { return strings.Contains(s, "CHAT-EXIT=") })
	}
	if !strings.Contains(s, "CHAT-EXIT=0") {
		x.t.Errorf("exit:\n%s", s)
	}
}

func waitChange(x *tmuxTerm, before string) {
	x.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if x.screen() != before {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	x.t.Fatalf("the screen did not change after a key:\n%s", before)
}

func readFile(t *testing.T, dir, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
