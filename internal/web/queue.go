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

// queuePageSize is how many waiting posts the queue shows at once.
const queuePageSize = 50

type queuePage struct {
	Page
	Items  []template.HTML // rendered entries (queue_items.go)
	Groups []forum.Group
	Filter store.QueueFilter
	Total  int64
	// Return is this page's own address, where its forms send the
	// moderator back to; Next the page after it, First the queue's first
	// page when this is a later one.
	Return, Next, First string
}

func (s *Server) queue(c echo.Context) error {
	ctx := c.Request().Context()
	me := *account(c)
	p := queuePage{Page: s.page(c, "Moderation queue")}
	p.Nav = "mod"
	p.Filter.GroupID, _ = strconv.ParseInt(c.QueryParam("group"), 10, 64)
	p.Filter.ForumID, _ = strconv.ParseInt(c.QueryParam("forum"), 10, 64)
	p.Filter.After, _ = strconv.ParseInt(c.QueryParam("after"), 10, 64)
	items, err := s.store.Queue(ctx, me, p.Filter, queuePageSize)
	if err != nil {
		return err
	}
	p.Return = queueURL(p.Filter, p.Filter.After)
	if p.Filter.After != 0 {
		p.First = queueURL(p.Filter, 0)
	}
	if len(items) == queuePageSize {
		p.Next = queueURL(p.Filter, items[len(items)-1].PostID)
	}
	if p.Items, err = s.queueItemsHTML(items, p.CSRF, p.Return); err != nil {
		return err
	}
	if p.Total, err = s.store.QueueLength(ctx, &me); err != nil {
		return err
	}
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return err
	}
	for _, g := range groups {
		if me.Moderates(g.ID) {
			p.Groups = append(p.Groups, g)
		}
	}
	return s.views.render(c.Response(), http.StatusOK, "queue", p)
}

// queueURL is the queue filtered as f, from the post after `after` (0: from
// the oldest).
func queueURL(f store.QueueFilter, after int64) string {
	q := url.Values{}
	if f.GroupID != 0 {
		q.Set("group", strconv.FormatInt(f.GroupID, 10))
	}
	if f.ForumID != 0 {
		q.Set("forum", strconv.FormatInt(f.ForumID, 10))
	}
	if after != 0 {
		q.Set("after", strconv.FormatInt(after, 10))
	}
	if len(q) == 0 {
		return "/mod/queue"
	}
	return "/mod/queue?" + q.Encode()
}

// queueReturn is the queue page a moderator's form came from (its return
// field), as they had filtered and paged it, or the queue's first page.
func queueReturn(c echo.Context) string {
	if q := c.FormValue("return"); strings.HasPrefix(q, "/mod/queue") {
		return localPath(q, "/mod/queue")
	}
	return "/mod/queue"
}

// backToQueue returns the moderator to the queue page they were on.
func (s *Server) backToQueue(c echo.Context, flash string) error {
	s.flash(c, flash)
	return c.Redirect(http.StatusSeeOther, queueReturn(c))
}

func (s *Server) approve(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.Approve(c.Request().Context(), *account(c), id); err != nil {
		return err
	}
	return s.backToQueue(c, "approved")
}

func (s *Server) approveMany(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	chosen := ids(form["post"])
	if len(chosen) == 0 {
		return forum.Errorf(forum.EINVALID, "Tick the posts to approve first.")
	}
	r, err := s.store.ApproveMany(c.Request().Context(), *account(c), chosen)
	if err != nil {
		return err
	}
	switch {
	case r.Held > 0:
		return s.backToQueue(c, "bulk-held")
	case r.Skipped > 0 && r.Approved == 0:
		return s.backToQueue(c, "bulk-none")
	case r.Skipped > 0:
		return s.backToQueue(c, "bulk-some")
	}
	return s.backToQueue(c, "bulk-approved")
}

func (s *Server) decline(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	reason := forum.DeclineReasonText(c.FormValue("reason"))
	note, _ := forum.CleanText(c.FormValue("note"))
	switch {
	case reason == "":
		return forum.Errorf(forum.EINVALID, "Choose a reason for declining the post.")
	case c.FormValue("reason") == "other" && note == "":
		return forum.Errorf(forum.EINVALID, "Say in the note why the post is declined.")
	case note != "":
		reason += ". " + note
	}
	if err := s.store.Decline(c.Request().Context(), *account(c), id, reason); err != nil {
		return err
	}
	return s.backToQueue(c, "declined")
}

type modEditPage struct {
	Page
	Item forum.QueueItem
	Form postForm
}

func (s *Server) modEditPage(c echo.Context) (modEditPage, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return modEditPage{}, err
	}
	items, err := s.store.QueueItem(c.Request().Context(), *account(c), id)
	if err != nil {
		return modEditPage{}, err
	}
	p := modEditPage{Page: s.page(c, "Edit before approving"), Item: items}
	p.Nav = "mod"
	p.Breadcrumbs = []Crumb{{"Moderation queue", "/mod/queue"}, {"Edit before approving", ""}}
	return p, nil
}

func (s *Server) modEditForm(c echo.Context) error {
	p, err := s.modEditPage(c)
	if err != nil {
		return err
	}
	p.Form = postForm{Title: p.Item.TopicTitle, Body: p.Item.BodySource}
	return s.views.render(c.Response(), http.StatusOK, "mod_edit", p)
}

func (s *Server) modEdit(c echo.Context) error {
	p, err := s.modEditPage(c)
	if err != nil {
		return err
	}
	p.Form = readPostForm(c)
	if p.Form.previewing(c) {
		return s.views.render(c.Response(), http.StatusOK, "mod_edit", p)
	}
	if err := s.store.EditAndApprove(c.Request().Context(), *account(c), p.Item.PostID, p.Form.Title, p.Form.Body); err != nil {
		if forum.ErrorCode(err) == forum.ECONFLICT {
			return err // decided by someone else: nothing to fix in the form
		}
		return s.formProblem(c, "mod_edit", &p.Page, &p, err, "body")
	}
	s.flash(c, "edited-approved")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/t/%d#p%d", p.Item.TopicID, p.Item.PostID))
}

func (s *Server) redact(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	start, err1 := strconv.Atoi(c.FormValue("start"))
	end, err2 := strconv.Atoi(c.FormValue("end"))
	if err1 != nil || err2 != nil {
		return forum.Errorf(forum.EINVALID, "That redaction is not one the check found.")
	}
	if err := s.store.Redact(c.Request().Context(), *account(c), id, c.FormValue("field"), start, end, c.FormValue("text")); err != nil {
		return err
	}
	s.flash(c, "redacted")
	back := c.FormValue("return")
	if !strings.HasPrefix(back, "/mod/") {
		back = "/mod/queue"
	}
	return c.Redirect(http.StatusSeeOther, localPath(back, "/mod/queue")+fmt.Sprintf("#q%d", id))
}
