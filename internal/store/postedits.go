package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
	"forum/internal/markup"
)

// Editing your own published post. The change goes to the moderators as a
// new post does, and waits in post_edits; readers keep seeing the
// published words until a moderator approves it. Approved, the change
// becomes the post, which readers then see marked "edited" with the date;
// declined, the author is told why and the post stays as it was.

// Notification kinds of a change to a published post.
const (
	NotifyChangeApproved = "change-approved"
	NotifyChangeDeclined = "change-declined"
)

// editRow is a change waiting in post_edits.
type editRow struct {
	PostID        int64 `gorm:"primaryKey"`
	Title         string
	BodySource    string
	ContentNote   string
	Status        string
	DeclineReason string
	CreatedAt     time.Time
}

func (editRow) TableName() string { return "post_edits" }

// proposeChange keeps an author's change to their published post for the
// moderators, replacing any change of theirs still waiting or declined.
func (s *Store) proposeChange(tx *gorm.DB, p postRow, nt forum.NewTopic) error {
	title := ""
	if p.Opening {
		title = nt.Title
	}
	return tx.Exec(`INSERT INTO post_edits (post_id, title, body_source, content_note, status, decline_reason, created_at)
		VALUES (?, ?, ?, ?, 'pending', '', ?)
		ON CONFLICT (post_id) DO UPDATE SET title = excluded.title, body_source = excluded.body_source,
			content_note = excluded.content_note, status = 'pending', decline_reason = '', created_at = excluded.created_at`,
		p.ID, title, nt.Body, nt.ContentNote, s.now()).Error
}

// pendingChanges picks the changes waiting for actor (everywhere, with no
// actor): in the groups they moderate.
func pendingChanges(db *gorm.DB, actor *forum.Account) *gorm.DB {
	q := db.Table("post_edits e").Select("e.post_id").
		Joins("JOIN posts p ON p.id = e.post_id").Joins("JOIN topics t ON t.id = p.topic_id").
		Joins("JOIN forums f ON f.id = t.forum_id").Where("e.status = 'pending'")
	if actor != nil {
		q = scopeGroups(q, *actor, "f.group_id")
	}
	return q
}

// changeRow is a waiting change as the queue reads it.
type changeRow struct {
	PostID, TopicID            int64
	Opening, Anonymous         bool
	TopicTitle, GroupName      string
	ForumName                  string
	Author                     sql.NullString
	OldBody, NewBody           string
	OldNote, NewNote, NewTitle string
	SentAt                     time.Time
	PostStatus                 string
	GroupID                    int64
}

// PendingChanges lists the changes to published posts waiting in actor's
// groups, oldest first.
func (s *Store) PendingChanges(ctx context.Context, actor forum.Account, limit int) ([]forum.PostChange, error) {
	q := s.r(ctx).Table("post_edits e").Select(`e.post_id, p.topic_id, p.opening, p.anonymous, t.title AS topic_title,
		g.name AS group_name, f.name AS forum_name, a.pseudonym AS author, p.body_source AS old_body, e.body_source AS new_body,
		p.content_note AS old_note, e.content_note AS new_note, e.title AS new_title, e.created_at AS sent_at,
		p.status AS post_status, g.id AS group_id`).
		Joins("JOIN posts p ON p.id = e.post_id").Joins("JOIN topics t ON t.id = p.topic_id").
		Joins("JOIN forums f ON f.id = t.forum_id").Joins("JOIN outcome_groups g ON g.id = f.group_id").
		Joins(bylineJoin("p", "a")).Where("e.status = 'pending'")
	q = scopeGroups(q, actor, "g.id")
	var rows []changeRow
	if err := q.Order("e.created_at, e.post_id").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]forum.PostChange, 0, len(rows))
	for _, r := range rows {
		c := forum.PostChange{PostID: s.ids.pubPost(r.PostID), TopicID: s.ids.pubTopic(r.TopicID), Opening: r.Opening,
			TopicTitle: r.TopicTitle, GroupName: r.GroupName, ForumName: r.ForumName, Anonymous: r.Anonymous,
			Author: displayName(r.Anonymous, r.Author), OldBody: r.OldBody, NewBody: r.NewBody, OldNote: r.OldNote,
			NewNote: r.NewNote, OldTitle: r.TopicTitle, NewTitle: r.NewTitle, SentAt: r.SentAt.UTC(),
			Published: r.PostStatus == string(forum.StatusApproved)}
		if !r.Opening {
			c.NewTitle = r.TopicTitle
		}
		out = append(out, c)
	}
	return out, nil
}

