package store

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"forum/internal/cache"
	"forum/internal/forum"
)

// What is new since a member last read (issue 17, item 4).
//
// A member's read mark in a topic is the publication time of the newest
// post they were shown there: a post published later is unread. Nothing
// published before their "mark all as read" (or their joining) is unread,
// nor anything older than UnreadWindow. Marks made by reading wait in
// memory and are written together every ReadFlushEvery (and when the store
// closes): a page view costs a map entry, not a write. Rows older than the
// window say nothing the window does not, and are deleted.
//
// A mark records what was published, never when the member read it, and
// is made only by reading: writing a post marks nothing, so the marks of a
// topic's anonymous author look like every other reader's.

// UnreadWindow is how far back anything counts as unread.
const UnreadWindow = 30 * 24 * time.Hour

// ReadFlushEvery is how often marks made by reading are written.
const ReadFlushEvery = 2 * time.Second

// readsPruneEvery is how often rows past the window are deleted.
const readsPruneEvery = time.Hour

// readMarks holds the marks made by reading and not yet written, and the
// marks this instance knows: a member reading a topic again, the common
// case, costs no statement. Marks only move forwards, and a mark older
// than the member's "mark all as read" counts for nothing, so what is
// known goes stale only when the member reads on another instance; it is
// believed for readKnownFor there, always on SQLite (one process).
type readMarks struct {
	mu      sync.Mutex
	pending map[int64]map[int64]time.Time    // account → topic (internal id) → newest post read
	known   *cache.Cache[readKey, time.Time] // a mark as last read or written here; zero when there is none
	quit    chan struct{}
	done    chan struct{}
	once    sync.Once
}

// readKey names a member's mark in a topic (internal id).
type readKey struct{ account, topic int64 }

// readKnownMax bounds the marks kept in memory (about 100 bytes each).
const readKnownMax = 100_000

// readKnownFor is how long a known mark, or anything else this instance
// learned of one member's own rows, is believed on PostgreSQL, where the
// member may change it on another instance meanwhile (Store.believe).
const readKnownFor = 30 * time.Second

// knownRead returns what this instance knows of a mark, if it may believe it.
func (s *Store) knownRead(key readKey) (time.Time, bool) {
	return s.reads.known.Get(key, 0)
}

// ReadSince is the instant before which nothing is unread for account: the
// later of their "mark all as read" (or joining) and the window's start.
func (s *Store) ReadSince(a forum.Account) time.Time {
	since := a.CreatedAt
	if a.ReadAllAt != nil && a.ReadAllAt.After(since) {
		since = *a.ReadAllAt
	}
	if edge := s.now().Add(-UnreadWindow); edge.After(since) {
		since = edge
	}
	return since.UTC()
}

// ReadUpTo returns, for each of the topics (public ids) account has a
// mark in, the publication time of the newest post they read there.
func (s *Store) ReadUpTo(ctx context.Context, accountID int64, publicTopicIDs []int64) (map[int64]time.Time, error) {
	out := make(map[int64]time.Time, len(publicTopicIDs))
	if len(publicTopicIDs) == 0 {
		return out, nil
	}
	ids := make([]int64, 0, len(publicTopicIDs))
	for _, pub := range publicTopicIDs {
		id := s.ids.topic(pub)
		if at, ok := s.knownRead(readKey{accountID, id}); ok {
			if !at.IsZero() {
				out[pub] = at
			}
			continue
		}
		ids = append(ids, id)
	}
	if err := s.readMarksOf(ctx, accountID, ids, out); err != nil {
		return nil, err
	}
	s.reads.mu.Lock()
	for _, pub := range publicTopicIDs {
		if at, ok := s.reads.pending[accountID][s.ids.topic(pub)]; ok && at.After(out[pub]) {
			out[pub] = at
		}
	}
	s.reads.mu.Unlock()
	return out, nil
}

// readMarksOf reads account's marks in topics (internal ids) from the
// database into out (by public id), and keeps them as known.
func (s *Store) readMarksOf(ctx context.Context, accountID int64, ids []int64, out map[int64]time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		TopicID  int64
		ReadUpto dbTime
	}
	q := s.r(ctx).Table("topic_reads").Select("topic_id, read_upto").Where("account_id = ?", accountID)
	if len(ids) == 1 {
		q = q.Where("topic_id = ?", ids[0])
	} else {
		q = q.Where("topic_id IN ?", ids)
	}
	if err := q.Find(&rows).Error; err != nil {
		return translate(err)
	}
	found := make(map[int64]time.Time, len(rows))
	for _, r := range rows {
		found[r.TopicID] = r.ReadUpto.Time
		out[s.ids.pubTopic(r.TopicID)] = r.ReadUpto.Time
	}
	s.reads.mu.Lock()
	for _, id := range ids {
		s.reads.learn(readKey{accountID, id}, found[id])
	}
	s.reads.mu.Unlock()
	return nil
}

