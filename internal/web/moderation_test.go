package web_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
)

// pgGate is a PostgreSQL transaction of the test's own that holds one row
// locked, so that requests writing that row wait behind it, each having
// read what it needed; opening the gate lets them write in the order they
// came. It is how two moderators' requests are made to overlap for sure.
type pgGate struct {
	t   *testing.T
	db  *sql.DB
	tx  *sql.Tx
	pid int64
}

// holdRow locks the row id of table until the gate opens or the test ends.
func holdRow(t *testing.T, st *store.Store, table string, id int64) *pgGate {
	t.Helper()
	db := rawDB(t, st)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	g := &pgGate{t: t, db: db, tx: tx}
	if err := tx.QueryRow(`SELECT pg_backend_pid()`).Scan(&g.pid); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`SELECT 1 FROM "`+table+`" WHERE id = $1 FOR UPDATE`, id); err != nil {
		t.Fatal(err)
	}
	return g
}

// waiting counts the backends that wait on the gate, directly or behind
// another that does.
func (g *pgGate) waiting() int {
	rows, err := g.db.Query(`SELECT pid, array_to_string(pg_blocking_pids(pid), ',') FROM pg_stat_activity WHERE wait_event_type = 'Lock'`)
	if err != nil {
		g.t.Error(err)
		return 0
	}
	defer rows.Close()
	blockedBy := map[int64][]int64{}
	for rows.Next() {
		var pid int64
		var list string
		if err := rows.Scan(&pid, &list); err != nil {
			g.t.Error(err)
			return 0
		}
		for _, s := range strings.Split(list, ",") {
			if b, err := strconv.ParseInt(s, 10, 64); err == nil {
				blockedBy[pid] = append(blockedBy[pid], b)
			}
		}
	}
	behind := map[int64]bool{g.pid: true}
	for grew := true; grew; {
		grew = false
		for pid, blockers := range blockedBy {
			for _, b := range blockers {
				if !behind[pid] && behind[b] {
					behind[pid], grew = true, true
				}
			}
		}
	}
	return len(behind) - 1
}

