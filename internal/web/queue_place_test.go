package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"forum/internal/forum"
	"forum/internal/store"
)

// The moderation queue as a tool: a decision brings the moderator back to
// where they were in the queue, at the post after the one they decided;
// "Select all on this page" works without a script and never picks a post
// with possible personal data; a decision another moderator already took
// is told, not taken twice.

// queuedTopics puts n new topics in the queue of forum f, oldest first,
// and returns their post ids.
func queuedTopics(t *testing.T, s served, f forum.Forum, author forum.Account, n int, title string) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		c, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: author.ID,
			Title: fmt.Sprintf("%s %d", title, i), Body: fmt.Sprintf("Question %d of %s.", i, title)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.PostID)
	}
	return ids
}

// clearQueue approves whatever is still waiting, so that the next case
// starts from an empty queue.
func clearQueue(t *testing.T, s served, mod participant) {
	t.Helper()
	items, err := s.st.Queue(ctx, mod.acc, store.QueueFilter{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if err := s.st.Approve(ctx, mod.acc, it.PostID); err != nil {
			t.Fatal(err)
		}
	}
}

// TestADecisionLandsOnTheNextPost: approving, declining, or editing then
// approving a post sends the moderator back to the queue page they were
// on, at the post after it (the browser scrolls there without a script):
// the next one still waiting, whatever another moderator decided since;
// after the last, the one before it. The address stays on this site
// whatever the form's return field says.
func TestADecisionLandsOnTheNextPost(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Working with core outcomes as a set")
		mod := newParticipant(t, s, "Placed Moderator", forum.RoleModerator)
		other := newParticipant(t, s, "Other Moderator", forum.RoleModerator)
		author, _ := member(t, s.st, "Steady Author", forum.RolePractitioner)
		filtered := fmt.Sprintf("/mod/queue?forum=%d", f.ID)
		for _, tc := range []struct {
			name string
			n    int    // posts waiting
			page string // the queue page the moderator works on
			// before runs before the decision, on the posts' ids.
			before func(t *testing.T, ids []int64)
			act    int    // which post is decided
			verb   string // approve, decline or edit
			ret    string // the return field, when not the page's own
			want   int    // the post the moderator lands on; -1 for none
			back   string // the page they land on
		}{
			{name: "approve", n: 4, page: "/mod/queue", act: 1, verb: "approve", want: 2, back: "/mod/queue"},
			{name: "decline", n: 4, page: "/mod/queue", act: 1, verb: "decline", want: 2, back: "/mod/queue"},
			{name: "edit then approve", n: 4, page: "/mod/queue", act: 1, verb: "edit", want: 2, back: "/mod/queue"},
			{name: "on a filtered page", n: 4, page: filtered, act: 0, verb: "approve", want: 1, back: filtered},
			{name: "the next was decided meanwhile", n: 4, page: "/mod/queue", act: 1, verb: "approve", want: 3, back: "/mod/queue",
				before: func(t *testing.T, ids []int64) {
					other.in(t).done(other.in(t).decline(ids[2], "duplicate", ""), "The post is declined and its author told why.")
				}},
			{name: "the last post", n: 4, page: "/mod/queue", act: 3, verb: "decline", want: 2, back: "/mod/queue"},
			{name: "the only post", n: 1, page: "/mod/queue", act: 0, verb: "approve", want: -1, back: "/mod/queue"},
			{name: "a return to another site", n: 3, page: "/mod/queue", act: 0, verb: "approve", ret: "//evil.example/mod/queue", want: 1, back: "/mod/queue"},
			{name: "a return with its own fragment", n: 3, page: "/mod/queue", act: 0, verb: "approve", ret: filtered + "#main", want: 1, back: filtered},
		} {
			t.Run(tc.name, func(t *testing.T) {
				m := mod.in(t)
				ids := queuedTopics(t, s, f, author, tc.n, "Placed "+tc.name)
				defer clearQueue(t, s, mod)
				page := m.get(tc.page)
				if tc.before != nil {
					tc.before(t, ids)
				}
				var form url.Values
				if tc.ret != "" {
					form = url.Values{"return": {tc.ret}}
				}
				var a answer
				switch tc.verb {
				case "approve":
					a = m.submitOn(page, fmt.Sprintf("/mod/posts/%d/approve", ids[tc.act]), form)
				case "decline":
					if form == nil {
						form = url.Values{}
					}
					form.Set("reason", "off-topic")
					a = m.submitOn(page, fmt.Sprintf("/mod/posts/%d/decline", ids[tc.act]), form)
				case "edit":
					editPath := fmt.Sprintf("/mod/posts/%d/edit", ids[tc.act])
					back, ok := hiddenFields(page.body, editPath)
					if !ok {
						t.Fatalf("the queue has no edit form for post %d", ids[tc.act])
					}
					edit := m.get(editPath + "?" + back.Encode())
					a = m.submitOn(edit, editPath, url.Values{"title": {"Edited title"}, "body": {"Edited body."}, "action": {"send"}})
				}
				want := tc.back
				if tc.want >= 0 {
					want += fmt.Sprintf("#q%d", ids[tc.want])
				}
				if a.status != http.StatusSeeOther || a.location() != want {
					t.Fatalf("%s: status %d to %q, want 303 to %q\n%.1000s", a, a.status, a.location(), want, mainOf(a.body))
				}
				landed := m.follow(a)
				if tc.want >= 0 && !hasID(landed.body, fmt.Sprintf("q%d", ids[tc.want])) {
					t.Errorf("the page %s has no post q%d to land on:\n%.2000s", want, ids[tc.want], mainOf(landed.body))
				}
			})
		}
	})
}

