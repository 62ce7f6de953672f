package web_test

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
)

// Threads (issue 14): the opening post set apart from the replies, post
// numbers and permalinks, repliers named in notifications as the topic
// names them, and a busy topic's replies told in one notification.

// postNumberRE finds each post of a topic page (its id) and the number it
// shows, whether a whole post or a removed one's stub.
var postNumberRE = regexp.MustCompile(`(?s)id="p(\d+)"[^>]*>\s*(?:<h2[^>]*>[^<]*</h2>\s*)?(?:<article.*?|<div class="post-removed">)<span class="post-number"><span class="visually-hidden">Post </span>#(\d+)</span>`)

// postNumbers reads the numbers a topic page shows, by post id.
func postNumbers(t *testing.T, a answer) map[int64]int {
	t.Helper()
	if a.status != http.StatusOK {
		t.Fatalf("%s: status %d", a, a.status)
	}
	out := map[int64]int{}
	for _, m := range postNumberRE.FindAllStringSubmatch(a.body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		n, _ := strconv.Atoi(m[2])
		out[id] = n
	}
	if got, want := len(out), strings.Count(a.body, `class="post-number"`); got != want {
		t.Fatalf("%s: read %d numbered posts of %d numbers shown", a, got, want)
	}
	return out
}

// TestPostNumbersAreOneSequenceForEveryReader: posts are numbered in the
// order they were published, from 1 for the opening post; every reader
// (a visitor, members, the author of a waiting post, a moderator) sees the
// same numbers; a waiting or declined post takes no number, so none leaves
// a gap; a post published later takes the next number and moves no other;
// a hidden post keeps its number on its stub.
func TestPostNumbersAreOneSequenceForEveryReader(t *testing.T) {
	eachServedAt(t, stageOpts, func(t *testing.T, s served, clock *testClock) {
		f := forumNamed(t, s.st, "Long-term, consistent support")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		waiting := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		declined := newParticipant(t, s, "Bright Wren", forum.RolePractitioner)
		reader := newParticipant(t, s, "Steady Otter", forum.RolePractitioner)
		visitor := newBrowser(t, s)
		step := func() { clock.Advance(time.Minute) }

		topicID, opening := publishedTopic(t, mod, f, "Keeping support going after the NRM")
		step()
		late := waiting.reply(topicID, 0, "Written first, published last.", true)
		step()
		first := mod.reply(topicID, 0, "Published at once.", false)
		step()
		no := declined.reply(topicID, first, "This one is declined.", false)
		redirected(t, mod.decline(no, "off-topic", ""))
		step()
		second := mod.reply(topicID, first, "An answer, published at once.", false)
		step()

		path := fmt.Sprintf("/t/%d", topicID)
		readers := map[string]*browser{"a visitor": visitor, "a member": reader.browser, "the waiting post's author": waiting.browser,
			"the declined post's author": declined.browser, "a moderator": mod.browser}
		same := func(when string, want map[int64]int) {
			t.Helper()
			for who, b := range readers {
				if got := postNumbers(t, b.get(path)); !maps.Equal(got, want) {
					t.Errorf("%s, %s reads the numbers %v, want %v", when, who, got, want)
				}
			}
		}
		same("before the waiting post is published", map[int64]int{opening: 1, first: 2, second: 3})

		mod.done(mod.approve(late), "The post is approved and published.")
		// Published last, it is numbered last, though the thread shows it
		// first, as the first reply written to the topic.
		same("after it is published", map[int64]int{opening: 1, first: 2, second: 3, late: 4})
		order := regexp.MustCompile(`<li class="post-item depth-\d" id="p(\d+)">`).FindAllStringSubmatch(visitor.get(path).body, -1)
		if len(order) != 3 || order[0][1] != strconv.FormatInt(late, 10) {
			t.Errorf("the replies in thread order are %v, want the published-last reply first", order)
		}

		postPath := fmt.Sprintf("/mod/posts/%d", first)
		mod.done(mod.submit(postPath, postPath+"/hide", url.Values{"reason": {"Off-topic"}}), "The post is hidden from readers.")
		same("after a moderator hides #2", map[int64]int{opening: 1, first: 2, second: 3, late: 4})
		shows(t, visitor.get(path), `<div class="post-removed"><span class="post-number"><span class="visually-hidden">Post </span>#2</span> This post was removed by a moderator.</div>`)
	})
}

