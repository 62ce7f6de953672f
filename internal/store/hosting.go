package store

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
	"forum/internal/markup"
)

// forumToHost loads a forum for a host's action and refuses anyone who
// neither hosts it nor is an admin.
func forumToHost(tx *gorm.DB, actor forum.Account, forumID int64) (forumRow, error) {
	f, err := forumForWrite(tx, forumID)
	if err != nil {
		return f, err
	}
	if actor.IsAdmin() {
		return f, nil
	}
	var n int64
	if err := tx.Table("forum_hosts").Where("forum_id = ? AND account_id = ?", forumID, actor.ID).Count(&n).Error; err != nil {
		return f, err
	}
	if n == 0 {
		return f, forum.Errorf(forum.EFORBIDDEN, "Only the hosts of this forum can do that.")
	}
	return f, nil
}

// topicToHost loads a topic for a host's action.
func topicToHost(tx *gorm.DB, actor forum.Account, topicID int64) (topicRow, error) {
	var t topicRow
	if err := tx.Where("id = ?", topicID).Take(&t).Error; err != nil {
		return t, translate(err)
	}
	_, err := forumToHost(tx, actor, t.ForumID)
	return t, err
}

// SetPinned pins a topic (to the end of the pins, until a time when until
// is set) or unpins it. Pins show first, for everyone, in the hosts' order.
func (s *Store) SetPinned(ctx context.Context, actor forum.Account, publicTopicID int64, pinned bool, until *time.Time) error {
	topicID := s.ids.topic(publicTopicID)
	return s.tx(ctx, func(tx *gorm.DB) error {
		t, err := topicToHost(tx, actor, topicID)
		if err != nil {
			return err
		}
		now := s.now()
		if until != nil && !until.After(now) {
			var fe forum.FieldErrors
			fe.Add("until", "Choose a date in the future for the pin to end")
			return fe.Err()
		}
		update := map[string]any{"pinned": pinned, "pinned_until": nil}
		action := ActionUnpin
		if pinned {
			action = ActionPin
			var last sql.NullInt64
			if err := tx.Model(&topicRow{}).Where("forum_id = ? AND pinned = ?", t.ForumID, true).
				Select("MAX(pin_position)").Scan(&last).Error; err != nil {
				return err
			}
			update["pin_position"] = last.Int64 + 1
			if until != nil {
				update["pinned_until"] = until.UTC()
			}
		}
		if err := tx.Model(&topicRow{}).Where("id = ?", topicID).Updates(update).Error; err != nil {
			return err
		}
		return logAction(tx, now, actor, action, topicID, 0, "", "")
	})
}

// MovePin moves a pinned topic one place up (-1) or down (+1) among the pins.
func (s *Store) MovePin(ctx context.Context, actor forum.Account, publicTopicID int64, by int) error {
	topicID := s.ids.topic(publicTopicID)
	return s.tx(ctx, func(tx *gorm.DB) error {
		t, err := topicToHost(tx, actor, topicID)
		if err != nil {
			return err
		}
		if !t.Pinned {
			return forum.Errorf(forum.ECONFLICT, "That topic is not pinned.")
		}
		var pins []topicRow
		if err := tx.Where("forum_id = ? AND pinned = ?", t.ForumID, true).Order("pin_position, id").Find(&pins).Error; err != nil {
			return err
		}
		at := -1
		for i, p := range pins {
			if p.ID == topicID {
				at = i
			}
		}
		to := at + by
		if at < 0 || to < 0 || to >= len(pins) {
			return nil // already first or last
		}
		pins[at], pins[to] = pins[to], pins[at]
		for i, p := range pins {
			if err := tx.Model(&topicRow{}).Where("id = ?", p.ID).Update("pin_position", i+1).Error; err != nil {
				return err
			}
		}
		return logAction(tx, s.now(), actor, ActionPin, topicID, 0, "", "moved among the pins")
	})
}

