// Package storetest gives tests a real, empty database of each kind: a
// SQLite file in a temporary folder always, and a PostgreSQL schema of its
// own when FORUM_TEST_POSTGRES_URL is set. Each is removed after the test.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"forum/internal/store"
)

// PostgresEnv names the variable that points the tests at a PostgreSQL server.
const PostgresEnv = "FORUM_TEST_POSTGRES_URL"

// Each runs fn once per database kind as a subtest named "sqlite" or
// "postgres". Without a PostgreSQL URL the postgres subtest says it skipped.
func Each(t *testing.T, fn func(t *testing.T, dbURL string)) {
	t.Helper()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			fn(t, URL(t, d))
		})
	}
}

// EachStore is Each with the store opened (migrated and seeded) for fn.
func EachStore(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	Each(t, func(t *testing.T, dbURL string) {
		fn(t, Open(t, dbURL, store.Options{}))
	})
}

// Open opens dbURL and closes it when the test ends.
func Open(t testing.TB, dbURL string, opts store.Options) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // migrations queue on one advisory lock per database
	defer cancel()
	s, err := store.Open(ctx, dbURL, opts)
	if err != nil {
		t.Fatalf("open %s: %v", dbURL, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// URL returns the URL of a new, empty database of kind d, skipping the test
// when d is PostgreSQL and no server was given.
func URL(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "forum.db")
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skip("PostgreSQL tests skipped: set " + PostgresEnv + " to run them")
	}
	return PostgresSchema(t, base)
}

// PostgresSchema makes a schema of its own on the server at base, drops it
// when the test ends, and returns a URL whose search_path points at it.
func PostgresSchema(t testing.TB, base string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("PostgreSQL at %s: %v", PostgresEnv, err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "forum_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
