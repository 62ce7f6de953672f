package store

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// The moderation queue as moderators read it: the posts waiting in the
// groups each moderates, oldest first, with what they answer; where a
// moderator goes after a decision; the counts in every moderator's header.
// The decisions themselves are in moderation.go, the page in
// web/queue.go.

// QueueFilter narrows the queue. Post ids are public ones.
type QueueFilter struct {
	GroupID int64
	ForumID int64
	PostID  int64
	// AnyStatus includes posts that are not pending, for the page where a
	// moderator acts on a published post.
	AnyStatus bool
	// After lists only the posts that came into the queue after this one
	// (in queue order): the queue's next page. The post need not be
	// pending any more; another moderator may have decided on it.
	After int64
}

type queueRow struct {
	PostID       int64
	TopicID      int64
	TopicTitle   string
	Opening      bool
	ForumID      int64
	ForumName    string
	GroupID      int64
	GroupName    string
	Author       sql.NullString
	Anonymous    bool
	BodySource   string
	BodyHTML     string `gorm:"column:body_html"`
	ContentNote  string
	CreatedAt    time.Time
	Status       string
	TopicLocked  bool
	HiddenReason string
	NoteCount    int
	ContextID    sql.NullInt64
}

// queueContext is the post a waiting post answers.
type queueContext struct {
	ID        int64
	BodyHTML  string `gorm:"column:body_html"`
	Status    string
	Anonymous bool
	Author    sql.NullString
}

// Queue lists pending posts, oldest first, in the groups actor moderates.
// For a reply it brings the post it answers (or the topic's opening post).
func (s *Store) Queue(ctx context.Context, actor forum.Account, f QueueFilter, limit int) ([]forum.QueueItem, error) {
	// CROSS JOIN keeps SQLite walking the pending posts in queue order
	// (the posts_pending index) rather than every post of every forum;
	// PostgreSQL plans it as the inner joins it is.
	q := s.r(ctx).Table("posts p CROSS JOIN topics t CROSS JOIN forums f CROSS JOIN outcome_groups g").Select(`p.id AS post_id, p.topic_id, t.title AS topic_title, p.opening,
		f.id AS forum_id, f.name AS forum_name, g.id AS group_id, g.name AS group_name,
		a.pseudonym AS author, p.anonymous,
		p.body_source, p.body_html, p.content_note, p.created_at, p.status, t.locked AS topic_locked, p.hidden_reason,
		(SELECT COUNT(*) FROM mod_notes n WHERE n.post_id = p.id) AS note_count,
		CASE WHEN p.opening THEN NULL ELSE COALESCE(p.parent_id,
			(SELECT o.id FROM posts o WHERE o.topic_id = p.topic_id AND o.opening = ?)) END AS context_id`, true).
		Joins(bylineJoin("p", "a")).
		Where("t.id = p.topic_id AND f.id = t.forum_id AND g.id = f.group_id")
	if !f.AnyStatus {
		q = q.Where(pendingOnly)
	}
	q = scopeGroups(q, actor, "g.id")
	if f.GroupID != 0 {
		q = q.Where("g.id = ?", f.GroupID)
	}
	if f.ForumID != 0 {
		q = q.Where("f.id = ?", f.ForumID)
	}
	if f.PostID != 0 {
		q = q.Where("p.id = ?", s.ids.post(f.PostID))
	}
	if f.After != 0 {
		var edge postRow
		if err := s.r(ctx).Select("id, created_at").Where("id = ?", s.ids.post(f.After)).Take(&edge).Error; err != nil {
			return nil, errBadCursor
		}
		q = q.Where("(p.created_at, p.id) > (?, ?)", edge.CreatedAt, edge.ID)
	}
	var rows []queueRow
	if err := q.Order("p.created_at, p.id").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	// The posts they answer, in one more query: by id, so each is a
	// primary-key lookup however large the forum.
	var contextIDs []int64
	for _, r := range rows {
		if r.ContextID.Valid {
			contextIDs = append(contextIDs, r.ContextID.Int64)
		}
	}
	contexts := map[int64]queueContext{}
	if len(contextIDs) > 0 {
		var cs []queueContext
		err := s.r(ctx).Table("posts c").Select(`c.id, c.body_html, c.status, c.anonymous,
			ca.pseudonym AS author`).
			Joins(bylineJoin("c", "ca")).Where("c.id IN ?", contextIDs).Find(&cs).Error
		if err != nil {
			return nil, translate(err)
		}
		for _, c := range cs {
			contexts[c.ID] = c
		}
	}
	out := make([]forum.QueueItem, 0, len(rows))
	for _, r := range rows {
		it := forum.QueueItem{PostID: s.ids.pubPost(r.PostID), TopicID: s.ids.pubTopic(r.TopicID), TopicTitle: r.TopicTitle, Opening: r.Opening,
			ForumID: r.ForumID, ForumName: r.ForumName, GroupID: r.GroupID, GroupName: r.GroupName,
			Author: displayName(r.Anonymous, r.Author), Anonymous: r.Anonymous, BodySource: r.BodySource, BodyHTML: r.BodyHTML, ContentNote: r.ContentNote,
			CreatedAt: r.CreatedAt.UTC(), Status: forum.PostStatus(r.Status), TopicLocked: r.TopicLocked, HiddenReason: r.HiddenReason,
			NoteCount: r.NoteCount}
		if c, ok := contexts[r.ContextID.Int64]; ok && r.ContextID.Valid {
			it.Parent = &forum.Post{ID: s.ids.pubPost(c.ID), Status: forum.PostStatus(c.Status),
				BodyHTML: c.BodyHTML, Anonymous: c.Anonymous, Author: displayName(c.Anonymous, c.Author)}
			if it.Parent.Status != forum.StatusApproved {
				it.Parent.BodyHTML = ""
			}
		}
		out = append(out, it)
	}
	return out, nil
}

