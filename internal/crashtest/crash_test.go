//go:build unix

package crashtest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/specwright/specwright/internal/llm/llmtest"
)

// startFake starts the fake Anthropic API with m, and at the end of the
// test reports what went wrong on its side.
func startFake(t *testing.T, m *model) *llmtest.Anthropic {
	fake := llmtest.StartAnthropic(m.handle)
	t.Cleanup(func() {
		fake.Close()
		for _, p := range fake.TakeProblems() {
			t.Errorf("fake provider: %s", p)
		}
		for _, p := range m.takeProblems() {
			t.Errorf("request sent to the provider: %s", p)
		}
	})
	return fake
}

// begin starts the interview and waits for the greeting.
func begin(t *testing.T, c *client) {
	t.Helper()
	if err := c.send(map[string]any{"type": "start"}); err != nil {
		t.Fatal(err)
	}
	if evs, err := c.until(15*time.Second, "response_done", "error"); err != nil || evs[len(evs)-1].Type != "response_done" {
		t.Fatalf("greeting: %v %v", err, evs)
	}
}

// converse sends msg and waits for the turn to end; it returns the events,
// whether msg was acknowledged, and the reply's text.
func converse(c *client, msg string, d time.Duration) (evs []event, acked bool, reply string, err error) {
	if err := c.message(msg); err != nil {
		return nil, false, "", err
	}
	evs, err = c.until(d, "response_done", "error")
	for _, ev := range evs {
		switch {
		case ev.Type == "user" && ev.Content == msg:
			acked = true
		case ev.Type == "text":
			reply += ev.Content
		}
	}
	return evs, acked, reply, err
}

func killCount(t *testing.T) int {
	if s := os.Getenv("CRASHTEST_KILLS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("CRASHTEST_KILLS=%q: want a positive number", s)
		}
		return n
	}
	return 100
}

// crashFigures are what TestCrashRecovery measures.
type crashFigures struct {
	kills, sent, acked, torn, missing, integrity, seqErrs, notContinued, tempLeft int
	lost, dupes, unacked                                                          map[string]bool
	phases                                                                        map[string]int
	restarts                                                                      []time.Duration
}

// crashProject is one project of the crash test: its conversation grows
// with every turn, so the test moves to a new project every few kills to
// keep the requests to the model small.
type crashProject struct {
	name        string
	acked       map[string]bool // messages whose user event arrived
	everWritten map[string]bool // spec files a file_written was seen for
	window      time.Duration   // kills land in [0, window] after sending
}

const killsPerProject = 25

