package store

import (
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"forum/internal/forum"
)

// translate maps driver errors to the forum's own, so callers never import a
// driver to learn that a name is taken or a row is missing.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var fe *forum.Error
	if errors.As(err, &fe) {
		return err
	}
	if errors.Is(err, gorm.ErrRecordNotFound) || errors.Is(err, sql.ErrNoRows) {
		return forum.ErrNotFound
	}
	if isUniqueViolation(err) {
		return &forum.Error{Code: forum.ECONFLICT, Message: "That already exists.", Err: err}
	}
	return &forum.Error{Code: forum.EINTERNAL, Message: "database error", Err: err}
}

func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return false
}
