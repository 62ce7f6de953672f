package store

import (
	"gorm.io/gorm"

	"forum/internal/forum"
)

// CountCap bounds the counts shown in page headers (unread notifications,
// posts waiting): they are counted up to this many and shown as "100+".
const CountCap = 100

// recountTopic recomputes a topic's reply count and latest activity from its
// posts. Approval moves counts by one (approveInTx); rarer changes that can
// move them by many, such as an erased account, recount instead.
func recountTopic(tx *gorm.DB, topicID int64) error {
	return tx.Exec(`UPDATE topics SET
		reply_count = (SELECT COUNT(*) FROM posts p WHERE p.topic_id = topics.id AND p.status = ? AND p.opening = ?),
		last_activity_at = COALESCE((SELECT MAX(p.approved_at) FROM posts p WHERE p.topic_id = topics.id AND p.status = ?), topics.created_at)
		WHERE id = ?`, forum.StatusApproved, false, forum.StatusApproved, topicID).Error
}

// recountForum recomputes a forum's counts and latest activity.
func recountForum(tx *gorm.DB, forumID int64) error {
	return tx.Exec(`UPDATE forums SET
		topic_count = (SELECT COUNT(*) FROM topics t WHERE t.forum_id = forums.id AND t.status = ?),
		post_count = (SELECT COUNT(*) FROM posts p JOIN topics t ON t.id = p.topic_id
			WHERE t.forum_id = forums.id AND t.status = ? AND p.status = ?),
		last_activity_at = (SELECT MAX(t.last_activity_at) FROM topics t WHERE t.forum_id = forums.id AND t.status = ?)
		WHERE id = ?`, forum.StatusApproved, forum.StatusApproved, forum.StatusApproved, forum.StatusApproved, forumID).Error
}