// errChangeDecided refuses a decision on a change that is no longer waiting.
var errChangeDecided = forum.Errorf(forum.ECONFLICT, "This change is no longer waiting: another moderator may have decided on it, or its author changed or withdrew the post.")

// changeToModerate reads a waiting change and its post, as actor may act on it.
func (s *Store) changeToModerate(tx *gorm.DB, actor forum.Account, postID int64) (editRow, placedPost, error) {
	pp, err := postToModerate(tx, actor, postID)
	if err != nil {
		return editRow{}, pp, err
	}
	var e editRow
	if err := tx.Where("post_id = ? AND status = 'pending'", postID).Take(&e).Error; err != nil {
		if errors.Is(translate(err), forum.ErrNotFound) {
			return e, pp, errChangeDecided
		}
		return e, pp, err
	}
	return e, pp, nil
}

// ApproveChange makes a waiting change the published post: its words,
// content note and (for an opening post) its topic's title, marked edited
// now; the search index and quotations follow, and the author is told.
func (s *Store) ApproveChange(ctx context.Context, actor forum.Account, publicPostID int64) error {
	postID := s.ids.post(publicPostID)
	return s.write(ctx, contentChange, func(tx *gorm.DB) error {
		e, pp, err := s.changeToModerate(tx, actor, postID)
		if err != nil {
			return err
		}
		if pp.Post.Status != string(forum.StatusApproved) {
			return forum.Errorf(forum.ECONFLICT, "The post is no longer published, so its change cannot be: decline it instead.")
		}
		now := s.now()
		res := tx.Model(&postRow{}).Where("id = ? AND status = ?", postID, forum.StatusApproved).Updates(map[string]any{
			"body_source": e.BodySource, "body_html": markup.Render(e.BodySource), "content_note": e.ContentNote,
			"edited_at": now, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if pp.Post.Opening && e.Title != "" {
			if err := tx.Model(&topicRow{}).Where("id = ?", pp.Post.TopicID).Update("title", e.Title).Error; err != nil {
				return err
			}
		}
		if err := tx.Where("post_id = ?", postID).Delete(&editRow{}).Error; err != nil {
			return err
		}
		if err := s.recordQuotes(tx, postID, pp.Post.TopicID, e.BodySource); err != nil {
			return err
		}
		if err := reindexTopic(tx, pp.Post.TopicID); err != nil {
			return err
		}
		if err := notifyAuthor(tx, postID, NotifyChangeApproved, pp.Post.TopicID, "", now); err != nil {
			return err
		}
		return logAction(tx, now, actor, ActionApproveChange, pp.Post.TopicID, postID, "", "")
	})
}

// DeclineChange turns down a waiting change with a reason the author reads;
// the post stays as published.
func (s *Store) DeclineChange(ctx context.Context, actor forum.Account, publicPostID int64, reason string) error {
	postID := s.ids.post(publicPostID)
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		_, pp, err := s.changeToModerate(tx, actor, postID)
		if err != nil {
			return err
		}
		var fe forum.FieldErrors
		forum.CheckReason(&fe, "reason", reason, "Give a reason the author will read", 1)
		if err := fe.Err(); err != nil {
			return err
		}
		res := tx.Model(&editRow{}).Where("post_id = ? AND status = 'pending'", postID).
			Updates(map[string]any{"status": "declined", "decline_reason": reason})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errChangeDecided
		}
		now := s.now()
		if err := notifyAuthor(tx, postID, NotifyChangeDeclined, pp.Post.TopicID, reason, now); err != nil {
			return err
		}
		return logAction(tx, now, actor, ActionDeclineChange, pp.Post.TopicID, postID, "", reason)
	})
}

// CancelChange withdraws the member's change waiting for a moderator on
// one of their published posts: readers go on seeing the post as it was
// published, and the change leaves the queue. It reports whether there
// was one to withdraw: a moderator may have decided it meanwhile, or a
// double click withdrawn it already. A post that is not the member's
// answers as one that does not exist.
func (s *Store) CancelChange(ctx context.Context, accountID, publicPostID int64) (bool, error) {
	id := s.ids.post(publicPostID)
	var cancelled bool
	err := s.write(ctx, privateChange, func(tx *gorm.DB) error {
		var mine int64
		if err := tx.Model(&postRow{}).Where("id = ? AND author_id = ?", id, accountID).Count(&mine).Error; err != nil {
			return err
		}
		if mine == 0 {
			return forum.ErrNotFound
		}
		res := tx.Exec("DELETE FROM post_edits WHERE post_id = ? AND status = ?", id, "pending")
		cancelled = res.RowsAffected > 0
		return res.Error
	})
	return cancelled, translate(err)
}
