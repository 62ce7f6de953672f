package web_test

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
	"forum/internal/web"
)

// The tests in this file and in moderation_test.go follow posts from the
// forms members fill in, through the moderation queue, to readers: real
// servers over real databases, browsers that take each CSRF token from
// the page that holds the form, and redirects followed by hand.

// stageOpts are the options of every server here: public reading on, and
// no limit on POSTs, which several people at one address would meet.
var stageOpts = web.Options{PublicRead: true, PostsPerSecond: -1}

// participant is one person of a test, with a browser signed in as them.
type participant struct {
	*browser
	s    served
	acc  forum.Account
	pass string
}

func newParticipant(t *testing.T, s served, name string, role forum.Role) participant {
	t.Helper()
	acc, pass := member(t, s.st, name, role)
	b := newBrowser(t, s)
	b.signIn(name, pass)
	return participant{browser: b, s: s, acc: acc, pass: pass}
}

// in is p acting for t, so that a failure inside a subtest fails that subtest.
func (p participant) in(t *testing.T) participant {
	b := *p.browser
	b.t = t
	p.browser = &b
	return p
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// startTopic sends the new-topic form of f.
func (p participant) startTopic(f forum.Forum, title, body string, anonymous bool) answer {
	p.t.Helper()
	path := fmt.Sprintf("/f/%d/new", f.ID)
	return p.submit(path, path, url.Values{"title": {title}, "body": {body}, "anonymous": {yesNo(anonymous)}, "action": {"send"}})
}

// newTopic starts a topic and returns the ids of the topic and its opening post.
func (p participant) newTopic(f forum.Forum, title, body string, anonymous bool) (topicID, postID int64) {
	p.t.Helper()
	return p.posted(p.startTopic(f, title, body, anonymous))
}

// sendReply sends the reply form of a topic; with a parent, the form that
// answers that post.
func (p participant) sendReply(topicID, parentID int64, body string, anonymous bool) answer {
	p.t.Helper()
	action := fmt.Sprintf("/t/%d/reply", topicID)
	from := action
	if parentID != 0 {
		from += fmt.Sprintf("?to=%d", parentID)
	}
	return p.submit(from, action, url.Values{"body": {body}, "anonymous": {yesNo(anonymous)}, "action": {"send"}})
}

// reply answers a topic (or one post in it) and returns the reply's id.
func (p participant) reply(topicID, parentID int64, body string, anonymous bool) int64 {
	p.t.Helper()
	_, id := p.posted(p.sendReply(topicID, parentID, body, anonymous))
	return id
}

// posted checks that a post was taken, and sent its author where it can be
// seen, and returns where it is: it is the author's newest post.
func (p participant) posted(a answer) (topicID, postID int64) {
	p.t.Helper()
	if a.status != http.StatusSeeOther {
		p.t.Fatalf("%s: status %d, summary %v\n%.2000s", a, a.status, errorSummary(a.body), mainOf(a.body))
	}
	mine, err := p.s.st.MyPosts(ctx, p.acc.ID, 1)
	if err != nil || len(mine) == 0 {
		p.t.Fatalf("%s: the author has no post: %v", a, err)
	}
	want := "/my/posts"
	if mine[0].Status == forum.StatusApproved {
		want = fmt.Sprintf("/p/%d", mine[0].ID)
	}
	if a.location() != want {
		p.t.Errorf("%s: sent to %q, want %q", a, a.location(), want)
	}
	return mine[0].TopicID, mine[0].ID
}

// act sends a form to path with the CSRF token of another page, as a form
// left open in another tab would, or a moderator who knows the address.
func (p participant) act(path string, form url.Values) answer {
	p.t.Helper()
	f := url.Values{"_csrf": {anyToken(p.get("/").body)}}
	for k, v := range form {
		f[k] = v
	}
	return p.post(path, f)
}

// approve presses Approve on the post in the queue.
func (p participant) approve(postID int64) answer {
	p.t.Helper()
	return p.submit("/mod/queue", fmt.Sprintf("/mod/posts/%d/approve", postID), nil)
}

// decline declines the post from the queue with a preset reason and a note.
func (p participant) decline(postID int64, reason, note string) answer {
	p.t.Helper()
	return p.submit("/mod/queue", fmt.Sprintf("/mod/posts/%d/decline", postID), url.Values{"reason": {reason}, "note": {note}})
}

// done checks that a form was accepted with a redirect, and opens the page
// it leads to, which must say flash.
func (p participant) done(a answer, flash string) answer {
	p.t.Helper()
	if a.status != http.StatusSeeOther {
		p.t.Fatalf("%s: status %d, want 303; summary %v, message %q\n%.1500s", a, a.status, errorSummary(a.body), problemOf(a.body), mainOf(a.body))
	}
	next := p.follow(a)
	if got := flashOf(next.body); got != flash {
		p.t.Errorf("after %s the page says %q, want %q", a, got, flash)
	}
	return next
}

// shows reports each part that the page lacks.
func shows(t *testing.T, a answer, parts ...string) {
	t.Helper()
	for _, part := range parts {
		if !strings.Contains(a.body, part) {
			t.Errorf("%s (status %d) lacks %q:\n%.3000s", a, a.status, part, mainOf(a.body))
		}
	}
}

// lacks reports each word the page shows, in any case, with where it is.
func lacks(t *testing.T, who string, a answer, words ...string) {
	t.Helper()
	lower := strings.ToLower(a.body)
	for _, w := range words {
		if i := strings.Index(lower, strings.ToLower(w)); i >= 0 {
			t.Errorf("%s: %s shows %q: …%s…", who, a, w, a.body[max(0, i-200):min(len(a.body), i+len(w)+100)])
		}
	}
}

var (
	ledeRE    = regexp.MustCompile(`<p class="lede">([^<]*)</p>`)
	unreadRE  = regexp.MustCompile(`>Notifications <span class="count">(\d+)<span class="visually-hidden"> unread</span>`)
	waitingRE = regexp.MustCompile(`>Moderation <span class="count">(\d+)<span class="visually-hidden"> waiting</span>`)
	titleRE   = regexp.MustCompile(`(?s)<title>(.*?)</title>`)
)

// problemOf reads the message of an error page.
func problemOf(body string) string {
	if m := ledeRE.FindStringSubmatch(mainOf(body)); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// messageOf is what a refused form says: the first line of its error
// summary when it came back to be fixed, or else the error page's message.
func messageOf(a answer) string {
	if s := errorSummary(a.body); len(s) > 0 {
		return s[0].Message
	}
	return problemOf(a.body)
}

// countIn reads a number the header shows, 0 when it shows none.
func countIn(re *regexp.Regexp, body string) int {
	m := re.FindStringSubmatch(body)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// uniqueWord makes a word that is nowhere else: not English, and not hex,
// so that no token or hash can hold it by chance.
func uniqueWord(t *testing.T, label string) string {
	t.Helper()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return "zq" + label + hex.EncodeToString(b[:])
}

// cellsHolding lists the table and column of every stored value that holds word.
func cellsHolding(t *testing.T, st *store.Store, word string) []string {
	t.Helper()
	var out []string
	for _, c := range dumpCells(t, st) {
		if strings.Contains(strings.ToLower(c.value), strings.ToLower(word)) {
			out = append(out, c.table+"."+c.column)
		}
	}
	return out
}

// stateOf is the database as a snapshot, less the sessions, whose
// last-seen times may move on any request.
func stateOf(t *testing.T, st *store.Store) snapshot {
	t.Helper()
	s := takeSnapshot(t, st)
	// Sessions and read marks move with any page a member opens; read
	// marks are written in the background (store/reads.go).
	delete(s, "sessions")
	delete(s, "topic_reads")
	return s
}

// countRows counts rows of the raw database; query is the test's own.
func countRows(t *testing.T, st *store.Store, query string) int {
	t.Helper()
	var n int
	if err := rawDB(t, st).QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// summaryLinksLand reports each error-summary link whose field is not on the page.
func summaryLinksLand(t *testing.T, a answer) {
	t.Helper()
	for _, it := range errorSummary(a.body) {
		if !hasID(a.body, it.Field) {
			t.Errorf("%s: the error summary links %q to #%s, which is not on the page", a, it.Message, it.Field)
		}
	}
}

// publishedTopic is a topic a moderator started, published at once.
func publishedTopic(t *testing.T, mod participant, f forum.Forum, title string) (topicID, postID int64) {
	t.Helper()
	return mod.newTopic(f, title, "An opening post for "+title+".", false)
}

// eachServedAt is eachServed with the store on a clock the test moves.
func eachServedAt(t *testing.T, opts web.Options, fn func(t *testing.T, s served, clock *testClock)) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		clock := &testClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		o := opts
		o.Store = storetest.Open(t, dbURL, store.Options{Now: clock.Now})
		fn(t, serve(t, o), clock)
	})
}

// TestATopicGoesThroughTheQueueToReaders: a practitioner's topic, sent from
// the forum's form, waits unseen in the queue; once a moderator approves it
// it is on the topic and forum pages, in the home page's latest topics and
// counts, and its author is told.
func TestATopicGoesThroughTheQueueToReaders(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		visitor := newBrowser(t, s)
		const title, body = "Move-on housing after a positive decision", "How long do your services keep a room open after the decision?"

		a := author.startTopic(f, title, body, false)
		topicID, postID := author.posted(a)
		if got := flashOf(author.follow(a).body); got != "Thank you. Your post is waiting for a moderator; you will be notified when it is published." {
			t.Errorf("after sending, the page says %q", got)
		}
		topicPath, forumPath := fmt.Sprintf("/t/%d", topicID), fmt.Sprintf("/f/%d", f.ID)
		if p := visitor.get(topicPath); p.status != http.StatusNotFound {
			t.Errorf("GET %s before approval: status %d, want 404", topicPath, p.status)
		}
		lacks(t, "a visitor", visitor.get(forumPath), title)
		lacks(t, "a visitor", visitor.get("/"), title)

		queue := mod.get("/mod/queue")
		shows(t, queue, "New topic: "+title, body, "<strong>Quiet Heron</strong>", fmt.Sprintf(`id="q%d"`, postID))
		if n := countIn(waitingRE, queue.body); n != 1 {
			t.Errorf("the moderator's header says %d waiting, want 1", n)
		}

		ap := mod.approve(postID)
		mod.done(ap, "The post is approved and published.")
		if ap.location() != "/mod/queue" {
			t.Errorf("approving sends the moderator to %q, want the queue", ap.location())
		}
		queue = mod.get("/mod/queue")
		shows(t, queue, "Nothing is waiting.")
		lacks(t, "the queue after approval", queue, title)

		shows(t, visitor.get(topicPath), "<h1>"+title+"</h1>", body, "Quiet Heron")
		shows(t, visitor.get(forumPath), fmt.Sprintf(`<a class="topic-title" href="%s">%s</a>`, topicPath, title))
		home := visitor.get("/")
		latest := regexp.MustCompile(`(?s)<section aria-labelledby="latest">.*?</section>`).FindString(home.body)
		if !strings.Contains(latest, fmt.Sprintf(`href="%s">%s</a>`, topicPath, title)) {
			t.Errorf("the home page's latest topics lack the topic:\n%s", latest)
		}
		if topics, posts, ok := forumStats(home.body, f.ID); !ok || topics != 1 || posts != 1 {
			t.Errorf("home counts for the forum: %d topics, %d posts (found %v), want 1 and 1", topics, posts, ok)
		}
		shows(t, author.get("/notifications"), fmt.Sprintf(`Your post in <a href="/p/%d">%s</a> was approved and is published.`, postID, title))
		shows(t, author.get("/my/posts"), `<span class="status status-approved">Published</span>`)
	})
}

