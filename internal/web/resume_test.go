package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
)

// TestAPostOutlivesTheSession: a member writes for longer than a session
// lasts without activity. Sending then answers with the sign-in form, saying
// why, with nothing saved and the words kept in the page; a wrong
// passphrase keeps them too; signing in leads back to the form, filled and
// unsent; sending it then posts it once. For a new topic, a reply and an
// edit of one's own waiting post.
func TestAPostOutlivesTheSession(t *testing.T) {
	eachServedAt(t, stageOpts, func(t *testing.T, s served, clock *testClock) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		topicID, _ := publishedTopic(t, mod, f, "Interpreters for first interviews")
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		_, pendingID := author.newTopic(f, "A waiting question", "Which councils keep rooms open?", false)
		for _, tc := range []struct {
			name, form, action string
			fields             url.Values
		}{
			{"new topic", fmt.Sprintf("/f/%d/new", f.ID), fmt.Sprintf("/f/%d/new", f.ID),
				url.Values{"title": {"Move-on rooms after a decision"}, "body": {"Line one of a long post.\nLine two, written slowly."}, "anonymous": {"yes"}}},
			{"reply", fmt.Sprintf("/t/%d/reply", topicID), fmt.Sprintf("/t/%d/reply", topicID),
				url.Values{"body": {"A reply that took an afternoon.\nWith a second line."}, "anonymous": {"no"}}},
			{"edit", fmt.Sprintf("/my/posts/%d/edit", pendingID), fmt.Sprintf("/my/posts/%d/edit", pendingID),
				url.Values{"title": {"A waiting question, reworded"}, "body": {"Which councils keep rooms open, and for how long?"}, "anonymous": {"no"}}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a := author.in(t)
				form := a.get(tc.form)
				clock.Advance(2 * time.Hour) // past the idle hour: the session has ended
				before := stateOf(t, s.st)
				send := url.Values{"action": {"send"}}
				for k, v := range tc.fields {
					send[k] = v
				}
				out := a.submitOn(form, tc.action, send)
				if out.status != http.StatusUnauthorized || !strings.Contains(out.body, "so your post was not sent") {
					t.Fatalf("sending after the session ended: status %d\n%.1500s", out.status, mainOf(out.body))
				}
				shows(t, out, strings.Split(tc.fields.Get("body"), "\n")[0])
				if diff := before.changes(stateOf(t, s.st)); diff != "" {
					t.Errorf("the refused form changed the database:\n%s", diff)
				}
				wrong := a.submitOn(out, "/login", url.Values{"pseudonym": {"Quiet Heron"}, "passphrase": {"not the passphrase at all"}})
				if wrong.status != http.StatusUnprocessableEntity {
					t.Fatalf("a wrong passphrase: status %d", wrong.status)
				}
				shows(t, wrong, strings.Split(tc.fields.Get("body"), "\n")[0])
				back := a.submitOn(wrong, "/login", url.Values{"pseudonym": {"Quiet Heron"}, "passphrase": {a.pass}})
				if back.status != http.StatusOK || !strings.Contains(back.body, "Your post is not sent yet") {
					t.Fatalf("signing in with the words carried: status %d\n%.1500s", back.status, mainOf(back.body))
				}
				shows(t, back, "Sign out") // the page is the member's
				if diff := before.changes(stateOf(t, s.st)); diff != "" {
					t.Errorf("signing in sent the post:\n%s", diff)
				}
				filled := a.submitOn(back, tc.action, nil)
				if filled.status != http.StatusOK {
					t.Fatalf("back to the form: status %d", filled.status)
				}
				for _, field := range []string{"title", "body"} {
					if v := tc.fields.Get(field); v != "" && !strings.Contains(filled.body, v) {
						t.Errorf("the form does not hold the %s that was typed: %q", field, v)
					}
				}
				// The fields the page shows filled, as a browser sends them.
				sent := a.submitOn(filled, tc.action, send)
				if sent.status != http.StatusSeeOther {
					t.Fatalf("sending at last: status %d, summary %v", sent.status, errorSummary(sent.body))
				}
				again := a.submitOn(filled, tc.action, send)
				if again.status != http.StatusSeeOther {
					t.Errorf("sending the same form twice: status %d", again.status)
				}
				mine, err := s.st.MyPosts(ctx, author.acc.ID, 100)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, p := range mine {
					if strings.Contains(p.BodySource, strings.Split(tc.fields.Get("body"), "\n")[0]) {
						n++
					}
				}
				if n != 1 {
					t.Errorf("%d posts hold the words, want 1", n)
				}
			})
		}
	})
}
