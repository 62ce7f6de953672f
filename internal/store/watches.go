package store

import (
	"context"
	"database/sql"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"forum/internal/cache"
	"forum/internal/forum"
)

// Watching (issue 17, item 5): a member watches a topic or a forum and is
// told in the app of every post approved there, the notices of one topic
// told as one line (web/notifications.go). The notices are written in the
// transaction that approves the post (notifyWatchersStep, in authors.go, since
// it must leave out the post's author). A watch is its member's own: it
// goes with their account (the table's foreign key, and EraseAccount), is in
// their download, and goes with its topic or forum when that is deleted.

// watchTarget is what a watch is on: a topic (by its internal id) or a
// forum.
type watchTarget struct {
	column string // "topic_id" or "forum_id"
	id     int64
}

// visibleTopicSQL and visibleForumSQL find a topic, or a forum, that
// readers may see: approved, in a forum and group that are not archived
// (as Topic and Forum read them).
const (
	visibleTopicSQL = `SELECT t.id FROM topics t JOIN forums f ON f.id = t.forum_id AND f.archived_at IS NULL
		JOIN outcome_groups g ON g.id = f.group_id AND g.archived_at IS NULL WHERE t.id = ? AND t.status = ?`
	visibleForumSQL = `SELECT f.id FROM forums f JOIN outcome_groups g ON g.id = f.group_id AND g.archived_at IS NULL
		WHERE f.id = ? AND f.archived_at IS NULL`
)

// visible says whether readers may see the target; it answers as for a
// topic or forum that never was when they may not.
func (w watchTarget) visible(tx *gorm.DB) error {
	var id int64
	var err error
	if w.column == "topic_id" {
		err = tx.Raw(visibleTopicSQL, w.id, forum.StatusApproved).Row().Scan(&id)
	} else {
		err = tx.Raw(visibleForumSQL, w.id).Row().Scan(&id)
	}
	return translate(err)
}

// WatchTopic makes the member watch a topic that readers may see (by its
// public id). Watching twice is watching once.
func (s *Store) WatchTopic(ctx context.Context, accountID, publicTopicID int64) error {
	return s.watch(ctx, accountID, watchTarget{"topic_id", s.ids.topic(publicTopicID)})
}

// UnwatchTopic stops the member watching a topic. Stopping twice is fine;
// stopping a watch one never had on a topic readers may not see answers
// as for a topic that never was.
func (s *Store) UnwatchTopic(ctx context.Context, accountID, publicTopicID int64) error {
	return s.unwatch(ctx, accountID, watchTarget{"topic_id", s.ids.topic(publicTopicID)})
}

// WatchForum makes the member watch a forum that readers may see.
func (s *Store) WatchForum(ctx context.Context, accountID, forumID int64) error {
	return s.watch(ctx, accountID, watchTarget{"forum_id", forumID})
}

// UnwatchForum stops the member watching a forum (as UnwatchTopic).
func (s *Store) UnwatchForum(ctx context.Context, accountID, forumID int64) error {
	return s.unwatch(ctx, accountID, watchTarget{"forum_id", forumID})
}

func (s *Store) watch(ctx context.Context, accountID int64, w watchTarget) error {
	defer s.forgetWatches(accountID)
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		if err := w.visible(tx); err != nil {
			return err
		}
		// Both dialects skip a row that one of the unique indexes already
		// holds: a double click, or two tabs, make one watch.
		return tx.Exec("INSERT INTO watches (account_id, "+w.column+", created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
			accountID, w.id, s.now()).Error
	})
}

func (s *Store) unwatch(ctx context.Context, accountID int64, w watchTarget) error {
	defer s.forgetWatches(accountID)
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		res := tx.Exec("DELETE FROM watches WHERE account_id = ? AND "+w.column+" = ?", accountID, w.id)
		if res.Error != nil || res.RowsAffected > 0 {
			return res.Error
		}
		return w.visible(tx)
	})
}

// WatchState is whether a member watches a topic, and its forum.
type WatchState struct {
	Topic bool
	Forum bool
}

// TopicWatchState says whether the member watches a topic (by its public
// id) and whether they watch its forum.
func (s *Store) TopicWatchState(ctx context.Context, accountID, publicTopicID, forumID int64) (WatchState, error) {
	set, err := s.watchesOf(ctx, accountID)
	return WatchState{Topic: set.topics[s.ids.topic(publicTopicID)], Forum: set.forums[forumID]}, err
}

// WatchesForum says whether the member watches a forum.
func (s *Store) WatchesForum(ctx context.Context, accountID, forumID int64) (bool, error) {
	set, err := s.watchesOf(ctx, accountID)
	return set.forums[forumID], err
}

