package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"forum/internal/demo"
	"forum/internal/forum"
	"forum/internal/store"
)

// The page's layout at a desktop width (1280 CSS px) and a phone's (390):
// how tall the home page is, whether the header's menus keep to one line,
// and whether "Exit this page" stays in reach.

const desktop, phone = 1280, 390

// homeHeightMax is how tall the home page may be, with the demo content,
// at each width.
var homeHeightMax = map[int64]float64{desktop: 2000, phone: 3500}

// rect is where an element is drawn, in CSS pixels of the viewport.
type rect struct {
	Top, Bottom, Left, Right float64
}

func (r rect) overlaps(o rect) bool {
	return r.Top < o.Bottom && o.Top < r.Bottom && r.Left < o.Right && o.Left < r.Right
}

// jsRect is a function that reads an element's rect.
const jsRect = `const rectOf = e => { const b = e.getBoundingClientRect(); return {top: b.top, bottom: b.bottom, left: b.left, right: b.right}; };`

// headerLayout is what the header's menus look like.
type headerLayout struct {
	Height float64 // the document's
	Menus  []struct {
		Name  string
		Items []struct {
			Text string
			Box  rect
		}
	}
	Exit rect
}

const jsHeaderLayout = `(() => { ` + jsRect + `
	return {
		height: document.documentElement.scrollHeight,
		menus: [...document.querySelectorAll(".site-header nav")].map(nav => ({
			name: nav.getAttribute("aria-label"),
			items: [...nav.querySelectorAll("ul > li")].map(li => ({text: li.innerText.trim().replace(/\s+/g, " "), box: rectOf(li)})),
		})),
		exit: rectOf(document.querySelector(".exit-page")),
	};
})()`

// demoSite is a forum filled as `forum demo` fills it.
func demoSite(t *testing.T) site {
	t.Helper()
	s := newBusySite(t)
	if _, err := demo.Fill(context.Background(), s.st, 1); err != nil {
		t.Fatal(err)
	}
	return s
}

// ok fails the test on a store call's error.
func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestHomePageIsCompact: with the demo content, the home page is under
// 2,000 px tall at 1280 px wide and under 3,500 px at 390 px, for a
// visitor and for an admin (whose header is the tallest); it lists every
// group, each group's forums and the latest topics.
func TestHomePageIsCompact(t *testing.T) {
	browser := chromium(t)
	s := demoSite(t)
	groups := must[[]forum.Group](t)(s.st.Groups(context.Background()))
	s.account(t, "Ash Admin", forum.RoleAdmin, scenePass)
	visitor := newPerson(t, browser, "visitor")
	admin := newPerson(t, browser, "admin")
	signIn(admin, s, "Ash Admin", scenePass)
	for _, p := range []*person{visitor, admin} {
		for _, width := range []int64{desktop, phone} {
			t.Run(fmt.Sprintf("%s at %d px", p.name, width), func(t *testing.T) {
				p := p.forT(t)
				p.run("open the home page", chromedp.EmulateViewport(width, 844), chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS("main h1")))
				l := get(p, "measure", chromedp.Evaluate[headerLayout](jsHeaderLayout))
				if l.Height > homeHeightMax[width] {
					t.Errorf("the home page is %.0f px tall at %d px wide, want at most %.0f", l.Height, width, homeHeightMax[width])
				}
				page := p.html()
				for _, g := range groups {
					for _, f := range g.Forums {
						if !strings.Contains(page, fmt.Sprintf(`href="/f/%d"`, f.ID)) {
							t.Errorf("the home page has no link to %s: %s", g.Name, f.Name)
						}
					}
				}
				if n := strings.Count(page, `<li class="outcome">`); n != len(groups) {
					t.Errorf("the home page lists %d groups, want %d", n, len(groups))
				}
				if n := strings.Count(page, `<a class="topic-title"`); n == 0 {
					t.Error("the home page lists no latest topics")
				}
			})
		}
	}
}

