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
)

// The forms of moderators, hosts and admins, sent with a mistake a person
// makes, come back as members' forms do: the same page with the GOV.UK
// error summary above the heading, linking to each field, the field marked
// in error, what was typed still in it, status 422, and nothing written.

// staffFormCase is one staff form sent with a mistake.
type staffFormCase struct {
	name   string
	who    participant
	from   string // the page whose form is sent
	action string
	form   url.Values
	// summary is the error summary the page must show.
	summary []summaryItem
	// kept is what each field (by id) must still hold: an input's value,
	// a textarea's text, a select's chosen option.
	kept map[string]string
	// marked are the ids of the error messages beside the fields.
	marked []string
	// shows is more the page must hold (the queue's filters and place).
	shows []string
}

// TestStaffFormMistakesComeBackToBeFixed sends each moderator, host and
// admin form with a mistake through real HTTP and checks the page it gets
// back, and that the database is as it was.
func TestStaffFormMistakesComeBackToBeFixed(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Access to medical treatment")
		modAcc, modPass := member(t, s.st, "Careful Moderator", forum.RoleModerator)
		longServing(t, s.st, modAcc) // may ask for a reveal
		mod := signedInAs(t, s, modAcc, modPass)
		admin := newParticipant(t, s, "Steady Admin", forum.RoleAdmin)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		person, _ := member(t, s.st, "Bright Wren", forum.RolePractitioner)

		topicID, _ := publishedTopic(t, mod, f, "Registering with a GP")
		named := author.reply(topicID, 0, "A named reply a moderator acts on.", false)
		anonymous := author.reply(topicID, 0, "An anonymous reply a moderator acts on.", true)
		mod.done(mod.approve(named), "The post is approved and published.")
		mod.done(mod.approve(anonymous), "The post is approved and published.")
		first := author.reply(topicID, 0, "The first reply waiting in the queue.", false)
		waiting := author.reply(topicID, 0, "The second reply waiting in the queue.", false)

		// The queue as the moderator had filtered and paged it: the
		// group's posts, after the first waiting one.
		queue := fmt.Sprintf("/mod/queue?after=%d&group=%d", first, f.GroupID)
		decline := fmt.Sprintf("/mod/posts/%d/decline", waiting)
		reasonID, noteID := fmt.Sprintf("reason-%d", waiting), fmt.Sprintf("note-%d", waiting)
		inQueue := []string{`<input type="hidden" name="return" value="` + html.EscapeString(queue) + `">`,
			fmt.Sprintf(`<option value="%d" selected>`, f.GroupID)}
		openDecline := append(slices.Clone(inQueue), `<details class="decline" open>`)
		modPage := func(id int64) string { return fmt.Sprintf("/mod/posts/%d", id) }
		personPage := fmt.Sprintf("/admin/people/%d", person.ID)
		topicPage := fmt.Sprintf("/t/%d", topicID)
		long := strings.Repeat("A reason far too long. ", 50) // 1,150 characters

		for _, tc := range []staffFormCase{
			{name: "decline for another reason without a note", who: mod, from: queue, action: decline,
				form: url.Values{"reason": {"other"}, "note": {""}}, summary: []summaryItem{{noteID, "Say in the note why the post is declined"}},
				kept: map[string]string{reasonID: "other", noteID: ""}, marked: []string{noteID + "-error"}, shows: openDecline},
			{name: "decline with too long a note", who: mod, from: queue, action: decline,
				form: url.Values{"reason": {"duplicate"}, "note": {long}}, summary: []summaryItem{{noteID, "The note must be 1000 characters or fewer"}},
				kept: map[string]string{reasonID: "duplicate", noteID: long}, marked: []string{noteID + "-error"}, shows: openDecline},
			{name: "decline without a reason", who: mod, from: queue, action: decline,
				form: url.Values{"reason": {""}, "note": {"Please add a source."}}, summary: []summaryItem{{reasonID, "Choose a reason for declining the post"}},
				kept: map[string]string{noteID: "Please add a source."}, marked: []string{reasonID + "-error"}, shows: openDecline},
			{name: "approve together with nothing ticked", who: mod, from: queue, action: "/mod/queue/approve",
				summary: []summaryItem{{fmt.Sprintf("pick-%d", waiting), "Tick the posts to approve first"}},
				marked:  []string{"bulk-error"}, shows: inQueue},
			{name: "hide without a reason", who: mod, from: modPage(named), action: modPage(named) + "/hide",
				form: url.Values{"reason": {"  "}}, summary: []summaryItem{{"hide-reason", "Give a reason for hiding the post"}},
				marked: []string{"hide-reason-error"}},
			{name: "hide with too long a reason", who: mod, from: modPage(named), action: modPage(named) + "/hide",
				form: url.Values{"reason": {long}}, summary: []summaryItem{{"hide-reason", "The reason must be 1000 characters or fewer"}},
				kept: map[string]string{"hide-reason": long}, marked: []string{"hide-reason-error"}},
			{name: "suspend without a reason", who: mod, from: modPage(named), action: modPage(named) + "/suspend",
				form: url.Values{"days": {"30"}, "reason": {""}}, summary: []summaryItem{{"suspend-reason", "Give a reason the member will read"}},
				kept: map[string]string{"days": "30"}, marked: []string{"suspend-reason-error"}},
			{name: "suspend with too long a reason", who: mod, from: modPage(named), action: modPage(named) + "/suspend",
				form: url.Values{"days": {"1"}, "reason": {long}}, summary: []summaryItem{{"suspend-reason", "The reason must be 1000 characters or fewer"}},
				kept: map[string]string{"days": "1", "suspend-reason": long}, marked: []string{"suspend-reason-error"}},
			{name: "suspend for no length and no reason", who: mod, from: modPage(named), action: modPage(named) + "/suspend",
				form:    url.Values{"days": {"365"}, "reason": {""}},
				summary: []summaryItem{{"days", "Choose how long the suspension lasts"}, {"suspend-reason", "Give a reason the member will read"}},
				marked:  []string{"days-error", "suspend-reason-error"}},
			{name: "reveal with a short reason", who: mod, from: modPage(anonymous), action: modPage(anonymous) + "/reveal",
				form: url.Values{"reason": {"Because."}}, summary: []summaryItem{{"reveal-reason", "Explain in at least 20 characters why the author must be known"}},
				kept: map[string]string{"reveal-reason": "Because."}, marked: []string{"reveal-reason-error"}},
			{name: "reveal with too long a reason", who: mod, from: modPage(anonymous), action: modPage(anonymous) + "/reveal",
				form: url.Values{"reason": {long}}, summary: []summaryItem{{"reveal-reason", "The reason must be 1000 characters or fewer"}},
				kept: map[string]string{"reveal-reason": long}, marked: []string{"reveal-reason-error"}},
			{name: "suspend an account without a reason", who: admin, from: personPage, action: personPage + "/suspend",
				form: url.Values{"days": {"90"}, "reason": {" "}}, summary: []summaryItem{{"reason", "Give a reason the member will read"}},
				kept: map[string]string{"days": "90"}, marked: []string{"reason-error"}},
			{name: "pin until a day gone by", who: admin, from: topicPage, action: topicPage + "/pin",
				form: url.Values{"until": {"2020-01-31"}}, summary: []summaryItem{{"until", "Choose a date in the future for the pin to end"}},
				kept: map[string]string{"until": "2020-01-31"}, marked: []string{"until-error"}},
			{name: "pin until no date", who: admin, from: topicPage, action: topicPage + "/pin",
				form: url.Values{"until": {"31/01/2099"}}, summary: []summaryItem{{"until", "Enter the date the pin ends as a date, such as 2026-03-31"}},
				kept: map[string]string{"until": "31/01/2099"}, marked: []string{"until-error"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				checkStaffFormCase(t, s, tc)
			})
		}
	})
}

