package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations are versioned, ordered SQL files, one folder per dialect, so each
// database gets the types and indexes that suit it. goose records which have
// run in goose_db_version, so a deployed database upgrades in place.
//
//go:embed migrations
var migrations embed.FS

// Migrate brings the schema up to date, then fills what SQL cannot
// (skeletons.go). On PostgreSQL a session advisory lock
// keeps several instances starting at once from migrating twice.
func (s *Store) Migrate(ctx context.Context) error {
	fsys, err := fs.Sub(migrations, "migrations/"+string(s.dialect))
	if err != nil {
		return err
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if s.dialect == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, s.sqlDB(), fsys, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if err := s.fillPseudonymSkeletons(ctx); err != nil {
		return fmt.Errorf("migrations: pseudonym skeletons: %w", err)
	}
	return nil
}

// SchemaVersion is the newest migration applied, for the migrate command's report.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	fsys, _ := fs.Sub(migrations, "migrations/"+string(s.dialect))
	dialect := goose.DialectSQLite3
	if s.dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, s.sqlDB(), fsys)
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}
