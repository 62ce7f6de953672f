package store

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// CreateAccount writes a new account with an already-hashed passphrase and
// a pseudonym already normalised (forum.NewAccount.Validate). A pseudonym
// that differs from a taken one only in case or spacing is taken; one that
// looks like a taken one (forum.PseudonymSkeleton) is refused too.
func (s *Store) CreateAccount(ctx context.Context, pseudonym string, role forum.Role, passphraseHash string) (forum.Account, error) {
	var out forum.Account
	err := s.write(ctx, privateChange, func(tx *gorm.DB) error {
		var err error
		out, err = s.createAccountInTx(tx, pseudonym, role, passphraseHash)
		return err
	})
	return out, err
}

// Register creates a practitioner's account, spending an invite code in the
// same transaction when one is given or required.
func (s *Store) Register(ctx context.Context, pseudonym, passphraseHash, invite string, inviteRequired bool) (forum.Account, error) {
	var out forum.Account
	err := s.write(ctx, privateChange, func(tx *gorm.DB) error {
		if invite != "" || inviteRequired {
			if err := s.spendInvite(tx, invite); err != nil {
				return err
			}
		}
		var err error
		out, err = s.createAccountInTx(tx, pseudonym, forum.RolePractitioner, passphraseHash)
		return err
	})
	return out, err
}

func (s *Store) createAccountInTx(tx *gorm.DB, pseudonym string, role forum.Role, hash string) (forum.Account, error) {
	key, skeleton := forum.PseudonymKey(pseudonym), forum.PseudonymSkeleton(pseudonym)
	if err := pseudonymFree(tx, key, skeleton); err != nil {
		return forum.Account{}, err
	}
	now := s.now()
	row := accountRow{Pseudonym: pseudonym, PseudonymKey: key, PseudonymSkeleton: sql.NullString{String: skeleton, Valid: true},
		PassphraseHash: hash, Role: string(role), CreatedAt: now, RoleGrantedAt: sql.NullTime{Time: now, Valid: true}}
	err := translate(tx.Create(&row).Error)
	if forum.ErrorCode(err) == forum.ECONFLICT { // taken a moment ago, by a sign-up on another instance
		return forum.Account{}, fieldError("pseudonym", pseudonymTaken)
	}
	if err != nil {
		return forum.Account{}, err
	}
	return row.account(), nil
}

const (
	pseudonymTaken     = "That pseudonym is taken: choose another"
	pseudonymLookalike = "That pseudonym looks too like one that is taken: choose another"
)

// pseudonymFree refuses a pseudonym whose key (the same name in another
// case or spacing) or skeleton (a name that looks the same) an account
// holds. The message says which rule, never whose name it is.
func pseudonymFree(tx *gorm.DB, key, skeleton string) error {
	var keys []string
	err := tx.Model(&accountRow{}).Where("pseudonym_key = ? OR pseudonym_skeleton = ?", key, skeleton).
		Limit(2).Pluck("pseudonym_key", &keys).Error
	switch {
	case err != nil:
		return err
	case slices.Contains(keys, key):
		return fieldError("pseudonym", pseudonymTaken)
	case len(keys) > 0:
		return fieldError("pseudonym", pseudonymLookalike)
	}
	return nil
}

func (r accountRow) account() forum.Account {
	return forum.Account{ID: r.ID, Pseudonym: r.Pseudonym, Role: forum.Role(r.Role), SafeguardingLead: r.SafeguardingLead,
		CreatedAt: r.CreatedAt.UTC(), SuspendedUntil: nullTime(r.SuspendedUntil), SuspensionReason: r.SuspensionReason,
		RoleSince: nullTime(r.RoleGrantedAt), ReadAllAt: nullTime(r.ReadAllUpto)}
}

// Account returns an account with its moderator scopes and hosted forums.
func (s *Store) Account(ctx context.Context, id int64) (forum.Account, error) {
	var row accountRow
	if err := s.r(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return forum.Account{}, translate(err)
	}
	return s.withGrants(ctx, row.account())
}

func (s *Store) withGrants(ctx context.Context, a forum.Account) (forum.Account, error) {
	if a.Role == forum.RolePractitioner {
		return a, nil
	}
	if a.Role == forum.RoleModerator {
		err := s.r(ctx).Table("moderator_scopes").Where("account_id = ?", a.ID).Order("group_id").Pluck("group_id", &a.ModeratorGroups).Error
		if err != nil {
			return a, translate(err)
		}
	}
	err := s.r(ctx).Table("forum_hosts").Where("account_id = ?", a.ID).Order("forum_id").Pluck("forum_id", &a.HostedForums).Error
	return a, translate(err)
}

// Credentials returns the account with pseudonym (in any case, spacing or
// width: forum.PseudonymKey) and its passphrase hash, for signing in.
func (s *Store) Credentials(ctx context.Context, pseudonym string) (forum.Account, string, error) {
	var row accountRow
	if err := s.r(ctx).Where("pseudonym_key = ?", forum.PseudonymKey(pseudonym)).Take(&row).Error; err != nil {
		return forum.Account{}, "", translate(err)
	}
	return row.account(), row.PassphraseHash, nil
}

// PassphraseHash returns the stored hash for an account, to confirm a
// passphrase before a change that cannot be undone.
func (s *Store) PassphraseHash(ctx context.Context, id int64) (string, error) {
	var hash string
	err := s.r(ctx).Model(&accountRow{}).Where("id = ?", id).Pluck("passphrase_hash", &hash).Error
	if err == nil && hash == "" {
		return "", forum.ErrNotFound
	}
	return hash, translate(err)
}

// SetPassphrase replaces an account's passphrase hash and ends every other
// session of the account, so a changed passphrase locks out whoever else
// might have been signed in.
func (s *Store) SetPassphrase(ctx context.Context, id int64, hash, keepSessionHash string) error {
	return s.write(ctx, privateChange, func(tx *gorm.DB) error {
		res := tx.Model(&accountRow{}).Where("id = ?", id).Update("passphrase_hash", hash)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return forum.ErrNotFound
		}
		return tx.Where("account_id = ? AND token_hash <> ?", id, keepSessionHash).Delete(&sessionRow{}).Error
	})
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

// Suspend stops an account posting until a time, with a reason it can read.
// What the admin typed comes back as field errors "days" and "reason".
func (s *Store) Suspend(ctx context.Context, actor forum.Account, accountID int64, until time.Time, reason string) error {
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		target, err := accountForWrite(tx, accountID)
		if err != nil {
			return forum.ErrNotFound
		}
		if err := checkSuspension(until, reason, s.now()); err != nil {
			return err
		}
		res := tx.Model(&accountRow{}).Where("id = ?", accountID).
			Updates(map[string]any{"suspended_until": sql.NullTime{Time: until.UTC(), Valid: true}, "suspension_reason": reason})
		if res.Error != nil {
			return res.Error
		}
		return logAction(tx, s.now(), actor, ActionSuspend, 0, 0, target.Pseudonym+", until "+until.UTC().Format("2 January 2006"), reason)
	})
}

// Unsuspend lifts a suspension at once.
func (s *Store) Unsuspend(ctx context.Context, actor forum.Account, accountID int64) error {
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		target, err := accountForWrite(tx, accountID)
		if err != nil {
			return forum.ErrNotFound
		}
		if err := tx.Model(&accountRow{}).Where("id = ?", accountID).
			Updates(map[string]any{"suspended_until": nil, "suspension_reason": ""}).Error; err != nil {
			return err
		}
		return logAction(tx, s.now(), actor, ActionUnsuspend, 0, 0, target.Pseudonym, "")
	})
}
