package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
)

// Drafts kept on the server (issue 17, item 2), through the forms members
// fill in: saved by Save draft, by Preview, by a refused send and by the
// script's autosave; listed in "Your posts" and continued from there;
// deleted by sending the post (once, however often it is sent), by their
// author, after their age, and with the account; their author's alone.

var (
	draftStatusRE = regexp.MustCompile(`<p class="draft-status" id="draft-status" role="status">([^<]*)</p>`)
	draftPathRE   = regexp.MustCompile(`^/my/drafts/(\d+)$`)
)

// withoutDrafts is a snapshot less the drafts, and SQLite's count of
// their ids, for tests of what else a form that keeps a draft writes.
func withoutDrafts(s snapshot) snapshot {
	delete(s, "drafts")
	s["sqlite_sequence"] = slices.DeleteFunc(s["sqlite_sequence"], func(row string) bool { return strings.Contains(row, "name=drafts ") })
	return s
}

// draftStatus is what a form's draft status line says.
func draftStatus(a answer) string {
	if m := draftStatusRE.FindStringSubmatch(a.body); m != nil {
		return html.UnescapeString(m[1])
	}
	return "(no status line)"
}

// draftsOf is the member's drafts, as the store lists them.
func draftsOf(t *testing.T, st *store.Store, accountID int64) []forum.Draft {
	t.Helper()
	ds, err := st.MyDrafts(ctx, accountID)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// savedDraft checks that Save draft went to the draft's own page, and
// returns the draft's id.
func savedDraft(t *testing.T, a answer) int64 {
	t.Helper()
	m := draftPathRE.FindStringSubmatch(a.location())
	if a.status != http.StatusSeeOther || m == nil {
		t.Fatalf("%s: status %d to %q, want 303 to the draft's page; summary %v\n%.1500s", a, a.status, a.location(), errorSummary(a.body), mainOf(a.body))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// autosaveOn sends the form of page that posts to action as the script
// does after a pause in typing, with fields over the page's own.
func (p participant) autosaveOn(page answer, action string, fields url.Values) (answer, autosaveAnswer) {
	p.t.Helper()
	f := url.Values{"action": {"draft"}, "autosave": {"yes"}}
	for k, v := range fields {
		f[k] = v
	}
	a := p.submitOn(page, action, f)
	var got autosaveAnswer
	if ct := a.header.Get("Content-Type"); strings.HasPrefix(ct, "application/json") {
		if err := json.Unmarshal([]byte(a.body), &got); err != nil {
			p.t.Fatalf("%s: the autosave's answer is not JSON: %v: %q", a, err, a.body)
		}
	}
	return a, got
}

type autosaveAnswer struct {
	Saved  bool   `json:"saved"`
	Status string `json:"status"`
}

// TestDraftsAreSavedListedAndContinued: a new topic saved with Save draft
// opens on its own page filled in, every field as typed, and says when it
// was saved; a preview from there saves the same draft again; a reply to
// one post is saved too. "Your posts" lists both, the latest first, with
// where each goes; each continues in its form, and one is deleted.
func TestDraftsAreSavedListedAndContinued(t *testing.T) {
	eachServedAt(t, stageOpts, func(t *testing.T, s served, clock *testClock) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		topicID, openingID := publishedTopic(t, mod, f, "Interpreters for first interviews")
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		newPath := fmt.Sprintf("/f/%d/new", f.ID)

		form := author.get(newPath)
		shows(t, form, `data-autosave="30000"`, `<button class="button button-secondary" type="submit" name="action" value="draft">Save draft</button>`,
			`<p class="draft-status" id="draft-status" role="status"></p>`, `/static/drafts.js?v=`, "never in this browser")
		saved := author.submitOn(form, newPath, url.Values{"title": {"Move-on rooms"}, "body": {"Half of what I want to ask"},
			"anonymous": {"yes"}, "has_note": {"yes"}, "content_note": {"Mentions an eviction"}, "action": {"draft"}})
		topicDraft := savedDraft(t, saved)
		page := author.follow(saved)
		if page.status != http.StatusOK || !strings.Contains(page.body, `action="`+newPath+`"`) {
			t.Fatalf("the draft's page: status %d, no form to %s:\n%.2000s", page.status, newPath, mainOf(page.body))
		}
		if v, _ := inputValue(page.body, "title"); v != "Move-on rooms" {
			t.Errorf("the draft's title shows as %q", v)
		}
		if v, _ := inputValue(page.body, "content_note"); v != "Mentions an eviction" {
			t.Errorf("the draft's content note shows as %q", v)
		}
		shows(t, page, ">Half of what I want to ask</textarea>", `id="anonymous-yes" name="anonymous" value="yes" checked`,
			`id="has_note" name="has_note" value="yes" checked`)
		if got := draftStatus(page); got != "Draft saved at 9:00am." {
			t.Errorf("the draft's page says %q", got)
		}
		drafts := draftsOf(t, s.st, author.acc.ID)
		if len(drafts) != 1 || drafts[0].ID != topicDraft {
			t.Fatalf("after saving, the member has drafts %+v", drafts)
		}
		if key, _ := hiddenFields(page.body, newPath); key.Get("submission") != drafts[0].SubmissionKey {
			t.Errorf("the draft's form carries the key %q, want the draft's %q", key.Get("submission"), drafts[0].SubmissionKey)
		}

		clock.Advance(2 * time.Minute)
		preview := author.submitOn(page, newPath, url.Values{"title": {"Move-on rooms"}, "body": {"All of what I want to ask, now."},
			"anonymous": {"yes"}, "action": {"preview"}})
		if preview.status != http.StatusOK || !strings.Contains(preview.body, `<section class="panel preview"`) {
			t.Fatalf("preview: status %d", preview.status)
		}
		if got := draftStatus(preview); got != "Draft saved at 9:02am." {
			t.Errorf("the preview says %q", got)
		}
		if drafts := draftsOf(t, s.st, author.acc.ID); len(drafts) != 1 || drafts[0].Body != "All of what I want to ask, now." || drafts[0].ContentNote != "" {
			t.Errorf("after the preview, the member has drafts %+v, want the one draft with the new words and no note", drafts)
		}

		clock.Advance(time.Minute)
		replyPath := fmt.Sprintf("/t/%d/reply", topicID)
		rform := author.get(fmt.Sprintf("%s?to=%d", replyPath, openingID))
		replyDraft := savedDraft(t, author.submitOn(rform, replyPath, url.Values{"body": {"A reply half written"}, "anonymous": {"no"}, "action": {"draft"}}))

		list := author.get("/my/posts")
		shows(t, list, `<h2 id="drafts">Drafts</h2>`, "New topic in "+f.Name, "Reply in: Interpreters for first interviews", "to be posted anonymously",
			"A draft is deleted 30 days after it was last saved, and you can keep up to 20.",
			fmt.Sprintf(`href="/my/drafts/%d">Continue`, replyDraft), fmt.Sprintf(`action="/my/drafts/%d/delete"`, topicDraft))
		if r, tp := strings.Index(list.body, fmt.Sprintf(`id="draft-%d"`, replyDraft)), strings.Index(list.body, fmt.Sprintf(`id="draft-%d"`, topicDraft)); r < 0 || tp < 0 || r > tp {
			t.Errorf("the drafts are not listed latest first (reply at %d, topic at %d)", r, tp)
		}

		cont := author.get(fmt.Sprintf("/my/drafts/%d", replyDraft))
		shows(t, cont, `action="`+replyPath+`"`, fmt.Sprintf(`<input type="hidden" name="to" value="%d">`, openingID),
			"You are replying to Careful Moderator", ">A reply half written</textarea>")

		done := author.done(author.submitOn(list, fmt.Sprintf("/my/drafts/%d/delete", topicDraft), nil), "Your draft is deleted.")
		if strings.Contains(done.body, fmt.Sprintf(`id="draft-%d"`, topicDraft)) {
			t.Error("the deleted draft is still listed")
		}
		if drafts := draftsOf(t, s.st, author.acc.ID); len(drafts) != 1 || drafts[0].ID != replyDraft {
			t.Errorf("after deleting one, the member has drafts %+v", drafts)
		}
		if gone := author.get(fmt.Sprintf("/my/drafts/%d", topicDraft)); gone.status != http.StatusNotFound {
			t.Errorf("the deleted draft's page: status %d, want 404", gone.status)
		}
	})
}

// TestSendingAPostDeletesItsDraft: a draft sent becomes a post and the
// draft is gone, in the same write; sent twice (a double click), it is
// still one post and no draft; an autosave that arrives after the post
// does not bring the draft back.
func TestSendingAPostDeletesItsDraft(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		topicID, openingID := publishedTopic(t, mod, f, "Interpreters for first interviews")
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		for _, tc := range []struct {
			name, from, action string
			fields             url.Values
		}{
			{"new topic", fmt.Sprintf("/f/%d/new", f.ID), fmt.Sprintf("/f/%d/new", f.ID),
				url.Values{"title": {"Rooms kept open after a decision"}, "body": {"How long do your services keep a room?"}, "anonymous": {"no"}}},
			{"reply to a post", fmt.Sprintf("/t/%d/reply?to=%d", topicID, openingID), fmt.Sprintf("/t/%d/reply", topicID),
				url.Values{"body": {"We book the interpreter before the interview."}, "anonymous": {"yes"}}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a := author.in(t)
				with := func(action string) url.Values {
					v := url.Values{"action": {action}}
					for k, x := range tc.fields {
						v[k] = x
					}
					return v
				}
				page := a.follow(a.submit(tc.from, tc.action, with("draft")))
				if n := len(draftsOf(t, s.st, a.acc.ID)); n != 1 {
					t.Fatalf("%d drafts before sending, want 1", n)
				}
				sent := a.submitOn(page, tc.action, with("send"))
				if sent.status != http.StatusSeeOther || sent.location() != "/my/posts" {
					t.Fatalf("sending the draft: status %d to %q, summary %v", sent.status, sent.location(), errorSummary(sent.body))
				}
				if again := a.submitOn(page, tc.action, with("send")); again.status != http.StatusSeeOther {
					t.Errorf("sending it again: status %d", again.status)
				}
				_, late := a.autosaveOn(page, tc.action, tc.fields)
				if late.Saved || !strings.Contains(late.Status, "sent already") {
					t.Errorf("an autosave after sending answered %+v, want it not saved because the post is sent", late)
				}
				if ds := draftsOf(t, s.st, a.acc.ID); len(ds) != 0 {
					t.Errorf("after sending, the member still has drafts %+v", ds)
				}
				mine, err := s.st.MyPosts(ctx, a.acc.ID, 100)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, p := range mine {
					if p.BodySource == tc.fields.Get("body") {
						n++
					}
				}
				if n != 1 {
					t.Errorf("%d posts hold the draft's words, want 1", n)
				}
				if list := a.get("/my/posts"); !strings.Contains(list.body, "You have no drafts.") {
					t.Errorf("the list of drafts is not empty after sending:\n%s", mainOf(list.body))
				}
			})
		}
	})
}

