package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"forum/internal/forum"
)

// TestChangeAndWithdrawAPublishedPost: in Chromium, an author changes their
// published reply from "Your posts"; a moderator reads the difference in
// the queue and approves it; a reader sees the new words marked edited.
// Then the author withdraws the post, and the reader sees it deleted.
func TestChangeAndWithdrawAPublishedPost(t *testing.T) {
	browser := chromium(t)
	s := newSite(t)
	ctx := context.Background()
	mod := s.account(t, "Change Moderator", forum.RoleModerator, "moderator passphrase for changes")
	writer := s.account(t, "Changing Writer", forum.RolePractitioner, "writer passphrase for changes")
	f := forumOf(t, s.st, "Secure and suitable housing")
	topic, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "Move-on rooms that last",
		Body: "How long do your services keep a room?"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: writer.ID, Body: "We keep a room for sixty days."})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.st.Approve(ctx, mod, r.PostID); err != nil {
		t.Fatal(err)
	}
	post := fmt.Sprintf("#p%d", r.PostID)

	author := newPerson(t, browser, "author")
	sgSignIn(author, s, "Changing Writer", "writer passphrase for changes")
	author.run("change the published reply",
		chromedp.Navigate(url(s, "/my/posts")),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/my/posts/%d/edit"]`, r.PostID))),
		chromedp.WaitVisible(chromedp.CSS("#body")),
		chromedp.Focus(chromedp.CSS("#body")),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#body").select()`),
		chromedp.KeyEvent(kb.Backspace),
		chromedp.SendKeys(chromedp.CSS("#body"), "We keep a room for ninety days."),
		chromedp.Click(chromedp.CSS(`button[value=send]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if got := author.text(".flash"); !strings.Contains(got, "Your change is sent to the moderators") {
		t.Errorf("after sending the change the page says %q", got)
	}

	reader := newPerson(t, browser, "reader")
	reader.run("read the topic", chromedp.Navigate(url(s, "/t/%d", topic.TopicID)), chromedp.WaitVisible(chromedp.CSS(post)))
	if got := reader.text(post + " .post-body"); !strings.Contains(got, "sixty days") {
		t.Errorf("before approval the reader sees %q, want the published words", got)
	}

	m := newPerson(t, browser, "moderator")
	sgSignIn(m, s, "Change Moderator", "moderator passphrase for changes")
	m.run("read the change in the queue",
		chromedp.Navigate(url(s, "/mod/queue")),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#c%d pre.diff", r.PostID))),
	)
	if del, ins := m.text(fmt.Sprintf("#c%d pre.diff del", r.PostID)), m.text(fmt.Sprintf("#c%d pre.diff ins", r.PostID)); !strings.Contains(del, "sixty") || !strings.Contains(ins, "ninety") {
		t.Errorf("the queue shows %q taken out and %q put in", del, ins)
	}
	m.run("approve the change",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/mod/changes/%d/approve"] button`, r.PostID))),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	reader.run("read the topic again", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(post+" .post-edited")))
	if got := reader.text(post + " .post-body"); !strings.Contains(got, "ninety days") || strings.Contains(got, "sixty") {
		t.Errorf("after approval the reader sees %q", got)
	}

	author.run("change it again, then think better of it and withdraw the change",
		chromedp.Navigate(url(s, "/my/posts/%d/edit", r.PostID)),
		chromedp.WaitVisible(chromedp.CSS("#body")),
		chromedp.SendKeys(chromedp.CSS("#body"), " Or longer."),
		chromedp.Click(chromedp.CSS(`button[value=send]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#post-%d form[action="/my/posts/%d/change/cancel"] button`, r.PostID, r.PostID))),
		// The button goes with the change: the new page has come.
		chromedp.WaitNotPresent(chromedp.CSS(fmt.Sprintf(`form[action="/my/posts/%d/change/cancel"]`, r.PostID))),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if got := author.text(".flash"); !strings.Contains(got, "Your change is withdrawn") {
		t.Errorf("after withdrawing the change the page says %q", got)
	}
	m.run("find the queue without it", chromedp.Navigate(url(s, "/mod/queue")), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if n := get(m, "count the queue's changes", chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll("#c%d").length`, r.PostID))); n != 0 {
		t.Error("the withdrawn change is still in the queue")
	}

	author.run("withdraw the post",
		chromedp.Navigate(url(s, "/my/posts")),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#post-%d details.withdraw-published summary`, r.PostID))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#post-%d details.withdraw-published button`, r.PostID))),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	reader.run("read the topic once more", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(post)))
	if got := reader.text(post); !strings.Contains(got, "deleted by its author") || strings.Contains(got, "ninety") {
		t.Errorf("after the withdrawal the reader sees %q", got)
	}
}
