package loadtest

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// Sample is one server's figures from one run.
type Sample struct {
	Stream  Result
	Idle    IdleResult
	StartUp time.Duration
}

// Table prints, for each figure, the median over runs per server and the
// ratio of each server to the first one named in order (the baseline).
func Table(w io.Writer, order []string, runs map[string][]Sample) {
	type row struct {
		name string
		get  func(Sample) float64
		unit string
	}
	rows := []row{
		{"server CPU per chunk", func(s Sample) float64 { return us(s.Stream.CPUPerChunk()) }, "µs"},
		{"added latency p50", func(s Sample) float64 { return ms(s.Stream.Latency.P50) }, "ms"},
		{"added latency p99", func(s Sample) float64 { return ms(s.Stream.Latency.P99) }, "ms"},
		{"time to first chunk p50", func(s Sample) float64 { return ms(s.Stream.TTFC.P50) }, "ms"},
		{"time to first chunk p99", func(s Sample) float64 { return ms(s.Stream.TTFC.P99) }, "ms"},
		{"memory per idle session", func(s Sample) float64 { return float64(s.Idle.PerSession) / 1024 }, "KiB"},
		{"start to first answer", func(s Sample) float64 { return ms(s.StartUp) }, "ms"},
		{"failed sessions (stream+idle)", func(s Sample) float64 { return float64(s.Stream.Failures + s.Idle.Failures) }, ""},
	}
	fmt.Fprintf(w, "\n%-30s", "median of runs")
	for _, n := range order {
		fmt.Fprintf(w, " %14s", n)
	}
	for _, n := range order[1:] {
		fmt.Fprintf(w, " %14s", n+"/"+order[0])
	}
	fmt.Fprintln(w)
	for _, r := range rows {
		fmt.Fprintf(w, "%-30s", r.name)
		med := map[string]float64{}
		for _, n := range order {
			var v []float64
			for _, s := range runs[n] {
				v = append(v, r.get(s))
			}
			med[n] = median(v)
			fmt.Fprintf(w, " %11.1f%-3s", med[n], r.unit)
		}
		for _, n := range order[1:] {
			if med[order[0]] == 0 {
				fmt.Fprintf(w, " %14s", "-")
				continue
			}
			fmt.Fprintf(w, " %13.2f×", med[n]/med[order[0]])
		}
		fmt.Fprintln(w)
	}
}

// Line prints one run's figures for one server.
func Line(w io.Writer, name string, run int, s Sample) {
	r := s.Stream
	fmt.Fprintf(w, "run %d %-10s sessions %d×%d  chunks %d  cpu/chunk %.1fµs  lat p50 %.1fms p99 %.1fms max %.1fms  ttfc p50 %.1fms p99 %.1fms  queued %d  failures %d  wall %.1fs",
		run, name, r.Sessions, r.Turns, r.Chunks, us(r.CPUPerChunk()), ms(r.Latency.P50), ms(r.Latency.P99), ms(r.Latency.Max),
		ms(r.TTFC.P50), ms(r.TTFC.P99), r.Queued, r.Failures, r.Wall.Seconds())
	fmt.Fprintf(w, "  peak rss %.0f MB", float64(r.PeakRSS)/1e6)
	if s.Idle.Sessions > 0 {
		fmt.Fprintf(w, "  idle %d: %.1f KiB each (failures %d)", s.Idle.Sessions, float64(s.Idle.PerSession)/1024, s.Idle.Failures)
	}
	fmt.Fprintf(w, "  start %.1fms\n", ms(s.StartUp))
	for _, f := range r.FailureSamples {
		fmt.Fprintf(w, "    failure: %s\n", f)
	}
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
