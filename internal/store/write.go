package store

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"gorm.io/gorm"
)

// Every write the store makes goes through write, with a declaration of
// what it may change, made where the method calls it. The declaration is
// what the caches that watch writes go by (changes.go): a cached page,
// session or count is dropped when a write that may have changed it
// commits, and only then. So a store method declares the widest change its
// write may make; the cost of declaring too wide is a cache emptied for
// nothing, of declaring too narrow a reader served something stale.
//
// Two writers run the transactions, chosen where the store connects:
// SQLite's, which gathers the writes waiting at one moment into one
// transaction on its single connection and checkpoints its log in the
// background (write_sqlite.go), and PostgreSQL's, one transaction each on
// the pool, announced to the other instances (write_postgres.go).

// writeKind is a write's declaration: a set of what it may change.
type writeKind uint8

const (
	// mayShow: a reader may see the change: the pages kept for readers
	// are made again (changes.go).
	mayShow writeKind = 1 << iota
	// mayTouchAccounts: the change may touch a session, an account or an
	// account's grants, which readcache.go keeps.
	mayTouchAccounts
	// mayRunTwice: the write's function may run twice, the first run
	// rolled back (SQLite's writer runs a batch of them without
	// savepoints, and again in savepoints if one fails). Such a function
	// starts from nothing each time, setting rather than adding to what it
	// hands back. Under test every one of them is run twice (rehearse).
	mayRunTwice
)

// The declarations store methods make.
const (
	// anyChange: anything at all; the safe default.
	anyChange = mayShow | mayTouchAccounts
	// privateChange: nothing a reader sees (sessions, notifications,
	// moderation requests, settings of an account).
	privateChange = mayTouchAccounts
	// contentChange: posting, moderating and editing posts readers see,
	// which change posts, topics, forums' counts, notifications, the
	// search index and the moderation log, and never a session, an account
	// or its grants.
	contentChange = mayShow | mayRunTwice
	// pendingChange: content readers do not see yet (a post sent to the
	// queue, a moderator's note). A write of it that turns out to publish
	// at once says so with published.
	pendingChange = mayRunTwice
	// uncachedChange: rows no cache keeps and no other instance needs to
	// hear of (drafts, read marks, a session's last sight).
	uncachedChange writeKind = 0
)

// writer runs the store's write transactions.
type writer interface {
	// run runs fn as one write transaction of kind, moves the change
	// counters on for it before returning (changes.go), and returns fn's
	// error or the commit's.
	run(ctx context.Context, kind writeKind, fn func(tx *gorm.DB) error) error
	// emptyLog makes sure the words a committed erasure removed are gone
	// from the database's own log, as far as the database allows.
	emptyLog(ctx context.Context)
	// close lets the write under way finish and refuses any other.
	close()
}

// errClosed answers writes that arrive after the store was closed.
var errClosed = errors.New("the database is closed")

// write runs fn as one write transaction that may change what kind
// declares: all of fn's changes or none of them.
func (s *Store) write(ctx context.Context, kind writeKind, fn func(tx *gorm.DB) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.writer.run(ctx, kind, fn)
}

// published says that a write declared pendingChange published after all
// (a post from a trusted author, approved as it was written): readers here
// and on the other instances see it now. It is called once the write has
// committed.
func (s *Store) published(ctx context.Context) {
	s.counters.committed(mayShow)
	s.announceAfter(ctx, mayShow)
}

// rehearse is whether writes declared mayRunTwice are run twice, the first
// run rolled back: in tests, so that a function that does not start from
// nothing each time fails there rather than once in a while in production,
// when a batch it was in is run again.
var rehearse = testing.Testing()

// runWrite runs one write's function on tx, turning a panic into its error
// so that one bad write cannot stop every other; under test it rehearses
// a function that may run twice.
func runWrite(kind writeKind, fn func(tx *gorm.DB) error, tx *gorm.DB) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("write failed: %v", p)
		}
	}()
	if rehearse && kind&mayRunTwice != 0 {
		if err := tx.Exec("SAVEPOINT forum_rehearsal").Error; err != nil {
			return err
		}
		err := fn(tx)
		if rb := tx.Exec("ROLLBACK TO SAVEPOINT forum_rehearsal").Error; rb != nil {
			return rb
		}
		if rel := tx.Exec("RELEASE SAVEPOINT forum_rehearsal").Error; rel != nil {
			return rel
		}
		if err != nil {
			return err
		}
	}
	return fn(tx)
}
