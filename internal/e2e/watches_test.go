package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"forum/internal/forum"
)

// TestWatchATopicAndStopFromTheNotification: a member presses "Watch this
// topic" on a topic's page; another member's anonymous reply is approved;
// the watcher finds it in their notifications, told as the topic shows it
// ("An anonymous practitioner"), presses "Stop watching this topic" there,
// is brought back to the list, and the topic's page offers Watch again.
func TestWatchATopicAndStopFromTheNotification(t *testing.T) {
	browser := chromium(t)
	s := newSite(t)
	ctx := context.Background()
	mod := s.account(t, "Watch Moderator", forum.RoleModerator, "moderator passphrase for watching")
	writer := s.account(t, "Replying Writer", forum.RolePractitioner, "writer passphrase for watching")
	s.account(t, "Watching Reader", forum.RolePractitioner, "reader passphrase for watching")
	f := forumOf(t, s.st, "Secure and suitable housing")
	topic, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "Keys for a first tenancy",
		Body: "Who hands over the keys on the day?"})
	if err != nil {
		t.Fatal(err)
	}

	reader := newPerson(t, browser, "watcher")
	sgSignIn(reader, s, "Watching Reader", "reader passphrase for watching")
	reader.run("watch the topic from its page",
		chromedp.Navigate(url(s, "/t/%d", topic.TopicID)),
		chromedp.Click(chromedp.CSS(`.watch-control button`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if got := reader.text(".watch-control"); !strings.Contains(got, "Stop watching this topic") {
		t.Errorf("after watching, the topic's control says %q", got)
	}

	r, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: writer.ID, Anonymous: true,
		Body: "The support worker, with the survivor, at the housing office."})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.st.Approve(ctx, mod, r.PostID); err != nil {
		t.Fatal(err)
	}

	reader.run("open the notifications from the header",
		chromedp.Navigate(url(s, "/")),
		chromedp.Click(chromedp.CSS(`header a[href="/notifications"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notifications")),
	)
	line := reader.text(".notifications li")
	if want := "An anonymous practitioner posted in Keys for a first tenancy, which you watch."; !strings.Contains(line, want) {
		t.Errorf("the notification says %q, want %q", line, want)
	}
	if strings.Contains(reader.html(), "Replying Writer") {
		t.Error("the notifications name the anonymous reply's writer")
	}
	reader.run("stop watching from the notification",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/t/%d/unwatch"] button`, topic.TopicID))),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if at := get(reader, "read the address", chromedp.Location()); !strings.HasSuffix(at, "/notifications") {
		t.Errorf("stopping led to %s, want the notifications", at)
	}
	if got := reader.text(".flash"); got != "You are no longer watching the topic." {
		t.Errorf("the flash says %q", got)
	}
	if strings.Contains(reader.text(".notifications"), "Stop watching") {
		t.Error("the notification still offers Stop watching")
	}
	reader.run("open the topic again",
		chromedp.Navigate(url(s, "/t/%d", topic.TopicID)),
		chromedp.WaitVisible(chromedp.CSS(".watch-control")),
	)
	if got := reader.text(".watch-control"); got != "Watch this topic" {
		t.Errorf("after stopping, the topic's control says %q, want Watch this topic", got)
	}
}

// TestWatchingPagesAreAccessible: the pages watching adds to (a topic and
// a forum watched, a topic told of through its forum, notifications of
// watched topics with their Stop watching buttons) have no axe-core
// violations, visible focus, and no sideways scrolling at 320 px.
func TestWatchingPagesAreAccessible(t *testing.T) {
	axe := axeSource(t)
	browser := chromium(t)
	s := newSite(t)
	ctx := context.Background()
	mod := s.account(t, "Watch Moderator", forum.RoleModerator, "moderator passphrase for watching")
	writer := s.account(t, "Replying Writer", forum.RolePractitioner, "writer passphrase for watching")
	watcher := s.account(t, "Watching Reader", forum.RolePractitioner, "reader passphrase for watching")
	f := forumOf(t, s.st, "Secure and suitable housing")
	var topics []int64
	for _, title := range []string{"Keys for a first tenancy", "Furniture grants"} {
		topic, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: title, Body: "What works for you?"})
		if err != nil {
			t.Fatal(err)
		}
		topics = append(topics, topic.TopicID)
	}
	if err := s.st.WatchTopic(ctx, watcher.ID, topics[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.st.WatchForum(ctx, watcher.ID, f.ID); err != nil {
		t.Fatal(err)
	}
	for i, body := range []string{"The support worker hands them over.", "At the housing office.", "A local charity helps."} {
		r, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: topics[i%2], AuthorID: writer.ID, Anonymous: i == 1, Body: body})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.st.Approve(ctx, mod, r.PostID); err != nil {
			t.Fatal(err)
		}
	}
	reader := newPerson(t, browser, "watcher")
	sgSignIn(reader, s, "Watching Reader", "reader passphrase for watching")
	var n a11yCounts
	for _, pg := range []a11yPage{
		{name: "notifications of watched topics", who: reader, path: "/notifications"},
		{name: "a watched topic", who: reader, path: fmt.Sprintf("/t/%d", topics[0])},
		{name: "a topic in a watched forum", who: reader, path: fmt.Sprintf("/t/%d", topics[1])},
		{name: "a watched forum", who: reader, path: fmt.Sprintf("/f/%d", f.ID)},
		{name: "the account, with what one watches", who: reader, path: "/account"},
	} {
		t.Run(pg.name, func(t *testing.T) { checkPage(t, pg.who.forT(t), s.URL, pg, axe, &n) })
	}
	t.Logf("%d pages, %d rules, %d focusable controls", n.pages, n.rules, n.focusable)
}
