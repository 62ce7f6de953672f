package web

import (
	"net/http"
	"strings"

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

// signupForm is the form that creates an account: the sign-up form, and
// the setup form of the first admin, which has no invite code.
type signupForm struct {
	Pseudonym  string `form:"pseudonym"`
	Passphrase string `form:"passphrase"`
	Confirm    string `form:"confirm"`
	Invite     string `form:"invite"`
}

// newAccount is the account the form asks for, under pseudonym (as the
// page keeps it, trimmed), with what is wrong with its fields. The
// passphrases are compared only when the first is acceptable, so that
// the summary asks for one fix at a time.
func (f signupForm) newAccount(pseudonym string, role forum.Role) (forum.NewAccount, forum.FieldErrors) {
	na := forum.NewAccount{Pseudonym: pseudonym, Passphrase: f.Passphrase, Role: role}
	fe := forum.FieldErrorsOf(na.Validate())
	if f.Confirm != na.Passphrase && fe.For("passphrase") == "" {
		fe.Add("confirm", "The two passphrases are not the same")
	}
	return na, fe
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
	var form signupForm
	if err := bind(c, &form); err != nil {
		return err
	}
	p := registerPage{Page: s.page(c, "Create an account"), Pseudonym: strings.TrimSpace(form.Pseudonym),
		Invite: strings.TrimSpace(form.Invite), InviteOnly: settings.InviteOnly}
	p.Nav = "register"
	na, fe := form.newAccount(p.Pseudonym, forum.RolePractitioner)
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
