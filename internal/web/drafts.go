package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// Drafts kept on the server. A new topic or reply is saved as its
// author's draft when they press Save draft, when they preview it, when
// sending it is refused for something they can fix, and, where JavaScript
// runs, every little while as they type (static/drafts.js, which posts the
// form with action=draft and autosave=yes and is answered in JSON). Never
// in the browser's storage: "Exit this page" and a shared computer must
// leave nothing of it behind. Drafts are listed in "Your posts", opened
// again from there (/my/drafts/ID), and deleted by sending the post, by
// their author, after forum.DraftMaxAge, or with the account. The
// personal-data check runs on a preview and on sending, not on saving.

// defaultAutosave is how often the form saves itself while its words change.
const defaultAutosave = 30 * time.Second

// drafting reports whether the form was sent to be saved as a draft.
func (f postForm) drafting() bool { return f.Action == "draft" }

// autosaving reports whether the form was saved as a draft by the script
// rather than by the Save draft button.
func (f postForm) autosaving() bool { return f.drafting() && bool(f.Autosave) }

// keepable reports whether a refused post is kept as a draft: a refusal
// of what was typed, which the member will fix on the form. A locked topic
// or a closed forum shows the words to copy instead, and a suspended
// member has no form.
func keepable(err error) bool {
	return forum.ErrorCode(err) == forum.EINVALID
}

// keepDraft saves what the form holds as the member's draft for target,
// and says on the form what became of it. A form without a key gets one,
// so that saving it again changes the same draft. A form with nothing
// typed is not saved unless the member asked (ask), so that a refused
// empty form says nothing about drafts.
func (s *Server) keepDraft(c echo.Context, form *postForm, target forum.NewDraft, ask bool) (forum.Draft, error) {
	if !ask && form.Title == "" && form.Body == "" {
		return forum.Draft{}, nil
	}
	if form.Submission == "" {
		form.Submission = newSubmissionKey()
	}
	target.AuthorID, target.SubmissionKey = account(c).ID, form.Submission
	target.Title, target.Body, target.Anonymous, target.ContentNote = form.Title, form.Body, bool(form.Anonymous), form.ContentNote
	d, err := s.store.SaveDraft(c.Request().Context(), target)
	if err != nil {
		form.DraftStatus = "Not saved as a draft: " + forum.ErrorMessage(err)
		return d, err
	}
	form.DraftStatus = s.draftSavedText(d.SavedAt)
	return d, nil
}

// draftSavedText says when a draft was saved, the day too if not today.
func (s *Server) draftSavedText(at time.Time) string {
	t, now := at.In(s.opts.TimeZone), s.store.Now().In(s.opts.TimeZone)
	clock := t.Format("3:04pm")
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return "Draft saved at " + clock + "."
	}
	return "Draft saved on " + t.Format("Monday 2 January 2006") + " at " + clock + "."
}

// autosaved is the script's answer: whether the draft was saved, and the
// words for the form's status line.
type autosaved struct {
	Saved  bool   `json:"saved"`
	Status string `json:"status"`
}

// autosave answers the script's save of a form for target (which checks
// the forum or topic the form is for): JSON, never a page, and nothing of
// the session touched (no flash is taken).
func (s *Server) autosave(c echo.Context, form postForm, target func(echo.Context) (forum.NewDraft, error)) error {
	if account(c).Suspended(s.store.Now()) {
		return c.JSON(http.StatusForbidden, autosaved{Status: "Not saved as a draft: your account is suspended, so you cannot post."})
	}
	t, err := target(c)
	if err != nil {
		return c.JSON(http.StatusNotFound, autosaved{Status: "Not saved as a draft: " + forum.ErrorMessage(err)})
	}
	if _, err := s.keepDraft(c, &form, t, true); err != nil {
		return c.JSON(http.StatusUnprocessableEntity, autosaved{Status: form.DraftStatus})
	}
	return c.JSON(http.StatusOK, autosaved{Saved: true, Status: form.DraftStatus})
}

