package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
)

// The tests here each answer one finding of the outside review of
// anonymity (issue 13). The differential test (anonymity_test.go) covers
// the class; these say, one finding at a time, what a person sees.

// TestASuspensionFromAPostIsShownByThePost: a moderator suspends the
// author of an anonymous post. The admin's people pages, which show an
// account's own suspensions, do not show it, so nobody can match the log
// line on the post to an account; the post's page shows it, and the member
// reads it as theirs.
func TestASuspensionFromAPostIsShownByThePost(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Trauma-informed services")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		admin := newParticipant(t, s, "Steady Admin", forum.RoleAdmin)
		author := newParticipant(t, s, "Hidden Ptarmigan", forum.RolePractitioner)
		bystander := newParticipant(t, s, "Bright Wren", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, mod, f, "Grounding techniques")
		postID := author.reply(topicID, 0, "An abusive anonymous reply.", true)
		mod.done(mod.approve(postID), "The post is approved and published.")

		people := func(who participant) (list, page answer) {
			return admin.get("/admin/people"), admin.get(fmt.Sprintf("/admin/people/%d", who.acc.ID))
		}
		admin.get("/admin") // the sign-in's own message is shown, and gone
		beforeList, beforeAuthor := people(author)
		const reason = "Abusive language towards another member, kept by the post."
		postPath := fmt.Sprintf("/mod/posts/%d", postID)
		mod.done(mod.submit(postPath, postPath+"/suspend", url.Values{"days": {"7"}, "reason": {reason}}),
			"The author of the post is suspended. The suspension is kept with this post.")

		afterList, afterAuthor := people(author)
		if mainOf(beforeList.body) != mainOf(afterList.body) {
			t.Errorf("the people list changed when a moderator suspended the author of an anonymous post:\n%s\n----\n%s", mainOf(beforeList.body), mainOf(afterList.body))
		}
		if mainOf(beforeAuthor.body) != mainOf(afterAuthor.body) {
			t.Errorf("the author's people page changed when a moderator suspended them from an anonymous post")
		}
		_, bystanderPage := people(bystander)
		for _, p := range []answer{afterAuthor, bystanderPage} {
			lacks(t, "the admin's people page", p, reason, "Suspended until")
		}
		shows(t, admin.get(postPath), "<strong>Running</strong> until", reason)
		shows(t, author.get("/account"), "Your account is suspended", reason)
		shows(t, author.get("/notifications"), "A moderator suspended your account", reason)
		lacks(t, "another member's account", bystander.get("/account"), reason, "suspended")

		mod.done(mod.submit(postPath, postPath+"/unsuspend", nil), "The suspension made from this post is lifted.")
		lacks(t, "the author's account once lifted", author.get("/account"), "Your account is suspended")
		if again := mod.act(postPath+"/unsuspend", nil); again.status != http.StatusConflict {
			t.Errorf("lifting a lifted suspension: status %d, want 409", again.status)
		}
	})
}

// TestSuspendingFromAnErasedAuthorsPostAnswersAsAnyOther: whether the
// author of an anonymous post still has an account changes nothing a
// moderator sees when suspending them; the moment their named posts turn
// "Former member" cannot be matched to their anonymous ones.
func TestSuspendingFromAnErasedAuthorsPostAnswersAsAnyOther(t *testing.T) {
	eachServedAt(t, stageOpts, func(t *testing.T, s served, _ *testClock) {
		f := forumNamed(t, s.st, "Trauma-informed services")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		stays := newParticipant(t, s, "Staying Heron", forum.RolePractitioner)
		leaves := newParticipant(t, s, "Leaving Wren", forum.RolePractitioner)
		topicID, _ := publishedTopic(t, mod, f, "Grounding techniques")
		posts := map[string]int64{}
		for name, p := range map[string]participant{"stays": stays, "leaves": leaves} {
			posts[name] = p.reply(topicID, 0, "An anonymous reply.", true)
			mod.done(mod.approve(posts[name]), "The post is approved and published.")
		}
		leaves.done(leaves.submit("/account", "/account/erase", url.Values{"posts": {"keep"}, "erase-passphrase": {leaves.pass}}),
			"Your account is erased. Thank you for taking part.")

		postRE := regexp.MustCompile(`/mod/posts/\d+`)
		answers := map[string]string{}
		for name, id := range posts {
			postPath := fmt.Sprintf("/mod/posts/%d", id)
			a := mod.submit(postPath, postPath+"/suspend", url.Values{"days": {"7"}, "reason": {"Abusive replies."}})
			if a.status != http.StatusSeeOther {
				t.Errorf("suspending the author of the post of the one who %s: status %d, message %q", name, a.status, problemOf(a.body))
				continue
			}
			answers[name] = anonSubmissionRE.ReplaceAllString(postRE.ReplaceAllString(mainOf(mod.follow(a).body), "/mod/posts/N"), `${1}{submission}"`)
		}
		if answers["stays"] != answers["leaves"] {
			t.Errorf("the post's page after suspending differs with whether its author erased their account:\n%s\n----\n%s",
				answers["stays"], answers["leaves"])
		}
	})
}

