package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
	"forum/internal/markup"
)

// PostPageSize is how many posts a topic page shows.
const PostPageSize = 50

// PostPage is one page of a topic's thread, in thread order.
type PostPage struct {
	Posts []forum.Post
	Next  string
	Prev  string
}

// threadRow is a post as a reader sees it. Body and name are selected only
// for approved, non-anonymous posts: a hidden post is a stub with neither.
type threadRow struct {
	ID              int64
	TopicID         int64
	ParentID        sql.NullInt64
	Depth           int
	Status          string
	Path            string
	Anonymous       bool
	CreatedAt       time.Time
	BodyHTML        string `gorm:"column:body_html"`
	ContentNote     string
	AuthorPseudonym sql.NullString
	AuthorRole      sql.NullString
	AuthorHosts     bool
	ParentDepth     sql.NullInt64
	ParentStatus    sql.NullString
	ParentAnonymous sql.NullBool
	ParentPseudonym sql.NullString
	Opening         bool
	EditedAt        sql.NullTime
	ApprovedAt      sql.NullTime
}

const threadSelect = `p.id, p.topic_id, p.parent_id, p.depth, p.status, p.path, p.anonymous, p.created_at, p.opening,
	CASE WHEN p.status = 'approved' THEN p.body_html ELSE '' END AS body_html,
	CASE WHEN p.status = 'approved' THEN p.content_note ELSE '' END AS content_note,
	p.edited_at, p.approved_at,
	CASE WHEN p.status = 'approved' THEN a.pseudonym END AS author_pseudonym,
	CASE WHEN p.status = 'approved' THEN a.role END AS author_role,
	(p.status = 'approved' AND EXISTS (SELECT 1 FROM forum_hosts h JOIN topics ht ON ht.forum_id = h.forum_id
		WHERE ht.id = p.topic_id AND h.account_id = a.id)) AS author_hosts,
	pp.depth AS parent_depth, pp.status AS parent_status, pp.anonymous AS parent_anonymous,
	pa.pseudonym AS parent_pseudonym`

func (r threadRow) post(ids idCodec) forum.Post {
	p := forum.Post{
		ID: ids.pubPost(r.ID), TopicID: ids.pubTopic(r.TopicID), Depth: r.Depth, Status: forum.PostStatus(r.Status),
		Anonymous: r.Anonymous, BodyHTML: r.BodyHTML, ContentNote: r.ContentNote, CreatedAt: r.CreatedAt.UTC(),
		AuthorRole: forum.Role(r.AuthorRole.String), Host: r.AuthorHosts, Opening: r.Opening,
	}
	if r.ParentID.Valid {
		id := ids.pubPost(r.ParentID.Int64)
		p.ParentID = &id
	}
	if r.ApprovedAt.Valid {
		p.PublishedAt = r.ApprovedAt.Time.UTC()
	}
	if p.Status == forum.StatusApproved {
		p.Author = displayName(r.Anonymous, r.AuthorPseudonym)
		if r.EditedAt.Valid {
			at := r.EditedAt.Time.UTC()
			p.EditedAt = &at
		}
	}
	// Past the deepest level replies sit side by side; say whom each answers.
	if r.Depth == forum.MaxThreadDepth && r.ParentDepth.Valid && r.ParentDepth.Int64 == forum.MaxThreadDepth {
		if r.ParentStatus.String == string(forum.StatusApproved) {
			p.InReplyTo = displayName(r.ParentAnonymous.Bool, r.ParentPseudonym)
		} else {
			p.InReplyTo = "a removed post"
		}
	}
	return p
}

