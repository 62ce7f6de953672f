package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/web"
)

// TestSetupLinkCreatesTheFirstAdminOnce: the link from the log opens a
// form; the form makes an admin and signs them in; then that link, and any
// other, is gone. Unknown and expired links are 404 from the start.
func TestSetupLinkCreatesTheFirstAdminOnce(t *testing.T) {
	eachServed(t, web.Options{PublicRead: true}, func(t *testing.T, s served) {
		token, hash := auth.NewToken()
		spare, spareHash := auth.NewToken()
		now := s.st.Now()
		for h, expires := range map[string]time.Time{hash: now.Add(time.Hour), spareHash: now.Add(time.Hour), auth.HashToken("expired-link"): now.Add(-time.Minute)} {
			if err := s.st.AddSetupToken(ctx, h, expires); err != nil {
				t.Fatal(err)
			}
		}
		b := newBrowser(t, s)
		for _, path := range []string{"/setup/unknown-link", "/setup/expired-link", "/setup/" + hash} {
			if p := b.get(path); p.status != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", path, p.status)
			}
		}

		form := b.get("/setup/" + token)
		if form.status != http.StatusOK {
			t.Fatalf("GET the setup link: status %d", form.status)
		}
		const pass = "steady admin keeps the keys"
		p := b.submitOn(form, "/setup/"+token, url.Values{"pseudonym": {"Steady Admin"}, "passphrase": {pass}, "confirm": {pass + "!"}})
		if p.status != http.StatusUnprocessableEntity || !slices.Contains(errorSummary(p.body), summaryItem{"confirm", "The two passphrases are not the same"}) {
			t.Fatalf("setup with mismatched passphrases: status %d, summary %v", p.status, errorSummary(p.body))
		}
		if n, _ := s.st.CountAccounts(ctx, ""); n != 0 {
			t.Fatalf("a refused setup form made %d accounts", n)
		}

		p = b.submitOn(form, "/setup/"+token, url.Values{"pseudonym": {"Steady Admin"}, "passphrase": {pass}, "confirm": {pass}})
		if p.status != http.StatusSeeOther || p.location() != "/admin" {
			t.Fatalf("setup: status %d to %q, summary %v", p.status, p.location(), errorSummary(p.body))
		}
		admin := b.follow(p)
		if admin.status != http.StatusOK || flashOf(admin.body) != "Your admin account is ready and you are signed in." {
			t.Errorf("after setup: status %d, flash %q", admin.status, flashOf(admin.body))
		}
		if acc, _, err := s.st.Credentials(ctx, "Steady Admin"); err != nil || acc.Role != forum.RoleAdmin {
			t.Errorf("the setup account: %+v, %v", acc, err)
		}

		for _, path := range []string{"/setup/" + token, "/setup/" + spare} {
			if p := newBrowser(t, s).get(path); p.status != http.StatusNotFound {
				t.Errorf("GET %s after an admin exists: status %d, want 404", path, p.status)
			}
		}
		// The form, still open in another tab, makes no second admin.
		other := newBrowser(t, s)
		p = other.post("/setup/"+token, url.Values{"_csrf": {anyToken(other.get("/login").body)},
			"pseudonym": {"Second Admin"}, "passphrase": {pass}, "confirm": {pass}})
		if p.status != http.StatusNotFound {
			t.Errorf("sending the used setup form again: status %d, want 404", p.status)
		}
		if n, _ := s.st.CountAccounts(ctx, forum.RoleAdmin); n != 1 {
			t.Errorf("%d admins, want 1", n)
		}
	})
}

// checkedIDs lists the ids of the ticked radios and checkboxes named name.
func checkedIDs(body, name string) []string {
	var out []string
	for _, tag := range regexp.MustCompile(`<input\b[^>]*\bname="`+name+`"[^>]*>`).FindAllString(body, -1) {
		if regexp.MustCompile(`\schecked\b`).MatchString(tag) {
			out = append(out, regexp.MustCompile(`\bid="([^"]*)"`).FindStringSubmatch(tag)[1])
		}
	}
	return out
}

