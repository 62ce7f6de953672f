package web

import (
	"fmt"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// forum lists a forum's topics, pinned first, a page at a time.
func (s *Server) forum(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if done, err := s.cachedContent(c, "forum"); done || err != nil {
		return err
	}
	ctx := c.Request().Context()
	f, err := s.store.Forum(ctx, id)
	if err != nil {
		return err
	}
	base := fmt.Sprintf("/f/%d", f.ID)
	p := forumPage{Page: s.page(c, f.Name), Forum: f, State: f.State(s.store.Now())}
	if me := p.Account; me != nil {
		p.Hosting = me.IsAdmin() || me.Hosts(f.ID)
	}
	if f.Kind == forum.KindExpert {
		if p.Announcements, err = s.store.Announcements(ctx, f.ID); err != nil {
			return err
		}
		// Its topics are questions (answers.go).
		if err := s.questions(c, &p); err != nil {
			return err
		}
		base = p.Questions.address()
	} else if p.Topics, err = s.store.ForumTopics(ctx, id, c.QueryParam("after"), c.QueryParam("before")); err != nil {
		return err
	}
	p.Breadcrumbs = []Crumb{{"Forums", "/"}, {f.GroupName, fmt.Sprintf("/g/%d", f.GroupID)}, {f.Name, ""}}
	p.Feeds = []FeedLink{{"Latest topics in " + f.Name, fmt.Sprintf("/feeds/forums/%d.atom", f.ID)}}
	p.Pagination = Pagination{Label: "Pages of topics", What: "topics",
		Prev: pageLink(base, "before", p.Topics.Prev), Next: pageLink(base, "after", p.Topics.Next)}
	return s.renderShared(c, "forum", &p.Page, &p)
}
