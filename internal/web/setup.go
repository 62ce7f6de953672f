package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"forum/internal/auth"
	"forum/internal/forum"
)

// The setup link lets the operator create the first admin in the browser.
// The log prints it while no admin exists; it works once.

type setupPage struct {
	Page
	Token     string
	Pseudonym string
}

func (s *Server) setupToken(c echo.Context) (string, error) {
	token := c.Param("token")
	ok, err := s.store.SetupTokenValid(c.Request().Context(), auth.HashToken(token))
	if err != nil {
		return "", err
	}
	if !ok {
		return "", forum.ErrNotFound
	}
	return token, nil
}

func (s *Server) setupForm(c echo.Context) error {
	token, err := s.setupToken(c)
	if err != nil {
		return err
	}
	p := setupPage{Page: s.page(c, "Create the first admin account"), Token: token}
	return s.views.render(c.Response(), http.StatusOK, "setup", p)
}

func (s *Server) setup(c echo.Context) error {
	token, err := s.setupToken(c)
	if err != nil {
		return err
	}
	// The sign-up form's fields, less the invite code, which the setup
	// link stands in for.
	var form signupForm
	if err := bind(c, &form); err != nil {
		return err
	}
	p := setupPage{Page: s.page(c, "Create the first admin account"), Token: token, Pseudonym: strings.TrimSpace(form.Pseudonym)}
	na, fe := form.newAccount(p.Pseudonym, forum.RoleAdmin)
	if err := fe.Err(); err != nil {
		return s.formProblem(c, "setup", &p.Page, &p, err, "pseudonym")
	}
	hash, err := auth.HashPassphrase(na.Passphrase)
	if err != nil {
		return err
	}
	acc, err := s.store.CreateFirstAdmin(c.Request().Context(), auth.HashToken(token), na.Pseudonym, hash)
	if err != nil {
		return s.formProblem(c, "setup", &p.Page, &p, err, "pseudonym")
	}
	if err := s.signIn(c, acc); err != nil {
		return err
	}
	s.flash(c, "admin-created")
	return c.Redirect(http.StatusSeeOther, "/admin")
}
