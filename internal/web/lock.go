package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// Locking a topic, so that nobody replies to it, and unlocking it.

func (s *Server) setLocked(locked bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		if err := s.store.SetLocked(c.Request().Context(), *account(c), id, locked); err != nil {
			return err
		}
		if locked {
			s.flash(c, "locked")
		} else {
			s.flash(c, "unlocked")
		}
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/t/%d", id))
	}
}