// NextInQueue is the public id of the first post waiting in actor's
// queue, filtered as f, after the post f.After (0 when none waits): where
// a moderator goes after deciding on f.After. It is Queue's order and
// filters in one query, without the entries' text and the posts they
// answer, for every decision sends the moderator there.
func (s *Store) NextInQueue(ctx context.Context, actor forum.Account, f QueueFilter) (int64, error) {
	// CROSS JOIN, as in Queue, keeps SQLite walking the pending posts in
	// queue order.
	q := s.r(ctx).Table("posts p CROSS JOIN topics t CROSS JOIN forums f").
		Where("t.id = p.topic_id AND f.id = t.forum_id AND "+pendingOnly).
		Where("(p.created_at, p.id) > (SELECT e.created_at, e.id FROM posts e WHERE e.id = ?)", s.ids.post(f.After))
	q = scopeGroups(q, actor, "f.group_id")
	if f.GroupID != 0 {
		q = q.Where("f.group_id = ?", f.GroupID)
	}
	if f.ForumID != 0 {
		q = q.Where("f.id = ?", f.ForumID)
	}
	var ids []int64
	if err := q.Order("p.created_at, p.id").Limit(1).Pluck("p.id", &ids).Error; err != nil || len(ids) == 0 {
		return 0, translate(err)
	}
	return s.ids.pubPost(ids[0]), nil
}

// QueueItem returns one pending post as the queue shows it.
func (s *Store) QueueItem(ctx context.Context, actor forum.Account, postID int64) (forum.QueueItem, error) {
	items, err := s.Queue(ctx, actor, QueueFilter{PostID: postID}, 1)
	if err != nil {
		return forum.QueueItem{}, err
	}
	if len(items) == 0 {
		if post, err := s.ModPost(ctx, actor, postID); err == nil && post.Status != forum.StatusPending {
			return forum.QueueItem{}, s.decidedError(ctx, postID)
		}
		return forum.QueueItem{}, forum.ErrNotFound
	}
	return items[0], nil
}

