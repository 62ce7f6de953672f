package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// Break-glass reveals of an anonymous author: a moderator asks from the
// post's moderation page, and a second moderator agrees on the reveals page.

func (s *Server) requestReveal(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var form reasonForm
	if err := bind(c, &form); err != nil {
		return err
	}
	reason, err := form.checked(c, "reveal")
	if err == nil {
		_, err = s.store.RequestReveal(c.Request().Context(), *account(c), id, reason)
	}
	if err != nil {
		return s.modPostProblem(c, id, err, map[string]string{"reason": "reveal-reason"},
			func(f *modPostForms) { f.RevealReason = form.Reason })
	}
	s.flash(c, "reveal-requested")
	return c.Redirect(http.StatusSeeOther, "/mod/reveals")
}

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
