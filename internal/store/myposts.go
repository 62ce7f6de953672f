package store

import (
	"context"
	"database/sql"

	"gorm.io/gorm"

	"forum/internal/forum"
	"forum/internal/markup"
)

type myPostRow struct {
	Post           postRow `gorm:"embedded"`
	TopicTitle     string
	ForumID        int64
	ChangeStatus   sql.NullString
	ChangeDeclined sql.NullString
	ChangeTitle    sql.NullString
	ChangeBody     sql.NullString
	ChangeNote     sql.NullString
}

func (r myPostRow) myPost(ids idCodec) forum.MyPost {
	p := r.Post
	m := forum.MyPost{ID: ids.pubPost(p.ID), TopicID: ids.pubTopic(p.TopicID), TopicTitle: r.TopicTitle, Opening: p.Opening,
		Anonymous: p.Anonymous, Status: forum.PostStatus(p.Status), BodySource: p.BodySource, BodyHTML: p.BodyHTML, ContentNote: p.ContentNote,
		DeclineReason: p.DeclineReason, HiddenReason: p.HiddenReason, EditedByModerator: p.EditedByModerator, CreatedAt: p.CreatedAt.UTC(), ForumID: r.ForumID,
		ChangeWaiting: r.ChangeStatus.String == "pending", ChangeTitle: r.ChangeTitle.String, ChangeBody: r.ChangeBody.String,
		ChangeNote: r.ChangeNote.String}
	if r.ChangeStatus.String == "declined" {
		m.ChangeDeclined = r.ChangeDeclined.String
	}
	return m
}

func (s *Store) myPosts(db *gorm.DB, accountID int64) *gorm.DB {
	return db.Table("posts p").Select(`p.*, t.title AS topic_title, t.forum_id, e.status AS change_status,
		e.decline_reason AS change_declined, e.title AS change_title, e.body_source AS change_body, e.content_note AS change_note`).
		Joins("JOIN topics t ON t.id = p.topic_id").Joins("LEFT JOIN post_edits e ON e.post_id = p.id").
		Where("p.author_id = ?", accountID)
}

// MyPosts lists a member's own posts, newest first, each with its status.
func (s *Store) MyPosts(ctx context.Context, accountID int64, limit int) ([]forum.MyPost, error) {
	var rows []myPostRow
	if err := s.myPosts(s.r(ctx), accountID).Order("p.id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]forum.MyPost, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.myPost(s.ids))
	}
	return out, nil
}

// MyPost returns one of a member's own posts; anyone else's is not found.
func (s *Store) MyPost(ctx context.Context, accountID, publicPostID int64) (forum.MyPost, error) {
	var row myPostRow
	if err := s.myPosts(s.r(ctx), accountID).Where("p.id = ?", s.ids.post(publicPostID)).Take(&row).Error; err != nil {
		return forum.MyPost{}, translate(err)
	}
	return row.myPost(s.ids), nil
}

// IsMine reports whether a post (by public id) is the member's own.
func (s *Store) IsMine(ctx context.Context, accountID, publicPostID int64) (bool, error) {
	var n int64
	err := s.r(ctx).Model(&postRow{}).Where("id = ? AND author_id = ?", s.ids.post(publicPostID), accountID).Count(&n).Error
	return n > 0, translate(err)
}

// PostEdit is an author's change to their own pending or declined post.
type PostEdit struct {
	Title       string // for an opening post
	Body        string
	Anonymous   bool
	ContentNote string
}

// EditMyPost changes a post that is pending, or declined: a declined post
// sent again goes back to the queue. Approved posts are not the author's to
// change any more.
func (s *Store) EditMyPost(ctx context.Context, accountID, publicPostID int64, e PostEdit) error {
	postID := s.ids.post(publicPostID)
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		var row myPostRow
		if err := s.myPosts(tx, accountID).Where("p.id = ?", postID).Take(&row).Error; err != nil {
			return translate(err)
		}
		p := row.Post
		published := false
		switch forum.PostStatus(p.Status) {
		case forum.StatusPending, forum.StatusDeclined:
		case forum.StatusApproved:
			published = true // the change waits for a moderator (postedits.go)
		default:
			return forum.Errorf(forum.ECONFLICT, "This post is no longer published, so it cannot be changed.")
		}
		if _, err := postingAccount(tx, accountID, s.now()); err != nil {
			return err
		}
		nt := forum.NewTopic{Title: e.Title, Body: e.Body, ContentNote: e.ContentNote}
		if !p.Opening {
			nt.Title = row.TopicTitle
		}
		if err := nt.Validate(); err != nil {
			return err
		}
		if published {
			return s.proposeChange(tx, p, nt)
		}
		f, err := forumForWrite(tx, row.ForumID)
		if err != nil {
			return err
		}
		anonymous, err := forum.AnonymityPolicy(f.Anonymity).Apply(e.Anonymous)
		if err != nil {
			return err
		}
		res := tx.Model(&postRow{}).Where("id = ? AND status = ?", postID, p.Status).Updates(map[string]any{
			"body_source": nt.Body, "body_html": markup.Render(nt.Body), "anonymous": anonymous, "content_note": nt.ContentNote,
			"status": forum.StatusPending, "decline_reason": "", "updated_at": s.now()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return forum.Errorf(forum.ECONFLICT, "A moderator decided on this post while you were editing it. Check its status.")
		}
		if err := s.recordQuotes(tx, postID, p.TopicID, nt.Body); err != nil {
			return err
		}
		if p.Opening {
			return tx.Model(&topicRow{}).Where("id = ?", p.TopicID).
				Updates(map[string]any{"title": nt.Title, "status": forum.StatusPending, "anonymous": anonymous}).Error
		}
		return nil
	})
}

