package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// Reports: a member reports a post to the moderators (the report form,
// from the post's Report link), and the moderators read and dismiss them.

type reportPage struct {
	Page
	Topic forum.Topic
	Post  forum.Post
	// Mine: the post is the member's own, which they cannot report.
	Mine    bool
	Reasons []struct{ Key, Text string }
	Reason  string
	Note    string
}

// reportForm is the report form: one of forum.ReportReasons, and a note
// for the moderators.
type reportForm struct {
	Reason string `form:"reason"`
	Note   string `form:"note"`
}

func (s *Server) reportPage(c echo.Context) (reportPage, error) {
	ctx := c.Request().Context()
	id, err := idParam(c, "id")
	if err != nil {
		return reportPage{}, err
	}
	topicID, err := s.store.TopicOfPost(ctx, id)
	if err != nil {
		return reportPage{}, err
	}
	t, err := s.store.Topic(ctx, topicID)
	if err != nil {
		return reportPage{}, err
	}
	post, err := s.store.PublicPost(ctx, topicID, id)
	if err != nil {
		return reportPage{}, err
	}
	p := reportPage{Page: s.page(c, "Report a post"), Topic: t, Post: post, Reasons: forum.ReportReasons}
	if p.Mine, err = s.store.IsMine(ctx, account(c).ID, id); err != nil {
		return reportPage{}, err
	}
	p.Breadcrumbs = []Crumb{{"Forums", "/"}, {t.Title, fmt.Sprintf("/t/%d", t.ID)}, {"Report a post", ""}}
	return p, nil
}

func (s *Server) reportForm(c echo.Context) error {
	p, err := s.reportPage(c)
	if err != nil {
		return err
	}
	return s.views.render(c.Response(), http.StatusOK, "report", p)
}

func (s *Server) report(c echo.Context) error {
	p, err := s.reportPage(c)
	if err != nil {
		return err
	}
	var form reportForm
	if err := bind(c, &form); err != nil {
		return err
	}
	p.Reason, p.Note = form.Reason, form.Note
	if p.Mine {
		return forum.Errorf(forum.ECONFLICT, "This is your own post, so you cannot report it. You can withdraw it or ask the moderators to hide it.")
	}
	// The note is read by the moderators.
	_, err = checkWords(c, "", words{"note", "note", p.Note})
	if err == nil {
		err = s.store.ReportPost(c.Request().Context(), *account(c), p.Post.ID, p.Reason, p.Note)
	}
	if err != nil {
		return s.formProblem(c, "report", &p.Page, &p, err, "reason-safeguarding")
	}
	s.flash(c, "reported")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/t/%d#p%d", p.Topic.ID, p.Post.ID))
}

type reportsPage struct {
	Page
	Reports []forum.Report
}

func (s *Server) reports(c echo.Context) error {
	list, err := s.store.OpenReports(c.Request().Context(), *account(c))
	if err != nil {
		return err
	}
	p := reportsPage{Page: s.page(c, "Reports"), Reports: list}
	p.Nav = "reports"
	return s.views.render(c.Response(), http.StatusOK, "reports", p)
}

func (s *Server) dismissReport(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.DismissReport(c.Request().Context(), *account(c), id); err != nil {
		return err
	}
	s.flash(c, "report-dismissed")
	return c.Redirect(http.StatusSeeOther, "/mod/reports")
}