// Thread returns one page of an approved topic's posts in thread order:
// each reply under the post it answers. Approved posts are shown whole and
// hidden and erased ones as stubs; pending and declined posts are not
// there at all. after and before are cursors: the public id of the post at
// the edge of an earlier page.
func (s *Store) Thread(ctx context.Context, publicTopicID int64, after, before string) (PostPage, error) {
	var page PostPage
	topicID := s.ids.topic(publicTopicID)
	q := s.r(ctx).Table("posts p").Select(threadSelect).
		Joins(bylineJoin("p", "a")).
		Joins("LEFT JOIN posts pp ON pp.id = p.parent_id").
		Joins(bylineJoin("pp", "pa")).
		Where("p.topic_id = ? AND p.status IN ?", topicID, shownStatuses)
	backwards := false
	switch {
	case after != "":
		edge, err := s.threadEdge(ctx, topicID, after)
		if err != nil {
			return page, err
		}
		q = q.Where("p.path > ?", edge).Order("p.path")
	case before != "":
		edge, err := s.threadEdge(ctx, topicID, before)
		if err != nil {
			return page, err
		}
		backwards = true
		q = q.Where("p.path < ?", edge).Order("p.path DESC")
	default:
		q = q.Order("p.path")
	}
	var rows []threadRow
	if err := q.Limit(PostPageSize + 1).Find(&rows).Error; err != nil {
		return page, translate(err)
	}
	more := len(rows) > PostPageSize
	rows = rows[:min(len(rows), PostPageSize)]
	if backwards {
		slices.Reverse(rows)
	}
	numbers, err := s.postNumbers(ctx, topicID, rows)
	if err != nil {
		return page, err
	}
	for _, r := range rows {
		p := r.post(s.ids)
		p.Number = numbers[r.ID]
		page.Posts = append(page.Posts, p)
	}
	edge := func(r threadRow) string { return strconv.FormatInt(s.ids.pubPost(r.ID), 10) }
	if len(rows) > 0 {
		if more && !backwards || backwards {
			page.Next = edge(rows[len(rows)-1])
		}
		if more && backwards || after != "" {
			page.Prev = edge(rows[0])
		}
	}
	return page, nil
}

// shownStatuses are the states of the posts a topic shows its readers:
// published ones whole, hidden and erased ones as stubs.
var shownStatuses = []string{string(forum.StatusApproved), string(forum.StatusHidden), string(forum.StatusErased)}

// postNumbers numbers the rows of a page of a thread: each row's place among
// the posts the topic shows (shownStatuses), in the order they were
// published. The numbers are the same for every reader. They never count a
// post that waits for a moderator or was declined, so none leaves a gap
// that would tell readers it is there; and a post keeps its number once
// published, since later posts are published later, and a post hidden or
// erased stays among the shown as a stub. Posts published in one instant
// (approved together) are numbered in the order they were written.
func (s *Store) postNumbers(ctx context.Context, topicID int64, rows []threadRow) (map[int64]int, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	numbered := s.r(ctx).Model(&postRow{}).
		Select("id, ROW_NUMBER() OVER (ORDER BY COALESCE(approved_at, created_at), id) AS n").
		Where("topic_id = ? AND status IN ?", topicID, shownStatuses)
	var found []struct {
		ID int64
		N  int
	}
	if err := s.r(ctx).Table("(?) x", numbered).Select("id, n").Where("id IN ?", ids).Find(&found).Error; err != nil {
		return nil, translate(err)
	}
	out := make(map[int64]int, len(found))
	for _, f := range found {
		out[f.ID] = f.N
	}
	return out, nil
}

// PostPlace is where a permalink of a post lands: the post's topic and
// the cursor of the topic's page that holds it ("" for the first page).
type PostPlace struct {
	TopicID int64
	After   string
}

