package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// CreateSession starts a session for an account. The caller keeps the token;
// only its hash is stored. replacing, when set, is the hash of the session
// the browser had before, which ends here: a sign-in always gets a new token.
func (s *Store) CreateSession(ctx context.Context, accountID int64, tokenHash, replacing string, lifetime time.Duration) error {
	now := s.now()
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		if replacing != "" {
			if err := tx.Where("token_hash = ?", replacing).Delete(&sessionRow{}).Error; err != nil {
				return err
			}
		}
		return tx.Create(&sessionRow{TokenHash: tokenHash, AccountID: accountID, CreatedAt: now, LastSeenAt: now,
			ExpiresAt: now.Add(lifetime)}).Error
	})
}

// Session is a signed-in visit.
type Session struct {
	TokenHash  string
	Account    forum.Account
	LastSeenAt time.Time
}

// sessionLive says whether a session last seen at lastSeen and ending at
// expires still holds at now: the one rule, for sessions read from memory
// and from the database alike.
func sessionLive(now, lastSeen, expires time.Time, idle time.Duration) bool {
	return !now.After(expires) && now.Sub(lastSeen) <= idle
}

// SessionByHash returns the live session with tokenHash and its account.
// A session idle for longer than idle, or past its end, is deleted and not
// found, so an old cookie never works again.
// The session and its account come in one query: it runs on every signed-in
// request.
func (s *Store) SessionByHash(ctx context.Context, tokenHash string, idle time.Duration) (Session, error) {
	gen, caching := s.sessionGen()
	if c, ok := s.cache.sessions.Get(tokenHash, gen); caching && ok {
		// Past SessionTouchEvery, another instance may have recorded
		// activity this one has not heard of (touches are not announced):
		// read it again rather than ask for a touch.
		if now := s.now(); sessionLive(now, c.lastSeenAt, c.expiresAt, idle) && now.Sub(c.lastSeenAt) <= SessionTouchEvery {
			return Session{TokenHash: tokenHash, Account: c.account, LastSeenAt: c.lastSeenAt}, nil
		}
	}
	var row struct {
		Account            accountRow `gorm:"embedded"`
		SessionLastSeenAt  time.Time
		SessionExpiresAt   time.Time
		PostSuspendedUntil dbTime
	}
	// The member's own suspension includes one made from their posts
	// (authors.go): this is their session, not anyone's view of them.
	err := s.r(ctx).Table("sessions s").Select("a.*, s.last_seen_at AS session_last_seen_at, s.expires_at AS session_expires_at, "+
		livePostSuspension("a.id")+" AS post_suspended_until", s.now()).
		Joins("JOIN accounts a ON a.id = s.account_id").Where("s.token_hash = ?", tokenHash).Scan(&row).Error
	if err == nil && row.Account.ID == 0 {
		err = forum.ErrNotFound
	}
	if err != nil {
		return Session{}, translate(err)
	}
	if !sessionLive(s.now(), row.SessionLastSeenAt, row.SessionExpiresAt, idle) {
		_ = s.DeleteSession(ctx, tokenHash)
		return Session{}, forum.ErrNotFound
	}
	own := row.Account.account()
	own.SuspendedUntil = laterOf(own.SuspendedUntil, row.PostSuspendedUntil.NullTime)
	acc, err := s.withGrants(ctx, own)
	if err != nil {
		return Session{}, err
	}
	if caching {
		s.cache.sessions.Put(tokenHash, gen, cachedSession{account: acc, lastSeenAt: row.SessionLastSeenAt.UTC(), expiresAt: row.SessionExpiresAt})
	}
	return Session{TokenHash: tokenHash, Account: acc, LastSeenAt: row.SessionLastSeenAt.UTC()}, nil
}

// SessionTouchEvery spaces out the writes that record a session's
// activity: a session seen longer ago than this is touched again.
const SessionTouchEvery = time.Minute

// TouchSession records activity on a session. It changes nothing that any
// other session or reader depends on, so it moves no cache on: it brings
// its own session's kept entry up to date, and other instances read the
// session again once their entry is older than SessionTouchEvery.
func (s *Store) TouchSession(ctx context.Context, tokenHash string) error {
	now := s.now()
	err := s.write(ctx, uncachedChange, func(tx *gorm.DB) error {
		return tx.Model(&sessionRow{}).Where("token_hash = ?", tokenHash).Update("last_seen_at", now).Error
	})
	if err == nil {
		s.cache.sessions.Update(tokenHash, func(c cachedSession) cachedSession {
			c.lastSeenAt = now
			return c
		})
	}
	return err
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		return tx.Where("token_hash = ?", tokenHash).Delete(&sessionRow{}).Error
	})
}

// PurgeSessions deletes sessions that ended or sat idle for longer than idle.
func (s *Store) PurgeSessions(ctx context.Context, idle time.Duration) (int64, error) {
	now := s.now()
	var n int64
	err := s.write(ctx, privateChange, func(tx *gorm.DB) error {
		res := tx.Where("expires_at < ? OR last_seen_at < ?", now, now.Add(-idle)).Delete(&sessionRow{})
		n = res.RowsAffected
		return res.Error
	})
	return n, err
}
