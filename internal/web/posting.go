package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/markup"
	"forum/internal/store"
)

// postForm is what a member types into a new topic, a reply or an edit.
type postForm struct {
	Title      string
	Body       string
	Anonymous  bool
	Submission string // the form's one-time key against double sending
	// HasNote and ContentNote collapse the post behind a warning.
	HasNote     bool
	ContentNote string
	// Preview is the body as it will look, when the member asked to see it.
	Preview *forum.Post
	// Findings are possible personal data in the title or body; the
	// member confirms them (ConfirmPII) or edits them out before sending.
	Findings   []finding
	ConfirmPII bool
}

// defaultContentNote is the note when a member ticks the box but writes none.
const defaultContentNote = "Distressing detail"

// readPostForm reads the form fields shared by topics, replies and edits,
// and runs the personal-data check over what was typed.
func readPostForm(c echo.Context) postForm {
	f := postForm{Title: c.FormValue("title"), Body: c.FormValue("body"),
		Anonymous: c.FormValue("anonymous") == "yes", Submission: c.FormValue("submission"),
		HasNote: c.FormValue("has_note") == "yes", ContentNote: strings.TrimSpace(c.FormValue("content_note")),
		ConfirmPII: c.FormValue("confirm_pii") == "yes"}
	if !f.HasNote {
		f.ContentNote = ""
	} else if f.ContentNote == "" {
		f.ContentNote = defaultContentNote
	}
	f.Findings = findingsIn(f.Title, f.Body)
	return f
}

// previewing reports whether the member pressed Preview rather than Send,
// and if so renders the preview exactly as the post will be stored.
func (f *postForm) previewing(c echo.Context) bool {
	if c.FormValue("action") != "preview" {
		return false
	}
	f.Preview = &forum.Post{BodyHTML: markup.Render(f.Body), ContentNote: f.ContentNote}
	return true
}

// unconfirmed stops a post with possible personal data until the author
// has looked at each finding and either edited it out or confirmed it.
// The check warns; it never changes what the author wrote.
func (f *postForm) unconfirmed() error {
	if len(f.Findings) == 0 || f.ConfirmPII {
		return nil
	}
	var fe forum.FieldErrors
	fe.Add("confirm_pii", "Check the details highlighted below: remove anything that could identify someone, or confirm that it is safe to publish")
	return fe.Err()
}

// Highlighted returns a field's text with its findings marked.
func (f postForm) Highlighted(field string) template.HTML {
	text := f.Body
	if field == "title" {
		text = f.Title
	}
	return highlight(field, text, f.Findings)
}

type newTopicPage struct {
	Page
	Forum     forum.Forum
	Form      postForm
	Suspended bool
}

func (s *Server) newTopicPage(c echo.Context) (newTopicPage, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return newTopicPage{}, err
	}
	f, err := s.store.Forum(c.Request().Context(), id)
	if err != nil {
		return newTopicPage{}, err
	}
	p := newTopicPage{Page: s.page(c, "Start a topic in "+f.Name), Forum: f, Suspended: account(c).Suspended(s.store.Now())}
	p.Breadcrumbs = []Crumb{{"Forums", "/"}, {f.GroupName, fmt.Sprintf("/g/%d", f.GroupID)}, {f.Name, fmt.Sprintf("/f/%d", f.ID)}}
	return p, nil
}

func (s *Server) newTopicForm(c echo.Context) error {
	p, err := s.newTopicPage(c)
	if err != nil {
		return err
	}
	p.Form = postForm{Anonymous: p.Forum.Anonymity == forum.AnonRequired, Submission: newSubmissionKey()}
	return s.views.render(c.Response(), http.StatusOK, "new_topic", p)
}

// Sending a post writes first and reads the page only when it must show
// the form again (a preview, a finding to confirm, a refusal): the store
// checks the forum, topic and author inside the write, so the usual case
// costs one transaction and no page.

func (s *Server) createTopic(c echo.Context) error {
	form := readPostForm(c)
	var err error
	if !form.previewing(c) {
		if err = form.unconfirmed(); err == nil {
			var created store.Created
			forumID, _ := strconv.ParseInt(c.Param("id"), 10, 64)
			created, err = s.store.CreateTopic(c.Request().Context(), forum.NewTopic{ForumID: forumID, AuthorID: account(c).ID,
				Title: form.Title, Body: form.Body, Anonymous: form.Anonymous, SubmissionKey: form.Submission,
				ContentNote: form.ContentNote})
			if err == nil {
				return s.afterPosting(c, created)
			}
		}
	}
	p, perr := s.newTopicPage(c)
	if perr != nil {
		return perr
	}
	p.Form = form
	switch {
	case form.Preview != nil:
		return s.views.render(c.Response(), http.StatusOK, "new_topic", p)
	case form.unconfirmed() != nil:
		return s.formProblem(c, "new_topic", &p.Page, &p, err, "confirm_pii")
	}
	return s.formProblem(c, "new_topic", &p.Page, &p, err, "title")
}

