package store

import (
	"context"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"forum/internal/forum"
)

// Settings reads the site settings, with defaults for those never saved.
func (s *Store) Settings(ctx context.Context) (forum.Settings, error) {
	var rows []settingRow
	if err := s.r(ctx).Find(&rows).Error; err != nil {
		return forum.Settings{}, translate(err)
	}
	var out forum.Settings
	for _, r := range rows {
		switch r.Key {
		case "invite_only":
			out.InviteOnly, _ = strconv.ParseBool(r.Value)
		}
	}
	return out, nil
}

// SaveSettings writes every site setting in one transaction.
func (s *Store) SaveSettings(ctx context.Context, set forum.Settings) error {
	rows := []settingRow{{Key: "invite_only", Value: strconv.FormatBool(set.InviteOnly)}}
	return s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoUpdates: clause.AssignmentColumns([]string{"value"})}).
			Create(&rows).Error
	})
}