// TestAutosaveIsAnsweredInJSON: the script's save changes the form's one
// draft and says when, in JSON; an empty form is not saved; a visitor's
// is refused without a page of JSON.
func TestAutosaveIsAnsweredInJSON(t *testing.T) {
	eachServedAt(t, stageOpts, func(t *testing.T, s served, clock *testClock) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		newPath := fmt.Sprintf("/f/%d/new", f.ID)
		form := author.get(newPath)
		a, got := author.autosaveOn(form, newPath, url.Values{"title": {"Half a title"}, "body": {"First words"}})
		if a.status != http.StatusOK || !got.Saved || got.Status != "Draft saved at 9:00am." {
			t.Fatalf("the first autosave: status %d, %+v", a.status, got)
		}
		clock.Advance(30 * time.Second)
		_, got = author.autosaveOn(form, newPath, url.Values{"title": {"Half a title"}, "body": {"First words, and more"}})
		if ds := draftsOf(t, s.st, author.acc.ID); !got.Saved || len(ds) != 1 || ds[0].Body != "First words, and more" {
			t.Errorf("the second autosave: %+v; drafts %+v, want the one draft changed", got, ds)
		}
		a, got = author.autosaveOn(author.get(newPath), newPath, url.Values{"title": {" "}, "body": {""}})
		if a.status != http.StatusUnprocessableEntity || got.Saved || !strings.Contains(got.Status, "Write something") {
			t.Errorf("an empty form's autosave: status %d, %+v", a.status, got)
		}
		visitor := newBrowser(t, s)
		v := visitor.post(newPath, url.Values{"_csrf": {anyToken(visitor.get("/login").body)}, "action": {"draft"}, "autosave": {"yes"},
			"title": {"A visitor's words"}, "body": {"Not saved."}})
		if v.status != http.StatusUnauthorized {
			t.Errorf("a visitor's autosave: status %d, want 401", v.status)
		}
		if ds := draftsOf(t, s.st, author.acc.ID); len(ds) != 1 {
			t.Errorf("the member has %d drafts, want 1", len(ds))
		}
	})
}

