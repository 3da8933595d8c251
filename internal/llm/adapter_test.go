package llm

import (
	"testing"
	"time"
)

func TestShortenAndSentence(t *testing.T) {
	if got := Shorten("héllo world", 2); got != "h…" {
		t.Errorf("Shorten cut inside a rune: %q", got)
	}
	if got := Shorten("short", 10); got != "short" {
		t.Errorf("Shorten = %q", got)
	}
	for in, want := range map[string]string{"": "no reason given.", " bad key ": "bad key.", "Done!": "Done!", "cut…": "cut…"} {
		if got := Sentence(in); got != want {
			t.Errorf("Sentence(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWatchdogFiresOnlyWhileArmed(t *testing.T) {
	fired := make(chan struct{}, 1)
	w := NewWatchdog(20*time.Millisecond, func() { fired <- struct{}{} })
	time.Sleep(60 * time.Millisecond) // disarmed: nothing happens
	select {
	case <-fired:
		t.Fatal("fired while disarmed")
	default:
	}
	w.Arm()
	select {
	case <-fired:
	case <-time.After(5 * time.Second):
		t.Fatal("did not fire while armed")
	}
}