// A member's watches are read once and kept in memory, so that the Watch
// button on every page they read costs no statement: only they change
// them, through watch and unwatch, which forget what was kept. On
// PostgreSQL they may change them on another instance: what is kept is
// believed for readKnownFor there.

// watchSet is what one member watches (topics by internal id).
type watchSet struct {
	topics, forums map[int64]bool
}

// watchSetsMax bounds the members whose watches are kept.
const watchSetsMax = 10_000

// watchesOf returns what the member watches.
func (s *Store) watchesOf(ctx context.Context, accountID int64) (watchSet, error) {
	if set, ok := s.watching.sets.Get(accountID, 0); ok {
		return set, nil
	}
	gen := s.watching.gen.Load()
	var rows []struct {
		TopicID sql.NullInt64
		ForumID sql.NullInt64
	}
	set := watchSet{topics: map[int64]bool{}, forums: map[int64]bool{}}
	if err := s.r(ctx).Table("watches").Select("topic_id, forum_id").Where("account_id = ?", accountID).Find(&rows).Error; err != nil {
		return set, translate(err)
	}
	for _, r := range rows {
		if r.TopicID.Valid {
			set.topics[r.TopicID.Int64] = true
		}
		if r.ForumID.Valid {
			set.forums[r.ForumID.Int64] = true
		}
	}
	// A watch changed while this was read may be missing from it: keep it
	// only if none did.
	if s.watching.gen.Load() == gen {
		s.watching.sets.Put(accountID, 0, set)
	}
	return set, nil
}

// forgetWatches drops what is kept of a member's watches, after they
// change or go.
func (s *Store) forgetWatches(accountID int64) {
	s.watching.gen.Add(1)
	s.watching.sets.Remove(accountID)
}

// watchCache keeps members' watches (watchesOf).
type watchCache struct {
	sets *cache.Cache[int64, watchSet] // believed for Store.believe
	gen  atomic.Int64                  // moves on with every change to anyone's watches
}

// start makes the cache empty, as the store opens.
func (c *watchCache) start(believe time.Duration) {
	c.sets = cache.New[int64, watchSet](watchSetsMax, believe)
}

// Watch is one of a member's watches, as their download and account page
// list it. The topic or forum is named while readers may see it; one that
// readers may no longer see is listed without its name.
type Watch struct {
	TopicID    int64     `json:"topic_id,omitempty"`
	TopicTitle string    `json:"topic_title,omitempty"`
	ForumID    int64     `json:"forum_id,omitempty"`
	ForumName  string    `json:"forum_name,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// MyWatches lists what the member watches, forums first, oldest first.
func (s *Store) MyWatches(ctx context.Context, accountID int64) ([]Watch, error) {
	var rows []struct {
		TopicID    sql.NullInt64
		TopicTitle sql.NullString
		ForumID    sql.NullInt64
		ForumName  sql.NullString
		CreatedAt  time.Time
	}
	err := s.r(ctx).Table("watches w").
		Select("w.topic_id, t.title AS topic_title, w.forum_id, f.name AS forum_name, w.created_at").
		Joins("LEFT JOIN topics t ON t.id = w.topic_id AND t.status = ? AND t.id IN ("+visibleTopicIDs+")", forum.StatusApproved).
		Joins("LEFT JOIN forums f ON f.id = w.forum_id AND f.id IN ("+visibleForumIDs+")").
		Where("w.account_id = ?", accountID).Order("w.forum_id IS NULL, w.id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]Watch, 0, len(rows))
	for _, r := range rows {
		w := Watch{TopicTitle: r.TopicTitle.String, ForumName: r.ForumName.String, CreatedAt: r.CreatedAt.UTC()}
		if r.TopicID.Valid {
			w.TopicID = s.ids.pubTopic(r.TopicID.Int64)
		}
		if r.ForumID.Valid {
			w.ForumID = r.ForumID.Int64
		}
		out = append(out, w)
	}
	return out, nil
}

// visibleTopicIDs and visibleForumIDs are the ids of the topics' forums,
// and of the forums, readers may see (subqueries for an IN).
const (
	visibleTopicIDs = `SELECT vt.id FROM topics vt JOIN forums vf ON vf.id = vt.forum_id AND vf.archived_at IS NULL
		JOIN outcome_groups vg ON vg.id = vf.group_id AND vg.archived_at IS NULL WHERE vt.id = w.topic_id`
	visibleForumIDs = `SELECT vf.id FROM forums vf JOIN outcome_groups vg ON vg.id = vf.group_id AND vg.archived_at IS NULL
		WHERE vf.id = w.forum_id AND vf.archived_at IS NULL`
)
