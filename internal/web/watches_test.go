package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"forum/internal/forum"
	"forum/internal/store"
)

// Watching a topic or a forum (issue 17, item 5): who may, who is told of
// which posts, how the notices are grouped and signed, stopping from a
// notice, and the watches going with their member's account.

// watchStage is a published topic in the housing forum, a member who
// watches it, and the people around them.
type watchStage struct {
	mod, watcher, author, other participant
	housing                     forum.Forum
	topicID                     int64
	title                       string
}

func newWatchStage(t *testing.T, s served) watchStage {
	t.Helper()
	w := watchStage{
		mod:     newParticipant(t, s, "Careful Moderator", forum.RoleModerator),
		watcher: newParticipant(t, s, "Watching Wren", forum.RolePractitioner),
		author:  newParticipant(t, s, "Quiet Heron", forum.RolePractitioner),
		other:   newParticipant(t, s, "Patient Otter", forum.RolePractitioner),
		housing: forumNamed(t, s.st, "Secure and suitable housing"),
	}
	w.title = "Rooms for the night " + uniqueWord(t, "watch")
	w.topicID, _ = publishedTopic(t, w.mod, w.housing, w.title)
	return w
}

func (w watchStage) topicPath() string { return fmt.Sprintf("/t/%d", w.topicID) }

// published has the moderator approve a reply of p's and returns its id.
func (w watchStage) published(p participant, parentID int64, body string, anonymous bool) int64 {
	id := p.reply(w.topicID, parentID, body, anonymous)
	w.mod.done(w.mod.approve(id), "The post is approved and published.")
	return id
}

// watchedNotices counts the notices of posts in watched topics and forums
// an account holds.
func watchedNotices(t *testing.T, s served, accountID int64) int {
	t.Helper()
	return countRows(t, s.st, fmt.Sprintf("SELECT COUNT(*) FROM notifications WHERE kind = 'watched' AND account_id = %d", accountID))
}

var stopWatchingRE = regexp.MustCompile(`<form class="inline-form" method="post" action="(/[tf]/\d+/unwatch)">`)