// MarkRead records that account was shown the posts of a topic (public
// id) published up to upto. It is written with the next batch.
func (s *Store) MarkRead(accountID, publicTopicID int64, upto time.Time) {
	s.reads.mu.Lock()
	s.reads.put(accountID, s.ids.topic(publicTopicID), upto.UTC())
	s.reads.mu.Unlock()
}

// MarkAllRead makes nothing published until now unread for account, and
// forgets its marks, which say nothing more.
func (s *Store) MarkAllRead(ctx context.Context, accountID int64) error {
	now := s.now()
	s.forgetReads(accountID)
	// The member's own account and marks: no page another reader sees
	// changes, so the page caches stay (the session's does not: it holds
	// read_all_upto).
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		if err := tx.Exec("UPDATE accounts SET read_all_upto = ? WHERE id = ?", now, accountID).Error; err != nil {
			return err
		}
		return tx.Exec("DELETE FROM topic_reads WHERE account_id = ?", accountID).Error
	})
}

// forgetReads drops what this instance holds of an account's marks, when
// they mark all read or the account goes: nothing of it is written after,
// nor found by an account that might one day be given its id.
func (s *Store) forgetReads(accountID int64) {
	s.reads.mu.Lock()
	delete(s.reads.pending, accountID)
	s.reads.mu.Unlock()
	s.reads.known.RemoveIf(func(k readKey) bool { return k.account == accountID })
}

// UnreadForums says which of the forums hold a topic with a post published
// after since that account has not read. A mark still waiting to be
// written counts: the topics it is for are left out.
func (s *Store) UnreadForums(ctx context.Context, accountID int64, since time.Time, forumIDs []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(forumIDs))
	if len(forumIDs) == 0 {
		return out, nil
	}
	q := s.r(ctx).Table("topics t").Distinct("t.forum_id").
		Joins("LEFT JOIN topic_reads r ON r.account_id = ? AND r.topic_id = t.id", accountID).
		Where("t.forum_id IN ? AND t.status = ? AND t.last_activity_at > ?", forumIDs, forum.StatusApproved, since).
		Where("(r.read_upto IS NULL OR r.read_upto < t.last_activity_at)")
	if read := s.pendingTopics(accountID); len(read) > 0 {
		q = q.Where("t.id NOT IN ?", read)
	}
	var found []int64
	if err := q.Pluck("t.forum_id", &found).Error; err != nil {
		return nil, translate(err)
	}
	for _, id := range found {
		out[id] = true
	}
	return out, nil
}

// pendingTopics lists the topics account has marks waiting in.
func (s *Store) pendingTopics(accountID int64) []int64 {
	s.reads.mu.Lock()
	defer s.reads.mu.Unlock()
	ids := make([]int64, 0, len(s.reads.pending[accountID]))
	for id := range s.reads.pending[accountID] {
		ids = append(ids, id)
	}
	return ids
}

// NewPosts counts, in each topic (public id → the newest post read there),
// the posts published after it.
func (s *Store) NewPosts(ctx context.Context, readUpTo map[int64]time.Time) (map[int64]int, error) {
	out := make(map[int64]int, len(readUpTo))
	if len(readUpTo) == 0 {
		return out, nil
	}
	var cond strings.Builder
	args := make([]any, 0, 2*len(readUpTo)+1)
	args = append(args, forum.StatusApproved)
	for pub, at := range readUpTo {
		if cond.Len() > 0 {
			cond.WriteString(" OR ")
		}
		cond.WriteString("(topic_id = ? AND approved_at > ?)")
		args = append(args, s.ids.topic(pub), at)
	}
	var rows []struct {
		TopicID int64
		N       int
	}
	err := s.r(ctx).Raw(fmt.Sprintf("SELECT topic_id, COUNT(*) AS n FROM posts WHERE status = ? AND (%s) GROUP BY topic_id", cond.String()), args...).
		Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		out[s.ids.pubTopic(r.TopicID)] = r.N
	}
	return out, nil
}

