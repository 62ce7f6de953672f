package store

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// RequestReveal asks, with a written reason, to learn who wrote an
// anonymous post. Nothing is revealed until a second moderator agrees.
func (s *Store) RequestReveal(ctx context.Context, actor forum.Account, postID int64, reason string) (int64, error) {
	if clean, ok := forum.CleanText(reason); !ok || len([]rune(clean)) < 20 {
		var fe forum.FieldErrors
		fe.Add("reason", "Explain in at least 20 characters why the author must be known")
		return 0, fe.Err()
	}
	var id int64
	err := s.quietTx(ctx, func(tx *gorm.DB) error {
		pp, err := postToModerate(tx, actor, postID)
		if err != nil {
			return err
		}
		if !pp.Post.Anonymous {
			return forum.Errorf(forum.EINVALID, "This post is not anonymous.")
		}
		row := revealRow{PostID: postID, RequesterID: sql.NullInt64{Int64: actor.ID, Valid: true}, Reason: reason, CreatedAt: s.now()}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		id = row.ID
		return logAction(tx, s.now(), actor, ActionReveal, pp.Post.TopicID, postID, "", reason)
	})
	return id, err
}

// ApproveReveal is the second moderator's agreement. The moderator who
// asked cannot agree to their own request.
func (s *Store) ApproveReveal(ctx context.Context, actor forum.Account, requestID int64) error {
	return s.quietTx(ctx, func(tx *gorm.DB) error {
		var r revealRow
		if err := tx.Where("id = ?", requestID).Take(&r).Error; err != nil {
			return translate(err)
		}
		if r.RequesterID.Valid && r.RequesterID.Int64 == actor.ID {
			return forum.Errorf(forum.EFORBIDDEN, "A different moderator must agree to your request.")
		}
		pp, err := postToModerate(tx, actor, r.PostID)
		if err != nil {
			return err
		}
		res := tx.Model(&revealRow{}).Where("id = ? AND approved_at IS NULL", requestID).
			Updates(map[string]any{"approver_id": actor.ID, "approved_at": s.now()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return forum.Errorf(forum.ECONFLICT, "Another moderator has already agreed to this request.")
		}
		return logAction(tx, s.now(), actor, ActionRevealOK, pp.Post.TopicID, r.PostID, "", r.Reason)
	})
}

// RevealRequests lists requests in actor's groups, newest first. The
// pseudonym is filled only on agreed requests that actor asked or agreed.
func (s *Store) RevealRequests(ctx context.Context, actor forum.Account) ([]forum.RevealRequest, error) {
	q := s.r(ctx).Table("reveal_requests r").Select(`r.id, r.post_id, r.reason, r.created_at, r.approved_at,
		r.requester_id, r.approver_id, p.topic_id,
		rq.pseudonym AS requester, ap.pseudonym AS approver,
		CASE WHEN r.approved_at IS NOT NULL AND (r.requester_id = ? OR r.approver_id = ?) THEN au.pseudonym END AS pseudonym`, actor.ID, actor.ID).
		Joins("JOIN posts p ON p.id = r.post_id").Joins("JOIN topics t ON t.id = p.topic_id").
		Joins("JOIN forums f ON f.id = t.forum_id").
		Joins("LEFT JOIN accounts rq ON rq.id = r.requester_id").
		Joins("LEFT JOIN accounts ap ON ap.id = r.approver_id").
		Joins("LEFT JOIN accounts au ON au.id = p.author_id")
	q = scopeGroups(q, actor, "f.group_id")
	var rows []struct {
		ID         int64
		PostID     int64
		TopicID    int64
		Reason     string
		CreatedAt  time.Time
		ApprovedAt sql.NullTime
		Requester  sql.NullString
		Approver   sql.NullString
		Pseudonym  sql.NullString
	}
	if err := q.Order("r.id DESC").Limit(100).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]forum.RevealRequest, 0, len(rows))
	for _, r := range rows {
		rr := forum.RevealRequest{ID: r.ID, PostID: r.PostID, TopicID: r.TopicID, Reason: r.Reason,
			CreatedAt: r.CreatedAt.UTC(), ApprovedAt: nullTime(r.ApprovedAt),
			Requester: r.Requester.String, Approver: r.Approver.String, Pseudonym: r.Pseudonym.String}
		if r.ApprovedAt.Valid && rr.Pseudonym == "" && (r.Requester.String == actor.Pseudonym || r.Approver.String == actor.Pseudonym) {
			rr.Pseudonym = forum.FormerMemberName
		}
		out = append(out, rr)
	}
	return out, nil
}