func TestWatchersAreToldOfApprovedPostsGroupedPerTopic(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		w := newWatchStage(t, s)
		// The button on the topic's page, for members only.
		lacks(t, "a visitor's topic page", newBrowser(t, s).get(w.topicPath()), "Watch this topic", "/watch", "<!--m:")
		shows(t, w.watcher.get(w.topicPath()), `<form class="watch-control" method="post" action="`+w.topicPath()+`/watch">`,
			`<button class="button button-secondary" type="submit">Watch this topic</button>`)
		page := w.watcher.done(w.watcher.submit(w.topicPath(), w.topicPath()+"/watch", nil),
			"You are watching this topic. You will be told in your notifications of each new post in it.")
		shows(t, page, `action="`+w.topicPath()+`/unwatch"`, "Stop watching this topic")
		lacks(t, "another member's topic page", w.other.get(w.topicPath()), "Stop watching")
		// A second click, or another tab, makes no second watch.
		w.watcher.done(w.watcher.act(w.topicPath()+"/watch", nil),
			"You are watching this topic. You will be told in your notifications of each new post in it.")
		if n := countRows(t, s.st, fmt.Sprintf("SELECT COUNT(*) FROM watches WHERE account_id = %d", w.watcher.acc.ID)); n != 1 {
			t.Errorf("%d watches after watching twice, want 1", n)
		}

		// Waiting, then declined: no one is told.
		waiting := w.author.reply(w.topicID, 0, "Is there a night shelter list?", false)
		declined := w.author.reply(w.topicID, 0, "Another question, off the topic.", false)
		w.mod.done(w.mod.decline(declined, "off-topic", ""), "The post is declined and its author told why.")
		if n := watchedNotices(t, s, w.watcher.acc.ID); n != 0 {
			t.Errorf("the watcher has %d notices of posts still waiting or declined, want 0", n)
		}
		lacks(t, "the watcher's notifications", w.watcher.get("/notifications"), "which you watch")

		// Approved: told, by its byline.
		w.mod.done(w.mod.approve(waiting), "The post is approved and published.")
		list := w.watcher.get("/notifications")
		shows(t, list, fmt.Sprintf(`Quiet Heron posted in <a href="/p/%d">%s</a>, which you watch.`, waiting, w.title))
		if n := countIn(unreadRE, list.body); n != 1 {
			t.Errorf("header counts %d unread, want 1", n)
		}

		// An anonymous post in the same topic joins the line, anonymous.
		w.published(w.author, 0, "We keep a list at the front desk.", true)
		list = w.watcher.get("/notifications")
		shows(t, list, fmt.Sprintf(`2 new posts in <a href="/p/%d">%s</a>, which you watch: 1 from Quiet Heron and 1 posted anonymously.`,
			waiting, w.title))
		if n := countIn(unreadRE, list.body); n != 1 {
			t.Errorf("header counts %d unread for one topic's line, want 1", n)
		}
		if n := strings.Count(list.body, "which you watch"); n != 1 {
			t.Errorf("%d lines of the watched topic, want 1", n)
		}

		// Their own post tells them nothing; a reply to it tells them as a
		// reply, not a second time as a watcher.
		before := watchedNotices(t, s, w.watcher.acc.ID)
		own := w.published(w.watcher, 0, "I watch this one.", false)
		if n := watchedNotices(t, s, w.watcher.acc.ID); n != before {
			t.Errorf("the watcher's own post made %d notices for them", n-before)
		}
		w.published(w.other, own, "Thank you for asking.", false)
		if n := watchedNotices(t, s, w.watcher.acc.ID); n != before {
			t.Errorf("a reply to the watcher made %d watch notices besides the reply's", n-before)
		}
		list = w.watcher.get("/notifications")
		shows(t, list, "Patient Otter replied to you in")
		// Others in the topic are told of it, and only once.
		if n := watchedNotices(t, s, w.author.acc.ID); n != 0 {
			t.Errorf("the author, who watches nothing, has %d watch notices", n)
		}

		// Marking the line read marks all of it.
		m := regexp.MustCompile(`(?s)which you watch:.*?name="id" value="(\d+)"`).FindStringSubmatch(list.body)
		if m == nil {
			t.Fatalf("no Mark as read on the watched topic's line:\n%s", mainOf(list.body))
		}
		w.watcher.submitOn(list, "/notifications/read", url.Values{"id": {m[1]}})
		unread := countRows(t, s.st, fmt.Sprintf("SELECT COUNT(*) FROM notifications WHERE kind = 'watched' AND account_id = %d AND read_at IS NULL", w.watcher.acc.ID))
		if unread != 0 {
			t.Errorf("%d of the line's notices still unread after marking it read", unread)
		}

		// Stop watching from the notice: back to the list, no more notices.
		list = w.watcher.get("/notifications")
		if got := stopWatchingRE.FindAllStringSubmatch(list.body, -1); len(got) != 1 || got[0][1] != w.topicPath()+"/unwatch" {
			t.Fatalf("stop-watching forms %v, want one for %s", got, w.topicPath())
		}
		a := w.watcher.submitOn(list, w.topicPath()+"/unwatch", url.Values{"return": {"/notifications"}})
		if a.location() != "/notifications" {
			t.Errorf("stopping went to %q, want /notifications", a.location())
		}
		list = w.watcher.done(a, "You are no longer watching the topic.")
		lacks(t, "the list after stopping", list, "Stop watching")
		before = watchedNotices(t, s, w.watcher.acc.ID)
		w.published(w.author, 0, "One more after they stopped.", false)
		if n := watchedNotices(t, s, w.watcher.acc.ID); n != before {
			t.Errorf("%d notices after stopping watching", n-before)
		}
	})
}

