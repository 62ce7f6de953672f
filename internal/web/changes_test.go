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
)

// TestChangeAPublishedPost: an author changes their published anonymous
// reply. Readers keep seeing the published words, and search finds only
// them, until a moderator decides; the queue shows the change as what was
// taken out and put in, naming no author; declined, the author reads why
// and the post stays; changed again and approved, readers see the new
// words marked edited, search finds them and the old ones are gone; a
// second moderator deciding the same change is told it is decided.
func TestChangeAPublishedPost(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Finding purpose in life and self-actualisation")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		mod2 := newParticipant(t, s, "Second Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, mod, f, "Volunteering while waiting for a decision")
		oldWord, newWord := uniqueWord(t, "old"), uniqueWord(t, "new")
		post := author.reply(topicID, 0, "The charity shop took her on "+oldWord+" for two mornings a week.", true)
		mod.done(mod.approve(post), "The post is approved and published.")
		topic := fmt.Sprintf("/t/%d", topicID)
		edit := fmt.Sprintf("/my/posts/%d/edit", post)

		shows(t, author.get("/my/posts"), fmt.Sprintf(`href="%s"`, edit))
		form := author.get(edit)
		shows(t, form, "Change your published post", "A change keeps how the post is signed", "Send the change to the moderators", oldWord)
		lacks(t, "the change form", form, `name="anonymous" value="no"`)
		changed := "The charity shop took her on " + newWord + " for three mornings a week."
		author.done(author.submitOn(form, edit, url.Values{"body": {changed}, "action": {"send"}}),
			"Your change is sent to the moderators. Readers see your post as it was until a moderator approves the change.")

		reader := newBrowser(t, s)
		shows(t, reader.get(topic), oldWord)
		lacks(t, "the topic", reader.get(topic), newWord)
		shows(t, reader.get("/search?q="+newWord), "Nothing found")
		shows(t, author.get("/my/posts"), "Your change to it is waiting for a moderator")

		queue := mod.get("/mod/queue")
		shows(t, queue, "Changes to published posts: 1", "<del>", "<ins>", "by <strong>anonymous</strong>")
		// Read without what was put in, the difference is the published
		// words; without what was taken out, the change.
		if old, changedText := diffSides(queue.body); !strings.Contains(old, oldWord+" for two mornings") || !strings.Contains(changedText, newWord+" for three mornings") {
			t.Errorf("the queue's difference reads %q before and %q after", old, changedText)
		}
		lacks(t, "the queue", queue, "Quiet Heron")
		if n := countIn(waitingRE, mod.get("/").body); n != 1 {
			t.Errorf("the moderator's header shows %d waiting, want the change", n)
		}

		// Declined: the author reads why; the post stays.
		decline := fmt.Sprintf("/mod/changes/%d/decline", post)
		if a := mod.submit("/mod/queue", decline, url.Values{"reason": {""}}); a.status != http.StatusUnprocessableEntity ||
			!strings.Contains(a.body, fmt.Sprintf(`href="#change-reason-%d"`, post)) {
			t.Errorf("declining without a reason: status %d, summary %v", a.status, errorSummary(a.body))
		}
		mod.done(mod.submit("/mod/queue", decline, url.Values{"reason": {"Please keep the number of mornings as it was."}}),
			"The change is declined. The author is told why; the post stays as it was.")
		shows(t, author.get("/notifications"), "declined your change", "Please keep the number of mornings as it was.")
		shows(t, author.get("/my/posts"), "Your change was declined:")
		shows(t, reader.get(topic), oldWord)

		// Changed again, then approved.
		form = author.get(edit)
		shows(t, form, "Why a moderator declined your last change", newWord)
		author.done(author.submitOn(form, edit, url.Values{"body": {changed}, "action": {"send"}}),
			"Your change is sent to the moderators. Readers see your post as it was until a moderator approves the change.")
		approve := fmt.Sprintf("/mod/changes/%d/approve", post)
		queue = mod.get("/mod/queue")
		mod.done(mod.submitOn(queue, approve, nil), "The change is approved and published.")
		if a := mod2.act(approve, nil); a.status != http.StatusConflict {
			t.Errorf("a second moderator approving the decided change: status %d, want 409", a.status)
		}
		page := reader.get(topic)
		shows(t, page, newWord, `class="post-edited">(edited`)
		lacks(t, "the topic", page, oldWord)
		shows(t, reader.get("/search?q="+newWord), fmt.Sprintf("/t/%d", topicID))
		shows(t, reader.get("/search?q="+oldWord), "Nothing found")
		shows(t, author.get("/notifications"), "approved your change")
		if cells := cellsHolding(t, s.st, oldWord); len(cells) != 0 {
			t.Errorf("the replaced words are still stored in %v", cells)
		}
	})
}

