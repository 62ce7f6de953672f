package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// The admin's pages for forums: adding one to a group and changing it
// (its kind, anonymity policy, schedule and hosts). Groups, and archiving
// and ordering both, are in admin_groups.go.

// forumForm is the admin's forum form as typed, dates as the browser sends them.
type forumForm struct {
	GroupID     int64                 `form:"group"`
	Name        string                `form:"name"`
	Description string                `form:"description"`
	Kind        forum.ForumKind       `form:"kind"`
	Anonymity   forum.AnonymityPolicy `form:"anonymity"`
	OpensAt     string                `form:"opens_at"` // datetime-local, in the site's time zone
	ClosesAt    string                `form:"closes_at"`
	Hosts       string                `form:"hosts"` // pseudonyms, one a line or comma-separated
	Version     int                   `form:"version"`
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

// words are a forum's name and description, which every reader sees.
func (f forumForm) words() []words {
	return []words{{"name", "name", f.Name}, {"description", "description", f.Description}}
}

// bindForumForm reads the forum form, its dates trimmed.
func bindForumForm(c echo.Context) (forumForm, error) {
	var f forumForm
	if err := bind(c, &f); err != nil {
		return f, err
	}
	f.OpensAt, f.ClosesAt = strings.TrimSpace(f.OpensAt), strings.TrimSpace(f.ClosesAt)
	return f, nil
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
	if p.Form, err = bindForumForm(c); err != nil {
		return err
	}
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
	if p.Form, err = bindForumForm(c); err != nil {
		return err
	}
	p.ForumID, p.Form.GroupID = id, stored.GroupID
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