var pickRE = regexp.MustCompile(`<input type="checkbox"( checked)? id="pick-(\d+)" name="post" value="(\d+)" form="bulk"`)

// picks reads the queue page's "approve together" checkboxes: every one,
// and the ones ticked.
func picks(body string) (all, ticked []string) {
	for _, m := range pickRE.FindAllStringSubmatch(body, -1) {
		all = append(all, m[3])
		if m[1] != "" {
			ticked = append(ticked, m[3])
		}
	}
	return all, ticked
}

// TestSelectAllWithoutAScript: "Select all on this page" is a form of its
// own, so it works without a script: it shows the same page again with
// every post that may be approved together ticked, the moderator looks
// once more, and "Approve the selected posts" approves exactly those:
// never a post on another page, never one with possible personal data
// (even if its id is sent by hand).
func TestSelectAllWithoutAScript(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Working with core outcomes as a set")
		mod := newParticipant(t, s, "Selecting Moderator", forum.RoleModerator)
		author, _ := member(t, s.st, "Busy Author", forum.RolePractitioner)
		var ids []int64
		risky := map[int64]bool{}
		for i := range 53 {
			body := fmt.Sprintf("Question %d about outcomes.", i)
			if i == 4 || i == 30 || i == 51 {
				body = "Her NHS number is 943 476 5919, what next?"
			}
			c, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: author.ID, Title: fmt.Sprintf("Waiting question %d", i), Body: body})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.PostID)
			if strings.Contains(body, "NHS") {
				risky[c.PostID] = true
			}
		}
		var wantTicked []string
		for _, id := range ids[:50] {
			if !risky[id] {
				wantTicked = append(wantTicked, fmt.Sprint(id))
			}
		}

		page := mod.get("/mod/queue")
		all, ticked := picks(page.body)
		if len(ticked) != 0 || !slices.Equal(all, wantTicked) {
			t.Fatalf("the queue's checkboxes: %d, %d ticked; want the %d posts of the page without findings, none ticked", len(all), len(ticked), len(wantTicked))
		}
		selectAll, ok := hiddenFields(page.body, "/mod/queue#bulk-bar")
		if !ok || selectAll.Get("select") != "all" {
			t.Fatalf("the queue has no form to select all its posts without a script:\n%.3000s", mainOf(page.body))
		}
		selected := mod.get("/mod/queue?" + selectAll.Encode())
		if selected.status != http.StatusOK {
			t.Fatalf("selecting all: status %d", selected.status)
		}
		all, ticked = picks(selected.body)
		if !slices.Equal(ticked, wantTicked) || !slices.Equal(all, ticked) {
			t.Fatalf("after selecting all, %d of %d ticked: %v; want the %d without findings", len(ticked), len(all), ticked, len(wantTicked))
		}
		if back, ok := hiddenFields(selected.body, "/mod/queue/approve"); !ok || back.Get("return") != "/mod/queue" {
			t.Errorf("the selected page's approval returns to %q, want the queue as it was, without the selection", back.Get("return"))
		}
		shows(t, selected, "Clear the selection", fmt.Sprintf(`%d of %d<span class="bar-long"> selected</span>`, len(wantTicked), len(wantTicked)))

		a := mod.submitOn(selected, "/mod/queue/approve", url.Values{"post": ticked})
		mod.done(a, "The posts are approved and published.")
		for i, id := range ids {
			mine, err := s.st.MyPost(ctx, author.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			want := forum.StatusApproved
			if risky[id] || i >= 50 {
				want = forum.StatusPending
			}
			if mine.Status != want {
				t.Errorf("post %d (%d in the queue, findings %v) is %q, want %q", id, i, risky[id], mine.Status, want)
			}
		}

		// A post with findings sent by hand is held back all the same.
		a = mod.submit("/mod/queue", "/mod/queue/approve", url.Values{"post": {fmt.Sprint(ids[4]), fmt.Sprint(ids[50])}})
		mod.done(a, "Posts in which the personal-data check found something were not approved: open each one, redact or check it, then approve it.")
		if mine, _ := s.st.MyPost(ctx, author.ID, ids[4]); mine.Status != forum.StatusPending {
			t.Errorf("the post with findings sent by hand is %q, want it still waiting", mine.Status)
		}
	})
}

