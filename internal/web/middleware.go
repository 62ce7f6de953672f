package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/labstack/echo/v4"
)

// contentSecurityPolicy allows nothing from anywhere but this site, and no
// framing at all. There is no inline script or style on any page.
const contentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"

// securityHeaders are the headers every answer carries, in canonical form.
// Following a link out of the forum must not tell the other site which
// page of the forum the reader was on (Referrer-Policy).
// Each value is a one-element slice shared by every answer: Header.Set and
// Header.Add replace or grow it, never write into it.
var securityHeaders = [...]struct {
	name  string
	value []string
}{
	{"Content-Security-Policy", []string{contentSecurityPolicy}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"Referrer-Policy", []string{"no-referrer"}},
	{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
	{"Cross-Origin-Resource-Policy", []string{"same-origin"}},
	{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=(), interest-cohort=()"}},
}

// setSecurityHeaders sets the security headers on every answer. The names
// are canonical already, so they go into the map directly (Header.Set would
// canonicalise each on every request).
func setSecurityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		for _, sh := range securityHeaders {
			h[sh.name] = sh.value
		}
		return next(c)
	}
}

// noStore tells the browser, and any cache between, to keep no copy of the
// answer. Pages differ by person under the same address ("/" carries the
// member's name, /account their account), so a copy kept by a shared
// computer's browser would show the next person, pressing Back after the
// member signed out, what was the member's. It runs before routing, so
// that every answer has it: pages (those from the visitors' page cache
// too), forms, redirects, error pages, trailing-slash redirects. Static
// files, the same for everyone and named by their content, replace it with
// their long cache (static.go).
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header()["Cache-Control"] = []string{"no-store"}
		return next(c)
	}
}

// observe counts and times each request by route, and logs it. The log line
// names the route pattern, never the address, the query or the person.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		route := c.Path()
		if route == "" || c.Response().Status == http.StatusNotFound && route == "/*" {
			route = "unmatched"
		}
		elapsed := time.Since(start)
		status := c.Response().Status
		s.metrics.observe(c.Request().Method, route, status, elapsed)
		level := slog.LevelInfo
		switch route {
		case "/healthz", "/readyz", "/static/*":
			level = slog.LevelDebug
		}
		s.log.LogAttrs(c.Request().Context(), level, "request",
			slog.String("method", c.Request().Method), slog.String("route", route),
			slog.Int("status", status), slog.Duration("duration", elapsed))
		return nil
	}
}

// recoverPanics turns a panic in a handler into a 500 page and a log line.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if err, ok := r.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(r)
				}
				s.log.Error("panic", "route", c.Path(), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}
