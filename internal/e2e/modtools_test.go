package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"forum/internal/forum"
	"forum/internal/store"
)

// The moderators' tools of issue 17, item 7, each used in a real browser:
// an admin's decline reason chosen in the queue, a note between
// moderators, and a topic moved to another forum.

// shoot keeps a screenshot of p's page at a desktop and a phone width in
// the folder FORUM_TEST_SCREENSHOTS names, when it names one.
func shoot(p *person, name string) {
	p.t.Helper()
	dir := os.Getenv("FORUM_TEST_SCREENSHOTS")
	if dir == "" {
		return
	}
	_ = os.MkdirAll(dir, 0o755)
	for _, w := range []struct {
		label string
		width int64
	}{{"desktop", desktop}, {"phone", phone}} {
		p.run("resize for a screenshot", chromedp.EmulateViewport(w.width, 900))
		png := get(p, "screenshot", chromedp.FullScreenshot(100))
		_ = os.WriteFile(filepath.Join(dir, name+"-"+w.label+".png"), png, 0o644)
	}
	p.run("resize back", chromedp.EmulateViewport(1200, 900))
}

func TestAdminAddsADeclineReasonAModeratorChooses(t *testing.T) {
	browser := chromium(t)
	s := newSite(t)
	ctx := context.Background()
	s.account(t, "Ash Admin", forum.RoleAdmin, scenePass)
	s.account(t, "Queue Moderator", forum.RoleModerator, scenePass)
	author := s.account(t, "Quiet Heron", forum.RolePractitioner, scenePass)
	f := forumOf(t, s.st, "Secure and suitable housing")
	c := must[store.Created](t)(s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: author.ID,
		Title: "Rooms near the station", Body: "Hard detail about what happened to her, with no content note."}))

	admin := newPerson(t, browser, "admin")
	signIn(admin, s, "Ash Admin", scenePass)
	admin.run("add a reason",
		chromedp.Navigate(s.URL+"/admin"),
		chromedp.Click(chromedp.CSS(`a[href="/admin/decline-reasons"]`)),
		chromedp.WaitVisible(chromedp.CSS("#label")),
		chromedp.SendKeys(chromedp.CSS("#label"), "No content note"),
		chromedp.SendKeys(chromedp.CSS("#text"), "It describes abuse in detail without a content note"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/decline-reasons"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if got := admin.text(".decline-reasons li:last-child h2"); got != "No content note" {
		t.Errorf("the last reason listed is %q", got)
	}
	shoot(admin, "decline-reasons")

	mod := newPerson(t, browser, "moderator")
	signIn(mod, s, "Queue Moderator", scenePass)
	reasons := must[[]forum.DeclineReason](t)(s.st.DeclineReasons(ctx))
	key := reasons[len(reasons)-1].Key
	sel := fmt.Sprintf("#reason-%d", c.PostID)
	mod.run("decline with the new reason",
		chromedp.Navigate(s.URL+"/mod/queue"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#q%d details.decline summary", c.PostID))),
		chromedp.WaitVisible(chromedp.CSS(sel)),
		setValue(sel, key),
		chromedp.SendKeys(chromedp.CSS(fmt.Sprintf("#note-%d", c.PostID)), "Add one and send it again."),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/mod/posts/%d/decline"] button[type=submit]`, c.PostID))),
		chromedp.WaitVisible(chromedp.CSS(".flash, .queue-done, .panel")),
	)

	reader := newPerson(t, browser, "author")
	signIn(reader, s, "Quiet Heron", scenePass)
	reader.run("read the notification", chromedp.Navigate(s.URL+"/notifications"), chromedp.WaitVisible(chromedp.CSS(".notifications")))
	if got := reader.text(".notifications li"); !strings.Contains(got, "declined: It describes abuse in detail without a content note. Add one and send it again.") {
		t.Errorf("the author reads %q", got)
	}
}

func TestModeratorsLeaveEachOtherANote(t *testing.T) {
	browser := chromium(t)
	s := newSite(t)
	ctx := context.Background()
	s.account(t, "First Moderator", forum.RoleModerator, scenePass)
	s.account(t, "Second Moderator", forum.RoleModerator, scenePass)
	author := s.account(t, "Quiet Heron", forum.RolePractitioner, scenePass)
	f := forumOf(t, s.st, "Secure and suitable housing")
	c := must[store.Created](t)(s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: author.ID, Anonymous: true,
		Title: "Rooms near the station", Body: "Is the hostel by the station safe?"}))

	first := newPerson(t, browser, "first moderator")
	signIn(first, s, "First Moderator", scenePass)
	first.run("add a note from the queue",
		chromedp.Navigate(s.URL+"/mod/queue"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#q%d .queue-notes a`, c.PostID))),
		chromedp.WaitVisible(chromedp.CSS("#mod-note")),
		chromedp.SendKeys(chromedp.CSS("#mod-note"), "The hostel is a public one; nothing to redact."),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/mod/posts/%d/notes"] button[type=submit]`, c.PostID))),
		chromedp.WaitVisible(chromedp.CSS(".mod-notes")),
	)
	if got := first.text(".flash"); !strings.Contains(got, "Your note is added") {
		t.Errorf("after adding the note the page says %q", got)
	}
	shoot(first, "mod-notes")

	second := newPerson(t, browser, "second moderator")
	signIn(second, s, "Second Moderator", scenePass)
	second.run("read the note from the queue",
		chromedp.Navigate(s.URL+"/mod/queue"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#q%d .queue-notes a`, c.PostID))),
		chromedp.WaitVisible(chromedp.CSS(".mod-notes")),
	)
	notes, page := second.text(".mod-notes"), second.html()
	if !strings.Contains(notes, "First Moderator") || !strings.Contains(notes, "The hostel is a public one; nothing to redact.") {
		t.Errorf("the second moderator reads %q", notes)
	}
	if strings.Contains(page, "Quiet Heron") {
		t.Error("the post's moderation page names its anonymous author")
	}

	reader := newPerson(t, browser, "author")
	signIn(reader, s, "Quiet Heron", scenePass)
	for _, path := range []string{"/my/posts", "/notifications", "/account"} {
		reader.run("look at "+path, chromedp.Navigate(s.URL+path), chromedp.WaitVisible(chromedp.CSS("h1")))
		if strings.Contains(reader.html(), "nothing to redact") {
			t.Errorf("the author reads the moderators' note on %s", path)
		}
	}
}

func TestModeratorMovesATopicToAnotherForum(t *testing.T) {
	browser := chromium(t)
	s := newSite(t)
	ctx := context.Background()
	mod := s.account(t, "Moving Moderator", forum.RoleModerator, scenePass)
	from, to := forumOf(t, s.st, "Secure and suitable housing"), forumOf(t, s.st, "Long-term, consistent support")
	c := must[store.Created](t)(s.st.CreateTopic(ctx, forum.NewTopic{ForumID: from.ID, AuthorID: mod.ID,
		Title: "Keeping the same caseworker", Body: "How do you keep one caseworker through a move?"}))

	p := newPerson(t, browser, "moderator")
	signIn(p, s, "Moving Moderator", scenePass)
	p.run("open the move page from the topic",
		chromedp.Navigate(url(s, "/t/%d", c.TopicID)),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/mod/topics/%d/move"]`, c.TopicID))),
		chromedp.WaitVisible(chromedp.CSS("#to")),
	)
	shoot(p, "move-topic")
	p.run("move it",
		setValue("#to", fmt.Sprint(to.ID)),
		chromedp.SendKeys(chromedp.CSS("#reason"), "Better read by support workers."),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/mod/topics/%d/move"] button[type=submit]`, c.TopicID))),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if got := p.text(".flash"); !strings.Contains(got, "The topic is moved") {
		t.Errorf("after moving, the page says %q", got)
	}
	if crumbs := p.text(".breadcrumbs"); !strings.Contains(crumbs, to.Name) {
		t.Errorf("the topic's breadcrumbs say %q, want %q in them", crumbs, to.Name)
	}
	visitor := newPerson(t, browser, "visitor")
	visitor.run("read the new forum", chromedp.Navigate(url(s, "/f/%d", to.ID)), chromedp.WaitVisible(chromedp.CSS("h1")))
	if !strings.Contains(visitor.html(), "Keeping the same caseworker") {
		t.Error("the topic is not listed in the forum it moved to")
	}
	visitor.run("read the old forum", chromedp.Navigate(url(s, "/f/%d", from.ID)), chromedp.WaitVisible(chromedp.CSS("h1")))
	if strings.Contains(visitor.html(), "Keeping the same caseworker") {
		t.Error("the topic is still listed in the forum it left")
	}
}
