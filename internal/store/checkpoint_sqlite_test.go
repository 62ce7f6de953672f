package store_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

// Committed writes reach the database file itself, not only its log, soon
// after they are made, although they are far too few for the writer's own
// checkpoint (write_sqlite.go). The file is read with immutable=1, which
// makes SQLite ignore the -wal file: only what a checkpoint copied shows.
func TestCheckpointerCopiesTheLogIntoTheFile(t *testing.T) {
	url := storetest.URL(t, store.SQLite)
	s := storetest.Open(t, url, store.Options{})
	const accounts = 20
	for i := range accounts {
		mustAccount(t, s, fmt.Sprintf("Checkpoint Member %d", i), forum.RolePractitioner)
	}
	path := strings.TrimPrefix(url, "sqlite:")
	inFile := func() int {
		db, err := sql.Open("sqlite3", "file:"+path+"?immutable=1&mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow("SELECT count(*) FROM accounts WHERE pseudonym LIKE 'Checkpoint Member %'").Scan(&n); err != nil {
			return -1 // the file may not hold the table yet
		}
		return n
	}
	deadline := time.Now().Add(10 * time.Second)
	n := inFile()
	for n != accounts && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		n = inFile()
	}
	if n != accounts {
		t.Fatalf("the database file holds %d of the %d accounts written; the rest stayed in the log", n, accounts)
	}
}
