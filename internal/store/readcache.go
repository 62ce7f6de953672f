package store

import (
	"time"

	"forum/internal/cache"
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

// readCacheMax bounds each cache.
const readCacheMax = 10000

// cachedSession is a session's row and its account, as SessionByHash reads them.
type cachedSession struct {
	account    forum.Account
	lastSeenAt time.Time
	expiresAt  time.Time
}

type readCaches struct {
	sessions *cache.Cache[string, cachedSession] // by the session token's hash, under sessionGen
	unread   *cache.Cache[int64, int64]          // by account, under cacheGen
}

func newReadCaches() readCaches {
	return readCaches{sessions: cache.New[string, cachedSession](readCacheMax, 0), unread: cache.New[int64, int64](readCacheMax, 0)}
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
