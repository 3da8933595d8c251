//go:build unix

package termchat

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/llm/llmtest"
)

// serveProc is the built binary's `serve` on a fixed loopback port.
type serveProc struct {
	t         *testing.T
	bin, addr string
	env, args []string
	cmd       *exec.Cmd
	out       *strings.Builder
}

func (p *serveProc) start() {
	p.t.Helper()
	p.out = &strings.Builder{}
	p.cmd = exec.Command(p.bin, append([]string{"serve", "--addr", p.addr}, p.args...)...)
	p.cmd.Env, p.cmd.Stdout, p.cmd.Stderr = p.env, p.out, p.out
	if err := p.cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for probeServerUp("http://"+p.addr) != nil {
		if time.Now().After(deadline) {
			p.t.Fatalf("serve did not start")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop sends SIGTERM, as a person's ctrl+c in the server's terminal.
func (p *serveProc) stop() {
	if p.cmd == nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.cmd.Wait()
	p.cmd = nil
}

func probeServerUp(url string) error {
	_, err := Server{URL: url}.Info(context.Background())
	return err
}

// With a running server and Claude (the Anthropic fake), in a real
// terminal: a question answered by keys, a reply interrupted by ctrl+c,
// the server restarted in the middle of a reply (the client reconnects
// and shows the reply once), then the files written to a complete spec.
func TestTmuxAnthropicQuestionInterruptRestart(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is not installed; .ci/run installs it")
		}
		t.Skip("tmux is not installed (apt-get install tmux); CI fails here instead")
	}
	appSpec, initializer := goodSpec(t)
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hello! ", "What would you like to build?"),
		llmtest.Tools("Nice idea.", llmtest.ToolCall{ID: "toolu_q1", Name: "AskUserQuestion", Input: involvement}),
		llmtest.Stall(time.Minute, llmtest.Text("Detailed it is. ", "Let me think").Events[:4]...),
		llmtest.Stall(time.Minute, llmtest.Text("Part one of the reply, ", "and the rest").Events[:4]...),
		llmtest.Tools("Writing the files now.", write("toolu_w1", "prompts/app_spec.txt", appSpec), write("toolu_w2", "prompts/initializer_prompt.md", initializer)),
		llmtest.Text("Your spec is ready."),
	))
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	url := closedPort(t)
	srv := &serveProc{t: t, bin: bin, addr: strings.TrimPrefix(url, "http://"),
		env:  []string{"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "ANTHROPIC_API_KEY=sk-ant-tmux-e2e", "ANTHROPIC_BASE_URL=" + fake.URL},
		args: []string{"--provider", "anthropic", "--data-dir", filepath.Join(dir, "data")}}
	srv.start()
	t.Cleanup(srv.stop)

	x := &tmuxTerm{t: t, sock: filepath.Join(dir, "tmux.sock")}
	shell := fmt.Sprintf("env -i HOME=%s PATH=%s TERM=xterm-256color %s chat --url %s chores; echo CHAT-EXIT=$?; sleep 60", dir, os.Getenv("PATH"), bin, url)
	x.run("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24", shell)
	t.Cleanup(func() { exec.Command("tmux", "-S", x.sock, "kill-server").Run() })
	idle := func(s string) bool {
		return strings.Contains(s, "┃ Type your reply") && !strings.Contains(s, "thinking")
	}

	x.settled("the greeting", func(s string) bool { return strings.Contains(s, "What would you like to build?") && idle(s) })
	x.literal("A chore chart for families.")
	x.keys("Enter")
	x.settled("the card", func(s string) bool { return strings.Contains(s, "› 1 ( ) Quick") })
	x.keys("Down", "Enter")
	x.settled("the reply", func(s string) bool { return strings.Contains(s, "Detailed it is.") && strings.Contains(s, "thinking") })
	x.keys("C-c")
	s := x.settled("the interrupt", func(s string) bool { return strings.Contains(s, "Stopped.") && idle(s) })
	if strings.Count(s, "Detailed it is.") != 1 {
		t.Errorf("the interrupted text:\n%s", s)
	}

	x.literal("Tell me more.")
	x.keys("Enter")
	x.settled("the second reply", func(s string) bool { return strings.Contains(s, "Part one of the reply,") })
	srv.stop()
	x.settled("the drop", func(s string) bool { return strings.Contains(s, "reconnecting") })
	srv.start()
	s = x.settled("the reconnect", func(s string) bool { return strings.Contains(s, "● connected") && idle(s) })
	if strings.Count(s, "Part one of the reply,") != 1 || strings.Count(s, "Tell me more.") != 1 {
		t.Errorf("after the restart the reply is not shown once:\n%s", s)
	}

	x.literal("Write it.")
	x.keys("Enter")
	s = x.settled("the complete spec", func(s string) bool { return strings.Contains(s, "spec complete") && idle(s) })
	if !strings.Contains(s, "Your spec is ready.") || !strings.Contains(s, "✓ The spec is complete.") {
		t.Errorf("the end:\n%s", s)
	}
	if raw := string(fake.Requests()[2].Raw); !strings.Contains(raw, "A: Detailed") {
		t.Errorf("the answer did not reach the model: %.300s", raw)
	}
	x.quit()
}
