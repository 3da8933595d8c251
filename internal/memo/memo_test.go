package memo

import (
	"errors"
	"sync"
	"testing"
)

func TestCacheComputesOnceAndStaysBounded(t *testing.T) {
	c := Cache[int, int]{Max: 3}
	calls := 0
	square := func(k int) func() (int, error) {
		return func() (int, error) { calls++; return k * k, nil }
	}
	for range 2 {
		for k := range 3 {
			if v, err := c.Get(k, square(k)); err != nil || v != k*k {
				t.Fatalf("Get(%d) = %d, %v", k, v, err)
			}
		}
	}
	if calls != 3 {
		t.Fatalf("computed %d times, want 3", calls)
	}
	if v, _ := c.Get(7, square(7)); v != 49 || c.Len() != 1 {
		t.Fatalf("past the bound: value %d, %d kept; want 49 and a fresh start", v, c.Len())
	}
}

func TestCacheKeepsNoFailure(t *testing.T) {
	var c Cache[string, int]
	boom := errors.New("boom")
	if _, err := c.Get("k", func() (int, error) { return 0, boom }); err != boom {
		t.Fatalf("err = %v", err)
	}
	if v, err := c.Get("k", func() (int, error) { return 5, nil }); err != nil || v != 5 {
		t.Fatalf("after a failure: %d, %v", v, err)
	}
}

func TestCacheConcurrent(t *testing.T) {
	c := Cache[int, int]{Max: 8}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1000 {
				k := (g + i) % 16
				if v, _ := c.Get(k, func() (int, error) { return k + 1, nil }); v != k+1 {
					t.Errorf("Get(%d) = %d", k, v)
					return
				}
			}
		}()
	}
	wg.Wait()
}
