package claudecli

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/specwright/specwright/internal/llm"
)

// proc is one claude process and the goroutines that serve it.
type proc struct {
	key     string
	dir     string // the project folder, absolute: the process's working directory
	realDir string // dir with symbolic links resolved
	log     *slog.Logger

	cmd       *exec.Cmd
	pid       int
	stdin     io.WriteCloser
	writeMu   sync.Mutex
	tmpDir    string // holds the system prompt file; removed on exit
	startedAt time.Time
	nextID    atomic.Int64

	lines      chan []byte   // stdout, one line each; closed at EOF
	readErr    error         // why stdout ended early; set before readDone closes
	readDone   chan struct{} // closed with lines
	stderr     *tail         // the last lines of stderr
	stderrDone chan struct{} // closed at the end of stderr
	exited     chan struct{} // closed once the process is reaped
	waitErr    error         // what Wait returned; set before exited closes
	started    chan struct{} // closed once cmd.Start has returned, or start failed before it
	stopping   chan struct{} // closed by stop: nobody reads stdout any more
	stopOnce   sync.Once
	startOnce  sync.Once

	// Touched only by the Run holding the process.
	reported  string             // the session id last reported through ev.SessionID
	toolCalls map[string]toolUse // the tool calls of the current turn, by id

	// Guarded by Agent.mu.
	busy      bool
	sessionID string // the conversation's id, once known
	pending   *pendingQuestion
	lastUsed  time.Time
	idleSeq   int
	timer     *time.Timer
}

// pendingQuestion is an AskUserQuestion the process waits to hear about.
type pendingQuestion struct {
	requestID string
	toolUseID string
	input     map[string]json.RawMessage // the tool input as the CLI sent it
	questions []string                   // the question texts, in order
}

// toolUse is a tool call seen in an assistant message.
type toolUse struct {
	name string
	path string // file_path of a Write or Edit
}

func newProc(key, dir string, log *slog.Logger) *proc {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		real = dir
	}
	return &proc{
		key:        key,
		dir:        dir,
		realDir:    real,
		log:        log.With("key", key),
		lines:      make(chan []byte, 64),
		readDone:   make(chan struct{}),
		stderr:     &tail{},
		stderrDone: make(chan struct{}),
		exited:     make(chan struct{}),
		started:    make(chan struct{}),
		stopping:   make(chan struct{}),
	}
}

// args returns the command line: the flags of the stream-json protocol,
// the session to start or resume, and the system prompt's file.
func (a *Agent) args(promptFile, sessionFlag, session string) []string {
	args := []string{
		"-p",
		"--input-format", "stream-json",
		"--output-format", "stream-json",
		"--verbose",
		"--include-partial-messages",
		"--permission-prompt-tool", "stdio",
		"--tools", "Read,Write,Edit,Glob,AskUserQuestion",
		"--permission-mode", "acceptEdits",
	}
	if a.cfg.Model != "" {
		args = append(args, "--model", a.cfg.Model)
	}
	return append(args, sessionFlag, session, "--system-prompt-file", promptFile)
}

// env returns the child's environment: Config.Env and the variables the
// agent always sets, which replace any Env gave.
func (a *Agent) env() []string {
	own := []string{
		"DISABLE_AUTOUPDATER=1",
		"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1",
		"DISABLE_TELEMETRY=1",
	}
	if a.cfg.ConfigDir != "" {
		own = append([]string{"CLAUDE_CONFIG_DIR=" + a.cfg.ConfigDir}, own...)
	}
	set := map[string]bool{"CLAUDE_CONFIG_DIR": true}
	for _, kv := range own {
		k, _, _ := strings.Cut(kv, "=")
		set[k] = true
	}
	env := make([]string, 0, len(a.cfg.Env)+len(own))
	for _, kv := range a.cfg.Env {
		k, _, _ := strings.Cut(kv, "=")
		if !set[k] || (k == "CLAUDE_CONFIG_DIR" && a.cfg.ConfigDir == "") {
			env = append(env, kv)
		}
	}
	return append(env, own...)
}

// binary resolves Config.Binary; a bare name is looked up in Env's PATH.
func (a *Agent) binary() string {
	b := a.cfg.Binary
	if b == "" {
		b = "claude"
	}
	if strings.ContainsRune(b, filepath.Separator) {
		return b
	}
	for _, kv := range a.cfg.Env {
		if path, ok := strings.CutPrefix(kv, "PATH="); ok {
			for _, d := range filepath.SplitList(path) {
				f := filepath.Join(d, b)
				if fi, err := os.Stat(f); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
					return f
				}
			}
		}
	}
	return b
}

