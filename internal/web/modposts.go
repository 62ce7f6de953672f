package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
	"forum/internal/store"
)

// modPostPage is where a moderator acts on one post: hide it, suspend its
// author without learning who that is, or ask to reveal an anonymous author.
type modPostPage struct {
	Page
	Item    forum.QueueItem
	Reveals []forum.RevealRequest
	// Suspensions were made from this post; they are shown by the post,
	// never by the account behind it.
	Suspensions []forum.PostSanction
	// MayReveal: the moderator has had the role long enough to ask.
	MayReveal bool
	// Notes are the moderators' notes on the post (modnotes.go).
	Notes []forum.ModNote
	// Form is what the moderator typed in the page's forms, kept when one
	// comes back to be fixed.
	Form modPostForms
}

// modPostForms holds the fields of the forms on a post's moderation page.
type modPostForms struct {
	HideReason    string
	Days          string // the suspension's length, a key of suspensionDays
	SuspendReason string
	RevealReason  string
	UnhideReason  string
	// Note and NoteSubmission are the note form's (modnotes.go).
	Note, NoteSubmission string
}

func (s *Server) modPostPage(c echo.Context, id int64) (modPostPage, error) {
	ctx := c.Request().Context()
	item, err := s.store.ModPost(ctx, *account(c), id)
	if err != nil {
		return modPostPage{}, err
	}
	p := modPostPage{Page: s.page(c, "Moderate a post in "+item.TopicTitle), Item: item,
		MayReveal: account(c).MayTakePartInReveal(s.store.Now()), Form: modPostForms{Days: "7", NoteSubmission: newSubmissionKey()}}
	if p.Suspensions, err = s.store.PostSuspensions(ctx, *account(c), id); err != nil {
		return modPostPage{}, err
	}
	if p.Notes, err = s.store.ModNotes(ctx, *account(c), id); err != nil {
		return modPostPage{}, err
	}
	p.Nav = "mod"
	p.Breadcrumbs = []Crumb{{"Moderation", "/mod/queue"}, {item.TopicTitle, fmt.Sprintf("/t/%d", item.TopicID)}, {"Moderate a post", ""}}
	return p, nil
}

func (s *Server) modPost(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	p, err := s.modPostPage(c, id)
	if err != nil {
		return err
	}
	return s.views.render(c.Response(), http.StatusOK, "mod_post", p)
}

// modPostProblem shows a post's moderation page again after one of its
// forms was refused for what was typed in it: with the error summary, the
// fields named as ids names them, and what was typed (keep puts it back).
// Any other refusal is an error page. The page is built only now, as the
// moderator may see it: one who may not act on the post never gets it.
func (s *Server) modPostProblem(c echo.Context, id int64, err error, ids map[string]string, keep func(*modPostForms)) error {
	if !fixable(err) {
		return err
	}
	p, perr := s.modPostPage(c, id)
	if perr != nil {
		return perr
	}
	keep(&p.Form)
	return s.formProblem(c, "mod_post", &p.Page, &p, onPage(err, ids), "")
}

func (s *Server) hide(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	typed := c.FormValue("reason")
	reason, _ := forum.CleanText(typed)
	_, err = checkWords(c, "hide", words{"reason", "reason", reason})
	if err == nil {
		err = s.store.Hide(c.Request().Context(), *account(c), id, reason)
	}
	if err != nil {
		return s.modPostProblem(c, id, err, map[string]string{"reason": "hide-reason"},
			func(f *modPostForms) { f.HideReason = typed })
	}
	s.flash(c, "hidden")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/mod/posts/%d", id))
}

// unhide publishes a hidden post again; its author is told why.
func (s *Server) unhide(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	typed := c.FormValue("reason")
	reason, _ := forum.CleanText(typed)
	_, err = checkWords(c, "unhide", words{"reason", "reason", reason})
	if err == nil {
		err = s.store.Unhide(c.Request().Context(), *account(c), id, reason)
	}
	if err != nil {
		return s.modPostProblem(c, id, err, map[string]string{"reason": "unhide-reason"},
			func(f *modPostForms) { f.UnhideReason = typed })
	}
	s.flash(c, "unhidden")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/mod/posts/%d", id))
}