// statsRE reads a forum's counts from a group's page, homeStatsRE from the
// home page's shorter list.
var (
	statsRE     = regexp.MustCompile(`(?s)<h3><a href="/f/(\d+)">.*?<dt>Topics</dt><dd>(\d+)</dd>\s*<dt>Posts</dt><dd>(\d+)</dd>`)
	homeStatsRE = regexp.MustCompile(`<li><a href="/f/(\d+)">[^<]*</a>[^<]*(?:<span class="tag tag-expert">Expert</span> )?<span class="forum-counts">(\d+) topics?, (\d+) posts?`)
)

// forumStats reads a forum's counts from a list of forums.
func forumStats(body string, forumID int64) (topics, posts int, ok bool) {
	for _, m := range append(statsRE.FindAllStringSubmatch(body, -1), homeStatsRE.FindAllStringSubmatch(body, -1)...) {
		if m[1] == strconv.FormatInt(forumID, 10) {
			topics, _ = strconv.Atoi(m[2])
			posts, _ = strconv.Atoi(m[3])
			return topics, posts, true
		}
	}
	return 0, 0, false
}

// TestADeclinedPostGoesBackToItsAuthor: a moderator declines with a preset
// reason and a note; the author reads both in their notifications and their
// posts, changes the post and sends it again, and it waits in the queue as
// before, with the new text only.
func TestADeclinedPostGoesBackToItsAuthor(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Safety from any trafficker or other abuser")
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		first, second := uniqueWord(t, "first"), uniqueWord(t, "second")
		const title = "Safety planning when a trafficker makes contact"
		topicID, postID := author.newTopic(f, title, "We met him near "+first+" last week.", false)

		mod.done(mod.decline(postID, "personal-data", "Please take out the name of the place."), "The post is declined and its author told why.")
		const reason = "It contains personal data that could identify someone. Please take out the name of the place."
		shows(t, author.get("/notifications"), fmt.Sprintf(`Your post in “%s” was declined: %s <a href="/my/posts/%d/edit">`, title, reason, postID))
		mine := author.get("/my/posts")
		shows(t, mine, `<span class="status status-declined">Declined</span>`, "<strong>Declined:</strong> "+reason, fmt.Sprintf(`href="/my/posts/%d/edit">Change and send again`, postID))
		if p := newBrowser(t, s).get(fmt.Sprintf("/t/%d", topicID)); p.status != http.StatusNotFound {
			t.Errorf("a declined topic: status %d for a visitor, want 404", p.status)
		}
		shows(t, mod.get("/mod/queue"), "Nothing is waiting.")

		editPath := fmt.Sprintf("/my/posts/%d/edit", postID)
		edit := author.get(editPath)
		shows(t, edit, "Why a moderator declined it", reason, first)
		if v, _ := inputValue(edit.body, "title"); v != title {
			t.Errorf("the edit form shows the title %q, want %q", v, title)
		}
		a := author.submitOn(edit, editPath, url.Values{"title": {title}, "body": {"We met him near " + second + " last week."}, "action": {"send"}})
		author.done(a, "Thank you. Your post is waiting for a moderator; you will be notified when it is published.")
		if want := fmt.Sprintf("/my/posts#post-%d", postID); a.location() != want {
			t.Errorf("sending again leads to %q, want %q", a.location(), want)
		}
		mine = author.get("/my/posts")
		shows(t, mine, `<span class="status status-pending">Waiting for a moderator</span>`)
		lacks(t, "the author's posts after sending again", mine, "Declined:", first)

		queue := mod.get("/mod/queue")
		shows(t, queue, fmt.Sprintf(`id="q%d"`, postID), second)
		lacks(t, "the queue", queue, first)
		if n := countIn(waitingRE, queue.body); n != 1 {
			t.Errorf("the moderator's header says %d waiting, want 1", n)
		}
		if p := newBrowser(t, s).get(fmt.Sprintf("/t/%d", topicID)); p.status != http.StatusNotFound {
			t.Errorf("a topic sent again: status %d for a visitor, want 404", p.status)
		}
		mod.done(mod.approve(postID), "The post is approved and published.")
		shows(t, newBrowser(t, s).get(fmt.Sprintf("/t/%d", topicID)), second)
	})
}

