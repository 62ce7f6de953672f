package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// What is new since a member last read (issue 17, item 4): the marks on
// reading pages are settled in marks.go; these are the two requests.

// firstUnread sends a member to the first post of a topic they have not
// read, in thread order, on the page that shows it; to the topic's start
// when they have read it all.
func (s *Server) firstUnread(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.store.Topic(ctx, id); err != nil {
		return err
	}
	me := account(c)
	since := s.store.ReadSince(*me)
	read, err := s.store.ReadUpTo(ctx, me.ID, []int64{id})
	if err != nil {
		return err
	}
	if at, ok := read[id]; ok && at.After(since) {
		since = at
	}
	post, err := s.store.FirstUnread(ctx, id, since)
	if err != nil {
		return err
	}
	if post == 0 {
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/t/%d", id))
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/p/%d", post))
}

// markAllRead makes everything published so far read for the member.
func (s *Server) markAllRead(c echo.Context) error {
	if err := s.store.MarkAllRead(c.Request().Context(), account(c).ID); err != nil {
		return err
	}
	s.flash(c, "all-read")
	return c.Redirect(http.StatusSeeOther, "/")
}
