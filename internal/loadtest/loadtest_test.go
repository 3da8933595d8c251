package loadtest

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestStampReadsTheFakesToken(t *testing.T) {
	for text, want := range map[string]int64{
		"t1733333333123456789 ":      1733333333123456789,
		"see t1733333333123456789 x": 1733333333123456789,
		"no stamp here":              0,
		"t12 is too short":           0,
	} {
		if got := stamp(text); got != want {
			t.Errorf("stamp(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestPercentiles(t *testing.T) {
	var d []time.Duration
	for i := 100; i >= 1; i-- {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	p := percentiles(d)
	if p.N != 100 || p.P50 != 51*time.Millisecond || p.P99 != 100*time.Millisecond || p.Max != 100*time.Millisecond {
		t.Fatalf("percentiles = %+v", p)
	}
}

func TestProcReadsThisProcess(t *testing.T) {
	deadline := time.Now().Add(200 * time.Millisecond)
	for time.Now().Before(deadline) {
	}
	cpu, err := CPU(os.Getpid())
	if err != nil || cpu <= 0 {
		t.Fatalf("CPU = %v, %v; want > 0 after a busy loop", cpu, err)
	}
	rss, err := RSS(os.Getpid())
	if err != nil || rss < 1<<20 {
		t.Fatalf("RSS = %d, %v; want at least 1 MiB", rss, err)
	}
}

// TestFakeStreamsStampedDeltas reads the fake's SSE as an Anthropic
// client would: every delta must carry a fresh stamp, and the stream end.
func TestFakeStreamsStampedDeltas(t *testing.T) {
	f, err := StartFake("127.0.0.1:0", 5, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	texts, stop, err := readFake(ctx, f.URL)
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) != 5 || stop != "end_turn" {
		t.Fatalf("got %d deltas, stop %q; want 5, end_turn", len(texts), stop)
	}
	for _, s := range texts {
		if ts := stamp(s); ts == 0 || time.Since(time.Unix(0, ts)) > 10*time.Second {
			t.Fatalf("delta %q carries no recent stamp", s)
		}
	}
	if f.Requests() != 1 {
		t.Fatalf("Requests = %d, want 1", f.Requests())
	}
}
