package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrExists says that a backup would overwrite a file.
var ErrExists = errors.New("file exists")

// Backup writes a consistent copy of a SQLite database to dest while the
// forum keeps running. VACUUM INTO reads one snapshot (WAL mode lets writers
// carry on meanwhile) into a temporary file beside dest, which is then
// renamed into place, so dest is never a half-written copy. An existing dest
// is replaced only when overwrite is set.
func (s *Store) Backup(ctx context.Context, dest string, overwrite bool) error {
	if s.dialect != SQLite {
		return fmt.Errorf("backup copies SQLite databases; for PostgreSQL use pg_dump")
	}
	if _, err := os.Stat(dest); err == nil && !overwrite {
		return fmt.Errorf("%s: %w (use --force to replace it)", dest, ErrExists)
	}
	dir := filepath.Dir(dest)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(dest)+".partial-*")
	if err != nil {
		return fmt.Errorf("cannot write to %s: %w", dir, err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	os.Remove(tmpName) // VACUUM INTO wants to create the file itself
	defer os.Remove(tmpName)

	db, err := sql.Open(sqliteDriver, "file:"+s.path+"?_busy_timeout=10000&_query_only=0")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmpName); err != nil {
		return fmt.Errorf("backup failed: %w", err)
	}
	if err := os.Rename(tmpName, dest); err != nil {
		return fmt.Errorf("backup failed: %w", err)
	}
	return nil
}