// suspensionLengths are the lengths, in days, a moderator or admin can
// choose for a suspension.
func suspensionLengths() []string { return []string{"1", "7", "30", "90"} }

// suspensionEnd is when a suspension of the chosen length ends; the zero
// time, which the store refuses as the field "days", for a length not
// offered.
func (s *Server) suspensionEnd(days string) time.Time {
	if !slices.Contains(suspensionLengths(), days) {
		return time.Time{}
	}
	n, _ := strconv.Atoi(days)
	return s.store.Now().Add(time.Duration(n) * 24 * time.Hour)
}

func (s *Server) suspendAuthor(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	days, typed := c.FormValue("days"), c.FormValue("reason")
	reason, _ := forum.CleanText(typed)
	_, err = checkWords(c, "suspend", words{"reason", "reason", reason})
	if err == nil {
		err = s.store.SuspendAuthor(c.Request().Context(), *account(c), id, s.suspensionEnd(days), reason)
	}
	if err != nil {
		return s.modPostProblem(c, id, err, map[string]string{"reason": "suspend-reason"},
			func(f *modPostForms) { f.Days, f.SuspendReason = days, typed })
	}
	s.flash(c, "suspended")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/mod/posts/%d", id))
}

// liftSuspension ends the suspensions made from a post.
func (s *Server) liftSuspension(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.LiftPostSuspensions(c.Request().Context(), *account(c), id); err != nil {
		return err
	}
	s.flash(c, "post-unsuspended")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/mod/posts/%d", id))
}

func (s *Server) requestReveal(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	typed := c.FormValue("reason")
	reason, _ := forum.CleanText(typed)
	_, err = checkWords(c, "reveal", words{"reason", "reason", reason})
	if err == nil {
		_, err = s.store.RequestReveal(c.Request().Context(), *account(c), id, reason)
	}
	if err != nil {
		return s.modPostProblem(c, id, err, map[string]string{"reason": "reveal-reason"},
			func(f *modPostForms) { f.RevealReason = typed })
	}
	s.flash(c, "reveal-requested")
	return c.Redirect(http.StatusSeeOther, "/mod/reveals")
}

func (s *Server) setLocked(locked bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		if err := s.store.SetLocked(c.Request().Context(), *account(c), id, locked); err != nil {
			return err
		}
		if locked {
			s.flash(c, "locked")
		} else {
			s.flash(c, "unlocked")
		}
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/t/%d", id))
	}
}

// Reports.

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
	p.Reason, p.Note = c.FormValue("reason"), c.FormValue("note")
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

// Break-glass reveals.

type revealsPage struct {
	Page
	Requests []forum.RevealRequest
	// MayReveal: the moderator has had the role long enough to agree.
	MayReveal bool
}

func (s *Server) reveals(c echo.Context) error {
	list, err := s.store.RevealRequests(c.Request().Context(), *account(c))
	if err != nil {
		return err
	}
	p := revealsPage{Page: s.page(c, "Requests to reveal an author"), Requests: list,
		MayReveal: account(c).MayTakePartInReveal(s.store.Now())}
	p.Nav = "reveals"
	return s.views.render(c.Response(), http.StatusOK, "reveals", p)
}

func (s *Server) approveReveal(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.ApproveReveal(c.Request().Context(), *account(c), id); err != nil {
		return err
	}
	s.flash(c, "reveal-approved")
	return c.Redirect(http.StatusSeeOther, "/mod/reveals")
}

// The moderation log.

// logPageSize is how many log lines a page shows.
const logPageSize = 100

type modLogPage struct {
	Page
	Entries    []store.LogEntry
	Pagination Pagination
}

func (s *Server) modLog(c echo.Context) error {
	before, _ := strconv.ParseInt(c.QueryParam("before"), 10, 64)
	entries, err := s.store.ModLog(c.Request().Context(), *account(c), before, logPageSize)
	if err != nil {
		return err
	}
	p := modLogPage{Page: s.page(c, "Moderation log"), Entries: entries}
	p.Nav = "log"
	if len(entries) == logPageSize {
		p.Pagination = Pagination{Label: "Pages of the log", What: "the log",
			Next: fmt.Sprintf("/mod/log?before=%d", entries[len(entries)-1].ID)}
	}
	return s.views.render(c.Response(), http.StatusOK, "mod_log", p)
}