// TestAnonymousPostsOfStaffGoThroughTheQueue: a moderator's, a host's and
// an admin's signed posts publish at once; their anonymous posts wait in
// the queue like everyone's, so each leaves an approval in the log as a
// practitioner's does.
func TestAnonymousPostsOfStaffGoThroughTheQueue(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		approver := newParticipant(t, s, "Approving Moderator", forum.RoleModerator)
		visitor := newBrowser(t, s)
		for _, role := range []forum.Role{forum.RoleModerator, forum.RoleHost, forum.RoleAdmin, forum.RolePractitioner} {
			t.Run(string(role), func(t *testing.T) {
				staff := newParticipant(t, s, "Staff "+string(role), role).in(t)
				title := "An anonymous question from a " + string(role)
				a := staff.startTopic(f, title, "Who can I ask about move-on rooms?", true)
				topicID, postID := staff.posted(a)
				if a.location() != "/my/posts" {
					t.Errorf("the anonymous topic of a %s went to %q, want the queue (/my/posts)", role, a.location())
				}
				if p := visitor.get(fmt.Sprintf("/t/%d", topicID)); p.status != http.StatusNotFound {
					t.Errorf("a visitor reads the waiting anonymous topic of a %s: status %d", role, p.status)
				}
				approver.in(t).done(approver.in(t).approve(postID), "The post is approved and published.")
				if lines := about(modLog(t, approver), postID); len(lines) != 1 || lines[0].Action != "Approved" {
					t.Errorf("log lines for the anonymous post of a %s: %+v, want one approval", role, lines)
				}
				if role.Trusted() {
					named := staff.startTopic(f, "A signed question from a "+string(role), "Who can I ask?", false)
					if _, id := staff.posted(named); len(about(modLog(t, approver), id)) != 0 {
						t.Errorf("a signed post of a %s has a line in the log", role)
					}
				}
			})
		}
	})
}

// TestPagingCursorsAnswerAlikeForTopicsNobodyMaySee: a forum page that
// starts after a topic answers the same for a topic that waits in the
// queue, was declined or hidden, or never existed, so that no one can
// learn from it that a topic is waiting, or when it was sent.
func TestPagingCursorsAnswerAlikeForTopicsNobodyMaySee(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Secure and suitable housing")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		visitor := newBrowser(t, s)
		published, _ := publishedTopic(t, mod, f, "A published topic")
		pending, _ := author.newTopic(f, "A waiting topic", "Still in the queue.", true)
		declined, declinedPost := author.newTopic(f, "A declined topic", "Declined by a moderator.", true)
		mod.done(mod.decline(declinedPost, "off-topic", ""), "The post is declined and its author told why.")
		hidden, hiddenPost := author.newTopic(f, "A hidden topic", "Hidden after approval.", true)
		mod.done(mod.approve(hiddenPost), "The post is approved and published.")
		postPath := fmt.Sprintf("/mod/posts/%d", hiddenPost)
		mod.done(mod.submit(postPath, postPath+"/hide", url.Values{"reason": {"Off-topic."}}), "The post is hidden from readers.")
		missing := published + 1000

		for _, dir := range []string{"after", "before"} {
			page := func(id int64) answer { return visitor.get(fmt.Sprintf("/f/%d?%s=%d", f.ID, dir, id)) }
			if p := page(published); p.status != http.StatusOK {
				t.Errorf("%s a published topic: status %d", dir, p.status)
			}
			want := page(missing)
			if want.status != http.StatusNotFound {
				t.Errorf("%s a topic that never existed: status %d, want 404", dir, want.status)
			}
			cursor := regexp.MustCompile(dir + `=\d+`)
			for name, id := range map[string]int64{"waiting": pending, "declined": declined, "hidden": hidden} {
				got := page(id)
				if got.status != want.status || cursor.ReplaceAllString(got.body, "") != cursor.ReplaceAllString(want.body, "") {
					t.Errorf("%s a %s topic: status %d, unlike a topic that never existed (%d):\n%s\n----\n%s",
						dir, name, got.status, want.status, mainOf(got.body), mainOf(want.body))
				}
			}
		}
	})
}

// TestScopedModeratorsReadTheLogOfTheirGroupsOnly: a moderator of one
// group reads the log lines about topics in that group, and not those
// about other groups (titles of topics never published among them) nor the
// site's own lines (roles, settings); moderators of every group and admins
// read it all.
func TestScopedModeratorsReadTheLogOfTheirGroupsOnly(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		admin := newParticipant(t, s, "Steady Admin", forum.RoleAdmin)
		everywhere := newParticipant(t, s, "Moderator Everywhere", forum.RoleModerator)
		scoped := newParticipant(t, s, "Moderator Of Housing", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		housing, education := forumNamed(t, s.st, "Secure and suitable housing"), forumNamed(t, s.st, "Access to education")
		if err := s.st.SetGrant(ctx, admin.acc, scoped.acc.ID, store.Grant{Role: forum.RoleModerator, ModeratorGroups: []int64{housing.GroupID}}); err != nil {
			t.Fatal(err)
		}
		const inside, outside = "A housing topic the moderator may read about", "An education topic never published"
		_, in := author.newTopic(housing, inside, "Declined, in the moderator's group.", true)
		_, out := author.newTopic(education, outside, "Declined, in another group.", true)
		for _, id := range []int64{in, out} {
			everywhere.done(everywhere.decline(id, "off-topic", ""), "The post is declined and its author told why.")
		}

		scopedLog := scoped.get("/mod/log")
		shows(t, scopedLog, inside)
		lacks(t, "a moderator of another group", scopedLog, outside, "Moderator Of Housing is now moderator")
		for _, p := range []participant{everywhere, admin} {
			shows(t, p.get("/mod/log"), inside, outside, "Moderator Of Housing is now moderator")
		}
	})
}