func TestWatchingAForumTellsOfNewTopicsAndReplies(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		w := newWatchStage(t, s)
		forumPath := fmt.Sprintf("/f/%d", w.housing.ID)
		lacks(t, "a visitor's forum page", newBrowser(t, s).get(forumPath), "Watch this forum", "<!--m:")
		page := w.other.done(w.other.submit(forumPath, forumPath+"/watch", nil),
			"You are watching this forum. You will be told in your notifications of each new post in it.")
		shows(t, page, `action="`+forumPath+`/unwatch"`, "Stop watching this forum")
		// The topic's page says the forum's watch tells them already.
		shows(t, w.other.get(w.topicPath()), "Watch this topic", "You are told of its new posts already, as you watch its forum.")
		// Watching the topic as well: told once of each post.
		w.other.done(w.other.submit(w.topicPath(), w.topicPath()+"/watch", nil),
			"You are watching this topic. You will be told in your notifications of each new post in it.")

		_, opening := w.author.newTopic(w.housing, "Deposits for a first tenancy", "Who pays the deposit?", false)
		w.mod.done(w.mod.approve(opening), "The post is approved and published.")
		w.published(w.author, 0, "A reply in the watched topic.", false)
		if n := watchedNotices(t, s, w.other.acc.ID); n != 2 {
			t.Errorf("%d notices for one new topic and one reply, want 2", n)
		}
		list := w.other.get("/notifications")
		shows(t, list, fmt.Sprintf(`Quiet Heron posted in <a href="/p/%d">Deposits for a first tenancy</a>, which you watch.`, opening),
			fmt.Sprintf(`action="/f/%d/unwatch"`, w.housing.ID), "Stop watching the forum “"+w.housing.Name+"”",
			fmt.Sprintf(`action="/t/%d/unwatch"`, w.topicID), "Stop watching this topic")
		if n := countIn(unreadRE, list.body); n != 2 {
			t.Errorf("header counts %d unread for two topics' lines, want 2", n)
		}

		// Stopping the forum from the notice.
		a := w.other.submitOn(list, forumPath+"/unwatch", url.Values{"return": {"/notifications"}})
		w.other.done(a, "You are no longer watching the forum.")
		before := watchedNotices(t, s, w.other.acc.ID)
		_, next := w.author.newTopic(w.housing, "Storage for belongings", "Where can things be kept?", false)
		w.mod.done(w.mod.approve(next), "The post is approved and published.")
		if n := watchedNotices(t, s, w.other.acc.ID); n != before {
			t.Errorf("%d notices after stopping watching the forum", n-before)
		}
	})
}

func TestWhoMayWatch(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		w := newWatchStage(t, s)
		admin := newParticipant(t, s, "Steady Admin", forum.RoleAdmin)
		visitor := newBrowser(t, s)
		pendingTopic, _ := w.author.newTopic(w.housing, "Not yet published", "Waiting for a moderator.", false)
		archived, err := s.st.CreateForum(ctx, admin.acc, forum.ForumEdit{GroupID: w.housing.GroupID, Name: "Old forum",
			Description: "Archived.", Kind: forum.KindDiscussion, Anonymity: forum.AnonAllowed})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.st.SetForumArchived(ctx, admin.acc, archived, true); err != nil {
			t.Fatal(err)
		}
		expert := expertForumOf(t, s, w.housing.GroupID)

		for _, tc := range []struct {
			name   string
			who    *browser
			path   string
			status int
		}{
			{"a visitor", visitor, w.topicPath() + "/watch", http.StatusUnauthorized},
			{"a visitor, a forum", visitor, fmt.Sprintf("/f/%d/watch", w.housing.ID), http.StatusUnauthorized},
			{"a topic waiting for a moderator", w.other.browser, fmt.Sprintf("/t/%d/watch", pendingTopic), http.StatusNotFound},
			{"its author's own topic waiting", w.author.browser, fmt.Sprintf("/t/%d/watch", pendingTopic), http.StatusNotFound},
			{"stopping a topic waiting", w.other.browser, fmt.Sprintf("/t/%d/unwatch", pendingTopic), http.StatusNotFound},
			{"an archived forum", w.other.browser, fmt.Sprintf("/f/%d/watch", archived), http.StatusNotFound},
			{"stopping an archived forum", w.other.browser, fmt.Sprintf("/f/%d/unwatch", archived), http.StatusNotFound},
			{"no such topic", w.other.browser, "/t/999999999/watch", http.StatusNotFound},
			{"no such forum", w.other.browser, "/f/999999/watch", http.StatusNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := stateOf(t, s.st)
				from := "/"
				if tc.who == visitor {
					from = "/login" // a form a visitor has
				}
				form := url.Values{"_csrf": {anyToken(tc.who.get(from).body)}}
				if a := tc.who.post(tc.path, form); a.status != tc.status {
					t.Errorf("%s: status %d, want %d", tc.path, a.status, tc.status)
				}
				if diff := before.changes(stateOf(t, s.st)); diff != "" {
					t.Errorf("a refused watch changed the database:\n%s", diff)
				}
			})
		}

		// Members, suspended ones too, watch what they read: expert forums
		// included, by hosts and practitioners alike.
		host := newParticipant(t, s, "Host Of Housing", forum.RolePractitioner)
		if err := s.st.SetGrant(ctx, admin.acc, host.acc.ID, store.Grant{Role: forum.RoleHost, HostedForums: []int64{expert}}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []participant{w.other, host, admin, w.mod} {
			p.done(p.act(fmt.Sprintf("/f/%d/watch", expert), nil),
				"You are watching this forum. You will be told in your notifications of each new post in it.")
		}
		// Stopping what one does not watch is fine, and changes nothing.
		w.author.done(w.author.act(w.topicPath()+"/unwatch", nil), "You are no longer watching the topic.")
		// Only a page of this site to return to.
		a := w.other.act(w.topicPath()+"/watch", url.Values{"return": {"//elsewhere.example/"}})
		if a.location() != w.topicPath() {
			t.Errorf("a return to another site went to %q, want %q", a.location(), w.topicPath())
		}
	})
}

