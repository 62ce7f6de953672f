package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// The admin's pages for groups: the list of groups and their forums, a
// group's own page, and archiving and ordering groups and forums.

type adminGroupsPage struct {
	Page
	Groups []forum.Group
	New    forum.GroupEdit
}

func (s *Server) adminGroups(c echo.Context) error {
	groups, err := s.store.AllGroups(c.Request().Context())
	if err != nil {
		return err
	}
	p := adminGroupsPage{Page: s.page(c, "Groups and forums"), Groups: groups}
	p.Nav = "admin"
	p.Breadcrumbs = []Crumb{{"Administration", "/admin"}, {"Groups and forums", ""}}
	return s.views.render(c.Response(), http.StatusOK, "admin_groups", p)
}

// groupForm is the admin's group form: a group's name and description,
// and the version of the group it changes (0 for a new group).
type groupForm struct {
	Name        string `form:"name"`
	Description string `form:"description"`
	Version     int    `form:"version"`
}

func (s *Server) createGroup(c echo.Context) error {
	var form groupForm
	if err := bind(c, &form); err != nil {
		return err
	}
	g := forum.GroupEdit{Name: form.Name, Description: form.Description}
	_, err := checkWords(c, "", groupWords(g)...)
	if err == nil {
		_, err = s.store.CreateGroup(c.Request().Context(), *account(c), g)
	}
	if err != nil {
		groups, gerr := s.store.AllGroups(c.Request().Context())
		if gerr != nil {
			return gerr
		}
		p := adminGroupsPage{Page: s.page(c, "Groups and forums"), Groups: groups, New: g}
		p.Nav = "admin"
		return s.formProblem(c, "admin_groups", &p.Page, &p, err, "name")
	}
	s.flash(c, "group-saved")
	return c.Redirect(http.StatusSeeOther, "/admin/groups")
}

type adminGroupPage struct {
	Page
	Group forum.Group
	Edit  forum.GroupEdit
}

func (s *Server) adminGroupPage(c echo.Context) (adminGroupPage, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return adminGroupPage{}, err
	}
	g, err := s.store.AdminGroup(c.Request().Context(), id)
	if err != nil {
		return adminGroupPage{}, err
	}
	p := adminGroupPage{Page: s.page(c, "Change the group "+g.Name), Group: g,
		Edit: forum.GroupEdit{Name: g.Name, Description: g.Description, Version: g.Version}}
	p.Nav = "admin"
	p.Breadcrumbs = []Crumb{{"Administration", "/admin"}, {"Groups and forums", "/admin/groups"}, {g.Name, ""}}
	return p, nil
}

func (s *Server) adminGroup(c echo.Context) error {
	p, err := s.adminGroupPage(c)
	if err != nil {
		return err
	}
	return s.views.render(c.Response(), http.StatusOK, "admin_group", p)
}

func (s *Server) saveGroup(c echo.Context) error {
	p, err := s.adminGroupPage(c)
	if err != nil {
		return err
	}
	var form groupForm
	if err := bind(c, &form); err != nil {
		return err
	}
	edit := forum.GroupEdit{Name: form.Name, Description: form.Description, Version: form.Version}
	_, err = checkWords(c, "", groupWords(edit)...)
	if err == nil {
		err = s.store.UpdateGroup(c.Request().Context(), *account(c), p.Group.ID, edit)
	}
	if err != nil {
		if forum.ErrorCode(err) != forum.ECONFLICT {
			p.Edit = edit // keep what they typed; on a conflict show the stored version
		}
		return s.formProblem(c, "admin_group", &p.Page, &p, err, "name")
	}
	s.flash(c, "group-saved")
	return c.Redirect(http.StatusSeeOther, "/admin/groups")
}

// groupWords are a group's name and description, which every reader sees.
func groupWords(g forum.GroupEdit) []words {
	return []words{{"name", "name", g.Name}, {"description", "description", g.Description}}
}

// archive and move act on groups (kind "group") or forums.
func (s *Server) archive(kind string, archived bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		me := *account(c)
		if kind == "group" {
			err = s.store.SetGroupArchived(c.Request().Context(), me, id, archived)
		} else {
			err = s.store.SetForumArchived(c.Request().Context(), me, id, archived)
		}
		if err != nil {
			return err
		}
		if archived {
			s.flash(c, "archived")
		} else {
			s.flash(c, "restored")
		}
		return c.Redirect(http.StatusSeeOther, "/admin/groups")
	}
}

func (s *Server) move(kind string, by int) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		me := *account(c)
		if kind == "group" {
			err = s.store.MoveGroup(c.Request().Context(), me, id, by)
		} else {
			err = s.store.MoveForum(c.Request().Context(), me, id, by)
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/groups#%s-%d", kind, id))
	}
}
