package web

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/auth"
	"forum/internal/forum"
)

// Sign-in throttling. Failures are counted for fifteen minutes. From one
// client, twenty failures refuse further tries for the rest of the window.
// On one pseudonym, past five failures each try waits a little longer, up to
// five seconds: guessing slows to a crawl, while the member, trying from
// their own device, still gets in.
const (
	signinWindow        = 15 * time.Minute
	maxClientFailures   = 20
	freePseudonymErrors = 5
	maxSigninDelay      = 5 * time.Second
)

var wrongSignin = "The pseudonym or passphrase is not right"

type loginPage struct {
	Page
	Pseudonym string
	Next      string
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
	client := s.clients.Key(c.RealIP())
	if s.signinByClient.Failures(client) >= maxClientFailures {
		return forum.Errorf(forum.ETOOMANY, "There have been too many failed sign-ins from your network. Wait 15 minutes, then try again.")
	}
	name := forum.PseudonymKey(p.Pseudonym)
	if n := s.signinByName.Failures(name); n >= freePseudonymErrors {
		if err := sleep(c.Request().Context(), min(time.Duration(n-freePseudonymErrors+1)*time.Second, maxSigninDelay)); err != nil {
			return err
		}
	}
	acc, ok, err := s.checkCredentials(c.Request().Context(), p.Pseudonym, passphrase)
	if err != nil {
		return err
	}
	if !ok {
		s.signinByClient.Fail(client)
		s.signinByName.Fail(name)
		fe.Add("pseudonym", wrongSignin)
		return s.formProblem(c, "login", &p.Page, &p, fe.Err(), "pseudonym")
	}
	s.signinByName.Reset(name)
	if err := s.signIn(c, acc); err != nil {
		return err
	}
	s.flash(c, "signed-in")
	return c.Redirect(http.StatusSeeOther, p.Next)
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

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

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
