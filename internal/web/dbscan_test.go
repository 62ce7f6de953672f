package web_test

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", to read PostgreSQL raw

	"forum/internal/store"
)

// The helpers here read the database beside the store, with database/sql,
// so that a test can see every table and column as text: new tables and
// columns are covered without anyone remembering to add them.

// rawDB opens the store's database directly. SQLite's driver, "sqlite3",
// is registered by the store's own import of mattn/go-sqlite3.
func rawDB(t *testing.T, st *store.Store) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", st.URL()
	if st.Dialect() == store.SQLite {
		driver, dsn = "sqlite3", "file:"+strings.TrimPrefix(st.URL(), "sqlite:")+"?_busy_timeout=10000"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// tables lists every table of the store's schema.
func tables(t *testing.T, st *store.Store, db *sql.DB) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
	if st.Dialect() == store.Postgres {
		q = `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		out = append(out, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("the database has no tables: the scan is looking in the wrong place")
	}
	return out
}

// cell is one value of one row, as text.
type cell struct {
	table, column, value string
}

// dumpCells reads every column of every row of every table as text.
func dumpCells(t *testing.T, st *store.Store) []cell {
	t.Helper()
	db := rawDB(t, st)
	var out []cell
	for _, table := range tables(t, st, db) {
		out = append(out, tableCells(t, db, table)...)
	}
	return out
}

func tableCells(t *testing.T, db *sql.DB, table string) []cell {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM "` + table + `"`)
	if err != nil {
		t.Fatalf("reading table %s: %v", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []cell
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("reading table %s: %v", table, err)
		}
		for i, v := range values {
			out = append(out, cell{table, cols[i], asText(v)})
		}
		// A row boundary, so that a dump of rows can be told apart.
		out = append(out, cell{table, "", ""})
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func asText(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(v)
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// snapshot is every table's rows, each row as one line of text, sorted.
type snapshot map[string][]string

func takeSnapshot(t *testing.T, st *store.Store) snapshot {
	t.Helper()
	out := snapshot{}
	var row []string
	for _, c := range dumpCells(t, st) {
		if _, ok := out[c.table]; !ok {
			out[c.table] = []string{}
		}
		if c.column == "" {
			out[c.table] = append(out[c.table], strings.Join(row, " | "))
			row = nil
			continue
		}
		row = append(row, c.column+"="+c.value)
	}
	for _, rows := range out {
		slices.Sort(rows)
	}
	return out
}

// changes describes how after differs from s, table by table; "" when it does not.
func (s snapshot) changes(after snapshot) string {
	var b strings.Builder
	var names []string
	for name := range s {
		names = append(names, name)
	}
	for name := range after {
		if _, ok := s[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		before, now := s[name], after[name]
		if slices.Equal(before, now) {
			continue
		}
		fmt.Fprintf(&b, "table %s:\n", name)
		for _, r := range before {
			if !slices.Contains(now, r) {
				fmt.Fprintf(&b, "  - %s\n", r)
			}
		}
		for _, r := range now {
			if !slices.Contains(before, r) {
				fmt.Fprintf(&b, "  + %s\n", r)
			}
		}
	}
	return b.String()
}
