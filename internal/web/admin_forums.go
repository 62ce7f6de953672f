package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// The admin's pages for groups and forums.

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

func (s *Server) createGroup(c echo.Context) error {
	g := forum.GroupEdit{Name: c.FormValue("name"), Description: c.FormValue("description")}
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
	version, _ := strconv.Atoi(c.FormValue("version"))
	edit := forum.GroupEdit{Name: c.FormValue("name"), Description: c.FormValue("description"), Version: version}
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

// forumForm is the admin's forum form as typed, dates as the browser sends them.
type forumForm struct {
	GroupID     int64
	Name        string
	Description string
	Kind        forum.ForumKind
	Anonymity   forum.AnonymityPolicy
	OpensAt     string // datetime-local, in the site's time zone
	ClosesAt    string
	Hosts       string // pseudonyms, one a line or comma-separated
	Version     int
}

type adminForumPage struct {
	Page
	ForumID int64 // 0 for a new forum
	Groups  []forum.Group
	Form    forumForm
}

const datetimeLocal = "2006-01-02T15:04"

func (s *Server) forumFormOf(f forum.Forum) forumForm {
	ff := forumForm{GroupID: f.GroupID, Name: f.Name, Description: f.Description, Kind: f.Kind, Anonymity: f.Anonymity,
		Hosts: strings.Join(f.Hosts, "\n"), Version: f.Version}
	if f.OpensAt != nil {
		ff.OpensAt = f.OpensAt.In(s.opts.TimeZone).Format(datetimeLocal)
	}
	if f.ClosesAt != nil {
		ff.ClosesAt = f.ClosesAt.In(s.opts.TimeZone).Format(datetimeLocal)
	}
	return ff
}

// groupWords are a group's name and description, which every reader sees.
func groupWords(g forum.GroupEdit) []words {
	return []words{{"name", "name", g.Name}, {"description", "description", g.Description}}
}

// words are a forum's name and description, which every reader sees.
func (f forumForm) words() []words {
	return []words{{"name", "name", f.Name}, {"description", "description", f.Description}}
}

func readForumForm(c echo.Context) forumForm {
	groupID, _ := strconv.ParseInt(c.FormValue("group"), 10, 64)
	version, _ := strconv.Atoi(c.FormValue("version"))
	return forumForm{GroupID: groupID, Name: c.FormValue("name"), Description: c.FormValue("description"),
		Kind: forum.ForumKind(c.FormValue("kind")), Anonymity: forum.AnonymityPolicy(c.FormValue("anonymity")),
		OpensAt: strings.TrimSpace(c.FormValue("opens_at")), ClosesAt: strings.TrimSpace(c.FormValue("closes_at")),
		Hosts: c.FormValue("hosts"), Version: version}
}

// edit turns the form into a ForumEdit, reading dates in the site's zone.
func (s *Server) edit(f forumForm) (forum.ForumEdit, error) {
	e := forum.ForumEdit{GroupID: f.GroupID, Name: f.Name, Description: f.Description, Kind: f.Kind,
		Anonymity: f.Anonymity, Version: f.Version}
	var fe forum.FieldErrors
	for _, d := range []struct {
		field, value string
		into         **time.Time
	}{{"opens_at", f.OpensAt, &e.OpensAt}, {"closes_at", f.ClosesAt, &e.ClosesAt}} {
		if d.value == "" {
			continue
		}
		t, err := time.ParseInLocation(datetimeLocal, d.value, s.opts.TimeZone)
		if err != nil {
			fe.Add(d.field, "Enter a date and time, such as 2026-03-03 14:00")
			continue
		}
		*d.into = &t
	}
	for _, h := range strings.FieldsFunc(f.Hosts, func(r rune) bool { return r == '\n' || r == ',' || r == '\r' }) {
		if h = strings.TrimSpace(h); h != "" {
			e.Hosts = append(e.Hosts, h)
		}
	}
	if len(fe) > 0 {
		return e, fe.Err()
	}
	return e, nil
}

func (s *Server) adminForumPage(c echo.Context, title string) (adminForumPage, error) {
	groups, err := s.store.AllGroups(c.Request().Context())
	if err != nil {
		return adminForumPage{}, err
	}
	p := adminForumPage{Page: s.page(c, title), Groups: groups}
	p.Nav = "admin"
	p.Breadcrumbs = []Crumb{{"Administration", "/admin"}, {"Groups and forums", "/admin/groups"}, {title, ""}}
	return p, nil
}

func (s *Server) newForumForm(c echo.Context) error {
	p, err := s.adminForumPage(c, "Add a forum")
	if err != nil {
		return err
	}
	groupID, _ := strconv.ParseInt(c.QueryParam("group"), 10, 64)
	p.Form = forumForm{GroupID: groupID, Kind: forum.KindDiscussion, Anonymity: forum.AnonAllowed}
	return s.views.render(c.Response(), http.StatusOK, "admin_forum", p)
}

func (s *Server) createForum(c echo.Context) error {
	p, err := s.adminForumPage(c, "Add a forum")
	if err != nil {
		return err
	}
	p.Form = readForumForm(c)
	e, err := s.edit(p.Form)
	if err == nil {
		_, err = checkWords(c, "", p.Form.words()...)
	}
	if err == nil {
		_, err = s.store.CreateForum(c.Request().Context(), *account(c), e)
	}
	if err != nil {
		return s.formProblem(c, "admin_forum", &p.Page, &p, err, "name")
	}
	s.flash(c, "forum-saved")
	return c.Redirect(http.StatusSeeOther, "/admin/groups")
}

func (s *Server) adminForum(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	f, err := s.store.AdminForum(c.Request().Context(), id)
	if err != nil {
		return err
	}
	p, err := s.adminForumPage(c, "Change the forum "+f.Name)
	if err != nil {
		return err
	}
	p.ForumID, p.Form = f.ID, s.forumFormOf(f)
	return s.views.render(c.Response(), http.StatusOK, "admin_forum", p)
}

func (s *Server) saveForum(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	stored, err := s.store.AdminForum(ctx, id)
	if err != nil {
		return err
	}
	p, err := s.adminForumPage(c, "Change the forum "+stored.Name)
	if err != nil {
		return err
	}
	p.ForumID, p.Form = id, readForumForm(c)
	p.Form.GroupID = stored.GroupID
	e, err := s.edit(p.Form)
	if err == nil {
		_, err = checkWords(c, "", p.Form.words()...)
	}
	if err == nil {
		err = s.store.UpdateForum(ctx, *account(c), id, e)
	}
	if err != nil {
		if forum.ErrorCode(err) == forum.ECONFLICT {
			if fresh, ferr := s.store.AdminForum(ctx, id); ferr == nil {
				p.Form = s.forumFormOf(fresh)
			}
		}
		return s.formProblem(c, "admin_forum", &p.Page, &p, err, "name")
	}
	s.flash(c, "forum-saved")
	return c.Redirect(http.StatusSeeOther, "/admin/groups")
}

// Suspensions from the people pages.

func (s *Server) suspendAccount(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if id == account(c).ID {
		return forum.Errorf(forum.EINVALID, "You cannot suspend yourself.")
	}
	days, typed := c.FormValue("days"), c.FormValue("reason")
	reason, _ := forum.CleanText(typed)
	_, err = checkWords(c, "", words{"reason", "reason", reason})
	if err == nil {
		err = s.store.Suspend(c.Request().Context(), *account(c), id, s.suspensionEnd(days), reason)
	}
	if err != nil {
		if !fixable(err) {
			return err
		}
		p, perr := s.personPage(c, id)
		if perr != nil {
			return perr
		}
		p.Suspension = suspensionForm{Days: days, Reason: typed}
		return s.formProblem(c, "admin_person", &p.Page, &p, err, "")
	}
	s.flash(c, "account-suspended")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/people/%d", id))
}

func (s *Server) unsuspendAccount(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.Unsuspend(c.Request().Context(), *account(c), id); err != nil {
		return err
	}
	s.flash(c, "account-unsuspended")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/people/%d", id))
}
