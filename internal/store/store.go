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
	dialect Dialect
	url     string
	path    string           // the SQLite file, for Backup
	now     func() time.Time // the store's clock, in UTC to the microsecond
	db      *gorm.DB         // the pool writes, migrations and maintenance use
	read    *gorm.DB         // the pool reads use (on PostgreSQL, db)
	writer  writer           // runs every write transaction (write.go)
	// believe is how long what this instance learned of a member's own
	// rows (read marks, watches) is believed: always on SQLite, one
	// process; on PostgreSQL the member may change them on another
	// instance meanwhile.
	believe time.Duration

	counters    changeCounters // committed writes, which the caches watch (changes.go)
	clockChange clockChange    // the next change the clock brings (changes.go)
	peers       peers          // the other instances on one PostgreSQL (listen.go)

	cache    readCaches // sessions and unread counts, kept (readcache.go)
	search   searcher   // full-text search in the database's own way (search.go)
	reads    readMarks  // marks made by reading, waiting to be written (reads.go)
	watching watchCache // members' watches, kept (watches.go)
	ids      idCodec    // public ids of topics and posts (publicids.go)
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
		peers: peers{instance: newInstanceID()}, cache: newReadCaches()}
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
		if s.db, err = gorm.Open(open(base+"&_txlock=immediate"), s.gormConfig(true)); err != nil {
			return nil, fmt.Errorf("cannot open SQLite file %s: %w", target, err)
		}
		if s.read, err = gorm.Open(open(base+"&_query_only=1"), s.gormConfig(true)); err != nil {
			return nil, fmt.Errorf("cannot open SQLite file %s: %w", target, err)
		}
		// The batcher keeps one connection for the writes (write_sqlite.go); the
		// other is for the migrator and the maintenance commands.
		setPool(s.db, 2)
		setPool(s.read, max(4, 2*runtime.NumCPU()))
	case Postgres:
		// pgx keeps its own cache of prepared statements on each
		// connection, inside transactions too; gorm's would re-prepare
		// in every transaction.
		if s.db, err = gorm.Open(postgres.Open(target), s.gormConfig(false)); err != nil {
			return nil, fmt.Errorf("cannot reach PostgreSQL: %w", err)
		}
		setPool(s.db, 4*runtime.NumCPU()+4)
		s.read = s.db
		s.believe = readKnownFor
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
		if err := s.db.WithContext(ctx).Raw("SELECT current_schema()").Scan(&schema).Error; err != nil {
			s.Close()
			return nil, fmt.Errorf("cannot reach PostgreSQL: %s", rootCause(err))
		}
		s.peers.channel = channelFor(schema)
	}
	if dialect == SQLite {
		w, err := newSQLiteWriter(ctx, s)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("cannot open SQLite file %s: %s", target, rootCause(err))
		}
		s.writer = w
	} else {
		s.writer = postgresWriter{s: s}
	}
	s.search = searcherFor(dialect)
	s.startReads()
	s.watching.start(s.believe)
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
	if s.writer != nil {
		s.writer.close()
	}
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
	if s.read == nil || s.read == s.db {
		return []*gorm.DB{s.db}
	}
	return []*gorm.DB{s.db, s.read}
}

// sqlDB is the writer's database/sql handle, for the migrator.
func (s *Store) sqlDB() *sql.DB {
	db, _ := s.db.DB()
	return db
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
