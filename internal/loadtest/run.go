package loadtest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Options shape one streaming run.
type Options struct {
	Sessions int           // concurrent sessions, each on its own project
	Turns    int           // turns per session: start, then messages
	Ramp     time.Duration // sessions start evenly spread over this
	Timeout  time.Duration // the whole run's deadline
	V2       bool          // open sockets with ?v=2
	Prefix   string        // project names are Prefix-<i>
	Hold     time.Duration // idle sessions stay open this long after measuring
	IdlePar  int           // idle sessions that run their turn at once
}

// Result is what one streaming run measured.
type Result struct {
	Sessions, Turns int
	Failures        int
	FailureSamples  []string // the first few failures
	Chunks          int
	Queued          int   // queued events seen: a waiting turn's first, then its new positions
	PeakRSS         int64 // the server's peak resident memory so far
	CPU             time.Duration
	Wall            time.Duration
	Latency         Percentiles // added latency per chunk
	TTFC            Percentiles // time to first chunk per turn
}

// CPUPerChunk is the server's CPU time per streamed chunk.
func (r Result) CPUPerChunk() time.Duration {
	if r.Chunks == 0 {
		return 0
	}
	return r.CPU / time.Duration(r.Chunks)
}

// Percentiles summarises a set of durations.
type Percentiles struct {
	N                  int
	P50, P90, P99, Max time.Duration
}

func percentiles(d []time.Duration) Percentiles {
	if len(d) == 0 {
		return Percentiles{}
	}
	slices.Sort(d)
	at := func(q float64) time.Duration { return d[min(len(d)-1, int(q*float64(len(d))))] }
	return Percentiles{N: len(d), P50: at(0.50), P90: at(0.90), P99: at(0.99), Max: d[len(d)-1]}
}

// Stream runs opt.Sessions sessions of opt.Turns turns against the server
// at base (ws://host:port) whose process is pid.
func Stream(ctx context.Context, base string, pid int, opt Options) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	cpu0, err := CPU(pid)
	if err != nil {
		return Result{}, err
	}
	t0 := time.Now()
	stats := make([]turnStats, opt.Sessions)
	errs := make([]error, opt.Sessions)
	var wg sync.WaitGroup
	for i := range opt.Sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if opt.Ramp > 0 && opt.Sessions > 1 {
				at := t0.Add(opt.Ramp * time.Duration(i) / time.Duration(opt.Sessions))
				select {
				case <-time.After(time.Until(at)):
				case <-ctx.Done():
					errs[i] = ctx.Err()
					return
				}
			}
			errs[i] = session(ctx, base, fmt.Sprintf("%s-%d", opt.Prefix, i), opt, &stats[i])
		}()
	}
	wg.Wait()
	res := Result{Sessions: opt.Sessions, Turns: opt.Turns, Wall: time.Since(t0)}
	cpu1, err := CPU(pid)
	if err != nil {
		return res, err
	}
	res.CPU = cpu1 - cpu0
	res.PeakRSS, _ = PeakRSS(pid)
	var lat, ttfc []time.Duration
	for i, st := range stats {
		res.Chunks += st.chunks
		res.Queued += st.queued
		lat = append(lat, st.latency...)
		ttfc = append(ttfc, st.firstTTC...)
		if errs[i] != nil {
			res.Failures++
			if len(res.FailureSamples) < 5 {
				res.FailureSamples = append(res.FailureSamples, errs[i].Error())
			}
		}
	}
	res.Latency = percentiles(lat)
	res.TTFC = percentiles(ttfc)
	return res, nil
}

var (
	startMsg = []byte(`{"type":"start"}`)
	nextMsg  = []byte(`{"type":"message","content":"Tell me more."}`)
)

func session(ctx context.Context, base, project string, opt Options, st *turnStats) error {
	c, err := dial(ctx, base, project, opt.V2)
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	defer c.close()
	for t := range opt.Turns {
		msg := nextMsg
		if t == 0 {
			msg = startMsg
		}
		if err := c.turn(ctx, msg, st); err != nil {
			return fmt.Errorf("turn %d: %w", t+1, err)
		}
	}
	return nil
}

// IdleResult is what an idle run measured.
type IdleResult struct {
	Sessions   int
	Failures   int
	RSSBefore  int64
	RSSAfter   int64
	PerSession int64 // (after - before) / sessions, in bytes
}

// Idle opens n sessions, each of which runs one turn (at most par at a
// time) and then stays connected doing nothing, and reports the server's
// resident memory per idle session.
func Idle(ctx context.Context, base string, pid, n, par int, prefix string, timeout, hold time.Duration) (IdleResult, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	res := IdleResult{Sessions: n}
	var err error
	if res.RSSBefore, err = RSS(pid); err != nil {
		return res, err
	}
	clients := make([]*client, n)
	defer func() {
		for _, c := range clients {
			if c != nil {
				c.close()
			}
		}
	}()
	sem := make(chan struct{}, par)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range n {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := dial(ctx, base, fmt.Sprintf("%s-%d", prefix, i), false)
			if err == nil {
				var st turnStats
				err = c.turn(ctx, startMsg, &st)
				clients[i] = c
			}
			if err != nil {
				mu.Lock()
				res.Failures++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	// Let the server settle: buffers of finished turns returned, a GC run.
	select {
	case <-time.After(3 * time.Second):
	case <-ctx.Done():
		return res, ctx.Err()
	}
	if res.RSSAfter, err = RSS(pid); err != nil {
		return res, err
	}
	res.PerSession = (res.RSSAfter - res.RSSBefore) / int64(n)
	if hold > 0 {
		select {
		case <-time.After(hold):
		case <-ctx.Done():
		}
	}
	return res, nil
}
