package conformance_test

// The claudecli backend: the real Claude Code CLI, whose binary
// SPECWRIGHT_CLAUDE_BIN names (internal/llm/claudecli/install-cli.sh
// installs the pinned version and prints its path), pointed by
// ANTHROPIC_BASE_URL at the same fake Messages API, playing the same
// script, as the anthropic backend. The CLI makes the API calls, runs
// Write itself in the project folder and turns AskUserQuestion into its
// control request; the engine drives it as an llm.Agent. As in
// internal/llm/claudecli's TestCLI, the suite runs itself again inside a
// network namespace holding only loopback when unshare allows it (see
// TestMain), so that the CLI can reach nothing but the fake.

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/llm/claudecli"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/session"
)

const (
	claudeBinEnv = "SPECWRIGHT_CLAUDE_BIN"
	netnsEnv     = "CONFORMANCE_IN_NETNS" // set in the copy of the suite that runs in the namespace
)

// The knobs of the claudecli backend. The CLI is told through its
// environment what the other backends are told through their Config.
var claudeKnobs = []string{
	// The CLI retries failed calls itself (even a 401), ten times by
	// default with a backoff of its own that ignores retry-after: minutes
	// in all. The other backends are built with MaxRetries -1; this is the
	// same, and keeps one API request per answer of the script.
	"CLAUDE_CODE_MAX_RETRIES=0",
	// After a broken or stalled stream the CLI repeats the request once
	// without streaming, which the fake would answer with the next answer
	// of the script: the failure would vanish, and the answer after it be
	// used up by the wrong turn. (That answer would come as a finished
	// message without text deltas, which the adapter does not stream: the
	// user would see only the broken stream's first words.)
	"CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK=1",
	// The CLI's stall timeout: how long a stream may send no byte. It
	// defaults to minutes and cannot go below 10 s (the CLI clamps it), so
	// the stalled-stream case takes 10 s here, not the one second of
	// `stall`. API_TIMEOUT_MS does not help: it bounds only the wait for
	// the response's headers.
	"CLAUDE_BYTE_STREAM_IDLE_TIMEOUT_MS=10000",
}

// brokenPause is how long the claudecli backend's broken stream pauses
// after its first text before it ends; see claudeAnswer.
const brokenPause = time.Second

// network says how the suite is cut off from the network, for the
// claudecli backend's log; netnsProblem is set when the namespace the
// suite runs in is not what it should be.
var network, netnsProblem string

// TestMain runs the suite again inside a network namespace that holds
// only loopback, when the claudecli backend will run and unshare allows
// it. The copy inherits the arguments, the output and the exit status,
// so that go test sees one run. The other backends' fakes are on
// loopback too, so the whole suite runs there.
func TestMain(m *testing.M) {
	switch {
	case os.Getenv(netnsEnv) != "":
		network, netnsProblem = checkNetns()
	case os.Getenv(claudeBinEnv) != "":
		if why := netnsUnavailable(); why != "" {
			network = "plain loopback, no network namespace (" + why + "); the CLI is only pointed at the fake on 127.0.0.1"
			break
		}
		os.Exit(rerunInNetns())
	}
	os.Exit(m.Run())
}

// netnsUnavailable says why no network namespace can be made, or "".
func netnsUnavailable() string {
	for _, tool := range []string{"unshare", "ip"} {
		if _, err := exec.LookPath(tool); err != nil {
			return tool + " not found"
		}
	}
	if out, err := exec.Command("unshare", "-n", "--", "ip", "link", "set", "lo", "up").CombinedOutput(); err != nil {
		return fmt.Sprintf("unshare -n failed: %v %s", err, bytes.TrimSpace(out))
	}
	return ""
}

// rerunInNetns runs this test binary again, with the same arguments, in
// a new network namespace with lo up, and returns its exit status.
func rerunInNetns() int {
	args := append([]string{"-n", "--", "sh", "-c", `ip link set lo up && exec "$0" "$@"`, os.Args[0]}, os.Args[1:]...)
	cmd := exec.Command("unshare", args...)
	cmd.Env = append(os.Environ(), netnsEnv+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	if exit, ok := errors.AsType[*exec.ExitError](err); ok && exit.ExitCode() > 0 {
		return exit.ExitCode()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "conformance: running the suite in a network namespace: %v\n", err)
		return 1
	}
	return 0
}

// checkNetns checks that the namespace holds only lo.
func checkNetns() (network, problem string) {
	// /proc/self/net, unlike /sys/class/net, shows this namespace.
	dev, err := os.ReadFile("/proc/self/net/dev")
	if err != nil {
		return "", err.Error()
	}
	var names []string
	for _, line := range strings.Split(string(dev), "\n")[2:] {
		if name, _, ok := strings.Cut(line, ":"); ok {
			names = append(names, strings.TrimSpace(name))
		}
	}
	if !slices.Equal(names, []string{"lo"}) {
		return "", fmt.Sprintf("the network namespace has interfaces %q, want only lo", names)
	}
	return "a network namespace holding only lo (unshare -n)", ""
}

