package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
)

// readsStage is a forum with one topic, a moderator who publishes, a
// writer, and two practitioners who read: the second reads every page first,
// so that the first is served the main content the second's read filled
// (fragments.go) with marks of their own.
type readsStage struct {
	sgCast
	st              *store.Store
	clock           *testClock
	reader, other   *browser
	readerAcc       forum.Account
	readerPass      string
	forumPath, home string
}

func readsSetUp(t *testing.T, s served, clock *testClock) *readsStage {
	t.Helper()
	r := &readsStage{st: s.st, clock: clock, home: "/"}
	acc, pass := member(t, s.st, "Unread Reader", forum.RolePractitioner)
	r.readerAcc, r.readerPass = acc, pass
	_, otherPass := member(t, s.st, "Other Reader", forum.RolePractitioner)
	clock.Advance(time.Hour)
	r.sgCast = sgSetUp(t, s)
	r.forumPath = fmt.Sprintf("/f/%d", r.forum.ID)
	r.reader, r.other = newBrowser(t, s), newBrowser(t, s)
	r.reader.signIn("Unread Reader", pass)
	r.other.signIn("Other Reader", otherPass)
	return r
}

// reply publishes a reply by the writer, a minute later than the last thing.
func (r *readsStage) reply(t *testing.T, body string) int64 {
	t.Helper()
	r.clock.Advance(time.Minute)
	p, err := r.st.CreateReply(ctx, forum.NewReply{TopicID: r.topic.TopicID, AuthorID: r.writer.ID, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.st.Approve(ctx, r.mod, p.PostID); err != nil {
		t.Fatal(err)
	}
	return p.PostID
}

// page opens path as the other reader first (filling the shared cache),
// then as the reader, and returns the reader's page.
func (r *readsStage) page(t *testing.T, path string) answer {
	t.Helper()
	if a := r.other.get(path); a.status != http.StatusOK {
		t.Fatalf("GET %s as the other reader: %d", path, a.status)
	}
	a := r.reader.get(path)
	if a.status != http.StatusOK {
		t.Fatalf("GET %s: %d", path, a.status)
	}
	if strings.Contains(a.body, "<!--m:") {
		t.Fatalf("GET %s: a mark reached the browser", path)
	}
	return a
}

var newBadgeRE = regexp.MustCompile(`<span class="badge badge-new">New</span>`)

// newPosts lists the ids of the posts a topic page marks New.
func newPosts(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?s)<li class="post-item[^"]*" id="p(\d+)">(.*?)</header>`).FindAllStringSubmatch(body, -1) {
		if newBadgeRE.MatchString(m[2]) {
			out = append(out, m[1])
		}
	}
	if m := regexp.MustCompile(`(?s)<section class="thread-opening" id="p(\d+)"(.*?)</header>`).FindStringSubmatch(body); m != nil && newBadgeRE.MatchString(m[2]) {
		out = append([]string{m[1]}, out...)
	}
	return out
}