// TestHeaderMenusKeepToOneLine: at 1280 px, as every role, each of the
// header's menus lays its items on one line, clear of the exit button,
// with every count at its widest ("100+").
func TestHeaderMenusKeepToOneLine(t *testing.T) {
	browser := chromium(t)
	s := demoSite(t)
	ctx := context.Background()
	st := s.st
	groups := must[[]forum.Group](t)(st.Groups(ctx))
	admin := s.account(t, "Ash Admin", forum.RoleAdmin, scenePass)
	mod := s.account(t, "Harbour Moderator", forum.RoleModerator, scenePass)
	ok(t, st.SetGrant(ctx, admin, admin.ID, store.Grant{Role: forum.RoleAdmin, SafeguardingLead: true}))
	ok(t, st.SetGrant(ctx, admin, mod.ID, store.Grant{Role: forum.RoleModerator, ModeratorGroups: []int64{groups[0].ID, groups[1].ID}}))
	host := s.account(t, "Kestrel Host", forum.RolePractitioner, scenePass)
	var expert int64
	for _, f := range groups[1].Forums {
		if f.Kind == forum.KindExpert {
			expert = f.ID
		}
	}
	ok(t, st.SetGrant(ctx, admin, host.ID, store.Grant{Role: forum.RoleHost, HostedForums: []int64{expert}}))
	writer := s.account(t, "Willow Ferry", forum.RolePractitioner, scenePass)
	s.longServing(t, admin, mod)
	admin, mod, host = s.fresh(t, admin), s.fresh(t, mod), s.fresh(t, host)

	// Every count at its widest: over a hundred replies to each staff
	// member's post, approved (they and the writer are told), and over a
	// hundred more waiting; a report and a reveal request on each of the
	// first.
	f := groups[1].Forums[0]
	for _, by := range []forum.Account{admin, mod, host, writer} {
		topic := must[store.Created](t)(st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: by.ID, Title: "A topic by " + by.Pseudonym, Body: "Opening."}))
		if by.ID == writer.ID {
			ok(t, st.Approve(ctx, admin, topic.PostID))
		}
		for i := range store.CountCap + 1 {
			r := must[store.Created](t)(st.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, ParentID: &topic.PostID, AuthorID: writer.ID,
				Body: fmt.Sprintf("Reply %d.", i), Anonymous: i == 0}))
			if by.ID == writer.ID {
				continue // these wait in the queue
			}
			ok(t, st.Approve(ctx, admin, r.PostID))
			if i == 0 {
				ok(t, st.ReportPost(ctx, host, r.PostID, "off-topic", ""))
				must[int64](t)(st.RequestReveal(ctx, map[bool]forum.Account{true: mod, false: admin}[by.ID == admin.ID], r.PostID, "A credible risk to a named child."))
			}
		}
	}

	for _, who := range []struct {
		name, pseudonym string
		menus           int
	}{
		{"visitor", "", 1},
		{"practitioner", "Willow Ferry", 1},
		{"host", "Kestrel Host", 1},
		{"moderator", "Harbour Moderator", 2},
		{"admin", "Ash Admin", 2},
	} {
		t.Run(who.name, func(t *testing.T) {
			p := newPerson(t, browser, who.name)
			if who.pseudonym != "" {
				signIn(p, s, who.pseudonym, scenePass)
			}
			p.run("open the home page", chromedp.EmulateViewport(desktop, 844), chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS("main h1")))
			l := get(p, "measure", chromedp.Evaluate[headerLayout](jsHeaderLayout))
			if len(l.Menus) != who.menus {
				t.Errorf("the header has %d menus, want %d", len(l.Menus), who.menus)
			}
			var texts []string
			for _, m := range l.Menus {
				for _, it := range m.Items {
					texts = append(texts, it.Text)
					if first := m.Items[0]; it.Box.Top != first.Box.Top {
						t.Errorf("menu %q: %q is at %.0f px, on another line than %q at %.0f px", m.Name, it.Text, it.Box.Top, first.Text, first.Box.Top)
					}
					if it.Box.overlaps(l.Exit) {
						t.Errorf("menu %q: %q (%+v) is under the exit button (%+v)", m.Name, it.Text, it.Box, l.Exit)
					}
				}
			}
			t.Logf("%s's menus: %s", who.name, strings.Join(texts, " | "))
			// A host's only count is notifications, which count a topic's
			// replies as one line (threads): theirs stays short here.
			if who.pseudonym != "" && who.name != "host" && !strings.Contains(strings.Join(texts, "|"), "100+") {
				t.Errorf("no count at its widest in %q", texts)
			}
		})
	}
}