// SIGKILL at random points of turns that write the spec files; after
// each kill: integrity_check, files complete, acknowledged messages
// stored, the interview goes on.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash suite runs the binary; skipped with -short")
	}
	began := time.Now()
	kills := killCount(t)
	m := newModel(t)
	m.setDelay(15 * time.Millisecond)
	fake := startFake(t, m)
	dir := t.TempDir()
	f := crashFigures{phases: map[string]int{}, lost: map[string]bool{}, dupes: map[string]bool{}, unacked: map[string]bool{}}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 5))
	var projects []*crashProject
	var p *crashProject
	var c *client
	n := 0 // every message sent takes a number

	srv := startServer(t, dir, fake.URL)
	for k := 0; k < kills; k++ {
		if k%killsPerProject == 0 {
			// A new project: start it, and time one whole work turn.
			p = &crashProject{name: fmt.Sprintf("crash%d", k/killsPerProject), acked: map[string]bool{}, everWritten: map[string]bool{}}
			projects = append(projects, p)
			if c != nil {
				c.conn.Close(websocket.StatusNormalClosure, "")
			}
			c = dial(t, srv, p.name)
			begin(t, c)
			n++
			msg := fmt.Sprintf("work %d", n)
			t0 := time.Now()
			evs, ok, _, err := converse(c, msg, 20*time.Second)
			if err != nil || !ok || evs[len(evs)-1].Type != "response_done" {
				t.Fatalf("%s: first turn: %v acked=%v %v\n%s", p.name, err, ok, evs, srv.out.String())
			}
			turn := time.Since(t0)
			p.acked[msg] = true
			for _, ev := range evs {
				if ev.Type == "file_written" {
					p.everWritten[ev.Path] = true
				}
			}
			p.window = turn + turn/5
			t.Logf("%s: a work turn (3 writes, 4 model calls) takes %v; kills land uniformly in [0, %v] after sending",
				p.name, turn.Round(time.Millisecond), p.window.Round(time.Millisecond))
		} else {
			// The interview goes on after the restart.
			n++
			msg := fmt.Sprintf("quick %d", n)
			_, ok, reply, err := converse(c, msg, 20*time.Second)
			if ok {
				p.acked[msg] = true
			}
			if err != nil || !strings.Contains(reply, msg) {
				f.notContinued++
				t.Errorf("kill %d: the interview did not go on: %v, reply %q", k, err, reply)
			}
		}

		// A work turn, killed at a random point.
		n++
		msg := fmt.Sprintf("work %d", n)
		if err := c.message(msg); err != nil {
			t.Fatalf("kill %d: send: %v", k, err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(p.window) + 1)))
		srv.kill()
		f.kills++
		phase, writes := "before the ack", 0
		for ev := range c.events {
			switch ev.Type {
			case "user":
				if ev.Content == msg {
					p.acked[msg] = true
					phase = "after the ack"
				}
			case "file_written":
				p.everWritten[ev.Path] = true
				writes++
				phase = fmt.Sprintf("after write %d", writes)
			case "response_done", "error":
				phase = "after the turn ended"
			}
		}
		f.phases[phase]++

		// The state on disk, before anything touches it.
		if res, err := integrityCheck(dir); err != nil || res != "ok" {
			f.integrity++
			t.Errorf("kill %d: integrity_check: %q %v", k, res, err)
		}
		for _, path := range []string{appSpecPath, initializerPath} {
			b, err := os.ReadFile(filepath.Join(dir, "projects", p.name, filepath.FromSlash(path)))
			switch {
			case errors.Is(err, os.ErrNotExist):
				if p.everWritten[path] {
					f.missing++
					t.Errorf("kill %d: %s is gone though a file_written was sent for it", k, path)
				}
			case err != nil:
				t.Fatal(err)
			case !m.known(path, string(b)):
				f.torn++
				t.Errorf("kill %d: %s is not a version the model wrote (%d bytes)", k, path, len(b))
			}
		}
		temps, _ := filepath.Glob(filepath.Join(dir, "projects", p.name, "prompts", ".specwright-*"))
		f.tempLeft = max(f.tempLeft, len(temps))

		// Restart on the same folder; every acknowledged message of every
		// project is there.
		srv = startServer(t, dir, fake.URL)
		f.restarts = append(f.restarts, srv.ready)
		for _, q := range projects {
			checkTranscript(t, srv, q, &f, fmt.Sprintf("kill %d", k))
		}
		if strings.Contains(srv.out.String(), canaryKey) {
			t.Errorf("the API key appears in the server's output")
		}
		c = dial(t, srv, p.name)
	}

	// After the last kill: the interview still goes on, and a clean stop.
	n++
	msg := fmt.Sprintf("quick %d", n)
	if _, ok, reply, err := converse(c, msg, 20*time.Second); err != nil || !ok || !strings.Contains(reply, msg) {
		f.notContinued++
		t.Errorf("after the last kill the interview did not go on: %v %q", err, reply)
	} else {
		p.acked[msg] = true
	}
	if code := srv.terminate(20 * time.Second); code != 0 {
		t.Errorf("SIGTERM: exit code %d\n%s", code, srv.out.String())
	}
	if res, err := integrityCheck(dir); err != nil || res != "ok" {
		f.integrity++
		t.Errorf("after the clean stop: integrity_check %q %v", res, err)
	}
	for _, q := range projects {
		f.acked += len(q.acked)
	}
	f.sent = n

	slices.Sort(f.restarts)
	calls, _ := m.stats()
	t.Logf("crash figures: %d SIGKILLs injected over %d projects; %d messages sent, %d acknowledged, %d acknowledged and lost, %d duplicated, %d stored but killed before their ack",
		f.kills, len(projects), f.sent, f.acked, len(f.lost), len(f.dupes), len(f.unacked))
	t.Logf("crash figures: %d integrity_check failures, %d torn spec files, %d spec files missing, %d transcript seq errors, %d times the interview did not go on, at most %d temp files left in prompts/ after a kill",
		f.integrity, f.torn, f.missing, f.seqErrs, f.notContinued, f.tempLeft)
	t.Logf("crash figures: kill points %v", f.phases)
	if len(f.restarts) > 0 {
		t.Logf("crash figures: restart to listening p50 %v, max %v; %d model calls; whole test %v",
			f.restarts[len(f.restarts)/2].Round(time.Millisecond), f.restarts[len(f.restarts)-1].Round(time.Millisecond),
			calls, time.Since(began).Round(time.Millisecond))
	}
	if len(f.lost) != 0 || len(f.dupes) != 0 || f.torn != 0 || f.integrity != 0 || f.missing != 0 || f.notContinued != 0 || f.seqErrs != 0 {
		t.Fatal("the server lost or damaged state across kills")
	}
}

