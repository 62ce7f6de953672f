package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
)

// Writing a post can take longer than a session lasts without activity
// (an hour). What was typed must not be lost when the session has ended by
// the time it is sent: the forum answers with the sign-in form, carrying
// the words in the page itself (never in the browser's storage, never on
// the server), and after signing in shows them again in their form,
// unsent, to be checked and sent.

// resumeRoutes are the forms whose words are carried across signing in
// again: each takes action=preview, which shows the form filled.
var resumeRoutes = []string{"/f/:id/new", "/t/:id/reply", "/my/posts/:id/edit"}

// carriedFields are the fields of those forms that are carried. The
// personal-data confirmation is not: it is given again, on the preview.
var carriedFields = []string{"title", "body", "content_note", "has_note", "anonymous", "to", "submission"}

// carriedPrefix marks a carried field in the sign-in form.
const carriedPrefix = "carry-"

// carried is one field of an unsent form.
type carried struct {
	Name, Value string
}

// carriedFrom reads the fields worth carrying from a form sent to a
// resumable route, or nil when there is nothing typed to keep.
func carriedFrom(c echo.Context, prefix string) []carried {
	var out []carried
	typed := false
	for _, name := range carriedFields {
		v := c.FormValue(prefix + name)
		if v == "" {
			continue
		}
		out = append(out, carried{name, v})
		typed = typed || (name == "title" || name == "body") && strings.TrimSpace(v) != ""
	}
	if !typed {
		return nil
	}
	return out
}

// resumable reports whether a form sent without a session to path (a
// route pattern) carries words worth keeping.
func resumable(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && slices.Contains(resumeRoutes, c.Path())
}

// signInToSend answers a resumable form that came without a session: the
// sign-in page, saying why, with the words carried to the form they came
// from. Status 401: nothing was done.
func (s *Server) signInToSend(c echo.Context, message string) error {
	p := loginPage{Page: s.page(c, "Sign in to send your post"), Next: c.Request().URL.Path, Carried: carriedFrom(c, ""), Notice: message}
	p.Nav = "login"
	return s.views.render(c.Response(), http.StatusUnauthorized, "login", p)
}

// resumePage is shown after signing in again: the carried words, in a
// form to the page they came from, which opens it filled and unsent.
type resumePage struct {
	Page
	Action  string
	Carried []carried
}

// resume answers a sign-in that carried an unsent form.
func (s *Server) resume(c echo.Context, action string, fields []carried) error {
	p := resumePage{Page: s.page(c, "Your post is not sent yet"), Action: action, Carried: fields}
	return s.views.render(c.Response(), http.StatusOK, "resume", p)
}

// resumeTarget is the form a carried sign-in returns to: a resumable
// route's path on this site, or "".
func (s *Server) resumeTarget(path string) string {
	if localPath(path, "") != path {
		return ""
	}
	for _, r := range s.Routes() {
		if r.Method == http.MethodPost && slices.Contains(resumeRoutes, r.Path) && matchesPattern(r.Path, path) {
			return path
		}
	}
	return ""
}

// matchesPattern reports whether path fits a route pattern whose
// parameters are one path segment each.
func matchesPattern(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i := range ps {
		if strings.HasPrefix(ps[i], ":") {
			if xs[i] == "" {
				return false
			}
			continue
		}
		if ps[i] != xs[i] {
			return false
		}
	}
	return true
}
