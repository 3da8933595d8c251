// Command specwright-load drives concurrent streaming interviews against
// specwright and the relay (the floor of what a Go server must do to relay
// the stream) with one fake Anthropic endpoint, in one run, and prints
// each figure's median over the runs and its ratio to the relay. See
// internal/loadtest. Everything listens and dials on 127.0.0.1 only.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/specwright/specwright/internal/loadtest"
)

func main() {
	specwright := flag.String("specwright", "bin/specwright", "specwright binary (empty: skip)")
	relay := flag.String("relay", "/tmp/relay", "relay binary (empty: skip)")
	sessions := flag.Int("sessions", 100, "concurrent streaming sessions")
	turns := flag.Int("turns", 4, "turns per session")
	idle := flag.Int("idle", 2000, "idle sessions for the memory figure (0: skip)")
	runs := flag.Int("runs", 3, "runs; the table shows medians")
	tokens := flag.Int("tokens", 200, "tokens per reply")
	interval := flag.Duration("interval", 10*time.Millisecond, "time between tokens")
	ramp := flag.Duration("ramp", 0, "start the sessions evenly over this time")
	v2 := flag.Bool("v2", false, "open specwright's sockets with ?v=2 (the relay speaks only v1)")
	timeout := flag.Duration("timeout", 10*time.Minute, "deadline of each streaming run")
	args := flag.String("args", "", "extra flags for specwright serve, space-separated")
	env := flag.String("env", "", "extra environment for both servers, space-separated KEY=VALUE (GOGC=off shows what collection costs)")
	attach := flag.String("attach", "", "measure the server already listening on this 127.0.0.1 address instead (needs -pid; its provider must be -fake-addr)")
	pid := flag.Int("pid", 0, "the process id of the -attach server")
	fakeAddr := flag.String("fake-addr", "127.0.0.1:0", "address of the fake Anthropic endpoint (fixed, for -attach)")
	idlePar := flag.Int("idle-par", 200, "idle sessions that run their one turn at the same time")
	hold := flag.Duration("hold", 0, "keep the idle sessions open this long after measuring them")
	flag.Parse()

	raiseFileLimit()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	fake, err := loadtest.StartFake(*fakeAddr, *tokens, *interval)
	if err != nil {
		fatal(err)
	}
	defer fake.Close()
	opt := func(run int, v2 bool) loadtest.Options {
		return loadtest.Options{Sessions: *sessions, Turns: *turns, Ramp: *ramp, Timeout: *timeout,
			V2: v2, Prefix: fmt.Sprintf("load%d", run), Hold: *hold, IdlePar: *idlePar}
	}
	if *attach != "" {
		fmt.Printf("fake Anthropic endpoint: %s\n", fake.URL)
		s, err := measure(ctx, "ws://"+*attach, *pid, opt(0, *v2), *idle)
		if err != nil {
			fatal(err)
		}
		loadtest.Line(os.Stdout, *attach, 1, s)
		return
	}

	type target struct {
		kind loadtest.Kind
		bin  string
	}
	var targets []target
	if *relay != "" {
		targets = append(targets, target{loadtest.KindRelay, *relay})
	}
	if *specwright != "" {
		targets = append(targets, target{loadtest.KindSpecwright, *specwright})
	}
	var order []string
	for _, t := range targets {
		order = append(order, string(t.kind))
	}
	results := map[string][]loadtest.Sample{}
	for run := 1; run <= *runs; run++ {
		// Alternate which server goes first, so that neither always meets
		// the machine in the same state.
		if run > 1 {
			slices.Reverse(targets)
		}
		for _, t := range targets {
			s, err := one(ctx, t.kind, t.bin, fake.URL, strings.Fields(*args), strings.Fields(*env), opt(run, *v2 && t.kind == loadtest.KindSpecwright), *idle)
			if err != nil {
				fatal(fmt.Errorf("%s, run %d: %w", t.kind, run, err))
			}
			loadtest.Line(os.Stdout, string(t.kind), run, s)
			results[string(t.kind)] = append(results[string(t.kind)], s)
		}
	}
	loadtest.Table(os.Stdout, order, results)
}

// one starts a fresh server, streams, measures idle memory, stops it.
func one(ctx context.Context, kind loadtest.Kind, bin, llmURL string, extra, env []string, opt loadtest.Options, idle int) (loadtest.Sample, error) {
	srv, err := loadtest.Launch(ctx, kind, bin, llmURL, extra, env)
	if err != nil {
		return loadtest.Sample{}, err
	}
	defer srv.Stop()
	s, err := measure(ctx, srv.Base, srv.PID(), opt, idle)
	s.StartUp = srv.StartUp
	return s, err
}

// measure streams, then measures idle memory, against one server.
func measure(ctx context.Context, base string, pid int, opt loadtest.Options, idle int) (loadtest.Sample, error) {
	var s loadtest.Sample
	var err error
	if opt.Sessions > 0 {
		if s.Stream, err = loadtest.Stream(ctx, base, pid, opt); err != nil {
			return s, err
		}
	}
	if idle > 0 {
		if s.Idle, err = loadtest.Idle(ctx, base, pid, idle, opt.IdlePar, opt.Prefix+"-idle", opt.Timeout, opt.Hold); err != nil {
			return s, err
		}
	}
	return s, nil
}

// raiseFileLimit lifts the limit on open files: ten thousand sessions
// need twice as many sockets here and in the server, which inherits the
// limit. Root may raise the hard limit too; anyone may raise the soft one
// to the hard one.
func raiseFileLimit() {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return
	}
	want := max(l.Max, 1<<18)
	if syscall.Setrlimit(syscall.RLIMIT_NOFILE, &syscall.Rlimit{Cur: want, Max: want}) == nil {
		return
	}
	if l.Cur < l.Max {
		l.Cur = l.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
			fmt.Fprintln(os.Stderr, "specwright-load: cannot raise the open file limit:", err)
		}
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "specwright-load:", err)
	os.Exit(1)
}
