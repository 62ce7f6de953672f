package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// SQLite's writer: group commit, and checkpoints in the background.
//
// Group commit. Every write transaction goes through one
// goroutine (SQLite has one writer at a time anyway), which
// takes all the writes waiting at that moment and runs them in a single
// database transaction, each inside a savepoint of its own:
//
//   - a write that fails is rolled back to its savepoint and reports its
//     own error; the others in the batch are not touched by it;
//   - a batch made only of writes that may run twice (posting and
//     moderating posts, mayRunTwice) first runs without savepoints, and
//     only if one of its writes fails is it rolled back and run again in
//     savepoints (runAsOne);
//   - a write's caller hears of success only after the batch committed,
//     so nothing is reported done that could still be lost;
//   - the pages a batch touches are written to the log once per batch
//     rather than once per write, which is what makes many small writes
//     (replies, approvals) cheap on SQLite's single writer.
//
// Under light load a batch holds one write and behaves as a plain
// transaction. Writes are applied in the order they arrived.
//
// The goroutine keeps one connection of its own for good, and begins and
// commits on it with plain statements: statements prepared on it stay
// prepared. (Prepared inside a database/sql transaction, as gorm does
// with PrepareStmt, a statement is closed with the transaction, so every
// statement of every write was compiled again.)
//
// PostgreSQL runs each write in a transaction of its own on the pool: it
// has many writers, row locks that let two moderators' decisions meet in
// the database rather than in a queue here, and it already shares one log
// flush among the transactions that commit together (write_postgres.go).

// maxBatch bounds a batch, so one commit never waits on too many writes.
const maxBatch = 64

type writeReq struct {
	ctx  context.Context
	fn   func(tx *gorm.DB) error
	kind writeKind
	done chan error
}

// sqliteWriter is SQLite's writer: the batcher's goroutine, which runs
// every write, and the checkpointer's.
type sqliteWriter struct {
	s    *Store
	conn *sql.Conn // the writer connection, kept for the batcher's life
	db   *gorm.DB  // gorm on conn, outside any database/sql transaction
	reqs chan *writeReq
	quit chan struct{}
	wg   sync.WaitGroup
	once sync.Once
	ckpt checkpointer
}

// newSQLiteWriter starts the goroutines that run the store's writes and
// checkpoint its log.
func newSQLiteWriter(ctx context.Context, s *Store) (*sqliteWriter, error) {
	conn, err := s.sqlDB().Conn(ctx)
	if err != nil {
		return nil, err
	}
	// The writer's own settings: a batch's savepoints keep the original
	// of each page they change in memory rather than in a temporary file
	// written for every page, and its checkpoints are left mostly to the
	// checkpointer (below).
	for _, pragma := range []string{"PRAGMA temp_store = MEMORY", fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", writerCheckpointPages)} {
		if _, err := conn.ExecContext(ctx, pragma); err != nil {
			conn.Close()
			return nil, err
		}
	}
	cfg := s.gormConfig(true)
	cfg.DisableAutomaticPing = true // gorm pings a *sql.DB only; Ping checked the file
	db, err := gorm.Open(sqlite.New(sqlite.Config{DriverName: sqliteDriver, Conn: conn}), cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	// Unbuffered: a write is handed over only while the goroutine runs,
	// so none can be left in a queue nobody reads once it has stopped.
	w := &sqliteWriter{s: s, conn: conn, db: db, reqs: make(chan *writeReq), quit: make(chan struct{})}
	w.wg.Add(1)
	go w.runBatches()
	w.startCheckpointer()
	return w, nil
}

// close stops the checkpointer, lets the batch under way finish and
// answers any write still waiting with errClosed.
func (w *sqliteWriter) close() {
	w.once.Do(func() {
		w.stopCheckpointer()
		close(w.quit)
		w.wg.Wait()
		if stmts, ok := w.db.ConnPool.(*gorm.PreparedStmtDB); ok {
			stmts.Close()
		}
		w.conn.Close()
	})
}

// run runs fn in a write transaction shared with the other writes
// waiting at the same time, and returns fn's error or the commit's.
func (w *sqliteWriter) run(ctx context.Context, kind writeKind, fn func(tx *gorm.DB) error) error {
	r := &writeReq{ctx: ctx, fn: fn, kind: kind, done: make(chan error, 1)}
	select {
	case w.reqs <- r:
	case <-w.quit:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued the write is answered, even if ctx ends meanwhile: the
	// caller must not go away believing it was not done when it was.
	return <-r.done
}

func (w *sqliteWriter) runBatches() {
	defer w.wg.Done()
	batch := make([]*writeReq, 0, maxBatch)
	for {
		select {
		case r := <-w.reqs:
			batch = append(batch[:0], r)
		case <-w.quit:
			w.drainClosed()
			return
		}
	more:
		for len(batch) < maxBatch {
			select {
			case r := <-w.reqs:
				batch = append(batch, r)
			default:
				break more
			}
		}
		w.runBatch(batch)
		clear(batch)
	}
}

// drainClosed answers the writes that were queued when the store closed.
func (w *sqliteWriter) drainClosed() {
	for {
		select {
		case r := <-w.reqs:
			r.done <- errClosed
		default:
			return
		}
	}
}

// runBatch runs a batch and answers each of its writes. Its statements run
// without the callers' contexts: a statement cancelled half-way by one
// caller's context would break the transaction under all the others.
func (w *sqliteWriter) runBatch(batch []*writeReq) {
	errs := make([]error, len(batch))
	var commitErr error
	done := false
	if len(batch) > 1 && rerunnable(batch) {
		done, commitErr = w.runAsOne(batch, errs)
	}
	if !done {
		commitErr = w.runInSavepoints(batch, errs)
	}
	var kinds writeKind
	for i, r := range batch {
		if errs[i] == nil && commitErr != nil {
			errs[i] = commitErr
		}
		kind := r.kind
		if errs[i] != nil {
			kind &^= mayShow // nothing of it shows
		}
		kinds |= kind
	}
	w.s.counters.committed(kinds) // before anyone hears of it (changes.go)
	for i, r := range batch {
		r.done <- translate(errs[i])
	}
}

// rerunnable says whether every write of a batch may run twice.
func rerunnable(batch []*writeReq) bool {
	for _, r := range batch {
		if r.kind&mayRunTwice == 0 {
			return false
		}
	}
	return true
}

// runAsOne runs a batch of rerunnable writes with no savepoints: each
// savepoint cost two statements and a copy of every page the write
// changed, a sixth of the writer's time when approving. It is done when
// every write succeeded and the batch committed (or the commit failed);
// at the first write that fails it rolls the whole batch back and is not
// done, and the batch runs again in savepoints, where that write fails
// alone.
func (w *sqliteWriter) runAsOne(batch []*writeReq, errs []error) (done bool, commitErr error) {
	tx := w.db
	if err := tx.Exec("BEGIN IMMEDIATE").Error; err != nil {
		return true, err
	}
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err // nothing of it ran
			continue
		}
		if err := runWrite(r.kind, r.fn, tx); err != nil {
			tx.Exec("ROLLBACK")
			clear(errs)
			return false, nil
		}
	}
	if err := tx.Exec("COMMIT").Error; err != nil {
		tx.Exec("ROLLBACK")
		return true, err
	}
	return true, nil
}

