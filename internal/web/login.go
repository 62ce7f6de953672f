package web

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
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

// signinForm is the sign-in form: the pseudonym and passphrase, and the
// page to go to after (a page of this site only). The fields of an unsent
// post it may carry are read apart, by carriedFrom, for they are the post
// form's own.
type signinForm struct {
	Pseudonym  string `form:"pseudonym"`
	Passphrase string `form:"passphrase"`
	Next       string `form:"next"`
}

// check says which fields were left empty. The passphrase is checked as
// typed: spaces may be part of it.
func (f signinForm) check() error {
	var fe forum.FieldErrors
	if f.Pseudonym == "" {
		fe.Add("pseudonym", "Enter your pseudonym")
	}
	if f.Passphrase == "" {
		fe.Add("passphrase", "Enter your passphrase")
	}
	return fe.Err()
}

func (s *Server) login(c echo.Context) error {
	var form signinForm
	if err := bind(c, &form); err != nil {
		return err
	}
	form.Pseudonym = strings.TrimSpace(form.Pseudonym)
	p := loginPage{Page: s.page(c, "Sign in"), Pseudonym: form.Pseudonym, Next: localPath(form.Next, "/")}
	p.Nav = "login"
	if target := s.resumeTarget(p.Next); target != "" {
		p.Carried = carriedFrom(c, carriedPrefix)
	}
	if err := form.check(); err != nil {
		return s.formProblem(c, "login", &p.Page, &p, err, "pseudonym")
	}
	attempt, err := s.reserveSignin(c, p.Pseudonym)
	if err != nil {
		return err
	}
	acc, ok, err := s.checkCredentials(c.Request().Context(), p.Pseudonym, form.Passphrase)
	if err != nil {
		return err
	}
	if !ok {
		var fe forum.FieldErrors
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