// TestARevealNeedsTwoModeratorsOfFourteenDays: an admin who makes a new
// account a moderator cannot have it agree to a reveal (the two-person rule
// would be one person); the grant is in the log, and every moderator and
// admin is told of each request and its outcome. After 14 days in the role
// the new moderator may take part.
func TestARevealNeedsTwoModeratorsOfFourteenDays(t *testing.T) {
	eachServedAt(t, stageOpts, func(t *testing.T, s served, clock *testClock) {
		f := forumNamed(t, s.st, "Safety from any trafficker or other abuser")
		admin := newParticipant(t, s, "Steady Admin", forum.RoleAdmin)
		asker := newParticipant(t, s, "Asking Moderator", forum.RoleModerator)
		other := newParticipant(t, s, "Other Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Hidden Ptarmigan", forum.RolePractitioner)
		fresh := newParticipant(t, s, "Throwaway Account", forum.RolePractitioner)
		topicID, opening := author.newTopic(f, "A client was contacted by her trafficker", "What do we do first?", true)
		asker.done(asker.approve(opening), "The post is approved and published.")
		postPath := fmt.Sprintf("/mod/posts/%d", opening)
		reason := url.Values{"reason": {"The post describes a child at immediate risk of harm."}}

		// New in the role, the asker may not ask yet.
		if a := asker.act(postPath+"/reveal", reason); a.status != http.StatusForbidden {
			t.Errorf("a moderator of a day asks for a reveal: status %d, want 403", a.status)
		}
		shows(t, asker.get(postPath), "You can ask once you have been a moderator for 14 days.")
		days := func(n int) {
			clock.Advance(time.Duration(n) * 24 * time.Hour)
			for _, p := range []participant{admin, asker, other, author, fresh} {
				p.signIn(p.acc.Pseudonym, p.pass) // a session ends after an idle hour
			}
		}
		days(20)
		admin.done(admin.submit(fmt.Sprintf("/admin/people/%d", fresh.acc.ID), fmt.Sprintf("/admin/people/%d", fresh.acc.ID),
			url.Values{"role": {"moderator"}}), "The account's role is saved.")
		shows(t, admin.get("/mod/log"), "Throwaway Account is now moderator")

		asker.done(asker.submit(postPath, postPath+"/reveal", reason), "Your request is recorded. A different moderator must agree to it.")
		for _, p := range []participant{admin, other, fresh} {
			shows(t, p.get("/notifications"), "Asking Moderator asked to reveal who wrote an anonymous post in Safety from any trafficker or other abuser.")
		}
		lacks(t, "the author", author.get("/notifications"), "asked to reveal")
		request := regexp.MustCompile(`action="(/mod/reveals/\d+/approve)"`).FindStringSubmatch(other.get("/mod/reveals").body)
		if request == nil {
			t.Fatal("the other moderator is not offered the request")
		}

		before := stateOf(t, s.st)
		if a := fresh.act(request[1], nil); a.status != http.StatusForbidden ||
			problemOf(a.body) != "Only a moderator who has had the role for 14 days can ask for or agree to a reveal." {
			t.Errorf("the admin's new moderator agrees: status %d, message %q", a.status, problemOf(a.body))
		}
		if diff := before.changes(stateOf(t, s.st)); diff != "" {
			t.Errorf("the refused agreement changed the database:\n%s", diff)
		}
		shows(t, fresh.get("/mod/reveals"), "You can agree once you have been a moderator for 14 days.")
		lacks(t, "the new moderator", fresh.get("/mod/reveals"), "Hidden Ptarmigan")

		days(15)
		fresh.done(fresh.submit("/mod/reveals", request[1], nil), "You agreed to the request. The author is shown to the two of you only.")
		shows(t, fresh.get("/mod/reveals"), "The author is <strong>Hidden Ptarmigan</strong>")
		for _, p := range []participant{admin, other, asker} {
			page := p.get("/notifications")
			shows(t, page, "Throwaway Account agreed to the request of Asking Moderator to reveal who wrote an anonymous post")
			if p.acc.ID != asker.acc.ID {
				lacks(t, "a moderator told of the outcome", page, "Hidden Ptarmigan")
			}
		}
		_ = topicID
	})
}