// TestDraftsAreTheirAuthorsAlone: another member, a moderator and an admin
// asking for a member's draft, or to delete it, are answered as for a
// draft that never was, and the draft stays; no page anyone else sees
// shows its words, nor the author's own public pages.
func TestDraftsAreTheirAuthorsAlone(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		other := newParticipant(t, s, "Busy Kestrel", forum.RolePractitioner)
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		admin := newParticipant(t, s, "Steady Admin", forum.RoleAdmin)
		topicID, _ := publishedTopic(t, mod, f, "Interpreters for first interviews")
		word, title := uniqueWord(t, "draft"), uniqueWord(t, "title")
		newPath := fmt.Sprintf("/f/%d/new", f.ID)
		id := savedDraft(t, author.submit(newPath, newPath, url.Values{"title": {title}, "body": {"Words of mine: " + word},
			"anonymous": {"yes"}, "action": {"draft"}}))
		// An id no draft has: a draft's public id with its last digit changed
		// is, but for one chance in ten million, no one's.
		none := id ^ 1
		if _, err := s.st.MyDraft(ctx, author.acc.ID, none); forum.ErrorCode(err) != forum.ENOTFOUND {
			t.Fatalf("the test's missing draft %d exists: %v", none, err)
		}
		before := stateOf(t, s.st)
		for _, p := range []participant{other, mod, admin} {
			p.get("/") // takes the flash of signing in, which would show on one page only
			theirs, missing := p.get(fmt.Sprintf("/my/drafts/%d", id)), p.get(fmt.Sprintf("/my/drafts/%d", none))
			if theirs.status != http.StatusNotFound || missing.status != http.StatusNotFound {
				t.Errorf("%s asking for the draft: status %d (a missing one %d), want 404", p.acc.Pseudonym, theirs.status, missing.status)
			}
			if a, b := strings.ReplaceAll(theirs.body, strconv.FormatInt(id, 10), "ID"), strings.ReplaceAll(missing.body, strconv.FormatInt(none, 10), "ID"); a != b {
				t.Errorf("%s: someone else's draft is answered unlike a missing one:\n%s\n---\n%s", p.acc.Pseudonym, mainOf(a), mainOf(b))
			}
			del := p.act(fmt.Sprintf("/my/drafts/%d/delete", id), nil)
			delMissing := p.act(fmt.Sprintf("/my/drafts/%d/delete", none), nil)
			if del.status != http.StatusNotFound || delMissing.status != http.StatusNotFound {
				t.Errorf("%s deleting the draft: status %d (a missing one %d), want 404", p.acc.Pseudonym, del.status, delMissing.status)
			}
			if found := p.get("/search?q=" + word); !strings.Contains(found.body, ">Nothing found</h2>") {
				t.Errorf("%s searching for the draft's word finds something:\n%s", p.acc.Pseudonym, mainOf(found.body))
			}
			for _, page := range []string{"/my/posts", "/", fmt.Sprintf("/f/%d", f.ID), fmt.Sprintf("/t/%d", topicID),
				"/notifications", "/mod/queue", "/mod/log", fmt.Sprintf("/admin/people/%d", author.acc.ID), "/account/data.json",
				"/feeds/latest.atom"} {
				lacks(t, p.acc.Pseudonym, p.get(page), word, title)
			}
		}
		if diff := before.changes(stateOf(t, s.st)); diff != "" {
			t.Errorf("the refused requests changed the database:\n%s", diff)
		}
		for _, page := range []string{"/", fmt.Sprintf("/f/%d", f.ID)} {
			lacks(t, "the author", author.get(page), word, title)
		}
		if found := author.get("/search?q=" + word); !strings.Contains(found.body, ">Nothing found</h2>") {
			t.Errorf("the author searching for the draft's word finds something:\n%s", mainOf(found.body))
		}
		if own := author.get(fmt.Sprintf("/my/drafts/%d", id)); own.status != http.StatusOK || !strings.Contains(own.body, word) {
			t.Errorf("the author's own draft: status %d", own.status)
		}
	})
}

