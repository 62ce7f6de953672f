package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// The admin's preset decline reasons: moderators pick one in the queue by
// its label, and the author of the declined post reads its text.

type declineReasonsPage struct {
	Page
	Reasons []forum.DeclineReason
	New     forum.DeclineReasonEdit
}

func (s *Server) declineReasonsPage(c echo.Context) (declineReasonsPage, error) {
	reasons, err := s.store.DeclineReasons(c.Request().Context())
	if err != nil {
		return declineReasonsPage{}, err
	}
	p := declineReasonsPage{Page: s.page(c, "Decline reasons"), Reasons: reasons}
	p.Nav = "admin"
	p.Breadcrumbs = []Crumb{{"Administration", "/admin"}, {"Decline reasons", ""}}
	return p, nil
}

func (s *Server) declineReasons(c echo.Context) error {
	p, err := s.declineReasonsPage(c)
	if err != nil {
		return err
	}
	return s.views.render(c.Response(), http.StatusOK, "admin_decline_reasons", p)
}

// declineReasonForm is the admin's form for a decline reason: the label
// moderators pick and the text the author reads (both free text), and the
// version of the reason it changes.
type declineReasonForm struct {
	Label   string `form:"label"`
	Text    string `form:"text"`
	Version int    `form:"version"`
}

// bindDeclineReason reads the decline reason form as the change it asks for.
func bindDeclineReason(c echo.Context) (forum.DeclineReasonEdit, error) {
	var f declineReasonForm
	err := bind(c, &f)
	return forum.DeclineReasonEdit{Label: f.Label, Text: f.Text, Version: f.Version}, err
}

// declineReasonWords are a reason's label, which moderators read, and its
// text, which every author of a post declined with it reads.
func declineReasonWords(e forum.DeclineReasonEdit) []words {
	return []words{{"label", "label", e.Label}, {"text", "text", e.Text}}
}

func (s *Server) createDeclineReason(c echo.Context) error {
	e, err := bindDeclineReason(c)
	if err != nil {
		return err
	}
	_, err = checkWords(c, "", declineReasonWords(e)...)
	if err == nil {
		err = s.store.CreateDeclineReason(c.Request().Context(), *account(c), e)
	}
	if err != nil {
		p, perr := s.declineReasonsPage(c)
		if perr != nil {
			return perr
		}
		p.New = e
		return s.formProblem(c, "admin_decline_reasons", &p.Page, &p, err, "label")
	}
	s.flash(c, "decline-reason-saved")
	return c.Redirect(http.StatusSeeOther, "/admin/decline-reasons")
}

type declineReasonPage struct {
	Page
	Reason forum.DeclineReason
	Edit   forum.DeclineReasonEdit
}

func (s *Server) declineReasonPage(c echo.Context) (declineReasonPage, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return declineReasonPage{}, err
	}
	r, err := s.store.DeclineReason(c.Request().Context(), id)
	if err != nil {
		return declineReasonPage{}, err
	}
	p := declineReasonPage{Page: s.page(c, "Change the decline reason "+r.Label), Reason: r,
		Edit: forum.DeclineReasonEdit{Label: r.Label, Text: r.Text, Version: r.Version}}
	p.Nav = "admin"
	p.Breadcrumbs = []Crumb{{"Administration", "/admin"}, {"Decline reasons", "/admin/decline-reasons"}, {r.Label, ""}}
	return p, nil
}

func (s *Server) declineReason(c echo.Context) error {
	p, err := s.declineReasonPage(c)
	if err != nil {
		return err
	}
	return s.views.render(c.Response(), http.StatusOK, "admin_decline_reason", p)
}

func (s *Server) saveDeclineReason(c echo.Context) error {
	p, err := s.declineReasonPage(c)
	if err != nil {
		return err
	}
	e, err := bindDeclineReason(c)
	if err != nil {
		return err
	}
	_, err = checkWords(c, "", declineReasonWords(e)...)
	if err == nil {
		err = s.store.UpdateDeclineReason(c.Request().Context(), *account(c), p.Reason.ID, e)
	}
	if err != nil {
		if forum.ErrorCode(err) != forum.ECONFLICT {
			p.Edit = e // keep what they typed; on a conflict show the stored version
		}
		return s.formProblem(c, "admin_decline_reason", &p.Page, &p, err, "label")
	}
	s.flash(c, "decline-reason-saved")
	return c.Redirect(http.StatusSeeOther, "/admin/decline-reasons")
}

func (s *Server) deleteDeclineReason(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.DeleteDeclineReason(c.Request().Context(), *account(c), id); err != nil {
		return err
	}
	s.flash(c, "decline-reason-deleted")
	return c.Redirect(http.StatusSeeOther, "/admin/decline-reasons")
}

func (s *Server) moveDeclineReason(by int) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		if err := s.store.MoveDeclineReason(c.Request().Context(), *account(c), id, by); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/decline-reasons#reason-%d", id))
	}
}
