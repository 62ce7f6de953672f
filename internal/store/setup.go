package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

const setupPrefix = "setup:"

// AddSetupToken records the hash of a one-time link for creating the first
// admin. It is good until expires, and only while there is no admin.
func (s *Store) AddSetupToken(ctx context.Context, tokenHash string, expires time.Time) error {
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		return tx.Create(&metaRow{Key: setupPrefix + tokenHash, Value: expires.UTC().Format(time.RFC3339)}).Error
	})
}

// SetupTokenValid reports whether a setup link may still be used.
func (s *Store) SetupTokenValid(ctx context.Context, tokenHash string) (bool, error) {
	var ok bool
	err := s.write(ctx, privateChange, func(tx *gorm.DB) error {
		var err error
		ok, err = s.setupTokenValid(tx, tokenHash)
		return err
	})
	return ok, err
}

func (s *Store) setupTokenValid(tx *gorm.DB, tokenHash string) (bool, error) {
	var admins int64
	if err := tx.Model(&accountRow{}).Where("role = ?", forum.RoleAdmin).Count(&admins).Error; err != nil || admins > 0 {
		return false, err
	}
	var m metaRow
	err := tx.Where("key = ?", setupPrefix+tokenHash).Take(&m).Error
	if forum.ErrorCode(translate(err)) == forum.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	expires, err := time.Parse(time.RFC3339, m.Value)
	return err == nil && s.now().Before(expires), nil
}

// CreateFirstAdmin spends a setup link on the first admin account. Every
// setup link stops working, whoever used it.
func (s *Store) CreateFirstAdmin(ctx context.Context, tokenHash, pseudonym, passphraseHash string) (forum.Account, error) {
	var out forum.Account
	err := s.write(ctx, privateChange, func(tx *gorm.DB) error {
		ok, err := s.setupTokenValid(tx, tokenHash)
		if err != nil {
			return err
		}
		if !ok {
			return forum.Errorf(forum.ENOTFOUND, "This setup link has been used or has expired.")
		}
		if out, err = s.createAccountInTx(tx, pseudonym, forum.RoleAdmin, passphraseHash); err != nil {
			return err
		}
		return tx.Where("key LIKE ?", setupPrefix+"%").Delete(&metaRow{}).Error
	})
	return out, err
}