// waitFor returns once every request still running waits on the gate.
func (g *pgGate) waitFor(running ...chan struct{}) {
	for {
		n := 0
		for _, done := range running {
			select {
			case <-done:
			default:
				n++
			}
		}
		if g.waiting() >= n {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (g *pgGate) open() {
	if err := g.tx.Rollback(); err != nil {
		g.t.Error(err)
	}
}

// logRow is one line of the moderation log as the page shows it.
type logRow struct {
	Actor, Action, Concerning, Why string
}

var logRowRE = regexp.MustCompile(`(?s)<tr>\s*<td><time[^>]*>[^<]*</time></td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>`)

// modLog reads the moderation log page.
func modLog(t *testing.T, mod participant) []logRow {
	t.Helper()
	p := mod.get("/mod/log")
	if p.status != http.StatusOK {
		t.Fatalf("GET /mod/log: status %d", p.status)
	}
	var out []logRow
	for _, m := range logRowRE.FindAllStringSubmatch(p.body, -1) {
		out = append(out, logRow{html.UnescapeString(m[1]), html.UnescapeString(m[2]), m[3], html.UnescapeString(m[4])})
	}
	return out
}

// about keeps the log lines concerning post id.
func about(rows []logRow, postID int64) []logRow {
	var out []logRow
	for _, r := range rows {
		if strings.Contains(r.Concerning, fmt.Sprintf(`href="/mod/posts/%d"`, postID)) {
			out = append(out, r)
		}
	}
	return out
}

// TestBulkApprovePublishesEveryChosenPost: ticking several posts in the
// queue and approving them publishes each; posts another moderator decided
// on first are left as they were, and the flash says so.
func TestBulkApprovePublishesEveryChosenPost(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Working with core outcomes as a set")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		other := newParticipant(t, s, "Second Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		visitor := newBrowser(t, s)
		topicID, _ := publishedTopic(t, mod, f, "Using the outcomes in supervision")
		t1, p1 := author.newTopic(f, "Outcome measures in care plans", "How do you record them?", false)
		t2, p2 := author.newTopic(f, "Outcomes and the survivor's voice", "Who chooses the outcomes?", true)
		r3 := author.reply(topicID, 0, "We review them monthly.", false)

		a := mod.submit("/mod/queue", "/mod/queue/approve", url.Values{"post": {fmt.Sprint(p1), fmt.Sprint(p2), fmt.Sprint(r3)}})
		mod.done(a, "The posts are approved and published.")
		shows(t, mod.get("/mod/queue"), "Nothing is waiting.")
		shows(t, visitor.get(fmt.Sprintf("/t/%d", t1)), "How do you record them?")
		shows(t, visitor.get(fmt.Sprintf("/t/%d", t2)), "Who chooses the outcomes?", "Anonymous practitioner")
		shows(t, visitor.get(fmt.Sprintf("/t/%d", topicID)), "We review them monthly.", "1 reply")
		if fr, err := s.st.Forum(ctx, f.ID); err != nil || fr.TopicCount != 3 || fr.PostCount != 4 {
			t.Errorf("the forum counts %d topics and %d posts (%v), want 3 and 4", fr.TopicCount, fr.PostCount, err)
		}
		if n := len(about(modLog(t, mod), p1)) + len(about(modLog(t, mod), p2)) + len(about(modLog(t, mod), r3)); n != 3 {
			t.Errorf("%d log lines for the three posts, want 3", n)
		}

		// The queue was open before another moderator declined one of two.
		_, p4 := author.newTopic(f, "Outcomes for children", "Do the outcomes fit under-18s?", false)
		_, p5 := author.newTopic(f, "Outcome set translations", "Is there a Romanian version?", false)
		stale := mod.get("/mod/queue")
		other.done(other.decline(p5, "duplicate", ""), "The post is declined and its author told why.")
		a = mod.submitOn(stale, "/mod/queue/approve", url.Values{"post": {fmt.Sprint(p4), fmt.Sprint(p5)}})
		mod.done(a, "Some posts are approved. Others had already been decided by another moderator and were left as they were.")
		if mine, err := s.st.MyPost(ctx, author.acc.ID, p5); err != nil || mine.Status != forum.StatusDeclined {
			t.Errorf("the declined post is now %q (%v), want it left declined", mine.Status, err)
		}
		a = mod.submitOn(stale, "/mod/queue/approve", url.Values{"post": {fmt.Sprint(p4), fmt.Sprint(p5)}})
		mod.done(a, "Nothing changed: another moderator had already decided on those posts.")

		before := stateOf(t, s.st)
		a = mod.submitOn(stale, "/mod/queue/approve", nil)
		if a.status != http.StatusUnprocessableEntity || messageOf(a) != "Tick the posts to approve first" {
			t.Errorf("approving none: status %d, message %q", a.status, messageOf(a))
		}
		if diff := before.changes(stateOf(t, s.st)); diff != "" {
			t.Errorf("approving none changed the database:\n%s", diff)
		}
	})
}

// decision is a moderator's decision on a waiting post, as its form sends it.
type decision struct {
	verb   string // approve or decline
	status forum.PostStatus
	logged string // as the moderation log names it
	form   url.Values
}

var (
	approveIt = decision{"approve", forum.StatusApproved, "Approved", nil}
	declineIt = decision{"decline", forum.StatusDeclined, "Declined", url.Values{"reason": {"off-topic"}, "note": {"Try the general forum."}}}
)

// TestTwoModeratorsDecideOnePostAtOnce: two moderators send their
// decisions on one post at the same moment. Exactly one decision takes:
// the post's status, its one log line, its author's one notification and
// the counts all agree with it, and the other moderator is told clearly
// that someone else decided first.
func TestTwoModeratorsDecideOnePostAtOnce(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Long-term, consistent support")
		modA := newParticipant(t, s, "Moderator Ash", forum.RoleModerator)
		modB := newParticipant(t, s, "Moderator Birch", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, modA, f, "Handing over between services")

		for _, tc := range []struct {
			name string
			a, b decision
		}{
			{"approve and decline", approveIt, declineIt},
			{"decline and approve", declineIt, approveIt},
			{"approve and approve", approveIt, approveIt},
			{"decline and decline", declineIt, declineIt},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a, b := modA.in(t), modB.in(t)
				postID := author.in(t).reply(topicID, 0, "A reply for "+tc.name+".", false)
				forumBefore, _ := s.st.Forum(ctx, f.ID)
				topicBefore, _ := s.st.Topic(ctx, topicID)
				send := func(p participant, d decision) func() answer {
					queue := p.get("/mod/queue")
					action := fmt.Sprintf("/mod/posts/%d/%s", postID, d.verb)
					return func() answer { return p.submitOn(queue, action, d.form) }
				}
				ansA, ansB := sendTogether(t, s.st, "posts", postID, send(a, tc.a), send(b, tc.b))

				winner, loser, won, lost := tc.a, tc.b, ansA, ansB
				winnerName := a.acc.Pseudonym
				if ansB.status == http.StatusSeeOther && ansA.status != http.StatusSeeOther {
					winner, loser, won, lost = tc.b, tc.a, ansB, ansA
					winnerName = b.acc.Pseudonym
				}
				if won.status != http.StatusSeeOther || lost.status != http.StatusConflict {
					t.Fatalf("answers %d and %d, want one 303 and one 409\n%.800s\n%.800s", ansA.status, ansB.status, mainOf(ansA.body), mainOf(ansB.body))
				}
				want := fmt.Sprintf("Another moderator has already %sd this post.", winner.verb)
				if got := problemOf(lost.body); got != want {
					t.Errorf("the moderator who lost (%s) reads %q, want %q", loser.verb, got, want)
				}
				if mine, err := s.st.MyPost(ctx, author.acc.ID, postID); err != nil || mine.Status != winner.status {
					t.Errorf("the post is %q (%v), want %q", mine.Status, err, winner.status)
				}
				lines := about(modLog(t, a), postID)
				if len(lines) != 1 || lines[0].Action != winner.logged || lines[0].Actor != winnerName {
					t.Errorf("log lines for the post: %+v, want one %q by %s", lines, winner.logged, winnerName)
				}
				notes, err := s.st.Notifications(ctx, author.acc.ID, 100)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, note := range notes {
					if note.PostID == postID {
						n++
					}
				}
				if n != 1 {
					t.Errorf("the author has %d notifications about the post, want 1", n)
				}
				moved := 0
				if winner.status == forum.StatusApproved {
					moved = 1
				}
				forumAfter, _ := s.st.Forum(ctx, f.ID)
				topicAfter, _ := s.st.Topic(ctx, topicID)
				if forumAfter.PostCount-forumBefore.PostCount != moved || topicAfter.ReplyCount-topicBefore.ReplyCount != moved {
					t.Errorf("posts counted %d → %d, replies %d → %d; want each to move by %d", forumBefore.PostCount, forumAfter.PostCount,
						topicBefore.ReplyCount, topicAfter.ReplyCount, moved)
				}
			})
		}
	})
}

// TestAnEditLosesClearlyToAnApproval: a moderator redacting a post while
// another approves it as it stands must be told that it was approved, not
// told that their redaction is published while the original is.
func TestAnEditLosesClearlyToAnApproval(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		modA := newParticipant(t, s, "Moderator Ash", forum.RoleModerator)
		modB := newParticipant(t, s, "Moderator Birch", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, modA, f, "Emergency accommodation at weekends")
		const redacted = "The council has a weekend duty line. [name removed]"
		cases := []string{"edit form left open"}
		if s.st.Dialect() == store.Postgres {
			// Only PostgreSQL lets the two writes overlap; SQLite runs one
			// write at a time, which the form left open already covers.
			cases = append(cases, "edit and approval at once")
		}
		for _, name := range cases {
			t.Run(name, func(t *testing.T) {
				a, b := modA.in(t), modB.in(t)
				secret := uniqueWord(t, "name")
				postID := author.in(t).reply(topicID, 0, "The council has a weekend duty line. Ask for "+secret+".", false)
				editPath := fmt.Sprintf("/mod/posts/%d/edit", postID)
				editForm := a.get(editPath)
				shows(t, editForm, secret)
				edit := func() answer {
					return a.submitOn(editForm, editPath, url.Values{"body": {redacted}, "action": {"send"}})
				}
				queue := b.get("/mod/queue")
				approve := func() answer { return b.submitOn(queue, fmt.Sprintf("/mod/posts/%d/approve", postID), nil) }

				var edited, approved answer
				if name == "edit form left open" {
					approved = approve()
					edited = edit()
				} else {
					approved, edited = sendTogether(t, s.st, "posts", postID, approve, edit)
				}
				if approved.status != http.StatusSeeOther {
					t.Fatalf("the approval: status %d, message %q", approved.status, problemOf(approved.body))
				}
				if edited.status != http.StatusConflict || problemOf(edited.body) != "Another moderator has already approved this post." {
					t.Errorf("the redacting moderator gets status %d (to %q), message %q; want 409 saying another moderator already approved it",
						edited.status, edited.location(), problemOf(edited.body))
				}
				mine, err := s.st.MyPost(ctx, author.acc.ID, postID)
				if err != nil || mine.Status != forum.StatusApproved || mine.EditedByModerator {
					t.Errorf("the post: status %q, edited by a moderator %v (%v); want approved as written", mine.Status, mine.EditedByModerator, err)
				}
				if lines := about(modLog(t, a), postID); len(lines) != 1 || lines[0].Action != "Approved" {
					t.Errorf("log lines for the post: %+v, want one approval", lines)
				}
			})
		}
	})
}