// TestDraftLimitsAndAge: a member keeps up to forum.MaxDrafts drafts; one
// more is refused with the reason, by the button and by the autosave,
// while the drafts kept can still be saved. A draft not saved for
// forum.DraftMaxAge leaves the list, the export and the database.
func TestDraftLimitsAndAge(t *testing.T) {
	eachServedAt(t, stageOpts, func(t *testing.T, s served, clock *testClock) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		newPath := fmt.Sprintf("/f/%d/new", f.ID)
		var first answer
		for i := range forum.MaxDrafts {
			a := author.submit(newPath, newPath, url.Values{"title": {fmt.Sprintf("Draft number %d", i)}, "body": {"Some words."}, "action": {"draft"}})
			savedDraft(t, a)
			if i == 0 {
				first = author.follow(a)
			}
			clock.Advance(time.Minute)
		}
		over := author.submit(newPath, newPath, url.Values{"title": {"One draft too many"}, "body": {"Not kept."}, "action": {"draft"}})
		if summary := errorSummary(over.body); over.status != http.StatusUnprocessableEntity || len(summary) != 0 ||
			!strings.Contains(over.body, "You have 20 drafts, the most the forum keeps for one member.") {
			t.Errorf("one draft too many: status %d, summary links %v:\n%s", over.status, summary, mainOf(over.body))
		}
		if v, _ := inputValue(over.body, "title"); v != "One draft too many" {
			t.Errorf("the refused draft's form keeps the title as %q", v)
		}
		_, got := author.autosaveOn(author.get(newPath), newPath, url.Values{"body": {"Also not kept."}})
		if got.Saved || !strings.Contains(got.Status, "You have 20 drafts") {
			t.Errorf("one autosave too many: %+v", got)
		}
		_, got = author.autosaveOn(first, newPath, url.Values{"title": {"Draft number 0"}, "body": {"Changed, at the limit."}})
		if !got.Saved {
			t.Errorf("saving a kept draft at the limit: %+v", got)
		}
		if n := len(draftsOf(t, s.st, author.acc.ID)); n != forum.MaxDrafts {
			t.Errorf("%d drafts kept, want %d", n, forum.MaxDrafts)
		}

		// The first draft was saved again just now; the others are older by
		// a minute or more. Past the age of all but the first, they go.
		clock.Advance(forum.DraftMaxAge)
		author.signIn("Quiet Heron", author.pass)
		list := author.get("/my/posts")
		if n := strings.Count(list.body, `class="my-draft"`); n != 1 || !strings.Contains(list.body, "Changed, at the limit.") {
			t.Errorf("past their age, %d drafts are listed, want the one saved since", n)
		}
		if export := author.get("/account/data.json"); strings.Contains(export.body, "Draft number 5") {
			t.Error("the export holds a draft past its age")
		}
		n, err := s.st.PurgeDrafts(ctx)
		if err != nil || n != forum.MaxDrafts-1 {
			t.Errorf("the purge deleted %d drafts (%v), want %d", n, err, forum.MaxDrafts-1)
		}
		if cells := cellsHolding(t, s.st, "Draft number 5"); len(cells) != 0 {
			t.Errorf("a purged draft is still in %v", cells)
		}
		// Room again.
		savedDraft(t, author.submit(newPath, newPath, url.Values{"title": {"A new draft"}, "body": {"Kept."}, "action": {"draft"}}))
	})
}

