package store

import (
	"context"
	"database/sql"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// Notification kinds.
const (
	NotifyApproved = "approved"
	NotifyDeclined = "declined"
	NotifyEdited   = "edited"
	NotifyReply    = "reply"
	// NotifySuspended and NotifyUnsuspended tell a member of a suspension
	// made from one of their posts, and of its lifting.
	NotifySuspended   = "suspended"
	NotifyUnsuspended = "unsuspended"
	// NotifyHidden and NotifyUnhidden tell a member that a moderator hid
	// one of their published posts, or showed it again, and why.
	NotifyHidden   = "hidden"
	NotifyUnhidden = "unhidden"
	// NotifyRevealAsked and NotifyRevealAgreed tell every moderator and
	// admin of each request to reveal an author, and of its outcome.
	NotifyRevealAsked  = "reveal-asked"
	NotifyRevealAgreed = "reveal-agreed"
)

// Notifications lists an account's newest notifications.
func (s *Store) Notifications(ctx context.Context, accountID int64, limit int) ([]forum.Notification, error) {
	var rows []struct {
		Notif notificationRow `gorm:"embedded"`
		Title sql.NullString
	}
	err := s.r(ctx).Table("notifications n").Select("n.*, t.title AS title").
		Joins("LEFT JOIN topics t ON t.id = n.topic_id").
		Where("n.account_id = ?", accountID).Order("n.id DESC").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]forum.Notification, 0, len(rows))
	for _, r := range rows {
		n := r.Notif
		out = append(out, forum.Notification{ID: s.ids.public(notificationIDs, n.ID), Kind: n.Kind, TopicID: s.ids.pubTopic(n.TopicID.Int64), PostID: s.ids.pubPost(n.PostID.Int64),
			Title: r.Title.String, Detail: n.Detail, CreatedAt: n.CreatedAt.UTC(), Read: n.ReadAt.Valid})
	}
	return out, nil
}

// UnreadNotifications counts an account's unread notifications.
// It counts up to CountCap, so that it costs the same however many there
// are.
func (s *Store) UnreadNotifications(ctx context.Context, accountID int64) (int64, error) {
	gen, caching := s.cacheGen()
	if n, ok := s.cache.unread.get(gen, accountID); caching && ok {
		return n, nil
	}
	var n int64
	unread := s.r(ctx).Model(&notificationRow{}).Select("1").Where("account_id = ? AND read_at IS NULL", accountID).Limit(CountCap)
	err := s.r(ctx).Table("(?) u", unread).Count(&n).Error
	if err == nil && caching {
		s.cache.unread.put(gen, accountID, n)
	}
	return n, translate(err)
}

// MarkNotificationsRead marks one notification (or all, with id 0) read;
// id is its public id.
func (s *Store) MarkNotificationsRead(ctx context.Context, accountID, id int64) error {
	return s.quietTx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&notificationRow{}).Where("account_id = ? AND read_at IS NULL", accountID)
		if id != 0 {
			q = q.Where("id = ?", s.ids.kept(notificationIDs, id))
		}
		return q.Update("read_at", s.now()).Error
	})
}
