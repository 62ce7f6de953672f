package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// Notes between moderators on a post (issue 17, item 7). They are read on
// the post's moderation page only, by moderators of its group and admins,
// and name their writer: a moderator, never the post's author. No page a
// member or a visitor sees, no feed, notification or export holds them.
// They go with the post: its deletion (the foreign key) and its author's
// erasure (erasePosts) take them.

// ModNotes lists the notes on a post, oldest first, for a moderator of its
// group or an admin.
func (s *Store) ModNotes(ctx context.Context, actor forum.Account, publicPostID int64) ([]forum.ModNote, error) {
	postID := s.ids.post(publicPostID)
	if _, err := postToModerate(s.r(ctx), actor, postID); err != nil {
		return nil, err
	}
	var rows []struct {
		Body      string
		CreatedAt time.Time
		Writer    sql.NullString
	}
	err := s.r(ctx).Table("mod_notes n").Select("n.body, n.created_at, a.pseudonym AS writer").
		Joins("LEFT JOIN accounts a ON a.id = n.writer_id").
		Where("n.post_id = ?", postID).Order("n.created_at, n.id").Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]forum.ModNote, len(rows))
	for i, r := range rows {
		out[i] = forum.ModNote{Writer: forum.FormerModeratorName, Body: r.Body, CreatedAt: r.CreatedAt.UTC()}
		if r.Writer.Valid {
			out[i].Writer = r.Writer.String
		}
	}
	return out, nil
}

// AddModNote adds a moderator's note to a post in their groups. A form
// sent twice (the same submission key) adds one note. The note's field
// error is "note", checked after who may act.
func (s *Store) AddModNote(ctx context.Context, actor forum.Account, publicPostID int64, note, submissionKey string) error {
	postID := s.ids.post(publicPostID)
	return s.write(ctx, pendingChange, func(tx *gorm.DB) error {
		if _, err := postToModerate(tx, actor, postID); err != nil {
			return err
		}
		clean, err := forum.CheckModNote(note)
		if err != nil {
			return err
		}
		key := submissionKey
		if key == "" {
			key = "none-" + rand.Text()
		}
		// The same form sent twice, even at once from two instances,
		// adds one note: the first stands.
		return tx.Exec(`INSERT INTO mod_notes (post_id, writer_id, body, created_at, submission_key)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (submission_key) DO NOTHING`,
			postID, sql.NullInt64{Int64: actor.ID, Valid: actor.ID != 0}, clean, s.now(), key).Error
	})
}
