package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// Moving a topic to another forum (issue 17, item 7).

// ActionMove is the log's line for a topic moved to another forum.
const ActionMove = "move"

// NotifyMoved tells the author of a topic's opening post that a moderator
// moved the topic, from which forum to which.
const NotifyMoved = "moved"

// TopicMove is a moderator's move of a topic: From is the forum the topic
// was in when they chose (so that two moderators moving it at once do not
// both move it), To the forum they chose, Reason optional free text.
type TopicMove struct {
	From, To int64
	Reason   string
}

// placedForum is a forum with what decides whether a topic may come or go.
type placedForum struct {
	ID        int64
	GroupID   int64
	Name      string
	Kind      string
	Anonymity string
	Archived  bool
}

func forumForMove(tx *gorm.DB, id int64) (placedForum, error) {
	var f placedForum
	err := tx.Raw(`SELECT f.id, f.group_id, f.name, f.kind, f.anonymity,
			(f.archived_at IS NOT NULL OR g.archived_at IS NOT NULL) AS archived
		FROM forums f JOIN outcome_groups g ON g.id = f.group_id WHERE f.id = ?`, id).Scan(&f).Error
	if err != nil {
		return f, translate(err)
	}
	if f.ID == 0 {
		return f, forum.ErrNotFound
	}
	return f, nil
}

// MoveTopic moves a topic, with all its posts, to another forum: the
// counts of both forums, and every page and cache that lists them, follow
// at once (the write moves the content generation on); search finds the
// posts under the new forum, as it filters through the topic. The author
// of the opening post is told, without a word about who moved it, and the
// move goes to the log.
//
// The moderator must moderate both forums' groups. Refused: a forum that
// is archived; one whose anonymity policy the topic's posts would break
// (signed posts where anonymity is required, anonymous posts where it is
// not offered); and any move into or out of an expert forum, whose topics
// are the questions of one time-boxed session with its hosts, answers and
// archive. Sent twice, the second finds the topic where the first put it
// and does nothing; sent by a second moderator who saw it in its old
// forum, it is refused as moved meanwhile.
func (s *Store) MoveTopic(ctx context.Context, actor forum.Account, publicTopicID int64, m TopicMove) error {
	topicID := s.ids.topic(publicTopicID)
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		var t topicRow
		if err := tx.Where("id = ?", topicID).Take(&t).Error; err != nil {
			return translate(err)
		}
		from, err := forumForMove(tx, t.ForumID)
		if err != nil {
			return err
		}
		if !actor.Moderates(from.GroupID) {
			return forum.Errorf(forum.EFORBIDDEN, "This topic is in a group you do not moderate.")
		}
		if t.ForumID == m.To && m.From != m.To {
			return nil // the same form sent again: done already
		}
		if t.ForumID != m.From {
			return forum.Errorf(forum.ECONFLICT, "Another moderator moved this topic meanwhile: it is now in “%s”. Look at it again before you move it.", from.Name)
		}
		to, err := s.moveTarget(tx, actor, t, from, m.To)
		if err != nil {
			return err
		}
		// The reason is optional: only characters it cannot take, or too
		// many, refuse it.
		clean, _ := forum.CleanText(m.Reason)
		if clean != "" {
			var fe forum.FieldErrors
			forum.CheckReason(&fe, "reason", m.Reason, "", 1)
			if err := fe.Err(); err != nil {
				return err
			}
		}
		m.Reason = clean
		res := tx.Model(&topicRow{}).Where("id = ? AND forum_id = ?", topicID, from.ID).
			Updates(map[string]any{"forum_id": to.ID, "pinned": false, "pin_position": 0, "pinned_until": nil})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return forum.Errorf(forum.ECONFLICT, "Another moderator moved this topic meanwhile. Look at it again before you move it.")
		}
		for _, id := range []int64{from.ID, to.ID} {
			if err := recountForum(tx, id); err != nil {
				return err
			}
		}
		now := s.now()
		detail := fmt.Sprintf("from “%s” to “%s”", from.Name, to.Name)
		var opening int64
		if err := tx.Model(&postRow{}).Where("topic_id = ? AND opening = ?", topicID, true).Limit(1).Pluck("id", &opening).Error; err != nil {
			return err
		}
		if opening != 0 {
			if err := notifyAuthor(tx, opening, NotifyMoved, topicID, detail, now); err != nil {
				return err
			}
		}
		why := "Moved " + detail
		if m.Reason != "" {
			why += ". " + m.Reason
		}
		return logAction(tx, now, actor, ActionMove, topicID, 0, "", why)
	})
}