// TestADecisionAlreadyTakenIsToldNotDoubled: two moderators work on the
// same queue page. When one approves a post, the other's approval of it
// (alone, or among the selected posts) is refused and said so; the post
// is approved once, logged once and its author told once; the other
// moderator's way back leads to the post after it.
func TestADecisionAlreadyTakenIsToldNotDoubled(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Working with core outcomes as a set")
		modA := newParticipant(t, s, "Moderator Alder", forum.RoleModerator)
		modB := newParticipant(t, s, "Moderator Beech", forum.RoleModerator)
		author, _ := member(t, s.st, "Patient Author", forum.RolePractitioner)
		ids := queuedTopics(t, s, f, author, 4, "Shared question")
		pageA, pageB := modA.get("/mod/queue"), modB.get("/mod/queue")
		selectAll, ok := hiddenFields(pageB.body, "/mod/queue#bulk-bar")
		if !ok {
			t.Fatal("the queue has no form to select all its posts")
		}
		selectedB := modB.get("/mod/queue?" + selectAll.Encode())

		a := modA.submitOn(pageA, fmt.Sprintf("/mod/posts/%d/approve", ids[1]), nil)
		if want := fmt.Sprintf("/mod/queue#q%d", ids[2]); a.location() != want {
			t.Errorf("the first approval leads to %q, want %q", a.location(), want)
		}
		b := modB.submitOn(pageB, fmt.Sprintf("/mod/posts/%d/approve", ids[1]), nil)
		if b.status != http.StatusConflict || problemOf(b.body) != "Another moderator has already approved this post." {
			t.Errorf("the second approval: status %d, %q; want 409 saying another moderator approved it", b.status, problemOf(b.body))
		}
		onward := fmt.Sprintf(`<a href="%s">Back to the moderation queue</a>`, html.EscapeString(fmt.Sprintf("/mod/queue#q%d", ids[2])))
		if !strings.Contains(b.body, onward) {
			t.Errorf("the refusal has no way back to the next post (%s):\n%s", onward, mainOf(b.body))
		}

		_, ticked := picks(selectedB.body)
		if len(ticked) != 4 {
			t.Fatalf("moderator B selected %d posts, want all 4", len(ticked))
		}
		b = modB.submitOn(selectedB, "/mod/queue/approve", url.Values{"post": ticked})
		modB.done(b, "Some posts are approved. Others had already been decided by another moderator and were left as they were.")

		notes, err := s.st.Notifications(ctx, author.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		log := modLog(t, modA)
		for i, id := range ids {
			if mine, err := s.st.MyPost(ctx, author.ID, id); err != nil || mine.Status != forum.StatusApproved {
				t.Errorf("post %d is %q (%v), want approved", i, mine.Status, err)
			}
			lines := about(log, id)
			wantActor := modB.acc.Pseudonym
			if i == 1 {
				wantActor = modA.acc.Pseudonym
			}
			if len(lines) != 1 || lines[0].Actor != wantActor {
				t.Errorf("post %d has log lines %+v, want one approval by %s", i, lines, wantActor)
			}
			n := 0
			for _, note := range notes {
				if note.PostID == id {
					n++
				}
			}
			if n != 1 {
				t.Errorf("the author has %d notifications about post %d, want 1", n, i)
			}
		}
	})
}
