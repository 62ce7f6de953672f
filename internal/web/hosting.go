package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// Hosts' actions in the expert forums they host: pins, opening and
// closing by hand, announcements. The store checks who may do each.

func (s *Server) pin(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	typed := strings.TrimSpace(c.FormValue("until"))
	var until *time.Time
	if typed != "" {
		t, err := time.ParseInLocation("2006-01-02", typed, s.opts.TimeZone)
		if err != nil {
			var fe forum.FieldErrors
			fe.Add("until", "Enter the date the pin ends as a date, such as 2026-03-31")
			return s.pinProblem(c, id, typed, fe.Err())
		}
		end := t.AddDate(0, 0, 1) // pinned to the end of that day
		until = &end
	}
	if err := s.store.SetPinned(c.Request().Context(), *account(c), id, true, until); err != nil {
		return s.pinProblem(c, id, typed, err)
	}
	s.flash(c, "pinned")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/t/%d", id))
}

// pinProblem shows the topic again, with the host's pin form and the date
// they typed, after the pin was refused for that date; any other refusal
// is an error page. The date is checked before who may pin, so the page
// is built only for a host (or admin) of the forum.
func (s *Server) pinProblem(c echo.Context, id int64, typed string, err error) error {
	if !fixable(err) {
		return err
	}
	p, perr := s.topicPage(c, id, "", "")
	if perr != nil {
		return perr
	}
	if !p.Hosting {
		return forum.Errorf(forum.EFORBIDDEN, "Only the hosts of this forum can pin its topics.")
	}
	p.PinUntil = typed
	return s.formProblem(c, "topic", &p.Page, &p, err, "")
}

func (s *Server) unpin(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.SetPinned(c.Request().Context(), *account(c), id, false, nil); err != nil {
		return err
	}
	s.flash(c, "unpinned")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/t/%d", id))
}

// movePin moves a pinned topic up or down; the form says where to return.
func (s *Server) movePin(by int) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		if err := s.store.MovePin(c.Request().Context(), *account(c), id, by); err != nil {
			return err
		}
		back := localPath(c.FormValue("return"), "/")
		return c.Redirect(http.StatusSeeOther, back)
	}
}

// openForum opens (or closes) an expert forum now, by hand.
func (s *Server) openForum(open bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		if err := s.store.OpenForum(c.Request().Context(), *account(c), id, open); err != nil {
			return err
		}
		if open {
			s.flash(c, "forum-opened")
		} else {
			s.flash(c, "forum-closed")
		}
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/f/%d", id))
	}
}

type announcePage struct {
	Page
	Forum forum.Forum
	Form  postForm
}

func (s *Server) announcePage(c echo.Context) (announcePage, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return announcePage{}, err
	}
	f, err := s.store.Forum(c.Request().Context(), id)
	if err != nil {
		return announcePage{}, err
	}
	if me := account(c); !me.IsAdmin() && !me.Hosts(f.ID) {
		return announcePage{}, forum.Errorf(forum.EFORBIDDEN, "Only the hosts of this forum can post announcements.")
	}
	p := announcePage{Page: s.page(c, "Post an announcement in "+f.Name), Forum: f}
	p.Breadcrumbs = []Crumb{{"Forums", "/"}, {f.GroupName, fmt.Sprintf("/g/%d", f.GroupID)}, {f.Name, fmt.Sprintf("/f/%d", f.ID)}}
	return p, nil
}

func (s *Server) announceForm(c echo.Context) error {
	p, err := s.announcePage(c)
	if err != nil {
		return err
	}
	return s.views.render(c.Response(), http.StatusOK, "announce", p)
}

func (s *Server) announce(c echo.Context) error {
	p, err := s.announcePage(c)
	if err != nil {
		return err
	}
	p.Form = readPostForm(c)
	if p.Form.previewing(c) {
		return s.views.render(c.Response(), http.StatusOK, "announce", p)
	}
	if err := s.store.Announce(c.Request().Context(), *account(c), p.Forum.ID, p.Form.Title, p.Form.Body); err != nil {
		return s.formProblem(c, "announce", &p.Page, &p, err, "title")
	}
	s.flash(c, "announced")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/f/%d", p.Forum.ID))
}

func (s *Server) deleteAnnouncement(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.DeleteAnnouncement(c.Request().Context(), *account(c), id); err != nil {
		return err
	}
	s.flash(c, "announcement-withdrawn")
	return c.Redirect(http.StatusSeeOther, localPath(c.FormValue("return"), "/"))
}