// TestDraftsWhosePlaceHasGone: a draft reply to a topic since locked, or
// taken off the forum, and a draft topic for an expert forum since closed,
// say so in the list and open as words to copy, with nothing to send; a
// reply whose post was hidden answers the topic instead.
func TestDraftsWhosePlaceHasGone(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		admin := newParticipant(t, s, "Steady Admin", forum.RoleAdmin)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		lockedTopic, _ := publishedTopic(t, mod, f, "A topic that will be locked")
		hiddenTopic, hiddenOpening := publishedTopic(t, mod, f, "A topic that will be hidden")
		openTopic, _ := publishedTopic(t, mod, f, "A topic that stays open")
		replyTo := author.reply(openTopic, 0, "A reply someone will answer.", false)
		mod.done(mod.approve(replyTo), "The post is approved and published.")
		opens, closes := s.st.Now().Add(-time.Hour), s.st.Now().Add(time.Hour)
		expert, err := s.st.CreateForum(ctx, admin.acc, forum.ForumEdit{GroupID: f.GroupID, Name: "Ask the housing panel",
			Kind: forum.KindExpert, Anonymity: forum.AnonAllowed, OpensAt: &opens, ClosesAt: &closes})
		if err != nil {
			t.Fatal(err)
		}

		save := func(from, action string, fields url.Values) int64 {
			fields.Set("action", "draft")
			return savedDraft(t, author.submit(from, action, fields))
		}
		locked := save(fmt.Sprintf("/t/%d/reply", lockedTopic), fmt.Sprintf("/t/%d/reply", lockedTopic), url.Values{"body": {"Words for the locked topic"}})
		hidden := save(fmt.Sprintf("/t/%d/reply", hiddenTopic), fmt.Sprintf("/t/%d/reply", hiddenTopic), url.Values{"body": {"Words for the hidden topic"}})
		closed := save(fmt.Sprintf("/f/%d/new", expert), fmt.Sprintf("/f/%d/new", expert), url.Values{"title": {"A question for the panel"}, "body": {"Words for the panel"}})
		orphan := save(fmt.Sprintf("/t/%d/reply?to=%d", openTopic, replyTo), fmt.Sprintf("/t/%d/reply", openTopic), url.Values{"body": {"Words for a hidden reply"}})

		if err := s.st.SetLocked(ctx, mod.acc, lockedTopic, true); err != nil {
			t.Fatal(err)
		}
		for _, post := range []int64{hiddenOpening, replyTo} {
			if err := s.st.Hide(ctx, mod.acc, post, "Unkind."); err != nil {
				t.Fatal(err)
			}
		}
		fe, err := s.st.AdminForum(ctx, expert)
		if err != nil {
			t.Fatal(err)
		}
		past := s.st.Now().Add(-time.Minute)
		if err := s.st.UpdateForum(ctx, admin.acc, expert, forum.ForumEdit{GroupID: fe.GroupID, Name: fe.Name, Kind: forum.KindExpert,
			Anonymity: forum.AnonAllowed, OpensAt: &opens, ClosesAt: &past, Version: fe.Version}); err != nil {
			t.Fatal(err)
		}

		list := author.get("/my/posts")
		shows(t, list, "The topic it answers is locked and takes no more replies.", "The topic it answers is no longer on the forum.",
			"The expert forum it was for has closed and takes no more posts.", "The post it answered is no longer shown: it will answer the topic.",
			fmt.Sprintf(`href="/my/drafts/%d">Open to copy`, locked), fmt.Sprintf(`href="/my/drafts/%d">Continue`, orphan))
		lacks(t, "the author's list", list, "A topic that will be hidden")
		for id, words := range map[int64]string{locked: "Words for the locked topic", hidden: "Words for the hidden topic", closed: "Words for the panel"} {
			page := author.get(fmt.Sprintf("/my/drafts/%d", id))
			shows(t, page, "<h1>Your draft cannot be sent</h1>", `readonly>`+words+`</textarea>`, fmt.Sprintf(`action="/my/drafts/%d/delete"`, id))
			if strings.Contains(page.body, `value="send"`) {
				t.Errorf("draft %d, which cannot be sent, offers to send it", id)
			}
		}
		page := author.get(fmt.Sprintf("/my/drafts/%d", orphan))
		shows(t, page, "The post your draft answered is no longer shown, so your reply will answer the topic.", ">Words for a hidden reply</textarea>")
		if strings.Contains(page.body, `name="to"`) {
			t.Error("the draft whose post is hidden still answers it")
		}
	})
}