// moveTarget checks the forum a topic is to move to, by the field "to".
func (s *Store) moveTarget(tx *gorm.DB, actor forum.Account, t topicRow, from placedForum, toID int64) (placedForum, error) {
	refuse := func(msg string) (placedForum, error) {
		var fe forum.FieldErrors
		fe.Add("to", msg)
		return placedForum{}, fe.Err()
	}
	if toID == 0 || toID == from.ID {
		return refuse("Choose the forum to move the topic to")
	}
	to, err := forumForMove(tx, toID)
	if forum.ErrorCode(err) == forum.ENOTFOUND {
		return refuse("Choose the forum to move the topic to")
	}
	if err != nil {
		return to, err
	}
	switch {
	case !actor.Moderates(to.GroupID):
		return refuse("“" + to.Name + "” is in a group you do not moderate")
	case to.Archived:
		return refuse("“" + to.Name + "” is archived: it takes no topics")
	case from.Kind == string(forum.KindExpert):
		return refuse("Topics of an expert forum stay in it: they are the questions of its session, with its hosts’ answers, and its archive")
	case to.Kind == string(forum.KindExpert):
		return refuse("“" + to.Name + "” is an expert forum: it takes questions for its session only, through its own form")
	}
	var signed, anonymous int64
	err = tx.Raw(`SELECT COALESCE(SUM(CASE WHEN anonymous THEN 0 ELSE 1 END), 0), COALESCE(SUM(CASE WHEN anonymous THEN 1 ELSE 0 END), 0)
		FROM posts WHERE topic_id = ? AND status <> ?`, t.ID, forum.StatusErased).Row().Scan(&signed, &anonymous)
	if err != nil {
		return to, err
	}
	switch {
	case to.Anonymity == string(forum.AnonRequired) && signed > 0:
		return refuse("“" + to.Name + "” takes anonymous posts only, and this topic has posts signed with a pseudonym")
	case to.Anonymity == string(forum.AnonOff) && anonymous > 0:
		return refuse("“" + to.Name + "” does not take anonymous posts, and this topic has some")
	}
	return to, nil
}

// TopicToMove is a topic as the page to move it shows it to a moderator.
type TopicToMove struct {
	ID         int64 // public
	Title      string
	Status     forum.PostStatus
	ForumID    int64
	ForumName  string
	GroupName  string
	ForumKind  forum.ForumKind
	OpeningID  int64 // public; 0 if it has none
	ForumGroup int64
}

// TopicToMove returns a topic, whatever its status, for a moderator of its
// group or an admin; anyone else finds none.
func (s *Store) TopicToMove(ctx context.Context, actor forum.Account, publicTopicID int64) (TopicToMove, error) {
	topicID := s.ids.topic(publicTopicID)
	var r struct {
		Title, Status, ForumName, GroupName, Kind string
		ForumID, GroupID                          int64
	}
	err := s.r(ctx).Raw(`SELECT t.title, t.status, f.id AS forum_id, f.name AS forum_name, f.kind, g.id AS group_id, g.name AS group_name
		FROM topics t JOIN forums f ON f.id = t.forum_id JOIN outcome_groups g ON g.id = f.group_id WHERE t.id = ?`, topicID).Scan(&r).Error
	if err != nil {
		return TopicToMove{}, translate(err)
	}
	if r.ForumID == 0 || !actor.Moderates(r.GroupID) {
		return TopicToMove{}, forum.ErrNotFound
	}
	var opening int64
	if err := s.r(ctx).Model(&postRow{}).Where("topic_id = ? AND opening = ?", topicID, true).Limit(1).Pluck("id", &opening).Error; err != nil {
		return TopicToMove{}, translate(err)
	}
	m := TopicToMove{ID: publicTopicID, Title: r.Title, Status: forum.PostStatus(r.Status), ForumID: r.ForumID, ForumName: r.ForumName,
		GroupName: r.GroupName, ForumKind: forum.ForumKind(r.Kind), ForumGroup: r.GroupID}
	if opening != 0 {
		m.OpeningID = s.ids.pubPost(opening)
	}
	return m, nil
}
