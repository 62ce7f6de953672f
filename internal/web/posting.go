package web

import (
	"fmt"
	"net/http"
	"strconv"

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
	// Preview is the body as it will look, when the member asked to see it.
	Preview *forum.Post
}

// readPostForm reads the form fields shared by topics, replies and edits.
func readPostForm(c echo.Context) postForm {
	return postForm{Title: c.FormValue("title"), Body: c.FormValue("body"),
		Anonymous: c.FormValue("anonymous") == "yes", Submission: c.FormValue("submission")}
}

// previewing reports whether the member pressed Preview rather than Send,
// and if so renders the preview exactly as the post will be stored.
func (f *postForm) previewing(c echo.Context) bool {
	if c.FormValue("action") != "preview" {
		return false
	}
	f.Preview = &forum.Post{BodyHTML: markup.Render(f.Body)}
	return true
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

func (s *Server) createTopic(c echo.Context) error {
	p, err := s.newTopicPage(c)
	if err != nil {
		return err
	}
	p.Form = readPostForm(c)
	if p.Form.previewing(c) {
		return s.views.render(c.Response(), http.StatusOK, "new_topic", p)
	}
	created, err := s.store.CreateTopic(c.Request().Context(), forum.NewTopic{ForumID: p.Forum.ID, AuthorID: account(c).ID,
		Title: p.Form.Title, Body: p.Form.Body, Anonymous: p.Form.Anonymous, SubmissionKey: p.Form.Submission})
	if err != nil {
		return s.formProblem(c, "new_topic", &p.Page, &p, err, "title")
	}
	return s.afterPosting(c, created)
}

// afterPosting sends the author where they can see what happened: to the
// post itself when it is published, or to their posts when it waits.
func (s *Server) afterPosting(c echo.Context, created store.Created) error {
	if created.Status == forum.StatusApproved {
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/t/%d#p%d", created.TopicID, created.PostID))
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
	p, err := s.replyPage(c)
	if err != nil {
		return err
	}
	p.Form = readPostForm(c)
	if p.Form.previewing(c) {
		return s.views.render(c.Response(), http.StatusOK, "reply", p)
	}
	nr := forum.NewReply{TopicID: p.Topic.ID, AuthorID: account(c).ID, Body: p.Form.Body,
		Anonymous: p.Form.Anonymous, SubmissionKey: p.Form.Submission}
	if p.Parent != nil {
		nr.ParentID = &p.Parent.ID
	}
	created, err := s.store.CreateReply(c.Request().Context(), nr)
	if err != nil {
		return s.formProblem(c, "reply", &p.Page, &p, err, "body")
	}
	return s.afterPosting(c, created)
}

func newSubmissionKey() string {
	token, _ := auth.NewToken()
	return token[:22]
}

// The post-fields partial asks its page for the forum's anonymity policy
// and whether the post needs a title.

func (p newTopicPage) Policy() forum.AnonymityPolicy { return p.Forum.Anonymity }
func (p newTopicPage) WithTitle() bool               { return true }
func (p replyPage) Policy() forum.AnonymityPolicy    { return p.Forum.Anonymity }
func (p replyPage) WithTitle() bool                  { return false }
func (p editMyPostPage) Policy() forum.AnonymityPolicy {
	return p.Forum.Anonymity
}
func (p editMyPostPage) WithTitle() bool { return p.Post.Opening }