// start spawns p and waits for the answer to its initialize request.
// resume is the session to bring back, or "" for a new one.
func (a *Agent) start(ctx context.Context, p *proc, system, resume string) (err error) {
	defer p.startOnce.Do(func() { close(p.started) })
	if a.cfg.ConfigDir != "" {
		if err := os.MkdirAll(a.cfg.ConfigDir, 0o700); err != nil {
			return a.fail(llm.ErrUnavailable, 0, fmt.Sprintf("Could not create Claude Code's config folder %s: %v.", a.cfg.ConfigDir, unwrapPath(err)), err)
		}
	}
	// The system prompt goes through a file in a folder of our own: never
	// on the command line, where length limits bite and every local user
	// can read it, and never in the project.
	p.tmpDir, err = os.MkdirTemp("", "specwright-claudecli-")
	if err != nil {
		return a.fail(llm.ErrUnavailable, 0, fmt.Sprintf("Could not create a temporary folder for Claude Code: %v.", unwrapPath(err)), err)
	}
	promptFile := filepath.Join(p.tmpDir, "system-prompt.md")
	if err := os.WriteFile(promptFile, []byte(system), 0o600); err != nil {
		os.RemoveAll(p.tmpDir)
		return a.fail(llm.ErrUnavailable, 0, fmt.Sprintf("Could not write the system prompt for Claude Code: %v.", unwrapPath(err)), err)
	}
	flag, session := "--resume", resume
	if resume == "" {
		flag, session = "--session-id", newUUID()
	}

	bin := a.binary()
	cmd := exec.Command(bin, a.args(promptFile, flag, session)...)
	cmd.Dir = p.dir
	cmd.Env = a.env()
	setProcessGroup(cmd)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		os.RemoveAll(p.tmpDir)
		return a.fail(llm.ErrUnavailable, 0, "Could not start Claude Code: no pipe for its input.", err)
	}
	// Pipes of our own for stdout and stderr, so that Wait never waits for
	// them and never closes them under the readers.
	outR, outW, err := os.Pipe()
	if err != nil {
		os.RemoveAll(p.tmpDir)
		return a.fail(llm.ErrUnavailable, 0, "Could not start Claude Code: no pipe for its output.", err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		os.RemoveAll(p.tmpDir)
		return a.fail(llm.ErrUnavailable, 0, "Could not start Claude Code: no pipe for its errors.", err)
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	p.startedAt = time.Now()
	err = cmd.Start()
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		os.RemoveAll(p.tmpDir)
		return a.fail(llm.ErrUnavailable, 0,
			fmt.Sprintf("Could not start Claude Code (%s): %v. Install it (npm package @anthropic-ai/claude-code) or configure the path of the claude binary.", bin, unwrapPath(err)), err)
	}
	p.cmd, p.pid, p.stdin = cmd, cmd.Process.Pid, stdin
	p.log = p.log.With("pid", p.pid)
	p.startOnce.Do(func() { close(p.started) })
	go p.readStdout(outR)
	go p.readStderr(errR, a)
	go p.wait(a)
	p.log.Debug("claude process spawned", "binary", bin, flag, session, "dir", p.dir)
	if resume != "" {
		a.setSession(p, resume)
	}

	// The initialize request makes a process that cannot run fail now,
	// not in the middle of the first turn, and tells when it is ready.
	initID := p.requestID()
	if err := p.send(controlRequest{Type: "control_request", RequestID: initID, Request: map[string]any{"subtype": "initialize"}}); err != nil {
		return a.startError(p, "", err)
	}
	timer := time.NewTimer(a.cfg.StartTimeout)
	defer timer.Stop()
	var failure string // an error result written before the process gave up
	for {
		select {
		case raw, ok := <-p.lines:
			if !ok {
				return a.startError(p, failure, p.readError())
			}
			var l envelope
			if json.Unmarshal(raw, &l) != nil {
				continue
			}
			switch l.Type {
			case "control_response":
				var r controlResponseLine
				if json.Unmarshal(raw, &r) != nil || r.Response.RequestID != initID {
					continue
				}
				if r.Response.Subtype != "success" {
					return a.fail(llm.ErrUnavailable, 0, fmt.Sprintf("Claude Code refused to start: %s.", llm.Shorten(a.scrub(r.Response.Error), 300)), nil)
				}
				// A new session's id is remembered once its init line shows
				// that the CLI has taken a message: before that there is
				// nothing to resume.
				p.log.Info("claude process ready", "took", time.Since(p.startedAt).Round(time.Millisecond), flag, session)
				return nil
			case "result":
				var r resultLine
				_ = json.Unmarshal(raw, &r)
				failure = firstNonEmpty(r.Result, strings.Join(r.Errors, "; "), r.Subtype)
			}
		case <-timer.C:
			return a.fail(llm.ErrTimeout, 0,
				fmt.Sprintf("Claude Code did not start within %s.%s", a.cfg.StartTimeout, a.lastWords(p)), nil)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// startError explains a process that ended during its start.
func (a *Agent) startError(p *proc, failure string, cause error) error {
	select {
	case <-p.stopping:
		return a.fail(llm.ErrUnavailable, 0, "The Claude Code session was closed while it started.", cause)
	default:
	}
	p.awaitExit(2 * time.Second)
	status := p.status()
	stderr := p.stderr.String()
	if strings.Contains(stderr, "No conversation found") {
		return a.fail(llm.ErrNotFound, 0,
			"Claude Code has no saved conversation to resume for this session: its config folder may have been cleared or moved. Start a new session.", cause)
	}
	msg := fmt.Sprintf("Claude Code exited as it started (%s).", status)
	if failure != "" {
		msg += " It said: " + llm.Sentence(llm.Shorten(failure, 300))
	}
	return a.fail(llm.ErrUnavailable, 0, msg+a.lastWords(p), cause)
}

// lastWords returns " Its last output: …" with the end of p's stderr, or "".
func (a *Agent) lastWords(p *proc) string {
	select {
	case <-p.stderrDone:
	case <-time.After(200 * time.Millisecond):
	}
	s := p.stderr.Last(5)
	if s == "" {
		return ""
	}
	return " Its last output: " + llm.Shorten(a.scrub(s), 600)
}

// setSession records the conversation id of p.
func (a *Agent) setSession(p *proc, id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	p.sessionID = id
	a.sessions[p.key] = id
}

func (p *proc) requestID() string {
	return "specwright-" + strconv.FormatInt(p.nextID.Add(1), 10)
}

// send writes one line of JSON to the process.
func (p *proc) send(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	p.writeMu.Lock()
	defer p.writeMu.Unlock()
	_, err = p.stdin.Write(append(b, '\n'))
	return err
}

// readStdout hands each line of stdout to the Run that reads p.lines, or
// drops it once p is stopping.
func (p *proc) readStdout(r *os.File) {
	defer close(p.lines) // after readDone, so that a reader seeing the end sees readErr
	defer close(p.readDone)
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	for sc.Scan() {
		line := bytes.Clone(sc.Bytes())
		select {
		case p.lines <- line:
		case <-p.stopping:
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("a line of its output is longer than %d MiB", maxLine>>20)
		}
		p.readErr = err
	}
}

// readStderr keeps the last lines of stderr for error messages and logs
// them at debug level.
func (p *proc) readStderr(r *os.File, a *Agent) {
	defer close(p.stderrDone)
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4<<10), 1<<20)
	for sc.Scan() {
		line := a.scrub(sc.Text())
		p.stderr.Add(line)
		p.log.Debug("claude stderr", "line", llm.Shorten(line, 500))
	}
}

// wait reaps the process, kills what is left of its process group, and
// cleans up after it.
func (p *proc) wait(a *Agent) {
	err := p.cmd.Wait()
	killGroup(p.cmd.Process)
	p.waitErr = err
	os.RemoveAll(p.tmpDir)
	p.log.Debug("claude process exited", "status", exitStatus(err))
	a.forget(p)
	close(p.exited)
}

// readError returns why stdout ended early, nil if it did not (yet).
func (p *proc) readError() error {
	select {
	case <-p.readDone:
		return p.readErr
	default:
		return nil
	}
}

// status describes how the process ended, or says it still runs.
func (p *proc) status() string {
	if !p.ended() {
		return "it still runs but closed its output"
	}
	return exitStatus(p.waitErr)
}

// ended reports whether the process has been reaped.
func (p *proc) ended() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

// awaitExit waits up to d for the process to be reaped.
func (p *proc) awaitExit(d time.Duration) bool {
	select {
	case <-p.started:
	case <-time.After(d):
		return false
	}
	if p.cmd == nil {
		return true
	}
	select {
	case <-p.exited:
		return true
	case <-time.After(d):
		return false
	}
}

// stop ends the process: stdin is closed so that Claude Code saves its
// transcript and exits; after grace, the whole process group is killed.
// It returns once the process is reaped (or, should it survive SIGKILL,
// after a last bounded wait). It may be called more than once.
func (p *proc) stop(grace time.Duration) {
	p.stopOnce.Do(func() { close(p.stopping) })
	<-p.started
	if p.cmd == nil {
		return
	}
	p.stdin.Close()
	if grace > 0 && p.awaitExit(grace) {
		return
	}
	if !p.ended() {
		if grace > 0 {
			p.log.Warn("claude process did not exit after its input closed; killing its process group", "grace", grace)
		}
		killGroup(p.cmd.Process)
	}
	if !p.awaitExit(5 * time.Second) {
		p.log.Error("claude process survived SIGKILL")
	}
}

// stopTimer cancels the idle timer. Agent.mu must be held.
func (p *proc) stopTimer() {
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
}

// tail keeps the last lines written to it.
type tail struct {
	mu    sync.Mutex
	lines []string
}

const tailLines = 20

func (t *tail) Add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	line = strings.TrimSpace(line)
	if line == "" {
		return
	}
	t.lines = append(t.lines, llm.Shorten(line, 500))
	if len(t.lines) > tailLines {
		t.lines = t.lines[len(t.lines)-tailLines:]
	}
}

// Last returns the last n lines joined by " | ".
func (t *tail) Last(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	l := t.lines
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, " | ")
}

func (t *tail) String() string { return t.Last(tailLines) }

// exitStatus describes how a process ended, for messages.
func exitStatus(err error) string {
	if err == nil {
		return "exit status 0"
	}
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		return ee.ProcessState.String()
	}
	return err.Error()
}

// unwrapPath drops the operation and path of a *fs.PathError, which the
// messages name themselves.
func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
