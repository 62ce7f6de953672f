package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"forum/internal/forum"
	"forum/internal/store"
)

// TestAPermalinkLandsAtThePost: a reader who opens a post's permalink, in a
// thread long enough to have a second page, lands on that page with the
// post in view and marked, and the post's "Link to this post" leads back
// to it.
func TestAPermalinkLandsAtThePost(t *testing.T) {
	browser := chromium(t)
	s := newSite(t)
	mod := s.account(t, "Thread Moderator", forum.RoleModerator, "moderator passphrase for threads")
	f := forumOf(t, s.st, "Secure and suitable housing")
	ctx := context.Background()
	topic, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "Move-on rooms that last",
		Body: "How long do your services keep a room?"})
	if err != nil {
		t.Fatal(err)
	}
	var replies []int64
	for i := range store.PostPageSize + 10 {
		c, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: mod.ID,
			Body: fmt.Sprintf("Reply %d: our service keeps rooms for %d days.\n\nA second paragraph, so that posts take room on the page.", i+1, i+3)})
		if err != nil {
			t.Fatal(err)
		}
		replies = append(replies, c.PostID)
	}
	target := replies[len(replies)-5] // on the second page, not at its top
	sel := fmt.Sprintf("#p%d", target)

	reader := newPerson(t, browser, "reader")
	reader.run("open the permalink", chromedp.Navigate(url(s, "/p/%d", target)), chromedp.WaitVisible(chromedp.CSS(sel)))
	at := get(reader, "read the address", chromedp.Location())
	if !strings.Contains(at, fmt.Sprintf("/t/%d?after=", topic.TopicID)) || !strings.HasSuffix(at, fmt.Sprintf("#p%d", target)) {
		t.Errorf("the permalink led to %s, want the topic's second page at the post", at)
	}
	type postView struct {
		Top, Bottom, Height float64
		Target              bool
		Number              string
	}
	landed := fmt.Sprintf(`(() => { const e = document.querySelector(%q); const r = e.getBoundingClientRect();
		return {Top: r.top, Bottom: r.bottom, Height: window.innerHeight, Target: e.matches(":target"),
			Number: e.querySelector(".post-number").textContent}; })()`, sel)
	view := get(reader, "see where the post is", chromedp.Evaluate[postView](landed))
	if view.Top < 0 || view.Top > view.Height/2 || !view.Target {
		t.Errorf("the post is at %.0f–%.0f of a %.0f px window (target %v), want at the top of the window", view.Top, view.Bottom, view.Height, view.Target)
	}
	if want := fmt.Sprintf("Post #%d", len(replies)-5+2); view.Number != want {
		t.Errorf("the post shows %q, want %q", view.Number, want)
	}
	background := get(reader, "read the marked post's background", chromedp.Evaluate[string](
		fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).backgroundColor`, sel)))
	if background == "rgba(0, 0, 0, 0)" || background == "transparent" {
		t.Errorf("the post opened by its permalink is not marked: background %s", background)
	}

	// From the first page, the post's own link leads to it.
	first := replies[3]
	reader.run("follow a post's link to itself",
		chromedp.Navigate(url(s, "/t/%d", topic.TopicID)),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#p%d a[href="/p/%d"]`, first, first))),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#p%d", first))),
	)
	if at := get(reader, "read the address", chromedp.Location()); !strings.HasSuffix(at, fmt.Sprintf("/t/%d#p%d", topic.TopicID, first)) {
		t.Errorf("the post's link led to %s", at)
	}
}