// exitState is where the exit button is, drawn on top or not, on a page
// scrolled to its end; and what it covers before the page is scrolled.
type exitState struct {
	Box      rect
	Viewport float64
	OnTop    bool // the button is what a tap at its centre reaches
	Scrolled bool // the page was long enough to scroll
	Buttons  int  // elements that exit: the button and its skip link
	// Covered are the header's items and the heading that the exit
	// button's bar covers at the top of the page.
	Covered []string
}

const jsExitState = `(() => { ` + jsRect + jsDescribe + `
	window.scrollTo(0, 0);
	const bar = rectOf(document.querySelector(".exit-this-page"));
	const covered = [...document.querySelectorAll(".site-name, .site-header nav li, main h1")].filter(e => {
		const r = rectOf(e); return r.top < bar.bottom && bar.top < r.bottom && r.left < bar.right && bar.left < r.right;
	}).map(describe);
	window.scrollTo(0, document.documentElement.scrollHeight);
	const exit = document.querySelector(".exit-page"), box = rectOf(exit);
	const hit = document.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2);
	return {box, viewport: window.innerHeight, onTop: !!hit && exit.contains(hit), scrolled: window.scrollY > 0,
		buttons: document.querySelectorAll("[data-exit]").length, covered};
})()`

// exitPages are pages of every kind, as the person who would open them.
func exitPages(sc *scene) []struct{ name, who, path string } {
	return []struct{ name, who, path string }{
		{"home", "visitor", "/"},
		{"group", "visitor", fmt.Sprintf("/g/%d", sc.group.ID)},
		{"forum", "visitor", fmt.Sprintf("/f/%d", sc.forumID)},
		{"expert forum", "visitor", fmt.Sprintf("/f/%d", sc.expertID)},
		{"topic", "visitor", fmt.Sprintf("/t/%d", sc.topic.TopicID)},
		{"search results", "visitor", "/search?q=council"},
		{"digest", "visitor", "/digest"},
		{"sign in", "visitor", "/login"},
		{"create an account", "visitor", "/register"},
		{"privacy", "visitor", "/privacy"},
		{"not found", "visitor", "/t/999999"},
		{"new topic form", "member", fmt.Sprintf("/f/%d/new", sc.forumID)},
		{"reply form", "member", fmt.Sprintf("/t/%d/reply?to=%d", sc.topic.TopicID, sc.replies[0])},
		{"topic signed in", "member", fmt.Sprintf("/t/%d", sc.topic.TopicID)},
		{"your posts", "member", "/my/posts"},
		{"notifications", "member", "/notifications"},
		{"your account", "member", "/account"},
		{"moderation queue", "moderator", "/mod/queue"},
		{"moderate a post", "moderator", fmt.Sprintf("/mod/posts/%d", sc.replies[1])},
		{"reports", "moderator", "/mod/reports"},
		{"reveal requests", "moderator", "/mod/reveals"},
		{"moderation log", "moderator", "/mod/log"},
		{"admin", "admin", "/admin"},
		{"admin settings", "admin", "/admin/settings"},
	}
}