// OpenForum opens an expert forum now, by hand, or closes it now. The
// schedule moves to match, so the state still follows from the clock.
func (s *Store) OpenForum(ctx context.Context, actor forum.Account, forumID int64, open bool) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		f, err := forumToHost(tx, actor, forumID)
		if err != nil {
			return err
		}
		if forum.ForumKind(f.Kind) != forum.KindExpert {
			return forum.Errorf(forum.EINVALID, "Only expert forums open and close.")
		}
		now := s.now()
		update := map[string]any{"version": gorm.Expr("version + 1")}
		action := ActionOpen
		if open {
			update["opens_at"] = now
			if f.ClosesAt.Valid && !f.ClosesAt.Time.After(now) {
				update["closes_at"] = nil
			}
		} else {
			action = ActionClose
			update["closes_at"] = now
			if !f.OpensAt.Valid || f.OpensAt.Time.After(now) {
				update["opens_at"] = now
			}
		}
		if err := tx.Model(&forumRow{}).Where("id = ?", forumID).Updates(update).Error; err != nil {
			return err
		}
		return logAction(tx, now, actor, action, 0, 0, f.Name, "by hand")
	})
}

// Announce posts a host's announcement, shown above the forum's topics.
func (s *Store) Announce(ctx context.Context, actor forum.Account, forumID int64, title, body string) error {
	nt := forum.NewTopic{Title: title, Body: body}
	if err := nt.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		f, err := forumToHost(tx, actor, forumID)
		if err != nil {
			return err
		}
		now := s.now()
		row := announcementRow{ForumID: forumID, AuthorID: sql.NullInt64{Int64: actor.ID, Valid: true}, Title: nt.Title,
			BodySource: nt.Body, BodyHTML: markup.Render(nt.Body), CreatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return logAction(tx, now, actor, ActionAnnounce, 0, 0, f.Name+": "+nt.Title, "")
	})
}

// DeleteAnnouncement removes an announcement.
func (s *Store) DeleteAnnouncement(ctx context.Context, actor forum.Account, id int64) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var a announcementRow
		if err := tx.Where("id = ?", id).Take(&a).Error; err != nil {
			return translate(err)
		}
		f, err := forumToHost(tx, actor, a.ForumID)
		if err != nil {
			return err
		}
		if err := tx.Delete(&a).Error; err != nil {
			return err
		}
		return logAction(tx, s.now(), actor, ActionAnnounce, 0, 0, f.Name+": "+a.Title, "withdrawn")
	})
}

// Announcements lists a forum's announcements, newest first.
func (s *Store) Announcements(ctx context.Context, forumID int64) ([]forum.Announcement, error) {
	var rows []struct {
		Row    announcementRow `gorm:"embedded"`
		Author sql.NullString
	}
	err := s.r(ctx).Table("announcements n").Select("n.*, a.pseudonym AS author").
		Joins(announcerJoin("n", "a")).Where("n.forum_id = ?", forumID).
		Order("n.created_at DESC, n.id DESC").Limit(20).Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]forum.Announcement, 0, len(rows))
	for _, r := range rows {
		out = append(out, forum.Announcement{ID: r.Row.ID, ForumID: r.Row.ForumID, Author: displayName(false, r.Author),
			Title: r.Row.Title, BodyHTML: r.Row.BodyHTML, CreatedAt: r.Row.CreatedAt.UTC()})
	}
	return out, nil
}

// hostsOf returns the pseudonyms of the hosts of each of the forums.
func (s *Store) hostsOf(ctx context.Context, forumIDs []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(forumIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		ForumID   int64
		Pseudonym string
	}
	err := s.r(ctx).Table("forum_hosts h").Select("h.forum_id, a.pseudonym").
		Joins("JOIN accounts a ON a.id = h.account_id").Where("h.forum_id IN ?", forumIDs).
		Order("a.pseudonym_key").Find(&rows).Error
	for _, r := range rows {
		out[r.ForumID] = append(out[r.ForumID], r.Pseudonym)
	}
	return out, translate(err)
}
