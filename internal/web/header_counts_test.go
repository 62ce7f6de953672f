package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"forum/internal/forum"
	"forum/internal/store"
)

// What the staff bar counts, beside the queue's length (waitingRE).
var (
	openReportsRE = regexp.MustCompile(`>Reports <span class="count">(\d+)<span class="visually-hidden"> open</span>`)
	toDecideRE    = regexp.MustCompile(`>Reveal requests <span class="count">(\d+)<span class="visually-hidden"> for you to decide</span>`)
	reportItemRE  = regexp.MustCompile(`<li class="report[ "]`)
	agreeFormRE   = regexp.MustCompile(`<form method="post" action="/mod/reveals/\d+/approve">`)
)

// TestHeaderCountsWhatWaitsForEachModerator: beside the queue's length,
// a moderator's header counts the open reports and the reveal requests
// waiting for them, as their own pages list them: a scoped moderator counts
// their groups only; a safeguarding concern counts for the lead alone in
// its first day; a moderator's own request, and every request for a
// moderator new to the role, count for nothing. Members, hosts and
// visitors see no staff bar at all. Acting on a report or a request takes
// it off every count.
func TestHeaderCountsWhatWaitsForEachModerator(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		housing := forumNamed(t, s.st, "Secure and suitable housing")
		education := forumNamed(t, s.st, "Access to education")
		pass := map[string]string{}
		person := func(name string, role forum.Role) forum.Account {
			a, p := member(t, s.st, name, role)
			pass[name] = p
			return a
		}
		admin := person("Lead Admin", forum.RoleAdmin)
		if err := s.st.SetGrant(ctx, admin, admin.ID, store.Grant{Role: forum.RoleAdmin, SafeguardingLead: true}); err != nil {
			t.Fatal(err)
		}
		all := person("Moderator Everywhere", forum.RoleModerator)
		scoped := person("Moderator Housing", forum.RoleModerator)
		if err := s.st.SetGrant(ctx, admin, scoped.ID, store.Grant{Role: forum.RoleModerator, ModeratorGroups: []int64{housing.GroupID}}); err != nil {
			t.Fatal(err)
		}
		person("Moderator Newcomer", forum.RoleModerator)
		person("Quiet Heron", forum.RolePractitioner)
		host := person("Kestrel Host", forum.RolePractitioner)
		if err := s.st.SetGrant(ctx, admin, host.ID, store.Grant{Role: forum.RoleHost, HostedForums: []int64{expertForum(t, s.st).ID}}); err != nil {
			t.Fatal(err)
		}
		writer := person("Willow Ferry", forum.RolePractitioner)
		longServing(t, s.st, admin, all, scoped)
		admin, all = fresh(t, s.st, admin), fresh(t, s.st, all)

		// Content: an anonymous published reply in each group, each reported
		// (education's also as a safeguarding concern), each with a reveal
		// asked for; and posts waiting, two in housing and one in education.
		published := map[int64]int64{}
		for _, f := range []forum.Forum{housing, education} {
			topic, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: all.ID, Title: "A topic in " + f.GroupName, Body: "Opening."})
			if err != nil {
				t.Fatal(err)
			}
			r, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: writer.ID, Body: "An anonymous answer.", Anonymous: true})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.st.Approve(ctx, all, r.PostID); err != nil {
				t.Fatal(err)
			}
			published[f.GroupID] = r.PostID
			for i := range map[int64]int{housing.GroupID: 2, education.GroupID: 1}[f.GroupID] {
				if _, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: writer.ID, Body: fmt.Sprintf("Waiting %d.", i)}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := s.st.ReportPost(ctx, writer, published[housing.GroupID], "off-topic", ""); err != nil {
			t.Fatal(err)
		}
		if err := s.st.ReportPost(ctx, writer, published[education.GroupID], "abusive", ""); err != nil {
			t.Fatal(err)
		}
		if err := s.st.ReportPost(ctx, host, published[education.GroupID], "safeguarding", "Someone may be at risk."); err != nil {
			t.Fatal(err)
		}
		if _, err := s.st.RequestReveal(ctx, all, published[housing.GroupID], "A credible risk to a named child in housing."); err != nil {
			t.Fatal(err)
		}
		if _, err := s.st.RequestReveal(ctx, admin, published[education.GroupID], "A credible risk to a named child in education."); err != nil {
			t.Fatal(err)
		}

		browsers := map[string]*browser{}
		for _, name := range []string{"Lead Admin", "Moderator Everywhere", "Moderator Housing", "Moderator Newcomer", "Quiet Heron", "Kestrel Host"} {
			b := newBrowser(t, s)
			b.signIn(name, pass[name])
			browsers[name] = b
		}
		browsers["a visitor"] = newBrowser(t, s)

		type counts struct{ queue, reports, reveals int }
		check := func(when string, want map[string]counts) {
			t.Helper()
			for who, w := range want {
				b := browsers[who]
				home := b.get("/")
				got := counts{countIn(waitingRE, home.body), countIn(openReportsRE, home.body), countIn(toDecideRE, home.body)}
				if got != w {
					t.Errorf("%s, %s's header counts %d waiting, %d reports, %d reveal requests; want %d, %d, %d",
						when, who, got.queue, got.reports, got.reveals, w.queue, w.reports, w.reveals)
				}
				if w == (counts{}) {
					lacks(t, when+", "+who, home, `class="staff-nav"`, `href="/mod/queue"`, `href="/mod/reports"`, `href="/mod/reveals"`)
					continue
				}
				// The counts are what the pages list.
				if n := len(reportItemRE.FindAllString(b.get("/mod/reports").body, -1)); n != w.reports {
					t.Errorf("%s, %s's reports page lists %d, the header counts %d", when, who, n, w.reports)
				}
				if n := len(agreeFormRE.FindAllString(b.get("/mod/reveals").body, -1)); n != w.reveals {
					t.Errorf("%s, %s's reveal requests page offers %d to agree to, the header counts %d", when, who, n, w.reveals)
				}
			}
		}
		check("at first", map[string]counts{
			"Lead Admin":           {3, 3, 1}, // the safeguarding concern is the lead's; the admin asked for education's reveal
			"Moderator Everywhere": {3, 2, 1}, // asked for housing's reveal
			"Moderator Housing":    {2, 1, 1}, // housing only
			"Moderator Newcomer":   {3, 2, 0}, // new to the role: cannot agree to a reveal
			"Quiet Heron":          {},
			"Kestrel Host":         {},
			"a visitor":            {},
		})

		// The scoped moderator agrees to housing's reveal; the admin hides
		// education's reported post, which closes its reports.
		housingMod := browsers["Moderator Housing"]
		reveals := housingMod.get("/mod/reveals")
		action := agreeFormRE.FindString(reveals.body)
		if action == "" {
			t.Fatalf("the housing moderator has no request to agree to:\n%s", mainOf(reveals.body))
		}
		path := regexp.MustCompile(`/mod/reveals/\d+/approve`).FindString(action)
		if a := housingMod.submit("/mod/reveals", path, nil); a.status != http.StatusSeeOther {
			t.Fatalf("agreeing: status %d %v", a.status, errorSummary(a.body))
		}
		if err := s.st.Hide(ctx, admin, published[education.GroupID], "Abusive"); err != nil {
			t.Fatal(err)
		}
		check("after acting", map[string]counts{
			"Lead Admin":           {3, 1, 0},
			"Moderator Everywhere": {3, 1, 1},
			"Moderator Housing":    {2, 1, 0},
			"Moderator Newcomer":   {3, 1, 0},
			"Quiet Heron":          {},
		})
	})
}

// expertForum is the first expert forum the groups hold.
func expertForum(t *testing.T, st *store.Store) forum.Forum {
	t.Helper()
	groups, err := st.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		for _, f := range g.Forums {
			if f.Kind == forum.KindExpert {
				return f
			}
		}
	}
	t.Fatal("no expert forum")
	return forum.Forum{}
}

// fresh reads an account again, with its grants and when it took its role.
func fresh(t *testing.T, st *store.Store, a forum.Account) forum.Account {
	t.Helper()
	got, err := st.Account(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}
