package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// Expert forums as questions and answers (issue 17, item 6). Every topic
// of an expert forum is a question; a host of the forum, or an admin,
// marks one published reply in it as its answer (topic_answers). The mark
// stays while the reply is hidden or erased, but readers see an answer
// only while its reply is published: every query here asks that of the
// reply, so a hidden answer is never shown and the question reads as
// unanswered until the reply is shown again or another is chosen.

// Moderation-log actions of answers.
const (
	ActionAnswer   = "answer"
	ActionUnanswer = "unanswer"
)

type topicAnswerRow struct {
	TopicID  int64 `gorm:"primaryKey;autoIncrement:false"`
	PostID   int64
	ChosenBy sql.NullInt64
	ChosenAt time.Time
}

func (topicAnswerRow) TableName() string { return "topic_answers" }

// answeredSQL holds for a topic t whose chosen answer readers can see.
const answeredSQL = `EXISTS (SELECT 1 FROM topic_answers ta JOIN posts ap ON ap.id = ta.post_id
	WHERE ta.topic_id = t.id AND ap.topic_id = t.id AND ap.status = 'approved')`

// ForumQuestions is ForumTopics for an expert forum: its questions, pinned
// first, each saying whether it has an answer, those that have one or
// those that wait for one when filter says so.
func (s *Store) ForumQuestions(ctx context.Context, forumID int64, filter forum.QuestionFilter, after, before string) (TopicPage, error) {
	return s.forumTopics(ctx, forumID, func(q *gorm.DB) *gorm.DB {
		q = q.Select(topicListSelect + ", " + answeredSQL + " AS answered")
		switch filter {
		case forum.AnsweredQuestions:
			q = q.Where(answeredSQL)
		case forum.WaitingQuestions:
			q = q.Where("NOT " + answeredSQL)
		}
		return q
	}, after, before)
}

// QuestionCounts counts an expert forum's questions as its page lists
// them, and those of them with an answer readers can see.
func (s *Store) QuestionCounts(ctx context.Context, forumID int64) (forum.QuestionCounts, error) {
	var c struct{ Total, Answered int }
	err := s.r(ctx).Raw(`SELECT COUNT(*) AS total, COUNT(CASE WHEN `+answeredSQL+` THEN 1 END) AS answered
		FROM topics t WHERE t.forum_id = ? AND t.status = ?`, forumID, forum.StatusApproved).Scan(&c).Error
	return forum.QuestionCounts{All: c.Total, Answered: c.Answered}, translate(err)
}

// answerRow is a chosen answer: its reply as the thread shows it (so its
// byline comes through bylineJoin, and an anonymous reply stays so), who
// chose it, and the post before it in the thread.
type answerRow struct {
	Post     threadRow `gorm:"embedded"`
	Chooser  sql.NullString
	ByHost   bool
	BeforeID sql.NullInt64
}

// Answers returns the answers readers can see of the questions named by
// their public ids, by the same ids. A question without one is left out.
func (s *Store) Answers(ctx context.Context, publicTopicIDs []int64) (map[int64]forum.Answer, error) {
	out := map[int64]forum.Answer{}
	if len(publicTopicIDs) == 0 {
		return out, nil
	}
	ids := make([]int64, len(publicTopicIDs))
	for i, id := range publicTopicIDs {
		ids[i] = s.ids.topic(id)
	}
	var rows []answerRow
	err := s.r(ctx).Table("topic_answers ta").
		Select(threadSelect+`, c.pseudonym AS chooser,
			EXISTS (SELECT 1 FROM forum_hosts h JOIN topics qt ON qt.forum_id = h.forum_id
				WHERE qt.id = ta.topic_id AND h.account_id = ta.chosen_by) AS by_host,
			(SELECT b.id FROM posts b WHERE b.topic_id = p.topic_id AND b.status IN ('approved', 'hidden', 'erased')
				AND b.path < p.path ORDER BY b.path DESC LIMIT 1) AS before_id`).
		Joins("JOIN posts p ON p.id = ta.post_id AND p.topic_id = ta.topic_id AND p.status = ?", forum.StatusApproved).
		Joins(bylineJoin("p", "a")).
		Joins("LEFT JOIN posts pp ON pp.id = p.parent_id").
		Joins(bylineJoin("pp", "pa")).
		Joins("LEFT JOIN accounts c ON c.id = ta.chosen_by").
		Where("ta.topic_id IN ?", ids).Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		a := forum.Answer{TopicID: s.ids.pubTopic(r.Post.TopicID), Post: r.Post.post(s.ids), ChosenBy: r.Chooser.String, ByHost: r.ByHost}
		if r.BeforeID.Valid {
			a.After = s.ids.pubPost(r.BeforeID.Int64)
		}
		out[a.TopicID] = a
	}
	return out, nil
}

// Answer is the answer readers can see of one question, or nil.
func (s *Store) Answer(ctx context.Context, publicTopicID int64) (*forum.Answer, error) {
	as, err := s.Answers(ctx, []int64{publicTopicID})
	if a, ok := as[publicTopicID]; ok {
		return &a, err
	}
	return nil, err
}

