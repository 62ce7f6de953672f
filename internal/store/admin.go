package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// The admin's groups and forums. Edits carry the version the admin saw;
// an edit made on an older version than the one stored is refused, so two
// admins editing the same thing at once never silently undo each other.

var errEditedMeanwhile = forum.Errorf(forum.ECONFLICT,
	"Someone else changed this while you were editing it. Their version is shown below: make your change again.")

// AllGroups lists every group, archived ones too, each with all its forums.
func (s *Store) AllGroups(ctx context.Context) ([]forum.Group, error) {
	var groups []groupRow
	if err := s.r(ctx).Order("archived_at IS NOT NULL, position, id").Find(&groups).Error; err != nil {
		return nil, translate(err)
	}
	var forums []forumRow
	if err := s.r(ctx).Order("group_id, archived_at IS NOT NULL, position, id").Find(&forums).Error; err != nil {
		return nil, translate(err)
	}
	return s.assemble(ctx, groups, forums)
}

// assemble puts forums, with their hosts, under their groups.
func (s *Store) assemble(ctx context.Context, groups []groupRow, forums []forumRow) ([]forum.Group, error) {
	var expert []int64
	for _, f := range forums {
		if forum.ForumKind(f.Kind) == forum.KindExpert {
			expert = append(expert, f.ID)
		}
	}
	hosts, err := s.hostsOf(ctx, expert)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, g := range groups {
		names[g.ID] = g.Name
	}
	byGroup := map[int64][]forum.Forum{}
	for _, f := range forums {
		ff := f.forum()
		ff.GroupName, ff.Hosts = names[f.GroupID], hosts[f.ID]
		byGroup[f.GroupID] = append(byGroup[f.GroupID], ff)
	}
	out := make([]forum.Group, 0, len(groups))
	for _, g := range groups {
		fg := g.group()
		fg.Forums = byGroup[g.ID]
		out = append(out, fg)
	}
	return out, nil
}

// AdminGroup returns any group, archived or not.
func (s *Store) AdminGroup(ctx context.Context, id int64) (forum.Group, error) {
	var g groupRow
	if err := s.r(ctx).Where("id = ?", id).Take(&g).Error; err != nil {
		return forum.Group{}, translate(err)
	}
	return g.group(), nil
}

// CreateGroup adds a group at the end of the list.
func (s *Store) CreateGroup(ctx context.Context, actor forum.Account, g forum.GroupEdit) (int64, error) {
	if err := g.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.write(ctx, anyChange, func(tx *gorm.DB) error {
		var last sql.NullInt64
		if err := tx.Model(&groupRow{}).Select("MAX(position)").Scan(&last).Error; err != nil {
			return err
		}
		row := groupRow{Name: g.Name, Description: g.Description, Position: int(last.Int64) + 1, CreatedAt: s.now(), Version: 1}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		id = row.ID
		return logAction(tx, s.now(), actor, ActionGroup, 0, 0, g.Name, "created")
	})
	return id, err
}

// UpdateGroup renames or describes a group.
func (s *Store) UpdateGroup(ctx context.Context, actor forum.Account, id int64, g forum.GroupEdit) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		res := tx.Model(&groupRow{}).Where("id = ? AND version = ?", id, g.Version).
			Updates(map[string]any{"name": g.Name, "description": g.Description, "version": gorm.Expr("version + 1")})
		if err := versionCheck(tx, res, &groupRow{}, id); err != nil {
			return err
		}
		return logAction(tx, s.now(), actor, ActionGroup, 0, 0, g.Name, "changed")
	})
}

// versionCheck turns an update that matched no row into not-found or
// edited-meanwhile, whichever is true.
func versionCheck(tx *gorm.DB, res *gorm.DB, model any, id int64) error {
	if res.Error != nil || res.RowsAffected == 1 {
		return res.Error
	}
	var n int64
	if err := tx.Model(model).Where("id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return forum.ErrNotFound
	}
	return errEditedMeanwhile
}