// PlaceOfPost finds the page of its topic that shows a published post,
// paging from the start as a reader paging forwards would: the post's
// place in thread order, among the posts the topic shows, cut into pages
// of PostPageSize. A post that is not published, or whose topic readers
// cannot see, is not found, as a post that never was.
func (s *Store) PlaceOfPost(ctx context.Context, publicPostID int64) (PostPlace, error) {
	var post struct {
		TopicID int64
		Path    string
	}
	err := s.r(ctx).Model(&postRow{}).Select("topic_id, path").
		Where("id = ? AND status = ?", s.ids.post(publicPostID), forum.StatusApproved).Take(&post).Error
	if err != nil {
		return PostPlace{}, translate(err)
	}
	place := PostPlace{TopicID: s.ids.pubTopic(post.TopicID)}
	if _, err := s.Topic(ctx, place.TopicID); err != nil {
		return PostPlace{}, err
	}
	var before int64
	shown := func() *gorm.DB {
		return s.r(ctx).Model(&postRow{}).Where("topic_id = ? AND status IN ?", post.TopicID, shownStatuses)
	}
	if err := shown().Where("path < ?", post.Path).Count(&before).Error; err != nil {
		return PostPlace{}, translate(err)
	}
	if before < PostPageSize {
		return place, nil
	}
	// The page starts after the last post of the page before it.
	var edge []int64
	skip := int(before/PostPageSize*PostPageSize - 1)
	if err := shown().Order("path").Offset(skip).Limit(1).Pluck("id", &edge).Error; err != nil {
		return PostPlace{}, translate(err)
	}
	if len(edge) == 0 {
		return PostPlace{}, forum.ErrNotFound
	}
	place.After = strconv.FormatInt(s.ids.pubPost(edge[0]), 10)
	return place, nil
}

// threadEdge is the thread path of the post a cursor names: one that
// readers see in the topic. Any other answers as a post that never was.
func (s *Store) threadEdge(ctx context.Context, topicID int64, cursor string) (string, error) {
	public, err := strconv.ParseInt(cursor, 10, 64)
	if err != nil {
		return "", errBadCursor
	}
	var path string
	err = s.r(ctx).Model(&postRow{}).Where("id = ? AND topic_id = ? AND status IN ?", s.ids.post(public), topicID,
		shownStatuses).Pluck("path", &path).Error
	if err != nil || path == "" {
		return "", errBadCursor
	}
	return path, nil
}

// CreateReply answers an approved, unlocked topic, or one approved post in it.
func (s *Store) CreateReply(ctx context.Context, nr forum.NewReply) (Created, error) {
	if err := nr.Validate(); err != nil {
		return Created{}, err
	}
	html := markup.Render(nr.Body)
	var out Created
	err := s.write(ctx, pendingChange, func(tx *gorm.DB) error {
		now := s.now()
		author, t, f, sent, err := s.replyTarget(tx, s.ids.topic(nr.TopicID), nr.AuthorID, nr.SubmissionKey, now)
		if err != nil {
			return err
		}
		if t.Locked {
			return forum.Errorf(forum.ECONFLICT, "This topic is locked and takes no more replies.")
		}
		anonymous, status, err := forum.Admit(f.forum(), forum.Role(author.Role), nr.Anonymous, now)
		if err != nil {
			return err
		}
		var parent *postRow
		if nr.ParentID != nil {
			parent = &postRow{}
			err := tx.Where("id = ? AND topic_id = ? AND status = ?", s.ids.post(*nr.ParentID), t.ID, forum.StatusApproved).Take(parent).Error
			if err != nil {
				return forum.Errorf(forum.EINVALID, "The post you are replying to is not available.")
			}
		}
		p := postRow{TopicID: t.ID, AuthorID: sql.NullInt64{Int64: author.ID, Valid: true}, Anonymous: anonymous,
			Status: string(forum.StatusPending), BodySource: nr.Body, BodyHTML: html, CreatedAt: now, UpdatedAt: now,
			SubmissionKey: submissionKey(nr.SubmissionKey), ContentNote: nr.ContentNote}
		if sent.Found {
			out = sent.Created
			return nil
		}
		p.ID = sent.NextID
		// The form's draft goes with the post it became (drafts.go); its
		// lock was taken with the topic (replyTarget).
		if err := insertPost(tx, &p, parent, sentDraftStep(author.ID, nr.SubmissionKey)); err != nil {
			return err
		}
		if len(quotedIn(nr.Body)) > 0 {
			if err := s.recordQuotes(tx, p.ID, t.ID, nr.Body); err != nil {
				return err
			}
		}
		out = Created{TopicID: t.ID, PostID: p.ID, Status: status}
		if status == forum.StatusApproved {
			return approveInTx(tx, &p, "", f.ID, now) // a reply's topic title is not indexed with it
		}
		return nil
	})
	if err == nil && out.Status == forum.StatusApproved {
		s.published(ctx) // approved as it was written
	}
	if err != nil {
		return s.publicCreated(s.sameSubmission(ctx, err, nr.AuthorID, nr.SubmissionKey))
	}
	return s.publicCreated(out, nil)
}

