package store

import (
	"sync"
	"time"

	"forum/internal/forum"
)

// Reads that every signed-in request makes (its session and account, its
// unread notifications) are kept in memory on SQLite until the next write
// that may change them commits: any write for the unread count, and any
// but those declared not to touch them (write.go) for sessions. SQLite has one
// writer, this process, and every write moves the counters on before its
// caller hears of it, so a cached answer is never older than the last write
// that could change it: a sign-out, a suspension, a role taken away or a
// notification shows on the very next request.
// On PostgreSQL other instances write too: both are kept while this
// instance hears their writes (listen.go).

// readCacheMax bounds each cache; past it the cache starts afresh.
const readCacheMax = 10000

// writeCache holds values valid while the store's write count stays at gen.
type writeCache[K comparable, V any] struct {
	mu  sync.Mutex
	gen int64
	m   map[K]V
}

func (c *writeCache[K, V]) get(gen int64, k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		clear(c.m)
		c.gen = gen
	}
	v, ok := c.m[k]
	return v, ok
}

// put keeps v if no write has committed since gen was read, before the
// value was: otherwise v may already be out of date.
func (c *writeCache[K, V]) put(gen int64, k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	if c.m == nil || len(c.m) >= readCacheMax {
		c.m = make(map[K]V)
	}
	c.m[k] = v
}

// touch changes the value kept for k, if any, in place: for a write that
// changes only what the key's own entry holds.
func (c *writeCache[K, V]) touch(k K, fn func(V) V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[k]; ok {
		c.m[k] = fn(v)
	}
}

// cachedSession is a session's row and its account, as SessionByHash reads them.
type cachedSession struct {
	account    forum.Account
	lastSeenAt time.Time
	expiresAt  time.Time
}

type readCaches struct {
	sessions writeCache[string, cachedSession]
	unread   writeCache[int64, int64]
}

// cacheGen is the write count to cache reads under, and whether to cache.
func (s *Store) cacheGen() (int64, bool) {
	return s.counters.all.Load(), s.Listening()
}

// sessionGen is cacheGen for sessions and their accounts, which only the
// writes that may touch them move on (mayTouchAccounts, write.go). On
// PostgreSQL they are kept while this instance hears the others' writes
// (listen.go).
func (s *Store) sessionGen() (int64, bool) {
	return s.counters.accounts.Load(), s.Listening()
}
