package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"forum/internal/forum"
)

// TestAnonymousPostApprovedWithTheKeyboard is the moderation story end to
// end: a practitioner signs up and posts anonymously, a moderator approves
// it from the queue with the keyboard alone, a visitor reads it, and the
// pseudonym is nowhere a reader or the moderator could see it.
func TestAnonymousPostApprovedWithTheKeyboard(t *testing.T) {
	browser := chromium(t)
	s := newSite(t)
	s.account(t, "Keyboard Moderator", forum.RoleModerator, "moderator passphrase one")
	f := forumOf(t, s.st, "Secure and suitable housing")

	author := newPerson(t, browser, "practitioner")
	author.run("sign up",
		chromedp.Navigate(s.URL+"/register"),
		chromedp.SetValue(chromedp.CSS("#pseudonym"), "Willow Ferry"),
		chromedp.SendKeys(chromedp.CSS("#passphrase"), "kettle orbit meadow"),
		chromedp.SendKeys(chromedp.CSS("#confirm"), "kettle orbit meadow"),
		chromedp.Click(chromedp.CSS(`form[action="/register"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	author.run("start an anonymous topic",
		chromedp.Navigate(url(s, "/f/%d/new", f.ID)),
		chromedp.SendKeys(chromedp.CSS("#title"), "Move-on when the council says no duty"),
		chromedp.SendKeys(chromedp.CSS("#body"), "Has anyone challenged a no-duty decision for a survivor leaving safe-house support? Quillwortword."),
		chromedp.Click(chromedp.CSS(`label[for="anonymous-yes"]`)),
		chromedp.Click(chromedp.CSS(`button[value=send]`)),
		chromedp.WaitVisible(chromedp.CSS(".my-posts")),
	)
	if got := author.text(".my-post .status"); got != "Waiting for a moderator" {
		t.Errorf("the author sees status %q", got)
	}

	visitor := newPerson(t, browser, "visitor")
	visitor.run("look before approval", chromedp.Navigate(url(s, "/f/%d", f.ID)), chromedp.WaitVisible(chromedp.CSS("h1")))
	if strings.Contains(visitor.html(), "Quillwortword") || strings.Contains(visitor.html(), "Move-on when the council") {
		t.Fatal("the pending topic is visible before approval")
	}

	mod := newPerson(t, browser, "moderator")
	mod.run("sign in",
		chromedp.Navigate(s.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS("#pseudonym"), "Keyboard Moderator"),
		chromedp.SendKeys(chromedp.CSS("#passphrase"), "moderator passphrase one"+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
		chromedp.Navigate(s.URL+"/mod/queue"),
		chromedp.WaitVisible(chromedp.CSS(".queue-item")),
	)
	queue := mod.html()
	if strings.Contains(queue, "Willow Ferry") || !strings.Contains(queue, "<strong>anonymous</strong>") {
		t.Error("the queue does not hide the anonymous author's pseudonym")
	}
	mod.run("approve with j then a",
		chromedp.KeyEvent("j"),
		chromedp.KeyEvent("a"),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if got := mod.text(".flash"); !strings.Contains(got, "approved") {
		t.Errorf("after pressing a, the flash says %q", got)
	}

	visitor.run("read the topic",
		chromedp.Navigate(url(s, "/f/%d", f.ID)),
		chromedp.Click(chromedp.CSS(".topic-title")),
		chromedp.WaitVisible(chromedp.CSS(".thread")),
	)
	page := visitor.html()
	if !strings.Contains(page, "Quillwortword") || !strings.Contains(page, forum.AnonymousName) {
		t.Error("the visitor does not see the approved anonymous post")
	}
	if strings.Contains(page, "Willow Ferry") {
		t.Error("the visitor sees the anonymous author's pseudonym")
	}

	mod.run("read the log", chromedp.Navigate(s.URL+"/mod/log"), chromedp.WaitVisible(chromedp.CSS("table.data")))
	log := mod.html()
	if !strings.Contains(log, "Approved") || !strings.Contains(log, "Keyboard Moderator") || strings.Contains(log, "Willow Ferry") {
		t.Error("the moderation log does not record the approval, or names the author")
	}
}
