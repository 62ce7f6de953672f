package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/store"
)

// Context keys for what the session middleware finds.
const (
	ctxSession = "forum.session"
	ctxStale   = "forum.stale" // a session cookie came, but its session had ended
)

// sessionLifetime is the longest a session lasts, however active.
const sessionLifetime = 12 * time.Hour

// cookieName gives a cookie the __Host- prefix over HTTPS, which binds it to
// this exact host and path / and requires Secure.
func (s *Server) cookieName(name string) string {
	if s.opts.Secure {
		return "__Host-forum_" + name
	}
	return "forum_" + name
}

func (s *Server) setCookie(c echo.Context, name, value string, maxAge int) {
	c.SetCookie(&http.Cookie{Name: s.cookieName(name), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.opts.Secure, SameSite: http.SameSiteLaxMode})
}

// loadSession finds the signed-in account behind the session cookie.
func (s *Server) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(s.cookieName("session"))
		if err != nil || ck.Value == "" {
			return next(c)
		}
		ctx := c.Request().Context()
		hash := auth.HashToken(ck.Value)
		sess, err := s.store.SessionByHash(ctx, hash, s.opts.SessionIdle)
		switch forum.ErrorCode(err) {
		case "":
			c.Set(ctxSession, &sess)
			if s.store.Now().Sub(sess.LastSeenAt) > store.SessionTouchEvery {
				if err := s.store.TouchSession(ctx, hash); err != nil {
					s.log.Warn("recording session activity failed", "err", err)
				}
			}
		case forum.ENOTFOUND:
			s.setCookie(c, "session", "", -1)
			c.Set(ctxStale, true)
		default:
			return err
		}
		return next(c)
	}
}

// session returns the signed-in session, or nil for a visitor.
func session(c echo.Context) *store.Session {
	sess, _ := c.Get(ctxSession).(*store.Session)
	return sess
}

// account returns the signed-in account, or nil for a visitor.
func account(c echo.Context) *forum.Account {
	if sess := session(c); sess != nil {
		return &sess.Account
	}
	return nil
}

// signIn starts a new session for a, ending any session the browser had:
// the token changes at every sign-in, so a token planted before sign-in
// is worth nothing after it.
func (s *Server) signIn(c echo.Context, a forum.Account) error {
	token, hash := auth.NewToken()
	old := ""
	if sess := session(c); sess != nil {
		old = sess.TokenHash
	}
	if err := s.store.CreateSession(c.Request().Context(), a.ID, hash, old, sessionLifetime); err != nil {
		return err
	}
	s.setCookie(c, "session", token, int(sessionLifetime.Seconds()))
	// The rest of this request is the member's: a page it shows has them
	// signed in.
	c.Set(ctxSession, &store.Session{TokenHash: hash, Account: a, LastSeenAt: s.store.Now()})
	return nil
}

// requireAccount lets only signed-in members through. A visitor asking for
// a page is sent to sign in and brought back; a form sent after the session
// ended gets a page that says so.
func (s *Server) requireAccount(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if account(c) != nil {
			return next(c)
		}
		if c.Request().Method == http.MethodGet {
			return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
		}
		message := "Sign in to do that."
		if stale, _ := c.Get(ctxStale).(bool); stale {
			message = "You were signed out, after a time without activity or from another page, so nothing was saved. Sign in and try again."
		}
		if resumable(c) && carriedFrom(c, "") != nil {
			return s.signInToSend(c, "You were signed out, after a time without activity or from another page, so your post was not sent. "+
				"Sign in again: what you wrote comes back to its form, still unsent.")
		}
		return forum.Errorf(forum.EUNAUTH, "%s", message)
	}
}

// requireRole lets through only accounts for which allowed is true.
func requireRole(allowed func(forum.Account) bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if a := account(c); a == nil || !allowed(*a) {
				return forum.Errorf(forum.EFORBIDDEN, "Your account cannot open this page.")
			}
			return next(c)
		}
	}
}

// requireReader enforces the public-read setting: when it is off, only
// signed-in members read the forums.
func (s *Server) requireReader(next echo.HandlerFunc) echo.HandlerFunc {
	members := s.requireAccount(next)
	return func(c echo.Context) error {
		public := s.opts.PublicRead
		if set, err := s.siteSettings(c.Request().Context()); err == nil && set.PublicRead != nil {
			public = *set.PublicRead
		}
		if public {
			return next(c)
		}
		return members(c)
	}
}