// checkStaffFormCase sends tc's form and checks the page it comes back on.
func checkStaffFormCase(t *testing.T, s served, tc staffFormCase) {
	t.Helper()
	before := stateOf(t, s.st)
	a := tc.who.in(t).submit(tc.from, tc.action, tc.form)
	if a.status != http.StatusUnprocessableEntity || !slices.Equal(errorSummary(a.body), tc.summary) {
		t.Fatalf("status %d, summary %v; want 422 and %v\n%.1500s", a.status, errorSummary(a.body), tc.summary, mainOf(a.body))
	}
	summaryLinksLand(t, a)
	if i, j := strings.Index(a.body, `class="error-summary"`), strings.Index(a.body, "<h1"); i < 0 || j < i {
		t.Errorf("the error summary is not above the heading")
	}
	for id, want := range tc.kept {
		if got, ok := fieldHolds(a.body, id); !ok || got != want {
			t.Errorf("#%s holds %.60q (found: %v), want %.60q", id, got, ok, want)
		}
	}
	for _, id := range tc.marked {
		if !hasID(a.body, id) {
			t.Errorf("no error message #%s beside the field", id)
		}
		if !regexp.MustCompile(`aria-describedby="[^"]*\b` + regexp.QuoteMeta(id) + `\b`).MatchString(a.body) {
			t.Errorf("no field is described by its error message #%s", id)
		}
	}
	shows(t, a, tc.shows...)
	if m := titleRE.FindStringSubmatch(a.body); m == nil || !strings.HasPrefix(m[1], "Error: ") {
		t.Errorf("the page title %v does not start with Error:", m)
	}
	if diff := before.changes(stateOf(t, s.st)); diff != "" {
		t.Errorf("a refused form changed the database:\n%s", diff)
	}
}

// signedInAs gives acc a browser signed in with pass.
func signedInAs(t *testing.T, s served, acc forum.Account, pass string) participant {
	t.Helper()
	b := newBrowser(t, s)
	b.signIn(acc.Pseudonym, pass)
	return participant{browser: b, s: s, acc: acc, pass: pass}
}

// fieldHolds reads what the field with id holds: an input's value, a
// textarea's text or a select's chosen option; and whether it is there.
func fieldHolds(body, id string) (string, bool) {
	q := regexp.QuoteMeta(id)
	if m := regexp.MustCompile(`(?s)<textarea\b[^>]*\bid="` + q + `"[^>]*>(.*?)</textarea>`).FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1]), true
	}
	if m := regexp.MustCompile(`(?s)<select\b[^>]*\bid="` + q + `"[^>]*>(.*?)</select>`).FindStringSubmatch(body); m != nil {
		if o := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[1]); o != nil {
			return html.UnescapeString(o[1]), true
		}
		return "", true
	}
	if !hasID(body, id) {
		return "", false
	}
	v, _ := inputValue(body, id)
	return v, true
}