// TestAdminGrantsRolesInTheBrowser: the person page grants a moderator
// scoped to groups (and safeguarding lead), then a host of an expert forum;
// it refuses a host with no forum and the last admin stepping down.
func TestAdminGrantsRolesInTheBrowser(t *testing.T) {
	eachServed(t, web.Options{PublicRead: true}, func(t *testing.T, s served) {
		admin, pass := member(t, s.st, "Steady Admin", forum.RoleAdmin)
		target, _ := member(t, s.st, "Quiet Heron", forum.RolePractitioner)
		groups, err := s.st.Groups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		g1, g2 := groups[1].ID, groups[2].ID
		var expert forum.Forum
		for _, g := range groups {
			for _, f := range g.Forums {
				if f.Kind == forum.KindExpert {
					expert = f
				}
			}
		}
		if expert.ID == 0 {
			t.Fatal("the seed has no expert forum")
		}
		b := newBrowser(t, s)
		b.signIn("Steady Admin", pass)
		personPath := fmt.Sprintf("/admin/people/%d", target.ID)
		save := func(form url.Values) answer {
			t.Helper()
			return b.submit(personPath, personPath, form)
		}

		p := save(url.Values{"role": {"moderator"}, "groups": {fmt.Sprint(g1), fmt.Sprint(g2)}, "lead": {"on"}})
		if p.status != http.StatusSeeOther || flashOf(b.follow(p).body) != "The account's role is saved." {
			t.Fatalf("granting moderator: status %d, summary %v", p.status, errorSummary(p.body))
		}
		acc, err := s.st.Account(ctx, target.ID)
		if err != nil || acc.Role != forum.RoleModerator || !slices.Equal(acc.ModeratorGroups, []int64{g1, g2}) || !acc.SafeguardingLead {
			t.Errorf("after granting moderator of groups %d and %d with lead: %+v, %v", g1, g2, acc, err)
		}
		page := b.get(personPath)
		if got, want := checkedIDs(page.body, "role"), []string{"role-moderator"}; !slices.Equal(got, want) {
			t.Errorf("role ticked %v, want %v", got, want)
		}
		if got, want := checkedIDs(page.body, "groups"), []string{fmt.Sprintf("group-%d", g1), fmt.Sprintf("group-%d", g2)}; !slices.Equal(got, want) {
			t.Errorf("groups ticked %v, want %v", got, want)
		}

		p = save(url.Values{"role": {"host"}, "forums": {fmt.Sprint(expert.ID)}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("granting host: status %d, summary %v", p.status, errorSummary(p.body))
		}
		acc, err = s.st.Account(ctx, target.ID)
		if err != nil || acc.Role != forum.RoleHost || !slices.Equal(acc.HostedForums, []int64{expert.ID}) || len(acc.ModeratorGroups) != 0 || acc.SafeguardingLead {
			t.Errorf("after granting host of %d: %+v, %v", expert.ID, acc, err)
		}
		if got, want := checkedIDs(b.get(personPath).body, "forums"), []string{fmt.Sprintf("forum-%d", expert.ID)}; !slices.Equal(got, want) {
			t.Errorf("forums ticked %v, want %v", got, want)
		}

		for _, tc := range []struct {
			name, path string
			form       url.Values
			field, msg string
		}{
			{"host with no forum", personPath, url.Values{"role": {"host"}}, "role-host", "Choose at least one expert forum for a host."},
			{"last admin steps down", fmt.Sprintf("/admin/people/%d", admin.ID), url.Values{"role": {"practitioner"}}, "role-admin",
				"Steady Admin is the only admin: make someone else an admin first."},
		} {
			before := takeSnapshot(t, s.st)
			p := b.submit(tc.path, tc.path, tc.form)
			if p.status != http.StatusUnprocessableEntity || !slices.Contains(errorSummary(p.body), summaryItem{tc.field, tc.msg}) {
				t.Errorf("%s: status %d, summary %v, want #%s %q", tc.name, p.status, errorSummary(p.body), tc.field, tc.msg)
			}
			if diff := before.changes(takeSnapshot(t, s.st)); diff != "" {
				t.Errorf("%s changed the database:\n%s", tc.name, diff)
			}
		}
	})
}

// TestStaffPagesAreForStaffOnly reads the admin and moderation routes from
// the router: a visitor is sent to sign in, an account without the role
// gets 403, and its POSTs, even with a good token, are refused and change
// nothing.
func TestStaffPagesAreForStaffOnly(t *testing.T) {
	eachServed(t, web.Options{PublicRead: true, PostsPerSecond: -1}, func(t *testing.T, s served) {
		admin, adminPass := member(t, s.st, "Steady Admin", forum.RoleAdmin)
		browsers := map[forum.Role]*browser{}
		for _, role := range []forum.Role{forum.RolePractitioner, forum.RoleHost, forum.RoleModerator, forum.RoleAdmin} {
			name := "Staff " + strings.ToUpper(string(role[:1])) + string(role[1:])
			pass := adminPass
			if role != forum.RoleAdmin {
				_, pass = member(t, s.st, name, role)
			} else {
				name = "Steady Admin"
			}
			browsers[role] = newBrowser(t, s)
			browsers[role].signIn(name, pass)
		}
		// Ids in paths are 1: the admin, their approved topic and its post.
		f := forumNamed(t, s.st, "Secure and suitable housing")
		if _, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: admin.ID, Title: "Move-on from safe houses", Body: "An approved post."}); err != nil {
			t.Fatal(err)
		}
		visitor := newBrowser(t, s)
		allowed := map[string][]forum.Role{"/admin": {forum.RoleAdmin}, "/mod/": {forum.RoleModerator, forum.RoleAdmin}}

		var gets, posts int
		for _, r := range s.srv.Routes() {
			var who []forum.Role
			for prefix, roles := range allowed {
				if strings.HasPrefix(r.Path, prefix) {
					who = roles
				}
			}
			if who == nil {
				continue
			}
			path := fillPath(r.Path, admin.ID)
			switch r.Method {
			case http.MethodGet:
				gets++
				if p := visitor.get(path); p.status != http.StatusSeeOther || p.location() != "/login?next="+url.QueryEscape(path) {
					t.Errorf("visitor GET %s: status %d to %q, want the sign-in page", path, p.status, p.location())
				}
				for role, b := range browsers {
					p := b.get(path)
					if !slices.Contains(who, role) && p.status != http.StatusForbidden {
						t.Errorf("%s GET %s: status %d, want 403", role, path, p.status)
					}
					if slices.Contains(who, role) && p.status == http.StatusForbidden {
						t.Errorf("%s GET %s: 403", role, path)
					}
				}
			case http.MethodPost:
				posts++
				before := takeSnapshot(t, s.st)
				for role, b := range browsers {
					if slices.Contains(who, role) {
						continue
					}
					form := plantedForm("")
					form.Set("role", "admin")
					form.Set("_csrf", anyToken(b.get("/account").body))
					p := b.post(path, form)
					// A moderation action on something the id does not name may
					// say 404 instead; either way nothing may happen.
					if p.status != http.StatusForbidden && !(p.status == http.StatusNotFound && strings.HasPrefix(r.Path, "/mod/")) {
						t.Errorf("%s POST %s with a good token: status %d, want 403", role, path, p.status)
					}
				}
				if diff := before.changes(takeSnapshot(t, s.st)); diff != "" {
					t.Errorf("refused POSTs to %s changed the database:\n%s", path, diff)
				}
			}
		}
		if gets < 4 || posts < 4 {
			t.Errorf("checked %d staff pages and %d admin forms: the route list was not read", gets, posts)
		}
	})
}

