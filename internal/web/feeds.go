package web

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
	"forum/internal/store"
)

// Atom 1.0 feeds of the latest approved topics: the whole site, a group or
// a forum. Times are as coarse as the pages': the day, or the week.

// feedSize is how many topics a feed holds.
const feedSize = 30

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  *atomAuthor `xml:"author,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Link      atomLink   `xml:"link"`
	Author    atomAuthor `xml:"author"`
	Category  atomCat    `xml:"category"`
	Content   atomText   `xml:"content"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// coarse rounds a time down to what readers may know of it: the start of
// its day, or with weekly of its week, in the site's time zone.
func (s *Server) coarse(t time.Time, weekly bool) time.Time {
	t = t.In(s.opts.TimeZone)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, s.opts.TimeZone)
	if weekly {
		day = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	}
	return day
}

func (s *Server) feedLatest(c echo.Context) error {
	return s.feed(c, "Latest topics", "/feeds/latest.atom", "/", 0, 0)
}

// feedFile reads an id from a path segment such as "12.atom", as
// idParam reads one from a segment of its own.
func feedFile(c echo.Context) (int64, error) {
	name, ok := strings.CutSuffix(c.Param("file"), ".atom")
	if !ok {
		return 0, forum.ErrNotFound
	}
	return parseID(name)
}

func (s *Server) feedGroup(c echo.Context) error {
	id, err := feedFile(c)
	if err != nil {
		return err
	}
	g, err := s.store.Group(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return s.feed(c, g.Name, fmt.Sprintf("/feeds/groups/%d.atom", id), fmt.Sprintf("/g/%d", id), id, 0)
}

func (s *Server) feedForum(c echo.Context) error {
	id, err := feedFile(c)
	if err != nil {
		return err
	}
	f, err := s.store.Forum(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return s.feed(c, f.GroupName+": "+f.Name, fmt.Sprintf("/feeds/forums/%d.atom", id), fmt.Sprintf("/f/%d", id), 0, id)
}

func (s *Server) feed(c echo.Context, title, self, page string, groupID, forumID int64) error {
	ctx := c.Request().Context()
	set, err := s.siteSettings(ctx) // for the time coarseness
	if err != nil {
		return err
	}
	weekly := set.TimeCoarseness == "week"
	entries, err := s.store.FeedTopics(ctx, groupID, forumID, feedSize)
	if err != nil {
		return err
	}
	base := s.opts.BaseURL
	if base == "" { // a server built without one, in tests: the request's own
		base = c.Scheme() + "://" + c.Request().Host
	}
	feed := atomFeed{ID: base + self, Title: s.opts.SiteName + ": " + title,
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + self}, {Rel: "alternate", Type: "text/html", Href: base + page}},
		Author: &atomAuthor{Name: s.opts.SiteName}}
	updated := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, e := range entries {
		at := s.coarse(e.ApprovedAt, weekly)
		if at.After(updated) {
			updated = at
		}
		feed.Entries = append(feed.Entries, atomEntry{
			ID: fmt.Sprintf("%s/t/%d", base, e.ID), Title: e.Title,
			Updated: at.Format(time.RFC3339), Published: at.Format(time.RFC3339),
			Link:     atomLink{Rel: "alternate", Type: "text/html", Href: fmt.Sprintf("%s/t/%d", base, e.ID)},
			Author:   atomAuthor{Name: e.Author},
			Category: atomCat{Term: e.GroupName},
			Content:  atomText{Type: "html", Body: entryContent(e)},
		})
	}
	feed.Updated = updated.Format(time.RFC3339)
	b, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), b...))
}

// entryContent is the opening post's HTML, sanitised when it was written.
func entryContent(e store.FeedEntry) string {
	return e.BodyHTML
}