// runInSavepoints runs a batch with each write in a savepoint of its own
// and returns the error that stopped the whole batch, if one did.
func (w *sqliteWriter) runInSavepoints(batch []*writeReq, errs []error) (commitErr error) {
	tx := w.db
	commitErr = tx.Exec("BEGIN IMMEDIATE").Error
	for i, r := range batch {
		if commitErr != nil {
			break
		}
		if err := r.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if len(batch) == 1 {
			if errs[i] = runWrite(r.kind, r.fn, tx); errs[i] != nil {
				commitErr = errs[i]
			}
			break
		}
		if commitErr = tx.Exec("SAVEPOINT forum_write").Error; commitErr != nil {
			break
		}
		if errs[i] = runWrite(r.kind, r.fn, tx); errs[i] != nil {
			if commitErr = tx.Exec("ROLLBACK TO SAVEPOINT forum_write").Error; commitErr != nil {
				break
			}
		}
		commitErr = tx.Exec("RELEASE SAVEPOINT forum_write").Error
	}
	if commitErr == nil {
		commitErr = tx.Exec("COMMIT").Error
	}
	if commitErr != nil {
		// Whatever failed, nothing of the batch stays; a ROLLBACK where no
		// transaction is open fails harmlessly.
		tx.Exec("ROLLBACK")
	}
	return commitErr
}

// Checkpoints, on SQLite. In WAL mode a commit appends the pages it changed
// to the -wal file, and a checkpoint copies them back into the database
// file and syncs both to disk. SQLite's default is that the connection that
// commits runs the checkpoint, inside its commit, once the log holds 1,000
// pages. With one writer for the whole forum (above) every write waited
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

// startCheckpointer starts the goroutine that checkpoints the log in the
// background; stopCheckpointer ends it.
func (w *sqliteWriter) startCheckpointer() {
	s := w.s
	quit, done := make(chan struct{}), make(chan struct{})
	w.ckpt = checkpointer{quit: quit, done: done}
	go func() {
		defer close(done)
		tick := time.NewTicker(checkpointEvery)
		defer tick.Stop()
		copied := s.counters.all.Load()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
			}
			if w.ckpt.empty.Load() && w.truncateLog(context.Background()) {
				w.ckpt.empty.Store(false)
			}
			if n := s.counters.all.Load(); n != copied {
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
func (w *sqliteWriter) emptyLog(ctx context.Context) {
	deadline := time.Now().Add(emptyLogWait)
	for {
		if w.truncateLog(ctx) {
			return
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			w.ckpt.empty.Store(true)
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// truncateLog runs one TRUNCATE checkpoint and reports whether the log is
// empty after it.
func (w *sqliteWriter) truncateLog(ctx context.Context) bool {
	var busy, frames, copied int
	err := w.s.sqlDB().QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &copied)
	return err == nil && busy == 0
}

func (w *sqliteWriter) stopCheckpointer() {
	select {
	case <-w.ckpt.quit:
	default:
		close(w.ckpt.quit)
	}
	<-w.ckpt.done
}
