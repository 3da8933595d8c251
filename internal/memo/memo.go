// Package memo keeps values that are costly to compute and asked for
// again and again, within a bound.
package memo

import "sync"

// Cache maps keys to computed values. It holds at most Max of them (at
// least one): past it, it forgets them all and starts over, which for
// the small, hot sets it serves (a server's tool lists, the prompts of
// the projects in use) costs one recomputation each. It is safe for
// concurrent use; the zero value with Max set is ready.
type Cache[K comparable, V any] struct {
	Max int
	mu  sync.Mutex
	m   map[K]V
}

// Get returns the value kept for k, or computes it with compute and keeps
// it. A failed computation is not kept. compute runs without the lock, so
// two callers may both compute a missing value; the last one kept wins.
func (c *Cache[K, V]) Get(k K, compute func() (V, error)) (V, error) {
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := compute()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= max(c.Max, 1) {
		c.m = make(map[K]V)
	}
	c.m[k] = v
	c.mu.Unlock()
	return v, nil
}

// Len reports how many values are kept.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}