// TestUnapprovedContentReachesNoReader: pending, declined and hidden posts,
// and a topic whose opening post waits or was declined, are on no page a
// visitor or another member can open, on any page of a forum or a topic,
// in no page title, and their addresses are not found.
func TestUnapprovedContentReachesNoReader(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Long-term, consistent support")
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		w := map[string]string{}
		for _, k := range []string{"pendingTitle", "pendingBody", "pendingReply", "declinedTitle", "declinedBody", "declinedReply", "hiddenReply"} {
			w[k] = uniqueWord(t, strings.ToLower(k))
		}

		// Enough approved topics and replies that the forum and the topic
		// each have a second page.
		for i := range store.TopicPageSize + 1 {
			if _, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.acc.ID, Title: fmt.Sprintf("Key worker changes %02d", i), Body: "Approved."}); err != nil {
				t.Fatal(err)
			}
		}
		topicID, _ := publishedTopic(t, mod, f, "Continuity when a caseworker leaves")
		for i := range store.PostPageSize {
			if _, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: topicID, AuthorID: mod.acc.ID, Body: fmt.Sprintf("Approved reply %02d.", i)}); err != nil {
				t.Fatal(err)
			}
		}

		pendingTopic, _ := author.newTopic(f, "Waiting "+w["pendingTitle"], "Body "+w["pendingBody"], false)
		declinedTopic, declinedOpening := author.newTopic(f, "Declined "+w["declinedTitle"], "Body "+w["declinedBody"], false)
		pendingReply := author.reply(topicID, 0, "Reply "+w["pendingReply"], false)
		declinedReply := author.reply(topicID, 0, "Reply "+w["declinedReply"], false)
		hiddenReply := author.reply(topicID, 0, "Reply "+w["hiddenReply"], false)
		mod.done(mod.decline(declinedOpening, "off-topic", ""), "The post is declined and its author told why.")
		mod.done(mod.decline(declinedReply, "abusive", ""), "The post is declined and its author told why.")
		mod.done(mod.approve(hiddenReply), "The post is approved and published.")
		hidePath := fmt.Sprintf("/mod/posts/%d/hide", hiddenReply)
		mod.done(mod.submit(fmt.Sprintf("/mod/posts/%d", hiddenReply), hidePath, url.Values{"reason": {"Off-topic"}}), "The post is hidden from readers.")

		secrets := make([]string, 0, len(w))
		for _, v := range w {
			secrets = append(secrets, v)
		}
		other := newParticipant(t, s, "Other Member", forum.RolePractitioner)
		readers := map[string]*browser{"a visitor": newBrowser(t, s), "another member": other.browser}
		for who, b := range readers {
			forumPage, topicPage := b.get(fmt.Sprintf("/f/%d", f.ID)), b.get(fmt.Sprintf("/t/%d", topicID))
			pages := []answer{b.get("/"), b.get(fmt.Sprintf("/g/%d", f.GroupID)), forumPage, topicPage,
				b.get(nextPage(t, forumPage)), b.get(nextPage(t, topicPage))}
			if who == "another member" {
				pages = append(pages, b.get(fmt.Sprintf("/f/%d/new", f.ID)), b.get(fmt.Sprintf("/t/%d/reply", topicID)))
			}
			for _, p := range pages {
				if p.status != http.StatusOK {
					t.Errorf("%s: %s: status %d", who, p, p.status)
				}
				lacks(t, who, p, secrets...)
			}
			shows(t, pages[5], "This post was removed by a moderator.")
			if topics, posts, _ := forumStats(pages[1].body, f.ID); topics != store.TopicPageSize+2 || posts != store.TopicPageSize+2+store.PostPageSize {
				t.Errorf("%s: the group page counts %d topics and %d posts, want the approved %d and %d", who, topics, posts, store.TopicPageSize+2, store.TopicPageSize+2+store.PostPageSize)
			}
			shows(t, topicPage, fmt.Sprintf("%d replies", store.PostPageSize))

			gone := []string{fmt.Sprintf("/t/%d", pendingTopic), fmt.Sprintf("/t/%d", declinedTopic),
				fmt.Sprintf("/t/%d/reply", pendingTopic), fmt.Sprintf("/t/%d/reply?to=%d", topicID, pendingReply),
				fmt.Sprintf("/t/%d/reply?to=%d", topicID, hiddenReply), fmt.Sprintf("/p/%d/report", pendingReply),
				fmt.Sprintf("/p/%d/report", declinedReply), fmt.Sprintf("/p/%d/report", hiddenReply)}
			for _, path := range gone {
				p := b.get(path)
				if who == "a visitor" && p.status == http.StatusSeeOther && strings.HasPrefix(p.location(), "/login") {
					continue // a page for members only: the visitor is asked to sign in first
				}
				if p.status != http.StatusNotFound {
					t.Errorf("%s: GET %s: status %d, want 404", who, path, p.status)
				}
				lacks(t, who, p, secrets...)
				if m := titleRE.FindStringSubmatch(p.body); m == nil || strings.Contains(strings.ToLower(m[1]), "zq") {
					t.Errorf("%s: GET %s has the page title %v", who, path, m)
				}
			}
		}
		// The author still sees every one of them, and the queue its pending posts.
		shows(t, author.get("/my/posts"), w["pendingTitle"], w["declinedTitle"], w["pendingReply"], w["declinedReply"], w["hiddenReply"])
		shows(t, mod.get("/mod/queue"), w["pendingTitle"], w["pendingReply"])
	})
}