// TestInviteExpiryIsExactForAdmins: readers may see only the week a post
// was written, but the admin who made an invite code sees when it stops
// working, to the minute.
func TestInviteExpiryIsExactForAdmins(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		admin := newParticipant(t, s, "Steady Admin", forum.RoleAdmin)
		if err := s.st.SaveSettings(ctx, forum.Settings{ExitURL: forum.DefaultExitURL, TimeCoarseness: "week"}); err != nil {
			t.Fatal(err)
		}
		expires := time.Date(2031, 3, 4, 15, 30, 0, 0, time.UTC)
		if err := s.st.CreateInvite(ctx, "ABCD-EFGH-JKLM", "for the test", admin.acc.ID, &expires); err != nil {
			t.Fatal(err)
		}
		shows(t, admin.get("/admin/invites"), "Unused, expires Tuesday 4 March 2031, 3:30pm")
	})
}

// TestFeaturedTextIsMarkdown: the week's featured text is written in the
// Markdown posts use, and the home page and the digest show it rendered and
// sanitised, never as raw asterisks or live script.
func TestFeaturedTextIsMarkdown(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		admin := newParticipant(t, s, "Steady Admin", forum.RoleAdmin)
		f := forumNamed(t, s.st, "Secure and suitable housing")
		text := "This week: **move-on housing**, and <script>alert(1)</script> what works."
		a := admin.submit("/admin/settings", "/admin/settings", url.Values{"exit_url": {forum.DefaultExitURL}, "coarseness": {"date"},
			"featured_group": {fmt.Sprint(f.GroupID)}, "featured_text": {text}, "public_read": {"on"}})
		if a.status != http.StatusSeeOther {
			t.Fatalf("saving the settings: status %d, summary %v", a.status, errorSummary(a.body))
		}
		for _, path := range []string{"/", "/digest"} {
			p := newBrowser(t, s).get(path)
			shows(t, p, "<strong>move-on housing</strong>")
			lacks(t, "a visitor", p, "**move-on", "<script>alert")
		}
	})
}

