package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"forum/internal/forum"
	"forum/internal/web"
)

// minPostRoutes is how many state-changing routes the accounts work alone
// had (27 with moderation); fewer means the route list was not read.
const minPostRoutes = 10

// stateChanging are the methods a CSRF token must guard.
var stateChanging = map[string]bool{http.MethodPost: true, http.MethodPut: true, http.MethodPatch: true, http.MethodDelete: true}

var pathParamRE = regexp.MustCompile(`:[A-Za-z_]+|\*`)

// fillPath puts real values into a route pattern: ids become id, tokens and
// codes (and wildcards) a word that is not one.
func fillPath(pattern string, id int64) string {
	return pathParamRE.ReplaceAllStringFunc(pattern, func(p string) string {
		switch p {
		case ":token", ":code", "*":
			return "x"
		}
		return strconv.FormatInt(id, 10)
	})
}

// plantedForm is what a forged form would send: every field any of the
// forum's forms reads, filled so that an accepted request would change
// something that shows.
func plantedForm(passphrase string) url.Values {
	return url.Values{
		"pseudonym": {"Planted Name"}, "passphrase": {"planted passphrase long enough"}, "confirm": {"planted passphrase long enough"},
		"action": {"register"}, "current": {passphrase}, "new": {"planted new passphrase"}, "confirm-new": {"planted new passphrase"},
		"posts": {"delete"}, "erase-passphrase": {passphrase}, "role": {"practitioner"}, "lead": {"on"}, "groups": {"1"}, "forums": {"1"},
		"invite_only": {"on"}, "note": {"planted"}, "days": {"30"}, "title": {"Planted topic title"}, "body": {"Planted body text"},
		"reason": {"planted reason"}, "anonymous": {"on"}, "days_suspended": {"7"}, "until": {"2099-01-01"},
	}
}

// TestEveryPostRouteNeedsTheCSRFToken reads the routes from the router, so
// that a route added later is covered without anyone adding it here. Each
// state-changing route is sent, by a signed-in admin (so that sign-in and
// roles are not what refuses it), a form that would change things, in every
// way a forged request could come: no token, a wrong one, another browser's,
// a header claiming to be same-origin instead of a token, and the right
// token from another site. All must be refused, and nothing may change.
func TestEveryPostRouteNeedsTheCSRFToken(t *testing.T) {
	// The POST limit is not under test and the test sends many forms.
	eachServed(t, web.Options{PublicRead: true, PostsPerSecond: -1}, func(t *testing.T, s served) {
		admin, pass := member(t, s.st, "Steady Admin", forum.RoleAdmin)
		practitioner, _ := member(t, s.st, "Plain Member", forum.RolePractitioner)
		f := forumNamed(t, s.st, "Secure and suitable housing")
		topic, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: admin.ID, Title: "Move-on from safe houses", Body: "An approved post."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: practitioner.ID, Body: "A pending reply."}); err != nil {
			t.Fatal(err)
		}
		if err := s.st.CreateInvite(ctx, "ABCD-EFGH-JKLM", "unused", admin.ID, nil); err != nil {
			t.Fatal(err)
		}
		// Path ids are 1: the first account, group, forum, topic and post.
		const id = 1

		b := newBrowser(t, s)
		b.signIn("Steady Admin", pass)
		mine := anyToken(b.get("/account").body)
		theirs := anyToken(newBrowser(t, s).get("/login").body)
		if mine == "" || theirs == "" || mine == theirs {
			t.Fatalf("tokens: this browser %q, another %q", mine, theirs)
		}
		forgeries := []struct {
			name   string
			token  string // "" sends no _csrf field
			header http.Header
		}{
			{"no token", "", nil},
			{"wrong token", "not-the-token-0123456789abcdef", nil},
			{"another browser's token", theirs, nil},
			{"Sec-Fetch-Site same-origin instead of a token", "", http.Header{"Sec-Fetch-Site": {"same-origin"}}},
			{"Sec-Fetch-Site none instead of a token", "", http.Header{"Sec-Fetch-Site": {"none"}}},
			{"right token from another site", mine, http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}}},
		}

		before := takeSnapshot(t, s.st)
		routes := s.srv.Routes()
		checked := 0
		for _, r := range routes {
			if !stateChanging[r.Method] {
				continue
			}
			checked++
			path := fillPath(r.Path, id)
			for _, fg := range forgeries {
				form := plantedForm(pass)
				if fg.token != "" {
					form.Set("_csrf", fg.token)
				}
				p := b.do(r.Method, path, form, fg.header)
				if p.status != http.StatusForbidden && p.status != http.StatusBadRequest {
					t.Errorf("%s %s (route %s) with %s: status %d, want 403 or 400", r.Method, path, r.Path, fg.name, p.status)
				}
			}
		}
		if checked < minPostRoutes {
			t.Errorf("checked %d state-changing routes, want at least %d: %v", checked, minPostRoutes, routes)
		}
		t.Logf("checked %d state-changing routes, %d forgeries each", checked, len(forgeries))
		if diff := before.changes(takeSnapshot(t, s.st)); diff != "" {
			t.Errorf("refused requests changed the database:\n%s", diff)
		}
		if !b.signedIn() {
			t.Error("the admin was signed out by a refused request")
		}

		// The same browser, sending the form from the page, is let through:
		// the refusals above were the token's doing.
		p := b.submit("/admin/settings", "/admin/settings", url.Values{"invite_only": {"on"}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("saving settings with the page's token: status %d", p.status)
		}
		if set, err := s.st.Settings(ctx); err != nil || !set.InviteOnly {
			t.Errorf("settings after a proper save: %+v, %v", set, err)
		}
		if before.changes(takeSnapshot(t, s.st)) == "" {
			t.Error("the database snapshot did not notice a saved setting: it cannot vouch for the refusals")
		}
	})
}

// TestFillPath keeps the route filling honest.
func TestFillPath(t *testing.T) {
	for pattern, want := range map[string]string{
		"/admin/people/:id":            "/admin/people/7",
		"/setup/:token":                "/setup/x",
		"/admin/invites/:code/delete":  "/admin/invites/x/delete",
		"/mod/posts/:id/approve":       "/mod/posts/7/approve",
		"/t/:topic/posts/:post/report": "/t/7/posts/7/report",
		"/static/*":                    "/static/x",
		"/login":                       "/login",
	} {
		if got := fillPath(pattern, 7); got != want {
			t.Errorf("fillPath(%q) = %q, want %q", pattern, got, want)
		}
	}
}

// TestCSRFRefusalSaysWhatHappened: a member whose form is refused for its
// token (most often a page left open past the session) is told that nothing
// was saved and what to do, with 403, not echo's bare "Bad Request".
func TestCSRFRefusalSaysWhatHappened(t *testing.T) {
	eachServed(t, web.Options{PublicRead: true}, func(t *testing.T, s served) {
		b := newBrowser(t, s)
		b.get("/login")
		for _, tc := range []struct {
			name  string
			token string
		}{{"no token", ""}, {"wrong token", "not-the-token-0123456789abcdef"}} {
			form := url.Values{"pseudonym": {"Quiet Heron"}, "passphrase": {"kettle orbit meadow lantern"}}
			if tc.token != "" {
				form.Set("_csrf", tc.token)
			}
			p := b.post("/login", form)
			if p.status != http.StatusForbidden || !strings.Contains(p.body, "This form had expired, so nothing was saved.") {
				t.Errorf("POST /login with %s: status %d, want 403 with the page saying nothing was saved:\n%s", tc.name, p.status, mainOf(p.body))
			}
		}
	})
}