// checkTranscript checks a project's transcript after a restart: every
// acknowledged message is there once, and seq counts from 1 without gaps.
func checkTranscript(t *testing.T, srv *server, p *crashProject, f *crashFigures, when string) {
	t.Helper()
	tr, err := srv.transcript(p.name)
	if err != nil {
		t.Fatalf("%s: transcript of %s: %v\n%s", when, p.name, err, srv.out.String())
	}
	count := map[string]int{}
	for i, ev := range tr.Events {
		if ev.Seq != int64(i+1) {
			f.seqErrs++
			t.Errorf("%s: %s: event %d has seq %d", when, p.name, i, ev.Seq)
			break
		}
		if ev.Type == "user" {
			count[ev.Content]++
		}
	}
	for content, c := range count {
		if c > 1 && !f.dupes[content] {
			f.dupes[content] = true
			t.Errorf("%s: %s: %q is in the transcript %d times", when, p.name, content, c)
		}
		if !p.acked[content] {
			f.unacked[content] = true
		}
	}
	for msg := range p.acked {
		if count[msg] == 0 && !f.lost[msg] {
			f.lost[msg] = true
			t.Errorf("%s: %s: the acknowledged message %q is not in the transcript", when, p.name, msg)
		}
	}
}

// Provider faults end the turn with a clear error within a bound, leave
// the files whole and the session usable.
func TestProviderFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash suite runs the binary; skipped with -short")
	}
	const rounds = 2
	const stall = time.Second
	m := newModel(t)
	fake := startFake(t, m)
	dir := t.TempDir()
	const project = "faults"
	srv := startServer(t, dir, fake.URL, "--stall-timeout", stall.String())
	c := dial(t, srv, project)
	begin(t, c)

	injected, unusable, cleanErrors := 0, 0, 0
	slowest := map[string]time.Duration{}
	messages := map[string]string{}
	n := 0
	for range rounds {
		for _, kind := range faultKinds {
			for _, afterWrite := range []bool{false, true} {
				n++
				verb := "fault"
				if afterWrite {
					verb = "fault-after-write"
				}
				msg := fmt.Sprintf("%s %s %d", verb, kind, n)
				bound := 10 * time.Second
				if kind == "stall" {
					bound += 3 * stall
				}
				t0 := time.Now()
				evs, ok, _, err := converse(c, msg, bound+5*time.Second)
				took := time.Since(t0)
				injected++
				slowest[kind] = max(slowest[kind], took)
				last := event{}
				if len(evs) > 0 {
					last = evs[len(evs)-1]
				}
				switch {
				case err != nil || !ok:
					t.Errorf("%s: %v, acked %v, events %v", msg, err, ok, evs)
				case last.Type != "error" || strings.TrimSpace(last.Content) == "":
					t.Errorf("%s: the turn ended with %v, want an error", msg, last)
				case took > bound:
					t.Errorf("%s: the error took %v (bound %v)", msg, took, bound)
				case strings.Contains(last.Content, canaryKey) || strings.Contains(last.Content, "sk-ant-"):
					t.Errorf("%s: the error shows the key: %q", msg, last.Content)
				default:
					cleanErrors++
					messages[kind] = last.Content
				}
				if afterWrite {
					wrote := slices.ContainsFunc(evs, func(ev event) bool { return ev.Type == "file_written" && ev.Path == appSpecPath })
					b, _ := os.ReadFile(filepath.Join(dir, "projects", project, filepath.FromSlash(appSpecPath)))
					if !wrote || string(b) != m.version(appSpecPath, n, 0) {
						t.Errorf("%s: the write before the fault is not whole on disk (file_written %v, %d bytes)", msg, wrote, len(b))
					}
				}
				// The transcript holds the message and the error.
				tr, err := srv.transcript(project)
				if err != nil {
					t.Fatal(err)
				}
				if !storedTurn(tr.Events, msg) {
					t.Errorf("%s: the transcript does not end with the message and its error: %v", msg, tail(tr.Events, 6))
				}
				// The session is usable.
				n++
				q := fmt.Sprintf("quick %d", n)
				if _, ok, reply, err := converse(c, q, 15*time.Second); err != nil || !ok || !strings.Contains(reply, q) {
					unusable++
					t.Errorf("after %s the session is not usable: %v %q", msg, err, reply)
				}
			}
		}
	}
	if strings.Contains(srv.out.String(), canaryKey) {
		t.Errorf("the API key appears in the server's output")
	}
	calls, attempts := m.stats()
	t.Logf("fault figures: %d provider faults injected (%d fault responses sent, retries included; %d model calls), %d ended with a clear error, %d sessions left unusable",
		injected, attempts, calls, cleanErrors, unusable)
	for _, kind := range faultKinds {
		t.Logf("fault figures: %-9s slowest %-8v error %q", kind, slowest[kind].Round(time.Millisecond), messages[kind])
	}
}

