package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"

	"forum/internal/forum"
)

// Changes. The caches that watch writes (visitors' pages and members'
// fragments in the web layer, sessions, accounts and unread counts in
// readcache.go) each remember the count they were filled at and are good
// while it stands. Every write moves the counts on as it commits, by what
// its declaration says it may have changed (write.go), before its caller
// hears of it; on PostgreSQL the news reaches the other instances by
// NOTIFY, and they move theirs on too (listen.go).

// changeCounters count committed writes, by what they may have changed.
type changeCounters struct {
	visible  atomic.Int64 // writes readers may see: the generation
	all      atomic.Int64 // every write
	accounts atomic.Int64 // writes that may touch sessions, accounts or grants
}

// committed counts a committed write (or batch of writes) of kind.
func (c *changeCounters) committed(kind writeKind) {
	c.all.Add(1)
	if kind&mayTouchAccounts != 0 {
		c.accounts.Add(1)
	}
	if kind&mayShow != 0 {
		c.visible.Add(1)
	}
}

// Generation counts the public changes this instance knows of.
func (s *Store) Generation() int64 { return s.counters.visible.Load() }

// Some changes come with the clock alone, with no write to move the
// generation on: an expert forum opens or closes on schedule, a pin ends.
// A page made at instant t holds until the first of those after t, so page
// caches keep it no longer (NextChange). The answer is kept for the
// generation it was read in: only a write changes a schedule or a pin.

// clockChange remembers NextChange's last answer: in generation gen, for
// any instant from from until next, the next change is next.
type clockChange struct {
	mu         sync.Mutex
	valid      bool
	gen        int64
	from, next time.Time // next is zero when nothing is scheduled
}

// NextChange is the first instant after t at which what readers see changes
// by the clock alone: an expert forum opens or closes, or a pin ends. It is
// the zero time when none is to come.
func (s *Store) NextChange(ctx context.Context, t time.Time) (time.Time, error) {
	gen := s.counters.visible.Load()
	c := &s.clockChange
	c.mu.Lock()
	if c.valid && c.gen == gen && !t.Before(c.from) && (c.next.IsZero() || t.Before(c.next)) {
		next := c.next
		c.mu.Unlock()
		return next, nil
	}
	c.mu.Unlock()
	next, err := s.nextChange(ctx, t)
	if err != nil {
		return time.Time{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.valid, c.gen, c.from, c.next = true, gen, t, next
	return next, nil
}

// nextChange asks the database for NextChange: the schedules of expert
// forums (a handful of rows) and the pin that ends first.
func (s *Store) nextChange(ctx context.Context, t time.Time) (time.Time, error) {
	var forums []struct{ OpensAt, ClosesAt sql.NullTime }
	if err := s.r(ctx).Model(&forumRow{}).Select("opens_at, closes_at").
		Where("kind = ? AND (opens_at > ? OR closes_at > ?)", forum.KindExpert, t, t).Find(&forums).Error; err != nil {
		return time.Time{}, translate(err)
	}
	var pins []time.Time
	// "pinned" written out matches the partial index topics_pinned.
	if err := s.r(ctx).Model(&topicRow{}).Where("pinned AND pinned_until > ?", t).
		Order("pinned_until").Limit(1).Pluck("pinned_until", &pins).Error; err != nil {
		return time.Time{}, translate(err)
	}
	var next time.Time
	earlier := func(at time.Time) {
		if at.After(t) && (next.IsZero() || at.Before(next)) {
			next = at
		}
	}
	for _, f := range forums {
		if f.OpensAt.Valid {
			earlier(f.OpensAt.Time)
		}
		if f.ClosesAt.Valid {
			earlier(f.ClosesAt.Time)
		}
	}
	for _, p := range pins {
		earlier(p)
	}
	return next.UTC(), nil
}
