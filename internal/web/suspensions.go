package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// Suspensions: a moderator suspends the author of a post from the post's
// moderation page, without learning who they are (the suspension is kept
// with the post); an admin suspends an account from the people pages.

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
	var form suspensionForm
	if err := bind(c, &form); err != nil {
		return err
	}
	reason, _ := forum.CleanText(form.Reason)
	_, err = checkWords(c, "suspend", words{"reason", "reason", reason})
	if err == nil {
		err = s.store.SuspendAuthor(c.Request().Context(), *account(c), id, s.suspensionEnd(form.Days), reason)
	}
	if err != nil {
		return s.modPostProblem(c, id, err, map[string]string{"reason": "suspend-reason"},
			func(f *modPostForms) { f.Days, f.SuspendReason = form.Days, form.Reason })
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

// suspensionForm is the form that suspends an account or a post's author:
// its length in days (one of suspensionLengths) and the reason the member
// reads.
type suspensionForm struct {
	Days   string `form:"days"`
	Reason string `form:"reason"`
}

func (s *Server) suspendAccount(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if id == account(c).ID {
		return forum.Errorf(forum.EINVALID, "You cannot suspend yourself.")
	}
	var form suspensionForm
	if err := bind(c, &form); err != nil {
		return err
	}
	reason, _ := forum.CleanText(form.Reason)
	_, err = checkWords(c, "", words{"reason", "reason", reason})
	if err == nil {
		err = s.store.Suspend(c.Request().Context(), *account(c), id, s.suspensionEnd(form.Days), reason)
	}
	if err != nil {
		if !fixable(err) {
			return err
		}
		p, perr := s.personPage(c, id)
		if perr != nil {
			return perr
		}
		p.Suspension = form
		return s.formProblem(c, "admin_person", &p.Page, &p, err, "")
	}
	s.flash(c, "account-suspended")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/people/%d", id))
}

func (s *Server) unsuspendAccount(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.Unsuspend(c.Request().Context(), *account(c), id); err != nil {
		return err
	}
	s.flash(c, "account-unsuspended")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/people/%d", id))
}
