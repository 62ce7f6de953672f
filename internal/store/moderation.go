package store

import (
	"context"
	"errors"

	"gorm.io/gorm"

	"forum/internal/forum"
	"forum/internal/markup"
)

// Moderators' decisions on posts: approving (one or many), declining,
// editing before approving, redacting a finding, hiding and showing again,
// locking a topic. The queue they decide from is read in queue.go.

// placedPost is a post with the forum and group it belongs to, which decide
// who may moderate it.
type placedPost struct {
	Post        postRow `gorm:"embedded"`
	ForumID     int64
	GroupID     int64
	TopicStatus string
	TopicTitle  string
}

// postToModerate loads a post for a moderator's action, inside its
// transaction, and refuses a moderator whose groups do not include it. It
// leaves out the post's author: an action that reaches the author goes
// through authors.go.
func postToModerate(tx *gorm.DB, actor forum.Account, postID int64) (placedPost, error) {
	return placePost(tx, actor, postID, "")
}

// postToDecide is postToModerate for a decision that publishes a waiting
// post. On PostgreSQL it also locks the post's row until the write
// commits, so that the status read here stays true: approveInTx sends the
// post's update with the statements that follow from it in one round
// trip, which must never run for a post another moderator decided, or its
// author withdrew, meanwhile. SQLite runs one write at a time.
func postToDecide(tx *gorm.DB, actor forum.Account, postID int64) (placedPost, error) {
	lock := ""
	if tx.Dialector.Name() == "postgres" {
		lock = " FOR NO KEY UPDATE OF p"
	}
	pp, err := placePost(tx, actor, postID, lock)
	if err == nil && pp.Post.Status != string(forum.StatusPending) {
		return pp, alreadyDecided(tx, postID)
	}
	return pp, err
}

// placePost is postToModerate, its query ending with lock.
func placePost(tx *gorm.DB, actor forum.Account, postID int64, lock string) (placedPost, error) {
	// Plain SQL: every moderator's action starts here, in the writer
	// goroutine, where gorm's reflection cost more than the query.
	var pp placedPost
	p := &pp.Post
	err := tx.Raw(`SELECT p.id, p.topic_id, p.parent_id, p.anonymous, p.status, p.depth, p.path,
			p.body_source, p.body_html, p.opening, p.edited_by_moderator, p.decline_reason, p.created_at, p.updated_at,
			p.approved_at, p.submission_key, p.content_note, f.id, f.group_id, t.status, t.title
		FROM posts p JOIN topics t ON t.id = p.topic_id JOIN forums f ON f.id = t.forum_id
		WHERE p.id = ?`+lock, postID).Row().Scan(&p.ID, &p.TopicID, &p.ParentID, &p.Anonymous, &p.Status, &p.Depth, &p.Path,
		&p.BodySource, &p.BodyHTML, &p.Opening, &p.EditedByModerator, &p.DeclineReason, &p.CreatedAt, &p.UpdatedAt,
		&p.ApprovedAt, &p.SubmissionKey, &p.ContentNote, &pp.ForumID, &pp.GroupID, &pp.TopicStatus, &pp.TopicTitle)
	if err != nil {
		return pp, translate(err)
	}
	if !actor.Moderates(pp.GroupID) {
		return pp, forum.Errorf(forum.EFORBIDDEN, "This post is in a group you do not moderate.")
	}
	return pp, nil
}

// Approve publishes a pending post and tells its author.
func (s *Store) Approve(ctx context.Context, actor forum.Account, publicPostID int64) error {
	postID := s.ids.post(publicPostID)
	return s.write(ctx, contentChange, func(tx *gorm.DB) error {
		return s.approveOne(tx, actor, postID, false)
	})
}

// errNeedsOpening holds back a post with possible personal data from a
// bulk approval: a moderator must open it and look.
var errNeedsOpening = forum.Errorf(forum.EINVALID, "This post may hold personal data: open it to approve it.")

// needsOpening applies forum.NeedsOpening to what a waiting post will show.
func needsOpening(pp placedPost) bool {
	texts := []string{pp.Post.BodySource, pp.Post.ContentNote}
	if pp.Post.Opening {
		texts = append(texts, pp.TopicTitle)
	}
	return forum.NeedsOpening(texts...)
}

