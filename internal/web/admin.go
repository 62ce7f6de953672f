package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// adminPage is the administration index, which links to the admin's pages:
// groups and forums (admin_groups.go, admin_forums.go), people and roles
// (people.go), decline reasons, invite codes and site settings.
type adminPage struct {
	Page
}

func (s *Server) adminIndex(c echo.Context) error {
	p := adminPage{Page: s.page(c, "Administration")}
	p.Nav = "admin"
	return s.views.render(c.Response(), http.StatusOK, "admin", p)
}
