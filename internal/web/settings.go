package web

import (
	"net/http"
	"strconv"

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

func (s *Server) saveSettings(c echo.Context) error {
	set, err := s.store.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	// A checkbox is absent when unticked; other fields missing from the
	// form (an older page, a script) keep their current value.
	set.InviteOnly = form.Get("invite_only") == "on"
	if form.Has("exit_url") {
		set.ExitURL = form.Get("exit_url")
	}
	if form.Has("coarseness") {
		set.TimeCoarseness = form.Get("coarseness")
	}
	if form.Has("featured_group") {
		// The whole settings page was sent: its public-read box counts
		// even when unticked.
		public := form.Get("public_read") == "on"
		set.PublicRead = &public
		set.FeaturedGroupID, _ = strconv.ParseInt(form.Get("featured_group"), 10, 64)
		set.FeaturedText = form.Get("featured_text")
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