// TestEditThenApproveLeavesNoTraceOfTheOriginal: a moderator redacts a
// waiting topic before approving it. Readers see the redaction; the
// original title and text are in no table or column of the database and,
// on SQLite, in no byte of its files; the author is told it was edited.
func TestEditThenApproveLeavesNoTraceOfTheOriginal(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		inTitle, inBody, kept := uniqueWord(t, "title"), uniqueWord(t, "body"), uniqueWord(t, "kept")
		topicID, postID := author.newTopic(f, "Housing for "+inTitle, "She lives at "+inBody+" with her son.", false)

		editPath := fmt.Sprintf("/mod/posts/%d/edit", postID)
		form := mod.get(editPath)
		shows(t, form, inTitle, inBody)
		const newTitle = "Housing for a mother and child"
		a := mod.submitOn(form, editPath, url.Values{"title": {newTitle}, "body": {"She lives in " + kept + " housing with her son."}, "action": {"send"}})
		mod.done(a, "The post is published as you edited it. Its author is told that it was edited.")
		if a.location() != "/mod/queue" {
			t.Errorf("publishing the edit leads to %q, want back to the queue", a.location())
		}

		topic := newBrowser(t, s).get(fmt.Sprintf("/t/%d", topicID))
		shows(t, topic, "<h1>"+newTitle+"</h1>", kept)
		lacks(t, "a visitor", topic, inTitle, inBody)
		shows(t, author.get("/notifications"), fmt.Sprintf(`A moderator edited your post in <a href="/p/%d">%s</a> before publishing it.`, postID, newTitle))
		mine := author.get("/my/posts")
		shows(t, mine, "A moderator edited this post", kept)
		lacks(t, "the author's posts", mine, inTitle, inBody)
		if lines := about(modLog(t, mod), postID); len(lines) != 1 || lines[0].Action != "Edited, then approved" {
			t.Errorf("log lines for the post: %+v, want one edit", lines)
		}

		if cells := cellsHolding(t, s.st, kept); len(cells) == 0 {
			t.Fatalf("the published text is in no cell: the scan is looking in the wrong place")
		}
		for _, w := range []string{inTitle, inBody} {
			if cells := cellsHolding(t, s.st, w); len(cells) != 0 {
				t.Errorf("the original's %q is still stored in %v", w, cells)
			}
		}
		if s.st.Dialect() == store.SQLite {
			checkpoint(t, s.st)
			path := strings.TrimPrefix(s.st.URL(), "sqlite:")
			main, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			wal, _ := os.ReadFile(path + "-wal")
			if !bytes.Contains(main, []byte(kept)) {
				t.Fatalf("the published text is not in %s after a checkpoint: the scan is reading the wrong file", path)
			}
			for _, w := range []string{inTitle, inBody} {
				if i := bytes.Index(main, []byte(w)); i >= 0 {
					t.Errorf("the original's %q is still in the bytes of %s at offset %d", w, path, i)
				}
				if bytes.Contains(wal, []byte(w)) {
					t.Errorf("the original's %q is still in the write-ahead log", w)
				}
			}
		}
	})
}