// TestAdminFormsAsSent sends the admin's group, forum and settings forms
// as a browser does, and as only a hand-made request does: each is saved,
// or comes back with what was wrong and what was typed, or (a number that
// is not one) is refused with 400; a refused form changes nothing, and a
// settings field left out of the form keeps its value.
func TestAdminFormsAsSent(t *testing.T) {
	eachServed(t, web.Options{PublicRead: true}, func(t *testing.T, s served) {
		_, pass := member(t, s.st, "Steady Admin", forum.RoleAdmin)
		b := newBrowser(t, s)
		b.signIn("Steady Admin", pass)
		groups, err := s.st.AllGroups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		g := groups[0]
		groupPath := fmt.Sprintf("/admin/groups/%d", g.ID)
		newForum := fmt.Sprintf("/admin/forums/new?group=%d", g.ID)
		forumForm := func(name, opens string) url.Values {
			return url.Values{"group": {fmt.Sprint(g.ID)}, "name": {name}, "description": {"Where to start."},
				"kind": {"expert"}, "anonymity": {"allowed"}, "opens_at": {opens}}
		}
		for _, tc := range []struct {
			name          string
			from, action  string
			form          url.Values
			status        int
			summary, kept string // an error in the summary, a field's value kept
			keptID        string
			changes       bool
		}{
			{name: "a new group", from: "/admin/groups", action: "/admin/groups",
				form: url.Values{"name": {"Practice notes"}, "description": {"Notes on practice."}}, status: http.StatusSeeOther, changes: true},
			{name: "a group renamed", from: groupPath, action: groupPath,
				form: url.Values{"name": {g.Name + " (renamed)"}}, status: http.StatusSeeOther, changes: true},
			{name: "a group's version that is not a number", from: groupPath, action: groupPath,
				form: url.Values{"name": {"Anything"}, "version": {"seven"}}, status: http.StatusBadRequest},
			{name: "a new forum", from: newForum, action: "/admin/forums",
				form: forumForm("Starting out", " 2026-03-03T14:00 "), status: http.StatusSeeOther, changes: true},
			{name: "a forum's date that is not one", from: newForum, action: "/admin/forums",
				form: forumForm("Dated badly", "next Tuesday"), status: http.StatusUnprocessableEntity,
				summary: "Enter a date and time", keptID: "name", kept: "Dated badly"},
			{name: "a forum's group that is not a number", from: newForum, action: "/admin/forums",
				form:   url.Values{"group": {"first"}, "name": {"No group"}, "kind": {"discussion"}, "anonymity": {"allowed"}},
				status: http.StatusBadRequest},
			{name: "settings with the exit address left out", from: "/admin/settings", action: "/admin/settings",
				form: url.Values{"invite_only": {"on"}}, status: http.StatusSeeOther, changes: true},
			{name: "a featured group that is not a number", from: "/admin/settings", action: "/admin/settings",
				form:   url.Values{"exit_url": {"https://www.bbc.co.uk/weather"}, "featured_group": {"first"}, "featured_text": {"Hello."}},
				status: http.StatusBadRequest},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := stateOf(t, s.st)
				a := b.submit(tc.from, tc.action, tc.form)
				if a.status != tc.status {
					t.Fatalf("status %d, want %d\n%.1500s", a.status, tc.status, mainOf(a.body))
				}
				if tc.summary != "" && !slices.ContainsFunc(errorSummary(a.body), func(e summaryItem) bool { return strings.Contains(e.Message, tc.summary) }) {
					t.Errorf("error summary %v, want %q", errorSummary(a.body), tc.summary)
				}
				if tc.keptID != "" {
					if v, _ := inputValue(a.body, tc.keptID); v != tc.kept {
						t.Errorf("field %s kept %q, want %q", tc.keptID, v, tc.kept)
					}
				}
				if diff := before.changes(stateOf(t, s.st)); (diff != "") != tc.changes {
					t.Errorf("changes to the database: %q, want changes: %t", diff, tc.changes)
				}
			})
		}
		opened := false
		all, err := s.st.AllGroups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range all[0].Forums {
			if f.Name == "Starting out" {
				opened = f.OpensAt != nil && f.OpensAt.In(time.UTC).Format("2006-01-02") == "2026-03-03"
			}
		}
		if !opened {
			t.Errorf("the new forum %q with its opening date is not in %+v", "Starting out", all[0].Forums)
		}
		if set, err := s.st.Settings(ctx); err != nil || !set.InviteOnly || set.ExitURL != forum.DefaultExitURL {
			t.Errorf("settings after the forms: invite-only %t, exit %q, %v; want invite-only and the default exit", set.InviteOnly, set.ExitURL, err)
		}
	})
}
