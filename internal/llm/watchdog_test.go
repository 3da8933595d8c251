package llm

import (
	"sync/atomic"
	"testing"
	"time"
)

// A watchdog armed and disarmed over and over, each time for less than d,
// never fires, however long that goes on; armed once for longer, it does.
func TestWatchdogCountsEachArmingAfresh(t *testing.T) {
	var fired atomic.Int32
	w := NewWatchdog(40*time.Millisecond, func() { fired.Add(1) })
	defer w.Stop()
	for range 20 {
		w.Arm()
		time.Sleep(5 * time.Millisecond)
		w.Disarm()
		time.Sleep(5 * time.Millisecond)
	}
	if n := fired.Load(); n != 0 {
		t.Fatalf("fired %d times though never armed for 40ms", n)
	}
	w.Arm()
	deadline := time.Now().Add(5 * time.Second)
	for fired.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if fired.Load() != 1 {
		t.Fatalf("fired %d times after staying armed, want 1", fired.Load())
	}
}

func TestWatchdogStopped(t *testing.T) {
	var fired atomic.Int32
	w := NewWatchdog(10*time.Millisecond, func() { fired.Add(1) })
	w.Arm()
	w.Stop()
	w.Arm() // after Stop, arming does nothing harmful
	time.Sleep(50 * time.Millisecond)
	if fired.Load() != 0 {
		t.Fatal("a stopped watchdog fired")
	}
}

func BenchmarkWatchdogArmDisarm(b *testing.B) {
	w := NewWatchdog(time.Minute, func() {})
	defer w.Stop()
	for b.Loop() {
		w.Arm()
		w.Disarm()
	}
}
