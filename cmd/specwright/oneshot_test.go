package main

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestOneShotCommandsTurnTheCollectorDown(t *testing.T) {
	for name, want := range map[string]bool{"validate": true, "export": true, "diff": true, "serve": false, "chat": false} {
		if cmd, _ := findCommand(name); cmd.oneShot != want {
			t.Errorf("%s: oneShot = %v, want %v", name, cmd.oneShot, want)
		}
	}
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) })

	tuneOneShot(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != -1 {
		t.Errorf("GC percent after tuning = %d, want -1 (off until the limit)", got)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != oneShotMemoryLimit {
		t.Errorf("memory limit after tuning = %d, want %d", got, oneShotMemoryLimit)
	}

	tuneOneShot(func(k string) string {
		if k == "GOGC" {
			return "50"
		}
		return ""
	})
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, GC percent = %d, want it left alone", got)
	}
}
