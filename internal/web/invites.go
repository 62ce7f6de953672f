package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/auth"
	"forum/internal/forum"
)

// Invite codes, which an admin makes for invite-only sign-up.

type invitesPage struct {
	Page
	Invites    []forum.InviteCode
	InviteOnly bool
	Note       string
	Days       string
	New        string // the code just made, shown once in full
}

func (s *Server) invitesPage(c echo.Context, p *invitesPage) error {
	ctx := c.Request().Context()
	p.Page = s.page(c, "Invite codes")
	p.Nav = "admin"
	p.Breadcrumbs = []Crumb{{"Administration", "/admin"}, {"Invite codes", ""}}
	var err error
	if p.Invites, err = s.store.Invites(ctx); err != nil {
		return err
	}
	settings, err := s.store.Settings(ctx)
	p.InviteOnly = settings.InviteOnly
	return err
}

func (s *Server) invites(c echo.Context) error {
	p := invitesPage{Days: "14", New: c.QueryParam("new")}
	if err := s.invitesPage(c, &p); err != nil {
		return err
	}
	return s.views.render(c.Response(), http.StatusOK, "admin_invites", p)
}

// inviteForm is the form that makes an invite code: a note for the other
// admins and how many days the code lasts, checked by createInvite.
type inviteForm struct {
	Note string `form:"note"`
	Days string `form:"days"`
}

func (s *Server) createInvite(c echo.Context) error {
	var form inviteForm
	if err := bind(c, &form); err != nil {
		return err
	}
	p := invitesPage{Note: strings.TrimSpace(form.Note), Days: strings.TrimSpace(form.Days)}
	if err := s.invitesPage(c, &p); err != nil {
		return err
	}
	var fe forum.FieldErrors
	days, err := strconv.Atoi(p.Days)
	if err != nil || days < 1 || days > 365 {
		fe.Add("days", "Enter a number of days from 1 to 365")
	}
	if clean, ok := forum.CleanText(p.Note); !ok || len([]rune(clean)) > 100 {
		fe.Add("note", "Keep the note to 100 characters, without special characters")
	}
	err = fe.Err()
	if err == nil {
		// The note is read by the other admins: not a name.
		_, err = checkWords(c, "", words{"note", "note", p.Note})
	}
	if err != nil {
		return s.formProblem(c, "admin_invites", &p.Page, &p, err, "days")
	}
	code := auth.NewInviteCode()
	expires := s.store.Now().Add(time.Duration(days) * 24 * time.Hour)
	if err := s.store.CreateInvite(c.Request().Context(), code, p.Note, account(c).ID, &expires); err != nil {
		return err
	}
	s.flash(c, "invite-made")
	return c.Redirect(http.StatusSeeOther, "/admin/invites?new="+code)
}

func (s *Server) deleteInvite(c echo.Context) error {
	if err := s.store.DeleteInvite(c.Request().Context(), c.Param("code")); err != nil {
		return err
	}
	s.flash(c, "invite-deleted")
	return c.Redirect(http.StatusSeeOther, "/admin/invites")
}
