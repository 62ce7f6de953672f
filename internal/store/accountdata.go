package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// Export is everything the forum holds about one account, for the member
// to download. It holds their own posts, anonymous ones included: they are
// the one person who may see that tie; their drafts; the suspensions made
// from them, the reports the member filed, what they were told, what they
// watch, and their sessions.
type Export struct {
	Account       ExportAccount        `json:"account"`
	Posts         []ExportPost         `json:"posts"`
	Drafts        []ExportDraft        `json:"drafts"`
	Suspensions   []ExportSuspension   `json:"suspensions_from_posts"`
	Reports       []ExportReport       `json:"reports_filed"`
	Notifications []ExportNotification `json:"notifications"`
	Watches       []Watch              `json:"watching"`
	Sessions      []ExportSession      `json:"sessions"`
	// Reads are the member's read marks (reads.go).
	Reads []ExportRead `json:"topics_read"`
}

// ExportRead is a read mark: in a topic, the publication time of the
// newest post the member was shown.
type ExportRead struct {
	TopicID  int64     `json:"topic_id"`
	ReadUpTo time.Time `json:"newest_post_read_published_at"`
}

// ExportDraft is one of the member's drafts. Where it goes is named while
// readers may see that place.
type ExportDraft struct {
	Kind        forum.DraftKind `json:"kind"`
	ForumID     int64           `json:"forum_id,omitempty"`
	ForumName   string          `json:"forum_name,omitempty"`
	TopicID     int64           `json:"topic_id,omitempty"`
	TopicTitle  string          `json:"topic_title,omitempty"`
	ReplyTo     *int64          `json:"reply_to_post_id,omitempty"`
	Title       string          `json:"title,omitempty"`
	Markdown    string          `json:"markdown"`
	Anonymous   bool            `json:"anonymous"`
	ContentNote string          `json:"content_note,omitempty"`
	SavedAt     time.Time       `json:"saved_at"`
}

// ExportSuspension is a suspension a moderator made from one of the
// member's posts.
type ExportSuspension struct {
	PostID    int64      `json:"post_id"`
	Until     time.Time  `json:"until"`
	Reason    string     `json:"reason"`
	CreatedAt time.Time  `json:"created_at"`
	LiftedAt  *time.Time `json:"lifted_at,omitempty"`
}

// ExportReport is a report the member filed on someone's post.
type ExportReport struct {
	PostID       int64      `json:"post_id"`
	Reason       string     `json:"reason"`
	Note         string     `json:"note,omitempty"`
	Safeguarding bool       `json:"safeguarding"`
	CreatedAt    time.Time  `json:"created_at"`
	ResolvedAt   *time.Time `json:"resolved_at,omitempty"`
	Resolution   string     `json:"resolution,omitempty"`
}

