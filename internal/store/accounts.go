package store

import (
	"context"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// CreateAccount writes a new account with an already-hashed passphrase. A
// pseudonym that differs from a taken one only in case or spacing is taken.
func (s *Store) CreateAccount(ctx context.Context, pseudonym string, role forum.Role, passphraseHash string) (forum.Account, error) {
	row := accountRow{Pseudonym: pseudonym, PseudonymKey: forum.PseudonymKey(pseudonym),
		PassphraseHash: passphraseHash, Role: string(role), CreatedAt: s.now()}
	err := s.tx(ctx, func(tx *gorm.DB) error { return tx.Create(&row).Error })
	if forum.ErrorCode(err) == forum.ECONFLICT {
		return forum.Account{}, &forum.Error{Code: forum.ECONFLICT, Message: "That pseudonym is taken: choose another", Err: err}
	}
	if err != nil {
		return forum.Account{}, err
	}
	return row.account(), nil
}

func (r accountRow) account() forum.Account {
	return forum.Account{ID: r.ID, Pseudonym: r.Pseudonym, Role: forum.Role(r.Role), CreatedAt: r.CreatedAt.UTC()}
}

// CountAccounts counts accounts with role, or all accounts when role is "".
func (s *Store) CountAccounts(ctx context.Context, role forum.Role) (int64, error) {
	q := s.r(ctx).Model(&accountRow{})
	if role != "" {
		q = q.Where("role = ?", role)
	}
	var n int64
	return n, translate(q.Count(&n).Error)
}

// accountForWrite loads the account behind a write, inside its transaction.
func accountForWrite(tx *gorm.DB, id int64) (accountRow, error) {
	var a accountRow
	if err := tx.Where("id = ?", id).Take(&a).Error; err != nil {
		if forum.ErrorCode(translate(err)) == forum.ENOTFOUND {
			return a, forum.Errorf(forum.EUNAUTH, "Your account no longer exists.")
		}
		return a, translate(err)
	}
	return a, nil
}