func (s *Store) approveOne(tx *gorm.DB, actor forum.Account, postID int64, bulk bool) error {
	pp, err := postToDecide(tx, actor, postID)
	if err != nil {
		return err
	}
	if bulk && needsOpening(pp) {
		return errNeedsOpening
	}
	now := s.now()
	kind := NotifyApproved
	if pp.Post.EditedByModerator {
		kind = NotifyEdited // a moderator redacted part of it first
	}
	return approveInTx(tx, &pp.Post, pp.TopicTitle, pp.ForumID, now,
		notifyAuthorStep(pp.Post.ID, kind, pp.Post.TopicID, "", now),
		logActionStep(now, actor, ActionApprove, pp.Post.TopicID, pp.Post.ID, "", ""))
}

// BulkResult says what a bulk approval did with each post it was given.
type BulkResult struct {
	Approved int
	// Skipped were decided by someone else first, or withdrawn.
	Skipped int
	// Held may hold personal data and must be opened one by one.
	Held int
}

// ApproveMany approves several posts at once. Posts someone else decided on
// first are left as they are, and posts in which the personal-data check
// finds anything are held back for a moderator to open.
func (s *Store) ApproveMany(ctx context.Context, actor forum.Account, publicIDs []int64) (BulkResult, error) {
	var r BulkResult
	err := s.write(ctx, contentChange, func(tx *gorm.DB) error {
		r = BulkResult{}
		for _, id := range publicIDs {
			err := s.approveOne(tx, actor, s.ids.post(id), true)
			switch {
			case err == nil:
				r.Approved++
			case errors.Is(err, errNeedsOpening):
				r.Held++
			case forum.ErrorCode(err) == forum.ECONFLICT || forum.ErrorCode(err) == forum.ENOTFOUND:
				r.Skipped++
			default:
				return err
			}
		}
		return nil
	})
	return r, err
}

