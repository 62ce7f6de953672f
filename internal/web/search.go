package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
	"forum/internal/store"
)

type searchPage struct {
	Page
	Query      string
	Searched   bool
	Message    string
	Filter     store.SearchFilter
	Groups     []forum.Group
	Results    store.SearchPage
	Number     int
	Pagination Pagination
}

// searchPagesMax bounds how deep search results page.
const searchPagesMax = 50

func (s *Server) search(c echo.Context) error {
	ctx := c.Request().Context()
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return err
	}
	p := searchPage{Page: s.page(c, "Search"), Query: c.QueryParam("q"), Groups: groups, Number: 1}
	p.Nav = "search"
	p.Filter.GroupID, _ = strconv.ParseInt(c.QueryParam("group"), 10, 64)
	p.Filter.ForumID, _ = strconv.ParseInt(c.QueryParam("forum"), 10, 64)
	if n, err := strconv.Atoi(c.QueryParam("page")); err == nil && n > 1 {
		p.Number = min(n, searchPagesMax)
	}
	if !c.QueryParams().Has("q") {
		return s.views.render(c.Response(), http.StatusOK, "search", p)
	}
	p.Searched = true
	// A search that cannot be made comes back with its reason and the
	// words as typed, like any form with a mistake in it.
	if msg := filterProblem(groups, p.Filter); msg != "" {
		p.Errors.Add("group", msg)
		return s.views.render(c.Response(), http.StatusUnprocessableEntity, "search", p)
	}
	q, msg := forum.ParseQuery(p.Query)
	if msg != "" {
		p.Errors.Add("q", msg)
		return s.views.render(c.Response(), http.StatusUnprocessableEntity, "search", p)
	}
	if p.Results, err = s.store.Search(ctx, q, p.Filter, p.Number); err != nil {
		return err
	}
	p.Title = "Search results for “" + p.Query + "”"
	link := func(n int) string {
		v := url.Values{"q": {p.Query}}
		if p.Filter.GroupID != 0 {
			v.Set("group", strconv.FormatInt(p.Filter.GroupID, 10))
		}
		if p.Filter.ForumID != 0 {
			v.Set("forum", strconv.FormatInt(p.Filter.ForumID, 10))
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		return "/search?" + v.Encode()
	}
	p.Pagination = Pagination{Label: "Pages of results", What: "results"}
	if p.Number > 1 {
		p.Pagination.Prev = link(p.Number - 1)
	}
	if p.Results.More && p.Number < searchPagesMax {
		p.Pagination.Next = link(p.Number + 1)
	}
	return s.views.render(c.Response(), http.StatusOK, "search", p)
}

// filterProblem checks the group and forum a search is narrowed to.
func filterProblem(groups []forum.Group, f store.SearchFilter) string {
	if f.GroupID == 0 && f.ForumID == 0 {
		return ""
	}
	groupOK, forumOK := f.GroupID == 0, f.ForumID == 0
	for _, g := range groups {
		if g.ID == f.GroupID {
			groupOK = true
		}
		for _, fo := range g.Forums {
			if fo.ID == f.ForumID && (f.GroupID == 0 || g.ID == f.GroupID) {
				forumOK = true
			}
		}
	}
	switch {
	case !groupOK:
		return "There is no such group to search in: choose one from the list"
	case !forumOK:
		return "There is no such forum in that group: choose one from the list"
	}
	return ""
}

// snippetHTML shows a search snippet with its matched words marked. Like
// highlight, it escapes every byte of text and adds only <mark>.
func snippetHTML(s string) template.HTML {
	escaped := template.HTMLEscapeString(s)
	escaped = strings.ReplaceAll(escaped, store.MarkStart, "<mark>")
	escaped = strings.ReplaceAll(escaped, store.MarkEnd, "</mark>")
	if strings.Count(escaped, "<mark>") != strings.Count(escaped, "</mark>") {
		return template.HTML(template.HTMLEscapeString(strings.NewReplacer(store.MarkStart, "", store.MarkEnd, "").Replace(s)))
	}
	return template.HTML(escaped)
}

func resultLink(r store.SearchResult) string {
	return fmt.Sprintf("/t/%d#p%d", r.TopicID, r.PostID)
}
