package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"forum/internal/forum"
	"forum/internal/store"
)

// Notes between moderators on a post: moderators of its group and admins
// read and add them; nobody else reads them anywhere, and they never name
// the post's author.

func TestModeratorsKeepNotesOnAPost(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		admin := newParticipant(t, s, "Steady Admin", forum.RoleAdmin)
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		second := newParticipant(t, s, "Second Moderator", forum.RoleModerator)
		elsewhere := newParticipant(t, s, "Moderator Elsewhere", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		reader := newParticipant(t, s, "Bright Wren", forum.RolePractitioner)
		visitor := newBrowser(t, s)
		f := forumNamed(t, s.st, "Secure and suitable housing")
		education := forumNamed(t, s.st, "Access to education")
		if err := s.st.SetGrant(ctx, admin.acc, elsewhere.acc.ID, store.Grant{Role: forum.RoleModerator, ModeratorGroups: []int64{education.GroupID}}); err != nil {
			t.Fatal(err)
		}
		topicID, _ := publishedTopic(t, mod, f, "Rooms in the north")
		word := uniqueWord(t, "body")
		postID := author.reply(topicID, 0, "An anonymous reply about rooms "+word+".", true)
		postPath := fmt.Sprintf("/mod/posts/%d", postID)

		// While it waits, the queue links to its notes.
		shows(t, mod.get("/mod/queue"), fmt.Sprintf(`<a href="%s#notes">Add a note for moderators`, postPath))

		// An empty note comes back to be fixed, and nothing is written.
		page := mod.get(postPath)
		shows(t, page, `<h2 id="notes">Notes for moderators</h2>`, "No notes yet.")
		before := stateOf(t, s.st)
		empty := mod.submitOn(page, postPath+"/notes", url.Values{"note": {"  "}})
		if empty.status != http.StatusUnprocessableEntity || messageOf(empty) != "Enter the note" {
			t.Errorf("an empty note: status %d, message %q", empty.status, messageOf(empty))
		}
		summaryLinksLand(t, empty)
		if diff := before.changes(stateOf(t, s.st)); diff != "" {
			t.Errorf("a refused note changed the database:\n%s", diff)
		}

		// Sent twice from the same form, it is one note.
		note := uniqueWord(t, "note")
		form := url.Values{"note": {"Checked the address is a public office " + note}}
		mod.done(mod.submitOn(page, postPath+"/notes", form), "Your note is added. Only moderators and admins read it.")
		if again := mod.submitOn(page, postPath+"/notes", form); again.status != http.StatusSeeOther {
			t.Errorf("the same note sent again: status %d", again.status)
		}
		if n := countRows(t, s.st, "SELECT COUNT(*) FROM mod_notes"); n != 1 {
			t.Errorf("%d notes after sending one form twice, want 1", n)
		}
		shows(t, mod.get("/mod/queue"), fmt.Sprintf(`<a href="%s#notes">Notes for moderators: 1`, postPath))

		// Moderators of the group and admins read it, with its writer; the
		// page never names the anonymous author.
		for who, p := range map[string]participant{"another moderator": second, "an admin": admin} {
			got := p.get(postPath)
			shows(t, got, "Careful Moderator <span aria-hidden=\"true\">·</span> <time", "Checked the address is a public office "+note)
			lacks(t, who+" on the post's page", got, "Quiet Heron")
		}
		second.done(second.submit(postPath, postPath+"/notes", url.Values{"note": {"Agreed, fine to publish."}}), "Your note is added. Only moderators and admins read it.")
		got := admin.get(postPath)
		if i, j := strings.Index(got.body, note), strings.Index(got.body, "Agreed, fine to publish."); i < 0 || j < i {
			t.Errorf("the notes are not listed oldest first")
		}

		// Nobody else: a moderator of other groups is refused, and so is
		// the author or any member.
		for who, b := range map[string]*browser{"a moderator of other groups": elsewhere.browser, "the author": author.browser, "a member": reader.browser} {
			before := stateOf(t, s.st)
			a := b.post(postPath+"/notes", url.Values{"_csrf": {anyToken(b.get("/").body)}, "note": {"Let me in."}})
			if a.status != http.StatusForbidden {
				t.Errorf("%s adding a note: status %d, want 403", who, a.status)
			}
			if diff := before.changes(stateOf(t, s.st)); diff != "" {
				t.Errorf("%s's refused note changed the database:\n%s", who, diff)
			}
			lacks(t, who, b.get(postPath), note)
		}

		// Published, the note is on no page, feed, notification or export
		// the author, a member or a visitor gets.
		mod.done(mod.approve(postID), "The post is approved and published.")
		paths := []string{fmt.Sprintf("/t/%d", topicID), fmt.Sprintf("/p/%d", postID), "/", fmt.Sprintf("/f/%d", f.ID),
			"/feeds/latest.atom", fmt.Sprintf("/feeds/forums/%d.atom", f.ID), "/search?q=" + word, "/digest"}
		for who, b := range map[string]*browser{"the author": author.browser, "a member": reader.browser, "a visitor": visitor} {
			all := paths
			if b != visitor {
				all = append(all, "/notifications", "/my/posts", "/account", "/account/data.json")
			}
			for _, p := range all {
				lacks(t, who, b.get(p), note, "Agreed, fine to publish", "Notes for moderators")
			}
		}

		// Erasing the author's account with their posts takes the notes.
		author.done(author.submit("/account", "/account/erase", url.Values{"posts": {"delete"}, "erase-passphrase": {author.pass}}),
			"Your account is erased. Thank you for taking part.")
		if cells := cellsHolding(t, s.st, note); len(cells) > 0 {
			t.Errorf("after the author's erasure the note is still in %v", cells)
		}
		if n := countRows(t, s.st, "SELECT COUNT(*) FROM mod_notes"); n != 0 {
			t.Errorf("%d notes left after the author's erasure", n)
		}
	})
}
