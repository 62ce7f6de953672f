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
	out := forum.Settings{ExitURL: forum.DefaultExitURL, TimeCoarseness: forum.DefaultTimeCoarseness}
	for _, r := range rows {
		switch r.Key {
		case "invite_only":
			out.InviteOnly, _ = strconv.ParseBool(r.Value)
		case "exit_url":
			out.ExitURL = r.Value
		case "time_coarseness":
			out.TimeCoarseness = r.Value
		}
	}
	return out, nil
}

// SaveSettings checks and writes every site setting in one transaction.
func (s *Store) SaveSettings(ctx context.Context, set forum.Settings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	rows := []settingRow{
		{Key: "invite_only", Value: strconv.FormatBool(set.InviteOnly)},
		{Key: "exit_url", Value: set.ExitURL},
		{Key: "time_coarseness", Value: set.TimeCoarseness},
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoUpdates: clause.AssignmentColumns([]string{"value"})}).
			Create(&rows).Error
	})
}