// checkpoint moves SQLite's write-ahead log into the database file and
// empties the log, retrying while a reader holds it.
func checkpoint(t *testing.T, st *store.Store) {
	t.Helper()
	db := rawDB(t, st)
	for try := 0; ; try++ {
		var busy, frames, moved int
		if err := db.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &moved); err != nil {
			t.Fatal(err)
		}
		if busy == 0 {
			return
		}
		if try == 500 {
			t.Fatalf("the checkpoint stayed busy after %d tries", try)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestScopedModeratorActsOnlyInTheirGroups: a moderator of one group does
// not see another group's waiting posts, counts or reports, and every
// action on a post or topic there is refused with 403, changing nothing.
func TestScopedModeratorActsOnlyInTheirGroups(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		mine, theirs := forumNamed(t, s.st, "Secure and suitable housing"), forumNamed(t, s.st, "Access to education")
		admin, _ := member(t, s.st, "Steady Admin", forum.RoleAdmin)
		head := newParticipant(t, s, "Head Moderator", forum.RoleModerator)
		scoped := newParticipant(t, s, "Scoped Moderator", forum.RoleModerator)
		if err := s.st.SetGrant(ctx, admin, scoped.acc.ID, store.Grant{Role: forum.RoleModerator, ModeratorGroups: []int64{mine.GroupID}}); err != nil {
			t.Fatal(err)
		}
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		reader := newParticipant(t, s, "Bright Wren", forum.RolePractitioner)
		inScope, outOfScope := uniqueWord(t, "mine"), uniqueWord(t, "theirs")
		_, minePending := author.newTopic(mine, "Housing "+inScope, "A question in my group.", false)
		theirTopic, theirPending := author.newTopic(theirs, "Education "+outOfScope, "A question in their group.", true)
		theirPublishedTopic, _ := publishedTopic(t, head, theirs, "Adult learning grants")
		theirApproved := author.reply(theirPublishedTopic, 0, "An anonymous answer.", true)
		head.done(head.approve(theirApproved), "The post is approved and published.")
		reader.done(reader.submit(fmt.Sprintf("/p/%d/report", theirApproved), fmt.Sprintf("/p/%d/report", theirApproved),
			url.Values{"reason": {"abusive"}, "note": {"Rude " + outOfScope}}), "Thank you. The moderators will look at the post.")
		reportID := regexp.MustCompile(`action="/mod/reports/(\d+)/dismiss"`).FindStringSubmatch(head.get("/mod/reports").body)
		if reportID == nil {
			t.Fatal("the head moderator does not see the report")
		}

		queue := scoped.get("/mod/queue")
		shows(t, queue, inScope)
		lacks(t, "the scoped moderator's queue", queue, outOfScope)
		if n := countIn(waitingRE, queue.body); n != 1 {
			t.Errorf("the scoped moderator's header shows %d waiting, want 1", n)
		}
		if n := countIn(waitingRE, head.get("/").body); n != 2 {
			t.Errorf("the head moderator's header shows %d waiting, want 2", n)
		}
		for _, path := range []string{fmt.Sprintf("/mod/queue?group=%d", theirs.GroupID), fmt.Sprintf("/mod/queue?forum=%d", theirs.ID), "/mod/reports", "/mod/log"} {
			lacks(t, "the scoped moderator", scoped.get(path), outOfScope)
		}
		for _, path := range []string{fmt.Sprintf("/mod/posts/%d", theirPending), fmt.Sprintf("/mod/posts/%d/edit", theirPending), fmt.Sprintf("/mod/posts/%d", theirApproved)} {
			p := scoped.get(path)
			if p.status != http.StatusForbidden && p.status != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 403 or 404", path, p.status)
			}
			lacks(t, "the scoped moderator", p, outOfScope, "An anonymous answer.")
		}

		for _, tc := range []struct {
			name, path string
			form       url.Values
		}{
			{"approve", fmt.Sprintf("/mod/posts/%d/approve", theirPending), nil},
			{"decline", fmt.Sprintf("/mod/posts/%d/decline", theirPending), url.Values{"reason": {"off-topic"}}},
			{"approve in bulk", "/mod/queue/approve", url.Values{"post": {fmt.Sprint(theirPending)}}},
			{"edit then approve", fmt.Sprintf("/mod/posts/%d/edit", theirPending), url.Values{"title": {"A new title"}, "body": {"A new body."}}},
			{"hide", fmt.Sprintf("/mod/posts/%d/hide", theirApproved), url.Values{"reason": {"Rude"}}},
			{"suspend the author", fmt.Sprintf("/mod/posts/%d/suspend", theirApproved), url.Values{"days": {"7"}, "reason": {"Rude"}}},
			{"ask to reveal the author", fmt.Sprintf("/mod/posts/%d/reveal", theirApproved), url.Values{"reason": {"A risk to someone's safety, said in the post."}}},
			{"lock the topic", fmt.Sprintf("/mod/topics/%d/lock", theirPublishedTopic), nil},
			{"dismiss the report", fmt.Sprintf("/mod/reports/%s/dismiss", reportID[1]), nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := scoped.in(t)
				before := stateOf(t, s.st)
				a := p.act(tc.path, tc.form)
				want := http.StatusForbidden
				if tc.name == "edit then approve" {
					want = http.StatusNotFound // the post is not in their queue at all
				}
				if a.status != want {
					t.Errorf("status %d, want %d: %q", a.status, want, problemOf(a.body))
				}
				if diff := before.changes(stateOf(t, s.st)); diff != "" {
					t.Errorf("a refused action changed the database:\n%s", diff)
				}
			})
		}
		if p := newBrowser(t, s).get(fmt.Sprintf("/t/%d", theirTopic)); p.status != http.StatusNotFound {
			t.Errorf("the out-of-scope topic: status %d for a visitor, want 404", p.status)
		}
		scoped.done(scoped.approve(minePending), "The post is approved and published.")
	})
}

