package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"forum/internal/forum"
	"forum/internal/store"
)

// quoteStage is a topic with two published replies to quote: one
// anonymous, one signed.
type quoteStage struct {
	sgCast
	quoter                 forum.Account
	quoterPass             string
	anonPost, signedPost   int64
	anonWords, signedWords string
}

func quoteSetUp(t *testing.T, s served) quoteStage {
	t.Helper()
	q := quoteStage{sgCast: sgSetUp(t, s), anonWords: "We ask the council for a Cornflowerword review of the placement.",
		signedWords: "The Marigoldword panel meets every second Tuesday."}
	q.quoter, q.quoterPass = member(t, s.st, "Quoting Member", forum.RolePractitioner)
	publish := func(body string, anonymous bool) int64 {
		r, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: q.topic.TopicID, AuthorID: q.writer.ID, Body: body, Anonymous: anonymous})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.st.Approve(ctx, q.mod, r.PostID); err != nil {
			t.Fatal(err)
		}
		return r.PostID
	}
	q.anonPost = publish("Ours went well.\n\n"+q.anonWords+"\n\nIt took a month.", true)
	q.signedPost = publish(q.signedWords, false)
	return q
}

// quoteForm opens the reply form quoting post, with passage if not empty,
// and returns the reply box's words.
func (q quoteStage) quoteForm(t *testing.T, b *browser, post int64, passage string) (answer, string) {
	t.Helper()
	path := fmt.Sprintf("%s?to=%d&quote=1", q.replyPath, post)
	if passage != "" {
		path += "&passage=" + url.QueryEscape(passage)
	}
	a := b.get(path)
	box := ""
	if f, ok := textareaValue(a.body, "body"); ok {
		box = f
	}
	return a, box
}

// TestQuoteAndReply: "Quote" opens the reply form with the post quoted
// under a line that names its author as readers see them (an anonymous
// post stays anonymous) and links to it; a passage of the post's own words
// is quoted alone, anything else is not; only published posts of the
// topic can be quoted, and only by members.
func TestQuoteAndReply(t *testing.T) {
	eachServed(t, sgOptions, func(t *testing.T, s served) {
		q := quoteSetUp(t, s)
		b := newBrowser(t, s)
		b.signIn("Quoting Member", q.quoterPass)

		topic := b.get(q.topicPath)
		if !strings.Contains(topic.body, fmt.Sprintf(`href="%s?to=%d&amp;quote=1"`, q.replyPath, q.anonPost)) {
			t.Fatal("the topic page offers no Quote link under the anonymous reply")
		}
		cases := []struct {
			name, passage string
			post          int64
			want, absent  []string
		}{
			{"an anonymous post, whole", "", q.anonPost,
				[]string{fmt.Sprintf("> **Anonymous practitioner** [wrote](/p/%d):\n>\n> Ours went well.\n>\n> %s", q.anonPost, q.anonWords)},
				[]string{q.writerName}},
			{"a passage of it", "council for a  Cornflowerword\nreview", q.anonPost,
				[]string{fmt.Sprintf("> **Anonymous practitioner** [wrote](/p/%d):\n>\n> council for a Cornflowerword review\n", q.anonPost)},
				[]string{"Ours went well", q.writerName}},
			{"words it does not hold", "I never wrote this", q.anonPost,
				[]string{"> Ours went well."}, []string{"I never wrote this"}},
			{"a signed post", "", q.signedPost,
				[]string{fmt.Sprintf("> **%s** [wrote](/p/%d):\n>\n> %s", q.writerName, q.signedPost, q.signedWords)}, nil},
		}
		for _, c := range cases {
			a, box := q.quoteForm(t, b, c.post, c.passage)
			if a.status != http.StatusOK {
				t.Errorf("%s: status %d", c.name, a.status)
				continue
			}
			for _, w := range c.want {
				if !strings.Contains(box, w) {
					t.Errorf("%s: the reply box holds %q, want %q in it", c.name, box, w)
				}
			}
			for _, w := range c.absent {
				if strings.Contains(box, w) {
					t.Errorf("%s: the reply box holds %q", c.name, w)
				}
			}
		}

		pending := sgPending(t, s.st, q.sgCast, "Still waiting. Snowdropword.")
		if a := b.get(fmt.Sprintf("%s?to=%d&quote=1", q.replyPath, pending)); a.status != http.StatusNotFound || strings.Contains(a.body, "Snowdropword") {
			t.Errorf("quoting a waiting post: status %d", a.status)
		}
		if a := newBrowser(t, s).get(fmt.Sprintf("%s?to=%d&quote=1", q.replyPath, q.anonPost)); a.status != http.StatusSeeOther ||
			!strings.HasPrefix(a.location(), "/login") {
			t.Errorf("a visitor quoting: status %d, want to be sent to sign in", a.status)
		}
	})
}

