package store

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Changes to what readers can see. Caches of public pages compare the
// store's generation with the one they were filled at. Every write
// transaction moves it on when it commits (quietTx is for writes readers
// never see), and on PostgreSQL a shared sequence carries the news to the
// other instances, which watch it.

// Generation counts the public changes this instance knows of.
func (s *Store) Generation() int64 { return s.gen.Load() }

// changed records a committed public change.
func (s *Store) changed() {
	s.gen.Add(1)
	if s.dialect == Postgres {
		// Outside the transaction, after it committed: a cache refilled
		// in between is dropped again when the others see this.
		if err := s.write.Exec("SELECT nextval('forum_content_version')").Error; err != nil {
			s.gen.Add(1)
		}
	}
}

// quietTx is tx for writes that change nothing a reader sees (sessions,
// notifications, moderation requests, pending posts).
func (s *Store) quietTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.batchWrite(ctx, writeAccounts, fn)
}

// WatchChanges follows the other instances' changes on PostgreSQL until ctx
// ends. SQLite has no other instances.
func (s *Store) WatchChanges(ctx context.Context, every time.Duration) {
	if s.dialect != Postgres {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	var last int64
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			var v int64
			if err := s.read.WithContext(ctx).Raw("SELECT last_value FROM forum_content_version").Scan(&v).Error; err != nil {
				continue
			}
			if v != last {
				last = v
				s.gen.Add(1)
			}
		}
	}
}
