package store

import (
	"context"
	"database/sql"
	"time"

	"forum/internal/forum"
)

// FeedEntry is an approved topic with its opening post, for feeds and the
// weekly digest.
type FeedEntry struct {
	forum.Topic
	ForumID    int64
	GroupID    int64
	BodyHTML   string
	ApprovedAt time.Time
}

type feedRow struct {
	Topic      topicListRow `gorm:"embedded"`
	GroupID    int64
	BodyHTML   string `gorm:"column:body_html"`
	ApprovedAt sql.NullTime
}

func (r feedRow) entry(ids idCodec) FeedEntry {
	e := FeedEntry{Topic: r.Topic.topic(ids), ForumID: r.Topic.ForumID, GroupID: r.GroupID, BodyHTML: r.BodyHTML}
	if r.ApprovedAt.Valid {
		e.ApprovedAt = r.ApprovedAt.Time.UTC()
	}
	return e
}

const feedSelect = topicListSelect + `, f.name AS forum_name, g.name AS group_name, g.id AS group_id,
	op.body_html AS body_html, op.approved_at`

// FeedTopics lists the newest approved topics, by when they were
// published, across the site or in one group or forum (ids of 0: all).
func (s *Store) FeedTopics(ctx context.Context, groupID, forumID int64, limit int) ([]FeedEntry, error) {
	q := s.r(ctx).Table("topics t").Select(feedSelect).
		Joins("JOIN posts op ON op.topic_id = t.id AND op.opening = ?", true).
		Joins(bylineJoin("t", "a")).
		Joins("JOIN forums f ON f.id = t.forum_id AND f.archived_at IS NULL").
		Joins("JOIN outcome_groups g ON g.id = f.group_id AND g.archived_at IS NULL").
		Where("t.status = ? AND op.status = ?", forum.StatusApproved, forum.StatusApproved)
	if groupID != 0 {
		q = q.Where("g.id = ?", groupID)
	}
	if forumID != 0 {
		q = q.Where("f.id = ?", forumID)
	}
	var rows []feedRow
	if err := q.Order("op.approved_at DESC, t.id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]FeedEntry, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.entry(s.ids))
	}
	return out, nil
}

// TopicsPublished lists topics published (their opening post approved)
// in [from, to), oldest first, for the weekly digest.
func (s *Store) TopicsPublished(ctx context.Context, from, to time.Time) ([]FeedEntry, error) {
	var rows []feedRow
	err := s.r(ctx).Table("topics t").Select(feedSelect).
		Joins("JOIN posts op ON op.topic_id = t.id AND op.opening = ?", true).
		Joins(bylineJoin("t", "a")).
		Joins("JOIN forums f ON f.id = t.forum_id AND f.archived_at IS NULL").
		Joins("JOIN outcome_groups g ON g.id = f.group_id AND g.archived_at IS NULL").
		Where("t.status = ? AND op.status = ? AND op.approved_at >= ? AND op.approved_at < ?",
			forum.StatusApproved, forum.StatusApproved, from.UTC(), to.UTC()).
		Order("g.position, g.id, op.approved_at, t.id").Limit(500).Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]FeedEntry, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.entry(s.ids))
	}
	return out, nil
}