// ExportNotification is something the member was told.
type ExportNotification struct {
	Kind      string     `json:"kind"`
	TopicID   int64      `json:"topic_id,omitempty"`
	PostID    int64      `json:"post_id,omitempty"`
	Detail    string     `json:"detail,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}

// ExportSession is a session of the member's (its token is not kept, so
// it is not here either).
type ExportSession struct {
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// ExportAccount is the account part of an Export.
type ExportAccount struct {
	Pseudonym        string     `json:"pseudonym"`
	Role             forum.Role `json:"role"`
	CreatedAt        time.Time  `json:"created_at"`
	SuspendedUntil   *time.Time `json:"suspended_until,omitempty"`
	SuspensionReason string     `json:"suspension_reason,omitempty"`
	// ReadAllAt is when the member last marked everything read.
	ReadAllAt *time.Time `json:"marked_all_read_at,omitempty"`
}

// ExportPost is one of the member's posts.
type ExportPost struct {
	ID                int64      `json:"id"`
	TopicID           int64      `json:"topic_id"`
	TopicTitle        string     `json:"topic_title"`
	OpensTopic        bool       `json:"opens_topic"`
	Anonymous         bool       `json:"anonymous"`
	Status            string     `json:"status"`
	Markdown          string     `json:"markdown"`
	ContentNote       string     `json:"content_note,omitempty"`
	DeclineReason     string     `json:"decline_reason,omitempty"`
	HiddenReason      string     `json:"hidden_reason,omitempty"`
	EditedByModerator bool       `json:"edited_by_moderator"`
	CreatedAt         time.Time  `json:"created_at"`
	ApprovedAt        *time.Time `json:"approved_at,omitempty"`
	// Change is the member's change to the published post, waiting for a
	// moderator or declined (postedits.go).
	Change *ExportChange `json:"change,omitempty"`
}

// ExportChange is a member's change to one of their published posts.
type ExportChange struct {
	Status        string `json:"status"`
	Title         string `json:"title,omitempty"`
	Markdown      string `json:"markdown"`
	ContentNote   string `json:"content_note,omitempty"`
	DeclineReason string `json:"decline_reason,omitempty"`
}

// ExportAccount gathers an account's data.
func (s *Store) ExportAccount(ctx context.Context, id int64) (Export, error) {
	var row accountRow
	if err := s.r(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return Export{}, translate(err)
	}
	a := row.account()
	out := Export{Account: ExportAccount{Pseudonym: a.Pseudonym, Role: a.Role, CreatedAt: a.CreatedAt,
		SuspendedUntil: a.SuspendedUntil, SuspensionReason: a.SuspensionReason, ReadAllAt: a.ReadAllAt}, Posts: []ExportPost{}}
	var posts []myPostRow
	err := s.myPosts(s.r(ctx), id).Order("p.id").Find(&posts).Error
	if err != nil {
		return Export{}, translate(err)
	}
	for _, pt := range posts {
		p := pt.Post
		out.Posts = append(out.Posts, ExportPost{ID: s.ids.pubPost(p.ID), TopicID: s.ids.pubTopic(p.TopicID), TopicTitle: pt.TopicTitle, OpensTopic: p.Opening,
			Anonymous: p.Anonymous, Status: p.Status, Markdown: p.BodySource, ContentNote: p.ContentNote, DeclineReason: p.DeclineReason, HiddenReason: p.HiddenReason,
			EditedByModerator: p.EditedByModerator, CreatedAt: p.CreatedAt.UTC(), ApprovedAt: nullTime(p.ApprovedAt)})
		if pt.ChangeStatus.Valid {
			out.Posts[len(out.Posts)-1].Change = &ExportChange{Status: pt.ChangeStatus.String, Title: pt.ChangeTitle.String,
				Markdown: pt.ChangeBody.String, ContentNote: pt.ChangeNote.String, DeclineReason: pt.ChangeDeclined.String}
		}
	}
	drafts, err := s.MyDrafts(ctx, id)
	if err != nil {
		return Export{}, err
	}
	out.Drafts = []ExportDraft{}
	for _, d := range drafts {
		out.Drafts = append(out.Drafts, ExportDraft{Kind: d.Kind, ForumID: d.ForumID, ForumName: d.ForumName, TopicID: d.TopicID,
			TopicTitle: d.TopicTitle, ReplyTo: d.ParentID, Title: d.Title, Markdown: d.Body, Anonymous: d.Anonymous,
			ContentNote: d.ContentNote, SavedAt: d.SavedAt})
	}
	if out.Suspensions, err = s.exportSuspensions(ctx, id); err != nil {
		return Export{}, err
	}
	var reports []reportRow
	if err := s.r(ctx).Where("reporter_id = ?", id).Order("id").Find(&reports).Error; err != nil {
		return Export{}, translate(err)
	}
	out.Reports = []ExportReport{}
	for _, r := range reports {
		out.Reports = append(out.Reports, ExportReport{PostID: s.ids.pubPost(r.PostID), Reason: forum.ReportReasonText(r.Reason), Note: r.Note,
			Safeguarding: r.Safeguarding, CreatedAt: r.CreatedAt.UTC(), ResolvedAt: nullTime(r.ResolvedAt), Resolution: r.Resolution})
	}
	var notes []notificationRow
	if err := s.r(ctx).Where("account_id = ?", id).Order("id").Find(&notes).Error; err != nil {
		return Export{}, translate(err)
	}
	out.Notifications = []ExportNotification{}
	for _, n := range notes {
		out.Notifications = append(out.Notifications, ExportNotification{Kind: n.Kind, TopicID: s.ids.pubTopic(n.TopicID.Int64),
			PostID: s.ids.pubPost(n.PostID.Int64), Detail: n.Detail, CreatedAt: n.CreatedAt.UTC(), ReadAt: nullTime(n.ReadAt)})
	}
	if out.Watches, err = s.MyWatches(ctx, id); err != nil {
		return Export{}, err
	}
	var sessions []sessionRow
	if err := s.r(ctx).Where("account_id = ?", id).Order("created_at").Find(&sessions).Error; err != nil {
		return Export{}, translate(err)
	}
	out.Sessions = []ExportSession{}
	for _, se := range sessions {
		out.Sessions = append(out.Sessions, ExportSession{CreatedAt: se.CreatedAt.UTC(), LastSeenAt: se.LastSeenAt.UTC(), ExpiresAt: se.ExpiresAt.UTC()})
	}
	if err := s.flushReads(ctx); err != nil {
		return Export{}, err
	}
	var reads []struct {
		TopicID  int64
		ReadUpto time.Time
	}
	if err := s.r(ctx).Table("topic_reads").Select("topic_id, read_upto").Where("account_id = ?", id).Order("read_upto").Find(&reads).Error; err != nil {
		return Export{}, translate(err)
	}
	out.Reads = []ExportRead{}
	for _, r := range reads {
		out.Reads = append(out.Reads, ExportRead{TopicID: s.ids.pubTopic(r.TopicID), ReadUpTo: r.ReadUpto.UTC()})
	}
	return out, nil
}

// ErasedTitle replaces the title of a topic whose author erased it while
// others had replied, so their replies keep a home.
const ErasedTitle = "Topic removed by its author"

// EraseAccount deletes an account, its sessions, its drafts and its watches. With deletePosts its
// posts go too: unseen ones (pending, declined) are deleted, a topic no one
// else replied to is deleted whole, and any other post becomes an empty
// stub so the replies to it keep their place. Without deletePosts the
// posts stay, shown as by "Former member" (or still anonymous).
//
// Deleted words leave no trace in a SQLite file: secure_delete overwrites
// what a write frees, the search index is merged so that no old segment
// keeps them (wipeSearchIndex), and the write-ahead log, which holds the
// pages as they were, is emptied (emptyLog). Drafts are words no one else
// ever saw, so the log is emptied after deleting any, whatever the choice.
func (s *Store) EraseAccount(ctx context.Context, id int64, deletePosts bool) error {
	hadDrafts := false
	s.forgetReads(id)
	defer s.forgetWatches(id)
	err := s.write(ctx, anyChange, func(tx *gorm.DB) error {
		if _, err := accountForWrite(tx, id); err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM topic_reads WHERE account_id = ?", id).Error; err != nil {
			return err
		}
		// Not left to the foreign key alone: the erasure says it in one place.
		drafts := tx.Exec("DELETE FROM drafts WHERE account_id = ?", id)
		if drafts.Error != nil {
			return drafts.Error
		}
		hadDrafts = drafts.RowsAffected > 0
		if err := tx.Exec("DELETE FROM watches WHERE account_id = ?", id).Error; err != nil {
			return err
		}
		// Changes to their published posts that wait or were declined go
		// too: words no one else has read, with no author to send them.
		if err := tx.Exec("DELETE FROM post_edits WHERE post_id IN (SELECT id FROM posts WHERE author_id = ?)", id).Error; err != nil {
			return err
		}
		var topics, forums []int64
		if err := tx.Table("topics").Where("id IN (SELECT topic_id FROM posts WHERE author_id = ?)", id).Pluck("id", &topics).Error; err != nil {
			return err
		}
		if err := tx.Table("topics").Where("id IN ?", append(topics, 0)).Distinct().Pluck("forum_id", &forums).Error; err != nil {
			return err
		}
		// The quotations of their posts, in others' replies (quotes.go).
		if err := s.erasedAuthorsQuotes(tx, id, deletePosts); err != nil {
			return err
		}
		if deletePosts {
			// Out of the search index first, while the posts still say
			// which topics they were in; what stays visible goes back below.
			for _, t := range topics {
				if err := unindexTopic(tx, t); err != nil {
					return err
				}
			}
			if err := erasePosts(tx, id); err != nil {
				return err
			}
		}
		if err := tx.Where("id = ?", id).Delete(&accountRow{}).Error; err != nil {
			return err
		}
		for _, t := range topics {
			if err := recountTopic(tx, t); err != nil {
				return err
			}
			if err := reindexTopic(tx, t); err != nil {
				return err
			}
		}
		for _, f := range forums {
			if err := recountForum(tx, f); err != nil {
				return err
			}
		}
		if deletePosts {
			return wipeSearchIndex(tx)
		}
		return nil
	})
	if err == nil && (deletePosts || hadDrafts) {
		s.writer.emptyLog(ctx)
	}
	return err
}

func erasePosts(tx *gorm.DB, accountID int64) error {
	// Moderators' notes go with the posts they are about, stubs included.
	if err := tx.Exec("DELETE FROM mod_notes WHERE post_id IN (SELECT id FROM posts WHERE author_id = ?)", accountID).Error; err != nil {
		return err
	}
	// Topics the member started where nobody else has posted go whole.
	lonely := tx.Table("topics t").Select("t.id").
		Where("t.author_id = ? AND NOT EXISTS (SELECT 1 FROM posts o WHERE o.topic_id = t.id AND (o.author_id IS NULL OR o.author_id <> ?))", accountID, accountID)
	if err := tx.Exec("DELETE FROM posts WHERE topic_id IN (?)", lonely).Error; err != nil {
		return err
	}
	if err := tx.Exec("DELETE FROM topics WHERE author_id = ? AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.topic_id = topics.id)", accountID).Error; err != nil {
		return err
	}
	// Posts no one else ever saw, with no replies, go.
	if err := tx.Exec(`DELETE FROM posts WHERE author_id = ? AND status IN (?, ?)
		AND NOT EXISTS (SELECT 1 FROM posts c WHERE c.parent_id = posts.id)`,
		accountID, forum.StatusPending, forum.StatusDeclined).Error; err != nil {
		return err
	}
	// The rest become stubs with no words left in them.
	if err := tx.Model(&postRow{}).Where("author_id = ?", accountID).
		Updates(map[string]any{"status": forum.StatusErased, "body_source": "", "body_html": "", "decline_reason": "", "content_note": "",
			"hidden_reason": ""}).Error; err != nil {
		return err
	}
	return tx.Model(&topicRow{}).Where("author_id = ?", accountID).Update("title", ErasedTitle).Error
}
