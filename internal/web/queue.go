package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
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
	// BulkError says why approving the selected posts was refused.
	BulkError string
	// Done confirms the moderator's last decision. It is shown in the bar
	// that stays in view, since the page opens at the post after the one
	// decided, not at its top where the confirmation usually is.
	Done string
	// SelectAll: every post that may be approved together is ticked (the
	// moderator chose "Select all" without the script); Pickable is how
	// many there are.
	SelectAll bool
	Pickable  int
	// Changes are authors' changes to their published posts, waiting
	// (changes.go), on the queue's first page.
	Changes []changeView
}

func (s *Server) queue(c echo.Context) error {
	p, err := s.queuePage(c, queueFilterOf(c.QueryParams()), nil, c.QueryParam("select") == "all")
	if err != nil {
		return err
	}
	return s.views.render(c.Response(), http.StatusOK, "queue", p)
}

// queueFilterOf reads the queue's filters, and the place in it, from the
// query of a queue page's address.
func queueFilterOf(q url.Values) store.QueueFilter {
	var f store.QueueFilter
	f.GroupID, _ = strconv.ParseInt(q.Get("group"), 10, 64)
	f.ForumID, _ = strconv.ParseInt(q.Get("forum"), 10, 64)
	f.After, _ = strconv.ParseInt(q.Get("after"), 10, 64)
	return f
}

// queuePage is the queue as filtered and paged by f. With open, the entry
// of open's post shows its decline form as the moderator sent it, with
// what was wrong; the entry is on the page even if the filters would
// leave it out. With selectAll, the entries' checkboxes are ticked.
func (s *Server) queuePage(c echo.Context, f store.QueueFilter, open *declineForm, selectAll bool) (queuePage, error) {
	ctx := c.Request().Context()
	me := *account(c)
	p := queuePage{Page: s.page(c, "Moderation queue"), Filter: f, SelectAll: selectAll}
	p.Nav = "mod"
	items, err := s.store.Queue(ctx, me, f, queuePageSize)
	if err != nil {
		return p, err
	}
	p.Return = queueURL(f, f.After)
	if f.After != 0 {
		p.First = queueURL(f, 0)
	}
	if len(items) == queuePageSize {
		p.Next = queueURL(f, items[len(items)-1].PostID)
	}
	if open != nil && !slices.ContainsFunc(items, func(it forum.QueueItem) bool { return it.PostID == open.PostID }) {
		items = append([]forum.QueueItem{open.item}, items...)
	}
	reasons, err := s.store.DeclineReasons(ctx)
	if err != nil {
		return p, err
	}
	if p.Items, err = s.queueItemsHTML(items, reasons, p.CSRF, p.Return, p.WeeklyDates, open, selectAll); err != nil {
		return p, err
	}
	if len(p.Items) > 0 {
		p.Done, p.Flash = p.Flash, ""
	}
	for _, it := range p.Items {
		if strings.Contains(string(it), ` id="pick-`) { // ticked or not
			p.Pickable++
		}
	}
	if p.Total, err = s.store.QueueLength(ctx, &me); err != nil {
		return p, err
	}
	if err := s.changesFor(c, &p, 0, changeDecline{}); err != nil {
		return p, err
	}
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return p, err
	}
	for _, g := range groups {
		if me.Moderates(g.ID) {
			p.Groups = append(p.Groups, g)
		}
	}
	return p, nil
}

// queueProblem shows again the queue page a moderator's form came from, as
// they had filtered and paged it, with the error summary: with open, that
// post's decline form open with what they chose and typed, its fields
// marked; without, the bulk approval's error, linked to the first post
// that can be ticked.
func (s *Server) queueProblem(c echo.Context, err error, open *declineForm) error {
	back, _ := url.Parse(queueReturn(c))
	if open != nil {
		// As the moderator may see it: the post must still be waiting, in
		// their groups, for its form to be worth fixing.
		it, ierr := s.store.QueueItem(c.Request().Context(), *account(c), open.PostID)
		if ierr != nil {
			return ierr
		}
		fe := forum.FieldErrorsOf(err)
		open.item, open.Open, open.ReasonError, open.NoteError = it, true, fe.For("reason"), fe.For("note")
		if check := checkOf(c); len(check.Findings) > 0 {
			open.Check = checkView{wordsCheck: check, Error: fe.For(check.ConfirmID())}
		}
		err = onPage(err, map[string]string{"reason": fmt.Sprintf("reason-%d", open.PostID), "note": fmt.Sprintf("note-%d", open.PostID)})
	}
	p, perr := s.queuePage(c, queueFilterOf(back.Query()), open, false)
	if perr != nil {
		return perr
	}
	if open == nil {
		fe := forum.FieldErrorsOf(err)
		p.BulkError = fe.For("post")
		err = onPage(err, map[string]string{"post": firstPick(p.Items)})
	}
	return s.formProblem(c, "queue", &p.Page, &p, err, "")
}