// nextPage is the address of the page's "next page" link.
func nextPage(t *testing.T, a answer) string {
	t.Helper()
	m := regexp.MustCompile(`<a rel="next" href="([^"]+)"`).FindStringSubmatch(a.body)
	if m == nil {
		t.Fatalf("%s has no next page", a)
	}
	return html.UnescapeString(m[1])
}

// postCase is a form a member sends that must be refused with its field
// errors, keeping what they typed, and change nothing.
type postCase struct {
	name     string
	from     string // the page whose form is sent
	action   string
	form     url.Values
	summary  []summaryItem
	kept     map[string]string // input id: the value it must still show
	keptBody string            // what the body textarea must still hold
}

// TestBadPostsAreExplainedAndNothingIsWritten: empty, too short and too
// long titles and bodies are refused with a GOV.UK error summary whose links
// land on the fields, what was typed is kept, and the database is as it was
// but for the member's draft of it (drafts_test.go).
func TestBadPostsAreExplainedAndNothingIsWritten(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Access to education")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, mod, f, "ESOL classes and waiting lists")
		newPath, replyPath := fmt.Sprintf("/f/%d/new", f.ID), fmt.Sprintf("/t/%d/reply", topicID)
		longTitle, longBody := strings.Repeat("t", forum.TitleMax+1), strings.Repeat("b", forum.BodyMax+1)
		const okTitle, okBody = "College places for adults", "Which colleges take referrals mid-year?"

		for _, tc := range []postCase{
			{name: "empty topic", from: newPath, action: newPath, form: url.Values{"title": {""}, "body": {""}},
				summary: []summaryItem{{"title", "Enter title"}, {"body", "Enter your post"}}},
			{name: "blank title", from: newPath, action: newPath, form: url.Values{"title": {"   "}, "body": {okBody}},
				summary: []summaryItem{{"title", "Enter title"}}, keptBody: okBody},
			{name: "short title", from: newPath, action: newPath, form: url.Values{"title": {"ESOL"}, "body": {okBody}},
				summary: []summaryItem{{"title", "Title must be at least 5 characters"}}, kept: map[string]string{"title": "ESOL"}, keptBody: okBody},
			{name: "overlong title", from: newPath, action: newPath, form: url.Values{"title": {longTitle}, "body": {okBody}},
				summary: []summaryItem{{"title", "Title must be 150 characters or fewer"}}, kept: map[string]string{"title": longTitle}, keptBody: okBody},
			{name: "overlong body", from: newPath, action: newPath, form: url.Values{"title": {okTitle}, "body": {longBody}},
				summary: []summaryItem{{"body", "Your post must be 20000 characters or fewer"}}, kept: map[string]string{"title": okTitle}, keptBody: longBody},
			{name: "empty reply", from: replyPath, action: replyPath, form: url.Values{"body": {" \n "}},
				summary: []summaryItem{{"body", "Enter your reply"}}},
			{name: "overlong reply", from: replyPath, action: replyPath, form: url.Values{"body": {longBody}},
				summary: []summaryItem{{"body", "Your reply must be 20000 characters or fewer"}}, keptBody: longBody},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := author.in(t)
				before := withoutDrafts(stateOf(t, s.st))
				a := p.submit(tc.from, tc.action, tc.form)
				if a.status != http.StatusUnprocessableEntity || !slices.Equal(errorSummary(a.body), tc.summary) {
					t.Errorf("status %d, summary %v; want 422 and %v", a.status, errorSummary(a.body), tc.summary)
				}
				summaryLinksLand(t, a)
				for id, want := range tc.kept {
					if got, _ := inputValue(a.body, id); got != want {
						t.Errorf("#%s shows %.40q, want %.40q", id, got, want)
					}
				}
				if tc.keptBody != "" && !strings.Contains(a.body, ">"+html.EscapeString(tc.keptBody)+"</textarea>") {
					t.Errorf("the body textarea lost what was typed")
				}
				if m := titleRE.FindStringSubmatch(a.body); m == nil || !strings.HasPrefix(m[1], "Error: ") {
					t.Errorf("the page title %v does not start with Error:", m)
				}
				if diff := before.changes(withoutDrafts(stateOf(t, s.st))); diff != "" {
					t.Errorf("a refused form changed the database:\n%s", diff)
				}
			})
		}
	})
}

