package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"forum/internal/forum"
)

// csrfField is the hidden form field that carries the token.
const csrfField = "_csrf"

// csrfProtection is echo's double-submit-cookie CSRF middleware, set up for
// forms: every state-changing request must carry in its form the token that
// the browser holds in a cookie of ours.
func (s *Server) csrfProtection() echo.MiddlewareFunc {
	return middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "form:" + csrfField,
		CookieName:     s.cookieName("csrf"),
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSecure:   s.opts.Secure,
		CookieSameSite: http.SameSiteLaxMode,
		CookieMaxAge:   int(sessionLifetime.Seconds()),
		ErrorHandler: func(err error, c echo.Context) error {
			return &forum.Error{Code: forum.EFORBIDDEN, Err: err,
				Message: "This form had expired, so nothing was saved. Go back, reload the page and send it again."}
		},
	})
}

// fetchMetadata refuses state-changing requests that a browser says come
// from another site, then hides the Sec-Fetch-Site header from echo's CSRF
// middleware: echo would otherwise accept same-origin requests without a
// token, and we want the token checked on every form, whoever sends it.
func fetchMetadata(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
				return &forum.Error{Code: forum.EFORBIDDEN, Message: "That request came from another site, so it was refused."}
			}
		}
		r.Header.Del("Sec-Fetch-Site")
		return next(c)
	}
}

// csrfToken is the token to put in this page's forms.
func csrfToken(c echo.Context) string {
	token, _ := c.Get("csrf").(string)
	return token
}
