package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
	"forum/internal/markup"
)

// TopicPageSize is how many topics a forum page lists.
const TopicPageSize = 30

// TopicPage is one page of a forum's topics. Pinned topics come on the first
// page only, before the rest. Next and Prev are cursors, empty at the ends.
type TopicPage struct {
	Pinned []forum.Topic
	Topics []forum.Topic
	Next   string
	Prev   string
}

// topicListRow is a topic as lists show it; the author's pseudonym is
// selected only when the topic is not anonymous, so an anonymous author's
// name never even reaches this process on a public page.
type topicListRow struct {
	ID              int64
	ForumID         int64
	Title           string
	Status          string
	Pinned          bool
	PinnedUntil     sql.NullTime
	Locked          bool
	ReplyCount      int
	CreatedAt       time.Time
	LastActivityAt  time.Time
	Anonymous       bool
	AuthorPseudonym sql.NullString
	ForumName       string
	GroupName       string
	Answered        bool // selected by the lists of questions alone (answers.go)
}

const topicListSelect = `t.id, t.forum_id, t.title, t.status, t.pinned, t.pinned_until, t.locked, t.reply_count,
	t.created_at, t.last_activity_at, t.anonymous,
	a.pseudonym AS author_pseudonym`

func (r topicListRow) topic(ids idCodec) forum.Topic {
	return forum.Topic{
		ID: ids.pubTopic(r.ID), ForumID: r.ForumID, Title: r.Title, Status: forum.PostStatus(r.Status),
		Pinned: r.Pinned, PinnedUntil: nullTime(r.PinnedUntil), Locked: r.Locked, ReplyCount: r.ReplyCount,
		CreatedAt: r.CreatedAt.UTC(), LastActivityAt: r.LastActivityAt.UTC(),
		Anonymous: r.Anonymous, Author: displayName(r.Anonymous, r.AuthorPseudonym),
		ForumName: r.ForumName, GroupName: r.GroupName, Answered: r.Answered,
	}
}

func (s *Store) topicList(ctx context.Context) *gorm.DB {
	return s.r(ctx).Table("topics t").Select(topicListSelect).
		Joins(bylineJoin("t", "a"))
}

// ForumTopics lists a forum's approved topics: pinned first, then by latest
// approved activity. after and before are cursors from an earlier page.
func (s *Store) ForumTopics(ctx context.Context, forumID int64, after, before string) (TopicPage, error) {
	return s.forumTopics(ctx, forumID, func(q *gorm.DB) *gorm.DB { return q }, after, before)
}

// forumTopics is ForumTopics with scope applied to both of its lists.
func (s *Store) forumTopics(ctx context.Context, forumID int64, scope func(*gorm.DB) *gorm.DB, after, before string) (TopicPage, error) {
	var page TopicPage
	now := s.now()
	// A pin past its end date is an ordinary topic again, for everyone.
	q := s.topicList(ctx).Scopes(scope).Where("t.forum_id = ? AND t.status = ? AND (t.pinned = ? OR t.pinned_until <= ?)",
		forumID, forum.StatusApproved, false, now)
	backwards := false
	edgeOf := func(cursor string) (topicRow, error) {
		public, err := parseTopicCursor(cursor)
		if err != nil {
			return topicRow{}, err
		}
		id := s.ids.topic(public)
		// Only a topic readers can see marks a page: a pending, declined
		// or hidden one answers as one that never existed.
		var edge topicRow
		if err := s.r(ctx).Select("id, last_activity_at").Where("id = ? AND forum_id = ? AND status = ?", id, forumID, forum.StatusApproved).
			Take(&edge).Error; err != nil {
			return edge, errBadCursor
		}
		return edge, nil
	}
	switch {
	case after != "":
		edge, err := edgeOf(after)
		if err != nil {
			return page, err
		}
		q = q.Where("(t.last_activity_at, t.id) < (?, ?)", edge.LastActivityAt, edge.ID).Order("t.last_activity_at DESC, t.id DESC")
	case before != "":
		edge, err := edgeOf(before)
		if err != nil {
			return page, err
		}
		backwards = true
		q = q.Where("(t.last_activity_at, t.id) > (?, ?)", edge.LastActivityAt, edge.ID).Order("t.last_activity_at, t.id")
	default:
		q = q.Order("t.last_activity_at DESC, t.id DESC")
	}
	var rows []topicListRow
	if err := q.Limit(TopicPageSize + 1).Find(&rows).Error; err != nil {
		return page, translate(err)
	}
	more := len(rows) > TopicPageSize
	rows = rows[:min(len(rows), TopicPageSize)]
	if backwards {
		slices.Reverse(rows)
	}
	for _, r := range rows {
		page.Topics = append(page.Topics, r.topic(s.ids))
	}
	edge := func(i int) string { return strconv.FormatInt(s.ids.pubTopic(rows[i].ID), 10) }
	if len(rows) > 0 {
		if (!backwards && more) || backwards {
			page.Next = edge(len(rows) - 1)
		}
		if (backwards && more) || after != "" {
			page.Prev = edge(0)
		}
	}
	if after == "" && (before == "" || !more) {
		var pinned []topicListRow
		err := s.topicList(ctx).Scopes(scope).
			// "t.pinned" written out matches the partial index topics_pinned.
			Where("t.forum_id = ? AND t.status = ? AND t.pinned AND (t.pinned_until IS NULL OR t.pinned_until > ?)",
				forumID, forum.StatusApproved, now).
			Order("t.pin_position, t.last_activity_at DESC, t.id DESC").Find(&pinned).Error
		if err != nil {
			return page, translate(err)
		}
		for _, r := range pinned {
			page.Pinned = append(page.Pinned, r.topic(s.ids))
		}
	}
	return page, nil
}

