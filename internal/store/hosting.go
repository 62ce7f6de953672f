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
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
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
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
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

// OpenForum opens an expert forum now, by hand. One that has not opened
// opens now instead of at its planned time; a closed one opens again and
// keeps the time it first opened. closesAt is when it is to close: the
// planned time kept, or a new one (nil: it stays open until a host closes
// it). The page that asks for it says which, before the host confirms.
func (s *Store) OpenForum(ctx context.Context, actor forum.Account, forumID int64, closesAt *time.Time) error {
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		f, err := expertToHost(tx, actor, forumID)
		if err != nil {
			return err
		}
		now := s.now()
		state := f.forum().State(now)
		if state == forum.StateLive {
			return forum.Errorf(forum.ECONFLICT, "The forum is already open.")
		}
		if closesAt != nil && !closesAt.After(now) {
			return fieldError("closes_at", "Choose a closing time in the future, or leave it empty to close the forum by hand")
		}
		opens := now
		if state == forum.StateClosed && f.OpensAt.Valid && !f.OpensAt.Time.After(now) {
			opens = f.OpensAt.Time // it opened before: that stays true
		}
		if err := tx.Model(&forumRow{}).Where("id = ?", forumID).Updates(map[string]any{
			"opens_at": opens, "opening_logged_at": opens, "closes_at": optTime(closesAt),
			"version": gorm.Expr("version + 1")}).Error; err != nil {
			return err
		}
		return logAction(tx, now, actor, ActionOpen, 0, 0, f.Name, openingReason(f, state, closesAt))
	})
}

// openingReason says in the log what opening by hand did to the schedule.
func openingReason(f forumRow, was forum.ForumState, closesAt *time.Time) string {
	reason := "by hand"
	if was == forum.StateClosed {
		reason += ", opened again"
	} else if f.OpensAt.Valid {
		reason += ", before its planned opening"
	}
	switch {
	case closesAt == nil:
		return reason + "; no closing time: a host closes it"
	case f.ClosesAt.Valid && f.ClosesAt.Time.Equal(closesAt.UTC()):
		return reason + "; it closes as planned"
	case f.ClosesAt.Valid && was != forum.StateClosed:
		return reason + "; its closing time moved"
	}
	return reason + "; with a new closing time"
}

// CloseForum closes an expert forum now, by hand: it becomes a read-only
// archive. One that had not opened is marked as opened now too, so that
// its schedule still reads in order.
func (s *Store) CloseForum(ctx context.Context, actor forum.Account, forumID int64) error {
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		f, err := expertToHost(tx, actor, forumID)
		if err != nil {
			return err
		}
		now := s.now()
		if f.forum().State(now) == forum.StateClosed {
			return forum.Errorf(forum.ECONFLICT, "The forum is already closed.")
		}
		update := map[string]any{"closes_at": now, "closing_logged_at": now, "version": gorm.Expr("version + 1")}
		if !f.OpensAt.Valid || f.OpensAt.Time.After(now) {
			update["opens_at"], update["opening_logged_at"] = now, now
		}
		if err := tx.Model(&forumRow{}).Where("id = ?", forumID).Updates(update).Error; err != nil {
			return err
		}
		return logAction(tx, now, actor, ActionClose, 0, 0, f.Name, "by hand")
	})
}

// expertToHost is forumToHost for the acts only expert forums have.
func expertToHost(tx *gorm.DB, actor forum.Account, forumID int64) (forumRow, error) {
	f, err := forumToHost(tx, actor, forumID)
	if err == nil && forum.ForumKind(f.Kind) != forum.KindExpert {
		err = forum.Errorf(forum.EINVALID, "Only expert forums open and close.")
	}
	return f, err
}

// Announce posts a host's announcement, shown above the forum's topics.
func (s *Store) Announce(ctx context.Context, actor forum.Account, forumID int64, title, body string) error {
	nt := forum.NewTopic{Title: title, Body: body}
	if err := nt.Validate(); err != nil {
		return err
	}
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
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
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
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
