package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"forum/internal/forum"
)

// TestFollowWhatIsNew: a member who read a topic comes back to the home
// page, sees its forum marked "New posts", opens the forum, follows the
// topic's "2 new" link to the first of the two new replies, finds both
// marked New, and, back on the forum, the topic no longer marked; "Mark
// all as read" on the home page clears the rest.
func TestFollowWhatIsNew(t *testing.T) {
	browser := chromium(t)
	s := newSite(t)
	ctx := context.Background()
	mod := s.account(t, "Unread Moderator", forum.RoleModerator, "moderator passphrase for unread")
	writer := s.account(t, "Unread Writer", forum.RolePractitioner, "writer passphrase for unread")
	s.account(t, "Returning Reader", forum.RolePractitioner, "reader passphrase for unread")
	f := forumOf(t, s.st, "Secure and suitable housing")
	topic, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "Rooms kept during treatment",
		Body: "Do you keep a room while a survivor is in hospital?"})
	if err != nil {
		t.Fatal(err)
	}
	reader := newPerson(t, browser, "reader")
	sgSignIn(reader, s, "Returning Reader", "reader passphrase for unread")
	reader.run("read the topic once",
		chromedp.Navigate(url(s, "/t/%d", topic.TopicID)),
		chromedp.WaitVisible(chromedp.CSS(".thread")),
	)
	if err := s.st.FlushReads(ctx); err != nil {
		t.Fatal(err)
	}
	var replies []int64
	for _, body := range []string{"We keep it for twelve weeks.", "Ours is kept until discharge."} {
		r, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: writer.ID, Body: body})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.st.Approve(ctx, mod, r.PostID); err != nil {
			t.Fatal(err)
		}
		replies = append(replies, r.PostID)
	}

	reader.run("come back to the home page and open the forum marked New posts",
		chromedp.Navigate(url(s, "/")),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`.outcome-forums a[href="/f/%d"] ~ .badge-new`, f.ID))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`.outcome-forums a[href="/f/%d"]`, f.ID))),
		chromedp.WaitVisible(chromedp.CSS(".topic-list")),
	)
	link := get(reader, "read the topic's unread link", chromedp.Text(chromedp.CSS(fmt.Sprintf(`a.badge-new[href="/t/%d/unread"]`, topic.TopicID))))
	if !strings.HasPrefix(link, "2 new") {
		t.Errorf("the topic's unread link says %q, want 2 new", link)
	}
	reader.run("follow it to the first new reply",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a.badge-new[href="/t/%d/unread"]`, topic.TopicID))),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#p%d", replies[0]))),
	)
	if at := get(reader, "read the address", chromedp.Location()); !strings.HasSuffix(at, fmt.Sprintf("#p%d", replies[0])) {
		t.Errorf("the unread link led to %s, want the first new reply", at)
	}
	marked := get(reader, "list the posts marked New", chromedp.Evaluate[string](
		`Array.from(document.querySelectorAll(".post-meta .badge-new")).map(b => b.closest("[id^=p]").id).join(",")`))
	if want := fmt.Sprintf("p%d,p%d", replies[0], replies[1]); marked != want {
		t.Errorf("the posts marked New are %q, want %q", marked, want)
	}
	reader.run("go back to the forum",
		chromedp.Navigate(url(s, "/f/%d", f.ID)),
		chromedp.WaitVisible(chromedp.CSS(".topic-list")),
	)
	if n := get(reader, "count unread marks", chromedp.Evaluate[int](`document.querySelectorAll(".topic-list .badge-new").length`)); n != 0 {
		t.Errorf("after reading, the forum still marks %d topics", n)
	}

	r, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: writer.ID, Body: "And a third way."})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.st.Approve(ctx, mod, r.PostID); err != nil {
		t.Fatal(err)
	}
	reader.run("mark all as read from the home page",
		chromedp.Navigate(url(s, "/")),
		chromedp.WaitVisible(chromedp.CSS(".badge-new")),
		chromedp.Click(chromedp.CSS(`.mark-all-read button`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if n := get(reader, "count marks", chromedp.Evaluate[int](`document.querySelectorAll(".badge-new").length`)); n != 0 {
		t.Errorf("after Mark all as read the home page still shows %d marks", n)
	}
}
