package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// topic shows a topic's approved posts, threaded, a page at a time.
func (s *Server) topic(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	t, err := s.store.Topic(ctx, id)
	if err != nil {
		return err
	}
	f, err := s.store.Forum(ctx, t.ForumID)
	if err != nil {
		return err
	}
	thread, err := s.store.Thread(ctx, id, c.QueryParam("after"), c.QueryParam("before"))
	if err != nil {
		return err
	}
	base := fmt.Sprintf("/t/%d", t.ID)
	p := topicPage{Page: s.page(c, t.Title), Forum: f, Topic: t, Thread: thread}
	p.Breadcrumbs = []Crumb{{"Forums", "/"}, {f.GroupName, fmt.Sprintf("/g/%d", f.GroupID)}, {f.Name, fmt.Sprintf("/f/%d", f.ID)}}
	p.Pagination = Pagination{Label: "Pages of this topic", What: "posts",
		Prev: pageLink(base, "before", thread.Prev), Next: pageLink(base, "after", thread.Next)}
	return s.views.render(c.Response(), http.StatusOK, "topic", p)
}