// WithdrawMyPost takes back a member's post. One no one but moderators has
// seen (waiting, declined) is deleted, with its topic when it opens one.
// One readers have seen (published, or hidden since) loses its words at
// once and for good, as on erasure: readers see that its author withdrew
// it, quotations of it in other replies go, and an opening post's topic
// goes whole when no one else has posted in it, or else keeps its replies
// under ErasedTitle.
func (s *Store) WithdrawMyPost(ctx context.Context, accountID, publicPostID int64) error {
	postID := s.ids.post(publicPostID)
	var p postRow
	if err := s.r(ctx).Where("id = ? AND author_id = ?", postID, accountID).Take(&p).Error; err != nil {
		return translate(err)
	}
	switch forum.PostStatus(p.Status) {
	case forum.StatusApproved, forum.StatusHidden:
		return s.withdrawSeenPost(ctx, accountID, p)
	case forum.StatusErased:
		return forum.Errorf(forum.ECONFLICT, "You have withdrawn this post already.")
	}
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		var p postRow
		if err := tx.Where("id = ? AND author_id = ?", postID, accountID).Take(&p).Error; err != nil {
			return translate(err)
		}
		switch forum.PostStatus(p.Status) {
		case forum.StatusPending, forum.StatusDeclined:
		default:
			return forum.Errorf(forum.ECONFLICT, "A moderator decided on this post just now. Check its status, then withdraw it again if you still want to.")
		}
		if p.Opening {
			// Conditional, so a topic a moderator approved meanwhile stays.
			res := tx.Where("id = ? AND status IN ?", p.TopicID, []string{string(forum.StatusPending), string(forum.StatusDeclined)}).
				Delete(&topicRow{})
			if res.Error == nil && res.RowsAffected != 1 {
				return forum.Errorf(forum.ECONFLICT, "A moderator decided on this post just now. Check its status.")
			}
			return res.Error
		}
		res := tx.Where("id = ? AND status = ?", postID, p.Status).Delete(&postRow{})
		if res.Error == nil && res.RowsAffected != 1 {
			return forum.Errorf(forum.ECONFLICT, "A moderator decided on this post just now. Check its status.")
		}
		return res.Error
	})
}

// withdrawSeenPost takes the words out of a post readers have seen.
func (s *Store) withdrawSeenPost(ctx context.Context, accountID int64, p postRow) error {
	err := s.write(ctx, anyChange, func(tx *gorm.DB) error {
		var forumID int64
		if err := tx.Table("topics").Where("id = ?", p.TopicID).Pluck("forum_id", &forumID).Error; err != nil {
			return err
		}
		if _, err := s.quotesGone(tx, []int64{p.ID}, ""); err != nil {
			return err
		}
		if err := tx.Where("post_id = ?", p.ID).Delete(&editRow{}).Error; err != nil {
			return err
		}
		if err := unindexTopic(tx, p.TopicID); err != nil {
			return err
		}
		if err := resolveReports(tx, p.ID, "withdrawn", s.now()); err != nil {
			return err
		}
		var others int64
		if p.Opening {
			if err := tx.Table("posts").Where("topic_id = ? AND (author_id IS NULL OR author_id <> ?)", p.TopicID, accountID).
				Count(&others).Error; err != nil {
				return err
			}
		}
		if p.Opening && others == 0 {
			if err := tx.Exec("DELETE FROM posts WHERE topic_id = ?", p.TopicID).Error; err != nil {
				return err
			}
			if err := tx.Where("id = ?", p.TopicID).Delete(&topicRow{}).Error; err != nil {
				return err
			}
		} else {
			res := tx.Model(&postRow{}).Where("id = ? AND author_id = ? AND status IN ?", p.ID, accountID,
				[]string{string(forum.StatusApproved), string(forum.StatusHidden)}).
				Updates(map[string]any{"status": forum.StatusErased, "body_source": "", "body_html": "", "content_note": "",
					"hidden_reason": "", "updated_at": s.now()})
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected != 1 {
				return forum.Errorf(forum.ECONFLICT, "This post changed just now. Check its status, then withdraw it again if you still want to.")
			}
			if p.Opening {
				if err := tx.Model(&topicRow{}).Where("id = ?", p.TopicID).Update("title", ErasedTitle).Error; err != nil {
					return err
				}
			}
			if err := recountTopic(tx, p.TopicID); err != nil {
				return err
			}
			if err := reindexTopic(tx, p.TopicID); err != nil {
				return err
			}
		}
		if err := recountForum(tx, forumID); err != nil {
			return err
		}
		return wipeSearchIndex(tx)
	})
	if err == nil {
		s.writer.emptyLog(ctx)
	}
	return err
}