// TestRefusedSendsKeepADraft: a send refused for something the member
// fixes on the form (a finding to confirm, a title too short) keeps what
// was typed as a draft and says so; an empty form keeps none; a suspended
// member's Save draft is refused and writes nothing.
func TestRefusedSendsKeepADraft(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		admin := newParticipant(t, s, "Steady Admin", forum.RoleAdmin)
		newPath := fmt.Sprintf("/f/%d/new", f.ID)

		refused := author.submit(newPath, newPath, url.Values{"title": {"Hi"}, "body": {"We met Mrs Popescu at the hostel."}, "action": {"send"}})
		if refused.status != http.StatusUnprocessableEntity || !strings.HasPrefix(draftStatus(refused), "Draft saved at") {
			t.Errorf("a refused send: status %d, the status line says %q", refused.status, draftStatus(refused))
		}
		if ds := draftsOf(t, s.st, author.acc.ID); len(ds) != 1 || ds[0].Body != "We met Mrs Popescu at the hostel." {
			t.Errorf("after a refused send the member has drafts %+v", ds)
		}
		// The findings and their confirmation work as before.
		if !strings.Contains(refused.body, `<mark class="pii"`) || len(errorSummary(refused.body)) == 0 {
			t.Errorf("the refused send shows no findings or no summary:\n%s", mainOf(refused.body))
		}
		fixed := author.submitOn(refused, newPath, url.Values{"title": {"Meeting at the hostel"}, "body": {"We met Mrs Popescu at the hostel."},
			"confirm_pii": {"yes"}, "action": {"send"}})
		if fixed.status != http.StatusSeeOther {
			t.Fatalf("the fixed send: status %d, summary %v", fixed.status, errorSummary(fixed.body))
		}
		if ds := draftsOf(t, s.st, author.acc.ID); len(ds) != 0 {
			t.Errorf("after sending, the member has drafts %+v", ds)
		}

		empty := author.submit(newPath, newPath, url.Values{"title": {""}, "body": {""}, "action": {"send"}})
		if empty.status != http.StatusUnprocessableEntity || draftStatus(empty) != "" {
			t.Errorf("an empty send: status %d, the status line says %q", empty.status, draftStatus(empty))
		}
		if ds := draftsOf(t, s.st, author.acc.ID); len(ds) != 0 {
			t.Errorf("an empty send kept drafts %+v", ds)
		}

		if err := s.st.Suspend(ctx, admin.acc, author.acc.ID, s.st.Now().Add(24*time.Hour), "Posting a survivor's details."); err != nil {
			t.Fatal(err)
		}
		before := stateOf(t, s.st)
		a := author.act(newPath, url.Values{"title": {"While suspended"}, "body": {"Not kept."}, "action": {"draft"}})
		if a.status != http.StatusUnprocessableEntity {
			t.Errorf("a suspended member's Save draft: status %d, want 422", a.status)
		}
		auto := author.act(newPath, url.Values{"title": {"While suspended"}, "body": {"Not kept."}, "action": {"draft"}, "autosave": {"yes"}})
		if auto.status != http.StatusForbidden || !strings.Contains(auto.body, "suspended") {
			t.Errorf("a suspended member's autosave: status %d, %q", auto.status, auto.body)
		}
		if diff := before.changes(stateOf(t, s.st)); diff != "" {
			t.Errorf("a suspended member's draft was written:\n%s", diff)
		}
	})
}

