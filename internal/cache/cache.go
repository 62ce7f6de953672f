// Package cache is the forum's one kind of in-memory cache, used for
// everything it keeps to answer faster: pages, sessions, counts, read
// marks, settings, rendered queue entries.
//
// A cache is bounded (by entries, and by a cost such as bytes when one is
// given) and lets its least recently used entries go first
// (hashicorp/golang-lru's simplelru underneath). Each entry is good for
// the generation it was filled in: the caller passes the generation it
// read before it read the value, and the entry is served only while the
// generation is the same, so a value read across a write that could change
// it is never served. A cache that follows no writes passes 0. An entry
// may also be good for a time only (the cache's time to live), for what
// changes elsewhere and unannounced.
package cache

import (
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// Cache maps keys to values, bounded; safe for concurrent use.
type Cache[K comparable, V any] struct {
	mu   sync.Mutex
	lru  *simplelru.LRU[K, entry[V]]
	ttl  time.Duration
	now  func() time.Time
	cost func(V) int // nil: every entry costs nothing beyond its place
	max  int         // the most the entries may cost in all
	held int         // what the entries cost in all
}

type entry[V any] struct {
	v    V
	gen  int64
	at   time.Time
	cost int
}

// New makes a cache of at most size entries; with ttl above zero, an entry
// is good for ttl after it was put.
func New[K comparable, V any](size int, ttl time.Duration) *Cache[K, V] {
	c := &Cache[K, V]{ttl: ttl, now: time.Now}
	// simplelru refuses only a size below one.
	c.lru, _ = simplelru.NewLRU(max(size, 1), func(_ K, e entry[V]) { c.held -= e.cost })
	return c
}

// WithCost bounds what the entries cost in all (bytes, most often) to max,
// as cost reckons each; it returns c, to be called where c is made.
func (c *Cache[K, V]) WithCost(max int, cost func(V) int) *Cache[K, V] {
	c.max, c.cost = max, cost
	return c
}

// Get is the value kept for k, if it was put in generation gen and is
// still within the time to live.
func (c *Cache[K, V]) Get(k K, gen int64) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.lru.Get(k)
	return c.good(e, ok, gen)
}

// Peek is Get that leaves k's place among the recently used as it was.
func (c *Cache[K, V]) Peek(k K, gen int64) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.lru.Peek(k)
	return c.good(e, ok, gen)
}

// good is e's value if it was found and is good in generation gen now.
func (c *Cache[K, V]) good(e entry[V], found bool, gen int64) (V, bool) {
	if !found || e.gen != gen || c.ttl > 0 && c.now().Sub(e.at) > c.ttl {
		var zero V
		return zero, false
	}
	return e.v, true
}

// Put keeps v for k in generation gen, the generation the caller read
// before it read v. A value costing more than the whole bound is not kept.
func (c *Cache[K, V]) Put(k K, gen int64, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := entry[V]{v: v, gen: gen, at: c.now()}
	if c.cost != nil {
		e.cost = c.cost(v)
		if e.cost > c.max {
			c.lru.Remove(k)
			return
		}
	}
	c.lru.Remove(k) // its cost leaves with it
	c.lru.Add(k, e)
	c.held += e.cost
	for c.held > c.max && c.cost != nil {
		c.lru.RemoveOldest()
	}
}

// Update changes the value kept for k, if any, in place, keeping its
// generation and age: for a write that changes only what k's own entry
// holds, and knows how.
func (c *Cache[K, V]) Update(k K, fn func(V) V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.lru.Peek(k); ok {
		e.v = fn(e.v)
		c.lru.Add(k, e)
	}
}

// Remove forgets k.
func (c *Cache[K, V]) Remove(k K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Remove(k)
}

// RemoveIf forgets every key for which drop says so.
func (c *Cache[K, V]) RemoveIf(drop func(K) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range c.lru.Keys() {
		if drop(k) {
			c.lru.Remove(k)
		}
	}
}

// Purge forgets everything.
func (c *Cache[K, V]) Purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Purge()
}

// Len is how many entries are kept, good or not.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// Cost is what the entries kept cost in all, as WithCost's cost reckons.
func (c *Cache[K, V]) Cost() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.held
}
