package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"

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
	// NotifyWatched tells a member of a post published in a topic or forum
	// they watch (watches.go); the list groups them per topic, as replies.
	NotifyWatched = "watched"
)

// UnreadNotificationsMax bounds the unread notifications read for the
// list and the header's count: past it, the oldest unread wait their turn.
const UnreadNotificationsMax = 1000

// Notifications lists an account's notifications, newest first: every
// unread one (up to UnreadNotificationsMax) and the newest read ones (up
// to limit). Each reply carries its byline, so that the list can say who
// replied, and group a topic's replies (web/notifications.go).
func (s *Store) Notifications(ctx context.Context, accountID int64, limit int) ([]forum.Notification, error) {
	unread, err := s.notificationRows(ctx, accountID, false, UnreadNotificationsMax)
	if err != nil {
		return nil, err
	}
	read, err := s.notificationRows(ctx, accountID, true, limit)
	if err != nil {
		return nil, err
	}
	rows := append(unread, read...)
	slices.SortFunc(rows, func(a, b notificationListRow) int { return cmp.Compare(b.Notif.ID, a.Notif.ID) })
	out := make([]forum.Notification, 0, len(rows))
	for _, r := range rows {
		n := r.Notif
		note := forum.Notification{ID: s.ids.public(notificationIDs, n.ID), Kind: n.Kind, TopicID: s.ids.pubTopic(n.TopicID.Int64),
			PostID: s.ids.pubPost(n.PostID.Int64), Title: r.Title.String, Detail: n.Detail, CreatedAt: n.CreatedAt.UTC(), Read: n.ReadAt.Valid}
		if grouped(n.Kind) && r.ReplyStatus.String == string(forum.StatusApproved) {
			note.Replier = displayName(r.ReplyAnonymous.Bool, r.Replier)
		}
		if n.Kind == NotifyWatched {
			note.WatchingTopic = r.WatchingTopic
			note.WatchedForumID, note.WatchedForum = r.WatchedForumID.Int64, r.WatchedForum.String
		}
		out = append(out, note)
	}
	return out, nil
}

// notificationListRow is a notification as the list reads it: with its
// topic's title and, for a reply or a post in a watched topic, the post's
// byline (bylineJoin: the writer's pseudonym only when they signed it);
// for the latter also whether the member still watches the topic, or else
// its forum, for the line's "Stop watching".
type notificationListRow struct {
	Notif          notificationRow `gorm:"embedded"`
	Title          sql.NullString
	ReplyStatus    sql.NullString
	ReplyAnonymous sql.NullBool
	Replier        sql.NullString
	WatchingTopic  bool
	WatchedForumID sql.NullInt64
	WatchedForum   sql.NullString
}

// grouped says whether notifications of a kind are told per topic: the
// list makes one line of a topic's alike, and the count counts it once.
func grouped(kind string) bool { return kind == NotifyReply || kind == NotifyWatched }

// notificationRows reads an account's newest read, or unread,
// notifications.
func (s *Store) notificationRows(ctx context.Context, accountID int64, read bool, limit int) ([]notificationListRow, error) {
	state := "n.read_at IS NULL"
	if read {
		state = "n.read_at IS NOT NULL"
	}
	var rows []notificationListRow
	err := s.r(ctx).Table("notifications n").
		Select(`n.*, t.title AS title, rp.status AS reply_status, rp.anonymous AS reply_anonymous, ra.pseudonym AS replier,
			wt.id IS NOT NULL AS watching_topic, wf.forum_id AS watched_forum_id, ff.name AS watched_forum`).
		Joins("LEFT JOIN topics t ON t.id = n.topic_id").
		Joins("LEFT JOIN posts rp ON rp.id = n.post_id AND n.kind IN ?", []string{NotifyReply, NotifyWatched}).
		Joins(bylineJoin("rp", "ra")).
		Joins("LEFT JOIN watches wt ON wt.topic_id = n.topic_id AND wt.account_id = n.account_id AND n.kind = ?", NotifyWatched).
		Joins("LEFT JOIN watches wf ON wf.forum_id = t.forum_id AND wf.account_id = n.account_id AND n.kind = ?", NotifyWatched).
		Joins("LEFT JOIN forums ff ON ff.id = wf.forum_id").
		Where("n.account_id = ? AND "+state, accountID).Order("n.id DESC").Limit(limit).Find(&rows).Error
	return rows, translate(err)
}

// UnreadNotifications counts an account's unread notifications as the
// list shows them: the replies in one topic count once, as they are one
// line there, and so do the posts in one watched topic. It counts up to CountCap, among the newest
// UnreadNotificationsMax, so that it costs the same however many there
// are.
func (s *Store) UnreadNotifications(ctx context.Context, accountID int64) (int64, error) {
	gen, caching := s.cacheGen()
	if n, ok := s.cache.unread.Get(accountID, gen); caching && ok {
		return n, nil
	}
	var n int64
	newest := s.r(ctx).Model(&notificationRow{}).Select("id, kind, topic_id").
		Where("account_id = ? AND read_at IS NULL", accountID).Order("id DESC").Limit(UnreadNotificationsMax)
	// A line is a notification, or a topic's replies, or a topic's posts
	// told to a watcher: topic ids are negated so that they never meet a
	// notification's id, and the kind tells the two groups of a topic apart.
	kinds := []string{NotifyReply, NotifyWatched}
	lines := s.r(ctx).Table("(?) u", newest).
		Distinct("CASE WHEN kind IN ? THEN kind ELSE '' END AS k, CASE WHEN kind IN ? THEN -topic_id ELSE id END AS i", kinds, kinds).
		Limit(CountCap)
	err := s.r(ctx).Table("(?) l", lines).Count(&n).Error
	if err == nil && caching {
		s.cache.unread.Put(accountID, gen, n)
	}
	return n, translate(err)
}

// MarkNotificationsRead marks one notification (or all, with id 0) read;
// id is its public id. Marking a reply marks with it the older unread
// replies in the same topic, which the list shows as one line with it; so
// for the posts in a watched topic.
func (s *Store) MarkNotificationsRead(ctx context.Context, accountID, id int64) error {
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		q := tx.Model(&notificationRow{}).Where("account_id = ? AND read_at IS NULL", accountID)
		if id != 0 {
			kept := s.ids.kept(notificationIDs, id)
			var n notificationRow
			err := tx.Where("id = ? AND account_id = ?", kept, accountID).Take(&n).Error
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return nil // not theirs, or none: nothing to mark
			}
			if err != nil {
				return err
			}
			if grouped(n.Kind) {
				q = q.Where("kind = ? AND topic_id = ? AND id <= ?", n.Kind, n.TopicID, kept)
			} else {
				q = q.Where("id = ?", kept)
			}
		}
		return q.Update("read_at", s.now()).Error
	})
}
