package store

import (
	"context"
	"encoding/hex"
	"time"

	"gorm.io/gorm"

	"forum/internal/auth"
)

// Limits that several instances on one PostgreSQL share, in unlogged
// tables (migration 00016): the sign-in throttle's failures by account,
// and which instances are serving, so that each takes its share of the
// forms one client may send. On SQLite one instance serves and keeps its
// limits in memory.
//
// No address goes into the database, not even a keyed hash of one: the
// sign-in throttle's delays by client stay in each instance's memory, and
// the form limit is shared by dividing it between the instances rather
// than by counting a client's forms in a table.

// SigninStates is where the sign-in throttle keeps accounts' failures:
// nil on SQLite (keep them in memory), a table every instance shares on
// PostgreSQL.
func (s *Store) SigninStates() auth.AccountStates {
	if s.dialect != Postgres {
		return nil
	}
	return signinStates{s}
}

type signinStates struct{ s *Store }

// Update implements auth.AccountStates: the row is locked from its read
// until decide's answer is written, so attempts at once on two instances
// are counted one after the other.
func (p signinStates) Update(ctx context.Context, key [16]byte, decide func(auth.KeyState) (auth.KeyState, bool)) error {
	return translate(p.s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("INSERT INTO signin_throttle (key) VALUES (?) ON CONFLICT DO NOTHING", hex.EncodeToString(key[:])).Error; err != nil {
			return err
		}
		var row struct {
			Failures       int
			NextAt, SeenAt time.Time
		}
		if err := tx.Raw("SELECT failures, next_at, seen_at FROM signin_throttle WHERE key = ? FOR UPDATE", hex.EncodeToString(key[:])).Scan(&row).Error; err != nil {
			return err
		}
		next, keep := decide(auth.KeyState{Failures: row.Failures, Next: row.NextAt, Seen: row.SeenAt})
		if !keep {
			return nil
		}
		return tx.Exec("UPDATE signin_throttle SET failures = ?, next_at = ?, seen_at = ? WHERE key = ?",
			next.Failures, next.Next, next.Seen, hex.EncodeToString(key[:])).Error
	}))
}

// Forget implements auth.AccountStates.
func (p signinStates) Forget(ctx context.Context, key [16]byte) error {
	return translate(p.s.db.WithContext(ctx).Exec("DELETE FROM signin_throttle WHERE key = ?", hex.EncodeToString(key[:])).Error)
}

// instanceLife is how long an instance counts as serving after it last
// said so; instances say so every few seconds (ServingInstances).
const instanceLife = 30 * time.Second

// ServingInstances records that this instance serves, forgets the
// failures and instances that have gone quiet, and says how many
// instances serve now, itself included: always 1 on SQLite.
func (s *Store) ServingInstances(ctx context.Context, forget time.Duration) (int, error) {
	if s.dialect != Postgres {
		return 1, nil
	}
	now := s.now()
	var n int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("INSERT INTO forum_instances (id, seen_at) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at",
			s.peers.instance, now).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM forum_instances WHERE seen_at < ?", now.Add(-instanceLife)).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM signin_throttle WHERE seen_at < ?", now.Add(-forget)).Error; err != nil {
			return err
		}
		return tx.Raw("SELECT count(*) FROM forum_instances").Scan(&n).Error
	})
	return max(int(n), 1), translate(err)
}

// LeaveInstances says this instance no longer serves, as it stops.
func (s *Store) LeaveInstances(ctx context.Context) error {
	if s.dialect != Postgres {
		return nil
	}
	return translate(s.db.WithContext(ctx).Exec("DELETE FROM forum_instances WHERE id = ?", s.peers.instance).Error)
}