// claudeBin returns the CLI's path; without one the test fails in CI
// and is skipped elsewhere.
func claudeBin(t *testing.T) string {
	t.Helper()
	bin := os.Getenv(claudeBinEnv)
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI must install the CLI with internal/llm/claudecli/install-cli.sh and export its output", claudeBinEnv)
		}
		t.Skipf("%s is not set; to run the claudecli backend against the real Claude Code CLI: export %s=\"$(internal/llm/claudecli/install-cli.sh)\"", claudeBinEnv, claudeBinEnv)
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%s=%s: %v", claudeBinEnv, bin, err)
	}
	if netnsProblem != "" {
		t.Fatal(netnsProblem)
	}
	return bin
}

// claudeBackend is the Claude Code CLI against the fake Messages API.
//
// What differs from the anthropic backend, and why:
//
//   - The CLI's requests are its own: their shape (its system prompt and
//     tools, the answer to a question written as "question"="label") is
//     not the engine's, hence answered. With the knobs above it makes
//     one request per answer, as the others do.
//   - Its error messages are the adapter's words around the CLI's, hence
//     errorWords.
//   - Its stalled-stream case takes 10 s (see claudeKnobs), and a first
//     turn starts a process (about a second), hence a longer wait.
//   - Its broken stream is another cut; see claudeAnswer.
func claudeBackend() backend {
	return backend{
		name: "claudecli",
		// The CLI hands the model the answers in the tool result as
		// "question"="label" pairs.
		answered: `\"How involved do you want to be?\"=\"Quick\"`,
		errorWords: map[failure]string{
			// The adapter calls a 429 the subscription's usage limit, which
			// is what it is for the users of this provider. The error also
			// quotes the fake's "per-minute rate limit", but asserting
			// that would test the fake.
			rateLimit: "usage limit was reached",
			// The adapter does not tell a broken stream from a failed
			// call: it says "Claude's API failed (…) and retrying did not
			// help", quoting the CLI, whose words name the cause.
			brokenStream: "Connection to the API was lost",
			// Likewise for a stall: "Claude Code stopped with an error
			// during this turn (API Error: Stream idle timeout - no chunks
			// received)".
			stalledStream: "Stream idle timeout",
		},
		wait: 45 * time.Second,
		start: func(t *testing.T, script []answer) (session.Config, func() []string) {
			bin := claudeBin(t)
			t.Logf("network: %s", network)
			var rs []llmtest.Response
			for _, a := range script {
				rs = append(rs, claudeAnswer(a))
			}
			fake := llmtest.NewAnthropic(t, llmtest.Script(rs...))
			root := t.TempDir()
			home := filepath.Join(root, "home")
			if err := os.Mkdir(home, 0o755); err != nil {
				t.Fatal(err)
			}
			logs := &syncBuffer{}
			a := claudecli.New(claudecli.Config{
				Binary: bin,
				Env: append([]string{"HOME=" + home, "PATH=/usr/bin:/bin", "LANG=C.UTF-8",
					"ANTHROPIC_BASE_URL=" + fake.URL, "ANTHROPIC_API_KEY=" + claudeKey}, claudeKnobs...),
				ConfigDir:    filepath.Join(root, "claude-config"),
				StartTimeout: time.Minute,
				Logger:       slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
			})
			t.Cleanup(func() {
				// The server's Close has shut the agent down already.
				a.Shutdown()
				if t.Failed() {
					t.Logf("claudecli log:\n%s", logs)
				}
			})
			return session.Config{Agent: a}, anthropicRequests(fake)
		},
	}
}

// claudeAnswer renders a as anthropicAnswer does, but for the broken
// stream. llmtest.Truncated drops the connection right after the first
// text delta; the CLI then sometimes prints that delta and sometimes not
// (in most runs it printed no line of that response at all, not even its
// message_start), so the turn would be "text error" or "error" by
// chance. Here the stream pauses for brokenPause after the same first
// delta, then ends without the rest of the message (no
// content_block_stop, message_delta or message_stop): still a reply that
// breaks off, which the CLI reports as "Connection to the API was lost
// (StreamTruncated)", after the text it has printed.
func claudeAnswer(a answer) llmtest.Response {
	if a.fail == brokenStream {
		return llmtest.Stall(brokenPause)
	}
	return anthropicAnswer(a)
}

// syncBuffer is a bytes.Buffer safe for concurrent use: the agent's log.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
