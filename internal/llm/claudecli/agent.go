package claudecli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/specwright/specwright/internal/llm"
)

// Name is the provider's name.
const Name = "claudecli"

// Defaults of Config.
const (
	DefaultIdleTimeout  = 10 * time.Minute
	DefaultMaxProcesses = 4
	DefaultStartTimeout = 30 * time.Second
	// DefaultStallTimeout is longer than the API adapters' 90 s: between
	// two lines of output the CLI may be running a tool or waiting out
	// its own retries of the API.
	DefaultStallTimeout = 5 * time.Minute
)

const (
	// stopGrace is how long a process may take to exit after its stdin
	// closes before its process group is killed.
	stopGrace = 5 * time.Second
	// interruptWait bounds the wait for the result of an interrupted turn.
	interruptWait = 10 * time.Second
)

// maxLine is the longest stdout line read; file contents travel in tool
// results, so lines can be large. A variable for the tests.
var maxLine = 64 << 20

// Config configures an Agent. The zero value of every field but Env has a
// use; Env should at least give HOME and PATH.
type Config struct {
	// Binary is the path of the claude executable. A name without a slash
	// ("" means "claude") is looked up in the PATH of Env, not in the
	// server's.
	Binary string
	// Model is passed as --model; "" leaves the choice to Claude Code.
	Model string
	// Env is the child's whole environment, built by the caller: nothing
	// of the server's environment is inherited. Whatever authenticates the
	// child (a subscription login in ConfigDir, or ANTHROPIC_API_KEY and
	// ANTHROPIC_BASE_URL) is the caller's decision. The agent adds
	// CLAUDE_CONFIG_DIR, DISABLE_AUTOUPDATER=1,
	// CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 and DISABLE_TELEMETRY=1,
	// replacing any of those Env sets.
	Env []string
	// ConfigDir is the child's CLAUDE_CONFIG_DIR: its login, settings and
	// transcripts (which --resume reads). It must be a folder the server
	// owns, outside every project; it is created if missing. "" leaves
	// CLAUDE_CONFIG_DIR unset, so the CLI uses ~/.claude of Env's HOME.
	ConfigDir string
	// IdleTimeout ends a process that has had no turn for this long; the
	// next Run resumes its conversation. Default DefaultIdleTimeout.
	IdleTimeout time.Duration
	// MaxProcesses caps the live processes. Default DefaultMaxProcesses.
	MaxProcesses int
	// StartTimeout bounds a process's start, from spawn to the answer to
	// its initialize request. Default DefaultStartTimeout.
	StartTimeout time.Duration
	// QuestionTimeout replaces IdleTimeout for a process that waits for
	// the answer to a question: Claude Code waits for ever, so the process
	// is ended after this long, and the answer, when it comes, goes to
	// the resumed conversation as a message. Default IdleTimeout.
	QuestionTimeout time.Duration
	// StallTimeout ends a turn during which Claude Code writes no line of
	// output for this long: the turn is interrupted and fails with
	// llm.ErrTimeout, and the process serves the next turn. Default
	// DefaultStallTimeout.
	StallTimeout time.Duration
	// Logger receives the agent's log; nil discards it.
	Logger *slog.Logger
}

// Agent runs interviews through the Claude Code CLI: one claude process
// per key, kept between turns. It implements llm.Agent and is safe for
// concurrent use; Runs of the same key must not overlap.
type Agent struct {
	cfg     Config
	log     *slog.Logger
	secrets []string // values of Env that must never appear in an error

	// stopGrace and interruptWait are the package constants; tests
	// shorten them.
	stopGrace     time.Duration
	interruptWait time.Duration

	mu       sync.Mutex
	procs    map[string]*proc
	sessions map[string]string // key → the last session id seen, to resume after Close
	model    string            // the model the last init line named
	closed   bool
}

var _ llm.Agent = (*Agent)(nil)