// storedTurn reports whether the transcript holds msg followed, later, by
// an error event.
func storedTurn(evs []event, msg string) bool {
	at := slices.IndexFunc(evs, func(ev event) bool { return ev.Type == "user" && ev.Content == msg })
	return at >= 0 && slices.ContainsFunc(evs[at:], func(ev event) bool { return ev.Type == "error" })
}

func tail(evs []event, n int) []event {
	return evs[max(0, len(evs)-n):]
}

// SIGTERM during a running turn: the client gets an error and close 1001,
// the process exits 0, and after a restart the transcript holds the part
// of the turn that ran.
func TestGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash suite runs the binary; skipped with -short")
	}
	m := newModel(t)
	fake := startFake(t, m)
	dir := t.TempDir()
	const project = "drain"
	srv := startServer(t, dir, fake.URL)
	c := dial(t, srv, project)
	begin(t, c)

	m.setDelay(500 * time.Millisecond)
	const msg = "work 1"
	if err := c.message(msg); err != nil {
		t.Fatal(err)
	}
	evs, err := c.until(10*time.Second, "file_written")
	if err != nil {
		t.Fatalf("the turn did not write: %v %v", err, evs)
	}
	t0 := time.Now()
	code := srv.terminate(20 * time.Second)
	took := time.Since(t0)
	close, rest := c.closeCode(5 * time.Second)
	var gotErr string
	for _, ev := range rest {
		if ev.Type == "error" {
			gotErr = ev.Content
		}
	}
	if gotErr == "" || close != websocket.StatusGoingAway {
		t.Errorf("on SIGTERM the client got %v and close %v; want an error, then 1001", rest, close)
	}
	if code != 0 {
		t.Errorf("exit code %d after SIGTERM\n%s", code, srv.out.String())
	}
	if res, err := integrityCheck(dir); err != nil || res != "ok" {
		t.Errorf("integrity_check %q %v", res, err)
	}

	m.setDelay(0)
	srv = startServer(t, dir, fake.URL)
	tr, err := srv.transcript(project)
	if err != nil {
		t.Fatal(err)
	}
	at := slices.IndexFunc(tr.Events, func(ev event) bool { return ev.Type == "user" && ev.Content == msg })
	var after []string
	if at >= 0 {
		for _, ev := range tr.Events[at+1:] {
			after = append(after, ev.Type)
		}
	}
	if at < 0 || !slices.Contains(after, "file_written") || !slices.Contains(after, "text") ||
		(!slices.Contains(after, "error") && !slices.Contains(after, "response_done")) {
		t.Errorf("after the restart the transcript does not hold the stored part of the turn: %v", tail(tr.Events, 8))
	}
	c = dial(t, srv, project)
	if _, ok, reply, err := converse(c, "quick 2", 15*time.Second); err != nil || !ok || !strings.Contains(reply, "quick 2") {
		t.Errorf("after the restart the interview did not go on: %v %q", err, reply)
	}
	t.Logf("shutdown figures: exit %d in %v; client saw error %q and close %v; the stored turn after the message: %v",
		code, took.Round(time.Millisecond), gotErr, close, after)
}
