package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"forum/internal/forum"
	"forum/internal/store"
)

// Moving a topic to another forum: who may, where it may go, and what
// readers, the author, the counts, search and the log say after.

// moveStage is a signed topic with a reply in the housing forum, and the
// forums it could or could not go to.
type moveStage struct {
	admin, mod, scoped, author participant
	from, to, other            forum.Forum
	required, archived         int64
	expert                     int64
	topicID                    int64
	title, word                string
}

func newMoveStage(t *testing.T, s served) moveStage {
	t.Helper()
	m := moveStage{
		admin:  newParticipant(t, s, "Steady Admin", forum.RoleAdmin),
		mod:    newParticipant(t, s, "Careful Moderator", forum.RoleModerator),
		scoped: newParticipant(t, s, "Moderator Of Housing", forum.RoleModerator),
		author: newParticipant(t, s, "Quiet Heron", forum.RolePractitioner),
		from:   forumNamed(t, s.st, "Secure and suitable housing"),
		to:     forumNamed(t, s.st, "Long-term, consistent support"),
		other:  forumNamed(t, s.st, "Access to education"),
	}
	if err := s.st.SetGrant(ctx, m.admin.acc, m.scoped.acc.ID, store.Grant{Role: forum.RoleModerator, ModeratorGroups: []int64{m.from.GroupID}}); err != nil {
		t.Fatal(err)
	}
	var err error
	if m.required, err = s.st.CreateForum(ctx, m.admin.acc, forum.ForumEdit{GroupID: m.to.GroupID, Name: "Anonymous only",
		Description: "Anonymous posts only.", Kind: forum.KindDiscussion, Anonymity: forum.AnonRequired}); err != nil {
		t.Fatal(err)
	}
	if m.archived, err = s.st.CreateForum(ctx, m.admin.acc, forum.ForumEdit{GroupID: m.to.GroupID, Name: "Old forum",
		Description: "Archived.", Kind: forum.KindDiscussion, Anonymity: forum.AnonAllowed}); err != nil {
		t.Fatal(err)
	}
	if err := s.st.SetForumArchived(ctx, m.admin.acc, m.archived, true); err != nil {
		t.Fatal(err)
	}
	g, err := s.st.Group(ctx, m.from.GroupID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range g.Forums {
		if f.Kind == forum.KindExpert {
			m.expert = f.ID
		}
	}
	if m.expert == 0 {
		t.Fatal("the housing group has no expert forum")
	}
	m.word = uniqueWord(t, "moved")
	m.title = "Rooms for the night " + m.word
	var opening int64
	m.topicID, opening = m.author.newTopic(m.from, m.title, "Where do you find a room at night "+m.word+"?", false)
	m.mod.done(m.mod.approve(opening), "The post is approved and published.")
	reply := m.author.reply(m.topicID, 0, "And at the weekend?", false)
	m.mod.done(m.mod.approve(reply), "The post is approved and published.")
	return m
}

func (m moveStage) path() string { return fmt.Sprintf("/mod/topics/%d/move", m.topicID) }

func id(n int64) string { return strconv.FormatInt(n, 10) }

func TestModeratorsMoveATopicToAnotherForum(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		m := newMoveStage(t, s)
		visitor := newBrowser(t, s)
		topicPath := fmt.Sprintf("/t/%d", m.topicID)

		shows(t, m.mod.get(topicPath), `<a href="`+m.path()+`">Move this topic to another forum</a>`)
		lacks(t, "the author's topic page", m.author.get(topicPath), m.path())
		lacks(t, "a visitor's topic page", visitor.get(topicPath), m.path())
		page := m.mod.get(m.path())
		shows(t, page, `<optgroup label="Long-term, consistent support">`, fmt.Sprintf(`<option value="%d">`, m.to.ID),
			fmt.Sprintf(`<option value="%d">Anonymous only (anonymous posts only)</option>`, m.required), `<label for="to">Move it to</label>`)
		lacks(t, "the forums offered", page, fmt.Sprintf(`<option value="%d">`, m.from.ID), fmt.Sprintf(`<option value="%d">`, m.expert),
			fmt.Sprintf(`<option value="%d">`, m.archived))

		// Refused with the reason, nothing written.
		for _, tc := range []struct {
			name, to, want string
			who            participant
		}{
			{"no forum chosen", "", "Choose the forum to move the topic to", m.mod},
			{"its own forum", id(m.from.ID), "Choose the forum to move the topic to", m.mod},
			{"an archived forum", id(m.archived), "“Old forum” is archived: it takes no topics", m.mod},
			{"signed posts into an anonymous-only forum", id(m.required), "“Anonymous only” takes anonymous posts only, and this topic has posts signed with a pseudonym", m.mod},
			{"an expert forum", id(m.expert), "“Secure and Appropriate Housing” is an expert forum: it takes questions for its session only, through its own form", m.mod},
			{"a group the moderator does not moderate", id(m.to.ID), "“" + m.to.Name + "” is in a group you do not moderate", m.scoped},
		} {
			t.Run(tc.name, func(t *testing.T) {
				who := tc.who.in(t)
				before := stateOf(t, s.st)
				form := url.Values{"from": {id(m.from.ID)}, "to": {tc.to}, "reason": {"Kept reason"}}
				if tc.who.acc.ID == m.scoped.acc.ID {
					// Their groups hold no other forum, so their page has
					// no form: sent anyway, it is refused.
					shows(t, who.get(m.path()), "There is no other forum you moderate to move it to.")
					if a := who.act(m.path(), form); a.status != http.StatusUnprocessableEntity || messageOf(a) != tc.want {
						t.Errorf("status %d, message %q; want 422, %q", a.status, messageOf(a), tc.want)
					}
				} else {
					a := who.submit(m.path(), m.path(), form)
					if a.status != http.StatusUnprocessableEntity || messageOf(a) != tc.want {
						t.Errorf("status %d, message %q; want 422, %q", a.status, messageOf(a), tc.want)
					}
					summaryLinksLand(t, a)
					shows(t, a, ">Kept reason</textarea>")
				}
				if diff := before.changes(stateOf(t, s.st)); diff != "" {
					t.Errorf("a refused move changed the database:\n%s", diff)
				}
			})
		}
		// Not a moderator: refused outright.
		before := stateOf(t, s.st)
		if a := m.author.act(m.path(), url.Values{"from": {id(m.from.ID)}, "to": {id(m.to.ID)}}); a.status != http.StatusForbidden {
			t.Errorf("the author moving their own topic: status %d, want 403", a.status)
		}
		if diff := before.changes(stateOf(t, s.st)); diff != "" {
			t.Errorf("a refused move changed the database:\n%s", diff)
		}

		// Moved: both forums' counts, the forum pages, search and the
		// topic's breadcrumbs follow at once; the author is told where,
		// not by whom; the log says so. Sent twice, it is done once.
		fromBefore, _ := s.st.Forum(ctx, m.from.ID)
		toBefore, _ := s.st.Forum(ctx, m.to.ID)
		form := url.Values{"to": {id(m.to.ID)}, "reason": {"Better read by support workers."}}
		m.mod.done(m.mod.submitOn(page, m.path(), form), "The topic is moved. Its author is told.")
		if again := m.mod.submitOn(page, m.path(), form); again.status != http.StatusSeeOther {
			t.Errorf("the same form sent again: status %d, message %q", again.status, messageOf(again))
		}
		fromAfter, _ := s.st.Forum(ctx, m.from.ID)
		toAfter, _ := s.st.Forum(ctx, m.to.ID)
		if fromAfter.TopicCount != fromBefore.TopicCount-1 || fromAfter.PostCount != fromBefore.PostCount-2 ||
			toAfter.TopicCount != toBefore.TopicCount+1 || toAfter.PostCount != toBefore.PostCount+2 {
			t.Errorf("counts: from %d/%d to %d/%d; to %d/%d to %d/%d", fromBefore.TopicCount, fromBefore.PostCount, fromAfter.TopicCount, fromAfter.PostCount,
				toBefore.TopicCount, toBefore.PostCount, toAfter.TopicCount, toAfter.PostCount)
		}
		lacks(t, "the old forum's page", visitor.get(fmt.Sprintf("/f/%d", m.from.ID)), m.word)
		shows(t, visitor.get(fmt.Sprintf("/f/%d", m.to.ID)), m.word)
		shows(t, visitor.get(topicPath), fmt.Sprintf(`href="/f/%d"`, m.to.ID))
		shows(t, visitor.get(fmt.Sprintf("/search?q=%s&forum=%d", m.word, m.to.ID)), topicPath)
		lacks(t, "search in the old forum", visitor.get(fmt.Sprintf("/search?q=%s&forum=%d", m.word, m.from.ID)), topicPath)
		notes := m.author.get("/notifications")
		told := fmt.Sprintf("A moderator moved your topic “%s” from “%s” to “%s”.", m.title, m.from.Name, m.to.Name)
		shows(t, notes, told)
		lacks(t, "the author's notifications", notes, "Careful Moderator", "Better read by support workers")
		if n := strings.Count(notes.body, told); n != 1 {
			t.Errorf("the author is told %d times, want once", n)
		}
		if lines := modLog(t, m.mod); len(lines) < 2 || lines[0].Action != "Moved the topic" || lines[1].Action == "Moved the topic" ||
			lines[0].Why != fmt.Sprintf("Moved from “%s” to “%s”. Better read by support workers.", m.from.Name, m.to.Name) {
			t.Errorf("the log's latest lines: %+v, want one move with where and why", lines[:min(2, len(lines))])
		}

		// Two moderators at once, each from the page they saw: one moves
		// it, the other is told it moved meanwhile.
		other := newParticipant(t, s, "Second Moderator", forum.RoleModerator)
		page1, page2 := m.mod.get(m.path()), other.get(m.path())
		var kept int64
		if err := rawDB(t, s.st).QueryRow(phFor(s.st, "SELECT id FROM topics WHERE title = ?"), m.title).Scan(&kept); err != nil {
			t.Fatal(err)
		}
		a1, a2 := sendTogether(t, s.st, "topics", kept,
			func() answer { return m.mod.submitOn(page1, m.path(), url.Values{"to": {id(m.from.ID)}}) },
			func() answer { return other.submitOn(page2, m.path(), url.Values{"to": {id(m.other.ID)}}) })
		won, lost, where := a1, a2, m.from.ID
		if a1.status != http.StatusSeeOther {
			won, lost, where = a2, a1, m.other.ID
		}
		if won.status != http.StatusSeeOther || lost.status != http.StatusConflict && lost.status != http.StatusUnprocessableEntity ||
			!strings.HasPrefix(messageOf(lost), "Another moderator moved this topic meanwhile") {
			t.Errorf("two moves at once: %d and %d (%q), want one moved and one refused", a1.status, a2.status, messageOf(lost))
		}
		shows(t, visitor.get(topicPath), fmt.Sprintf(`href="/f/%d"`, where))
	})
}

// phFor turns ? placeholders into $n for PostgreSQL.
func phFor(st *store.Store, q string) string {
	if st.Dialect() != store.Postgres {
		return q
	}
	for n := 1; strings.Contains(q, "?"); n++ {
		q = strings.Replace(q, "?", "$"+strconv.Itoa(n), 1)
	}
	return q
}