// decidedError says what another moderator already did with a post.
func (s *Store) decidedError(ctx context.Context, publicPostID int64) error {
	return alreadyDecided(s.r(ctx), s.ids.post(publicPostID))
}

// ModPost returns any post in actor's groups, as a moderator sees it.
func (s *Store) ModPost(ctx context.Context, actor forum.Account, postID int64) (forum.QueueItem, error) {
	items, err := s.Queue(ctx, actor, QueueFilter{PostID: postID, AnyStatus: true}, 1)
	if err != nil {
		return forum.QueueItem{}, err
	}
	if len(items) == 0 {
		return forum.QueueItem{}, forum.ErrNotFound
	}
	return items[0], nil
}

// QueueLength counts pending posts in the groups actor moderates; with no
// actor, everywhere (for the metrics).
// It counts up to CountCap, so that the header of every moderator's page
// costs the same however long the queue has grown.
func (s *Store) QueueLength(ctx context.Context, actor *forum.Account) (int64, error) {
	var n int64
	return n, translate(s.r(ctx).Table("(?) q", pendingPosts(s.r(ctx), actor).Limit(CountCap)).Count(&n).Error)
}

// pendingPosts picks the posts waiting in actor's queue (everywhere, with
// no actor), one row of 1 each.
func pendingPosts(db *gorm.DB, actor *forum.Account) *gorm.DB {
	q := db.Table("posts p").Select("1").Where(pendingOnly)
	if actor != nil && actor.Role == forum.RoleModerator && len(actor.ModeratorGroups) > 0 {
		q = q.Joins("JOIN topics t ON t.id = p.topic_id").Joins("JOIN forums f ON f.id = t.forum_id")
		q = scopeGroups(q, *actor, "f.group_id")
	}
	return q
}

// ModerationCounts is what waits for one moderator, for the header of
// every page they see.
type ModerationCounts struct {
	// Queue is the posts waiting in their queue.
	Queue int64
	// Reports is the open reports their reports page lists.
	Reports int64
	// Reveals is the reveal requests they can agree to now: waiting, in
	// their groups, asked by someone else, and they have moderated long
	// enough to take part.
	Reveals int64
}

// ModerationCounts counts what waits for actor in one query, each count
// up to CountCap, so that a moderator's every page costs one query for
// its header however much waits.
func (s *Store) ModerationCounts(ctx context.Context, actor forum.Account) (ModerationCounts, error) {
	var c ModerationCounts
	if !actor.IsModerator() {
		return c, nil
	}
	db := s.r(ctx)
	// The queue holds new posts and changes to published ones (postedits.go).
	var changes int64
	err := db.Raw(`SELECT (SELECT COUNT(*) FROM (?) q), (SELECT COUNT(*) FROM (?) r), (SELECT COUNT(*) FROM (?) v), (SELECT COUNT(*) FROM (?) c)`,
		pendingPosts(db, &actor).Limit(CountCap),
		s.openReports(db, actor).Select("1").Limit(CountCap),
		s.revealsToAgree(db, actor).Select("1").Limit(CountCap),
		pendingChanges(db, &actor).Limit(CountCap)).
		Row().Scan(&c.Queue, &c.Reports, &c.Reveals, &changes)
	c.Queue = min(c.Queue+changes, CountCap)
	return c, translate(err)
}

// pendingOnly picks the posts waiting in the queue. It is written out,
// not bound, so that both databases see it matches the partial index
// posts_pending (a plan made for "status = ?" cannot assume the value).
const pendingOnly = "p.status = '" + string(forum.StatusPending) + "'"

// scopeGroups limits a query to the groups a moderator moderates.
func scopeGroups(q *gorm.DB, actor forum.Account, column string) *gorm.DB {
	if actor.Role == forum.RoleModerator && len(actor.ModeratorGroups) > 0 {
		return q.Where(column+" IN ?", actor.ModeratorGroups)
	}
	if !actor.IsModerator() {
		return q.Where("1 = 0")
	}
	return q
}
