package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// Several instances on one PostgreSQL keep caches in memory (visitors'
// pages, sessions and their accounts, unread counts), and each must drop
// what another instance's write made stale. Every write but a session's
// touch (kind 0) announces itself with NOTIFY, and every instance LISTENs
// on one connection of its own and moves its counters on as the news
// arrives, within a millisecond or two on one network.
//
// A write that may touch a session, an account or its grants (a sign-out,
// a suspension, a role taken away) announces itself inside its own
// transaction, so the news leaves at its commit and not before, and never
// without it. Posting and moderating posts (contentChange, write.go), the writes made
// most, announce themselves just after their commit instead, many in one
// NOTIFY (announceAfter): PostgreSQL takes one lock for the whole database
// from a notifying transaction's commit until it is flushed, so notifying
// commits run one at a time, each waiting for its own log flush, and with
// every reply and approval notifying, that lock, not the work, bounded
// them (about 350 replies and 200 approvals a second here, every
// connection but one waiting on "Lock: object" at commit). Callers of a
// write readers see hear of success only once the news has left; of one
// they do not (a post sent to the queue), at once. What those writes
// change for the others is content (visitors' pages, unread and queue counts),
// never a session; if an instance dies between such a commit and its
// NOTIFY, the others miss that one write's news until the next write's,
// the visitors' pages' one-minute expiry, or the next instance to start,
// which announces that everything changed.
//
// While the listening connection is down, news can be lost: the instance
// then keeps no sessions in memory (every request asks the database), and
// follows the visitors' pages by polling forum_content_version, which
// every announcement also moves on. When it listens again it drops every
// cache, since it cannot know what it missed.

// channelFor is the NOTIFY channel of changes for a database's schema:
// channels belong to the whole database, and two forums may keep their
// tables in two schemas of one (as the tests do).
func channelFor(schema string) string {
	c := "forum_changes." + schema
	if len(c) > 63 { // PostgreSQL's longest identifier
		c = c[:63]
	}
	return c
}

// announce tells the other instances, inside tx, what the write of kind
// changed. The payload is the kind and this instance's id, so an instance
// ignores its own news (it moved its counters on when it committed).
func (s *Store) announce(tx *gorm.DB, kind writeKind) error {
	if s.dialect != Postgres || kind == 0 {
		return nil
	}
	return tx.Exec("SELECT pg_notify(?, ?), nextval('forum_content_version')", s.peers.channel,
		strconv.Itoa(int(kind&anyChange))+":"+s.peers.instance).Error
}

// newsDesk gathers the announcements of writes already committed
// (announceAfter), so that one NOTIFY carries all that arrived while the
// one before it was being sent.
type newsDesk struct {
	mu      sync.Mutex
	sending bool       // a goroutine is sending rounds
	next    *newsRound // the round that has not left yet
}

// newsRound is one NOTIFY and the writes it announces.
type newsRound struct {
	kind writeKind
	sent chan struct{} // closed once the NOTIFY has left (or failed)
}

// announceAfter tells the other instances what a committed write of kind
// changed, with whatever other writes committed meanwhile, and returns
// once the news has left or ctx ends; at once for a change readers do not
// see.
func (s *Store) announceAfter(ctx context.Context, kind writeKind) {
	if s.dialect != Postgres {
		return
	}
	d := &s.peers.news
	d.mu.Lock()
	if d.next == nil {
		d.next = &newsRound{sent: make(chan struct{})}
	}
	r := d.next
	r.kind |= kind
	if !d.sending {
		d.sending = true
		go s.sendNews()
	}
	d.mu.Unlock()
	if kind&mayShow == 0 {
		// Nothing readers see (a post sent to the queue, a decline): what
		// the others keep of it is a member's unread count at most, which
		// may lag by the NOTIFY's few milliseconds. Not waiting for it
		// spares every reply a second commit's wait.
		return
	}
	select {
	case <-r.sent:
	case <-ctx.Done():
	}
}

// sendNews sends the waiting rounds one after another until none waits.
// A NOTIFY that fails (the database gone, most often) is not retried: the
// others hear of the change with the next news, and any whose listening
// connection went with the database drop every cache when they listen
// again.
func (s *Store) sendNews() {
	d := &s.peers.news
	for {
		d.mu.Lock()
		r := d.next
		d.next = nil
		if r == nil {
			d.sending = false
			d.mu.Unlock()
			return
		}
		d.mu.Unlock()
		_ = s.db.Exec("SELECT pg_notify(?, ?), nextval('forum_content_version')", s.peers.channel,
			strconv.Itoa(int(r.kind&anyChange))+":"+s.peers.instance).Error
		close(r.sent)
	}
}

// heard moves this instance's counters on for news from another instance.
func (s *Store) heard(payload string) {
	kind, from, _ := strings.Cut(payload, ":")
	if from == s.peers.instance {
		return
	}
	k, err := strconv.Atoi(kind)
	if err != nil {
		k = int(anyChange)
	}
	s.counters.committed(writeKind(k))
}

// peers is what this instance knows of the others on one PostgreSQL.
type peers struct {
	instance  string      // names this instance in its announcements
	channel   string      // the NOTIFY channel of changes
	listening atomic.Bool // whether this instance hears the others' changes
	polled    int64       // forum_content_version when last polled
	news      newsDesk    // writes announced after their commit
}

// newInstanceID names this instance in its announcements.
func newInstanceID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Listening says whether this instance hears the others' changes as they
// happen (always true on SQLite, which has no others).
func (s *Store) Listening() bool {
	return s.dialect != Postgres || s.peers.listening.Load()
}

// WatchChanges follows the other instances' changes on PostgreSQL until ctx
// ends: it listens, and while it cannot, it polls every poll and tries to
// listen again every retry; lost, when not nil, hears why listening
// stopped. SQLite has no other instances.
func (s *Store) WatchChanges(ctx context.Context, poll, retry time.Duration, lost func(error)) {
	if s.dialect != Postgres {
		return
	}
	// An instance that stopped between a write's commit and its news
	// (announceAfter) may have left the others with stale caches.
	s.announceAfter(ctx, anyChange)
	for ctx.Err() == nil {
		err := s.listen(ctx)
		s.peers.listening.Store(false)
		if ctx.Err() != nil {
			return
		}
		if lost != nil {
			lost(err)
		}
		s.pollFor(ctx, poll, retry)
	}
}

// listen holds one connection that LISTENs, until it fails or ctx ends.
func (s *Store) listen(ctx context.Context) error {
	cfg, err := pgx.ParseConfig(s.url)
	if err != nil {
		return err
	}
	cfg.RuntimeParams["application_name"] = ListenerApplicationName
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.peers.channel}.Sanitize()); err != nil {
		return err
	}
	// Anything could have changed while no one listened.
	s.counters.committed(anyChange)
	s.peers.listening.Store(true)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		s.heard(n.Payload)
	}
}

// ListenerApplicationName is the application_name of the connection that
// listens for changes, so an operator (or a test) can tell it in
// pg_stat_activity.
const ListenerApplicationName = "forum changes listener"

// pollFor follows forum_content_version every poll for the length of
// retry: the fallback while no connection listens.
func (s *Store) pollFor(ctx context.Context, poll, retry time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	end := time.After(retry)
	for {
		select {
		case <-ctx.Done():
			return
		case <-end:
			return
		case <-t.C:
			var v int64
			if err := s.read.WithContext(ctx).Raw("SELECT last_value FROM forum_content_version").Scan(&v).Error; err != nil {
				continue
			}
			if v != s.peers.polled {
				s.peers.polled = v
				s.counters.committed(anyChange)
			}
		}
	}
}