// TestWhatIsNewSinceYouLastRead: a member sees which forums and topics hold
// posts published since they last read them, how many, the posts marked
// New on the topic's page with a link to the first; reading marks them read
// (through the batch of read marks), "Mark all as read" clears everything;
// a visitor and another member are shown only their own state.
func TestWhatIsNewSinceYouLastRead(t *testing.T) {
	eachServedAt(t, sgOptions, func(t *testing.T, s served, clock *testClock) {
		r := readsSetUp(t, s, clock)
		opening := r.topic.PostID
		if err := r.st.Approve(ctx, r.mod, opening); err != nil && r.topic.Status != forum.StatusApproved {
			t.Fatal(err)
		}
		topicLine := regexp.MustCompile(`(?s)<a class="topic-title" href="` + r.topicPath + `">[^<]*</a>(.*?)</p>`)
		forumLine := regexp.MustCompile(`(?s)<li><a href="` + r.forumPath + `">[^<]*</a>(.*?)</li>`)
		lineOf := func(re *regexp.Regexp, body string) string {
			m := re.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("no line matches %s in:\n%s", re, mainOf(body))
			}
			return m[1]
		}
		type want struct {
			homeForum, homeTopic, forumTopic string // "" means not marked
			newPosts                         []string
			jump                             string
		}
		check := func(step string, w want, readTopic bool) {
			t.Helper()
			home := r.page(t, r.home)
			if got := lineOf(forumLine, home.body); !strings.Contains(got, w.homeForum) || (w.homeForum == "" && strings.Contains(got, "badge-new")) {
				t.Errorf("%s: the home page's line for the forum is %q, want %q", step, got, w.homeForum)
			}
			if got := lineOf(topicLine, home.body); !strings.Contains(got, w.homeTopic) || (w.homeTopic == "" && strings.Contains(got, "badge-new")) {
				t.Errorf("%s: the home page's latest line for the topic is %q, want %q", step, got, w.homeTopic)
			}
			fp := r.page(t, r.forumPath)
			if got := lineOf(topicLine, fp.body); !strings.Contains(got, w.forumTopic) || (w.forumTopic == "" && strings.Contains(got, "badge-new")) {
				t.Errorf("%s: the forum page's line for the topic is %q, want %q", step, got, w.forumTopic)
			}
			if !readTopic {
				return
			}
			tp := r.page(t, r.topicPath)
			if got := newPosts(tp.body); strings.Join(got, ",") != strings.Join(w.newPosts, ",") {
				t.Errorf("%s: the topic marks New %v, want %v", step, got, w.newPosts)
			}
			jump := regexp.MustCompile(`<p class="unread-jump"><a href="([^"]*)">Jump to the first unread post</a></p>`).FindStringSubmatch(tp.body)
			switch {
			case w.jump == "" && jump != nil:
				t.Errorf("%s: the topic offers %q though nothing is unread", step, jump[0])
			case w.jump != "" && (jump == nil || jump[1] != w.jump):
				t.Errorf("%s: the topic's jump link is %v, want %q", step, jump, w.jump)
			}
		}
		op := fmt.Sprint(opening)
		check("a topic published after joining", want{homeForum: "New posts", homeTopic: "New", forumTopic: "New",
			newPosts: []string{op}, jump: "#p" + op}, true)
		// Opening it marked it read, though the mark waits to be written.
		check("after reading it", want{}, true)
		if err := r.st.FlushReads(ctx); err != nil {
			t.Fatal(err)
		}
		check("after the marks are written", want{}, false)

		first := r.reply(t, "A first answer about shared case notes.")
		second := r.reply(t, "A second answer about shared case notes.")
		unread := fmt.Sprintf(`<a class="badge badge-new" href="%s/unread">2 new<span class="visually-hidden"> posts: go to the first</span></a>`, r.topicPath)
		check("two replies since", want{homeForum: "New posts", homeTopic: unread, forumTopic: unread}, false)
		if a := r.reader.get(r.topicPath + "/unread"); a.status != http.StatusSeeOther || a.location() != fmt.Sprintf("/p/%d", first) {
			t.Errorf("the first unread post: %s to %q, want /p/%d", a, a.location(), first)
		}
		check("reading the replies", want{homeForum: "New posts", homeTopic: unread, forumTopic: unread, newPosts: []string{fmt.Sprint(first), fmt.Sprint(second)}, jump: fmt.Sprintf("#p%d", first)}, true)
		check("having read them", want{}, true)
		if a := r.reader.get(r.topicPath + "/unread"); a.status != http.StatusSeeOther || a.location() != r.topicPath {
			t.Errorf("with nothing unread, /unread goes to %q, want the topic", a.location())
		}

		// A reply waiting for a moderator, and one declined, are nothing new.
		r.clock.Advance(time.Minute)
		if _, err := r.st.CreateReply(ctx, forum.NewReply{TopicID: r.topic.TopicID, AuthorID: r.writer.ID, Body: "Still waiting."}); err != nil {
			t.Fatal(err)
		}
		check("a reply waits", want{}, false)

		r.reply(t, "A third answer.")
		if err := r.st.FlushReads(ctx); err != nil {
			t.Fatal(err)
		}
		a := r.reader.submit(r.home, "/read-all", nil)
		if a.status != http.StatusSeeOther || a.location() != "/" {
			t.Fatalf("mark all as read: %s to %q", a, a.location())
		}
		if home := r.reader.follow(a); !strings.Contains(home.body, "Everything is marked as read.") {
			t.Error("marking all read says nothing")
		}
		// The other reader, who has not read the third reply, still sees it.
		other := r.other.get(r.forumPath)
		if !strings.Contains(lineOf(topicLine, other.body), "1 new") {
			t.Errorf("the other reader's marks followed the reader's: %q", lineOf(topicLine, other.body))
		}
		check("after mark all as read", want{}, true)
		visitor := newBrowser(t, s)
		for _, path := range []string{r.home, r.forumPath, r.topicPath} {
			v := visitor.get(path)
			if strings.Contains(v.body, "badge-new") || strings.Contains(v.body, "unread-jump") || strings.Contains(v.body, "/read-all") ||
				strings.Contains(v.body, "<!--m:") {
				t.Errorf("a visitor's %s shows marks", path)
			}
		}
		if a := visitor.get(r.topicPath + "/unread"); a.status != http.StatusSeeOther || !strings.HasPrefix(a.location(), "/login") {
			t.Errorf("a visitor's /unread: %s to %q, want the sign-in page", a, a.location())
		}
	})
}

// TestReadMarksGoWithTheAccount: the marks an account made go with it when it
// is erased, and reading never writes more than one row per topic.
func TestReadMarksGoWithTheAccount(t *testing.T) {
	eachServedAt(t, sgOptions, func(t *testing.T, s served, clock *testClock) {
		r := readsSetUp(t, s, clock)
		if err := r.st.Approve(ctx, r.mod, r.topic.PostID); err != nil && r.topic.Status != forum.StatusApproved {
			t.Fatal(err)
		}
		for range 3 {
			r.reply(t, "Another answer to read.")
			r.page(t, r.topicPath)
		}
		if err := r.st.FlushReads(ctx); err != nil {
			t.Fatal(err)
		}
		count := func() int {
			return countRows(t, r.st, fmt.Sprintf("SELECT COUNT(*) FROM topic_reads WHERE account_id = %d", r.readerAcc.ID))
		}
		if n := count(); n != 1 {
			t.Fatalf("the reader has %d read marks, want 1 (one per topic)", n)
		}
		// The marks are the member's data: in their download.
		var data struct {
			Reads []struct {
				TopicID int64 `json:"topic_id"`
			} `json:"topics_read"`
		}
		if err := json.Unmarshal([]byte(r.reader.get("/account/data.json").body), &data); err != nil {
			t.Fatal(err)
		}
		if len(data.Reads) != 1 || data.Reads[0].TopicID != r.topic.TopicID {
			t.Errorf("the download's read marks are %+v, want the one topic", data.Reads)
		}
		a := r.reader.submit("/account", "/account/erase", url.Values{"posts": {"keep"}, "erase-passphrase": {r.readerPass}})
		if a.status != http.StatusSeeOther {
			t.Fatalf("erasing the account: %s %v", a, errorSummary(a.body))
		}
		if n := count(); n != 0 {
			t.Errorf("%d read marks outlive the erased account", n)
		}
	})
}
