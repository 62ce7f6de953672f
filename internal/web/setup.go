package web

import (
	"net/http"

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
	p := setupPage{Page: s.page(c, "Create the first admin account"), Token: token, Pseudonym: formValue(c, "pseudonym")}
	na := forum.NewAccount{Pseudonym: p.Pseudonym, Passphrase: c.FormValue("passphrase"), Role: forum.RoleAdmin}
	fe := forum.FieldErrorsOf(na.Validate())
	if c.FormValue("confirm") != na.Passphrase && fe.For("passphrase") == "" {
		fe.Add("confirm", "The two passphrases are not the same")
	}
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
