package e2e

import (
	"context"
	neturl "net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"forum/internal/forum"
	"forum/internal/store"
)

// TestBackAfterSignOutShowsNothingPrivate is the shared computer: a member
// reads their own pages, a moderator the queue, each signs out, and the
// next person presses Back through the history. Every page must come from
// the server again (no-store), so each member-only page lands on the
// sign-in page and the home page is a visitor's: no pseudonym, no pending
// or declined post, no decline reason. Without no-store Chromium shows its
// kept copies, and this test fails.
func TestBackAfterSignOutShowsNothingPrivate(t *testing.T) {
	browser := chromium(t)
	s := newSite(t)
	ctx := context.Background()
	const (
		pendingTitle  = "Move-on rooms for a survivor in Leeds"
		declinedTitle = "Safe house capacity this winter"
		reason        = "Names the safe house in the second line."
	)
	member := s.account(t, "Quiet Heron", forum.RolePractitioner, "quiet heron walks home")
	mod := s.account(t, "Careful Moderator", forum.RoleModerator, "careful moderator passphrase")
	f := forumOf(t, s.st, "Secure and suitable housing")
	must[store.Created](t)(s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: member.ID, Title: pendingTitle, Body: "Waiting for a moderator."}))
	declined := must[store.Created](t)(s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: member.ID, Title: declinedTitle, Body: "Declined."}))
	if err := s.st.Decline(ctx, s.fresh(t, mod), declined.PostID, reason); err != nil {
		t.Fatal(err)
	}

	type page struct{ path, shows string } // shows: private text it shows while signed in
	people := []struct {
		name, pseudonym, passphrase string
		pages                       []page
	}{
		{"member", "Quiet Heron", "quiet heron walks home",
			[]page{{"/my/posts", pendingTitle}, {"/account", "Quiet Heron"}, {"/notifications", reason}}},
		{"moderator", "Careful Moderator", "careful moderator passphrase",
			[]page{{"/mod/queue", pendingTitle}}},
	}
	for _, who := range people {
		t.Run(who.name, func(t *testing.T) {
			p := newPerson(t, browser, who.name)
			signIn(p, s, who.pseudonym, who.passphrase)
			private := []string{who.pseudonym, pendingTitle, declinedTitle, reason}
			visited := []string{"/"} // where signing in led
			for _, pg := range who.pages {
				p.run("open "+pg.path, chromedp.Navigate(s.URL+pg.path), chromedp.WaitVisible(chromedp.CSS("h1")))
				if !strings.Contains(p.html(), pg.shows) {
					t.Fatalf("signed in, %s does not show %q: the test would prove nothing", pg.path, pg.shows)
				}
				visited = append(visited, pg.path)
			}
			p.run("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
			visited = append(visited, "/") // where signing out led

			// Back from the page signing out led to, through every page
			// visited since signing in, to that first home page.
			for i := len(visited) - 2; i >= 0; i-- {
				path := visited[i]
				at, html := back(p)
				want := s.URL + path
				if path != "/" {
					want = s.URL + "/login?next=" + neturl.QueryEscape(path)
				}
				if at != want {
					t.Errorf("Back towards %s shows %s, want %s: the browser did not ask the server again", path, at, want)
				}
				for _, text := range private {
					if strings.Contains(html, text) {
						t.Errorf("after signing out, Back towards %s shows %q", path, text)
					}
				}
			}
		})
	}
}

// back presses Back and returns where the browser then is and the page's
// HTML, once it has its footer. The page may come from the server or from
// the browser's own copy, which fires no load event (chromedp.NavigateBack
// would wait for one in vain) and which chromedp's DOM queries do not see
// either: so it asks the page itself, by script, until the address has
// changed and the footer is there.
func back(p *person) (at, html string) {
	p.t.Helper()
	history := get(p, "read the history", chromedp.NavigationEntries())
	if history.CurrentIndex < 1 {
		p.t.Fatalf("%s: nothing to go back to", p.name)
	}
	before := history.Entries[history.CurrentIndex].URL
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	// The protocol's own Back, which answers once the navigation has
	// begun: history.back() in a script would race the page it unloads.
	if _, err := chromedp.Call(ctx, page.NavigateToHistoryEntry,
		page.NavigateToHistoryEntryParams{EntryID: history.Entries[history.CurrentIndex-1].ID}); err != nil {
		p.t.Fatalf("%s: press Back: %v", p.name, err)
	}
	const probe = `document.querySelector("footer.site-footer") ? [location.href, document.documentElement.outerHTML] : [location.href, ""]`
	for {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](probe))
		if err == nil && got[0] != before && got[1] != "" {
			return got[0], got[1]
		}
		select {
		case <-ctx.Done():
			p.t.Fatalf("%s: Back from %s: no other page came: %v", p.name, before, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