// TestAnonymousAuthorIsKnownOnlyThroughBreakGlass: an anonymous author's
// pseudonym is on no page a reader, another member or a moderator opens:
// the queue, the moderation page of the post, the log, the reports. Only a
// request with a reason by one moderator, agreed by a different one, shows
// it, to those two alone, and both acts are in the log.
func TestAnonymousAuthorIsKnownOnlyThroughBreakGlass(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Safety from any trafficker or other abuser")
		const name = "Hidden Ptarmigan"
		author := newParticipant(t, s, name, forum.RolePractitioner)
		modA := newParticipant(t, s, "Moderator Ash", forum.RoleModerator)
		modB := newParticipant(t, s, "Moderator Birch", forum.RoleModerator)
		modC := newParticipant(t, s, "Moderator Cedar", forum.RoleModerator)
		longServing(t, s.st, modA.acc, modB.acc, modC.acc)
		reader := newParticipant(t, s, "Bright Wren", forum.RolePractitioner)
		visitor := newBrowser(t, s)
		topicID, opening := author.newTopic(f, "A client was contacted by her trafficker", "What do we do first?", true)
		postPath := fmt.Sprintf("/mod/posts/%d", opening)

		queue := modA.get("/mod/queue")
		shows(t, queue, "by <strong>anonymous</strong>")
		lacks(t, "moderator A", queue, "Ptarmigan")
		lacks(t, "moderator A", modA.get(fmt.Sprintf("/mod/posts/%d/edit", opening)), "Ptarmigan")
		lacks(t, "moderator A", modA.get(postPath), "Ptarmigan")
		modA.done(modA.approve(opening), "The post is approved and published.")
		reply := author.reply(topicID, opening, "She has since moved, anonymously told.", true)
		modB.done(modB.approve(reply), "The post is approved and published.")
		reader.done(reader.submit(fmt.Sprintf("/p/%d/report", reply), fmt.Sprintf("/p/%d/report", reply),
			url.Values{"reason": {"safeguarding"}, "note": {"Someone may be at risk."}}), "Thank you. The moderators will look at the post.")

		pages := map[string][]string{
			"a visitor":      {"/", fmt.Sprintf("/f/%d", f.ID), fmt.Sprintf("/t/%d", topicID)},
			"another member": {"/", fmt.Sprintf("/f/%d", f.ID), fmt.Sprintf("/t/%d", topicID), fmt.Sprintf("/p/%d/report", opening), "/notifications"},
			"moderator A":    {"/mod/queue", postPath, fmt.Sprintf("/mod/posts/%d", reply), "/mod/log", "/mod/reports", fmt.Sprintf("/t/%d", topicID)},
		}
		browsers := map[string]*browser{"a visitor": visitor, "another member": reader.browser, "moderator A": modA.browser}
		checkNameNowhere := func(when string) {
			t.Helper()
			for who, paths := range pages {
				for _, path := range paths {
					p := browsers[who].get(path)
					if p.status != http.StatusOK {
						t.Errorf("%s, %s: GET %s: status %d", when, who, path, p.status)
					}
					lacks(t, when+", "+who, p, "Ptarmigan")
				}
			}
		}
		checkNameNowhere("before any request")
		shows(t, modA.get("/mod/reports"), "Safeguarding concern: ")

		reason := "The post describes a child at immediate risk of harm."
		revealPath := fmt.Sprintf("/mod/posts/%d/reveal", opening)
		short := modA.submit(postPath, revealPath, url.Values{"reason": {"Because."}})
		if short.status != http.StatusUnprocessableEntity || messageOf(short) != "Explain in at least 20 characters why the author must be known" {
			t.Errorf("a reveal with a short reason: status %d, message %q", short.status, messageOf(short))
		}
		a := modA.submit(postPath, revealPath, url.Values{"reason": {reason}})
		modA.done(a, "Your request is recorded. A different moderator must agree to it.")
		if a.location() != "/mod/reveals" {
			t.Errorf("the request leads to %q", a.location())
		}
		own := modA.get("/mod/reveals")
		shows(t, own, "Waiting for a different moderator to agree.", reason)
		m := regexp.MustCompile(`action="/mod/reveals/(\d+)/approve"`).FindStringSubmatch(modB.get("/mod/reveals").body)
		if m == nil {
			t.Fatal("moderator B is not offered the request to agree to")
		}
		approvePath := "/mod/reveals/" + m[1] + "/approve"
		if _, ok := hiddenFields(own.body, approvePath); ok {
			t.Errorf("moderator A is offered their own request to agree to")
		}
		before := stateOf(t, s.st)
		self := modA.act(approvePath, nil)
		if self.status != http.StatusForbidden || problemOf(self.body) != "A different moderator must agree to your request." {
			t.Errorf("moderator A agreeing to their own request: status %d, message %q", self.status, problemOf(self.body))
		}
		if diff := before.changes(stateOf(t, s.st)); diff != "" {
			t.Errorf("the refused agreement changed the database:\n%s", diff)
		}
		checkNameNowhere("after the request")
		for _, p := range []participant{modA, modB, modC} {
			lacks(t, "before the agreement, "+p.acc.Pseudonym, p.get("/mod/reveals"), "Ptarmigan")
		}

		modB.done(modB.submit("/mod/reveals", approvePath, nil), "You agreed to the request. The author is shown to the two of you only.")
		for _, p := range []participant{modA, modB} {
			shows(t, p.get("/mod/reveals"), "The author is <strong>"+name+"</strong>.")
		}
		third := modC.get("/mod/reveals")
		shows(t, third, "Agreed by Moderator Birch")
		lacks(t, "moderator C", third, "Ptarmigan")
		for _, path := range []string{"/mod/queue", postPath, "/mod/log", "/mod/reports"} {
			lacks(t, "moderator C", modC.get(path), "Ptarmigan")
		}
		checkNameNowhere("after the agreement")

		lines := about(modLog(t, modC), opening)
		var asked, agreed bool
		for _, l := range lines {
			asked = asked || (l.Action == "Asked to reveal the author" && l.Actor == "Moderator Ash" && l.Why == reason)
			agreed = agreed || (l.Action == "Agreed to reveal the author" && l.Actor == "Moderator Birch")
		}
		if !asked || !agreed {
			t.Errorf("the log lines for the post %+v lack the request (%v) or the agreement (%v)", lines, asked, agreed)
		}
	})
}

// TestModeratorActionsThatCannotBeDone: deciding on a post already
// decided answers 409 with what happened; a decision without what it needs
// comes back, 422, with what is missing (modforms_test.go looks at those
// pages closely); a form no page sends answers 400; none changes anything.
func TestModeratorActionsThatCannotBeDone(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Access to medical treatment")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, mod, f, "Registering with a GP")
		approved := author.reply(topicID, 0, "An approved reply.", false)
		declined := author.reply(topicID, 0, "A declined reply.", false)
		pending := author.reply(topicID, 0, "A pending reply.", true)
		hidden := author.reply(topicID, 0, "A hidden reply.", false)
		mod.done(mod.approve(approved), "The post is approved and published.")
		mod.done(mod.decline(declined, "off-topic", ""), "The post is declined and its author told why.")
		mod.done(mod.approve(hidden), "The post is approved and published.")
		mod.done(mod.submit(fmt.Sprintf("/mod/posts/%d", hidden), fmt.Sprintf("/mod/posts/%d/hide", hidden), url.Values{"reason": {"Spam"}}), "The post is hidden from readers.")

		post := func(id int64, verb string) string { return fmt.Sprintf("/mod/posts/%d/%s", id, verb) }
		for _, tc := range []struct {
			name, path string
			form       url.Values
			status     int
			message    string
		}{
			{"approve an approved post", post(approved, "approve"), nil, 409, "Another moderator has already approved this post."},
			{"decline an approved post", post(approved, "decline"), declineIt.form, 409, "Another moderator has already approved this post."},
			{"approve a declined post", post(declined, "approve"), nil, 409, "Another moderator has already declined this post."},
			{"decline a declined post", post(declined, "decline"), declineIt.form, 409, "Another moderator has already declined this post."},
			{"approve a hidden post", post(hidden, "approve"), nil, 409, "This post has been hidden by a moderator."},
			{"edit an approved post", post(approved, "edit"), url.Values{"body": {"Redacted."}, "action": {"send"}}, 409, "Another moderator has already approved this post."},
			{"hide a pending post", post(pending, "hide"), url.Values{"reason": {"Spam"}}, 409, "This post is not published, so it cannot be hidden: it may already be hidden."},
			{"hide a hidden post", post(hidden, "hide"), url.Values{"reason": {"Spam"}}, 409, "This post is not published, so it cannot be hidden: it may already be hidden."},
			{"decline without a reason", post(pending, "decline"), url.Values{"reason": {""}}, 422, "Choose a reason for declining the post"},
			{"decline for another reason without a note", post(pending, "decline"), url.Values{"reason": {"other"}, "note": {"  "}}, 422, "Say in the note why the post is declined"},
			{"hide without a reason", post(approved, "hide"), url.Values{"reason": {" "}}, 422, "Give a reason for hiding the post"},
			{"suspend for no time", post(approved, "suspend"), url.Values{"days": {"365"}, "reason": {"Abuse"}}, 422, "Choose how long the suspension lasts"},
			{"suspend without a reason", post(approved, "suspend"), url.Values{"days": {"7"}}, 422, "Give a reason the member will read"},
			{"reveal a named author", post(approved, "reveal"), url.Values{"reason": {"A risk to someone's safety in the post."}}, 400, "This post is not anonymous."},
			{"decide on a missing post", post(999999, "approve"), nil, 404, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := stateOf(t, s.st)
				a := mod.in(t).act(tc.path, tc.form)
				if a.status != tc.status || (tc.message != "" && messageOf(a) != tc.message) {
					t.Errorf("status %d, message %q; want %d, %q", a.status, messageOf(a), tc.status, tc.message)
				}
				if diff := before.changes(stateOf(t, s.st)); diff != "" {
					t.Errorf("the refused action changed the database:\n%s", diff)
				}
			})
		}
	})
}

