package web

import (
	"fmt"
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
	p.Feeds = []FeedLink{{"Latest topics in " + g.Name, fmt.Sprintf("/feeds/groups/%d.atom", g.ID)}}
	return s.views.render(c.Response(), http.StatusOK, "group", p)
}