// TestPostsThatCannotBeMade: a reply to a locked topic, a reply to a post
// that is not published, and a topic in a forum that does not exist are
// refused with a clear page or status, and nothing is written.
func TestPostsThatCannotBeMade(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Access to education")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, mod, f, "ESOL classes and waiting lists")
		lockedID, _ := publishedTopic(t, mod, f, "Adult education funding")
		pending := author.reply(topicID, 0, "A reply still waiting for a moderator.", false)
		replyPath := fmt.Sprintf("/t/%d/reply", lockedID)
		openForm := author.get(replyPath) // open in a tab before the topic is locked

		lockPath := fmt.Sprintf("/mod/topics/%d/lock", lockedID)
		mod.done(mod.submit(fmt.Sprintf("/t/%d", lockedID), lockPath, nil), "The topic is locked.")
		topic := author.get(fmt.Sprintf("/t/%d", lockedID))
		shows(t, topic, `<span class="badge badge-locked">Locked</span>`)
		lacks(t, "a member on a locked topic", topic, `href="/t/`+strconv.FormatInt(lockedID, 10)+`/reply"`)
		form := author.get(replyPath)
		shows(t, form, "This topic is locked and takes no more replies.")
		if _, ok := hiddenFields(form.body, replyPath); ok {
			t.Errorf("the reply page of a locked topic still has the reply form")
		}

		for _, tc := range []struct {
			name    string
			send    func(p participant) answer
			status  []int
			message string
		}{
			{"reply to a locked topic", func(p participant) answer {
				return p.submitOn(openForm, replyPath, url.Values{"body": {"Is there a bursary?"}, "action": {"send"}})
			}, []int{http.StatusConflict, http.StatusUnprocessableEntity}, "This topic is locked and takes no more replies."},
			{"reply form answering a pending post", func(p participant) answer {
				return p.get(fmt.Sprintf("/t/%d/reply?to=%d", topicID, pending))
			}, []int{http.StatusNotFound}, ""},
			{"reply answering a pending post", func(p participant) answer {
				return p.act(fmt.Sprintf("/t/%d/reply", topicID), url.Values{"to": {strconv.FormatInt(pending, 10)}, "body": {"Agreed."}, "submission": {"k1"}})
			}, []int{http.StatusNotFound}, ""},
			{"new-topic form of a missing forum", func(p participant) answer {
				return p.get("/f/999999/new")
			}, []int{http.StatusNotFound}, ""},
			{"topic in a missing forum", func(p participant) answer {
				return p.act("/f/999999/new", url.Values{"title": {"A good title"}, "body": {"A body."}, "submission": {"k2"}})
			}, []int{http.StatusNotFound}, ""},
			{"reply in a missing topic", func(p participant) answer {
				return p.act("/t/999999/reply", url.Values{"body": {"A body."}, "submission": {"k3"}})
			}, []int{http.StatusNotFound}, ""},
			// Ids that are not numbers are not found, never read as 0.
			{"topic in a forum whose id is not a number", func(p participant) answer {
				return p.act("/f/x7/new", url.Values{"title": {"A good title"}, "body": {"A body."}, "submission": {"k4"}})
			}, []int{http.StatusNotFound}, ""},
			{"reply in a topic whose id is not a number", func(p participant) answer {
				return p.act("/t/x7/reply", url.Values{"body": {"A body."}, "submission": {"k5"}})
			}, []int{http.StatusNotFound}, ""},
			{"reply answering a post whose id is not a number", func(p participant) answer {
				return p.act(fmt.Sprintf("/t/%d/reply", topicID), url.Values{"to": {"x7"}, "body": {"Agreed."}, "submission": {"k6"}})
			}, []int{http.StatusNotFound}, ""},
			{"reply answering post 0", func(p participant) answer {
				return p.act(fmt.Sprintf("/t/%d/reply", topicID), url.Values{"to": {"0"}, "body": {"Agreed."}, "submission": {"k7"}})
			}, []int{http.StatusNotFound}, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := stateOf(t, s.st)
				a := tc.send(author.in(t))
				if !slices.Contains(tc.status, a.status) {
					t.Errorf("status %d, want one of %v\n%.1500s", a.status, tc.status, mainOf(a.body))
				}
				if tc.message != "" {
					shows(t, a, tc.message)
				}
				summaryLinksLand(t, a)
				if diff := before.changes(stateOf(t, s.st)); diff != "" {
					t.Errorf("the refused post changed the database:\n%s", diff)
				}
			})
		}
	})
}