// TestSuspendedMemberCannotPost: a moderator suspends the author of an
// anonymous post from the post's page without ever seeing who that is; the
// member then reads why and cannot post, even from a form already open.
func TestSuspendedMemberCannotPost(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Trauma-informed services")
		const name = "Hidden Ptarmigan"
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, name, forum.RolePractitioner)
		topicID, _ := publishedTopic(t, mod, f, "Grounding techniques")
		postID := author.reply(topicID, 0, "An abusive anonymous reply.", true)
		mod.done(mod.approve(postID), "The post is approved and published.")
		newPath, replyPath := fmt.Sprintf("/f/%d/new", f.ID), fmt.Sprintf("/t/%d/reply", topicID)
		openTopic, openReply := author.get(newPath), author.get(replyPath)

		postPath := fmt.Sprintf("/mod/posts/%d", postID)
		page := mod.get(postPath)
		shows(t, page, "You will not be told who they are: the suspension is kept with this post")
		lacks(t, "the moderator", page, "Ptarmigan")
		const reason = "Abusive language towards another member."
		a := mod.submitOn(page, postPath+"/suspend", url.Values{"days": {"7"}, "reason": {reason}})
		after := mod.done(a, "The author of the post is suspended. The suspension is kept with this post.")
		lacks(t, "the moderator after suspending", after, "Ptarmigan")
		shows(t, after, "<strong>Running</strong> until", reason, "Lift the suspension made from this post")
		log := mod.get("/mod/log")
		shows(t, log, "Suspended", reason)
		lacks(t, "the moderator's log", log, "Ptarmigan")
		// The suspension is the post's: the account, as anyone else reads
		// it, does not show it (the member reads it as theirs, below).
		acc, err := s.st.Account(ctx, author.acc.ID)
		if err != nil || acc.Suspended(s.st.Now()) || acc.SuspensionReason != "" {
			t.Fatalf("the account as others read it shows the suspension made from the post: %+v, %v", acc, err)
		}

		mine, err := s.st.MySuspensions(ctx, author.acc.ID)
		if err != nil || len(mine) != 1 {
			t.Fatalf("the author's own suspensions: %+v, %v", mine, err)
		}
		shows(t, author.get("/account"), "Your account is suspended", reason)
		for _, path := range []string{newPath, replyPath} {
			p := author.get(path)
			shows(t, p, "Your account is suspended, so you cannot post.")
			if _, ok := hiddenFields(p.body, path); ok {
				t.Errorf("GET %s still offers the form to a suspended member", path)
			}
		}
		for _, tc := range []struct {
			name   string
			page   answer
			action string
			form   url.Values
		}{
			{"a topic", openTopic, newPath, url.Values{"title": {"Breathing exercises"}, "body": {"Box breathing helps."}, "action": {"send"}}},
			{"a reply", openReply, replyPath, url.Values{"body": {"Box breathing helps."}, "action": {"send"}}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := stateOf(t, s.st)
				a := author.in(t).submitOn(tc.page, tc.action, tc.form)
				if a.status != http.StatusForbidden && a.status != http.StatusUnprocessableEntity {
					t.Errorf("status %d, want 403 or 422", a.status)
				}
				want := "Your account is suspended until " + mine[0].Until.Format("2 January 2006") + ", so you cannot post."
				if !strings.Contains(a.body, want) {
					t.Errorf("the page does not say %q:\n%.1500s", want, mainOf(a.body))
				}
				summaryLinksLand(t, a)
				if diff := before.changes(stateOf(t, s.st)); diff != "" {
					t.Errorf("a suspended member's post changed the database:\n%s", diff)
				}
			})
		}
	})
}