// firstPick is the id of the first checkbox of the queue's entries (the
// checkbox of an entry that can be approved with others), where the
// summary of a bulk approval's error leads; without one, the bulk
// approval's button.
func firstPick(items []template.HTML) string {
	for _, it := range items {
		if _, after, ok := strings.Cut(string(it), pickMark); ok {
			id, _, _ := strings.Cut(after, `"`)
			return "pick-" + id
		}
	}
	return "bulk-approve"
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
// field), as they had filtered and paged it, or the queue's first page;
// without a fragment, for the place in the page is the server's to say.
func queueReturn(c echo.Context) string {
	var f returnForm
	if err := c.Bind(&f); err != nil {
		// Only a hand-made form cannot be read; its handler says so, and
		// it has no page of the queue to go back to.
		return "/mod/queue"
	}
	q, _, _ := strings.Cut(f.Return, "#")
	if strings.HasPrefix(q, "/mod/queue") {
		return localPath(q, "/mod/queue")
	}
	return "/mod/queue"
}

// queuePlace is where a moderator goes back to after deciding on the post
// decided (approving, declining, or editing then approving it, or finding
// that another moderator had): the queue page they came from, at the post
// after it, so that they carry on where they were (the browser scrolls to
// the fragment; the script gives that post the focus). The post decided
// has left the page, so "after it" is the first post still waiting after
// it under the page's filters, whatever other moderators decided since;
// after the last one, the one before it; with none left, the page alone.
func (s *Server) queuePlace(c echo.Context, decided int64) string {
	back := queueReturn(c)
	u, err := url.Parse(back)
	if err != nil || decided == 0 {
		return back
	}
	ctx, me := c.Request().Context(), *account(c)
	f := queueFilterOf(u.Query())
	page := f.After
	f.After = decided
	if next, err := s.store.NextInQueue(ctx, me, f); err == nil && next != 0 {
		return back + "#q" + strconv.FormatInt(next, 10)
	}
	f.After = page
	if left, err := s.store.Queue(ctx, me, f, queuePageSize); err == nil && len(left) > 0 {
		return back + "#q" + strconv.FormatInt(left[len(left)-1].PostID, 10)
	}
	return back
}

// backToQueue returns the moderator to the queue page they were on, at the
// post after decided (0 for none: after approving several).
func (s *Server) backToQueue(c echo.Context, flash string, decided int64) error {
	s.flash(c, flash)
	return c.Redirect(http.StatusSeeOther, s.queuePlace(c, decided))
}

func (s *Server) approve(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.Approve(c.Request().Context(), *account(c), id); err != nil {
		return err
	}
	return s.backToQueue(c, "approved", id)
}

// approveManyForm is the queue's form that approves the ticked posts
// together: their public ids, each from its entry's checkbox. The queue
// page to go back to is its return field, read by queueReturn as for every
// queue form.
type approveManyForm struct {
	Posts []string `form:"post"`
}

func (s *Server) approveMany(c echo.Context) error {
	var form approveManyForm
	if err := bind(c, &form); err != nil {
		return err
	}
	// What is not a post's id was not ticked on any page: it is left out,
	// as a post that has left the queue is.
	chosen := ids(form.Posts)
	if len(chosen) == 0 {
		var fe forum.FieldErrors
		fe.Add("post", "Tick the posts to approve first")
		return s.queueProblem(c, fe.Err(), nil)
	}
	r, err := s.store.ApproveMany(c.Request().Context(), *account(c), chosen)
	if err != nil {
		return err
	}
	switch {
	case r.Held > 0:
		return s.backToQueue(c, "bulk-held", 0)
	case r.Skipped > 0 && r.Approved == 0:
		return s.backToQueue(c, "bulk-none", 0)
	case r.Skipped > 0:
		return s.backToQueue(c, "bulk-some", 0)
	}
	return s.backToQueue(c, "bulk-approved", 0)
}

func (s *Server) decline(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	form, err := bindDeclineForm(c, id)
	if err != nil {
		return err
	}
	reasons, err := s.store.DeclineReasons(c.Request().Context())
	if err != nil {
		return err
	}
	reason, err := forum.DeclineReasonFor(reasons, form.Reason, form.Note)
	if err == nil {
		// The note is for the author.
		_, err = checkWords(c, fmt.Sprintf("decline-%d", id), words{"note", "note", form.Note})
	}
	if err == nil {
		err = s.store.Decline(c.Request().Context(), *account(c), id, reason)
	}
	if err != nil {
		if !fixable(err) {
			return err
		}
		return s.queueProblem(c, err, &form)
	}
	return s.backToQueue(c, "declined", id)
}

// bindDeclineForm reads the decline form of the queue entry of post id:
// the preset reason's key and the free note.
func bindDeclineForm(c echo.Context, id int64) (declineForm, error) {
	f := declineForm{PostID: id}
	err := bind(c, &f)
	return f, err
}

// declineForm is the decline form of one queue entry as a moderator sent
// it, when it comes back to be fixed: the reason's key and the note as
// sent, and what is wrong with each.
type declineForm struct {
	PostID                 int64
	Open                   bool
	Reason                 string `form:"reason"`
	Note                   string `form:"note"`
	ReasonError, NoteError string
	// Check is what the personal-data check found in the note.
	Check checkView
	item  forum.QueueItem
}

type modEditPage struct {
	Page
	Item forum.QueueItem
	Form postForm
	// Return is the queue page the moderator came from, and goes back to.
	Return string
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
	p := modEditPage{Page: s.page(c, "Edit before approving"), Item: items, Return: queueReturn(c)}
	p.Nav = "mod"
	// Back in the queue, at the post being edited.
	p.Breadcrumbs = []Crumb{{"Moderation queue", p.Return + "#q" + strconv.FormatInt(id, 10)}, {"Edit before approving", ""}}
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
	if p.Form, err = bindPost(c); err != nil {
		return err
	}
	p.Form.HasNote, p.Form.ContentNote = false, ""
	if !p.Item.Opening {
		p.Form.Title = ""
	}
	// What the moderator publishes is checked as what the author wrote.
	checkErr := p.Form.checked(c, &p.Page, "post")
	if p.Form.previewing() {
		return s.views.render(c.Response(), http.StatusOK, "mod_edit", p)
	}
	if checkErr != nil {
		return s.formProblem(c, "mod_edit", &p.Page, &p, checkErr, "confirm_pii")
	}
	if err := s.store.EditAndApprove(c.Request().Context(), *account(c), p.Item.PostID, p.Form.Title, p.Form.Body); err != nil {
		if forum.ErrorCode(err) == forum.ECONFLICT {
			return err // decided by someone else: nothing to fix in the form
		}
		return s.formProblem(c, "mod_edit", &p.Page, &p, err, "body")
	}
	return s.backToQueue(c, "edited-approved", p.Item.PostID)
}

// redactForm is the Redact button of one finding of the personal-data
// check in a queue entry: the field the words are in, where they start and
// end in it (byte offsets, as the check found them), the words, and the
// moderation page to go back to. The offsets are kept as sent, so that
// span can say what is wrong with them in words of its own.
type redactForm struct {
	Field  string `form:"field"`
	Start  string `form:"start"`
	End    string `form:"end"`
	Text   string `form:"text"`
	Return string `form:"return"`
}

// span reads the offsets. Only a hand-made form sends ones that are not
// numbers; the store checks the rest against the post.
func (f redactForm) span() (start, end int, err error) {
	start, err1 := strconv.Atoi(f.Start)
	end, err2 := strconv.Atoi(f.End)
	if err1 != nil || err2 != nil {
		return 0, 0, forum.Errorf(forum.EINVALID, "That redaction is not one the check found.")
	}
	return start, end, nil
}

// back is the moderation page the form came from (the queue, or a post's
// moderation page), at post id's entry.
func (f redactForm) back(id int64) string {
	back, _, _ := strings.Cut(f.Return, "#")
	if !strings.HasPrefix(back, "/mod/") {
		back = "/mod/queue"
	}
	return localPath(back, "/mod/queue") + fmt.Sprintf("#q%d", id)
}

func (s *Server) redact(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var form redactForm
	if err := bind(c, &form); err != nil {
		return err
	}
	start, end, err := form.span()
	if err != nil {
		return err
	}
	if err := s.store.Redact(c.Request().Context(), *account(c), id, form.Field, start, end, form.Text); err != nil {
		return err
	}
	s.flash(c, "redacted")
	return c.Redirect(http.StatusSeeOther, form.back(id))
}
