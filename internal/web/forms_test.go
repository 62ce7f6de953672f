package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"forum/internal/forum"
)

// unreadableMessage is what a form says when a field in it cannot be read.
const unreadableMessage = "Something in the form could not be read, such as a number that is not one. Go back, reload the page and send it again."

// TestFormNumbersThatAreNotNumbersAreRefusedPlainly: a hand-made form with
// an id or a number that is not one is refused with a message that says
// what is wrong, not a 500, and not read as 0: as 0, the id of Mark as
// read marked every notification read, and the forum a topic is moved
// from said another moderator had moved it. Nothing changes.
func TestFormNumbersThatAreNotNumbersAreRefusedPlainly(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Access to medical treatment")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		admin := newParticipant(t, s, "Steady Admin", forum.RoleAdmin)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, mod, f, "Registering with a GP")
		// The approval of one reply leaves its author a notification to
		// mark read; the other reply waits in the queue, to be redacted.
		mod.done(mod.approve(author.reply(topicID, 0, "A reply the moderator approves.", false)), "The post is approved and published.")
		waiting := author.reply(topicID, 0, "A reply waiting in the queue.", false)
		redact := fmt.Sprintf("/mod/posts/%d/redact", waiting)
		move := fmt.Sprintf("/mod/topics/%d/move", topicID)
		from := fmt.Sprint(f.ID)

		for _, tc := range []struct {
			name    string
			who     participant
			action  string
			form    url.Values
			status  int
			message string
		}{
			{"mark as read, an id that is not a number", author, "/notifications/read", url.Values{"id": {"7a"}},
				http.StatusBadRequest, unreadableMessage},
			{"redact, a start that is not a number", mod, redact, url.Values{"field": {"body"}, "start": {"x"}, "end": {"5"}, "text": {"A rep"}},
				http.StatusBadRequest, "That redaction is not one the check found."},
			{"redact, no end", mod, redact, url.Values{"field": {"body"}, "start": {"0"}, "text": {"A rep"}},
				http.StatusBadRequest, "That redaction is not one the check found."},
			{"approve together, ids that are not numbers", mod, "/mod/queue/approve", url.Values{"post": {"first", "-1", ""}},
				http.StatusUnprocessableEntity, "Tick the posts to approve first"},
			{"move, from a forum that is not a number", mod, move, url.Values{"from": {"here"}, "to": {from}},
				http.StatusBadRequest, unreadableMessage},
			{"move, to a forum that is not a number", mod, move, url.Values{"from": {from}, "to": {"there"}},
				http.StatusBadRequest, unreadableMessage},
			{"invite, days that are not a number", admin, "/admin/invites", url.Values{"days": {"a fortnight"}},
				http.StatusUnprocessableEntity, "Enter a number of days from 1 to 365"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				who := tc.who.in(t)
				before := stateOf(t, s.st)
				a := who.act(tc.action, tc.form)
				if a.status != tc.status || messageOf(a) != tc.message {
					t.Errorf("status %d, message %q; want %d and %q\n%.1500s", a.status, messageOf(a), tc.status, tc.message, mainOf(a.body))
				}
				if diff := before.changes(stateOf(t, s.st)); diff != "" {
					t.Errorf("the refused form changed the database:\n%s", diff)
				}
			})
		}
	})
}
