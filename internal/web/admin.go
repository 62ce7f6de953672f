package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/store"
)

type adminPage struct {
	Page
}

func (s *Server) adminIndex(c echo.Context) error {
	p := adminPage{Page: s.page(c, "Administration")}
	p.Nav = "admin"
	return s.views.render(c.Response(), http.StatusOK, "admin", p)
}

// People and roles.

type peoplePage struct {
	Page
	Query  string
	People []forum.Account
	Groups []forum.Group
}

// peopleListLimit bounds the people list; a search narrows it.
const peopleListLimit = 200

func (s *Server) people(c echo.Context) error {
	ctx := c.Request().Context()
	p := peoplePage{Page: s.page(c, "People and roles"), Query: formValue(c, "q")}
	p.Nav = "admin"
	p.Breadcrumbs = []Crumb{{"Administration", "/admin"}, {"People and roles", ""}}
	var err error
	if p.People, err = s.store.People(ctx, p.Query, peopleListLimit); err != nil {
		return err
	}
	if p.Groups, err = s.store.Groups(ctx); err != nil {
		return err
	}
	return s.views.render(c.Response(), http.StatusOK, "admin_people", p)
}

type personPage struct {
	Page
	Person  forum.Account
	Grant   store.Grant
	Groups  []forum.Group
	Experts []forum.Forum
	Roles   []forum.Role
	// Suspension is what the admin typed to suspend the person, kept when
	// the form comes back to be fixed.
	Suspension suspensionForm
}

// suspensionForm is the form that suspends an account: its length in days
// and the reason the member reads.
type suspensionForm struct {
	Days, Reason string
}

// RoleError reports whether the page shows a problem with the role form:
// the page's other form, to suspend, has errors of its own.
func (p personPage) RoleError() bool {
	for _, e := range p.Errors {
		if strings.HasPrefix(e.Field, "role-") {
			return true
		}
	}
	return false
}

func (s *Server) personPage(c echo.Context, id int64) (personPage, error) {
	ctx := c.Request().Context()
	person, err := s.store.Account(ctx, id)
	if err != nil {
		return personPage{}, err
	}
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return personPage{}, err
	}
	p := personPage{Page: s.page(c, "Role of "+person.Pseudonym), Person: person, Groups: groups,
		Roles:      []forum.Role{forum.RolePractitioner, forum.RoleModerator, forum.RoleHost, forum.RoleAdmin},
		Suspension: suspensionForm{Days: "7"},
		Grant: store.Grant{Role: person.Role, ModeratorGroups: person.ModeratorGroups, HostedForums: person.HostedForums,
			SafeguardingLead: person.SafeguardingLead}}
	for _, g := range groups {
		for _, f := range g.Forums {
			if f.Kind == forum.KindExpert {
				p.Experts = append(p.Experts, f)
			}
		}
	}
	p.Nav = "admin"
	p.Breadcrumbs = []Crumb{{"Administration", "/admin"}, {"People and roles", "/admin/people"}, {person.Pseudonym, ""}}
	return p, nil
}

func (s *Server) person(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	p, err := s.personPage(c, id)
	if err != nil {
		return err
	}
	return s.views.render(c.Response(), http.StatusOK, "admin_person", p)
}

func (s *Server) savePerson(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	p, err := s.personPage(c, id)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	p.Grant = store.Grant{Role: forum.Role(form.Get("role")), SafeguardingLead: form.Get("lead") == "on",
		ModeratorGroups: ids(form["groups"]), HostedForums: ids(form["forums"])}
	if err := s.store.SetGrant(c.Request().Context(), *account(c), id, p.Grant); err != nil {
		return s.formProblem(c, "admin_person", &p.Page, &p, err, "role-"+string(p.Person.Role))
	}
	s.flash(c, "grant-saved")
	return c.Redirect(http.StatusSeeOther, "/admin/people")
}

func ids(values []string) []int64 {
	var out []int64
	for _, v := range values {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Invite codes.

type invitesPage struct {
	Page
	Invites    []forum.InviteCode
	InviteOnly bool
	Note       string
	Days       string
	New        string // the code just made, shown once in full
}

func (s *Server) invitesPage(c echo.Context, p *invitesPage) error {
	ctx := c.Request().Context()
	p.Page = s.page(c, "Invite codes")
	p.Nav = "admin"
	p.Breadcrumbs = []Crumb{{"Administration", "/admin"}, {"Invite codes", ""}}
	var err error
	if p.Invites, err = s.store.Invites(ctx); err != nil {
		return err
	}
	settings, err := s.store.Settings(ctx)
	p.InviteOnly = settings.InviteOnly
	return err
}

func (s *Server) invites(c echo.Context) error {
	p := invitesPage{Days: "14", New: c.QueryParam("new")}
	if err := s.invitesPage(c, &p); err != nil {
		return err
	}
	return s.views.render(c.Response(), http.StatusOK, "admin_invites", p)
}

func (s *Server) createInvite(c echo.Context) error {
	p := invitesPage{Note: formValue(c, "note"), Days: formValue(c, "days")}
	if err := s.invitesPage(c, &p); err != nil {
		return err
	}
	var fe forum.FieldErrors
	days, err := strconv.Atoi(p.Days)
	if err != nil || days < 1 || days > 365 {
		fe.Add("days", "Enter a number of days from 1 to 365")
	}
	if clean, ok := forum.CleanText(p.Note); !ok || len([]rune(clean)) > 100 {
		fe.Add("note", "Keep the note to 100 characters, without special characters")
	}
	err = fe.Err()
	if err == nil {
		// The note is read by the other admins: not a name.
		_, err = checkWords(c, "", words{"note", "note", p.Note})
	}
	if err != nil {
		return s.formProblem(c, "admin_invites", &p.Page, &p, err, "days")
	}
	code := auth.NewInviteCode()
	expires := s.store.Now().Add(time.Duration(days) * 24 * time.Hour)
	if err := s.store.CreateInvite(c.Request().Context(), code, p.Note, account(c).ID, &expires); err != nil {
		return err
	}
	s.flash(c, "invite-made")
	return c.Redirect(http.StatusSeeOther, "/admin/invites?new="+code)
}

func (s *Server) deleteInvite(c echo.Context) error {
	if err := s.store.DeleteInvite(c.Request().Context(), c.Param("code")); err != nil {
		return err
	}
	s.flash(c, "invite-deleted")
	return c.Redirect(http.StatusSeeOther, "/admin/invites")
}

// Site settings.

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
