package store

import (
	"context"
	"path/filepath"
	"testing"

	"gorm.io/gorm"
)

// TestWritesThatMayRunTwiceAreRunTwiceUnderTest: under test, every write
// declared mayRunTwice runs twice, the first run rolled back, so a store
// method whose function adds to what it hands back, rather than setting
// it, fails its own tests; every other write runs once. Either way the
// database holds what one run wrote.
func TestWritesThatMayRunTwiceAreRunTwiceUnderTest(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "forum.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.db.Exec("CREATE TABLE rehearsed (kind INTEGER)").Error; err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		kind writeKind
		runs int
	}{
		{"anyChange", anyChange, 1},
		{"privateChange", privateChange, 1},
		{"uncachedChange", uncachedChange, 1},
		{"contentChange", contentChange, 2},
		{"pendingChange", pendingChange, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runs := 0
			err := s.write(ctx, tc.kind, func(tx *gorm.DB) error {
				runs++
				return tx.Exec("INSERT INTO rehearsed (kind) VALUES (?)", int(tc.kind)).Error
			})
			if err != nil {
				t.Fatal(err)
			}
			if runs != tc.runs {
				t.Errorf("the function ran %d times, want %d", runs, tc.runs)
			}
			var rows int64
			if err := s.r(ctx).Raw("SELECT COUNT(*) FROM rehearsed WHERE kind = ?", int(tc.kind)).Scan(&rows).Error; err != nil {
				t.Fatal(err)
			}
			if rows != 1 {
				t.Errorf("the table holds %d rows of the write, want the one of its last run", rows)
			}
		})
	}
}
