package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"forum/internal/demo"
	"forum/internal/forum"
	"forum/internal/store"
)

// queueView is where the moderation queue's pieces are drawn, in CSS
// pixels of the window, and what state they are in.
type queueView struct {
	Height                int
	Width                 int
	PageWidth             int
	Bar                   [2]float64 // top and bottom
	Items                 []queueEntry
	Active, Hash, Count   string
	Flash                 string
	ScrollPadding         string
	SmallestBarControl    float64
	LongClipped, LongFull float64 // a folded post's drawn and whole heights
}

type queueEntry struct {
	ID           string
	Top, Bottom  float64
	Pick         bool // may be approved together
	Checked      bool
	Current      bool // marked as the current post (and aria-current)
	Outline      string
	OutlineWidth float64
}

const jsQueueView = `(() => {
	const r = e => e.getBoundingClientRect();
	const bar = document.getElementById("bulk-bar");
	const items = [...document.querySelectorAll(".queue-item")].map(e => {
		const pick = e.querySelector('input[type="checkbox"][form="bulk"]'), s = getComputedStyle(e);
		return {id: e.id, top: r(e).top, bottom: r(e).bottom, pick: !!pick, checked: !!(pick && pick.checked),
			current: e.classList.contains("is-current") && e.getAttribute("aria-current") === "true",
			outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth)};
	});
	const long = document.querySelector(".queue-body-long");
	const flash = bar.querySelector(".flash");
	return {height: innerHeight, width: innerWidth, pageWidth: document.documentElement.scrollWidth,
		bar: [r(bar).top, r(bar).bottom], items,
		active: document.activeElement.id || document.activeElement.tagName, hash: location.hash,
		count: document.getElementById("bulk-count").textContent, flash: flash ? flash.textContent.trim() : "",
		scrollPadding: getComputedStyle(document.documentElement).scrollPaddingTop,
		smallestBarControl: Math.min(...[...bar.querySelectorAll("button")].map(b => Math.min(r(b).height, r(b).width))),
		longClipped: long ? r(long).height : 0, longFull: long ? long.scrollHeight : 0};
})()`