// TestTheOpeningPostStandsApart: the first page shows the opening post
// under a heading of its own, apart from the list of replies; later pages
// go on with the replies alone.
func TestTheOpeningPostStandsApart(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Access to education")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		topicID, opening := publishedTopic(t, mod, f, "College places for survivors")
		replies := longThread(t, s.st, mod.acc, topicID, store.PostPageSize+5)
		page := newBrowser(t, s).get(fmt.Sprintf("/t/%d", topicID))
		section := regexp.MustCompile(`(?s)<section class="thread-opening" id="p(\d+)" aria-labelledby="opening-post">\s*<h2 class="thread-label" id="opening-post">Opening post</h2>\s*<article class="post".*?</article>\s*</section>`).FindStringSubmatch(page.body)
		if section == nil || section[1] != strconv.FormatInt(opening, 10) {
			t.Fatalf("the first page has no section for the opening post, or one for another post: %v\n%.3000s", section, mainOf(page.body))
		}
		if strings.Contains(section[0], "post-item") {
			t.Error("the opening post's section holds replies")
		}
		shows(t, page, `<section class="thread-replies" aria-labelledby="replies">`+"\n"+`<h2 id="replies">Replies</h2>`)
		if strings.Index(page.body, `class="thread-opening"`) > strings.Index(page.body, `class="thread-replies"`) {
			t.Error("the replies come before the opening post")
		}
		second := newBrowser(t, s).get(nextPage(t, page))
		shows(t, second, `<h2 id="replies">Replies, continued</h2>`, fmt.Sprintf(`id="p%d"`, replies[len(replies)-1]))
		lacks(t, "the second page", second, "thread-opening", "Opening post")
	})
}

// redirected fails the test unless a form was taken, with a redirect.
func redirected(t *testing.T, a answer) {
	t.Helper()
	if a.status != http.StatusSeeOther {
		t.Fatalf("%s: status %d, want 303; %q", a, a.status, messageOf(a))
	}
}

// longThread writes n replies to a topic by a moderator (published at
// once), each answering the topic, and returns their ids in order.
func longThread(t *testing.T, st *store.Store, by forum.Account, topicID int64, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		c, err := st.CreateReply(ctx, forum.NewReply{TopicID: topicID, AuthorID: by.ID, Body: fmt.Sprintf("Reply number %d of a long thread.", i+1)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.PostID)
	}
	return ids
}

// TestAPermalinkLandsOnThePageThatShowsThePost: /p/ID sends a reader to
// the page of the topic that shows the post, at the post, however long
// the thread, for posts on the first page, on the second, and for a reply
// that the thread shows on the first page although it was written last.
func TestAPermalinkLandsOnThePageThatShowsThePost(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		topicID, opening := publishedTopic(t, mod, f, "Move-on accommodation that lasts")
		replies := longThread(t, s.st, mod.acc, topicID, store.PostPageSize+10)
		// An answer to the first reply: written last, shown second.
		nested, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: topicID, ParentID: &replies[0], AuthorID: mod.acc.ID, Body: "A late answer."})
		if err != nil {
			t.Fatal(err)
		}
		visitor := newBrowser(t, s)
		topic := fmt.Sprintf("/t/%d", topicID)
		pageTwo := nextPage(t, visitor.get(topic))
		for _, tc := range []struct {
			name string
			post int64
			page string
		}{
			{"the opening post", opening, topic},
			{"the first reply", replies[0], topic},
			{"an answer written last and shown on the first page", nested.PostID, topic},
			// Thread order: opening, the first reply, its answer, then the
			// rest; the first page holds PostPageSize of them.
			{"the last post of the first page", replies[store.PostPageSize-3], topic},
			{"the first post of the second page", replies[store.PostPageSize-2], pageTwo},
			{"the last reply", replies[len(replies)-1], pageTwo},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a := visitor.get(fmt.Sprintf("/p/%d", tc.post))
				want := fmt.Sprintf("%s#p%d", tc.page, tc.post)
				if a.status != http.StatusSeeOther || a.location() != want {
					t.Fatalf("GET /p/%d: status %d to %q, want 303 to %q", tc.post, a.status, a.location(), want)
				}
				landed := visitor.get(strings.TrimSuffix(a.location(), fmt.Sprintf("#p%d", tc.post)))
				shows(t, landed, fmt.Sprintf(`id="p%d"`, tc.post))
			})
		}
		// Each post links to its permalink.
		shows(t, visitor.get(topic), fmt.Sprintf(`<a href="/p/%d">Link to this post<span class="visually-hidden"> (number 2)</span></a>`, replies[0]))
		// A reply sent to a long thread leads its author to the page that
		// shows it.
		sent := mod.sendReply(topicID, 0, "The newest reply, on the second page.", false)
		_, newest := mod.posted(sent)
		landed := mod.follow(mod.follow(sent))
		if !strings.Contains(landed.path, "?after=") {
			t.Errorf("a reply sent to a long thread leads to %s, want its second page", landed.path)
		}
		shows(t, landed, fmt.Sprintf(`id="p%d"`, newest), "The newest reply, on the second page.")
	})
}