// replyTarget reads, for a reply's write, its author, who must not be
// suspended (postingAccount), and the approved topic it answers with the
// topic's forum, which with its group must not be archived: the columns
// the checks need, in one query without gorm's reflection. The same query
// finds what an earlier sending of the same form made
// (existingSubmission) and, on PostgreSQL, takes the new post's id from
// its sequence, so that insertPost writes the post whole in one statement,
// and the form's draft lock (lockDraftKey), so that the draft goes with
// the post in that statement too: each is a round trip fewer per reply.
func (s *Store) replyTarget(tx *gorm.DB, topicID, authorID int64, key string, now time.Time) (accountRow, topicRow, forumRow, replySending, error) {
	a, t, f, sent := accountRow{ID: authorID}, topicRow{ID: topicID}, forumRow{}, replySending{}
	next, lock, args := "0", "", []any{now}
	if s.dialect == Postgres {
		next = "nextval(pg_get_serial_sequence('posts', 'id'))"
		if key != "" {
			lock, args = " CROSS JOIN (SELECT "+draftKeyLock+") dk", append(args, draftKeyName(authorID, key))
		}
	}
	args = append(args, topicID, forum.StatusApproved, authorID, key, key, authorID)
	var fromPost dbTime
	var forumID, groupID, sentID, sentTopic sql.NullInt64
	var locked sql.NullBool
	var kind, anonymity, sentStatus sql.NullString
	err := tx.Raw(`SELECT a.role, a.suspended_until, `+livePostSuspension("a.id")+`,
			f.id, g.id, t.locked, f.kind, f.anonymity, f.opens_at, f.closes_at, e.id, e.topic_id, e.status, `+next+`
		FROM accounts a`+lock+`
		LEFT JOIN topics t ON t.id = ? AND t.status = ?
		LEFT JOIN forums f ON f.id = t.forum_id AND f.archived_at IS NULL
		LEFT JOIN outcome_groups g ON g.id = f.group_id AND g.archived_at IS NULL
		LEFT JOIN posts e ON e.author_id = ? AND e.submission_key = ? AND ? <> ''
		WHERE a.id = ?`, args...).Row().
		Scan(&a.Role, &a.SuspendedUntil, &fromPost, &forumID, &groupID, &locked, &kind, &anonymity, &f.OpensAt, &f.ClosesAt,
			&sentID, &sentTopic, &sentStatus, &sent.NextID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return a, t, f, sent, errAccountGone()
	case err != nil:
		return a, t, f, sent, err
	}
	if err := mayPost(a, fromPost, now); err != nil {
		return a, t, f, sent, err
	}
	if !groupID.Valid {
		return a, t, f, sent, forum.ErrNotFound
	}
	t.ForumID, t.Locked, f.ID, f.Kind, f.Anonymity = forumID.Int64, locked.Bool, forumID.Int64, kind.String, anonymity.String
	if sentID.Valid {
		sent.Found = true
		sent.Created = Created{PostID: sentID.Int64, TopicID: sentTopic.Int64, Status: forum.PostStatus(sentStatus.String)}
	}
	return a, t, f, sent, nil
}