// LatestTopics lists the most recently active approved topics across the site,
// in forums and groups that are not archived. A topic whose author erased
// it, kept for the replies under it, is left out: a reply under it would
// otherwise put "Topic removed by its author" at the top of the home page.
func (s *Store) LatestTopics(ctx context.Context, limit int) ([]forum.Topic, error) {
	var rows []topicListRow
	err := s.topicList(ctx).Select(topicListSelect+", f.name AS forum_name, g.name AS group_name").
		Joins("JOIN forums f ON f.id = t.forum_id AND f.archived_at IS NULL").
		Joins("JOIN outcome_groups g ON g.id = f.group_id AND g.archived_at IS NULL").
		Where("t.status = ?", forum.StatusApproved).
		Where("NOT EXISTS (SELECT 1 FROM posts o WHERE o.topic_id = t.id AND o.opening AND o.status = ?)", forum.StatusErased).
		Order("t.last_activity_at DESC, t.id DESC").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]forum.Topic, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.topic(s.ids))
	}
	return out, nil
}

// Topic returns an approved topic in a forum that readers can see. A topic
// whose opening post is pending, declined or hidden does not exist here.
func (s *Store) Topic(ctx context.Context, publicID int64) (forum.Topic, error) {
	id := s.ids.topic(publicID)
	var row topicListRow
	err := s.topicList(ctx).
		Joins("JOIN forums f ON f.id = t.forum_id AND f.archived_at IS NULL").
		Joins("JOIN outcome_groups g ON g.id = f.group_id AND g.archived_at IS NULL").
		Where("t.id = ? AND t.status = ?", id, forum.StatusApproved).Take(&row).Error
	if err != nil {
		return forum.Topic{}, translate(err)
	}
	return row.topic(s.ids), nil
}

// Created says what a write made and where it stands, by public ids.
type Created struct {
	TopicID int64
	PostID  int64
	Status  forum.PostStatus
}

// CreateTopic starts a topic with its opening post. A trusted author's topic
// is published at once; anyone else's waits in the moderation queue.
func (s *Store) CreateTopic(ctx context.Context, nt forum.NewTopic) (Created, error) {
	if err := nt.Validate(); err != nil {
		return Created{}, err
	}
	html := markup.Render(nt.Body)
	var out Created
	err := s.write(ctx, pendingChange, func(tx *gorm.DB) error {
		author, err := postingAccount(tx, nt.AuthorID, s.now())
		if err != nil {
			return err
		}
		f, err := forumForWrite(tx, nt.ForumID)
		if err != nil {
			return err
		}
		now := s.now()
		anonymous, status, err := forum.Admit(f.forum(), forum.Role(author.Role), nt.Anonymous, now)
		if err != nil {
			return err
		}
		if dup, err := existingSubmission(tx, author.ID, nt.SubmissionKey); err != nil || dup != nil {
			if dup != nil {
				out = *dup
			}
			return err
		}
		t := topicRow{ForumID: f.ID, AuthorID: sql.NullInt64{Int64: author.ID, Valid: true}, Anonymous: anonymous,
			Title: nt.Title, Status: string(forum.StatusPending), CreatedAt: now, LastActivityAt: now}
		if err := tx.Create(&t).Error; err != nil {
			return err
		}
		p := postRow{TopicID: t.ID, AuthorID: t.AuthorID, Anonymous: anonymous, Status: string(forum.StatusPending),
			BodySource: nt.Body, BodyHTML: html, Opening: true, CreatedAt: now, UpdatedAt: now,
			SubmissionKey: submissionKey(nt.SubmissionKey), ContentNote: nt.ContentNote}
		if err := insertPost(tx, &p, nil); err != nil {
			return err
		}
		// The form's draft goes with the post it became (drafts.go).
		if err := s.dropSentDraft(tx, author.ID, nt.SubmissionKey); err != nil {
			return err
		}
		out = Created{TopicID: t.ID, PostID: p.ID, Status: status}
		if status == forum.StatusApproved {
			return approveInTx(tx, &p, nt.Title, f.ID, now)
		}
		return nil
	})
	if err == nil && out.Status == forum.StatusApproved {
		s.published(ctx) // approved as it was written
	}
	if err != nil {
		return s.publicCreated(s.sameSubmission(ctx, err, nt.AuthorID, nt.SubmissionKey))
	}
	return s.publicCreated(out, nil)
}

func forumForWrite(tx *gorm.DB, id int64) (forumRow, error) {
	var f forumRow
	err := tx.Table("forums f").Select("f.*").
		Joins("JOIN outcome_groups g ON g.id = f.group_id AND g.archived_at IS NULL").
		Where("f.id = ? AND f.archived_at IS NULL", id).Take(&f).Error
	if err != nil {
		return f, translate(err)
	}
	return f, nil
}
