package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// statusOf maps the forum's error codes to HTTP statuses.
func statusOf(err error) int {
	var fe *forum.Error
	var he *echo.HTTPError
	if !errors.As(err, &fe) && errors.As(err, &he) {
		return he.Code
	}
	switch forum.ErrorCode(err) {
	case forum.EINVALID:
		return http.StatusBadRequest
	case forum.ENOTFOUND:
		return http.StatusNotFound
	case forum.ECONFLICT:
		return http.StatusConflict
	case forum.EFORBIDDEN:
		return http.StatusForbidden
	case forum.EUNAUTH:
		return http.StatusUnauthorized
	case forum.ETOOMANY:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

var statusTitles = map[int]string{
	http.StatusBadRequest:            "There is a problem with that request",
	http.StatusUnauthorized:          "Sign in to do that",
	http.StatusForbidden:             "You cannot do that",
	http.StatusNotFound:              "Page not found",
	http.StatusMethodNotAllowed:      "That cannot be done here",
	http.StatusConflict:              "That has changed",
	http.StatusRequestEntityTooLarge: "That is too long",
	http.StatusTooManyRequests:       "Too many requests",
	http.StatusServiceUnavailable:    "Sorry, the forum is unavailable",
}

// handleError is echo's one error handler: every failed request ends here
// and gets an HTML page, never echo's default JSON.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := statusOf(err)
	title, ok := statusTitles[status]
	if !ok {
		status, title = http.StatusInternalServerError, "Sorry, something went wrong"
	}
	message := forum.ErrorMessage(err)
	var fe *forum.Error
	var he *echo.HTTPError
	switch {
	case status >= 500:
		s.log.Error("request failed", "method", c.Request().Method, "route", c.Path(), "status", status, "err", err)
		message = "Something went wrong on our side. Nothing you sent was lost or half-saved. Please try again in a moment."
	case status == http.StatusNotFound:
		message = "The page may have been moved or removed, or the address may be wrong."
	case !errors.As(err, &fe) && errors.As(err, &he):
		message = statusMessage(status)
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	page := errorPage{Page: s.page(c, title), Message: message, Onward: "/", OnwardText: "Go to the forums"}
	if me := account(c); me != nil && me.IsModerator() && strings.HasPrefix(c.Request().URL.Path, "/mod/") {
		// A moderator whose decision met another's goes back to the
		// queue page they were working on.
		page.Onward, page.OnwardText = queueReturn(c), "Back to the moderation queue"
		if status == http.StatusConflict && isDecision(c.Path()) {
			// Someone else decided the post: on to the one after it.
			if id, err := idParam(c, "id"); err == nil {
				page.Onward = s.queuePlace(c, id)
			}
		}
	}
	if rerr := s.views.render(c.Response(), status, "error", page); rerr != nil {
		s.log.Error("rendering the error page failed", "err", rerr)
		_ = c.String(status, title)
	}
}

func statusMessage(status int) string {
	switch status {
	case http.StatusRequestEntityTooLarge:
		return "What you sent is longer than the forum accepts. Shorten it and try again."
	case http.StatusMethodNotAllowed:
		return "That address does not take this kind of request."
	}
	return http.StatusText(status) + "."
}

// isDecision reports whether route decides on a waiting post.
func isDecision(route string) bool {
	switch route {
	case "/mod/posts/:id/approve", "/mod/posts/:id/decline", "/mod/posts/:id/edit":
		return true
	}
	return false
}