// TestADoubleSentFormMakesOnePost: the same form sent twice (a double
// click, a retry) makes one post, and both sends lead to it; also when the
// two arrive together, both having found no earlier one.
func TestADoubleSentFormMakesOnePost(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Access to medical treatment")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, mod, f, "GP registration without an address")
		newPath, replyPath := fmt.Sprintf("/f/%d/new", f.ID), fmt.Sprintf("/t/%d/reply", topicID)

		for _, tc := range []struct {
			name         string
			who          participant
			from, action string
			form         url.Values
			together     bool
		}{
			{"a topic sent twice", author, newPath, newPath, url.Values{"title": {"Dentists taking new patients"}, "body": {"Any in the north-east?"}}, false},
			{"a reply sent twice", author, replyPath, replyPath, url.Values{"body": {"Ask the practice manager."}}, false},
			{"a moderator's topic sent twice", mod, newPath, newPath, url.Values{"title": {"Pinned guidance on GP access"}, "body": {"Read this first."}}, false},
			{"a topic sent twice at once", author, newPath, newPath, url.Values{"title": {"Interpreters at appointments"}, "body": {"Who books them?"}}, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := tc.who.in(t)
				page := p.get(tc.from)
				fields, ok := hiddenFields(page.body, tc.action)
				if !ok || fields.Get("submission") == "" {
					t.Fatalf("%s has no form with a submission key", tc.from)
				}
				send := func() answer { return p.submitOn(page, tc.action, tc.form) }
				var first, second answer
				if tc.together {
					first, second = sendTogether(t, s.st, "accounts", p.acc.ID, send, send)
				} else {
					first, second = send(), send()
				}
				for _, a := range []answer{first, second} {
					if a.status != http.StatusSeeOther {
						t.Errorf("%s: status %d, summary %v, want 303 to the post", a, a.status, errorSummary(a.body))
					}
				}
				if first.location() != second.location() {
					t.Errorf("the two sends lead to %q and %q, want the same post", first.location(), second.location())
				}
				n := countRows(t, s.st, fmt.Sprintf("SELECT COUNT(*) FROM posts WHERE author_id = %d AND submission_key = '%s'", p.acc.ID, fields.Get("submission")))
				if n != 1 {
					t.Errorf("%d posts made, want 1", n)
				}
				if topics := countRows(t, s.st, "SELECT COUNT(*) FROM topics t WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.topic_id = t.id)"); topics != 0 {
					t.Errorf("%d topics without posts were left behind", topics)
				}
			})
		}
	})
}

