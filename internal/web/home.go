package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// latestOnHome is how many recently active topics the home page lists.
const latestOnHome = 10

// home lists the groups with their forums and the latest approved topics.
func (s *Server) home(c echo.Context) error {
	ctx := c.Request().Context()
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return err
	}
	latest, err := s.store.LatestTopics(ctx, latestOnHome)
	if err != nil {
		return err
	}
	p := homePage{Page: s.page(c, "Discussion forums"), Groups: groups, Latest: latest}
	p.Nav = "home"
	p.Description = "Moderated discussion forums for people who support survivors of modern slavery, grouped by core outcome."
	return s.views.render(c.Response(), http.StatusOK, "home", p)
}
