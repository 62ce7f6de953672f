package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/markup"
	"forum/internal/store"
)

// postForm is what a member types into a new topic, a reply or an edit;
// bindPost fills it from the form by its tags.
type postForm struct {
	Title      string   `form:"title"`
	Body       string   `form:"body"`
	Anonymous  checkbox `form:"anonymous"`
	Submission string   `form:"submission"` // the form's one-time key against double sending
	// HasNote and ContentNote collapse the post behind a warning.
	HasNote     checkbox `form:"has_note"`
	ContentNote string   `form:"content_note"`
	// Action is the button pressed: "preview", "draft" (drafts.go), or
	// none to send. Autosave is set by the script that saves the form as
	// a draft while the member types, rather than by the button.
	Action   string   `form:"action"`
	Autosave checkbox `form:"autosave"`
	// Preview is the body as it will look, when the member asked to see it.
	Preview *forum.Post
	// DraftStatus says when the form was last saved as a draft, or why
	// what was typed could not be kept (drafts.go).
	DraftStatus string
}

// defaultContentNote is the note when a member ticks the box but writes none.
const defaultContentNote = "Distressing detail"

// bindPost reads the form fields shared by topics, replies, edits and
// announcements; checked runs the personal-data check over them.
func bindPost(c echo.Context) (postForm, error) {
	var f postForm
	if err := bind(c, &f); err != nil {
		return f, err
	}
	f.ContentNote = strings.TrimSpace(f.ContentNote)
	if !f.HasNote {
		f.ContentNote = ""
	} else if f.ContentNote == "" {
		f.ContentNote = defaultContentNote
	}
	return f, nil
}

// previewing reports whether the member pressed Preview rather than Send,
// and if so renders the preview exactly as the post will be stored.
func (f *postForm) previewing() bool {
	if f.Action != "preview" {
		return false
	}
	f.Preview = &forum.Post{BodyHTML: markup.Render(f.Body), ContentNote: f.ContentNote}
	return true
}

// checked runs the personal-data check over the post's title, body
// (called noun on its page: "post", "reply") and content note, and puts
// the findings on page p when it is built already. The check warns; it
// never changes what the author wrote: the refusal asks them to edit or
// confirm.
func (f *postForm) checked(c echo.Context, p *Page, noun string) error {
	fields := []words{{"title", "title", f.Title}, {"body", noun, f.Body}}
	if f.HasNote && f.ContentNote != defaultContentNote {
		fields = append(fields, words{"content_note", "content note", f.ContentNote})
	}
	check, err := checkWords(c, "", fields...)
	if p != nil {
		p.Check = check
	}
	return err
}

type newTopicPage struct {
	Page
	Forum     forum.Forum
	Form      postForm
	Suspended bool
	// Autosave is how often, in milliseconds, the form saves itself as
	// a draft while its words change (drafts.go).
	Autosave int64
}

func (s *Server) newTopicPage(c echo.Context) (newTopicPage, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return newTopicPage{}, err
	}
	return s.newTopicPageFor(c, id)
}

// newTopicPageFor is the page of the form that starts a topic in forum id.
func (s *Server) newTopicPageFor(c echo.Context, id int64) (newTopicPage, error) {
	f, err := s.store.Forum(c.Request().Context(), id)
	if err != nil {
		return newTopicPage{}, err
	}
	p := newTopicPage{Page: s.page(c, "Start a topic in "+f.Name), Forum: f, Suspended: account(c).Suspended(s.store.Now()),
		Autosave: s.opts.AutosaveEvery.Milliseconds()}
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
	form, err := bindPost(c)
	if err != nil {
		return err
	}
	if form.autosaving() {
		return s.autosave(c, form, s.topicDraft)
	}
	if form.drafting() {
		return s.topicFormAgain(c, form, true, nil)
	}
	// The check runs on a preview too, which shows its findings.
	err = form.checked(c, nil, "post")
	if form.previewing() || err != nil {
		return s.topicFormAgain(c, form, false, err)
	}
	forumID, err := idParam(c, "id")
	if err != nil {
		return err
	}
	created, err := s.store.CreateTopic(c.Request().Context(), forum.NewTopic{ForumID: forumID, AuthorID: account(c).ID,
		Title: form.Title, Body: form.Body, Anonymous: bool(form.Anonymous), SubmissionKey: form.Submission,
		ContentNote: form.ContentNote})
	if err != nil {
		return s.topicFormAgain(c, form, false, err)
	}
	return s.afterPosting(c, created)
}

// topicFormAgain shows the new-topic form again with what was typed:
// saved as a draft (drafting), previewed, or refused for err. What did
// not become a post is kept as a draft (drafts.go).
func (s *Server) topicFormAgain(c echo.Context, form postForm, drafting bool, err error) error {
	p, perr := s.newTopicPage(c)
	if perr != nil {
		return perr
	}
	p.Form = form
	switch {
	case p.Suspended && drafting:
		err = forum.Errorf(forum.EFORBIDDEN, "Your account is suspended, so you cannot post.")
	case !p.Suspended && (drafting || form.Preview != nil || keepable(err)):
		d, derr := s.keepDraft(c, &p.Form, forum.NewDraft{Kind: forum.DraftTopic, ForumID: p.Forum.ID}, drafting)
		if drafting {
			return s.draftSaved(c, d, derr, "new_topic", &p.Page, &p)
		}
	}
	if form.Preview != nil {
		return s.views.render(c.Response(), http.StatusOK, "new_topic", p)
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
	// Autosave: as on newTopicPage.
	Autosave int64
	// ParentGone: the draft opened answered a post that is no longer
	// shown, so the reply answers the topic.
	ParentGone bool
}

func (s *Server) replyPage(c echo.Context) (replyPage, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return replyPage{}, err
	}
	return s.replyPageFor(c, id, replyTo(c))
}

