package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// box is where an element is drawn, in CSS pixels.
type box struct {
	Name                     string
	Top, Bottom, Left, Width float64
	BodyHeight               float64 // of an announcement's post-body
	ActionInside             bool    // an announcement's Withdraw is drawn inside it
}

// expertLayout is what TestExpertForumLayout measures on the page.
type expertLayout struct {
	Buttons       []box // the host's controls
	Announcements []box
}

const jsExpertLayout = `(() => {
	const r = e => e.getBoundingClientRect();
	const group = document.querySelector(".host-controls .button-group") || document.querySelector(".expert-status .button-group");
	const buttons = group ? [...group.querySelectorAll(".button")].map(b => ({name: b.textContent.trim(),
		top: r(b).top, bottom: r(b).bottom, left: r(b).left, width: r(b).width})) : [];
	const announcements = [...document.querySelectorAll(".announcement")].map(a => {
		const body = a.querySelector(".post-body"), act = a.querySelector("form button");
		const inside = !act || (r(act).top >= r(a).top && r(act).bottom <= r(a).bottom);
		return {name: a.querySelector("h3").textContent.trim(), top: r(a).top, bottom: r(a).bottom, left: r(a).left,
			width: r(a).width, bodyHeight: body ? r(body).height : 0, actionInside: inside};
	});
	return {buttons, announcements};
})()`

// TestExpertForumLayout: on an expert forum, as its host, at a desktop and
// a phone width, the host's buttons line up (side by side on one line, or
// one above the other at the same width), and each announcement is a block
// of its own, apart from the next, with its body and its Withdraw inside it.
func TestExpertForumLayout(t *testing.T) {
	browser := chromium(t)
	sc := newScene(t)
	ctx := context.Background()
	for _, a := range []struct{ title, body string }{
		{"Tomorrow starts at 2pm", "The solicitors are in court in the morning.\n\nQuestions sent before then are kept."},
		{"How to ask a good question", "Say which council, and what stage the case is at."},
	} {
		if err := sc.st.Announce(ctx, sc.host, sc.expertID, a.title, a.body); err != nil {
			t.Fatal(err)
		}
	}
	host := newPerson(t, browser, "host")
	signIn(host, sc.site, sc.host.Pseudonym, scenePass)
	for _, c := range []struct {
		name  string
		width int64
		path  string
	}{
		{"live, 1280 px", 1280, fmt.Sprintf("/f/%d", sc.expertID)},
		{"live, 390 px", 390, fmt.Sprintf("/f/%d", sc.expertID)},
		{"coming up, 1280 px", 1280, fmt.Sprintf("/f/%d", sc.upcomingID)},
		{"coming up, 390 px", 390, fmt.Sprintf("/f/%d", sc.upcomingID)},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := host.forT(t)
			p.run("open the forum", chromedp.EmulateViewport(c.width, 900), chromedp.Navigate(sc.URL+c.path))
			l := get(p, "measure", chromedp.Evaluate[expertLayout](jsExpertLayout))
			if len(l.Buttons) < 2 {
				t.Fatalf("the host has %d buttons, want at least 2", len(l.Buttons))
			}
			first := l.Buttons[0]
			for _, b := range l.Buttons[1:] {
				sideBySide := b.Top == first.Top && b.Bottom == first.Bottom
				stacked := b.Left == first.Left && b.Width == first.Width && b.Top >= first.Bottom
				if !sideBySide && !stacked {
					t.Errorf("%q (top %.0f, bottom %.0f, left %.0f, width %.0f) does not line up with %q (top %.0f, bottom %.0f, left %.0f, width %.0f)",
						b.Name, b.Top, b.Bottom, b.Left, b.Width, first.Name, first.Top, first.Bottom, first.Left, first.Width)
				}
			}
			for i, a := range l.Announcements {
				if a.BodyHeight <= 0 {
					t.Errorf("announcement %q shows no body", a.Name)
				}
				if !a.ActionInside {
					t.Errorf("announcement %q has its Withdraw outside it", a.Name)
				}
				if i > 0 {
					if gap := a.Top - l.Announcements[i-1].Bottom; gap < 8 {
						t.Errorf("announcement %q is %.0f px below %q, want them apart", a.Name, gap, l.Announcements[i-1].Name)
					}
				}
			}
			if c.path == fmt.Sprintf("/f/%d", sc.expertID) && len(l.Announcements) != 3 {
				t.Errorf("%d announcements drawn, want 3", len(l.Announcements))
			}
		})
	}
}