// TestPermalinksOfPostsNobodyMaySeeAnswerAlike: a permalink of a post that
// waits, was declined, is hidden, was erased with its author's account,
// is in a hidden topic, or never was, answers 404, the same page for each,
// to a visitor, to the post's author and to a moderator.
func TestPermalinksOfPostsNobodyMaySeeAnswerAlike(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Safety from any trafficker or other abuser")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		leaving := newParticipant(t, s, "Fading Tern", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, mod, f, "Safety planning after a move")
		pending := author.reply(topicID, 0, "Waiting for a moderator.", true)
		declined := author.reply(topicID, 0, "To be declined.", false)
		redirected(t, mod.decline(declined, "off-topic", ""))
		hidden := author.reply(topicID, 0, "To be hidden.", false)
		mod.done(mod.approve(hidden), "The post is approved and published.")
		hide := func(id int64) {
			p := fmt.Sprintf("/mod/posts/%d", id)
			mod.done(mod.submit(p, p+"/hide", url.Values{"reason": {"Unkind"}}), "The post is hidden from readers.")
		}
		hide(hidden)
		erased := leaving.reply(topicID, 0, "To be erased with its author.", false)
		mod.done(mod.approve(erased), "The post is approved and published.")
		if err := s.st.EraseAccount(ctx, leaving.acc.ID, true); err != nil {
			t.Fatal(err)
		}
		hiddenTopic, hiddenOpening := publishedTopic(t, mod, f, "A topic a moderator hides")
		inHiddenTopic := mod.reply(hiddenTopic, 0, "A published reply in a topic hidden later.", false)
		hide(hiddenOpening)
		published := mod.reply(topicID, 0, "Published, for comparison.", false)
		kept := s.st.PublicIDs().KeptPost(published)

		cases := map[string]string{
			"waiting": fmt.Sprint(pending), "declined": fmt.Sprint(declined), "hidden": fmt.Sprint(hidden),
			"erased": fmt.Sprint(erased), "in a hidden topic": fmt.Sprint(inHiddenTopic),
			"never was": fmt.Sprint(published + 1), "a kept id": fmt.Sprint(kept), "not a number": "abc",
		}
		for who, b := range map[string]*browser{"a visitor": newBrowser(t, s), "the author": author.browser, "a moderator": mod.browser} {
			b.get("/") // shows, and so clears, what the last form left to say
			var first string
			for what, id := range cases {
				a := b.get("/p/" + id)
				if a.status != http.StatusNotFound {
					t.Errorf("%s opening the permalink of a post that is %s: status %d to %q, want 404", who, what, a.status, a.location())
					continue
				}
				body := anonCSRFRE.ReplaceAllString(mainOf(a.body), "")
				if first == "" {
					first = body
				} else if body != first {
					t.Errorf("%s: the permalink of a post that is %s answers otherwise than the others:\n%s\nwant\n%s", who, what, body, first)
				}
			}
			if a := b.get(fmt.Sprintf("/p/%d", published)); a.status != http.StatusSeeOther {
				t.Errorf("%s opening the permalink of a published post: status %d, want 303", who, a.status)
			}
		}
	})
}

// notificationLineRE finds the lines of the notifications list.
var notificationLineRE = regexp.MustCompile(`(?s)<li class="notification( unread)?">\s*<p>(.*?)</p>`)