// Openings returns the published opening posts of the questions named by
// their public ids (the question as its asker wrote it), by the same ids,
// for the archive that lists questions with their answers.
func (s *Store) Openings(ctx context.Context, publicTopicIDs []int64) (map[int64]forum.Post, error) {
	out := map[int64]forum.Post{}
	if len(publicTopicIDs) == 0 {
		return out, nil
	}
	ids := make([]int64, len(publicTopicIDs))
	for i, id := range publicTopicIDs {
		ids[i] = s.ids.topic(id)
	}
	var rows []threadRow
	err := s.r(ctx).Table("posts p").Select(threadSelect).
		Joins(bylineJoin("p", "a")).
		Joins("LEFT JOIN posts pp ON pp.id = p.parent_id").
		Joins(bylineJoin("pp", "pa")).
		Where("p.topic_id IN ? AND p.opening AND p.status = ?", ids, forum.StatusApproved).Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		p := r.post(s.ids)
		out[p.TopicID] = p
	}
	return out, nil
}

// answerChoice is the reply a host marks or unmarks, where it is.
type answerChoice struct {
	TopicID, ForumID int64
	Opening          bool
	Forum            forumRow
}

// answerToChoose loads a published reply, in a published question, for a
// host's act on its answer: only the forum's hosts and admins, only in an
// expert forum, and only a reply, not the question itself. A reply readers
// cannot see (waiting, declined, hidden, erased) answers as one that never
// was, whoever asks.
func answerToChoose(tx *gorm.DB, actor forum.Account, postID int64) (answerChoice, error) {
	var c answerChoice
	err := tx.Raw(`SELECT p.topic_id, t.forum_id, p.opening FROM posts p
		JOIN topics t ON t.id = p.topic_id AND t.status = ?
		WHERE p.id = ? AND p.status = ?`, forum.StatusApproved, postID, forum.StatusApproved).Row().
		Scan(&c.TopicID, &c.ForumID, &c.Opening)
	if err != nil {
		return c, translate(err)
	}
	if c.Forum, err = forumToHost(tx, actor, c.ForumID); err != nil {
		return c, err
	}
	if forum.ForumKind(c.Forum.Kind) != forum.KindExpert {
		return c, forum.Errorf(forum.EINVALID, "Only the questions of expert forums have an answer to choose.")
	}
	if c.Opening {
		return c, forum.Errorf(forum.EINVALID, "A question cannot be its own answer: choose one of the replies.")
	}
	return c, nil
}

// MarkAnswer marks a published reply as the answer to its question, in
// place of any answer chosen before, and returns the question's public id.
// The moderation log says who chose which post, never who wrote it.
func (s *Store) MarkAnswer(ctx context.Context, actor forum.Account, publicPostID int64) (int64, error) {
	postID := s.ids.post(publicPostID)
	var topicID int64
	err := s.write(ctx, contentChange, func(tx *gorm.DB) error {
		c, err := answerToChoose(tx, actor, postID)
		topicID = c.TopicID
		if err != nil {
			return err
		}
		var before []topicAnswerRow
		if err := tx.Where("topic_id = ?", c.TopicID).Find(&before).Error; err != nil {
			return err
		}
		now := s.now()
		chooser := sql.NullInt64{Int64: actor.ID, Valid: actor.ID != 0}
		reason := ""
		switch {
		case len(before) == 0:
			err = tx.Create(&topicAnswerRow{TopicID: c.TopicID, PostID: postID, ChosenBy: chooser, ChosenAt: now}).Error
		case before[0].PostID == postID:
			return nil // already its answer: sent twice
		default:
			reason = fmt.Sprintf("in place of post %d", s.ids.pubPost(before[0].PostID))
			err = tx.Model(&topicAnswerRow{}).Where("topic_id = ?", c.TopicID).
				Updates(map[string]any{"post_id": postID, "chosen_by": chooser, "chosen_at": now}).Error
		}
		if err != nil {
			return err
		}
		return logAction(tx, now, actor, ActionAnswer, c.TopicID, postID, "", reason)
	})
	return s.ids.pubTopic(topicID), err
}

// UnmarkAnswer takes back the mark that made a reply its question's
// answer: the question waits for an answer again. It returns the
// question's public id.
func (s *Store) UnmarkAnswer(ctx context.Context, actor forum.Account, publicPostID int64) (int64, error) {
	postID := s.ids.post(publicPostID)
	var topicID int64
	err := s.write(ctx, contentChange, func(tx *gorm.DB) error {
		c, err := answerToChoose(tx, actor, postID)
		topicID = c.TopicID
		if err != nil {
			return err
		}
		res := tx.Where("topic_id = ? AND post_id = ?", c.TopicID, postID).Delete(&topicAnswerRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return forum.Errorf(forum.ECONFLICT, "That reply is not the answer to its question: another host may have changed the answer.")
		}
		return logAction(tx, s.now(), actor, ActionUnanswer, c.TopicID, postID, "", "")
	})
	return s.ids.pubTopic(topicID), err
}
