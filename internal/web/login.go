package web

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"

	"forum/internal/auth"
	"forum/internal/forum"
)

var wrongSignin = "The pseudonym or passphrase is not right"

type loginPage struct {
	Page
	Pseudonym string
	Next      string
	// Carried are the fields of a post form sent after the session had
	// ended, and Notice says so (resume.go).
	Carried []carried
	Notice  string
}

func (s *Server) loginForm(c echo.Context) error {
	if account(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	p := loginPage{Page: s.page(c, "Sign in"), Next: localPath(c.QueryParam("next"), "/")}
	p.Nav = "login"
	return s.views.render(c.Response(), http.StatusOK, "login", p)
}

func (s *Server) login(c echo.Context) error {
	p := loginPage{Page: s.page(c, "Sign in"), Pseudonym: formValue(c, "pseudonym"), Next: localPath(c.FormValue("next"), "/")}
	p.Nav = "login"
	if target := s.resumeTarget(p.Next); target != "" {
		p.Carried = carriedFrom(c, carriedPrefix)
	}
	passphrase := c.FormValue("passphrase")
	var fe forum.FieldErrors
	if p.Pseudonym == "" {
		fe.Add("pseudonym", "Enter your pseudonym")
	}
	if passphrase == "" {
		fe.Add("passphrase", "Enter your passphrase")
	}
	if err := fe.Err(); err != nil {
		return s.formProblem(c, "login", &p.Page, &p, err, "pseudonym")
	}
	attempt, err := s.reserveSignin(c, p.Pseudonym)
	if err != nil {
		return err
	}
	acc, ok, err := s.checkCredentials(c.Request().Context(), p.Pseudonym, passphrase)
	if err != nil {
		return err
	}
	if !ok {
		fe.Add("pseudonym", wrongSignin)
		return s.formProblem(c, "login", &p.Page, &p, fe.Err(), "pseudonym")
	}
	if err := s.signins.Succeeded(c.Request().Context(), attempt); err != nil {
		return err
	}
	if err := s.signIn(c, acc); err != nil {
		return err
	}
	if p.Carried != nil {
		return s.resume(c, p.Next, p.Carried)
	}
	s.flash(c, "signed-in")
	return c.Redirect(http.StatusSeeOther, p.Next)
}

// reserveSignin counts a passphrase check on pseudonym, from this client,
// before it is made, and waits for its turn (see auth.SigninThrottle). An
// account whose queue is full answers 429 with Retry-After.
func (s *Server) reserveSignin(c echo.Context, pseudonym string) (auth.Attempt, error) {
	attempt, err := s.signins.Reserve(c.Request().Context(), forum.PseudonymKey(pseudonym), s.clients.Key(c.RealIP()))
	var soon *auth.TooSoonError
	if errors.As(err, &soon) {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(soon.RetryAfter.Seconds()))))
		return attempt, forum.Errorf(forum.ETOOMANY, "There have been many sign-in attempts for this pseudonym just now, so we are taking them slowly. Wait a minute, then try again.")
	}
	return attempt, err
}

// checkCredentials takes as long for an unknown pseudonym as for a known one,
// so the time an answer takes does not say which pseudonyms exist.
func (s *Server) checkCredentials(ctx context.Context, pseudonym, passphrase string) (forum.Account, bool, error) {
	acc, hash, err := s.store.Credentials(ctx, pseudonym)
	switch forum.ErrorCode(err) {
	case "":
		return acc, auth.CheckPassphrase(passphrase, hash), nil
	case forum.ENOTFOUND:
		auth.CheckPassphrase(passphrase, decoyHash())
		return forum.Account{}, false, nil
	}
	return forum.Account{}, false, err
}

// decoyHash is a hash to check against when there is no account.
var decoyHash = sync.OnceValue(func() string {
	token, _ := auth.NewToken()
	h, _ := auth.HashPassphrase(token)
	return h
})

func (s *Server) logout(c echo.Context) error {
	if sess := session(c); sess != nil {
		if err := s.store.DeleteSession(c.Request().Context(), sess.TokenHash); err != nil {
			return err
		}
	}
	s.setCookie(c, "session", "", -1)
	s.flash(c, "signed-out")
	return c.Redirect(http.StatusSeeOther, "/")
}
