package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// Grant is what an admin gives an account: a role, and for moderators their
// groups (none: all) and safeguarding lead, for hosts their expert forums.
type Grant struct {
	Role             forum.Role
	ModeratorGroups  []int64
	HostedForums     []int64
	SafeguardingLead bool
}

// People lists accounts whose pseudonym contains query (all when empty), by
// pseudonym, with their grants.
func (s *Store) People(ctx context.Context, query string, limit int) ([]forum.Account, error) {
	q := s.r(ctx).Order("pseudonym_key").Limit(limit)
	if key := forum.PseudonymKey(query); key != "" {
		q = q.Where("pseudonym_key LIKE ? ESCAPE '\\'", "%"+escapeLike(key)+"%")
	}
	var rows []accountRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]forum.Account, 0, len(rows))
	for _, r := range rows {
		a, err := s.withGrants(ctx, r.account())
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SetGrant gives an account a role and its scope, and logs it. An admin
// cannot take away the last admin, so the site is never left without one.
func (s *Store) SetGrant(ctx context.Context, actor forum.Account, accountID int64, g Grant) error {
	if _, err := forum.ParseRole(string(g.Role)); err != nil {
		return err
	}
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		target, err := accountForWrite(tx, accountID)
		if err != nil {
			return forum.ErrNotFound
		}
		if target.Role == string(forum.RoleAdmin) && g.Role != forum.RoleAdmin {
			var admins int64
			if err := tx.Model(&accountRow{}).Where("role = ?", forum.RoleAdmin).Count(&admins).Error; err != nil {
				return err
			}
			if admins <= 1 {
				return forum.Errorf(forum.ECONFLICT, "%s is the only admin: make someone else an admin first.", target.Pseudonym)
			}
		}
		lead := g.SafeguardingLead && (g.Role == forum.RoleModerator || g.Role == forum.RoleAdmin)
		update := map[string]any{"role": g.Role, "safeguarding_lead": lead}
		// Moderating counts from when it was given: a reveal needs time in
		// the role (reveal.go), which a change between moderator and admin
		// keeps.
		if !forum.Role(target.Role).Moderates() && g.Role.Moderates() {
			update["role_granted_at"] = s.now()
		}
		if err := tx.Model(&accountRow{}).Where("id = ?", accountID).Updates(update).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM moderator_scopes WHERE account_id = ?", accountID).Error; err != nil {
			return err
		}
		// Hosting goes with a practitioner's demotion or a host's new list;
		// a moderator or admin may also host, set on the forum's own page.
		if g.Role == forum.RolePractitioner || g.Role == forum.RoleHost {
			if err := tx.Exec("DELETE FROM forum_hosts WHERE account_id = ?", accountID).Error; err != nil {
				return err
			}
		}
		var scope []string
		if g.Role == forum.RoleModerator {
			if scope, err = insertGrants(tx, "moderator_scopes", "group_id", "outcome_groups", "", accountID, g.ModeratorGroups); err != nil {
				return err
			}
		}
		if g.Role == forum.RoleHost {
			if len(g.HostedForums) == 0 {
				return forum.Errorf(forum.EINVALID, "Choose at least one expert forum for a host.")
			}
			if scope, err = insertGrants(tx, "forum_hosts", "forum_id", "forums", "kind = 'expert'", accountID, g.HostedForums); err != nil {
				return err
			}
		}
		subject := fmt.Sprintf("%s is now %s", target.Pseudonym, g.Role)
		if len(scope) > 0 {
			subject += " of " + strings.Join(scope, ", ")
		}
		if lead {
			subject += " (safeguarding lead)"
		}
		return logAction(tx, s.now(), actor, ActionRole, 0, 0, subject, "")
	})
}

// insertGrants writes (account, id) rows into table after checking that
// each id names a row of parent (matching cond), and returns their names.
func insertGrants(tx *gorm.DB, table, column, parent, cond string, accountID int64, ids []int64) ([]string, error) {
	var names []string
	for _, id := range ids {
		var name string
		q := tx.Table(parent).Where("id = ?", id)
		if cond != "" {
			q = q.Where(cond)
		}
		if err := q.Pluck("name", &name).Error; err != nil {
			return nil, err
		}
		if name == "" {
			return nil, forum.Errorf(forum.EINVALID, "One of the chosen %s does not exist.", strings.ReplaceAll(parent, "_", " "))
		}
		if err := tx.Exec("INSERT INTO "+table+" (account_id, "+column+") VALUES (?, ?)", accountID, id).Error; err != nil {
			return nil, translate(err)
		}
		names = append(names, name)
	}
	return names, nil
}
