package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// group shows one core-outcome group and its forums.
func (s *Server) group(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	g, err := s.store.Group(c.Request().Context(), id)
	if err != nil {
		return err
	}
	p := groupPage{Page: s.page(c, g.Name), Group: g}
	p.Breadcrumbs = []Crumb{{"Forums", "/"}, {g.Name, ""}}
	return s.views.render(c.Response(), http.StatusOK, "group", p)
}