// TestReportsReachModeratorsAndHidingResolvesThem: a reader reports a
// published post; moderators see the report; hiding the post with a reason
// leaves a stub for readers, resolves the report and is logged.
func TestReportsReachModeratorsAndHidingResolvesThem(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Long-term, consistent support")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		reader := newParticipant(t, s, "Bright Wren", forum.RolePractitioner)
		const title = "Keeping the same caseworker"
		topicID, _ := publishedTopic(t, mod, f, title)
		word := uniqueWord(t, "rude")
		postID := author.reply(topicID, 0, "A rude reply "+word+".", false)
		mod.done(mod.approve(postID), "The post is approved and published.")
		topicPath, reportPath := fmt.Sprintf("/t/%d", topicID), fmt.Sprintf("/p/%d/report", postID)

		shows(t, reader.get(topicPath), `href="`+reportPath+`"`)
		form := reader.get(reportPath)
		shows(t, form, word)
		const note = "It mocks another member."
		a := reader.submitOn(form, reportPath, url.Values{"reason": {"abusive"}, "note": {note}})
		reader.done(a, "Thank you. The moderators will look at the post.")
		if want := fmt.Sprintf("%s#p%d", topicPath, postID); a.location() != want {
			t.Errorf("the report leads to %q, want %q", a.location(), want)
		}
		again := reader.submitOn(form, reportPath, url.Values{"reason": {"abusive"}})
		if again.status == http.StatusSeeOther || !strings.Contains(again.body, "You have already reported this post. The moderators have it.") {
			t.Errorf("reporting twice: status %d\n%.1000s", again.status, mainOf(again.body))
		}

		reports := mod.get("/mod/reports")
		shows(t, reports, fmt.Sprintf(`<a href="/t/%d#p%d">%s</a>`, topicID, postID, title), "It is abusive or disrespectful", note, word)
		lacks(t, "the reports", reports, "Bright Wren", "Safeguarding concern")

		postPath := fmt.Sprintf("/mod/posts/%d", postID)
		shows(t, reports, `href="`+postPath+`#hide"`)
		const why = "Mocking another member"
		h := mod.submit(postPath, postPath+"/hide", url.Values{"reason": {why}})
		mod.done(h, "The post is hidden from readers.")
		for who, b := range map[string]*browser{"a visitor": newBrowser(t, s), "the reader": reader.browser} {
			topic := b.get(topicPath)
			shows(t, topic, fmt.Sprintf(`id="p%d">`+"\n"+`<div class="post-removed"><span class="post-number"><span class="visually-hidden">Post </span>#2</span> This post was removed by a moderator.</div>`, postID), "0 replies")
			lacks(t, who, topic, word)
		}
		shows(t, mod.get("/mod/reports"), "No open reports.")
		if lines := about(modLog(t, mod), postID); len(lines) != 2 || lines[0].Action != "Hid" || lines[0].Why != why {
			t.Errorf("log lines for the post: %+v, want the hiding (with its reason) over the approval", lines)
		}
		if p := reader.get(reportPath); p.status != http.StatusNotFound {
			t.Errorf("the report form of a hidden post: status %d, want 404", p.status)
		}
	})
}

// TestSafeguardingReportsGoToLeadsFirst: a safeguarding concern is seen at
// first by the safeguarding leads who moderate its group and by no other
// moderator; after a day every moderator sees it. A lead who cannot act on
// the post's group does not hold it back from those who can.
func TestSafeguardingReportsGoToLeadsFirst(t *testing.T) {
	eachServedAt(t, stageOpts, func(t *testing.T, s served, clock *testClock) {
		housing, education := forumNamed(t, s.st, "Secure and suitable housing"), forumNamed(t, s.st, "Access to education")
		admin, _ := member(t, s.st, "Steady Admin", forum.RoleAdmin)
		lead := newParticipant(t, s, "Lead Moderator", forum.RoleModerator)
		plain := newParticipant(t, s, "Plain Moderator", forum.RoleModerator)
		if err := s.st.SetGrant(ctx, admin, lead.acc.ID, store.Grant{Role: forum.RoleModerator, ModeratorGroups: []int64{housing.GroupID}, SafeguardingLead: true}); err != nil {
			t.Fatal(err)
		}
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		reader := newParticipant(t, s, "Bright Wren", forum.RolePractitioner)
		report := func(f forum.Forum, title string) int64 {
			t.Helper()
			topicID, _ := publishedTopic(t, plain, f, title)
			postID := author.reply(topicID, 0, "A worrying reply in "+title+".", false)
			plain.done(plain.approve(postID), "The post is approved and published.")
			path := fmt.Sprintf("/p/%d/report", postID)
			reader.done(reader.submit(path, path, url.Values{"reason": {"safeguarding"}}), "Thank you. The moderators will look at the post.")
			return postID
		}
		const inLeadGroup, outsideLeadGroup = "Housing a family at risk", "A student at risk"
		report(housing, inLeadGroup)
		report(education, outsideLeadGroup)

		shows(t, lead.get("/mod/reports"), "Safeguarding concern: ", inLeadGroup)
		first := plain.get("/mod/reports")
		lacks(t, "a moderator who is not a lead, at first", first, inLeadGroup)
		if !strings.Contains(first.body, outsideLeadGroup) {
			t.Errorf("the only lead does not moderate the group of %q, yet the other moderators do not see its safeguarding report:\n%s",
				outsideLeadGroup, mainOf(first.body))
		}

		clock.Advance(25 * time.Hour)
		plain.signIn(plain.acc.Pseudonym, plain.pass)
		shows(t, plain.get("/mod/reports"), "Safeguarding concern: ", inLeadGroup, outsideLeadGroup)
	})
}

// TestQueueEntriesAreSharedButTheirFormsAreNot: the queue's entries are
// rendered once and kept for every moderator (queue_items.go). Each
// moderator's page must still carry only their own form token, in every
// form of every entry, and an entry must change as soon as its post does.
func TestQueueEntriesAreSharedButTheirFormsAreNot(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Working with core outcomes as a set")
		first := newParticipant(t, s, "First Queue Moderator", forum.RoleModerator)
		second := newParticipant(t, s, "Second Queue Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Pale Lantern", forum.RolePractitioner)
		_, plain := author.newTopic(f, "Outcome reviews at six months", "When do you review the outcomes?", false)
		// A finding gives the entry a fourth form, to redact it. (Sent
		// through the store: the form would stop at the check.)
		created, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: author.acc.ID,
			Title: "A case to discuss", Body: "Her NHS number is 943 476 5919, what next?"})
		if err != nil {
			t.Fatal(err)
		}
		risky := created.PostID

		tokens := func(page answer) map[string]bool {
			set := map[string]bool{}
			for _, m := range csrfRE.FindAllStringSubmatch(page.body, -1) {
				set[html.UnescapeString(m[1])] = true
			}
			return set
		}
		first.get("/") // each shows its "signed in" message once
		second.get("/")
		pages := []answer{first.get("/mod/queue"), second.get("/mod/queue"), first.get("/mod/queue")}
		for i, page := range pages {
			if n := strings.Count(page.body, `class="queue-item"`); n != 2 {
				t.Fatalf("queue page %d lists %d posts, want 2", i, n)
			}
			if got := tokens(page); len(got) != 1 {
				t.Errorf("queue page %d carries %d different form tokens, want its reader's one: %v", i, len(got), got)
			}
			if strings.Contains(page.body, "queue-token-") {
				t.Errorf("queue page %d shows the stand-in token", i)
			}
		}
		if anyToken(pages[0].body) == anyToken(pages[1].body) {
			t.Errorf("both moderators' pages carry the token %q", anyToken(pages[0].body))
		}
		if mainOf(pages[0].body) != mainOf(pages[2].body) {
			a, b := mainOf(pages[0].body), mainOf(pages[2].body)
			i := 0
			for i < min(len(a), len(b)) && a[i] == b[i] {
				i++
			}
			t.Errorf("the same moderator's queue read twice differs from %q: %q", a[max(0, i-200):i], b[i:min(len(b), i+200)])
		}

		// Each moderator's forms work for them, from the entries kept.
		second.done(second.submitOn(pages[1], fmt.Sprintf("/mod/posts/%d/redact", risky), nil), "The detail is replaced by [redacted]. The author will be told their post was edited.")
		after := first.get("/mod/queue")
		shows(t, after, "Her NHS number is [redacted], what next?")
		lacks(t, "the first moderator's queue after the redaction", after, "943 476 5919")
		first.done(first.submitOn(after, fmt.Sprintf("/mod/posts/%d/approve", plain), nil), "The post is approved and published.")
		first.done(first.submitOn(after, fmt.Sprintf("/mod/posts/%d/approve", risky), nil), "The post is approved and published.")
		shows(t, second.get("/mod/queue"), "Nothing is waiting.")
	})
}

