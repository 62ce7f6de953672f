package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"forum/internal/auth"
	"forum/internal/forum"
)

type registerPage struct {
	Page
	Pseudonym  string
	Invite     string
	InviteOnly bool
}

func (s *Server) registerForm(c echo.Context) error {
	if account(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/account")
	}
	settings, err := s.store.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	p := registerPage{Page: s.page(c, "Create an account"), Pseudonym: auth.NewPseudonym(), InviteOnly: settings.InviteOnly}
	p.Nav = "register"
	return s.views.render(c.Response(), http.StatusOK, "register", p)
}

func (s *Server) register(c echo.Context) error {
	if account(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/account")
	}
	ctx := c.Request().Context()
	settings, err := s.store.Settings(ctx)
	if err != nil {
		return err
	}
	p := registerPage{Page: s.page(c, "Create an account"), Pseudonym: formValue(c, "pseudonym"),
		Invite: formValue(c, "invite"), InviteOnly: settings.InviteOnly}
	p.Nav = "register"
	na := forum.NewAccount{Pseudonym: p.Pseudonym, Passphrase: c.FormValue("passphrase"), Role: forum.RolePractitioner}
	fe := forum.FieldErrorsOf(na.Validate())
	if c.FormValue("confirm") != na.Passphrase && fe.For("passphrase") == "" {
		fe.Add("confirm", "The two passphrases are not the same")
	}
	if settings.InviteOnly && p.Invite == "" {
		fe.Add("invite", "Enter the invite code you were given")
	}
	if err := fe.Err(); err != nil {
		return s.formProblem(c, "register", &p.Page, &p, err, "pseudonym")
	}
	hash, err := auth.HashPassphrase(na.Passphrase)
	if err != nil {
		return err
	}
	acc, err := s.store.Register(ctx, na.Pseudonym, hash, p.Invite, settings.InviteOnly)
	if err != nil {
		return s.formProblem(c, "register", &p.Page, &p, err, "pseudonym")
	}
	if err := s.signIn(c, acc); err != nil {
		return err
	}
	s.flash(c, "welcome")
	return c.Redirect(http.StatusSeeOther, "/")
}
