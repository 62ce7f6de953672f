package store

import (
	"context"
	"crypto/rand"
	"fmt"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// ActionDeclineReason is the log's line for an admin's change to the
// preset decline reasons.
const ActionDeclineReason = "decline-reason"

type declineReasonRow struct {
	ID       int64
	Key      string
	Label    string
	Text     string
	Position int
	Version  int
}

func (declineReasonRow) TableName() string { return "decline_reasons" }

func (r declineReasonRow) reason() forum.DeclineReason {
	return forum.DeclineReason{ID: r.ID, Key: r.Key, Label: r.Label, Text: r.Text, Version: r.Version}
}

// errNotAdmin refuses a change to the site's presets to anyone but an admin.
var errNotAdmin = forum.Errorf(forum.EFORBIDDEN, "Only an admin can change this.")

// DeclineReasons lists the preset decline reasons in the admin's order.
func (s *Store) DeclineReasons(ctx context.Context) ([]forum.DeclineReason, error) {
	var rows []declineReasonRow
	if err := s.r(ctx).Order("position, id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]forum.DeclineReason, len(rows))
	for i, r := range rows {
		out[i] = r.reason()
	}
	return out, nil
}

// DeclineReason returns one preset decline reason.
func (s *Store) DeclineReason(ctx context.Context, id int64) (forum.DeclineReason, error) {
	var r declineReasonRow
	if err := s.r(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return forum.DeclineReason{}, translate(err)
	}
	return r.reason(), nil
}

// CreateDeclineReason adds a preset reason at the end of the list. Its key,
// which the queue's forms send, is made from its id and never changes.
func (s *Store) CreateDeclineReason(ctx context.Context, actor forum.Account, e forum.DeclineReasonEdit) error {
	if !actor.IsAdmin() {
		return errNotAdmin
	}
	if err := e.Validate(); err != nil {
		return err
	}
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		var last int
		if err := tx.Model(&declineReasonRow{}).Select("COALESCE(MAX(position), 0)").Scan(&last).Error; err != nil {
			return err
		}
		// A placeholder key, unique until the id is known.
		row := declineReasonRow{Key: "new-" + rand.Text(), Label: e.Label, Text: e.Text, Position: last + 1, Version: 1}
		if err := tx.Create(&row).Error; err != nil {
			return translate(err)
		}
		if err := tx.Model(&row).Update("key", fmt.Sprintf("reason-%d", row.ID)).Error; err != nil {
			return err
		}
		return logAction(tx, s.now(), actor, ActionDeclineReason, 0, 0, e.Label, "added")
	})
}

// UpdateDeclineReason changes a preset reason's label and text, unless
// another admin changed it since e.Version was read. Posts already
// declined keep the text their authors read.
func (s *Store) UpdateDeclineReason(ctx context.Context, actor forum.Account, id int64, e forum.DeclineReasonEdit) error {
	if !actor.IsAdmin() {
		return errNotAdmin
	}
	if err := e.Validate(); err != nil {
		return err
	}
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		res := tx.Model(&declineReasonRow{}).Where("id = ? AND version = ?", id, e.Version).
			Updates(map[string]any{"label": e.Label, "text": e.Text, "version": gorm.Expr("version + 1")})
		if err := versionCheck(tx, res, &declineReasonRow{}, id); err != nil {
			return err
		}
		return logAction(tx, s.now(), actor, ActionDeclineReason, 0, 0, e.Label, "changed")
	})
}

// DeleteDeclineReason removes a preset reason. Deleting one already gone
// is not an error: two admins may delete it at once.
func (s *Store) DeleteDeclineReason(ctx context.Context, actor forum.Account, id int64) error {
	if !actor.IsAdmin() {
		return errNotAdmin
	}
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		var r declineReasonRow
		err := tx.Where("id = ?", id).Take(&r).Error
		if forum.ErrorCode(translate(err)) == forum.ENOTFOUND {
			return nil
		}
		if err != nil {
			return err
		}
		if err := tx.Delete(&declineReasonRow{}, id).Error; err != nil {
			return err
		}
		return logAction(tx, s.now(), actor, ActionDeclineReason, 0, 0, r.Label, "deleted")
	})
}

// MoveDeclineReason moves a preset reason one place up (by -1) or down.
func (s *Store) MoveDeclineReason(ctx context.Context, actor forum.Account, id int64, by int) error {
	if !actor.IsAdmin() {
		return errNotAdmin
	}
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		var ids []int64
		if err := tx.Model(&declineReasonRow{}).Order("position, id").Pluck("id", &ids).Error; err != nil {
			return err
		}
		return reorder(tx, "decline_reasons", ids, id, by)
	})
}
