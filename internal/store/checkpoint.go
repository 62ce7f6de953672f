package store

import (
	"context"
	"sync/atomic"
	"time"
)

// Checkpoints, on SQLite. In WAL mode a commit appends the pages it changed
// to the -wal file, and a checkpoint copies them back into the database
// file and syncs both to disk. SQLite's default is that the connection that
// commits runs the checkpoint, inside its commit, once the log holds 1,000
// pages. With one writer for the whole forum (batch.go) every write waited
// for that copy and its fsyncs: a seventh of the writer's time when
// approving from the queue.
//
// So the checkpointer copies the log on a connection of its own, ten times
// a second whenever something was written, while the writer goes on. The
// writer keeps a checkpoint of its own at a higher mark
// (writerCheckpointPages) for one reason: SQLite starts the log again from
// its beginning only after a checkpoint that reached its end, which one
// racing the writer seldom does. That one then finds nearly everything
// copied already. A checkpoint never loses data whichever connection runs
// it; it only moves pages from the log into the file.

const (
	// checkpointEvery is how often the checkpointer looks for new pages.
	checkpointEvery = 100 * time.Millisecond
	// writerCheckpointPages is the log size, in pages, at which the
	// writer checkpoints itself (SQLite's wal_autocheckpoint; 16 MB).
	writerCheckpointPages = 4000
)

// startCheckpointer starts the goroutine that checkpoints a SQLite
// database in the background; stopCheckpointer ends it.
func (s *Store) startCheckpointer() {
	if s.dialect != SQLite {
		return
	}
	quit, done := make(chan struct{}), make(chan struct{})
	s.checkpoints = &checkpointer{quit: quit, done: done}
	go func() {
		defer close(done)
		tick := time.NewTicker(checkpointEvery)
		defer tick.Stop()
		copied := s.writes.Load()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
			}
			if s.checkpoints.empty.Load() && s.truncateLog(context.Background()) {
				s.checkpoints.empty.Store(false)
			}
			if n := s.writes.Load(); n != copied {
				// PASSIVE waits for no one: pages a reader may still need
				// stay in the log for the next round.
				if _, err := s.sqlDB().ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)"); err == nil {
					copied = n
				}
			}
		}
	}()
}

type checkpointer struct {
	quit, done chan struct{}
	// empty asks the checkpointer to empty the log on its next round,
	// after emptyLog could not because a reader held it.
	empty atomic.Bool
}

// emptyLogWait bounds how long emptyLog waits for readers before leaving
// the work to the checkpointer.
const emptyLogWait = 5 * time.Second

// emptyLog copies the whole write-ahead log into the database file and
// truncates the log, after an erasure: the log keeps the pages as they
// were before each write, erased words in them, until it is truncated or
// written over. It waits for readers that still need the log for up to
// emptyLogWait; after that the checkpointer keeps trying.
func (s *Store) emptyLog(ctx context.Context) {
	if s.checkpoints == nil {
		return
	}
	deadline := time.Now().Add(emptyLogWait)
	for {
		if s.truncateLog(ctx) {
			return
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			s.checkpoints.empty.Store(true)
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// truncateLog runs one TRUNCATE checkpoint and reports whether the log is
// empty after it.
func (s *Store) truncateLog(ctx context.Context) bool {
	var busy, frames, copied int
	err := s.sqlDB().QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &copied)
	return err == nil && busy == 0
}

func (s *Store) stopCheckpointer() {
	if s.checkpoints == nil {
		return
	}
	select {
	case <-s.checkpoints.quit:
	default:
		close(s.checkpoints.quit)
	}
	<-s.checkpoints.done
}
