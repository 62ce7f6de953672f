package web

import (
	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// latestOnHome is how many recently active topics the home page lists.
const latestOnHome = 5

// home lists the groups with their forums and the latest approved topics.
func (s *Server) home(c echo.Context) error {
	if done, err := s.cachedContent(c, "home"); done || err != nil {
		return err
	}
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
	now := s.store.Now()
	for _, g := range groups {
		for _, f := range g.Forums {
			if st := f.State(now); st == forum.StateLive || st == forum.StateUpcoming {
				p.Experts = append(p.Experts, expertForum{Forum: f, State: st})
			}
		}
	}
	if set, err := s.siteSettings(ctx); err == nil && set.FeaturedGroupID != 0 {
		for i := range groups {
			if groups[i].ID == set.FeaturedGroupID {
				p.Featured, p.FeaturedText = &groups[i], set
			}
		}
	}
	p.Nav = "home"
	p.Description = "Moderated discussion forums for people who support survivors of modern slavery, grouped by core outcome."
	return s.renderShared(c, "home", &p.Page, &p)
}
