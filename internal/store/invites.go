package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// CreateInvite stores a new invite code made by an admin.
func (s *Store) CreateInvite(ctx context.Context, code, note string, createdBy int64, expires *time.Time) error {
	row := inviteRow{Code: code, Note: note, CreatedBy: sql.NullInt64{Int64: createdBy, Valid: true}, CreatedAt: s.now()}
	if expires != nil {
		row.ExpiresAt = sql.NullTime{Time: expires.UTC(), Valid: true}
	}
	return s.write(ctx, privateChange, func(tx *gorm.DB) error { return tx.Create(&row).Error })
}

// Invites lists invite codes, unused first, newest first.
func (s *Store) Invites(ctx context.Context) ([]forum.InviteCode, error) {
	var rows []inviteRow
	err := s.r(ctx).Order("used_at IS NOT NULL, created_at DESC").Limit(500).Find(&rows).Error
	out := make([]forum.InviteCode, 0, len(rows))
	for _, r := range rows {
		out = append(out, forum.InviteCode{Code: r.Code, Note: r.Note, CreatedAt: r.CreatedAt.UTC(),
			ExpiresAt: nullTime(r.ExpiresAt), UsedAt: nullTime(r.UsedAt)})
	}
	return out, translate(err)
}

// DeleteInvite withdraws an unused code.
func (s *Store) DeleteInvite(ctx context.Context, code string) error {
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		return tx.Where("code = ? AND used_at IS NULL", code).Delete(&inviteRow{}).Error
	})
}

// NormalInviteCode puts a code as someone typed or read it out ("abcd efgh
// jklm") into the form it was made in ("ABCD-EFGH-JKLM").
func NormalInviteCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			if b.Len() > 0 && b.Len()%5 == 4 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// spendInvite marks a code used, once. Only the time is kept, not by whom.
func (s *Store) spendInvite(tx *gorm.DB, code string) error {
	code = NormalInviteCode(code)
	now := s.now()
	res := tx.Model(&inviteRow{}).
		Where("code = ? AND used_at IS NULL AND (expires_at IS NULL OR expires_at > ?)", code, now).
		Update("used_at", now)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		var fe forum.FieldErrors
		if code == "" {
			fe.Add("invite", "Enter the invite code you were given")
		} else {
			fe.Add("invite", "That invite code has been used, has expired or does not exist")
		}
		return fe.Err()
	}
	return nil
}