// New returns an Agent. It starts nothing: processes start on the first
// Run of each key.
func New(cfg Config) *Agent {
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.MaxProcesses <= 0 {
		cfg.MaxProcesses = DefaultMaxProcesses
	}
	if cfg.StartTimeout <= 0 {
		cfg.StartTimeout = DefaultStartTimeout
	}
	if cfg.QuestionTimeout <= 0 {
		cfg.QuestionTimeout = cfg.IdleTimeout
	}
	if cfg.StallTimeout <= 0 {
		cfg.StallTimeout = DefaultStallTimeout
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg.Env = append([]string(nil), cfg.Env...)
	return &Agent{
		cfg:           cfg,
		log:           log.With("provider", Name),
		secrets:       secretValues(cfg.Env),
		stopGrace:     stopGrace,
		interruptWait: interruptWait,
		procs:         map[string]*proc{},
		sessions:      map[string]string{},
	}
}

// Name returns "claudecli".
func (a *Agent) Name() string { return Name }

// Model returns the configured model or, without one, the model Claude
// Code last reported using ("" before the first turn).
func (a *Agent) Model() string {
	if a.cfg.Model != "" {
		return a.cfg.Model
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.model
}

// Run delivers req to the claude process of req.Key, starting it first if
// none runs, and reports what it does through ev until its turn ends or it
// asks a question. See the package documentation for the details.
func (a *Agent) Run(ctx context.Context, req llm.AgentRequest, ev llm.AgentEvents) (llm.AgentStop, error) {
	if req.Key == "" {
		return llm.AgentStop{}, errors.New("claudecli: AgentRequest.Key is empty")
	}
	if (req.Answer == nil) == (len(req.Message) == 0) {
		return llm.AgentStop{}, errors.New("claudecli: exactly one of AgentRequest.Message and AgentRequest.Answer must be set")
	}
	dir, err := projectDir(req.Dir)
	if err != nil {
		return llm.AgentStop{}, a.fail(llm.ErrBadRequest, 0, fmt.Sprintf("The project folder %q cannot be used: %v.", req.Dir, unwrapPath(err)), err)
	}
	if err := ctx.Err(); err != nil {
		return llm.AgentStop{}, err
	}
	p, err := a.acquire(ctx, req, dir)
	if err != nil {
		return llm.AgentStop{}, err
	}
	stop, healthy, err := a.turn(ctx, p, req, ev)
	a.release(p, healthy)
	return stop, err
}

// acquire returns the live process of req.Key, marked busy, or starts one.
func (a *Agent) acquire(ctx context.Context, req llm.AgentRequest, dir string) (*proc, error) {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil, a.fail(llm.ErrUnavailable, 0, "The Claude Code provider has shut down.", nil)
	}
	if p := a.procs[req.Key]; p != nil {
		if p.busy {
			a.mu.Unlock()
			return nil, fmt.Errorf("claudecli: a turn of %q is already running", req.Key)
		}
		if !p.ended() {
			p.busy = true
			p.stopTimer()
			a.mu.Unlock()
			return p, nil
		}
		delete(a.procs, req.Key)
	}
	var victim *proc
	if len(a.procs) >= a.cfg.MaxProcesses {
		victim = a.evictable()
		if victim == nil {
			n := len(a.procs)
			a.mu.Unlock()
			return nil, a.fail(llm.ErrUnavailable, 0,
				fmt.Sprintf("%d Claude Code sessions are already running; try again when one finishes.", n), nil)
		}
		victim.stopTimer()
		delete(a.procs, victim.key)
	}
	resume := req.ResumeID
	if resume == "" {
		resume = a.sessions[req.Key]
	}
	p := newProc(req.Key, dir, a.log)
	p.busy = true
	a.procs[req.Key] = p
	a.mu.Unlock()

	if victim != nil {
		a.log.Info("ending the least recently used idle claude process to make room", "key", victim.key, "pid", victim.pid, "for", req.Key)
		victim.stop(a.stopGrace)
	}
	err := a.start(ctx, p, req.System, resume)
	a.mu.Lock()
	gone := a.procs[req.Key] != p
	if err != nil || gone {
		if a.procs[req.Key] == p {
			delete(a.procs, req.Key)
		}
		if isKind(err, llm.ErrNotFound) && a.sessions[req.Key] == resume {
			delete(a.sessions, req.Key)
		}
	}
	a.mu.Unlock()
	if err == nil && gone {
		err = a.fail(llm.ErrUnavailable, 0, "The Claude Code session was closed while it started.", nil)
	}
	if err != nil {
		p.stop(0)
		return nil, err
	}
	return p, nil
}

// evictable returns the idle process to end to make room: the least
// recently used one not waiting for an answer, else the least recently
// used one waiting for an answer; nil when every process is in a turn.
// a.mu must be held.
func (a *Agent) evictable() *proc {
	var best *proc
	for _, p := range a.procs {
		if p.busy {
			continue
		}
		switch {
		case best == nil,
			best.pending != nil && p.pending == nil,
			(best.pending == nil) == (p.pending == nil) && p.lastUsed.Before(best.lastUsed):
			best = p
		}
	}
	return best
}

// release ends a Run's hold on p: a healthy process waits for the next
// turn, with a timer that ends it when idle too long; any other is ended.
func (a *Agent) release(p *proc, healthy bool) {
	a.mu.Lock()
	p.busy = false
	if p.sessionID != "" {
		a.sessions[p.key] = p.sessionID
	}
	if !healthy || p.ended() || a.procs[p.key] != p {
		if a.procs[p.key] == p {
			delete(a.procs, p.key)
		}
		a.mu.Unlock()
		p.stop(0)
		return
	}
	p.lastUsed = time.Now()
	p.idleSeq++
	seq := p.idleSeq
	timeout := a.cfg.IdleTimeout
	if p.pending != nil {
		timeout = a.cfg.QuestionTimeout
	}
	p.timer = time.AfterFunc(timeout, func() { a.reap(p, seq, timeout) })
	a.mu.Unlock()
}

// reap ends p if it is still idle since the release numbered seq.
func (a *Agent) reap(p *proc, seq int, after time.Duration) {
	a.mu.Lock()
	if a.procs[p.key] != p || p.busy || p.idleSeq != seq {
		a.mu.Unlock()
		return
	}
	delete(a.procs, p.key)
	waiting := p.pending != nil
	a.mu.Unlock()
	a.log.Info("ending idle claude process", "key", p.key, "pid", p.pid, "idle", after, "question_pending", waiting)
	p.stop(a.stopGrace)
}

// forget removes p from the live processes once it has exited, unless a
// Run holds it (that Run reports the exit).
func (a *Agent) forget(p *proc) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.procs[p.key] == p && !p.busy {
		p.stopTimer()
		delete(a.procs, p.key)
		a.log.Warn("claude process exited while idle", "key", p.key, "pid", p.pid, "status", exitStatus(p.waitErr))
	}
}

