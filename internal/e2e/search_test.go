package e2e

import (
	"context"
	neturl "net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"forum/internal/forum"
)

// TestReaderFindsAPostByAPhrase: a visitor types a phrase from an approved
// post's body into the search box and lands on the post; a pending post's
// words find nothing. Then the week's digest prints to a PDF.
func TestReaderFindsAPostByAPhrase(t *testing.T) {
	browser := chromium(t)
	s := newSite(t)
	mod := s.account(t, "Search Moderator", forum.RoleModerator, "moderator passphrase two")
	member := s.account(t, "Search Member", forum.RolePractitioner, "member passphrase three")
	f := forumOf(t, s.st, "Access to medical treatment")
	ctx := context.Background()
	if _, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "Registering with a GP",
		Body: "Practices can register someone without proof of address or immigration status."}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: member.ID, Title: "Waiting question",
		Body: "Pendingphrase marmalade waiting"}); err != nil {
		t.Fatal(err)
	}
	reader := newPerson(t, browser, "reader")
	reader.run("search by phrase",
		chromedp.Navigate(s.URL+"/"),
		chromedp.Click(chromedp.CSS(`a[href="/search"]`)),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), `"proof of address"`+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(".search-result")),
	)
	if got := reader.text(".search-result h3"); got != "Registering with a GP" {
		t.Fatalf("first result %q", got)
	}
	if marks := reader.html(); !strings.Contains(marks, "<mark>proof</mark>") {
		t.Error("the phrase is not highlighted in the snippet")
	}
	reader.run("open the result", chromedp.Click(chromedp.CSS(".search-result h3 a")), chromedp.WaitVisible(chromedp.CSS(".thread")))
	if !strings.Contains(reader.text("h1"), "Registering with a GP") {
		t.Error("the result does not lead to the topic")
	}
	reader.run("search for pending words", chromedp.Navigate(s.URL+"/search?q="+neturl.QueryEscape("pendingphrase marmalade")),
		chromedp.WaitVisible(chromedp.CSS("h2#results")))
	if got := reader.text("h2#results"); got != "Nothing found" {
		t.Errorf("pending words found something: %q", got)
	}
	reader.run("open the digest", chromedp.Navigate(s.URL+"/digest"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if !strings.Contains(reader.html(), "Registering with a GP") {
		t.Error("this week's digest does not list this week's topic")
	}
	pdf := get(reader, "print the digest", chromedp.PrintToPDF())
	if len(pdf) < 1000 || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Errorf("the printed digest is not a PDF (%d bytes)", len(pdf))
	}
}