// afterPosting sends the author where they can see what happened: to the
// post itself when it is published (its permalink, which finds the page
// of a long thread that shows it), or to their posts when it waits.
func (s *Server) afterPosting(c echo.Context, created store.Created) error {
	if created.Status == forum.StatusApproved {
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/p/%d", created.PostID))
	}
	s.flash(c, "post-queued")
	return c.Redirect(http.StatusSeeOther, "/my/posts")
}

type replyPage struct {
	Page
	Topic     forum.Topic
	Forum     forum.Forum
	Parent    *forum.Post
	Form      postForm
	Suspended bool
}

func (s *Server) replyPage(c echo.Context) (replyPage, error) {
	ctx := c.Request().Context()
	id, err := idParam(c, "id")
	if err != nil {
		return replyPage{}, err
	}
	t, err := s.store.Topic(ctx, id)
	if err != nil {
		return replyPage{}, err
	}
	f, err := s.store.Forum(ctx, t.ForumID)
	if err != nil {
		return replyPage{}, err
	}
	p := replyPage{Page: s.page(c, "Reply to "+t.Title), Topic: t, Forum: f, Suspended: account(c).Suspended(s.store.Now())}
	p.Breadcrumbs = []Crumb{{"Forums", "/"}, {f.GroupName, fmt.Sprintf("/g/%d", f.GroupID)}, {f.Name, fmt.Sprintf("/f/%d", f.ID)}, {t.Title, fmt.Sprintf("/t/%d", t.ID)}}
	to := c.QueryParam("to")
	if to == "" {
		to = c.FormValue("to")
	}
	if to != "" {
		pid, err := strconv.ParseInt(to, 10, 64)
		if err != nil {
			return p, forum.ErrNotFound
		}
		parent, err := s.store.PublicPost(ctx, t.ID, pid)
		if err != nil {
			return p, err
		}
		p.Parent = &parent
	}
	return p, nil
}

func (s *Server) replyForm(c echo.Context) error {
	p, err := s.replyPage(c)
	if err != nil {
		return err
	}
	p.Form = postForm{Anonymous: p.Forum.Anonymity == forum.AnonRequired, Submission: newSubmissionKey()}
	return s.views.render(c.Response(), http.StatusOK, "reply", p)
}

func (s *Server) createReply(c echo.Context) error {
	form := readPostForm(c)
	var err error
	if !form.previewing(c) {
		if err = form.unconfirmed(); err == nil {
			topicID, _ := strconv.ParseInt(c.Param("id"), 10, 64)
			nr := forum.NewReply{TopicID: topicID, AuthorID: account(c).ID, Body: form.Body,
				Anonymous: form.Anonymous, SubmissionKey: form.Submission, ContentNote: form.ContentNote}
			to := c.QueryParam("to")
			if to == "" {
				to = c.FormValue("to")
			}
			parentID, perr := strconv.ParseInt(to, 10, 64)
			if perr == nil {
				nr.ParentID = &parentID
			}
			if to == "" || perr == nil {
				var created store.Created
				if created, err = s.store.CreateReply(c.Request().Context(), nr); err == nil {
					return s.afterPosting(c, created)
				}
			}
		}
	}
	p, perr := s.replyPage(c)
	if perr != nil {
		return perr
	}
	p.Form = form
	switch {
	case form.Preview != nil:
		return s.views.render(c.Response(), http.StatusOK, "reply", p)
	case form.unconfirmed() != nil:
		return s.formProblem(c, "reply", &p.Page, &p, err, "confirm_pii")
	}
	return s.formProblem(c, "reply", &p.Page, &p, err, "body")
}

func newSubmissionKey() string {
	token, _ := auth.NewToken()
	return token[:22]
}

// The post-fields and findings partials ask their page for the forum's
// anonymity policy, whether the post needs a title and what to call its body.

func (p newTopicPage) Policy() forum.AnonymityPolicy { return p.Forum.Anonymity }
func (p newTopicPage) WithTitle() bool               { return true }
func (p newTopicPage) BodyNoun() string              { return "post" }
func (p replyPage) Policy() forum.AnonymityPolicy    { return p.Forum.Anonymity }
func (p replyPage) WithTitle() bool                  { return false }
func (p replyPage) BodyNoun() string                 { return "reply" }
func (p editMyPostPage) Policy() forum.AnonymityPolicy {
	return p.Forum.Anonymity
}
func (p editMyPostPage) WithTitle() bool { return p.Post.Opening }
func (p editMyPostPage) BodyNoun() string {
	if p.Post.Opening {
		return "post"
	}
	return "reply"
}