// replySending is what replyTarget found of the form being sent: the post
// an earlier sending made, if Found, and the id for a new post (0 where
// the database gives it at the insert).
type replySending struct {
	Found   bool
	Created Created
	NextID  int64
}

// insertPost writes p and then its thread path, which needs p's own id,
// and then also, more statements of the same write that do not read p
// (runSteps). Below the deepest level a reply becomes its parent's
// sibling, so the thread flattens there in order instead of nesting ever
// deeper.
func insertPost(tx *gorm.DB, p *postRow, parent *postRow, also ...step) error {
	if parent != nil {
		p.ParentID = sql.NullInt64{Int64: parent.ID, Valid: true}
	}
	// The path needs the post's id: given one (replyTarget), it is
	// written with the post, and what else the write sends goes in the
	// same round trip; otherwise the path goes after the insert that
	// makes the id.
	known := p.ID != 0
	p.Path = "pending"
	if known {
		p.placeInThread(parent)
	}
	idCol, idVal, args := "", "", []any{}
	if known {
		idCol, idVal, args = "id, ", "?, ", append(args, p.ID)
	}
	args = append(args, p.TopicID, p.ParentID, p.AuthorID, p.Anonymous, p.Status, p.Depth, p.Path, p.BodySource, p.BodyHTML,
		p.Opening, p.EditedByModerator, p.DeclineReason, p.CreatedAt, p.UpdatedAt, p.ApprovedAt, p.SubmissionKey, p.ContentNote)
	insert := `INSERT INTO posts (` + idCol + `topic_id, parent_id, author_id, anonymous, status, depth, path, body_source, body_html,
			opening, edited_by_moderator, decline_reason, created_at, updated_at, approved_at, submission_key, content_note)
		VALUES (` + idVal + `?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	if known {
		_, err := runSteps(tx, step{insert, args}, also...)
		return err
	}
	if err := tx.Raw(insert+" RETURNING id", args...).Row().Scan(&p.ID); err != nil {
		return err
	}
	p.placeInThread(parent)
	if err := tx.Exec("UPDATE posts SET depth = ?, path = ? WHERE id = ?", p.Depth, p.Path, p.ID).Error; err != nil {
		return err
	}
	for _, st := range also {
		if err := st.run(tx); err != nil {
			return err
		}
	}
	return nil
}

// placeInThread sets p's depth and thread path from its id and parent.
func (p *postRow) placeInThread(parent *postRow) {
	switch {
	case parent == nil:
		p.Depth, p.Path = 0, pathSegment(p.ID)
	case parent.Depth < forum.MaxThreadDepth:
		p.Depth, p.Path = parent.Depth+1, parent.Path+pathSegment(p.ID)
	default:
		p.Depth, p.Path = forum.MaxThreadDepth, parent.Path[:forum.MaxThreadDepth*pathSegmentWidth]+pathSegment(p.ID)
	}
}

// approveInTx marks p approved, puts it in the search index, tells the
// author of what it answers and the watchers of its topic and forum, and
// moves the counts and latest activity of its topic and forum, which
// cover approved content only. title is the topic's title (indexed with
// an opening post) and forumID its forum, both of which every caller has
// read already; also are the caller's own statements of the approval (a
// notice to the author, a line of the log). All go in one round trip on
// PostgreSQL (runSteps), the counts last.
// The update is conditional on the post still pending, so of two
// moderators deciding at once only the first changes anything. Callers
// have locked the post (postToDecide) or made it in this write, so on
// PostgreSQL, where the statements after the update run with it, the
// update does not miss; if it did, the error returned here must fail the
// whole write (runSteps), never be passed over.
func approveInTx(tx *gorm.DB, p *postRow, title string, forumID int64, now time.Time, also ...step) error {
	if p.BodyHTML == "" {
		if err := tx.Raw("SELECT body_html FROM posts WHERE id = ?", p.ID).Row().Scan(&p.BodyHTML); err != nil {
			return err
		}
	}
	// Plain SQL: on SQLite approving runs in the writer goroutine, where
	// gorm's query building and reflection were most of the time.
	publish := step{"UPDATE posts SET status = ?, approved_at = ?, updated_at = ? WHERE id = ? AND status = ?",
		[]any{forum.StatusApproved, now, now, p.ID, forum.StatusPending}}
	steps := append(indexPostSteps(tx, p, title), notifyRepliedToStep(p, now), notifyWatchersStep(p, now))
	steps = append(append(steps, also...), countPublished(p, forumID, now)...)
	published, err := runSteps(tx, publish, steps...)
	if err != nil {
		return err
	}
	if !published {
		return alreadyDecided(tx, p.ID)
	}
	p.Status = string(forum.StatusApproved)
	return nil
}

// countPublished moves the counts and latest activity of a published
// post's topic and forum. They are the last statements of a publishing
// write: every write publishing into a topic or forum updates the same
// rows, and on PostgreSQL holds their locks from here until its commit,
// so the less that comes after them, the less the writes publishing in
// one forum wait for each other.
func countPublished(p *postRow, forumID int64, now time.Time) []step {
	topicSet, topics := "reply_count = reply_count + 1", 0
	if p.Opening {
		topicSet, topics = "status = '"+string(forum.StatusApproved)+"'", 1
	}
	return []step{
		{"UPDATE topics SET last_activity_at = ?, " + topicSet + " WHERE id = ?", []any{now, p.TopicID}},
		{"UPDATE forums SET post_count = post_count + 1, topic_count = topic_count + ?, last_activity_at = ? WHERE id = ?",
			[]any{topics, now, forumID}},
	}
}

// alreadyDecided explains why a post could not change: someone else
// decided on it first, and this says what they decided.
func alreadyDecided(tx *gorm.DB, postID int64) error {
	var status string
	if err := tx.Model(&postRow{}).Where("id = ?", postID).Pluck("status", &status).Error; err != nil {
		return err
	}
	switch forum.PostStatus(status) {
	case "":
		return forum.Errorf(forum.ECONFLICT, "This post no longer exists: its author withdrew it.")
	case forum.StatusApproved:
		return forum.Errorf(forum.ECONFLICT, "Another moderator has already approved this post.")
	case forum.StatusDeclined:
		return forum.Errorf(forum.ECONFLICT, "Another moderator has already declined this post.")
	case forum.StatusHidden:
		return forum.Errorf(forum.ECONFLICT, "This post has been hidden by a moderator.")
	}
	return forum.Errorf(forum.ECONFLICT, "This post is no longer waiting for a moderator.")
}

// PublicPost returns one approved post of a topic as readers see it.
func (s *Store) PublicPost(ctx context.Context, publicTopicID, publicPostID int64) (forum.Post, error) {
	topicID, postID := s.ids.topic(publicTopicID), s.ids.post(publicPostID)
	var row threadRow
	err := s.r(ctx).Table("posts p").Select(threadSelect).
		Joins(bylineJoin("p", "a")).
		Joins("LEFT JOIN posts pp ON pp.id = p.parent_id").
		Joins(bylineJoin("pp", "pa")).
		Where("p.id = ? AND p.topic_id = ? AND p.status = ?", postID, topicID, forum.StatusApproved).Take(&row).Error
	if err != nil {
		return forum.Post{}, translate(err)
	}
	return row.post(s.ids), nil
}

// TopicOfPost returns the topic of an approved post.
func (s *Store) TopicOfPost(ctx context.Context, publicPostID int64) (int64, error) {
	var topicID int64
	err := s.r(ctx).Model(&postRow{}).Where("id = ? AND status = ?", s.ids.post(publicPostID), forum.StatusApproved).
		Pluck("topic_id", &topicID).Error
	if err == nil && topicID == 0 {
		return 0, forum.ErrNotFound
	}
	return s.ids.pubTopic(topicID), translate(err)
}
