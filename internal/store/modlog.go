package store

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// Moderation-log actions.
const (
	ActionRole      = "role"
	ActionApprove   = "approve"
	ActionDecline   = "decline"
	ActionEdit      = "edit"
	ActionHide      = "hide"
	ActionUnhide    = "unhide"
	ActionSuspend   = "suspend"
	ActionSettings  = "settings"
	ActionInvite    = "invite"
	ActionLock      = "lock"
	ActionUnlock    = "unlock"
	ActionReport    = "report-dismissed"
	ActionReveal    = "reveal-request"
	ActionRevealOK  = "reveal-approved"
	ActionPin       = "pin"
	ActionUnpin     = "unpin"
	ActionOpen      = "open"
	ActionClose     = "close"
	ActionAnnounce  = "announce"
	ActionForum     = "forum"
	ActionGroup     = "group"
	ActionUnsuspend = "unsuspend"
	// ActionApproveChange and ActionDeclineChange decide an author's
	// change to their published post (postedits.go).
	ActionApproveChange = "approve-change"
	ActionDeclineChange = "decline-change"
)

// LogEntry is one line of the moderation log.
type LogEntry struct {
	ID      int64
	Actor   string
	Action  string
	TopicID int64
	PostID  int64
	// Subject names what was acted on. For a topic it is the topic's title
	// as it is now, read when the log is, never copied into the log: what
	// an author erases leaves the log too.
	Subject   string
	Reason    string
	CreatedAt time.Time
}

// logAction writes a moderation-log line inside the transaction of the act
// it records, so the act and its record stand or fall together.
func logAction(tx *gorm.DB, now time.Time, actor forum.Account, action string, topicID, postID int64, subject, reason string) error {
	return logActionStep(now, actor, action, topicID, postID, subject, reason).run(tx)
}

// logActionStep is logAction's statement, for a write that sends it with
// others (runSteps).
func logActionStep(now time.Time, actor forum.Account, action string, topicID, postID int64, subject, reason string) step {
	return step{`INSERT INTO mod_log (actor_id, actor_pseudonym, action, topic_id, post_id, subject, reason, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		[]any{sql.NullInt64{Int64: actor.ID, Valid: actor.ID != 0}, actor.Pseudonym, action,
			sql.NullInt64{Int64: topicID, Valid: topicID != 0}, sql.NullInt64{Int64: postID, Valid: postID != 0},
			subject, reason, now}}
}

// ModLog lists the newest log lines that actor may read, before id when it
// is not zero. A moderator of some groups reads the lines about topics in
// those groups only; the rest (roles, settings, forums, lines about topics
// since deleted) are for moderators of every group and admins.
func (s *Store) ModLog(ctx context.Context, actor forum.Account, before int64, limit int) ([]LogEntry, error) {
	q := s.r(ctx).Table("mod_log l").Select("l.*, t.title AS topic_title").
		Joins("LEFT JOIN topics t ON t.id = l.topic_id").Order("l.id DESC").Limit(limit)
	if actor.Role == forum.RoleModerator && len(actor.ModeratorGroups) > 0 {
		q = q.Joins("JOIN forums f ON f.id = t.forum_id").Where("f.group_id IN ?", actor.ModeratorGroups)
	} else if !actor.IsModerator() {
		q = q.Where("1 = 0")
	}
	if before > 0 {
		q = q.Where("l.id < ?", before)
	}
	var rows []struct {
		Row        modLogRow `gorm:"embedded"`
		TopicTitle sql.NullString
	}
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]LogEntry, 0, len(rows))
	for _, lr := range rows {
		r := lr.Row
		e := LogEntry{ID: r.ID, Actor: r.ActorPseudonym, Action: r.Action, TopicID: s.ids.pubTopic(r.TopicID.Int64),
			PostID: s.ids.pubPost(r.PostID.Int64), Subject: r.Subject, Reason: r.Reason, CreatedAt: r.CreatedAt.UTC()}
		if r.TopicID.Valid {
			switch {
			case lr.TopicTitle.Valid && e.Subject != "":
				e.Subject = lr.TopicTitle.String + ": " + e.Subject
			case lr.TopicTitle.Valid:
				e.Subject = lr.TopicTitle.String
			case e.Subject == "":
				e.Subject = "a topic since deleted"
			}
		}
		out = append(out, e)
	}
	return out, nil
}