// TestQueuePagesOnAndFormsReturnToTheirPage: a long queue shows fifty posts
// and a link to the next fifty, which start after the last shown; a
// decision taken on a later page, or on a filtered one, brings the
// moderator back to that page.
func TestQueuePagesOnAndFormsReturnToTheirPage(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Working with core outcomes as a set")
		mod := newParticipant(t, s, "Paging Queue Moderator", forum.RoleModerator)
		author, _ := member(t, s.st, "Many Topics Author", forum.RolePractitioner)
		var ids []int64
		for i := range 53 {
			c, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: author.ID, Title: fmt.Sprintf("Waiting question %d", i), Body: "Body."})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.PostID)
		}
		entries := regexp.MustCompile(`id="q(\d+)" tabindex`)
		listed := func(a answer) []string {
			var out []string
			for _, m := range entries.FindAllStringSubmatch(a.body, -1) {
				out = append(out, m[1])
			}
			return out
		}
		first := mod.get("/mod/queue")
		if got := listed(first); len(got) != 50 || got[0] != fmt.Sprint(ids[0]) || got[49] != fmt.Sprint(ids[49]) {
			t.Fatalf("the first page lists %d posts from %v to %v, want the 50 oldest", len(got), got[0], got[len(got)-1])
		}
		next := fmt.Sprintf("/mod/queue?after=%d", ids[49])
		if !strings.Contains(first.body, `rel="next" href="`+next+`"`) {
			t.Fatalf("the first page does not link to %s", next)
		}
		second := mod.get(next)
		if got := listed(second); fmt.Sprint(got) != fmt.Sprint([]string{fmt.Sprint(ids[50]), fmt.Sprint(ids[51]), fmt.Sprint(ids[52])}) {
			t.Errorf("the second page lists %v, want the last three", got)
		}
		shows(t, second, "Back to the oldest waiting posts")
		lacks(t, "the last page", second, `rel="next"`)

		// Back to the same page, at the post after the one approved.
		a := mod.submitOn(second, fmt.Sprintf("/mod/posts/%d/approve", ids[51]), nil)
		there := fmt.Sprintf("%s#q%d", next, ids[52])
		if a.location() != there {
			t.Errorf("approving on the second page returns to %q, want %q", a.location(), there)
		}
		// The same form again meets the decision already taken, and the
		// page says so and leads back to where the moderator was.
		a = mod.submitOn(second, fmt.Sprintf("/mod/posts/%d/approve", ids[51]), nil)
		if a.status != http.StatusConflict || !strings.Contains(a.body, `<a href="`+html.EscapeString(there)+`">Back to the moderation queue</a>`) {
			t.Errorf("approving twice: status %d, want 409 with a link back to %s:\n%s", a.status, there, mainOf(a.body))
		}
		filtered := fmt.Sprintf("/mod/queue?forum=%d", f.ID)
		page := mod.get(filtered)
		a = mod.submitOn(page, fmt.Sprintf("/mod/posts/%d/approve", ids[0]), nil)
		if want := fmt.Sprintf("%s#q%d", filtered, ids[1]); a.location() != want {
			t.Errorf("approving on the filtered queue returns to %q, want %q", a.location(), want)
		}
		shows(t, mod.get(fmt.Sprintf("/mod/queue?after=%d", ids[52])), "No more posts are waiting after the ones you saw.")
	})
}

// TestEditThenApproveReturnsToTheQueuePage: a moderator working through a
// filtered queue who edits a post before approving it comes back to the
// same queue page, filter kept.
func TestEditThenApproveReturnsToTheQueuePage(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		_, postID := author.newTopic(f, "Move-on rooms after a decision", "Which councils keep rooms open?", false)
		queuePath := fmt.Sprintf("/mod/queue?group=%d", f.GroupID)
		queue := mod.get(queuePath)
		editPath := fmt.Sprintf("/mod/posts/%d/edit", postID)
		back, ok := hiddenFields(queue.body, editPath)
		if !ok || back.Get("return") == "" {
			t.Fatalf("the queue entry has no edit form carrying its page:\n%.1500s", mainOf(queue.body))
		}
		form := mod.get(editPath + "?" + back.Encode())
		a := mod.submitOn(form, editPath, url.Values{"title": {"Move-on rooms after a decision"}, "body": {"Which councils keep rooms open, and how long?"}, "action": {"send"}})
		if a.status != http.StatusSeeOther || a.location() != back.Get("return") {
			t.Errorf("publishing the edit: status %d to %q, want back to %q", a.status, a.location(), back.Get("return"))
		}
	})
}

// TestDeclinedForAnotherReasonTheAuthorReadsTheNote: "Another reason (see
// the note)" is the moderator's label; the author reads the note.
func TestDeclinedForAnotherReasonTheAuthorReadsTheNote(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		_, postID := author.newTopic(f, "Move-on rooms after a decision", "Which councils keep rooms open?", false)
		const note = "Please ask this in the housing expert forum next week"
		mod.done(mod.decline(postID, "other", note), "The post is declined and its author told why.")
		for _, page := range []string{"/notifications", "/my/posts"} {
			p := author.get(page)
			shows(t, p, note)
			lacks(t, "the author", p, "Another reason", "see the note")
		}
	})
}
