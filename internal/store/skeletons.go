package store

import (
	"context"

	"forum/internal/forum"
)

// fillPseudonymSkeletons gives accounts made before migration 00012 their
// pseudonym's skeleton, which SQL cannot compute, and their key in today's
// form (forum.PseudonymKey now reads a pseudonym in its PRECIS form first,
// so a full-width pseudonym's key changes and its owner still signs in).
// Oldest first, so that of two old accounts that look alike the older keeps
// the skeleton and the younger keeps NULL: it can still sign in, and no new
// account can take either look. A clash on the key leaves the row as it was
// for the same reason. It runs after every migration; once done, it finds
// only those younger look-alikes.
func (s *Store) fillPseudonymSkeletons(ctx context.Context) error {
	var rows []accountRow
	db := s.db.WithContext(ctx)
	if err := db.Select("id", "pseudonym").Where("pseudonym_skeleton IS NULL").Order("id").Find(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		// One statement each, outside a transaction: a clash must not undo
		// the rows before it (on PostgreSQL it would end the transaction),
		// and another instance migrating at once fills the same rows alike.
		err := db.Exec("UPDATE accounts SET pseudonym_key = ?, pseudonym_skeleton = ? WHERE id = ? AND pseudonym_skeleton IS NULL",
			forum.PseudonymKey(r.Pseudonym), forum.PseudonymSkeleton(r.Pseudonym), r.ID).Error
		if err != nil && !isUniqueViolation(err) {
			return err
		}
	}
	return nil
}