// notificationLines reads the notifications list: each line's text, with
// "New: " before the unread ones.
func notificationLinesOf(a answer) []string {
	var out []string
	for _, m := range notificationLineRE.FindAllStringSubmatch(a.body, -1) {
		line := strings.TrimPrefix(m[2], `<strong class="badge">New</strong> `)
		if m[1] != "" {
			line = "New: " + line
		}
		out = append(out, line)
	}
	return out
}

// TestARepliesNotificationNamesASignedReplierOnly: a signed reply's
// notification names its author, as the topic does; an anonymous reply's
// says "An anonymous practitioner", and nothing of its author; a reply
// hidden since names no one.
func TestARepliesNotificationNamesASignedReplierOnly(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Trauma-informed services")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		signer := newParticipant(t, s, "Bright Wren", forum.RolePractitioner)
		hidden := newParticipant(t, s, "Amber Finch", forum.RolePractitioner)
		reply := func(p participant, title string, anonymous bool) (topicID, opening, reply int64) {
			topicID, opening = author.newTopic(f, title, "What helps?", false)
			mod.done(mod.approve(opening), "The post is approved and published.")
			reply = p.reply(topicID, opening, "A reply to "+title+".", anonymous)
			mod.done(mod.approve(reply), "The post is approved and published.")
			return topicID, opening, reply
		}
		_, _, signed := reply(signer, "First interviews", false)
		_, _, anonymous := reply(hidden, "Interpreters", true)
		_, _, removed := reply(signer, "Waiting rooms", false)
		p := fmt.Sprintf("/mod/posts/%d", removed)
		mod.done(mod.submit(p, p+"/hide", url.Values{"reason": {"Unkind"}}), "The post is hidden from readers.")
		// A moderator's own anonymous reply goes through the queue like any.
		_, _, staff := reply(mod, "Breaks in long meetings", true)

		page := author.get("/notifications")
		shows(t, page,
			fmt.Sprintf(`Bright Wren replied to you in <a href="/p/%d">First interviews</a>.`, signed),
			fmt.Sprintf(`An anonymous practitioner replied to you in <a href="/p/%d">Interpreters</a>.`, anonymous),
			`A reply to you in “Waiting rooms” has since been removed.`,
			fmt.Sprintf(`An anonymous practitioner replied to you in <a href="/p/%d">Breaks in long meetings</a>.`, staff))
		lacks(t, "the author's notifications", page, "Amber Finch", "Careful Moderator", fmt.Sprintf("/p/%d", removed))
		if n := strings.Count(page.body, "Bright Wren"); n != 1 {
			t.Errorf("the notifications name Bright Wren %d times, want once (the reply since removed names no one)", n)
		}
	})
}