// Decline returns a pending post to its author with a reason.
func (s *Store) Decline(ctx context.Context, actor forum.Account, publicPostID int64, reason string) error {
	postID := s.ids.post(publicPostID)
	if clean, ok := forum.CleanText(reason); !ok || clean == "" {
		return forum.Errorf(forum.EINVALID, "Give the author a reason.")
	}
	return s.write(ctx, pendingChange, func(tx *gorm.DB) error {
		pp, err := postToModerate(tx, actor, postID)
		if err != nil {
			return err
		}
		now := s.now()
		res := tx.Model(&postRow{}).Where("id = ? AND status = ?", postID, forum.StatusPending).
			Updates(map[string]any{"status": forum.StatusDeclined, "decline_reason": reason, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return alreadyDecided(tx, postID)
		}
		if pp.Post.Opening {
			if err := tx.Model(&topicRow{}).Where("id = ?", pp.Post.TopicID).Update("status", forum.StatusDeclined).Error; err != nil {
				return err
			}
		}
		if err := notifyAuthor(tx, postID, NotifyDeclined, pp.Post.TopicID, reason, now); err != nil {
			return err
		}
		return logAction(tx, now, actor, ActionDecline, pp.Post.TopicID, postID, "", reason)
	})
}

// EditAndApprove publishes a pending post as the moderator redacted it. The
// published text replaces the original, which is not kept anywhere.
func (s *Store) EditAndApprove(ctx context.Context, actor forum.Account, publicPostID int64, title, body string) error {
	postID := s.ids.post(publicPostID)
	return s.write(ctx, contentChange, func(tx *gorm.DB) error {
		pp, err := postToDecide(tx, actor, postID)
		if err != nil {
			return err
		}
		nt := forum.NewTopic{Title: title, Body: body}
		if !pp.Post.Opening {
			nt.Title = pp.TopicTitle
		}
		if err := nt.Validate(); err != nil {
			return err
		}
		now := s.now()
		html := markup.Render(nt.Body)
		res := tx.Model(&postRow{}).Where("id = ? AND status = ?", postID, forum.StatusPending).
			Updates(map[string]any{"body_source": nt.Body, "body_html": html, "edited_by_moderator": true, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return alreadyDecided(tx, postID)
		}
		// What is approved, and indexed for search, is the edited text;
		// the original is gone.
		pp.Post.BodySource, pp.Post.BodyHTML = nt.Body, html
		if err := s.recordQuotes(tx, postID, pp.Post.TopicID, nt.Body); err != nil {
			return err
		}
		if pp.Post.Opening {
			if err := tx.Model(&topicRow{}).Where("id = ?", pp.Post.TopicID).Update("title", nt.Title).Error; err != nil {
				return err
			}
		}
		return approveInTx(tx, &pp.Post, nt.Title, pp.ForumID, now,
			notifyAuthorStep(postID, NotifyEdited, pp.Post.TopicID, "", now),
			logActionStep(now, actor, ActionEdit, pp.Post.TopicID, postID, "", "edited before approval"))
	})
}

// errNotPublished refuses to hide a post that is not published.
var errNotPublished = forum.Errorf(forum.ECONFLICT, "This post is not published, so it cannot be hidden: it may already be hidden.")

// Hide takes an approved post off the public pages, leaving a stub. Hiding
// an opening post hides its topic. Open reports on the post are resolved.
// The reason is kept with the post, for its author and moderators, and
// the author is told it. Its field error names it "reason"; it is checked
// after who may act and whether the post is published, so that a form
// comes back to be fixed only when fixing it would do.
func (s *Store) Hide(ctx context.Context, actor forum.Account, publicPostID int64, reason string) error {
	postID := s.ids.post(publicPostID)
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		pp, err := postToModerate(tx, actor, postID)
		if err != nil {
			return err
		}
		if pp.Post.Status != string(forum.StatusApproved) {
			return errNotPublished
		}
		var fe forum.FieldErrors
		forum.CheckReason(&fe, "reason", reason, "Give a reason for hiding the post", 1)
		if err := fe.Err(); err != nil {
			return err
		}
		now := s.now()
		res := tx.Model(&postRow{}).Where("id = ? AND status = ?", postID, forum.StatusApproved).
			Updates(map[string]any{"status": forum.StatusHidden, "hidden_reason": reason, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errNotPublished
		}
		if pp.Post.Opening {
			if err := tx.Model(&topicRow{}).Where("id = ?", pp.Post.TopicID).Update("status", forum.StatusHidden).Error; err != nil {
				return err
			}
		}
		// Its words leave the replies that quote it, for good (quotes.go).
		if _, err := s.quotesGone(tx, []int64{postID}, ""); err != nil {
			return err
		}
		if err := recountTopic(tx, pp.Post.TopicID); err != nil {
			return err
		}
		if err := recountForum(tx, pp.ForumID); err != nil {
			return err
		}
		if err := reindexTopic(tx, pp.Post.TopicID); err != nil {
			return err
		}
		if err := resolveReports(tx, postID, "hidden", now); err != nil {
			return err
		}
		if err := notifyAuthor(tx, postID, NotifyHidden, pp.Post.TopicID, reason, now); err != nil {
			return err
		}
		return logAction(tx, now, actor, ActionHide, pp.Post.TopicID, postID, "", reason)
	})
}

// errNotHidden refuses to show again a post that is not hidden.
var errNotHidden = forum.Errorf(forum.ECONFLICT, "This post is not hidden, so it cannot be shown again: another moderator may have shown it already.")

// Unhide publishes a hidden post again, as it was: its topic too when it
// opens one, the counts and latest activity (from when each post was
// approved, so as before the hiding), and the search index. The reason,
// which the author is told and the log keeps, is the field error "reason",
// checked after who may act and whether the post is hidden.
func (s *Store) Unhide(ctx context.Context, actor forum.Account, publicPostID int64, reason string) error {
	postID := s.ids.post(publicPostID)
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		pp, err := postToModerate(tx, actor, postID)
		if err != nil {
			return err
		}
		if pp.Post.Status != string(forum.StatusHidden) {
			return errNotHidden
		}
		var fe forum.FieldErrors
		forum.CheckReason(&fe, "reason", reason, "Give a reason for showing the post again", 1)
		if err := fe.Err(); err != nil {
			return err
		}
		now := s.now()
		res := tx.Model(&postRow{}).Where("id = ? AND status = ?", postID, forum.StatusHidden).
			Updates(map[string]any{"status": forum.StatusApproved, "hidden_reason": "", "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errNotHidden
		}
		if pp.Post.Opening {
			if err := tx.Model(&topicRow{}).Where("id = ? AND status = ?", pp.Post.TopicID, forum.StatusHidden).
				Update("status", forum.StatusApproved).Error; err != nil {
				return err
			}
		}
		if err := recountTopic(tx, pp.Post.TopicID); err != nil {
			return err
		}
		if err := recountForum(tx, pp.ForumID); err != nil {
			return err
		}
		if err := reindexTopic(tx, pp.Post.TopicID); err != nil {
			return err
		}
		if err := notifyAuthor(tx, postID, NotifyUnhidden, pp.Post.TopicID, reason, now); err != nil {
			return err
		}
		return logAction(tx, now, actor, ActionUnhide, pp.Post.TopicID, postID, "", reason)
	})
}

