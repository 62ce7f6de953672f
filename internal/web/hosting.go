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

// pinForm is the host's pin form: the last day the topic stays pinned, as
// a date field sends it (2006-01-02), or nothing to pin it until unpinned.
type pinForm struct {
	Until string `form:"until"`
}

func (s *Server) pin(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var form pinForm
	if err := bind(c, &form); err != nil {
		return err
	}
	typed := strings.TrimSpace(form.Until)
	var until *time.Time
	if typed != "" {
		end, err := endOfDay(typed, s.opts.TimeZone)
		if err != nil {
			var fe forum.FieldErrors
			fe.Add("until", "Enter the date the pin ends as a date, such as 2026-03-31")
			return s.pinProblem(c, id, typed, fe.Err())
		}
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

// endOfDay is when the day named by date (2006-01-02) ends in zone: the
// midnight that starts the next day there, which is 23:00 UTC in British
// summer time. A pin "until 6 December" holds through all of that day and
// is shown with that date (the lastDay template function).
func endOfDay(date string, zone *time.Location) (time.Time, error) {
	day, err := time.ParseInLocation("2006-01-02", date, zone)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, zone), nil
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
		back, err := backTo(c, "/")
		if err != nil {
			return err
		}
		if err := s.store.MovePin(c.Request().Context(), *account(c), id, by); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, back)
	}
}

// openForumPage asks a host when a forum they open by hand should close,
// and says first what opening it does to its schedule.
type openForumPage struct {
	Page
	Forum forum.Forum
	State forum.ForumState
	// ClosesAt is the closing time as the field shows it (datetime-local,
	// in the site's time zone): the planned one while it is still to come.
	ClosesAt string
}

func (s *Server) openForumPage(c echo.Context) (openForumPage, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return openForumPage{}, err
	}
	f, err := s.store.Forum(c.Request().Context(), id)
	if err != nil {
		return openForumPage{}, err
	}
	if me := account(c); !me.IsAdmin() && !me.Hosts(f.ID) {
		return openForumPage{}, forum.Errorf(forum.EFORBIDDEN, "Only the hosts of this forum can open it.")
	}
	if f.Kind != forum.KindExpert {
		return openForumPage{}, forum.Errorf(forum.EINVALID, "Only expert forums open and close.")
	}
	p := openForumPage{Page: s.page(c, "Open "+f.Name+" now"), Forum: f, State: f.State(s.store.Now())}
	if p.State == forum.StateClosed {
		p.Title = "Open " + f.Name + " again"
	}
	if f.ClosesAt != nil && p.State != forum.StateClosed {
		p.ClosesAt = f.ClosesAt.In(s.opts.TimeZone).Format(datetimeLocal)
	}
	p.Breadcrumbs = []Crumb{{"Forums", "/"}, {f.GroupName, fmt.Sprintf("/g/%d", f.GroupID)}, {f.Name, fmt.Sprintf("/f/%d", f.ID)}}
	return p, nil
}

func (s *Server) openForumForm(c echo.Context) error {
	p, err := s.openForumPage(c)
	if err != nil {
		return err
	}
	if p.State == forum.StateLive {
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/f/%d", p.Forum.ID))
	}
	return s.views.render(c.Response(), http.StatusOK, "open_forum", p)
}

// openingForm is the form that opens an expert forum by hand: when it
// closes, in the site's time zone as a datetime-local field sends it.
// ClosesAt is nil when the form has no such field, which is not the same
// as an empty one: see openForum.
type openingForm struct {
	ClosesAt *string `form:"closes_at"`
}

// typed is the closing time as the host typed it, for the form shown again.
func (f openingForm) typed() string {
	if f.ClosesAt == nil {
		return ""
	}
	return strings.TrimSpace(*f.ClosesAt)
}

// openForum opens an expert forum now, by hand, to close at the time the
// host chose on the page before (empty: when a host closes it). A form
// without the field keeps the planned closing time, if it is still to come.
func (s *Server) openForum(c echo.Context) error {
	p, err := s.openForumPage(c)
	if err != nil {
		return err
	}
	if p.State == forum.StateLive { // sent twice: it is open as asked
		s.flash(c, "forum-opened")
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/f/%d", p.Forum.ID))
	}
	var form openingForm
	if err := bind(c, &form); err != nil {
		return err
	}
	closesAt, err := s.closingTime(form, p)
	if err == nil {
		err = s.store.OpenForum(c.Request().Context(), *account(c), p.Forum.ID, closesAt)
	}
	if err != nil {
		p.ClosesAt = form.typed()
		return s.formProblem(c, "open_forum", &p.Page, &p, err, "closes_at")
	}
	s.flash(c, "forum-opened")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/f/%d", p.Forum.ID))
}

// closingTime reads the closing time a host chose for a forum they open.
func (s *Server) closingTime(form openingForm, p openForumPage) (*time.Time, error) {
	if form.ClosesAt == nil {
		if p.Forum.ClosesAt != nil && p.State != forum.StateClosed {
			return p.Forum.ClosesAt, nil
		}
		return nil, nil
	}
	v := form.typed()
	if v == "" {
		return nil, nil
	}
	t, err := time.ParseInLocation(datetimeLocal, v, s.opts.TimeZone)
	if err != nil {
		var fe forum.FieldErrors
		fe.Add("closes_at", "Enter the closing time as a date and time, such as 2026-03-03 14:00")
		return nil, fe.Err()
	}
	return &t, nil
}

// closeForum closes an expert forum now, by hand.
func (s *Server) closeForum(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.CloseForum(c.Request().Context(), *account(c), id); err != nil {
		return err
	}
	s.flash(c, "forum-closed")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/f/%d", id))
}

type announcePage struct {
	Page
	Forum forum.Forum
	Form  postForm
}

// The findings partial asks the page what its form holds.
func (p announcePage) WithTitle() bool { return true }

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
	if p.Form, err = bindPost(c); err != nil {
		return err
	}
	p.Form.HasNote, p.Form.ContentNote = false, ""
	// An announcement is checked for personal data as a post is: its
	// findings are shown and held until the host confirms or edits them.
	checkErr := p.Form.checked(c, &p.Page, "announcement")
	if p.Form.previewing() {
		return s.views.render(c.Response(), http.StatusOK, "announce", p)
	}
	if err := checkErr; err != nil {
		return s.formProblem(c, "announce", &p.Page, &p, err, "confirm_pii")
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
	back, err := backTo(c, "/")
	if err != nil {
		return err
	}
	if err := s.store.DeleteAnnouncement(c.Request().Context(), *account(c), id); err != nil {
		return err
	}
	s.flash(c, "announcement-withdrawn")
	return c.Redirect(http.StatusSeeOther, back)
}
