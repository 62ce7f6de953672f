package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// notificationsLimit bounds the notifications list.
const notificationsLimit = 100

type notificationsPage struct {
	Page
	Notifications []forum.Notification
}

func (s *Server) notifications(c echo.Context) error {
	list, err := s.store.Notifications(c.Request().Context(), account(c).ID, notificationsLimit)
	if err != nil {
		return err
	}
	p := notificationsPage{Page: s.page(c, "Notifications"), Notifications: list}
	p.Nav = "notifications"
	return s.views.render(c.Response(), http.StatusOK, "notifications", p)
}

// markRead marks one notification read (id in the form) or all of them.
func (s *Server) markRead(c echo.Context) error {
	id, _ := strconv.ParseInt(c.FormValue("id"), 10, 64)
	if err := s.store.MarkNotificationsRead(c.Request().Context(), account(c).ID, id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/notifications")
}