// TestDraftsAndSigningInAgain: a form saved by autosave, whose session
// then ends, is sent: the sign-in page carries its words, and signing in
// brings them back to the form, which saves the same draft again rather
// than a second; sending it then leaves one post and no draft.
func TestDraftsAndSigningInAgain(t *testing.T) {
	eachServedAt(t, stageOpts, func(t *testing.T, s served, clock *testClock) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		newPath := fmt.Sprintf("/f/%d/new", f.ID)
		form := author.get(newPath)
		fields := url.Values{"title": {"Move-on rooms after a decision"}, "body": {"Written slowly, over an afternoon."}, "anonymous": {"no"}}
		if _, got := author.autosaveOn(form, newPath, fields); !got.Saved {
			t.Fatalf("the autosave: %+v", got)
		}
		clock.Advance(2 * time.Hour) // the session has ended
		send := url.Values{"action": {"send"}}
		for k, v := range fields {
			send[k] = v
		}
		send.Set("body", "Written slowly, over an afternoon, and finished.")
		out := author.submitOn(form, newPath, send)
		if out.status != http.StatusUnauthorized {
			t.Fatalf("sending after the session ended: status %d", out.status)
		}
		back := author.submitOn(out, "/login", url.Values{"pseudonym": {"Quiet Heron"}, "passphrase": {author.pass}})
		filled := author.submitOn(back, newPath, nil)
		if filled.status != http.StatusOK || !strings.HasPrefix(draftStatus(filled), "Draft saved at") {
			t.Fatalf("back to the form: status %d, status line %q", filled.status, draftStatus(filled))
		}
		ds := draftsOf(t, s.st, author.acc.ID)
		if len(ds) != 1 || ds[0].Body != "Written slowly, over an afternoon, and finished." {
			t.Errorf("after signing in again the member has drafts %+v, want the one draft with the words sent", ds)
		}
		if sent := author.submitOn(filled, newPath, send); sent.status != http.StatusSeeOther {
			t.Fatalf("sending at last: status %d, summary %v", sent.status, errorSummary(sent.body))
		}
		if ds := draftsOf(t, s.st, author.acc.ID); len(ds) != 0 {
			t.Errorf("after sending, the member has drafts %+v", ds)
		}
	})
}

