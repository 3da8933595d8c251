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
	if pos := a.enter(ctx, turn(0), nil); pos != 0 {
		t.Fatalf("first turn queued at %d", pos)
	}
	if got := <-ran; got != 0 {
		t.Fatalf("ran %d first", got)
	}
	for i := 1; i <= 3; i++ {
		if pos := a.enter(ctx, turn(i), nil); pos != i {
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
	a.enter(context.Background(), func() { <-block }, nil)
	if a.full() {
		t.Fatal("full with an empty queue")
	}
	a.enter(context.Background(), func() {}, nil)
	if !a.full() {
		t.Fatal("not full with every slot taken and the queue full")
	}
}

// A waiting turn whose context ends leaves the queue and runs at once, to
// report that it was cancelled; the turns behind it move up.
func TestAdmissionCancelledWaiterRunsAtOnce(t *testing.T) {
	a := newAdmission(1, 10)
	block := make(chan struct{})
	a.enter(context.Background(), func() { <-block; a.leave() }, nil)
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	a.enter(ctx, func() { close(ran); a.leave() }, nil)
	a.enter(context.Background(), func() {}, nil)
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

// Waiting turns hear their new place as the queue moves, each time it
// changed, and never a place they already heard.
func TestAdmissionTellsWaitersTheirNewPosition(t *testing.T) {
	a := newAdmission(1, 10)
	a.every = 5 * time.Millisecond
	release := make(chan struct{})
	a.enter(context.Background(), func() { <-release; a.leave() }, nil)
	heard := make([]chan int, 3)
	for i := range heard {
		heard[i] = make(chan int, 10)
		ch := heard[i]
		if pos := a.enter(context.Background(), func() { <-release; a.leave() }, func(p int) { ch <- p }); pos != i+1 {
			t.Fatalf("waiter %d queued at %d", i, pos)
		}
	}
	expect := func(i, want int) {
		t.Helper()
		select {
		case got := <-heard[i]:
			if got != want {
				t.Fatalf("waiter %d heard %d, want %d", i, got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("waiter %d never heard %d", i, want)
		}
	}
	release <- struct{}{} // the running turn ends; waiter 0 runs
	expect(1, 1)
	expect(2, 2)
	time.Sleep(50 * time.Millisecond) // several rounds with nothing new
	for i, ch := range heard {
		if len(ch) != 0 {
			t.Fatalf("waiter %d heard %d again", i, <-ch)
		}
	}
	release <- struct{}{}
	expect(2, 1)
	release <- struct{}{}
	release <- struct{}{}
}
