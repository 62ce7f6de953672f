package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
	"forum/internal/store"
)

// myPostsLimit bounds the "my posts" list.
const myPostsLimit = 200

type myPostsPage struct {
	Page
	Posts []forum.MyPost
	// Drafts are the member's drafts, the latest saved first (drafts.go).
	Drafts    []forum.Draft
	MaxDrafts int
	DraftDays int
}

func (s *Server) myPosts(c echo.Context) error {
	ctx := c.Request().Context()
	posts, err := s.store.MyPosts(ctx, account(c).ID, myPostsLimit)
	if err != nil {
		return err
	}
	drafts, err := s.store.MyDrafts(ctx, account(c).ID)
	if err != nil {
		return err
	}
	p := myPostsPage{Page: s.page(c, "Your posts"), Posts: posts, Drafts: drafts, MaxDrafts: forum.MaxDrafts,
		DraftDays: int(forum.DraftMaxAge / (24 * time.Hour))}
	p.Nav = "posts"
	return s.views.render(c.Response(), http.StatusOK, "my_posts", p)
}

type editMyPostPage struct {
	Page
	Post  forum.MyPost
	Forum forum.Forum
	Form  postForm
}

func (s *Server) editMyPostPage(c echo.Context) (editMyPostPage, error) {
	ctx := c.Request().Context()
	id, err := idParam(c, "id")
	if err != nil {
		return editMyPostPage{}, err
	}
	post, err := s.store.MyPost(ctx, account(c).ID, id)
	if err != nil {
		return editMyPostPage{}, err
	}
	f, err := s.store.Forum(ctx, post.ForumID)
	if err != nil {
		return editMyPostPage{}, err
	}
	title := "Change your post"
	switch post.Status {
	case forum.StatusDeclined:
		title = "Change and send again"
	case forum.StatusApproved:
		title = "Change your published post"
	}
	p := editMyPostPage{Page: s.page(c, title), Post: post, Forum: f}
	p.Breadcrumbs = []Crumb{{"Your posts", "/my/posts"}, {title, ""}}
	return p, nil
}

func (s *Server) editMyPostForm(c echo.Context) error {
	p, err := s.editMyPostPage(c)
	if err != nil {
		return err
	}
	p.Form = postForm{Title: p.Post.TopicTitle, Body: p.Post.BodySource, Anonymous: checkbox(p.Post.Anonymous),
		HasNote: p.Post.ContentNote != "", ContentNote: p.Post.ContentNote}
	if p.Post.ChangeBody != "" {
		// The change already sent, to change again.
		p.Form.Body, p.Form.HasNote, p.Form.ContentNote = p.Post.ChangeBody, p.Post.ChangeNote != "", p.Post.ChangeNote
		if p.Post.ChangeTitle != "" {
			p.Form.Title = p.Post.ChangeTitle
		}
	}
	if !p.Post.Opening {
		p.Form.Title = ""
	}
	return s.views.render(c.Response(), http.StatusOK, "edit_my_post", p)
}

func (s *Server) editMyPost(c echo.Context) error {
	p, err := s.editMyPostPage(c)
	if err != nil {
		return err
	}
	if p.Form, err = bindPost(c); err != nil {
		return err
	}
	if !p.Post.Opening {
		p.Form.Title = ""
	}
	noun := "reply"
	if p.Post.Opening {
		noun = "post"
	}
	checkErr := p.Form.checked(c, &p.Page, noun)
	if p.Form.previewing() {
		return s.views.render(c.Response(), http.StatusOK, "edit_my_post", p)
	}
	if err := checkErr; err != nil {
		return s.formProblem(c, "edit_my_post", &p.Page, &p, err, "confirm_pii")
	}
	err = s.store.EditMyPost(c.Request().Context(), account(c).ID, p.Post.ID,
		store.PostEdit{Title: p.Form.Title, Body: p.Form.Body, Anonymous: bool(p.Form.Anonymous), ContentNote: p.Form.ContentNote})
	if err != nil {
		return s.formProblem(c, "edit_my_post", &p.Page, &p, err, "body")
	}
	if p.Changing() {
		s.flash(c, "change-queued")
	} else {
		s.flash(c, "post-queued")
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/my/posts#post-%d", p.Post.ID))
}

func (s *Server) withdrawMyPost(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.WithdrawMyPost(c.Request().Context(), account(c).ID, id); err != nil {
		return err
	}
	s.flash(c, "post-withdrawn")
	return c.Redirect(http.StatusSeeOther, "/my/posts")
}

// cancelMyChange withdraws the member's change waiting on a published post.
func (s *Server) cancelMyChange(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	cancelled, err := s.store.CancelChange(c.Request().Context(), account(c).ID, id)
	if err != nil {
		return err
	}
	if cancelled {
		s.flash(c, "change-cancelled")
	} else {
		s.flash(c, "change-gone")
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/my/posts#post-%d", id))
}
