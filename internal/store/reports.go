package store

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// safeguardingHeadStart is how long a safeguarding-concern report is seen
// by safeguarding leads alone before every moderator sees it too.
const safeguardingHeadStart = 24 * time.Hour

// ReportPost records a reader's report on an approved post. A reader can
// report a post once; reporting again changes nothing.
func (s *Store) ReportPost(ctx context.Context, reporter forum.Account, publicPostID int64, reason, note string) error {
	postID := s.ids.post(publicPostID)
	if forum.ReportReasonText(reason) == "" {
		var fe forum.FieldErrors
		fe.Add("reason-"+forum.ReportReasons[0].Key, "Choose why you are reporting this post")
		return fe.Err()
	}
	if clean, ok := forum.CleanText(note); !ok || len([]rune(clean)) > 1000 {
		var fe forum.FieldErrors
		fe.Add("note", "Keep the note to 1,000 characters, without special characters")
		return fe.Err()
	}
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		var status string
		if err := tx.Model(&postRow{}).Where("id = ?", postID).Pluck("status", &status).Error; err != nil {
			return err
		}
		if forum.PostStatus(status) != forum.StatusApproved {
			return forum.ErrNotFound
		}
		err := tx.Create(&reportRow{PostID: postID, ReporterID: sql.NullInt64{Int64: reporter.ID, Valid: true},
			Reason: reason, Note: note, Safeguarding: reason == "safeguarding", CreatedAt: s.now()}).Error
		if isUniqueViolation(err) {
			return forum.Errorf(forum.ECONFLICT, "You have already reported this post. The moderators have it.")
		}
		return err
	})
}

// OpenReports lists unresolved reports in the groups actor moderates.
// Safeguarding concerns come first, and during their first day only
// safeguarding leads see them (or everyone, when there is no lead).
func (s *Store) OpenReports(ctx context.Context, actor forum.Account) ([]forum.Report, error) {
	q := s.openReports(s.r(ctx), actor).Select(`r.id, r.post_id, r.reason, r.note, r.safeguarding, r.created_at,
		p.topic_id, t.title AS topic_title, f.group_id, p.status AS post_status,
		CASE WHEN p.status = 'approved' THEN p.body_html ELSE '' END AS post_html`)
	var rows []struct {
		ID           int64
		PostID       int64
		Reason       string
		Note         string
		Safeguarding bool
		CreatedAt    time.Time
		TopicID      int64
		TopicTitle   string
		GroupID      int64
		PostStatus   string
		PostHTML     string `gorm:"column:post_html"`
	}
	if err := q.Order("r.safeguarding DESC, r.created_at, r.id").Limit(200).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]forum.Report, 0, len(rows))
	for _, r := range rows {
		out = append(out, forum.Report{ID: r.ID, PostID: s.ids.pubPost(r.PostID), TopicID: s.ids.pubTopic(r.TopicID), TopicTitle: r.TopicTitle,
			GroupID: r.GroupID, Reason: r.Reason, Note: r.Note, Safeguarding: r.Safeguarding,
			CreatedAt: r.CreatedAt.UTC(), PostHTML: r.PostHTML, PostStatus: forum.PostStatus(r.PostStatus)})
	}
	return out, nil
}

// openReports picks the reports OpenReports lists for actor, and the
// header counts: the two must agree.
func (s *Store) openReports(db *gorm.DB, actor forum.Account) *gorm.DB {
	q := db.Table("reports r").
		Joins("JOIN posts p ON p.id = r.post_id").Joins("JOIN topics t ON t.id = p.topic_id").
		Joins("JOIN forums f ON f.id = t.forum_id").
		Where("r.resolved_at IS NULL")
	q = scopeGroups(q, actor, "f.group_id")
	if !actor.SafeguardingLead {
		// Held back only while some safeguarding lead can act on it.
		q = q.Where(`(r.safeguarding = ? OR r.created_at < ? OR NOT EXISTS (
			SELECT 1 FROM accounts l WHERE l.safeguarding_lead = ? AND (l.role = 'admin' OR (l.role = 'moderator' AND (
				NOT EXISTS (SELECT 1 FROM moderator_scopes ms WHERE ms.account_id = l.id)
				OR EXISTS (SELECT 1 FROM moderator_scopes ms WHERE ms.account_id = l.id AND ms.group_id = f.group_id))))))`,
			false, s.now().Add(-safeguardingHeadStart), true)
	}
	return q
}

// DismissReport closes a report without acting on the post.
func (s *Store) DismissReport(ctx context.Context, actor forum.Account, reportID int64) error {
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		var r reportRow
		if err := tx.Where("id = ?", reportID).Take(&r).Error; err != nil {
			return translate(err)
		}
		pp, err := postToModerate(tx, actor, r.PostID)
		if err != nil {
			return err
		}
		res := tx.Model(&reportRow{}).Where("id = ? AND resolved_at IS NULL", reportID).
			Updates(map[string]any{"resolved_at": s.now(), "resolution": "dismissed"})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return forum.Errorf(forum.ECONFLICT, "Another moderator has already dealt with this report.")
		}
		return logAction(tx, s.now(), actor, ActionReport, pp.Post.TopicID, r.PostID, "", forum.ReportReasonText(r.Reason))
	})
}

func resolveReports(tx *gorm.DB, postID int64, resolution string, now time.Time) error {
	return tx.Model(&reportRow{}).Where("post_id = ? AND resolved_at IS NULL", postID).
		Updates(map[string]any{"resolved_at": now, "resolution": resolution}).Error
}