// SetLocked locks or unlocks a topic. A locked topic takes no replies.
func (s *Store) SetLocked(ctx context.Context, actor forum.Account, publicTopicID int64, locked bool) error {
	topicID := s.ids.topic(publicTopicID)
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		var t struct {
			Title   string
			GroupID int64
			ForumID int64
		}
		err := tx.Table("topics t").Select("t.title, f.group_id, f.id AS forum_id").Joins("JOIN forums f ON f.id = t.forum_id").
			Where("t.id = ?", topicID).Take(&t).Error
		if err != nil {
			return translate(err)
		}
		if !actor.Moderates(t.GroupID) && !actor.Hosts(t.ForumID) {
			return forum.Errorf(forum.EFORBIDDEN, "You cannot lock topics in this forum.")
		}
		if err := tx.Model(&topicRow{}).Where("id = ?", topicID).Update("locked", locked).Error; err != nil {
			return err
		}
		action := ActionUnlock
		if locked {
			action = ActionLock
		}
		return logAction(tx, s.now(), actor, action, topicID, 0, "", "")
	})
}

// Redacted is what a redaction leaves in place of what it removed.
const Redacted = "[redacted]"

// Redact replaces one span of a pending post's title, body or content
// note with "[redacted]". The span must still hold the text the moderator
// saw, so a redaction never lands on words the author has changed
// meanwhile. The author is told, when the post is published, that it was
// edited.
func (s *Store) Redact(ctx context.Context, actor forum.Account, publicPostID int64, field string, start, end int, text string) error {
	postID := s.ids.post(publicPostID)
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		pp, err := postToModerate(tx, actor, postID)
		if err != nil {
			return err
		}
		if pp.Post.Status != string(forum.StatusPending) {
			return alreadyDecided(tx, postID)
		}
		var source string
		switch field {
		case "title":
			if !pp.Post.Opening {
				return forum.Errorf(forum.EINVALID, "Only an opening post has a title.")
			}
			source = pp.TopicTitle
		case "body":
			source = pp.Post.BodySource
		case "content_note":
			source = pp.Post.ContentNote
		default:
			return forum.Errorf(forum.EINVALID, "A post has no such field to redact.")
		}
		if start < 0 || end > len(source) || start >= end || source[start:end] != text {
			return forum.Errorf(forum.ECONFLICT, "The post has changed since you opened it. Look at it again.")
		}
		redacted := source[:start] + Redacted + source[end:]
		now := s.now()
		update := map[string]any{"edited_by_moderator": true, "updated_at": now}
		switch field {
		case "title":
			if err := tx.Model(&topicRow{}).Where("id = ?", pp.Post.TopicID).Update("title", redacted).Error; err != nil {
				return err
			}
		case "body":
			update["body_source"], update["body_html"] = redacted, markup.Render(redacted)
			if err := s.recordQuotes(tx, postID, pp.Post.TopicID, redacted); err != nil {
				return err
			}
		case "content_note":
			update["content_note"] = redacted
		}
		return tx.Model(&postRow{}).Where("id = ?", postID).Updates(update).Error
	})
}