func TestWatchesGoWithTheAccount(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		w := newWatchStage(t, s)
		w.watcher.done(w.watcher.act(w.topicPath()+"/watch", nil),
			"You are watching this topic. You will be told in your notifications of each new post in it.")
		w.watcher.done(w.watcher.act(fmt.Sprintf("/f/%d/watch", w.housing.ID), nil),
			"You are watching this forum. You will be told in your notifications of each new post in it.")

		var data struct {
			Watching []struct {
				TopicID    int64  `json:"topic_id"`
				TopicTitle string `json:"topic_title"`
				ForumID    int64  `json:"forum_id"`
				ForumName  string `json:"forum_name"`
			} `json:"watching"`
		}
		if err := json.Unmarshal([]byte(w.watcher.get("/account/data.json").body), &data); err != nil {
			t.Fatal(err)
		}
		if len(data.Watching) != 2 || data.Watching[0].ForumName != w.housing.Name || data.Watching[1].TopicID != w.topicID ||
			data.Watching[1].TopicTitle != w.title {
			t.Errorf("the download lists %+v, want the housing forum, then the topic", data.Watching)
		}
		var other struct {
			Watching []json.RawMessage `json:"watching"`
		}
		if err := json.Unmarshal([]byte(w.other.get("/account/data.json").body), &other); err != nil || other.Watching == nil || len(other.Watching) != 0 {
			t.Errorf("another member's download lists %v (%v), want an empty list", other.Watching, err)
		}

		// The account page lists them, each with its button.
		acc := w.watcher.get("/account")
		shows(t, acc, fmt.Sprintf(`Forum: <a href="/f/%d">%s</a>`, w.housing.ID, w.housing.Name),
			fmt.Sprintf(`Topic: <a href="%s">%s</a>`, w.topicPath(), w.title),
			fmt.Sprintf(`action="/f/%d/unwatch"`, w.housing.ID), `action="`+w.topicPath()+`/unwatch"`)
		shows(t, w.other.get("/account"), "You watch no topic or forum.")
		// Stopping there comes back there.
		stopped := w.watcher.submitOn(acc, fmt.Sprintf("/f/%d/unwatch", w.housing.ID), url.Values{"return": {"/account#watching"}})
		if stopped.location() != "/account#watching" {
			t.Errorf("stopping from the account page went to %q", stopped.location())
		}
		lacks(t, "the account page after stopping", w.watcher.done(stopped, "You are no longer watching the forum."),
			fmt.Sprintf(`action="/f/%d/unwatch"`, w.housing.ID))
		w.watcher.done(w.watcher.act(fmt.Sprintf("/f/%d/watch", w.housing.ID), nil),
			"You are watching this forum. You will be told in your notifications of each new post in it.")

		a := w.watcher.submit("/account", "/account/erase", url.Values{"posts": {"keep"}, "erase-passphrase": {w.watcher.pass}})
		if a.status != http.StatusSeeOther {
			t.Fatalf("erase: status %d, summary %v", a.status, errorSummary(a.body))
		}
		if n := countRows(t, s.st, "SELECT COUNT(*) FROM watches"); n != 0 {
			t.Errorf("%d watches left after their member erased their account", n)
		}
	})
}

// expertForumOf finds the expert forum of a group.
func expertForumOf(t *testing.T, s served, groupID int64) int64 {
	t.Helper()
	g, err := s.st.Group(ctx, groupID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range g.Forums {
		if f.Kind == forum.KindExpert {
			return f.ID
		}
	}
	t.Fatal("the group has no expert forum")
	return 0
}
