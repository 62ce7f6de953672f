package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
	"forum/internal/store"
)

// People and roles: the admin's list of accounts, and one person's page,
// where their role and what they moderate or host is granted.

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
	p := peoplePage{Page: s.page(c, "People and roles"), Query: strings.TrimSpace(c.QueryParam("q"))}
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

// grantForm is the role form on a person's page: the role, whether they
// are a safeguarding lead (a checkbox, "on" when ticked), the groups they
// moderate and the expert forums they host.
type grantForm struct {
	Role   string   `form:"role"`
	Lead   string   `form:"lead"`
	Groups []string `form:"groups"`
	Forums []string `form:"forums"`
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
	var form grantForm
	if err := bind(c, &form); err != nil {
		return err
	}
	p.Grant = store.Grant{Role: forum.Role(form.Role), SafeguardingLead: form.Lead == "on",
		ModeratorGroups: ids(form.Groups), HostedForums: ids(form.Forums)}
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
