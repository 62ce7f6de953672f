// Package store keeps the forum's data in SQLite or PostgreSQL behind one API.
// Driver errors are translated into the forum package's errors at this edge;
// every method takes a context first and every write runs in one transaction.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"forum/internal/dburl"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialect names the database behind a Store; the URL's parser
// (internal/dburl) defines it, so the settings can check a URL without the store.
type Dialect = dburl.Dialect

const (
	SQLite   = dburl.SQLite
	Postgres = dburl.Postgres
)

// Store is the forum's database. On SQLite all writes go through one
// connection (SQLite has one writer at a time, and queueing in Go is cheaper
// than busy-waiting in SQLite) while reads use a pool; on PostgreSQL both are
// the same pool.
type Store struct {
	dialect       Dialect
	write         *gorm.DB
	read          *gorm.DB
	path          string // SQLite file, for Backup
	url           string
	now           func() time.Time
	gen           atomic.Int64  // see changes.go
	batch         *batcher      // see batch.go
	terms         termCache     // see searchterms.go
	search        searcher      // search's dialect (search.go)
	writes        atomic.Int64  // committed writes of any kind (readcache.go)
	accountWrites atomic.Int64  // committed writes that may touch sessions or accounts (readcache.go)
	checkpoints   *checkpointer // see checkpoint.go
	cache         readCaches
	reads         readMarks   // marks made by reading, waiting to be written (reads.go)
	watching      watchCache  // members' watches, kept (watches.go)
	ids           idCodec     // public ids of topics and posts (publicids.go)
	clockChange   clockChange // the next change the clock brings (changes.go)
	instance      string      // names this instance in its announcements (listen.go)
	listening     atomic.Bool // whether this instance hears the others' changes (listen.go)
	polled        int64       // forum_content_version when last polled (listen.go)
	channel       string      // the NOTIFY channel of changes (listen.go)
	news          newsDesk    // writes announced after their commit (listen.go)
}

// Options adjusts how a Store is opened.
type Options struct {
	// Now is the store's clock; tests set it. Times are kept in UTC to the microsecond.
	Now func() time.Time
	// PublicIDKey is the key of public ids (publicids.go), 32 hex digits,
	// for a new database; by default a random one. Tests that compare two
	// databases give both the same.
	PublicIDKey string
}