// Close ends the process of key, if one runs: its stdin is closed so that
// it can save its transcript, and its process group is killed if it has
// not exited after a grace period. A Run of key in progress fails. A
// later Run resumes the conversation.
func (a *Agent) Close(key string) {
	a.mu.Lock()
	p := a.procs[key]
	if p != nil {
		p.stopTimer()
		delete(a.procs, key)
	}
	a.mu.Unlock()
	if p != nil {
		a.log.Info("ending claude process", "key", key)
		p.stop(a.stopGrace)
	}
}

// Shutdown ends every process, as Close does, in parallel, and returns
// when they are gone. Run fails afterwards.
func (a *Agent) Shutdown() {
	a.mu.Lock()
	a.closed = true
	procs := make([]*proc, 0, len(a.procs))
	for k, p := range a.procs {
		p.stopTimer()
		procs = append(procs, p)
		delete(a.procs, k)
	}
	a.mu.Unlock()
	var wg sync.WaitGroup
	for _, p := range procs {
		wg.Go(func() { p.stop(a.stopGrace) })
	}
	wg.Wait()
}

// live returns the number of live processes, for tests.
func (a *Agent) live() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.procs)
}

// pidOf returns the pid of the process of key, or 0, for tests.
func (a *Agent) pidOf(key string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	if p := a.procs[key]; p != nil {
		return p.pid
	}
	return 0
}

// projectDir checks that dir is an existing folder and returns it
// absolute and clean.
func projectDir(dir string) (string, error) {
	if dir == "" {
		return "", errors.New("no folder given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return "", err
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("%s is not a folder", abs)
	}
	return abs, nil
}

// secretValues returns the values of the variables of env whose names
// say they hold a credential.
func secretValues(env []string) []string {
	var out []string
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || len(v) < 6 {
			continue
		}
		k = strings.ToUpper(k)
		for _, w := range []string{"KEY", "TOKEN", "SECRET", "PASSWORD", "CREDENTIAL", "AUTH"} {
			if strings.Contains(k, w) {
				out = append(out, v)
				break
			}
		}
	}
	return out
}

// scrub removes every secret of Env from s.
func (a *Agent) scrub(s string) string {
	for _, v := range a.secrets {
		s = strings.ReplaceAll(s, v, "[redacted]")
	}
	return s
}
