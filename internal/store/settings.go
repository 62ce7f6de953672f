package store

import (
	"context"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"forum/internal/forum"
	"forum/internal/markup"
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
		case "public_read":
			if v, err := strconv.ParseBool(r.Value); err == nil {
				out.PublicRead = &v
			}
		case "featured_group_id":
			out.FeaturedGroupID, _ = strconv.ParseInt(r.Value, 10, 64)
		case "featured_text":
			out.FeaturedText = r.Value
		case "featured_html":
			out.FeaturedHTML = r.Value
		}
	}
	if out.FeaturedHTML == "" && out.FeaturedText != "" { // saved before the text was rendered
		out.FeaturedHTML = markup.Render(out.FeaturedText)
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
		{Key: "featured_group_id", Value: strconv.FormatInt(set.FeaturedGroupID, 10)},
		{Key: "featured_text", Value: set.FeaturedText},
		{Key: "featured_html", Value: markup.Render(set.FeaturedText)},
	}
	if set.PublicRead != nil {
		rows = append(rows, settingRow{Key: "public_read", Value: strconv.FormatBool(*set.PublicRead)})
	}
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		return tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoUpdates: clause.AssignmentColumns([]string{"value"})}).
			Create(&rows).Error
	})
}