// Open connects to the database named by rawURL ("sqlite:PATH" or
// "postgres://…"), checks that it answers, brings its schema up to date and,
// on a new database, seeds the core-outcome groups.
func Open(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	s, err := connect(ctx, rawURL, opts)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.Seed(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("seeding the core-outcome groups: %w", err)
	}
	if err := s.loadIDCodec(ctx, opts.PublicIDKey); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func connect(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	dialect, target, err := dburl.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	s := &Store{dialect: dialect, url: rawURL, now: func() time.Time { return now().UTC().Truncate(time.Microsecond) },
		instance: newInstanceID()}
	switch dialect {
	case SQLite:
		s.path = target
		// secure_delete overwrites deleted and replaced content, so a
		// redacted post or an erased account leaves no words in the file.
		base := "file:" + target + "?_busy_timeout=10000&_foreign_keys=on&_journal_mode=WAL&_synchronous=NORMAL&_secure_delete=on"
		registerSQLite()
		open := func(dsn string) gorm.Dialector {
			return sqlite.New(sqlite.Config{DriverName: sqliteDriver, DSN: dsn})
		}
		if s.write, err = gorm.Open(open(base+"&_txlock=immediate"), s.gormConfig(true)); err != nil {
			return nil, fmt.Errorf("cannot open SQLite file %s: %w", target, err)
		}
		if s.read, err = gorm.Open(open(base+"&_query_only=1"), s.gormConfig(true)); err != nil {
			return nil, fmt.Errorf("cannot open SQLite file %s: %w", target, err)
		}
		// The batcher keeps one connection for the writes (batch.go); the
		// other is for the migrator and the maintenance commands.
		setPool(s.write, 2)
		setPool(s.read, max(4, 2*runtime.NumCPU()))
	case Postgres:
		// pgx keeps its own cache of prepared statements on each
		// connection, inside transactions too; gorm's would re-prepare
		// in every transaction.
		if s.write, err = gorm.Open(postgres.Open(target), s.gormConfig(false)); err != nil {
			return nil, fmt.Errorf("cannot reach PostgreSQL: %w", err)
		}
		setPool(s.write, 4*runtime.NumCPU()+4)
		s.read = s.write
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		if dialect == Postgres {
			return nil, fmt.Errorf("cannot reach PostgreSQL: %s", rootCause(err))
		}
		return nil, fmt.Errorf("cannot open SQLite file %s: %s", target, rootCause(err))
	}
	if dialect == Postgres {
		var schema string
		if err := s.write.WithContext(ctx).Raw("SELECT current_schema()").Scan(&schema).Error; err != nil {
			s.Close()
			return nil, fmt.Errorf("cannot reach PostgreSQL: %s", rootCause(err))
		}
		s.channel = channelFor(schema)
	}
	if err := s.startBatcher(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("cannot open SQLite file %s: %s", target, rootCause(err))
	}
	s.search = searcherFor(s, dialect)
	s.startCheckpointer()
	s.startReads()
	s.watching.start()
	return s, nil
}

// gormConfig is gorm's configuration for the store; prepare keeps
// prepared statements in gorm's cache.
func (s *Store) gormConfig(prepare bool) *gorm.Config {
	return &gorm.Config{
		// gorm's logger would print SQL with its values: personal data. Never.
		Logger:                 logger.Discard,
		NowFunc:                s.now,
		SkipDefaultTransaction: true,
		PrepareStmt:            prepare,
		TranslateError:         false,
	}
}

func setPool(db *gorm.DB, n int) {
	sqlDB, _ := db.DB()
	sqlDB.SetMaxOpenConns(n)
	sqlDB.SetMaxIdleConns(n)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
}

// rootCause keeps the last, most specific part of a driver error chain,
// which is the part a person can act on ("connection refused").
func rootCause(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && i+2 < len(msg) {
		return msg[i+2:]
	}
	return msg
}

// URL is the database URL the store was opened with.
func (s *Store) URL() string { return s.url }

// Dialect says which database this is.
func (s *Store) Dialect() Dialect { return s.dialect }

// Now is the store's clock, in UTC to the microsecond.
func (s *Store) Now() time.Time { return s.now() }

// Ping checks that the database answers, for /readyz.
func (s *Store) Ping(ctx context.Context) error {
	for _, db := range s.dbs() {
		sqlDB, err := db.DB()
		if err != nil {
			return err
		}
		if err := sqlDB.PingContext(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Close releases every connection.
func (s *Store) Close() error {
	s.stopReads()
	s.stopCheckpointer()
	s.stopBatcher()
	var first error
	for _, db := range s.dbs() {
		if sqlDB, err := db.DB(); err == nil {
			if err := sqlDB.Close(); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

func (s *Store) dbs() []*gorm.DB {
	if s.read == nil || s.read == s.write {
		return []*gorm.DB{s.write}
	}
	return []*gorm.DB{s.write, s.read}
}

// sqlDB is the writer's database/sql handle, for the migrator.
func (s *Store) sqlDB() *sql.DB {
	db, _ := s.write.DB()
	return db
}

// tx runs fn as one write: in a savepoint of the batch's transaction
// (batch.go), so an error rolls back everything fn did and nothing else.
// A committed write counts as a change readers may see (changes.go).
func (s *Store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.batchWrite(ctx, writeVisible|writeAccounts, fn)
}

// contentTx is tx for the writes that the forum makes most, posting and
// moderating posts, which change posts, topics, forums' counts,
// notifications, the search index and the moderation log, and never a
// session, an account or its grants: the sessions kept in memory
// (readcache.go) stay valid across them. visible is false for a write
// readers cannot see yet (a post sent to the queue). fn may run twice, the
// first run rolled back (batch.go): it must start from nothing each time,
// setting rather than adding to what it hands back.
func (s *Store) contentTx(ctx context.Context, visible bool, fn func(tx *gorm.DB) error) error {
	kind := writeRerunnable
	if visible {
		kind |= writeVisible
	}
	return s.batchWrite(ctx, kind, fn)
}

// r is the reader for ctx.
func (s *Store) r(ctx context.Context) *gorm.DB { return s.read.WithContext(ctx) }

// sqliteDriver is mattn's SQLite driver with the forum's own SQL functions:
// forum_rank, which ranks full-text matches (see search.go).
const sqliteDriver = "sqlite3_forum"

// registerSQLite registers sqliteDriver with database/sql, once per
// process; database/sql's driver list is global by its own design.
var registerSQLite = sync.OnceFunc(func() {
	sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{
		ConnectHook: func(conn *sqlite3.SQLiteConn) error {
			return conn.RegisterFunc("forum_rank", bm25, true)
		},
	})
})