// draftSaved answers the Save draft button: the draft's own page, which
// shows the form filled and when it was saved; or the form again, 422,
// saying why it could not be kept.
func (s *Server) draftSaved(c echo.Context, d forum.Draft, err error, view string, p *Page, data any) error {
	if err == nil {
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/my/drafts/%d", d.ID))
	}
	if fe := forum.FieldErrorsOf(err); len(fe) > 0 {
		p.Errors = fe
	} else {
		p.Errors.Add("", forum.ErrorMessage(err))
	}
	p.Title = "Error: " + p.Title
	return s.views.render(c.Response(), http.StatusUnprocessableEntity, view, data)
}

// topicDraft is where a new topic's draft goes: the form's forum.
func (s *Server) topicDraft(c echo.Context) (forum.NewDraft, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return forum.NewDraft{}, err
	}
	f, err := s.store.Forum(c.Request().Context(), id)
	return forum.NewDraft{Kind: forum.DraftTopic, ForumID: f.ID}, err
}

// replyDraft is where a reply's draft goes: the form's topic, and the
// post it answers, each as readers may see it.
func (s *Server) replyDraft(c echo.Context) (forum.NewDraft, error) {
	ctx := c.Request().Context()
	id, err := idParam(c, "id")
	if err != nil {
		return forum.NewDraft{}, err
	}
	t, err := s.store.Topic(ctx, id)
	if err != nil {
		return forum.NewDraft{}, err
	}
	d := forum.NewDraft{Kind: forum.DraftReply, TopicID: t.ID}
	if to := replyTo(c); to != "" {
		pid, err := parseID(to)
		if err != nil {
			return d, err
		}
		parent, err := s.store.PublicPost(ctx, t.ID, pid)
		if err != nil {
			return d, err
		}
		d.ParentID = &parent.ID
	}
	return d, nil
}

// replyTo is the post a reply form answers, from its address or its form.
func replyTo(c echo.Context) string {
	if to := c.QueryParam("to"); to != "" {
		return to
	}
	return c.FormValue("to")
}

// draftPage shows a draft that can no longer be sent where it was going,
// with its words to copy, and the button that deletes it.
type draftPage struct {
	Page
	Draft forum.Draft
	Saved string
}

// continueDraft opens a draft again: in its form, filled, when it can
// still be sent; otherwise on a page of its own, to be copied. Another
// member's draft is not found, as one that never was.
func (s *Server) continueDraft(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.store.MyDraft(c.Request().Context(), account(c).ID, id)
	if err != nil {
		return err
	}
	form := postForm{Title: d.Title, Body: d.Body, Anonymous: checkbox(d.Anonymous), HasNote: d.ContentNote != "", ContentNote: d.ContentNote,
		Submission: d.SubmissionKey, DraftStatus: s.draftSavedText(d.SavedAt)}
	crumbs := []Crumb{{"Your posts", "/my/posts"}}
	if d.Closed == "" {
		switch d.Kind {
		case forum.DraftTopic:
			var p newTopicPage
			if p, err = s.newTopicPageFor(c, d.ForumID); err == nil {
				p.Form, p.Breadcrumbs = form, append(crumbs, Crumb{"Your draft", ""})
				return s.views.render(c.Response(), http.StatusOK, "new_topic", p)
			}
		case forum.DraftReply:
			to := ""
			if d.ParentID != nil {
				to = strconv.FormatInt(*d.ParentID, 10)
			}
			var p replyPage
			if p, err = s.replyPageFor(c, d.TopicID, to); err == nil {
				p.Form, p.ParentGone, p.Breadcrumbs = form, d.ParentGone, append(crumbs, Crumb{"Your draft", ""})
				return s.views.render(c.Response(), http.StatusOK, "reply", p)
			}
		}
		// Gone between the list and now.
		if forum.ErrorCode(err) != forum.ENOTFOUND {
			return err
		}
		d.Closed = "The place it was going is no longer on the forum."
	}
	p := draftPage{Page: s.page(c, "Your draft cannot be sent"), Draft: d, Saved: s.draftSavedText(d.SavedAt)}
	p.Breadcrumbs = append(crumbs, Crumb{"Your draft", ""})
	return s.views.render(c.Response(), http.StatusOK, "draft", p)
}

// deleteDraft deletes one of the member's drafts.
func (s *Server) deleteDraft(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.DeleteMyDraft(c.Request().Context(), account(c).ID, id); err != nil {
		return err
	}
	s.flash(c, "draft-deleted")
	return c.Redirect(http.StatusSeeOther, "/my/posts#drafts")
}