// TestRepliesNotifyTheirAuthor: a reply to your post tells you once it is
// approved, not before; the header counts what is unread; marking one read
// and then all read brings the count down and then away.
func TestRepliesNotifyTheirAuthor(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Trauma-informed services")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		replier := newParticipant(t, s, "Bright Wren", forum.RolePractitioner)
		const title = "Interviews that do not retraumatise"
		topicID, opening := author.newTopic(f, title, "What helps in a first interview?", false)
		mod.done(mod.approve(opening), "The post is approved and published.")
		if n := countIn(unreadRE, author.get("/").body); n != 1 {
			t.Errorf("after approval the author's header shows %d unread, want 1", n)
		}

		reply := replier.reply(topicID, opening, "Let the person choose where to sit.", false)
		if n := countIn(unreadRE, author.get("/").body); n != 1 {
			t.Errorf("a pending reply changed the author's unread count to %d, want 1", n)
		}
		lacks(t, "the author's notifications before the reply is approved", author.get("/notifications"), "replied to you")

		mod.done(mod.approve(reply), "The post is approved and published.")
		page := author.get("/notifications")
		if n := countIn(unreadRE, page.body); n != 2 {
			t.Errorf("the author's header shows %d unread, want 2", n)
		}
		// The reply is signed, so the notification names its author.
		shows(t, page, fmt.Sprintf(`Bright Wren replied to you in <a href="/p/%d">%s</a>.`, reply, title))
		if n := strings.Count(page.body, `<strong class="badge">New</strong>`); n != 2 {
			t.Errorf("%d notifications are marked new, want 2", n)
		}

		// A moderator's reply is published at once and tells the replier.
		modReply := mod.reply(topicID, reply, "Good point.", false)
		shows(t, replier.get("/notifications"), fmt.Sprintf(`Careful Moderator replied to you in <a href="/p/%d">`, modReply))
		// Answering yourself tells no one.
		own := author.reply(topicID, opening, "Thank you both.", false)
		mod.done(mod.approve(own), "The post is approved and published.")
		if n := countIn(unreadRE, author.get("/").body); n != 3 {
			t.Errorf("after their own reply is approved the author has %d unread, want 3 (two approvals and one reply)", n)
		}

		ids := regexp.MustCompile(`<input type="hidden" name="id" value="(\d+)">`).FindAllStringSubmatch(author.get("/notifications").body, -1)
		if len(ids) != 3 {
			t.Fatalf("%d notifications can be marked read one by one, want 3", len(ids))
		}
		a := author.act("/notifications/read", url.Values{"id": {ids[0][1]}})
		if a.status != http.StatusSeeOther || countIn(unreadRE, author.follow(a).body) != 2 {
			t.Errorf("marking one read: status %d, then %d unread, want 2", a.status, countIn(unreadRE, author.get("/").body))
		}
		a = author.submit("/notifications", "/notifications/read", nil)
		if a.status != http.StatusSeeOther || a.location() != "/notifications" {
			t.Fatalf("marking all read: status %d to %q", a.status, a.location())
		}
		page = author.follow(a)
		if n := countIn(unreadRE, page.body); n != 0 {
			t.Errorf("after marking all read the header shows %d unread", n)
		}
		lacks(t, "the notifications after marking all read", page, `class="badge">New<`, "Mark as read")
	})
}

// TestWithdrawAPendingPost: the author withdraws a waiting reply and a
// waiting topic from their posts; each leaves the queue and the database;
// nobody withdraws anyone else's post.
func TestWithdrawAPendingPost(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Finding purpose in life and self-actualisation")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		other := newParticipant(t, s, "Bright Wren", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, mod, f, "Volunteering while waiting for a decision")
		replyWord, topicWord := uniqueWord(t, "reply"), uniqueWord(t, "topic")
		reply := author.reply(topicID, 0, "A reply "+replyWord, false)
		ownTopic, opening := author.newTopic(f, "A topic "+topicWord, "Its opening post.", false)
		published := author.reply(topicID, 0, "A reply that will be published.", false)
		mod.done(mod.approve(published), "The post is approved and published.")
		if n := countIn(waitingRE, mod.get("/").body); n != 2 {
			t.Errorf("the moderator's header shows %d waiting, want 2", n)
		}

		withdraw := func(id int64) answer {
			return author.submit("/my/posts", fmt.Sprintf("/my/posts/%d/withdraw", id), nil)
		}
		if a := other.act(fmt.Sprintf("/my/posts/%d/withdraw", reply), nil); a.status != http.StatusNotFound {
			t.Errorf("another member withdrawing the post: status %d, want 404", a.status)
		}
		author.done(withdraw(reply), "Your post is withdrawn.")
		queue := mod.get("/mod/queue")
		lacks(t, "the queue", queue, replyWord)
		shows(t, queue, topicWord)
		if n := countIn(waitingRE, queue.body); n != 1 {
			t.Errorf("after one withdrawal the header shows %d waiting, want 1", n)
		}
		author.done(withdraw(opening), "Your post is withdrawn.")
		queue = mod.get("/mod/queue")
		shows(t, queue, "Nothing is waiting.")
		lacks(t, "the queue", queue, replyWord, topicWord)
		if cells := append(cellsHolding(t, s.st, replyWord), cellsHolding(t, s.st, topicWord)...); len(cells) != 0 {
			t.Errorf("withdrawn posts are still stored in %v", cells)
		}
		if a := mod.act(fmt.Sprintf("/mod/posts/%d/approve", reply), nil); a.status != http.StatusNotFound && a.status != http.StatusConflict {
			t.Errorf("approving a withdrawn post: status %d, want 404 or 409", a.status)
		}
		if p := newBrowser(t, s).get(fmt.Sprintf("/t/%d", ownTopic)); p.status != http.StatusNotFound {
			t.Errorf("a withdrawn topic: status %d, want 404", p.status)
		}

		if p := other.act(fmt.Sprintf("/my/posts/%d/withdraw", published), nil); p.status != http.StatusNotFound {
			t.Errorf("another member withdrawing a published post: status %d, want 404", p.status)
		}
	})
}

