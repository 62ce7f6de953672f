package store

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
	"forum/internal/markup"
)

// Bulk loading, for generating large sample databases quickly: topics and
// their posts are written in large batches with ids assigned here, so each
// row is written once; counts and the search index are rebuilt per batch
// in the same transaction.

// BulkTopic is a topic to load with its posts; Posts[0] opens it.
type BulkTopic struct {
	ForumID   int64
	Title     string
	Pinned    bool
	CreatedAt time.Time
	Posts     []BulkPost
}

// BulkPost is a post to load. Parent indexes an earlier post of the same
// topic, or is -1 for a reply to the topic.
type BulkPost struct {
	AuthorID  int64
	Anonymous bool
	Status    forum.PostStatus
	Body      string
	Parent    int
	CreatedAt time.Time
}

// BulkLoad writes topics and their posts in one transaction.
func (s *Store) BulkLoad(ctx context.Context, topics []BulkTopic) error {
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		var maxTopic, maxPost sql.NullInt64
		if err := tx.Model(&topicRow{}).Select("MAX(id)").Scan(&maxTopic).Error; err != nil {
			return err
		}
		if err := tx.Model(&postRow{}).Select("MAX(id)").Scan(&maxPost).Error; err != nil {
			return err
		}
		nextTopic, nextPost := maxTopic.Int64+1, maxPost.Int64+1
		firstPost := nextPost
		var trows []topicRow
		var prows []postRow
		for _, bt := range topics {
			t := topicRow{ID: nextTopic, ForumID: bt.ForumID, Title: bt.Title, Status: string(bt.Posts[0].Status),
				Pinned: bt.Pinned, PinPosition: 1, CreatedAt: bt.CreatedAt, LastActivityAt: bt.CreatedAt,
				AuthorID: sql.NullInt64{Int64: bt.Posts[0].AuthorID, Valid: true}, Anonymous: bt.Posts[0].Anonymous}
			nextTopic++
			placed := make([]postRow, 0, len(bt.Posts))
			for i, bp := range bt.Posts {
				p := postRow{ID: nextPost, TopicID: t.ID, AuthorID: sql.NullInt64{Int64: bp.AuthorID, Valid: true},
					Anonymous: bp.Anonymous, Status: string(bp.Status), BodySource: bp.Body, BodyHTML: markup.Render(bp.Body),
					Opening: i == 0, CreatedAt: bp.CreatedAt, UpdatedAt: bp.CreatedAt}
				nextPost++
				if bp.Status == forum.StatusDeclined {
					p.DeclineReason = "Off-topic for this forum"
				}
				if bp.Status == forum.StatusApproved || bp.Status == forum.StatusHidden {
					p.ApprovedAt = sql.NullTime{Time: bp.CreatedAt, Valid: true}
				}
				if i > 0 && bp.Parent >= 0 && bp.Parent < i && placed[bp.Parent].Status == string(forum.StatusApproved) {
					parent := placed[bp.Parent]
					p.ParentID = sql.NullInt64{Int64: parent.ID, Valid: true}
					if parent.Depth < forum.MaxThreadDepth {
						p.Depth, p.Path = parent.Depth+1, parent.Path+pathSegment(p.ID)
					} else {
						p.Depth, p.Path = forum.MaxThreadDepth, parent.Path[:forum.MaxThreadDepth*pathSegmentWidth]+pathSegment(p.ID)
					}
				} else {
					p.Path = pathSegment(p.ID)
				}
				if i > 0 && p.Status == string(forum.StatusApproved) && t.Status == string(forum.StatusApproved) {
					t.ReplyCount++
					if bp.CreatedAt.After(t.LastActivityAt) {
						t.LastActivityAt = bp.CreatedAt
					}
				}
				placed = append(placed, p)
			}
			trows = append(trows, t)
			prows = append(prows, placed...)
		}
		if err := tx.CreateInBatches(trows, 500).Error; err != nil {
			return err
		}
		if err := tx.CreateInBatches(prows, 400).Error; err != nil {
			return err
		}
		if err := indexRange(tx, firstPost, nextPost-1); err != nil {
			return err
		}
		if tx.Dialector.Name() == "postgres" {
			for _, table := range []string{"topics", "posts"} {
				if err := tx.Exec("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), (SELECT MAX(id) FROM " + table + "))").Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// indexRange adds approved posts with ids in [from, to] to the search index.
func indexRange(tx *gorm.DB, from, to int64) error {
	return upkeep(tx).indexRange(tx, from, to)
}

// RecountAll recomputes every forum's counts, after a bulk load: one pass
// over the topics and one over the posts, grouped by forum (a recount
// forum by forum took minutes each on a fresh million-post PostgreSQL).
func (s *Store) RecountAll(ctx context.Context) error {
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		return tx.Exec(`WITH tc AS (
				SELECT forum_id, COUNT(*) AS n, MAX(last_activity_at) AS latest FROM topics
				WHERE status = ? GROUP BY forum_id),
			pc AS (
				SELECT t.forum_id, COUNT(*) AS n FROM posts p JOIN topics t ON t.id = p.topic_id
				WHERE t.status = ? AND p.status = ? GROUP BY t.forum_id)
			UPDATE forums SET
				topic_count = COALESCE((SELECT n FROM tc WHERE tc.forum_id = forums.id), 0),
				post_count = COALESCE((SELECT n FROM pc WHERE pc.forum_id = forums.id), 0),
				last_activity_at = (SELECT latest FROM tc WHERE tc.forum_id = forums.id)`,
			forum.StatusApproved, forum.StatusApproved, forum.StatusApproved).Error
	})
}

// Analyze refreshes the query planner's statistics after a bulk load.
func (s *Store) Analyze(ctx context.Context) error {
	return s.db.WithContext(ctx).Exec("ANALYZE").Error
}
