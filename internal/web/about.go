package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// textPage serves a page of fixed text, such as the privacy page.
func (s *Server) textPage(name, title string) echo.HandlerFunc {
	return func(c echo.Context) error {
		return s.views.render(c.Response(), http.StatusOK, name, textPage{Page: s.page(c, title)})
	}
}