// TestModerationQueueAtWork: the queue of `forum demo`, with a long post
// and one with possible personal data added, as a moderator works through
// it in a 1280x800 window: several posts to a screen; the bar with "Select
// all" and "Approve the selected posts" in view wherever they scroll;
// after approving the third post the page opens at the fourth, below the
// bar, with the focus; j moves on, clear of the bar; "Select all" ticks
// every post that may be approved together and no other; a long post is
// folded and unfolds whole; the current post is marked in forced colours
// too; and on a phone the bar stays one line, in view, its controls large
// enough to tap.
func TestModerationQueueAtWork(t *testing.T) {
	browser := chromium(t)
	s := newBusySite(t)
	ctx := context.Background()
	rep, err := demo.Fill(ctx, s.st, 1)
	if err != nil {
		t.Fatal(err)
	}
	s.account(t, "Working Moderator", forum.RoleModerator, scenePass)
	groups := must[[]forum.Group](t)(s.st.Groups(ctx))
	author := rep.Practitioners[0].Account
	long := strings.Repeat("We met the council's housing team twice before the decision, and each time we brought the support plan and the letters. ", 4) +
		"\n\nIn the end the review found in her favour, after eleven weeks in a hotel room far from her support."
	must[store.Created](t)(s.st.CreateTopic(ctx, forum.NewTopic{ForumID: groups[0].Forums[0].ID, AuthorID: author.ID,
		Title: "A long account of a review that worked", Body: long}))
	must[store.Created](t)(s.st.CreateTopic(ctx, forum.NewTopic{ForumID: groups[0].Forums[0].ID, AuthorID: author.ID,
		Title: "A case to discuss", Body: "Her NHS number is 943 476 5919, what next?"}))

	mod := newPerson(t, browser, "moderator")
	signIn(mod, s, "Working Moderator", scenePass)
	view := func(what string) queueView { return get(mod, what, chromedp.Evaluate[queueView](jsQueueView)) }
	mod.run("open the queue at 1280x800", chromedp.EmulateViewport(1280, 800), chromedp.Navigate(s.URL+"/mod/queue"),
		chromedp.WaitVisible(chromedp.CSS(".queue-item")))
	v := view("measure the queue")
	if len(v.Items) < 12 {
		t.Fatalf("the demo queue shows %d posts, want at least 12", len(v.Items))
	}
	ids := make([]string, len(v.Items))
	for i, it := range v.Items {
		ids[i] = it.ID
	}

	// Several posts to a screen.
	mod.run("scroll to the first post", chromedp.Evaluate[chromedp.Void](`document.querySelector(".queue-item").scrollIntoView({block: "start"})`))
	v = view("measure the first screen")
	whole := 0
	for _, it := range v.Items {
		if it.Top >= v.Bar[1] && it.Bottom <= float64(v.Height) {
			whole++
		}
	}
	if whole < 4 {
		t.Errorf("%d posts fit whole in a 1280x800 window below the bar (bar ends at %.0f; posts %+v), want at least 4", whole, v.Bar[1], v.Items[:5])
	}

	// The bar, wherever the moderator has scrolled.
	mod.run("scroll to the end", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.documentElement.scrollHeight)`))
	v = view("measure at the end")
	if v.Bar[0] < 0 || v.Bar[0] > 1 || v.Bar[1] > float64(v.Height) {
		t.Errorf("at the end of the page the bar is drawn from %.0f to %.0f, want it at the top of the window", v.Bar[0], v.Bar[1])
	}

	// Approve the third post: the page opens at the fourth, clear of the
	// bar, and gives it the focus.
	third, fourth := ids[2], ids[3]
	mod.run("approve the third post",
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).scrollIntoView({block: "start"})`, third)),
		chromedp.Click(chromedp.CSS("#"+third+` form[action$="/approve"] button`)),
		chromedp.WaitVisible(chromedp.CSS(".bulk-bar .flash")),
	)
	get(mod, "wait for the next post", chromedp.Poll[bool](fmt.Sprintf(`location.hash === "#%s" && document.readyState === "complete"`, fourth),
		chromedp.WithPollingTimeout(10*time.Second)))
	v = view("measure after approving")
	landed := entry(t, v, fourth)
	if landed.Top < v.Bar[1] || landed.Top >= float64(v.Height) {
		t.Errorf("after approving the third post, the fourth starts at %.0f, want it between the bar's foot (%.0f) and the window's (%d)", landed.Top, v.Bar[1], v.Height)
	}
	if v.Active != fourth || !landed.Current {
		t.Errorf("after approving the third post the focus is on %q (the fourth marked current: %v), want the fourth, %s", v.Active, landed.Current, fourth)
	}
	if v.Flash != "The post is approved and published." {
		t.Errorf("the bar says %q after approving", v.Flash)
	}
	for _, it := range v.Items {
		if it.ID == third {
			t.Errorf("the approved post is still in the queue")
		}
	}
	if landed.Outline != "solid" || landed.OutlineWidth < 3 {
		t.Errorf("the current post's outline is %s %.0fpx, want a solid one of 3px or more", landed.Outline, landed.OutlineWidth)
	}

	// j moves to the next post, which is not hidden under the bar.
	mod.run("press j", chromedp.KeyEvent("j"))
	v = view("measure after j")
	fifth := ids[4]
	next := entry(t, v, fifth)
	if v.Active != fifth || !next.Current || next.Top < v.Bar[1] || next.Top >= float64(v.Height) {
		t.Errorf("after j the focus is on %q, the fifth post (current %v) starts at %.0f below a bar ending at %.0f; want the fifth, in view below the bar",
			v.Active, next.Current, next.Top, v.Bar[1])
	}
	if entry(t, v, fourth).Current {
		t.Error("after j the fourth post is still marked current")
	}

	// In forced colours (Windows high contrast) the current post keeps its ring.
	mod.run("forced colours", forcedColours("active"))
	fc := entry(t, view("measure in forced colours"), fifth)
	if fc.Outline != "solid" || fc.OutlineWidth < 3 {
		t.Errorf("in forced colours the current post's outline is %s %.0fpx, want a solid one of 3px or more", fc.Outline, fc.OutlineWidth)
	}
	mod.run("no forced colours", forcedColours("none"))

	// Select all, in place: every post without findings, and no other.
	mod.run("select all", chromedp.Click(chromedp.CSS("#select-all")))
	v = view("measure after selecting all")
	picks, findings := 0, 0
	for _, it := range v.Items {
		if it.Pick {
			picks++
			if !it.Checked {
				t.Errorf("post %s may be approved together but Select all left it unticked", it.ID)
			}
		} else {
			findings++
		}
	}
	if findings != 1 {
		t.Errorf("%d posts cannot be approved together, want the 1 with findings", findings)
	}
	if want := fmt.Sprintf("%d of %d selected", picks, picks); v.Count != want || v.Hash != "#"+fourth {
		t.Errorf("after Select all the bar counts %q (address #%s), want %q without leaving the page", v.Count, v.Hash, want)
	}
	mod.run("clear the selection", chromedp.Click(chromedp.CSS("#select-all")))
	v = view("measure after clearing")
	for _, it := range v.Items {
		if it.Checked {
			t.Errorf("post %s is still ticked after clearing the selection", it.ID)
		}
	}

	// A long post shows its first lines, and all of it after Read all.
	if v.LongClipped <= 0 || v.LongClipped >= v.LongFull {
		t.Errorf("the long post is drawn %.0fpx tall of %.0fpx, want it folded", v.LongClipped, v.LongFull)
	}
	mod.run("read all of the long post", chromedp.Click(chromedp.CSS("details.queue-read > summary")))
	if v = view("measure the long post"); v.LongClipped < v.LongFull {
		t.Errorf("after Read all the long post is drawn %.0fpx tall of %.0fpx, want all of it", v.LongClipped, v.LongFull)
	}

	// On a phone: the bar stays in view, on one line, its controls large enough.
	mod.run("open the queue at 390x844", chromedp.EmulateViewport(390, 844), chromedp.Navigate(s.URL+"/mod/queue"),
		chromedp.WaitVisible(chromedp.CSS(".queue-item")),
		chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.documentElement.scrollHeight / 2)`))
	v = view("measure on a phone")
	// It sits just below the fixed "Exit this page" bar (about 60 px).
	if v.Bar[0] < 0 || v.Bar[0] > 64 || v.Bar[1]-v.Bar[0] > 70 {
		t.Errorf("on a phone the bar is drawn from %.0f to %.0f, want it at the top of the window below the exit bar, one line high", v.Bar[0], v.Bar[1])
	}
	if v.SmallestBarControl < 24 {
		t.Errorf("on a phone the bar's smallest control is %.0fpx, want 24 or more", v.SmallestBarControl)
	}
	if v.PageWidth > v.Width {
		t.Errorf("on a phone the page is %dpx wide in a %dpx window", v.PageWidth, v.Width)
	}
}

// forcedColours emulates forced-colors (active or none), as Windows'
// high-contrast themes set it.
func forcedColours(value string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "forced-colors", Value: value}}})
		return err
	})
}

// entry is the queue entry with id, or fails the test.
func entry(t *testing.T, v queueView, id string) queueEntry {
	t.Helper()
	for _, it := range v.Items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("the queue has no post %s", id)
	return queueEntry{}
}
