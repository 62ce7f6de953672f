package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// localPath returns target when it is a path on this site, and fallback
// otherwise. Every redirect to a place a request names (the sign-in's next,
// a form's return, the trailing-slash redirect) goes through here, so that
// no one can make a link to the forum that lands somewhere else.
//
// The test is what browsers do, not what a prefix looks like: browsers drop
// tab, CR and LF anywhere in a URL and read a backslash as a slash, so
// "/\t/evil.example" and "/\evil.example" are "//evil.example" to them, a
// page on another site. A path the forum made, or a browser sent, is
// printable ASCII (anything else arrives percent-encoded), so any other
// byte is refused outright; then net/url must read it as an absolute path
// with no scheme and no host, and so must the path it decodes to, in case
// something along the way decodes it before it reaches a browser.
func localPath(target, fallback string) string {
	if !plainASCII(target) || !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") {
		return fallback
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return fallback
	}
	if !plainASCII(u.Path) || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return fallback
	}
	return target
}

// plainASCII reports whether s holds only printable ASCII other than the
// space and the backslash.
func plainASCII(s string) bool {
	for i := range len(s) {
		if b := s[i]; b <= ' ' || b >= 0x7f || b == '\\' {
			return false
		}
	}
	return true
}

// removeTrailingSlash sends "/t/1/" to "/t/1" for good, as echo's own
// middleware does, but builds the new address from the path as it was sent
// (still percent-encoded) and passes it through localPath: "/%09/x.example/"
// must not become a Location a browser reads as "//x.example".
func removeTrailingSlash(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		u := c.Request().URL
		p := u.EscapedPath()
		if len(p) < 2 || !strings.HasSuffix(p, "/") {
			return next(c)
		}
		target := strings.TrimRight(p, "/")
		if u.RawQuery != "" {
			target += "?" + u.RawQuery
		}
		return c.Redirect(http.StatusMovedPermanently, localPath(target, "/"))
	}
}
