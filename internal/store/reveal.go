package store

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// canTakePartInReveal refuses a moderator given the role less than
// forum.RevealWait ago.
func canTakePartInReveal(tx *gorm.DB, actor forum.Account, now time.Time) error {
	var since sql.NullTime
	if err := tx.Raw("SELECT role_granted_at FROM accounts WHERE id = ?", actor.ID).Row().Scan(&since); err != nil {
		return translate(err)
	}
	// The role as it is in the database now, not as the session read it.
	actor.RoleSince = nullTime(since)
	if !actor.MayTakePartInReveal(now) {
		return forum.Errorf(forum.EFORBIDDEN, "Only a moderator who has had the role for 14 days can ask for or agree to a reveal.")
	}
	return nil
}

// RequestReveal asks, with a written reason, to learn who wrote an
// anonymous post. Nothing is revealed until a second moderator agrees;
// every moderator and admin is told of the request. A reason too short or
// too long is the field error "reason", checked after who may ask.
func (s *Store) RequestReveal(ctx context.Context, actor forum.Account, publicPostID int64, reason string) (int64, error) {
	postID := s.ids.post(publicPostID)
	var id int64
	err := s.write(ctx, privateChange, func(tx *gorm.DB) error {
		pp, err := postToModerate(tx, actor, postID)
		if err != nil {
			return err
		}
		if !pp.Post.Anonymous {
			return forum.Errorf(forum.EINVALID, "This post is not anonymous.")
		}
		now := s.now()
		if err := canTakePartInReveal(tx, actor, now); err != nil {
			return err
		}
		var fe forum.FieldErrors
		forum.CheckReason(&fe, "reason", reason, "Explain in at least 20 characters why the author must be known", forum.RevealReasonMin)
		if err := fe.Err(); err != nil {
			return err
		}
		row := revealRow{PostID: postID, RequesterID: sql.NullInt64{Int64: actor.ID, Valid: true}, Reason: reason, CreatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		id = row.ID
		detail := actor.Pseudonym + " asked to reveal who wrote an anonymous post in " + groupName(tx, pp.GroupID) + "."
		if err := notifyStaff(tx, actor.ID, NotifyRevealAsked, detail, now); err != nil {
			return err
		}
		return logAction(tx, now, actor, ActionReveal, pp.Post.TopicID, postID, "", reason)
	})
	return id, err
}

// ApproveReveal is the second moderator's agreement. The moderator who
// asked cannot agree to their own request; every moderator and admin is
// told of the outcome.
func (s *Store) ApproveReveal(ctx context.Context, actor forum.Account, requestID int64) error {
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
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
		now := s.now()
		if err := canTakePartInReveal(tx, actor, now); err != nil {
			return err
		}
		res := tx.Model(&revealRow{}).Where("id = ? AND approved_at IS NULL", requestID).
			Updates(map[string]any{"approver_id": actor.ID, "approved_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return forum.Errorf(forum.ECONFLICT, "Another moderator has already agreed to this request.")
		}
		var requester string
		if err := tx.Raw("SELECT COALESCE((SELECT pseudonym FROM accounts WHERE id = ?), ?)", r.RequesterID, forum.FormerMemberName).
			Row().Scan(&requester); err != nil {
			return err
		}
		detail := actor.Pseudonym + " agreed to the request of " + requester + " to reveal who wrote an anonymous post in " +
			groupName(tx, pp.GroupID) + ": the two of them now know."
		if err := notifyStaff(tx, actor.ID, NotifyRevealAgreed, detail, now); err != nil {
			return err
		}
		return logAction(tx, now, actor, ActionRevealOK, pp.Post.TopicID, r.PostID, "", r.Reason)
	})
}

// notifyStaff tells every moderator and admin but the one acting.
func notifyStaff(tx *gorm.DB, actorID int64, kind, detail string, now time.Time) error {
	return tx.Exec(`INSERT INTO notifications (account_id, kind, detail, created_at)
		SELECT id, ?, ?, ? FROM accounts WHERE role IN (?, ?) AND id <> ?`,
		kind, detail, now, forum.RoleModerator, forum.RoleAdmin, actorID).Error
}

// groupName is a group's name, for a notification; "" when it is gone.
func groupName(tx *gorm.DB, id int64) string {
	var name string
	_ = tx.Raw("SELECT name FROM outcome_groups WHERE id = ?", id).Row().Scan(&name)
	return name
}

// revealsToAgree picks the reveal requests actor can agree to now, as
// ApproveReveal would let them: not yet agreed, on a post in their groups,
// asked by someone else, and actor has moderated for forum.RevealWait.
// Who wrote the post plays no part: the count must not tell.
func (s *Store) revealsToAgree(db *gorm.DB, actor forum.Account) *gorm.DB {
	q := db.Table("reveal_requests r").
		Joins("JOIN posts p ON p.id = r.post_id").Joins("JOIN topics t ON t.id = p.topic_id").
		Joins("JOIN forums f ON f.id = t.forum_id").
		Where("r.approved_at IS NULL AND (r.requester_id IS NULL OR r.requester_id <> ?)", actor.ID)
	if !actor.MayTakePartInReveal(s.now()) {
		q = q.Where("1 = 0")
	}
	return scopeGroups(q, actor, "f.group_id")
}

// RevealRequests lists requests in actor's groups, newest first. The
// pseudonym is filled only on agreed requests that actor asked or agreed.
func (s *Store) RevealRequests(ctx context.Context, actor forum.Account) ([]forum.RevealRequest, error) {
	q := s.r(ctx).Table("reveal_requests r").Select(`r.id, r.post_id, r.reason, r.created_at, r.approved_at,
		r.requester_id, r.approver_id, p.topic_id,
		rq.pseudonym AS requester, ap.pseudonym AS approver`).
		Joins("JOIN posts p ON p.id = r.post_id").Joins("JOIN topics t ON t.id = p.topic_id").
		Joins("JOIN forums f ON f.id = t.forum_id").
		Joins("LEFT JOIN accounts rq ON rq.id = r.requester_id").
		Joins("LEFT JOIN accounts ap ON ap.id = r.approver_id")
	q = scopeGroups(q, actor, "f.group_id")
	var rows []struct {
		ID          int64
		PostID      int64
		TopicID     int64
		Reason      string
		CreatedAt   time.Time
		ApprovedAt  sql.NullTime
		Requester   sql.NullString
		Approver    sql.NullString
		RequesterID sql.NullInt64
		ApproverID  sql.NullInt64
	}
	if err := q.Order("r.id DESC").Limit(100).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]forum.RevealRequest, 0, len(rows))
	for _, r := range rows {
		rr := forum.RevealRequest{ID: r.ID, PostID: s.ids.pubPost(r.PostID), TopicID: s.ids.pubTopic(r.TopicID), Reason: r.Reason,
			CreatedAt: r.CreatedAt.UTC(), ApprovedAt: nullTime(r.ApprovedAt),
			Requester: displayName(false, r.Requester)}
		if r.ApprovedAt.Valid {
			rr.Approver = displayName(false, r.Approver)
		}
		// The break-glass: the pseudonym, for the two who asked and agreed.
		if r.ApprovedAt.Valid && (r.RequesterID.Int64 == actor.ID || r.ApproverID.Int64 == actor.ID) {
			var err error
			if rr.Pseudonym, err = revealedAuthor(s.r(ctx), r.PostID); err != nil {
				return nil, err
			}
		}
		out = append(out, rr)
	}
	return out, nil
}
