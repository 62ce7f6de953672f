package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// Group commit, on SQLite. Every write transaction goes through one
// goroutine (SQLite has one writer at a time anyway), which
// takes all the writes waiting at that moment and runs them in a single
// database transaction, each inside a savepoint of its own:
//
//   - a write that fails is rolled back to its savepoint and reports its
//     own error; the others in the batch are not touched by it;
//   - a batch made only of writes that may run twice (posting and
//     moderating posts, contentTx) first runs without savepoints, and
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
// flush among the transactions that commit together.

// maxBatch bounds a batch, so one commit never waits on too many writes.
const maxBatch = 64

// errClosed answers writes that arrive after the store was closed.
var errClosed = errors.New("the database is closed")

// writeKind says what a write may change, for the caches that watch
// writes. The safe default, for tx and quietTx, is "anything".
type writeKind uint8

const (
	// writeVisible: a reader may see the change (changes.go).
	writeVisible writeKind = 1 << iota
	// writeAccounts: the change may touch a session, an account or an
	// account's grants, which readcache.go keeps.
	writeAccounts
	// writeRerunnable: the write's function may run twice, the first run
	// rolled back, and starts from nothing each time (runAsOne).
	writeRerunnable
)

type writeReq struct {
	ctx  context.Context
	fn   func(tx *gorm.DB) error
	kind writeKind
	done chan error
}

type batcher struct {
	conn *sql.Conn // the writer connection, kept for the batcher's life
	db   *gorm.DB  // gorm on conn, outside any database/sql transaction
	reqs chan *writeReq
	quit chan struct{}
	wg   sync.WaitGroup
	once sync.Once
}

// startBatcher starts the goroutine that runs the store's writes on SQLite.
func (s *Store) startBatcher(ctx context.Context) error {
	if s.dialect != SQLite {
		return nil
	}
	conn, err := s.sqlDB().Conn(ctx)
	if err != nil {
		return err
	}
	// The writer's own settings: a batch's savepoints keep the original
	// of each page they change in memory rather than in a temporary file
	// written for every page, and its checkpoints are left mostly to the
	// checkpointer (checkpoint.go).
	for _, pragma := range []string{"PRAGMA temp_store = MEMORY", fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", writerCheckpointPages)} {
		if _, err := conn.ExecContext(ctx, pragma); err != nil {
			conn.Close()
			return err
		}
	}
	cfg := s.gormConfig(true)
	cfg.DisableAutomaticPing = true // gorm pings a *sql.DB only; Ping checked the file
	db, err := gorm.Open(sqlite.New(sqlite.Config{DriverName: sqliteDriver, Conn: conn}), cfg)
	if err != nil {
		conn.Close()
		return err
	}
	// Unbuffered: a write is handed over only while the goroutine runs,
	// so none can be left in a queue nobody reads once it has stopped.
	s.batch = &batcher{conn: conn, db: db, reqs: make(chan *writeReq), quit: make(chan struct{})}
	s.batch.wg.Add(1)
	go s.runBatches()
	return nil
}

// stopBatcher lets the batch under way finish and answers any write still
// waiting with errClosed.
func (s *Store) stopBatcher() {
	if s.batch == nil {
		return
	}
	s.batch.once.Do(func() {
		close(s.batch.quit)
		s.batch.wg.Wait()
		if stmts, ok := s.batch.db.ConnPool.(*gorm.PreparedStmtDB); ok {
			stmts.Close()
		}
		s.batch.conn.Close()
	})
}

// batchWrite runs fn in a write transaction shared with the other writes
// waiting at the same time, and returns fn's error or the commit's.
func (s *Store) batchWrite(ctx context.Context, kind writeKind, fn func(tx *gorm.DB) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.batch == nil {
		err := translate(s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := fn(tx); err != nil {
				return err
			}
			if kind&writeRerunnable != 0 {
				return nil // announced after the commit, with others (listen.go)
			}
			return s.announce(tx, kind)
		}))
		s.wrote(kind)
		if err == nil && kind&writeVisible != 0 {
			s.changed()
		}
		if err == nil && kind&writeRerunnable != 0 {
			s.announceAfter(ctx, kind)
		}
		return err
	}
	r := &writeReq{ctx: ctx, fn: fn, kind: kind, done: make(chan error, 1)}
	select {
	case s.batch.reqs <- r:
	case <-s.batch.quit:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued the write is answered, even if ctx ends meanwhile: the
	// caller must not go away believing it was not done when it was.
	return <-r.done
}

func (s *Store) runBatches() {
	defer s.batch.wg.Done()
	batch := make([]*writeReq, 0, maxBatch)
	for {
		select {
		case r := <-s.batch.reqs:
			batch = append(batch[:0], r)
		case <-s.batch.quit:
			s.drainClosed()
			return
		}
	more:
		for len(batch) < maxBatch {
			select {
			case r := <-s.batch.reqs:
				batch = append(batch, r)
			default:
				break more
			}
		}
		s.runBatch(batch)
		clear(batch)
	}
}

// drainClosed answers the writes that were queued when the store closed.
func (s *Store) drainClosed() {
	for {
		select {
		case r := <-s.batch.reqs:
			r.done <- errClosed
		default:
			return
		}
	}
}

// runBatch runs a batch and answers each of its writes. Its statements run
// without the callers' contexts: a statement cancelled half-way by one
// caller's context would break the transaction under all the others.
func (s *Store) runBatch(batch []*writeReq) {
	errs := make([]error, len(batch))
	var commitErr error
	done := false
	if len(batch) > 1 && rerunnable(batch) {
		done, commitErr = s.runAsOne(batch, errs)
	}
	if !done {
		commitErr = s.runInSavepoints(batch, errs)
	}
	var kinds writeKind
	visible := false
	for i, r := range batch {
		if errs[i] == nil && commitErr != nil {
			errs[i] = commitErr
		}
		kinds |= r.kind
		visible = visible || errs[i] == nil && r.kind&writeVisible != 0
	}
	s.wrote(kinds) // before anyone hears of it (readcache.go)
	if visible {
		s.changed()
	}
	for i, r := range batch {
		r.done <- translate(errs[i])
	}
}

// rerunnable says whether every write of a batch may run twice.
func rerunnable(batch []*writeReq) bool {
	for _, r := range batch {
		if r.kind&writeRerunnable == 0 {
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
func (s *Store) runAsOne(batch []*writeReq, errs []error) (done bool, commitErr error) {
	tx := s.batch.db
	if err := tx.Exec("BEGIN IMMEDIATE").Error; err != nil {
		return true, err
	}
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err // nothing of it ran
			continue
		}
		if err := runWrite(r.fn, tx); err != nil {
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
func (s *Store) runInSavepoints(batch []*writeReq, errs []error) (commitErr error) {
	tx := s.batch.db
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
			if errs[i] = runWrite(r.fn, tx); errs[i] != nil {
				commitErr = errs[i]
			}
			break
		}
		if commitErr = tx.Exec("SAVEPOINT forum_write").Error; commitErr != nil {
			break
		}
		if errs[i] = runWrite(r.fn, tx); errs[i] != nil {
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

// runWrite runs one write's function, turning a panic into its error so
// that one bad write cannot stop every other.
func runWrite(fn func(tx *gorm.DB) error, tx *gorm.DB) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("write failed: %v", p)
		}
	}()
	return fn(tx)
}