// SetGroupArchived archives a group (its forums leave every page) or
// brings it back. Nothing is deleted.
func (s *Store) SetGroupArchived(ctx context.Context, actor forum.Account, id int64, archived bool) error {
	return s.setArchived(ctx, actor, &groupRow{}, "outcome_groups", ActionGroup, id, archived)
}

// SetForumArchived archives a forum or brings it back.
func (s *Store) SetForumArchived(ctx context.Context, actor forum.Account, id int64, archived bool) error {
	return s.setArchived(ctx, actor, &forumRow{}, "forums", ActionForum, id, archived)
}

func (s *Store) setArchived(ctx context.Context, actor forum.Account, model any, table, action string, id int64, archived bool) error {
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		var at any
		what := "restored"
		if archived {
			at, what = s.now(), "archived"
		}
		res := tx.Model(model).Where("id = ?", id).Updates(map[string]any{"archived_at": at, "version": gorm.Expr("version + 1")})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return forum.ErrNotFound
		}
		var name string
		if err := tx.Table(table).Where("id = ?", id).Pluck("name", &name).Error; err != nil {
			return err
		}
		return logAction(tx, s.now(), actor, action, 0, 0, name, what)
	})
}

// MoveGroup moves a group one place up (-1) or down (+1).
func (s *Store) MoveGroup(ctx context.Context, actor forum.Account, id int64, by int) error {
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		var ids []int64
		if err := tx.Model(&groupRow{}).Order("position, id").Pluck("id", &ids).Error; err != nil {
			return err
		}
		return reorder(tx, "outcome_groups", ids, id, by)
	})
}

// MoveForum moves a forum one place up or down within its group.
func (s *Store) MoveForum(ctx context.Context, actor forum.Account, id int64, by int) error {
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		var f forumRow
		if err := tx.Where("id = ?", id).Take(&f).Error; err != nil {
			return translate(err)
		}
		var ids []int64
		if err := tx.Model(&forumRow{}).Where("group_id = ?", f.GroupID).Order("position, id").Pluck("id", &ids).Error; err != nil {
			return err
		}
		return reorder(tx, "forums", ids, id, by)
	})
}

// reorder swaps id with its neighbour in ids and renumbers the positions.
func reorder(tx *gorm.DB, table string, ids []int64, id int64, by int) error {
	at := -1
	for i, v := range ids {
		if v == id {
			at = i
		}
	}
	if at < 0 {
		return forum.ErrNotFound
	}
	to := at + by
	if to < 0 || to >= len(ids) {
		return nil
	}
	ids[at], ids[to] = ids[to], ids[at]
	for i, v := range ids {
		if err := tx.Exec("UPDATE "+table+" SET position = ? WHERE id = ?", i+1, v).Error; err != nil {
			return err
		}
	}
	return nil
}

// AdminForum returns any forum, archived or not, with its hosts.
func (s *Store) AdminForum(ctx context.Context, id int64) (forum.Forum, error) {
	var f forumRow
	if err := s.r(ctx).Where("id = ?", id).Take(&f).Error; err != nil {
		return forum.Forum{}, translate(err)
	}
	out := f.forum()
	hosts, err := s.hostsOf(ctx, []int64{id})
	out.Hosts = hosts[id]
	return out, err
}