// TestWithdrawAPublishedPost: the author withdraws a published reply from
// their posts: at once its words are gone from the topic, the search and
// every stored cell, readers see it was deleted by its author, and the
// topic's counts follow; a second press says it is done already. An
// opening post with others' replies leaves the topic without its title;
// one alone in its topic takes the topic with it.
func TestWithdrawAPublishedPost(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Finding purpose in life and self-actualisation")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, mod, f, "Volunteering while waiting for a decision")
		word := uniqueWord(t, "published")
		published := author.reply(topicID, 0, "A reply that will be published: "+word, true)
		mod.done(mod.approve(published), "The post is approved and published.")
		shows(t, newBrowser(t, s).get(fmt.Sprintf("/t/%d", topicID)), word)

		mine := author.get("/my/posts")
		shows(t, mine, fmt.Sprintf(`action="/my/posts/%d/withdraw"`, published))
		author.done(author.submit("/my/posts", fmt.Sprintf("/my/posts/%d/withdraw", published), nil), "Your post is withdrawn.")
		page := newBrowser(t, s).get(fmt.Sprintf("/t/%d", topicID))
		lacks(t, "the topic", page, word)
		shows(t, page, "This post was deleted by its author.")
		shows(t, newBrowser(t, s).get("/search?q="+word), "Nothing found")
		if cells := cellsHolding(t, s.st, word); len(cells) != 0 {
			t.Errorf("the withdrawn post's words are still stored in %v", cells)
		}
		if a := author.act(fmt.Sprintf("/my/posts/%d/withdraw", published), nil); a.status != http.StatusConflict ||
			problemOf(a.body) != "You have withdrawn this post already." {
			t.Errorf("withdrawing it again: status %d, %q", a.status, problemOf(a.body))
		}

		// An opening post with a reply of someone else's.
		titleWord := uniqueWord(t, "title")
		ownTopic, opening := author.newTopic(f, "A topic "+titleWord, "Its opening post.", false)
		mod.done(mod.approve(opening), "The post is approved and published.")
		mod.reply(ownTopic, 0, "A moderator's answer.", false) // staff's signed posts are published at once
		author.done(author.submit("/my/posts", fmt.Sprintf("/my/posts/%d/withdraw", opening), nil), "Your post is withdrawn.")
		page = newBrowser(t, s).get(fmt.Sprintf("/t/%d", ownTopic))
		lacks(t, "the topic", page, titleWord)
		shows(t, page, store.ErasedTitle)
		shows(t, page, "A moderator&#39;s answer.")

		// An opening post alone in its topic.
		lonelyWord := uniqueWord(t, "lonely")
		lonely, lonelyOpening := author.newTopic(f, "A topic "+lonelyWord, "Nobody answered.", false)
		mod.done(mod.approve(lonelyOpening), "The post is approved and published.")
		author.done(author.submit("/my/posts", fmt.Sprintf("/my/posts/%d/withdraw", lonelyOpening), nil), "Your post is withdrawn.")
		if p := newBrowser(t, s).get(fmt.Sprintf("/t/%d", lonely)); p.status != http.StatusNotFound {
			t.Errorf("a withdrawn lonely topic: status %d, want 404", p.status)
		}
		if cells := cellsHolding(t, s.st, lonelyWord); len(cells) != 0 {
			t.Errorf("the lonely topic's words are still stored in %v", cells)
		}
	})
}

// sendTogether sends first and second so that each has read what it needs
// before either writes. On PostgreSQL a transaction of the test's own holds
// the row table/id locked until both requests wait behind it, first in
// front; SQLite runs one write at a time, so there the two simply start at
// the same instant.
func sendTogether(t *testing.T, st *store.Store, table string, id int64, first, second func() answer) (answer, answer) {
	t.Helper()
	if st.Dialect() != store.Postgres {
		var a1, a2 answer
		var wg sync.WaitGroup
		start := make(chan struct{})
		wg.Add(2)
		go func() { defer wg.Done(); <-start; a1 = first() }()
		go func() { defer wg.Done(); <-start; a2 = second() }()
		close(start)
		wg.Wait()
		return a1, a2
	}
	g := holdRow(t, st, table, id)
	a1, d1 := inBackground(first)
	g.waitFor(d1)
	a2, d2 := inBackground(second)
	g.waitFor(d1, d2)
	g.open()
	<-d1
	<-d2
	return *a1, *a2
}

// inBackground runs send in its own goroutine; done closes when it answered.
func inBackground(send func() answer) (*answer, chan struct{}) {
	var a answer
	done := make(chan struct{})
	go func() { defer close(done); a = send() }()
	return &a, done
}

// TestAuthorsCannotReportTheirOwnPosts: the report form of one's own post
// says why it cannot be sent instead of offering it, and sending it anyway
// changes nothing; for anyone else's post the form is there.
func TestAuthorsCannotReportTheirOwnPosts(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, mod, f, "Interpreters for first interviews")
		post := author.reply(topicID, 0, "My own anonymous reply.", true)
		mod.done(mod.approve(post), "The post is approved and published.")
		path := fmt.Sprintf("/p/%d/report", post)
		own := author.get(path)
		shows(t, own, "This is your own post, so you cannot report it.")
		if _, ok := hiddenFields(own.body, path); ok {
			t.Errorf("the author is offered the report form for their own post")
		}
		before := stateOf(t, s.st)
		if a := author.act(path, url.Values{"reason": {"off-topic"}}); a.status != http.StatusConflict {
			t.Errorf("reporting one's own post: status %d, want 409", a.status)
		}
		if diff := before.changes(stateOf(t, s.st)); diff != "" {
			t.Errorf("the refused report changed the database:\n%s", diff)
		}
		if _, ok := hiddenFields(mod.get(path).body, path); !ok {
			t.Errorf("someone else is not offered the report form")
		}
	})
}
