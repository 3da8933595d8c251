package llm

import (
	"sync/atomic"
	"time"
)

// Watchdog calls fire when it has been armed for d without being
// disarmed. An adapter arms it while a call waits on the server (for the
// response headers, or inside a body Read) and disarms it when bytes
// arrive, so that neither retry delays nor a slow consumer count as a
// stalled stream, and every byte counts as life. Keep-alives (Anthropic's
// pings, SSE comments) are bytes but not progress, so each adapter also
// arms a second watchdog while it waits for the next event.
//
// Arm and Disarm run once per Read of a streamed body, so they touch no
// timer: they record when the watchdog was armed, and one timer, running
// only while armed, checks that time when it fires and sleeps again for
// what is left.
type Watchdog struct {
	d       time.Duration
	fire    func()
	t       *time.Timer
	base    time.Time    // armedAt counts from here, on the monotonic clock
	armedAt atomic.Int64 // nanoseconds since base plus one; 0 when disarmed
	ticking atomic.Bool  // the timer is scheduled
	stopped atomic.Bool
}

// NewWatchdog returns a disarmed watchdog.
func NewWatchdog(d time.Duration, fire func()) *Watchdog {
	w := &Watchdog{d: d, fire: fire, base: time.Now()}
	w.t = time.AfterFunc(d, w.check)
	w.t.Stop()
	return w
}

// Arm starts (or restarts) the countdown.
func (w *Watchdog) Arm() {
	w.armedAt.Store(int64(time.Since(w.base)) + 1)
	if !w.ticking.Load() && w.ticking.CompareAndSwap(false, true) {
		w.t.Reset(w.d)
	}
}

// Disarm stops the countdown; Arm starts it afresh.
func (w *Watchdog) Disarm() { w.armedAt.Store(0) }

// Stop disarms the watchdog for good and releases its timer.
func (w *Watchdog) Stop() {
	w.stopped.Store(true)
	w.armedAt.Store(0)
	w.t.Stop()
}

// check runs when the timer fires: it fires the watchdog if it has been
// armed for d, sleeps for the rest if it was armed later, and otherwise
// lets the timer rest until the next Arm.
func (w *Watchdog) check() {
	for !w.stopped.Load() {
		at := w.armedAt.Load()
		if at != 0 {
			left := w.d - (time.Since(w.base) - time.Duration(at-1))
			if left > 0 {
				w.t.Reset(left)
				return
			}
			w.armedAt.CompareAndSwap(at, 0)
			w.fire()
		}
		w.ticking.Store(false)
		// An Arm between the load above and this point saw the timer
		// ticking and did not schedule it: look again.
		if w.armedAt.Load() == 0 || !w.ticking.CompareAndSwap(false, true) {
			return
		}
	}
}