// TestATopicsRepliesAreOneNotification: several replies to a member in
// one topic make one line, "3 new replies to you in …", which counts the
// replies under each byline as the topic shows them, links to the first
// unread reply, counts once in the header, and is marked read at once;
// replies that come after make a line of their own. A line tells no more
// of who wrote what than single notifications: a member who replies once
// by name and once anonymously reads as a member and someone else would.
func TestATopicsRepliesAreOneNotification(t *testing.T) {
	eachServedAt(t, stageOpts, func(t *testing.T, s served, clock *testClock) {
		f := forumNamed(t, s.st, "Working with core outcomes as a set")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		wren := newParticipant(t, s, "Bright Wren", forum.RolePractitioner)
		otter := newParticipant(t, s, "Steady Otter", forum.RolePractitioner)
		topic := func(title string) (topicID, opening int64) {
			topicID, opening = author.newTopic(f, title, "Where do we start?", false)
			mod.done(mod.approve(opening), "The post is approved and published.")
			return topicID, opening
		}
		replies := func(topicID, to int64, by ...participant) []int64 {
			var ids []int64
			for i, p := range by {
				clock.Advance(time.Minute)
				id := p.reply(topicID, to, fmt.Sprintf("Reply %d.", i), p.acc.ID == otter.acc.ID)
				mod.done(mod.approve(id), "The post is approved and published.")
				ids = append(ids, id)
			}
			return ids
		}
		busy, busyOpening := topic("Outcomes in supervision")
		same, sameOpening := topic("Outcomes in handovers")
		other, otherOpening := topic("Outcomes in audits")
		// Steady Otter always replies anonymously; Bright Wren by name,
		// and once anonymously in the third topic.
		inBusy := replies(busy, busyOpening, wren, otter, wren)
		replies(same, sameOpening, wren, otter)
		clock.Advance(time.Minute)
		byWren := wren.reply(other, otherOpening, "Reply 0.", false)
		mod.done(mod.approve(byWren), "The post is approved and published.")
		clock.Advance(time.Minute)
		wrenAnonymous := wren.reply(other, otherOpening, "Reply 1.", true)
		mod.done(mod.approve(wrenAnonymous), "The post is approved and published.")

		page := author.get("/notifications")
		got := notificationLinesOf(page)
		want := []string{
			fmt.Sprintf(`New: 2 new replies to you in <a href="/p/%d">Outcomes in audits</a>: 1 from Bright Wren and 1 posted anonymously.`, byWren),
			`New: 2 new replies to you in <a href="/p/`,
			fmt.Sprintf(`New: 3 new replies to you in <a href="/p/%d">Outcomes in supervision</a>: 2 from Bright Wren and 1 posted anonymously.`, inBusy[0]),
		}
		if len(got) != 6 { // and the three approvals of the author's topics
			t.Fatalf("the notifications list has %d lines, want 6:\n%s", len(got), strings.Join(got, "\n"))
		}
		for i, w := range want {
			if !strings.HasPrefix(got[i], w) {
				t.Errorf("line %d reads\n%s\nwant\n%s", i+1, got[i], w)
			}
		}
		// Bright Wren's own anonymous reply reads as Steady Otter's does.
		strip := regexp.MustCompile(`<a href="/p/\d+">[^<]*</a>`)
		if a, b := strip.ReplaceAllString(got[0], ""), strip.ReplaceAllString(got[1], ""); a != b {
			t.Errorf("a member's own anonymous reply reads otherwise than another's:\n%s\n%s", a, b)
		}
		if n := countIn(unreadRE, page.body); n != 6 {
			t.Errorf("the header counts %d unread, want 6: one a line", n)
		}

		// Mark the busy topic's line read from the page as it was, after a
		// fourth reply came: that reply stays unread, a line of its own.
		late := replies(busy, busyOpening, wren)[0]
		line := regexp.MustCompile(`(?s)Outcomes in supervision</a>: 2 from.*?name="id" value="(\d+)"`).FindStringSubmatch(page.body)
		if line == nil {
			t.Fatal("the busy topic's line has no form to mark it read")
		}
		a := author.act("/notifications/read", url.Values{"id": {line[1]}})
		if a.status != http.StatusSeeOther {
			t.Fatalf("marking the line read: status %d", a.status)
		}
		page = author.follow(a)
		got = notificationLinesOf(page)
		shows(t, page, fmt.Sprintf(`New</strong> Bright Wren replied to you in <a href="/p/%d">Outcomes in supervision</a>.`, late))
		var read []string
		for _, l := range got {
			if !strings.HasPrefix(l, "New: ") {
				read = append(read, l)
			}
		}
		wantRead := fmt.Sprintf(`3 replies to you in <a href="/p/%d">Outcomes in supervision</a>: 2 from Bright Wren and 1 posted anonymously.`, inBusy[0])
		if len(read) != 1 || read[0] != wantRead {
			t.Errorf("the lines read are %q, want only %q", read, wantRead)
		}
		if n := countIn(unreadRE, page.body); n != 6 {
			t.Errorf("the header counts %d unread, want 6 (one line read, one new)", n)
		}
		if n := countRows(t, s.st, fmt.Sprintf("SELECT COUNT(*) FROM notifications WHERE account_id = %d AND kind = 'reply' AND read_at IS NOT NULL", author.acc.ID)); n != 3 {
			t.Errorf("%d replies are marked read, want the line's 3", n)
		}
		// Someone else's line marks nothing.
		if a := wren.act("/notifications/read", url.Values{"id": {line[1]}}); a.status != http.StatusSeeOther {
			t.Errorf("another member marking the line: status %d", a.status)
		}
		if n := countIn(unreadRE, author.get("/").body); n != 6 {
			t.Errorf("after another member's try the header counts %d unread, want 6", n)
		}
	})
}
