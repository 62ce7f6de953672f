package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// topic shows a topic's approved posts, threaded, a page at a time.
func (s *Server) topic(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if done, err := s.cachedContent(c, "topic"); done || err != nil {
		return err
	}
	p, err := s.topicPage(c, id, c.QueryParam("after"), c.QueryParam("before"))
	if err != nil {
		return err
	}
	return s.renderShared(c, "topic", &p.Page, &p)
}

// topicPage is a page of a topic's thread, from the post after `after` or
// before `before` (neither: the first page), as the reader may act on it.
func (s *Server) topicPage(c echo.Context, id int64, after, before string) (topicPage, error) {
	ctx := c.Request().Context()
	t, err := s.store.Topic(ctx, id)
	if err != nil {
		return topicPage{}, err
	}
	f, err := s.store.Forum(ctx, t.ForumID)
	if err != nil {
		return topicPage{}, err
	}
	thread, err := s.store.Thread(ctx, id, after, before)
	if err != nil {
		return topicPage{}, err
	}
	base := fmt.Sprintf("/t/%d", t.ID)
	p := topicPage{Page: s.page(c, t.Title), Forum: f, Topic: t, State: f.State(s.store.Now())}
	if me := p.Account; me != nil {
		p.CanReply = !t.Locked && !me.Suspended(s.store.Now()) && p.State != forum.StateClosed
		p.Moderates = me.Moderates(f.GroupID)
		p.Hosting = me.IsAdmin() || me.Hosts(f.ID)
	}
	for _, post := range thread.Posts {
		approved := post.Status == forum.StatusApproved
		item := postItem{Post: post, CanReply: p.CanReply && approved, CanReport: p.Account != nil && approved, Moderates: p.Moderates}
		if post.Opening {
			p.Opening = &item
			continue
		}
		p.Replies = append(p.Replies, item)
	}
	if err := s.questionOf(c, &p, thread.Prev == ""); err != nil {
		return topicPage{}, err
	}
	p.Breadcrumbs = []Crumb{{"Forums", "/"}, {f.GroupName, fmt.Sprintf("/g/%d", f.GroupID)}, {f.Name, fmt.Sprintf("/f/%d", f.ID)}}
	p.Pagination = Pagination{Label: "Pages of this topic", What: "posts",
		Prev: pageLink(base, "before", thread.Prev), Next: pageLink(base, "after", thread.Next)}
	return p, nil
}

// permalink sends a reader to a published post where it is: the page of its
// topic that shows it, at the post. A post that is not published (waiting,
// declined, hidden, erased) or is in a topic readers cannot see answers as
// one that never was.
func (s *Server) permalink(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	place, err := s.store.PlaceOfPost(c.Request().Context(), id)
	if err != nil {
		return err
	}
	topic := fmt.Sprintf("/t/%d", place.TopicID)
	if place.After != "" {
		topic = pageLink(topic, "after", place.After)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s#p%d", topic, id))
}