// replyPageFor is the page of the form that replies to topic id, or to
// the post to in it when to is set.
func (s *Server) replyPageFor(c echo.Context, id int64, to string) (replyPage, error) {
	ctx := c.Request().Context()
	t, err := s.store.Topic(ctx, id)
	if err != nil {
		return replyPage{}, err
	}
	f, err := s.store.Forum(ctx, t.ForumID)
	if err != nil {
		return replyPage{}, err
	}
	p := replyPage{Page: s.page(c, "Reply to "+t.Title), Topic: t, Forum: f, Suspended: account(c).Suspended(s.store.Now()),
		Autosave: s.opts.AutosaveEvery.Milliseconds()}
	p.Breadcrumbs = []Crumb{{"Forums", "/"}, {f.GroupName, fmt.Sprintf("/g/%d", f.GroupID)}, {f.Name, fmt.Sprintf("/f/%d", f.ID)}, {t.Title, fmt.Sprintf("/t/%d", t.ID)}}
	if to != "" {
		pid, err := parseID(to)
		if err != nil {
			return p, err
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
	if p.Parent != nil && c.QueryParam("quote") != "" {
		source, err := s.store.QuotableSource(c.Request().Context(), p.Topic.ID, p.Parent.ID)
		if err != nil {
			return err
		}
		p.Form.Body = quoteText(*p.Parent, source, c.QueryParam("passage"))
	}
	return s.views.render(c.Response(), http.StatusOK, "reply", p)
}

func (s *Server) createReply(c echo.Context) error {
	form, err := bindPost(c)
	if err != nil {
		return err
	}
	form.Title = "" // a reply has none
	if form.autosaving() {
		return s.autosave(c, form, s.replyDraft)
	}
	if form.drafting() {
		return s.replyFormAgain(c, form, true, nil)
	}
	// The check runs on a preview too, which shows its findings.
	err = form.checked(c, nil, "reply")
	if form.previewing() || err != nil {
		return s.replyFormAgain(c, form, false, err)
	}
	topicID, err := idParam(c, "id")
	if err != nil {
		return err
	}
	nr := forum.NewReply{TopicID: topicID, AuthorID: account(c).ID, Body: form.Body,
		Anonymous: bool(form.Anonymous), SubmissionKey: form.Submission, ContentNote: form.ContentNote}
	if to := replyTo(c); to != "" {
		parentID, err := parseID(to)
		if err != nil {
			return err
		}
		nr.ParentID = &parentID
	}
	created, err := s.store.CreateReply(c.Request().Context(), nr)
	if err != nil {
		return s.replyFormAgain(c, form, false, err)
	}
	return s.afterPosting(c, created)
}

// replyFormAgain shows the reply form again with what was typed: saved as
// a draft (drafting), previewed, or refused for err. What did not become
// a post is kept as a draft (drafts.go).
func (s *Server) replyFormAgain(c echo.Context, form postForm, drafting bool, err error) error {
	p, perr := s.replyPage(c)
	if perr != nil {
		return perr
	}
	p.Form = form
	switch {
	case p.Suspended && drafting:
		err = forum.Errorf(forum.EFORBIDDEN, "Your account is suspended, so you cannot post.")
	case !p.Suspended && (drafting || form.Preview != nil || keepable(err)):
		target := forum.NewDraft{Kind: forum.DraftReply, TopicID: p.Topic.ID}
		if p.Parent != nil {
			target.ParentID = &p.Parent.ID
		}
		d, derr := s.keepDraft(c, &p.Form, target, drafting)
		if drafting {
			return s.draftSaved(c, d, derr, "reply", &p.Page, &p)
		}
	}
	if form.Preview != nil {
		return s.views.render(c.Response(), http.StatusOK, "reply", p)
	}
	return s.formProblem(c, "reply", &p.Page, &p, err, "body")
}

func newSubmissionKey() string {
	token, _ := auth.NewToken()
	return token[:22]
}

// The post-fields and findings partials ask their page for the forum's
// anonymity policy, whether the post needs a title and what to call its body.

// Drafting says whether the form is saved as a draft: a new topic or a
// reply is; an edit of one's own waiting post is kept as the post itself.
func (p newTopicPage) Drafting() bool                { return true }
func (p replyPage) Drafting() bool                   { return true }
func (p editMyPostPage) Drafting() bool              { return false }
func (p newTopicPage) Policy() forum.AnonymityPolicy { return p.Forum.Anonymity }
func (p newTopicPage) WithTitle() bool               { return true }
func (p replyPage) Policy() forum.AnonymityPolicy    { return p.Forum.Anonymity }
func (p replyPage) WithTitle() bool                  { return false }
func (p editMyPostPage) Policy() forum.AnonymityPolicy {
	if p.Changing() {
		return policyFixed
	}
	return p.Forum.Anonymity
}

// policyFixed is the signing of a published post, which a change keeps.
const policyFixed forum.AnonymityPolicy = "fixed"

// Changing says the form changes a published post: the change goes to
// the moderators and readers keep the published words until then.
func (p newTopicPage) Changing() bool    { return false }
func (p replyPage) Changing() bool       { return false }
func (p editMyPostPage) Changing() bool  { return p.Post.Status == forum.StatusApproved }
func (p editMyPostPage) WithTitle() bool { return p.Post.Opening }
