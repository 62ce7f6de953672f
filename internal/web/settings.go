package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// The site settings an admin changes in the browser.

type settingsPage struct {
	Page
	Settings   forum.Settings
	PublicRead bool
	Groups     []forum.Group
}

func (s *Server) settingsPage(c echo.Context, set forum.Settings) (settingsPage, error) {
	groups, err := s.store.Groups(c.Request().Context())
	p := settingsPage{Page: s.page(c, "Site settings"), Settings: set, Groups: groups, PublicRead: s.opts.PublicRead}
	if set.PublicRead != nil {
		p.PublicRead = *set.PublicRead
	}
	p.Nav = "admin"
	p.Breadcrumbs = []Crumb{{"Administration", "/admin"}, {"Site settings", ""}}
	return p, err
}

func (s *Server) settings(c echo.Context) error {
	set, err := s.store.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	p, err := s.settingsPage(c, set)
	if err != nil {
		return err
	}
	return s.views.render(c.Response(), http.StatusOK, "admin_settings", p)
}

// settingsForm is the site settings form. A field the form may leave out
// (a form from an older page, a script) is a pointer, nil when absent; the
// checkboxes are "on" when ticked and absent otherwise.
type settingsForm struct {
	InviteOnly    string  `form:"invite_only"`
	ExitURL       *string `form:"exit_url"`
	Coarseness    *string `form:"coarseness"`
	FeaturedGroup *int64  `form:"featured_group"`
	PublicRead    string  `form:"public_read"`
	FeaturedText  string  `form:"featured_text"`
}

func (s *Server) saveSettings(c echo.Context) error {
	set, err := s.store.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	var form settingsForm
	if err := bind(c, &form); err != nil {
		return err
	}
	// A checkbox is absent when unticked; other fields missing from the
	// form (an older page, a script) keep their current value.
	set.InviteOnly = form.InviteOnly == "on"
	if form.ExitURL != nil {
		set.ExitURL = *form.ExitURL
	}
	if form.Coarseness != nil {
		set.TimeCoarseness = *form.Coarseness
	}
	if form.FeaturedGroup != nil {
		// The whole settings page was sent: its public-read box counts
		// even when unticked.
		public := form.PublicRead == "on"
		set.PublicRead = &public
		set.FeaturedGroupID, set.FeaturedText = *form.FeaturedGroup, form.FeaturedText
	}
	// The featured text is on the home page, for every reader.
	_, err = checkWords(c, "", words{"featured_text", "featured text", set.FeaturedText})
	if err == nil {
		err = s.store.SaveSettings(c.Request().Context(), set)
	}
	if err != nil {
		p, perr := s.settingsPage(c, set)
		if perr != nil {
			return perr
		}
		return s.formProblem(c, "admin_settings", &p.Page, &p, err, "exit_url")
	}
	s.forgetSettings()
	s.flash(c, "settings-saved")
	return c.Redirect(http.StatusSeeOther, "/admin/settings")
}
