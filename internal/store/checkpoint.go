package store

import (
	"context"
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