// FirstUnread is the first post, in thread order, of a topic (public id)
// published after upto: its public id, or 0 when there is none.
func (s *Store) FirstUnread(ctx context.Context, publicTopicID int64, upto time.Time) (int64, error) {
	var ids []int64
	err := s.r(ctx).Model(&postRow{}).Where("topic_id = ? AND status = ? AND approved_at > ?", s.ids.topic(publicTopicID), forum.StatusApproved, upto).
		Order("path").Limit(1).Pluck("id", &ids).Error
	if err != nil || len(ids) == 0 {
		return 0, translate(err)
	}
	return s.ids.pubPost(ids[0]), nil
}

// startReads starts the goroutine that writes marks made by reading.
func (s *Store) startReads() {
	s.reads.known = cache.New[readKey, time.Time](readKnownMax, s.believe)
	s.reads.quit, s.reads.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(s.reads.done)
		flush := time.NewTicker(ReadFlushEvery)
		defer flush.Stop()
		prune := time.NewTicker(readsPruneEvery)
		defer prune.Stop()
		for {
			select {
			case <-s.reads.quit:
				s.flushReads(context.Background())
				return
			case <-flush.C:
				s.flushReads(context.Background())
			case <-prune.C:
				s.PruneReads(context.Background())
			}
		}
	}()
}

// stopReads writes the marks still waiting and stops the writer.
func (s *Store) stopReads() {
	if s.reads.quit == nil {
		return
	}
	s.reads.once.Do(func() { close(s.reads.quit) })
	<-s.reads.done
}

// FlushReads writes the marks made by reading now, rather than with the
// next batch; tests call it.
func (s *Store) FlushReads(ctx context.Context) error { return s.flushReads(ctx) }

// flushReads writes the waiting marks in one transaction. It changes
// nothing any cache holds: no other reader sees a mark.
func (s *Store) flushReads(ctx context.Context) error {
	// The marks stay waiting, and counting, until they are known: a page
	// read while they are written must not find them gone.
	s.reads.mu.Lock()
	pending := make(map[int64]map[int64]time.Time, len(s.reads.pending))
	for account, topics := range s.reads.pending {
		pending[account] = maps.Clone(topics)
	}
	s.reads.mu.Unlock()
	if len(pending) == 0 {
		return nil
	}
	// A topic deleted or an account erased meanwhile has no row to mark.
	upsert := "INSERT INTO topic_reads (account_id, topic_id, read_upto) " +
		"SELECT a.id, t.id, ? FROM accounts a, topics t WHERE a.id = ? AND t.id = ? " +
		"ON CONFLICT (account_id, topic_id) DO UPDATE SET read_upto = excluded.read_upto WHERE topic_reads.read_upto < excluded.read_upto"
	err := s.write(ctx, uncachedChange, func(tx *gorm.DB) error {
		for account, topics := range pending {
			for topic, at := range topics {
				if err := tx.Exec(upsert, at, account, topic).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.reads.mu.Lock()
	defer s.reads.mu.Unlock()
	for account, topics := range pending {
		for topic, at := range topics {
			s.reads.learn(readKey{account, topic}, at)
			if waiting, ok := s.reads.pending[account][topic]; ok && !waiting.After(at) {
				delete(s.reads.pending[account], topic)
			}
		}
		if len(s.reads.pending[account]) == 0 {
			delete(s.reads.pending, account)
		}
	}
	return nil
}

// learn keeps what is now known of a mark, unless a later one is known:
// marks only move forwards, and a read from the database may race with a
// write of a later mark.
func (r *readMarks) learn(key readKey, at time.Time) {
	if known, ok := r.known.Peek(key, 0); ok && known.After(at) {
		return
	}
	r.known.Put(key, 0, at)
}

// put keeps a mark waiting; the caller holds mu.
func (r *readMarks) put(account, topic int64, at time.Time) {
	if r.pending == nil {
		r.pending = make(map[int64]map[int64]time.Time)
	}
	if r.pending[account] == nil {
		r.pending[account] = make(map[int64]time.Time)
	}
	if at.After(r.pending[account][topic]) {
		r.pending[account][topic] = at
	}
}

// PruneReads deletes the marks that the window has made meaningless. The
// store does it every hour; tests call it.
func (s *Store) PruneReads(ctx context.Context) error {
	edge := s.now().Add(-UnreadWindow)
	return s.write(ctx, uncachedChange, func(tx *gorm.DB) error {
		return tx.Exec("DELETE FROM topic_reads WHERE read_upto < ?", edge).Error
	})
}