// CreateForum adds a forum at the end of its group.
func (s *Store) CreateForum(ctx context.Context, actor forum.Account, f forum.ForumEdit) (int64, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.write(ctx, anyChange, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&groupRow{}).Where("id = ?", f.GroupID).Count(&n).Error; err != nil || n == 0 {
			if err == nil {
				err = fieldError("group", "Choose the group the forum belongs to")
			}
			return err
		}
		var last sql.NullInt64
		if err := tx.Model(&forumRow{}).Where("group_id = ?", f.GroupID).Select("MAX(position)").Scan(&last).Error; err != nil {
			return err
		}
		now := s.now()
		// A schedule already past is the admin's act, logged as such:
		// the schedule's own record (schedule.go) is for what comes later.
		row := forumRow{GroupID: f.GroupID, Name: f.Name, Description: f.Description, Kind: string(f.Kind),
			Anonymity: string(f.Anonymity), OpensAt: optTime(f.OpensAt), ClosesAt: optTime(f.ClosesAt),
			OpeningLoggedAt: passed(f.OpensAt, now), ClosingLoggedAt: passed(f.ClosesAt, now),
			Position: int(last.Int64) + 1, CreatedAt: now, Version: 1}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		id = row.ID
		if err := setHosts(tx, id, f.Hosts); err != nil {
			return err
		}
		return logAction(tx, s.now(), actor, ActionForum, 0, 0, f.Name, "created")
	})
	return id, err
}

// UpdateForum changes a forum: name, description, kind, anonymity policy,
// and for an expert forum its schedule and hosts.
func (s *Store) UpdateForum(ctx context.Context, actor forum.Account, id int64, f forum.ForumEdit) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		var old forumRow
		if err := tx.Where("id = ?", id).Take(&old).Error; err != nil {
			return translate(err)
		}
		update := map[string]any{
			"name": f.Name, "description": f.Description, "kind": string(f.Kind), "anonymity": string(f.Anonymity),
			"opens_at": optTime(f.OpensAt), "closes_at": optTime(f.ClosesAt), "version": gorm.Expr("version + 1")}
		// An opening or closing the admin moves into the past happens by
		// this edit, which the log records; one left as it was is still
		// the schedule's to record (schedule.go).
		now := s.now()
		if at := passed(f.OpensAt, now); at.Valid && !sameTime(old.OpensAt, at) {
			update["opening_logged_at"] = at
		}
		if at := passed(f.ClosesAt, now); at.Valid && !sameTime(old.ClosesAt, at) {
			update["closing_logged_at"] = at
		}
		res := tx.Model(&forumRow{}).Where("id = ? AND version = ?", id, f.Version).Updates(update)
		if err := versionCheck(tx, res, &forumRow{}, id); err != nil {
			return err
		}
		if err := setHosts(tx, id, f.Hosts); err != nil {
			return err
		}
		return logAction(tx, s.now(), actor, ActionForum, 0, 0, f.Name, "changed")
	})
}

// setHosts makes the accounts with these pseudonyms the forum's hosts. A
// practitioner who becomes a host gets the host role, so their posts
// publish at once; moderators and admins keep theirs.
func setHosts(tx *gorm.DB, forumID int64, pseudonyms []string) error {
	if err := tx.Exec("DELETE FROM forum_hosts WHERE forum_id = ?", forumID).Error; err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, p := range pseudonyms {
		if strings.TrimSpace(p) == "" {
			continue
		}
		var a accountRow
		err := tx.Where("pseudonym_key = ?", forum.PseudonymKey(p)).Take(&a).Error
		if forum.ErrorCode(translate(err)) == forum.ENOTFOUND {
			return fieldError("hosts", fmt.Sprintf("No account has the pseudonym %q", strings.TrimSpace(p)))
		}
		if err != nil {
			return err
		}
		if seen[a.ID] {
			continue
		}
		seen[a.ID] = true
		if err := tx.Exec("INSERT INTO forum_hosts (account_id, forum_id) VALUES (?, ?)", a.ID, forumID).Error; err != nil {
			return err
		}
		if a.Role == string(forum.RolePractitioner) {
			if err := tx.Model(&accountRow{}).Where("id = ?", a.ID).Update("role", forum.RoleHost).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

func fieldError(field, msg string) error {
	var fe forum.FieldErrors
	fe.Add(field, msg)
	return fe.Err()
}

func optTime(t *time.Time) sql.NullTime {
	if t == nil {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}