// TestAChangeGoesWithItsPost: a waiting change's words go when the author
// withdraws the change (the post stays as published; a second press is
// told there is none), when they withdraw the post, and when they erase
// their account.
func TestAChangeGoesWithItsPost(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Finding purpose in life and self-actualisation")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, mod, f, "Volunteering while waiting for a decision")
		reader := newBrowser(t, s)
		for _, how := range []string{"cancel", "withdraw", "erase"} {
			word := uniqueWord(t, how)
			post := author.reply(topicID, 0, "A reply to change before it goes.", false)
			mod.done(mod.approve(post), "The post is approved and published.")
			edit := fmt.Sprintf("/my/posts/%d/edit", post)
			author.done(author.submit(edit, edit, url.Values{"body": {"A change that waits: " + word}, "action": {"send"}}),
				"Your change is sent to the moderators. Readers see your post as it was until a moderator approves the change.")
			if len(cellsHolding(t, s.st, word)) == 0 {
				t.Fatalf("%s: the waiting change is not stored", how)
			}
			switch cancel := fmt.Sprintf("/my/posts/%d/change/cancel", post); how {
			case "cancel":
				page := author.get("/my/posts")
				author.done(author.submitOn(page, cancel, nil), "Your change is withdrawn. Readers see your post as it was published.")
				author.done(author.submitOn(page, cancel, nil), "There is no change waiting to withdraw: it was withdrawn already, or a moderator has decided it.")
				shows(t, reader.get(fmt.Sprintf("/t/%d", topicID)), "A reply to change before it goes.")
				lacks(t, "the author's posts", author.get("/my/posts"), "Your change to it is waiting")
			case "withdraw":
				author.done(author.submit("/my/posts", fmt.Sprintf("/my/posts/%d/withdraw", post), nil), "Your post is withdrawn.")
			default:
				if err := s.st.EraseAccount(ctx, author.acc.ID, false); err != nil {
					t.Fatal(err)
				}
			}
			if cells := cellsHolding(t, s.st, word); len(cells) != 0 {
				t.Errorf("%s: the waiting change's words are still stored in %v", how, cells)
			}
			lacks(t, "the queue", mod.get("/mod/queue"), word)
		}
	})
}

var (
	diffRE = regexp.MustCompile(`(?s)<pre class="diff">(.*?)</pre>`)
	delRE  = regexp.MustCompile(`(?s)<del>.*?</del>`)
	insRE  = regexp.MustCompile(`(?s)<ins>.*?</ins>`)
	tagRE  = regexp.MustCompile(`<[^>]*>|\[(removed|added): |\]`)
)

// diffSides reads the first difference of a page as the text before the
// change (what was taken out kept, what was put in left out) and after.
func diffSides(body string) (before, after string) {
	m := diffRE.FindStringSubmatch(body)
	if m == nil {
		return "", ""
	}
	before = html.UnescapeString(tagRE.ReplaceAllString(insRE.ReplaceAllString(m[1], ""), ""))
	after = html.UnescapeString(tagRE.ReplaceAllString(delRE.ReplaceAllString(m[1], ""), ""))
	return before, after
}
