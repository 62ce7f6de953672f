package store

import (
	"context"

	"gorm.io/gorm"
)

// PostgreSQL's writer runs each write in a transaction of its own on the
// pool: PostgreSQL has many writers, row locks that let two moderators'
// decisions meet in the database rather than in a queue here, and it
// already shares one log flush among the transactions that commit
// together. Each write tells the other instances what it changed
// (listen.go): inside its transaction, or, for the writes made most,
// with others just after its commit.
type postgresWriter struct {
	s *Store
}

func (w postgresWriter) run(ctx context.Context, kind writeKind, fn func(tx *gorm.DB) error) error {
	s := w.s
	err := translate(s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := runWrite(kind, fn, tx); err != nil {
			return err
		}
		if kind&mayRunTwice != 0 {
			return nil // announced after the commit, with others (listen.go)
		}
		return s.announce(tx, kind)
	}))
	committed := kind
	if err != nil {
		committed &^= mayShow // nothing of it shows
	}
	s.counters.committed(committed)
	if err == nil && kind&mayRunTwice != 0 {
		s.announceAfter(ctx, kind)
	}
	return err
}

// emptyLog has nothing to do: PostgreSQL's log is its own to recycle, and
// the words an erasure removed leave the tables at the next vacuum
// (docs/THREAT-MODEL.md).
func (postgresWriter) emptyLog(context.Context) {}

func (postgresWriter) close() {}
