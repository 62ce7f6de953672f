package store

import (
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// step is one SQL statement of a write with its arguments, built apart
// from running it, so that a write can send several in one round trip
// (runSteps). The zero step is nothing to do.
type step struct {
	sql  string
	args []any
}

// run sends the step on its own.
func (st step) run(tx *gorm.DB) error {
	if st.sql == "" {
		return nil
	}
	return tx.Exec(st.sql, st.args...).Error
}

// runSteps runs first, an INSERT or UPDATE, and the rest after it, as
// parts of one write, and says whether first changed a row; when it
// changed none, the caller must fail the write, for on PostgreSQL the rest
// ran anyway.
//
// On PostgreSQL the steps go as one statement, first and the rest each a
// data-modifying WITH query: one round trip instead of one each. A busy
// machine makes every round trip wait for both processes to be scheduled,
// and a write that updates rows every write in its forum updates (the
// counts) holds their locks from that step to its commit, so the fewer
// round trips after it, the less the others wait: a write puts those hot
// rows' step last. PostgreSQL runs first as the statement reads it, and
// then the WITH queries that nothing reads from the last written to the
// first, so the rest are written in reverse to run in the order given.
// Every step sees the database as it was before the statement, none
// another's changes: a write joins only steps that do not read what the
// others write.
//
// On SQLite, where a statement is a call into the same process, each runs
// in turn, and the rest only if first changed a row.
func runSteps(tx *gorm.DB, first step, rest ...step) (bool, error) {
	if tx.Dialector.Name() != "postgres" {
		res := tx.Exec(first.sql, first.args...)
		if res.Error != nil || res.RowsAffected == 0 {
			return false, res.Error
		}
		for _, st := range rest {
			if err := st.run(tx); err != nil {
				return false, err
			}
		}
		return true, nil
	}
	var b strings.Builder
	b.WriteString("WITH s0 AS (" + first.sql + " RETURNING 1)")
	args := append([]any{}, first.args...)
	for i := len(rest) - 1; i >= 0; i-- {
		if rest[i].sql == "" {
			continue
		}
		b.WriteString(", s" + strconv.Itoa(i+1) + " AS (" + rest[i].sql + ")")
		args = append(args, rest[i].args...)
	}
	b.WriteString(" SELECT COUNT(*) FROM s0")
	var n int64
	err := tx.Raw(b.String(), args...).Row().Scan(&n)
	return n > 0, err
}
