package web

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// The members' fragment cache. A practitioner's reading pages differ from
// a visitor's only in the header (their name, their notifications, their
// form token) and in offering Reply and Report, which every practitioner
// who is not suspended is offered alike. So the main content of those
// pages is rendered once per kind of reader and kept like the visitors'
// pages, until the store's generation moves on or a minute passes; the
// layout around it is rendered for each member. Moderators, hosts and
// admins see controls of their own and are never served from it.

type fragment struct {
	Title  string
	Feeds  []FeedLink
	HTML   template.HTML
	Status int
	// marks are the marks in HTML (marks.go), found once when it was
	// rendered rather than on every page served from it.
	marks []mark
}

// fragmentKey says which cached content a signed-in reader may share, or
// "" when they must have their own.
func (s *Server) fragmentKey(c echo.Context) string {
	me := account(c)
	if me == nil || me.Role != forum.RolePractitioner || len(me.HostedForums) > 0 {
		return ""
	}
	return fmt.Sprintf("member:%t:%s", me.Suspended(s.store.Now()), c.Request().URL.RequestURI())
}

// cachedContent serves a page from a cached fragment when it can: it
// renders the layout for this member around content rendered for all.
func (s *Server) cachedContent(c echo.Context, page string) (bool, error) {
	key := s.fragmentKey(c)
	if key == "" {
		return false, nil
	}
	cp := s.pages.get(key, s.store.Generation(), s.store.Now())
	if cp == nil || cp.fragment == nil {
		return false, nil
	}
	// The layout is given the Page itself, not a struct that embeds it:
	// the template looks each field up by name on every page, and a field
	// of an embedded struct is a slow search that allocates.
	p := s.page(c, cp.fragment.Title)
	p.Feeds, p.Content = cp.fragment.Feeds, cp.fragment.HTML
	return true, s.views.renderAround(c.Response(), http.StatusOK, page, &p, cp.fragment.marks)
}

// renderShared renders a reading page; for a practitioner it keeps the
// main content for the next practitioner who reads the same page.
func (s *Server) renderShared(c echo.Context, page string, p *Page, data any) error {
	if key := s.fragmentKey(c); key != "" {
		html, err := s.views.renderContent(page, data)
		if err != nil {
			return err
		}
		f := &fragment{Title: p.Title, Feeds: p.Feeds, HTML: html, marks: findMarks(string(html))}
		s.keepPage(c, key, &cachedPage{fragment: f})
		p.Content = html
		// Around the content, the layout needs only the Page, as it has
		// when served from the cache (cachedContent).
		return s.views.renderAround(c.Response(), http.StatusOK, page, p, f.marks)
	}
	return s.views.render(c.Response(), http.StatusOK, page, data)
}
