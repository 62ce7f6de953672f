package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"forum/internal/forum"
)

// TestQuoteASelectedPassage: a member selects a sentence of an anonymous
// reply, presses its Quote link and finds the reply form holding that
// sentence quoted, under "Anonymous practitioner" and a link to the post;
// sent and approved, the reply shows the quotation, whose link leads back.
// With nothing selected, Quote quotes the whole post.
func TestQuoteASelectedPassage(t *testing.T) {
	browser := chromium(t)
	s := newSite(t)
	ctx := context.Background()
	mod := s.account(t, "Quote Moderator", forum.RoleModerator, "moderator passphrase for quotes")
	writer := s.account(t, "Quoted Writer", forum.RolePractitioner, "writer passphrase for quotes")
	quoter := s.account(t, "Quoting Reader", forum.RolePractitioner, "reader passphrase for quotes")
	f := forumOf(t, s.st, "Secure and suitable housing")
	topic, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "Move-on rooms that last",
		Body: "How long do your services keep a room?"})
	if err != nil {
		t.Fatal(err)
	}
	const passage = "We keep a room for ninety days after a Conclusive Grounds decision."
	r, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: writer.ID, Anonymous: true,
		Body: "It depends on the council.\n\n" + passage + " Longer if the survivor is in treatment."})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.st.Approve(ctx, mod, r.PostID); err != nil {
		t.Fatal(err)
	}
	post := fmt.Sprintf("#p%d", r.PostID)

	reader := newPerson(t, browser, "reader")
	sgSignIn(reader, s, "Quoting Reader", "reader passphrase for quotes")
	reader.run("select a sentence and press Quote",
		chromedp.Navigate(url(s, "/t/%d", topic.TopicID)),
		chromedp.WaitVisible(chromedp.CSS(post)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
			const p = Array.from(document.querySelectorAll(%q)).find(e => e.textContent.includes("ninety days"));
			const t = p.firstChild, i = t.textContent.indexOf(%q);
			const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + %d);
			const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); })()`, post+" .post-body p", passage, len(passage))),
		chromedp.Click(chromedp.CSS(post+" a.quote-link")),
		chromedp.WaitVisible(chromedp.CSS("#body")),
	)
	box := get(reader, "read the reply box", chromedp.Value(chromedp.CSS("#body")))
	want := fmt.Sprintf("> **Anonymous practitioner** [wrote](/p/%d):\n>\n> %s\n", r.PostID, passage)
	if !strings.HasPrefix(box, want) || strings.Contains(box, "Quoted Writer") || strings.Contains(box, "It depends") {
		t.Fatalf("the reply box holds %q, want it to begin %q", box, want)
	}
	reader.run("add a line and send",
		// As a person clicks below the quotation, to write after it.
		chromedp.Evaluate[chromedp.Void](`(() => { const b = document.querySelector("#body"); b.focus(); b.setSelectionRange(b.value.length, b.value.length); })()`),
		chromedp.KeyEvent("Ours is sixty days."),
		chromedp.Click(chromedp.CSS(`button[value=send]`)),
		chromedp.WaitVisible(chromedp.CSS(".my-posts")),
	)
	mine, err := s.st.MyPosts(ctx, quoter.ID, 1)
	if err != nil || len(mine) != 1 {
		t.Fatalf("the quoting reply was not sent (%v)", err)
	}
	if err := s.st.Approve(ctx, mod, mine[0].ID); err != nil {
		t.Fatal(err)
	}
	reply := fmt.Sprintf("#p%d", mine[0].ID)
	reader.run("read the published reply and follow its quotation's link",
		chromedp.Navigate(url(s, "/t/%d", topic.TopicID)),
		chromedp.WaitVisible(chromedp.CSS(reply+" blockquote")),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`%s blockquote a[href="/p/%d"]`, reply, r.PostID))),
		chromedp.WaitVisible(chromedp.CSS(post)),
	)
	if at := get(reader, "read the address", chromedp.Location()); !strings.HasSuffix(at, fmt.Sprintf("#p%d", r.PostID)) {
		t.Errorf("the quotation's link led to %s", at)
	}

	reader.run("press Quote with nothing selected",
		chromedp.Evaluate[chromedp.Void](`window.getSelection().removeAllRanges()`),
		chromedp.Click(chromedp.CSS(post+" a.quote-link")),
		chromedp.WaitVisible(chromedp.CSS("#body")),
	)
	whole := get(reader, "read the reply box", chromedp.Value(chromedp.CSS("#body")))
	if !strings.Contains(whole, "> It depends on the council.\n>\n> "+passage) {
		t.Errorf("Quote with nothing selected holds %q, want the whole post quoted", whole)
	}
}
