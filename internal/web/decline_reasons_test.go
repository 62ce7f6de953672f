package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"forum/internal/forum"
)

// The preset decline reasons are the admin's to edit: moderators pick one
// by its label in the queue, and the author reads its text as it was when
// their post was declined.

// reasonKeys lists the preset reasons the queue's decline form offers for
// postID, in order, "other" last.
func reasonKeys(t *testing.T, queue answer, postID int64) []string {
	t.Helper()
	sel := fmt.Sprintf(`<select id="reason-%d" name="reason"`, postID)
	i := strings.Index(queue.body, sel)
	if i < 0 {
		t.Fatalf("the queue has no decline form for post %d", postID)
	}
	part := queue.body[i:]
	part = part[:strings.Index(part, "</select>")]
	var keys []string
	for _, opt := range strings.Split(part, `<option value="`)[1:] {
		keys = append(keys, opt[:strings.Index(opt, `"`)])
	}
	return keys
}

func TestAdminEditsTheDeclineReasonsModeratorsUse(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		admin := newParticipant(t, s, "Steady Admin", forum.RoleAdmin)
		other := newParticipant(t, s, "Second Admin", forum.RoleAdmin)
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)

		shows(t, admin.get("/admin"), `<a href="/admin/decline-reasons">Decline reasons</a>`)
		list := admin.get("/admin/decline-reasons")
		shows(t, list, "Off topic for this forum", "Could identify someone", "Needs more context",
			"“It contains personal data that could identify someone”")

		// A reason without a label comes back with the error summary,
		// what was typed kept, and nothing written.
		before := stateOf(t, s.st)
		bad := admin.submitOn(list, "/admin/decline-reasons", url.Values{"label": {""}, "text": {"Kept text"}})
		if bad.status != http.StatusUnprocessableEntity || messageOf(bad) != "Enter a short label for moderators" {
			t.Errorf("a reason without a label: status %d, message %q", bad.status, messageOf(bad))
		}
		shows(t, bad, ">Kept text</textarea>")
		summaryLinksLand(t, bad)
		if diff := before.changes(stateOf(t, s.st)); diff != "" {
			t.Errorf("a refused reason changed the database:\n%s", diff)
		}

		admin.done(admin.submitOn(list, "/admin/decline-reasons", url.Values{"label": {"No content note"},
			"text": {"It describes abuse in detail without a content note"}}), "The decline reason is saved. Posts declined before keep the text their authors read.")
		reasons, err := s.st.DeclineReasons(ctx)
		if err != nil {
			t.Fatal(err)
		}
		added := reasons[len(reasons)-1]
		if added.Label != "No content note" || added.Key != fmt.Sprintf("reason-%d", added.ID) {
			t.Fatalf("the added reason: %+v", added)
		}

		// The queue offers it last, before "Other — write your own";
		// moved up, it comes one place earlier.
		_, postID := author.newTopic(f, "A room for tonight", "Is there a room anywhere tonight?", false)
		queue := mod.get("/mod/queue")
		keys := reasonKeys(t, queue, postID)
		if n := len(keys); n != len(reasons)+1 || keys[n-2] != added.Key || keys[n-1] != "other" {
			t.Errorf("the queue offers %v, want the %d reasons, the added one last, then other", keys, len(reasons))
		}
		shows(t, queue, ">No content note</option>", `<option value="other">Other — write your own</option>`)
		a := admin.submit("/admin/decline-reasons", fmt.Sprintf("/admin/decline-reasons/%d/up", added.ID), nil)
		if a.status != http.StatusSeeOther {
			t.Fatalf("moving the reason up: status %d", a.status)
		}
		if keys := reasonKeys(t, mod.get("/mod/queue"), postID); len(keys) < 3 || keys[len(keys)-3] != added.Key {
			t.Errorf("after moving it up the queue offers %v", keys)
		}

		// Declined with it and a note: the author reads the text, then the note.
		note := uniqueWord(t, "note")
		mod.done(mod.decline(postID, added.Key, "Add one and send it again "+note), "The post is declined and its author told why.")
		const read = "It describes abuse in detail without a content note. Add one and send it again "
		shows(t, author.get("/notifications"), read+note)
		shows(t, author.get("/my/posts"), "<strong>Declined:</strong> "+read+note)

		// Two admins change it from the same page: the second is told it
		// changed meanwhile and shown the stored version. The author still
		// reads what they read.
		path := fmt.Sprintf("/admin/decline-reasons/%d", added.ID)
		page1, page2 := admin.get(path), other.get(path)
		admin.done(admin.submitOn(page1, path, url.Values{"label": {"Needs a content note"}, "text": {"Please add a content note"}}),
			"The decline reason is saved. Posts declined before keep the text their authors read.")
		late := other.submitOn(page2, path, url.Values{"label": {"Late label"}, "text": {"Late text"}})
		if late.status != http.StatusUnprocessableEntity && late.status != http.StatusConflict {
			t.Errorf("the second admin's change: status %d, want it refused", late.status)
		}
		shows(t, late, `value="Needs a content note"`)
		lacks(t, "the stored reason", admin.get("/admin/decline-reasons"), "Late label", "Late text")
		shows(t, author.get("/notifications"), read+note)
		shows(t, author.get("/my/posts"), "<strong>Declined:</strong> "+read+note)
		lacks(t, "the author's posts", author.get("/my/posts"), "Please add a content note")

		// "Other": the author reads the note alone; without one, the form
		// comes back to be fixed.
		_, second := author.newTopic(f, "Another room", "Any room in the north?", false)
		noNote := mod.decline(second, "other", "")
		if noNote.status != http.StatusUnprocessableEntity || messageOf(noNote) != "Say in the note why the post is declined" {
			t.Errorf("other without a note: status %d, message %q", noNote.status, messageOf(noNote))
		}
		own := uniqueWord(t, "own")
		mod.done(mod.decline(second, "other", "Ask in the regional forum "+own), "The post is declined and its author told why.")
		shows(t, author.get("/my/posts"), "<strong>Declined:</strong> Ask in the regional forum "+own+"</")

		// Deleted, it is offered no more; a form still holding it comes
		// back asking for a reason. Deleting it twice is no error.
		_, third := author.newTopic(f, "A third room", "Any room in the south?", false)
		stale := mod.get("/mod/queue")
		del := fmt.Sprintf("/admin/decline-reasons/%d/delete", added.ID)
		listed := admin.get("/admin/decline-reasons")
		admin.done(admin.submitOn(listed, del, nil), "The decline reason is deleted. Posts declined with it keep the text their authors read.")
		if twice := admin.submitOn(listed, del, nil); twice.status != http.StatusSeeOther {
			t.Errorf("deleting it again: status %d", twice.status)
		}
		gone := mod.submitOn(stale, fmt.Sprintf("/mod/posts/%d/decline", third), url.Values{"reason": {added.Key}, "note": {""}})
		if gone.status != http.StatusUnprocessableEntity || messageOf(gone) != "Choose a reason for declining the post" {
			t.Errorf("declining with a deleted reason: status %d, message %q", gone.status, messageOf(gone))
		}
		for _, k := range reasonKeys(t, mod.get("/mod/queue"), third) {
			if k == added.Key {
				t.Errorf("the queue still offers the deleted reason")
			}
		}
		shows(t, author.get("/my/posts"), "<strong>Declined:</strong> "+read+note)
		if lines := modLog(t, admin); len(lines) == 0 || lines[0].Action != "Changed a decline reason" {
			t.Errorf("the log's latest line: %+v, want the deleted reason", lines[:min(1, len(lines))])
		}
	})
}