// neutralSite stands in for the site "Exit this page" leaves for, and makes
// it the scene's exit address.
func neutralSite(t *testing.T, sc *scene) string {
	t.Helper()
	neutral := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("<!DOCTYPE html><title>Weather</title><h1>Weather</h1>"))
	}))
	t.Cleanup(neutral.Close)
	set := must[forum.Settings](t)(sc.st.Settings(context.Background()))
	set.ExitURL = neutral.URL + "/weather"
	ok(t, sc.st.SaveSettings(context.Background(), set))
	return set.ExitURL
}

// TestExitThisPageStaysInReach: on every kind of page, at a phone's width
// and a desktop's, the exit button covers none of the header and heading
// at the top of the page; scrolled to the end, it is on the screen and
// nothing covers it; and Shift pressed three times leaves the page.
func TestExitThisPageStaysInReach(t *testing.T) {
	browser := chromium(t, "ignore-certificate-errors")
	sc := newScene(t)
	exitURL := neutralSite(t, sc)
	people := map[string]*person{"visitor": newPerson(t, browser, "visitor")}
	for who, pseudonym := range map[string]string{"member": sc.writer.Pseudonym, "moderator": sc.mod.Pseudonym, "admin": sc.admin.Pseudonym} {
		people[who] = newPerson(t, browser, who)
		signIn(people[who], sc.site, pseudonym, scenePass)
	}
	for _, pg := range exitPages(sc) {
		t.Run(pg.name, func(t *testing.T) {
			p := people[pg.who].forT(t)
			for _, width := range []int64{phone, desktop} {
				p.run("open "+pg.path, chromedp.EmulateViewport(width, 844), chromedp.Navigate(sc.URL+pg.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
				e := get(p, "scroll to the end", chromedp.Evaluate[exitState](jsExitState))
				if e.Buttons != 2 {
					t.Errorf("%d px: %d exit controls, want the button and its skip link", width, e.Buttons)
				}
				if e.Box.Top < 0 || e.Box.Bottom > e.Viewport || e.Box.Bottom-e.Box.Top < 24 {
					t.Errorf("%d px, scrolled to the end (scrolled: %v): the exit button is at %.0f-%.0f px of a %.0f px screen",
						width, e.Scrolled, e.Box.Top, e.Box.Bottom, e.Viewport)
				}
				if !e.OnTop {
					t.Errorf("%d px, scrolled to the end: something covers the exit button", width)
				}
				for _, c := range e.Covered {
					t.Errorf("%d px, at the top of the page: the exit button covers %s", width, c)
				}
				if width == phone && pg.name == "home" && !e.Scrolled {
					t.Errorf("the home page does not scroll at %d px: the test proves nothing", width)
				}
			}
			p.run("press Shift three times", chromedp.KeyEvent(kb.Shift), chromedp.KeyEvent(kb.Shift), chromedp.KeyEvent(kb.Shift),
				chromedp.WaitVisible(chromedp.CSS("h1")))
			if got := get(p, "where", chromedp.Location()); got != exitURL {
				t.Errorf("after Shift three times the browser is at %q, want the neutral site", got)
			}
		})
	}
}

// TestShiftThreeTimesCountsOnlyShift: Shift+Tab (a keyboard user going
// back), capitals typed in a field, or Shift with other keys between never
// add up to three; Shift three times from inside a text field leaves.
func TestShiftThreeTimesCountsOnlyShift(t *testing.T) {
	browser := chromium(t, "ignore-certificate-errors")
	sc := newScene(t)
	exitURL := neutralSite(t, sc)
	p := newPerson(t, browser, "member")
	signIn(p, sc.site, sc.writer.Pseudonym, scenePass)
	form := fmt.Sprintf("%s/f/%d/new", sc.URL, sc.forumID)
	shiftTab := chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
	p.run("open the new topic form", chromedp.Navigate(form), chromedp.WaitVisible(chromedp.CSS("#title")))
	p.run("go back and forth, type capitals",
		chromedp.Click(chromedp.CSS("#body")),
		// Shift held for Tab: pressed, Tab, released, as a person does.
		chromedp.KeyEvent(kb.Shift), shiftTab, chromedp.KeyEvent(kb.Shift), shiftTab, chromedp.KeyEvent(kb.Shift), shiftTab,
		chromedp.Click(chromedp.CSS("#title")),
		chromedp.KeyEvent(kb.Shift), chromedp.KeyEvent("A", chromedp.KeyModifiers(chromedp.ModifierShift)),
		chromedp.KeyEvent(kb.Shift), chromedp.KeyEvent("B", chromedp.KeyModifiers(chromedp.ModifierShift)),
		chromedp.KeyEvent(kb.Shift), chromedp.KeyEvent("C", chromedp.KeyModifiers(chromedp.ModifierShift)),
	)
	if got := get(p, "where", chromedp.Location()); got != form {
		t.Fatalf("after Shift+Tab and capitals the browser is at %q, want still the form", got)
	}
	if got := get(p, "read the title", chromedp.Evaluate[string](`document.querySelector("#title").value`)); got != "ABC" {
		t.Errorf("the title field holds %q, want the capitals typed", got)
	}
	p.run("press Shift three times in the field", chromedp.KeyEvent(kb.Shift), chromedp.KeyEvent(kb.Shift), chromedp.KeyEvent(kb.Shift),
		chromedp.WaitVisible(chromedp.CSS("h1")))
	if got := get(p, "where", chromedp.Location()); got != exitURL {
		t.Errorf("after Shift three times in a field the browser is at %q, want the neutral site", got)
	}
}

// focusState is where the focused element is drawn beside the exit button.
type focusState struct {
	Focused string
	Box     rect
	Exit    rect // the exit button's bar on a phone, the button on a desktop
	Inside  bool // the focus is on the exit button itself
}

const jsFocusState = `(() => { ` + jsRect + jsDescribe + `
	const el = document.activeElement, bar = document.querySelector(".exit-this-page");
	return {focused: describe(el), box: rectOf(el), exit: rectOf(bar), inside: bar.contains(el)};
})()`

// TestExitThisPageHidesNoFocus (WCAG 2.2, 2.4.11 focus not obscured): going
// backwards with Shift+Tab from the end of long pages, at a phone's width
// and a desktop's, the element with the focus is never under the exit
// button, which stays on the screen as the page scrolls.
func TestExitThisPageHidesNoFocus(t *testing.T) {
	browser := chromium(t)
	sc := newScene(t)
	p := newPerson(t, browser, "member")
	signIn(p, sc.site, sc.writer.Pseudonym, scenePass)
	const presses = 40
	for _, path := range []string{"/", fmt.Sprintf("/t/%d", sc.topic.TopicID), fmt.Sprintf("/f/%d/new", sc.forumID)} {
		for _, width := range []int64{phone, desktop} {
			t.Run(fmt.Sprintf("%s at %d px", path, width), func(t *testing.T) {
				p := p.forT(t)
				p.run("open "+path, chromedp.EmulateViewport(width, 844), chromedp.Navigate(sc.URL+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
				// Start from the footer's last link, at the end of the page.
				p.run("focus the end", chromedp.Evaluate[chromedp.Void](`(() => { const links = document.querySelectorAll(".site-footer a");
					links[links.length - 1].focus(); window.scrollTo(0, document.documentElement.scrollHeight); })()`))
				for i := range presses {
					p.run("Shift+Tab", chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)))
					f := get(p, "where the focus is", chromedp.Evaluate[focusState](jsFocusState))
					if f.Inside {
						break // back at the top of the page
					}
					if f.Box.overlaps(f.Exit) {
						t.Errorf("press %d: %s (%+v) is under the exit button (%+v)", i+1, f.Focused, f.Box, f.Exit)
					}
				}
			})
		}
	}
}
