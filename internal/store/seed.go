package store

import (
	"context"
	_ "embed"
	"encoding/json"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// seedJSON is the default install's groups and forums: the eight outcomes of
// the Modern Slavery Core Outcome Set, in their published order. It is data,
// not code: an admin changes groups in the admin pages, never here.
//
//go:embed seed.json
var seedJSON []byte

type seedFile struct {
	Version string `json:"version"`
	Groups  []struct {
		Name        string `json:"name"`
		Description string `json:"description"`
		Forums      []struct {
			Name        string `json:"name"`
			Description string `json:"description"`
			Kind        string `json:"kind"`
		} `json:"forums"`
	} `json:"groups"`
}

// seedKey marks a database as seeded. The mark is written in the same
// transaction as the seed, and its primary key makes two instances starting
// at once seed only once; after that, nothing here ever touches the groups.
const seedKey = "seeded"

// Seed writes the default groups and forums once, on a new database.
func (s *Store) Seed(ctx context.Context) error {
	var seed seedFile
	if err := json.Unmarshal(seedJSON, &seed); err != nil {
		return err
	}
	err := s.write(ctx, anyChange, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&metaRow{}).Where("key = ?", seedKey).Count(&n).Error; err != nil || n > 0 {
			return err
		}
		if err := tx.Create(&metaRow{Key: seedKey, Value: seed.Version}).Error; err != nil {
			return err
		}
		now := s.now()
		for gi, g := range seed.Groups {
			gr := groupRow{Name: g.Name, Description: g.Description, Position: gi + 1, CreatedAt: now}
			if err := tx.Create(&gr).Error; err != nil {
				return err
			}
			for fi, f := range g.Forums {
				kind := forum.KindDiscussion
				if f.Kind != "" {
					kind = forum.ForumKind(f.Kind)
				}
				fr := forumRow{GroupID: gr.ID, Name: f.Name, Description: f.Description, Kind: string(kind),
					Anonymity: string(forum.AnonAllowed), Position: fi + 1, CreatedAt: now}
				if err := tx.Create(&fr).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
	// Another instance seeded first: that is the outcome we wanted.
	if forum.ErrorCode(err) == forum.ECONFLICT {
		return nil
	}
	return err
}