// TestQuotedWordsLeaveWithTheirPost: a published reply that quotes a post
// keeps its words only while the post is shown. Hiding the post takes its
// words out of the reply (its page, its stored text, search); erasing its
// author with their posts does too; erasing them while their posts stay
// leaves the quotation, naming "Former member".
func TestQuotedWordsLeaveWithTheirPost(t *testing.T) {
	eachServed(t, sgOptions, func(t *testing.T, s served) {
		q := quoteSetUp(t, s)
		b := newBrowser(t, s)
		b.signIn("Quoting Member", q.quoterPass)
		send := func(post int64, passage, own string) int64 {
			t.Helper()
			form, box := q.quoteForm(t, b, post, passage)
			sent := b.submitOn(form, q.replyPath, url.Values{"body": {box + own}, "action": {"send"}})
			if sent.status != http.StatusSeeOther {
				t.Fatalf("sending the quoting reply: status %d\n%s", sent.status, mainOf(sent.body))
			}
			mine, err := s.st.MyPosts(ctx, q.quoter.ID, 1)
			if err != nil || len(mine) == 0 {
				t.Fatalf("the quoting reply is not among the member's posts (%v)", err)
			}
			if err := s.st.Approve(ctx, q.mod, mine[0].ID); err != nil {
				t.Fatal(err)
			}
			return mine[0].ID
		}
		reply := send(q.anonPost, "Cornflowerword review", "We did the same. Primroseword.")
		page := newBrowser(t, s).get(q.topicPath).body
		if !strings.Contains(page, "<blockquote>") || !strings.Contains(page, fmt.Sprintf(`<a href="/p/%d" rel="nofollow noreferrer">wrote</a>`, q.anonPost)) {
			t.Fatalf("the published reply does not show the quotation with its link:\n%s", mainOf(page))
		}
		if n := strings.Count(page, "Cornflowerword"); n != 2 {
			t.Errorf("the topic shows the quoted words %d times, want 2 (the post and the quotation)", n)
		}

		mb := newBrowser(t, s)
		mb.signIn(q.modName, q.modPass)
		if a := mb.submit(fmt.Sprintf("/mod/posts/%d", q.anonPost), fmt.Sprintf("/mod/posts/%d/hide", q.anonPost),
			url.Values{"reason": {"Too close to a real case."}}); a.status != http.StatusSeeOther {
			t.Fatalf("hiding the quoted post: status %d", a.status)
		}
		page = newBrowser(t, s).get(q.topicPath).body
		if strings.Contains(page, "Cornflowerword") || !strings.Contains(page, "A quoted post that is no longer shown.") ||
			!strings.Contains(page, "Primroseword") {
			t.Errorf("after hiding the quoted post the topic still shows its words, or lost the reply's own:\n%s", mainOf(page))
		}
		if r := newBrowser(t, s).get("/search?q=Cornflowerword"); !strings.Contains(r.body, "Nothing found") {
			t.Error("search still finds the hidden post's words, quoted")
		}
		got, err := s.st.MyPost(ctx, q.quoter.ID, reply)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(got.BodySource, "Cornflowerword") || !strings.Contains(got.BodySource, store.QuoteGone) {
			t.Errorf("the reply's stored text is %q", got.BodySource)
		}

		// The signed post, quoted; its author erased, posts kept.
		send(q.signedPost, "", "Same here.")
		if err := s.st.EraseAccount(ctx, q.writer.ID, false); err != nil {
			t.Fatal(err)
		}
		page = newBrowser(t, s).get(q.topicPath).body
		if strings.Contains(page, q.writerName) || !strings.Contains(page, "<strong>Former member</strong>") || !strings.Contains(page, "Marigoldword") {
			t.Errorf("after erasing the author, posts kept: the quotation should stay, naming Former member:\n%s", mainOf(page))
		}
	})
}

// TestQuotedWordsLeaveWithAnErasedAuthorsPosts: erasing an author with
// their posts takes their words out of the replies that quote them.
func TestQuotedWordsLeaveWithAnErasedAuthorsPosts(t *testing.T) {
	eachServed(t, sgOptions, func(t *testing.T, s served) {
		q := quoteSetUp(t, s)
		body := store.QuoteHead(q.writerName, q.signedPost) + "\n>\n> " + q.signedWords + "\n\nAgreed. Bluebellword."
		r, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: q.topic.TopicID, AuthorID: q.quoter.ID, Body: body})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.st.Approve(ctx, q.mod, r.PostID); err != nil {
			t.Fatal(err)
		}
		if err := s.st.EraseAccount(ctx, q.writer.ID, true); err != nil {
			t.Fatal(err)
		}
		page := newBrowser(t, s).get(q.topicPath).body
		if strings.Contains(page, "Marigoldword") || strings.Contains(page, q.writerName) || !strings.Contains(page, "Bluebellword") {
			t.Errorf("after erasing the author with their posts the quotation stays:\n%s", mainOf(page))
		}
	})
}

var textareaRE = regexp.MustCompile(`(?s)<textarea[^>]*\bname="([a-z_]+)"[^>]*>(.*?)</textarea>`)

// textareaValue is the text of the page's first textarea named name.
func textareaValue(body, name string) (string, bool) {
	for _, m := range textareaRE.FindAllStringSubmatch(body, -1) {
		if m[1] == name {
			// The HTML parser drops one newline right after <textarea>.
			return strings.TrimPrefix(html.UnescapeString(m[2]), "\n"), true
		}
	}
	return "", false
}
