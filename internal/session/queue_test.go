package session

import (
	"context"
	"testing"
	"time"
)

// Turns past the limit run in the order they arrived, each as a slot
// frees, and the queue's positions count from 1.
func TestAdmissionIsFirstComeFirstServed(t *testing.T) {
	a := newAdmission(1, 10)
	ran := make(chan int, 10)
	release := make(chan struct{})
	turn := func(i int) func() {
		return func() {
			ran <- i
			<-release
			a.leave()
		}
	}
	ctx := context.Background()
	if pos := a.enter(ctx, turn(0)); pos != 0 {
		t.Fatalf("first turn queued at %d", pos)
	}
	if got := <-ran; got != 0 {
		t.Fatalf("ran %d first", got)
	}
	for i := 1; i <= 3; i++ {
		if pos := a.enter(ctx, turn(i)); pos != i {
			t.Fatalf("turn %d queued at %d", i, pos)
		}
	}
	if r, w := a.counts(); r != 1 || w != 3 {
		t.Fatalf("counts = %d running, %d waiting", r, w)
	}
	for i := 1; i <= 3; i++ {
		release <- struct{}{}
		select {
		case got := <-ran:
			if got != i {
				t.Fatalf("ran %d, want %d", got, i)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("turn %d never ran", i)
		}
	}
	release <- struct{}{}
}

func TestAdmissionIsFullOnlyPastTheQueue(t *testing.T) {
	a := newAdmission(1, 1)
	block := make(chan struct{})
	defer close(block)
	a.enter(context.Background(), func() { <-block })
	if a.full() {
		t.Fatal("full with an empty queue")
	}
	a.enter(context.Background(), func() {})
	if !a.full() {
		t.Fatal("not full with every slot taken and the queue full")
	}
}

// A waiting turn whose context ends leaves the queue and runs at once, to
// report that it was cancelled; the turns behind it move up.
func TestAdmissionCancelledWaiterRunsAtOnce(t *testing.T) {
	a := newAdmission(1, 10)
	block := make(chan struct{})
	a.enter(context.Background(), func() { <-block; a.leave() })
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	a.enter(ctx, func() { close(ran); a.leave() })
	a.enter(context.Background(), func() {})
	cancel()
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("the cancelled waiter did not run")
	}
	if _, w := a.counts(); w != 1 {
		t.Fatalf("%d waiting, want 1", w)
	}
	close(block)
}
