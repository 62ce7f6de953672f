package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
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
	Days          string // the suspension's length, one of suspensionLengths
	SuspendReason string
	RevealReason  string
	UnhideReason  string
	// Note and NoteSubmission are the note form's (modnotes.go).
	Note, NoteSubmission string
}

// reasonForm is a form on a post's moderation page whose one field is the
// reason for the action (hide, show again, ask to reveal), which the author
// or the other moderators read.
type reasonForm struct {
	Reason string `form:"reason"`
}

// checked is the reason as it is kept (cleaned), and the personal-data
// check of it made for the form named form, whose findings come back to
// that form: what every staff form with a reason does first.
func (f reasonForm) checked(c echo.Context, form string) (string, error) {
	reason, _ := forum.CleanText(f.Reason)
	_, err := checkWords(c, form, words{"reason", "reason", reason})
	return reason, err
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
	var form reasonForm
	if err := bind(c, &form); err != nil {
		return err
	}
	reason, err := form.checked(c, "hide")
	if err == nil {
		err = s.store.Hide(c.Request().Context(), *account(c), id, reason)
	}
	if err != nil {
		return s.modPostProblem(c, id, err, map[string]string{"reason": "hide-reason"},
			func(f *modPostForms) { f.HideReason = form.Reason })
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
	var form reasonForm
	if err := bind(c, &form); err != nil {
		return err
	}
	reason, err := form.checked(c, "unhide")
	if err == nil {
		err = s.store.Unhide(c.Request().Context(), *account(c), id, reason)
	}
	if err != nil {
		return s.modPostProblem(c, id, err, map[string]string{"reason": "unhide-reason"},
			func(f *modPostForms) { f.UnhideReason = form.Reason })
	}
	s.flash(c, "unhidden")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/mod/posts/%d", id))
}