// TestErasedDraftsLeaveNoTraceInTheFiles: a member who erases their
// account keeping their posts still takes their drafts, words no one else
// ever saw: whoever then holds the SQLite files (the database and its
// write-ahead log, as they are) finds none of them. The words are first
// found there, so the scan is known to read the right place.
func TestErasedDraftsLeaveNoTraceInTheFiles(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		if s.st.Dialect() != store.SQLite {
			t.Skip("PostgreSQL keeps deleted rows until VACUUM: docs/THREAT-MODEL.md")
		}
		f := forumNamed(t, s.st, "Secure and suitable housing")
		leaver := newParticipant(t, s, "Leaving Wren", forum.RolePractitioner)
		stayer := newParticipant(t, s, "Staying Heron", forum.RolePractitioner)
		gone, kept := oddWord(t), oddWord(t)
		newPath := fmt.Sprintf("/f/%d/new", f.ID)
		page := leaver.follow(leaver.submit(newPath, newPath, url.Values{"title": {"Not sent"}, "body": {"First words " + gone}, "action": {"draft"}}))
		// Saved again, so that an older copy of the row is about too.
		savedDraft(t, leaver.submitOn(page, newPath, url.Values{"title": {"Not sent"}, "body": {"More words " + gone}, "action": {"draft"}}))
		savedDraft(t, stayer.submit(newPath, newPath, url.Values{"title": {"Kept"}, "body": {"Words " + kept}, "action": {"draft"}}))
		files := sqliteFiles(t, s.st)
		for _, w := range []string{gone, kept} {
			if !bytes.Contains(files, tail(w)) {
				t.Fatalf("%q is not in the files before the erasure: the scan reads the wrong place", w)
			}
		}
		if a := leaver.submit("/account", "/account/erase", url.Values{"posts": {"keep"}, "erase-passphrase": {leaver.pass}}); a.status != http.StatusSeeOther {
			t.Fatalf("erasing: status %d, summary %v", a.status, errorSummary(a.body))
		}
		files = sqliteFiles(t, s.st)
		if !bytes.Contains(files, tail(kept)) {
			t.Fatalf("another member's draft %q is gone from the files too: the scan reads the wrong place", kept)
		}
		if i := bytes.Index(files, tail(gone)); i >= 0 {
			t.Errorf("the erased draft's %q is still in the SQLite files, at byte %d: %q", gone, i, printable(files[max(0, i-40):min(len(files), i+40)]))
		}
	})
}
