package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"forum/internal/forum"
)

// Hiding a post is no longer one-way and silent: a moderator can show it
// again, the author is told of each with the moderator's reason and reads
// the reason among their posts, and readers see only the stub.

// TestHiddenPostsCanBeShownAgainAndTheirAuthorsAreTold hides and shows
// again a reply and an opening post through the forms, and follows what a
// visitor, another member, the author and the log say at each step.
func TestHiddenPostsCanBeShownAgainAndTheirAuthorsAreTold(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		f := forumNamed(t, s.st, "Long-term, consistent support")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		author := newParticipant(t, s, "Quiet Heron", forum.RolePractitioner)
		reader := newParticipant(t, s, "Bright Wren", forum.RolePractitioner)
		visitor := newBrowser(t, s)
		const title = "Keeping the same caseworker"
		topicID, _ := publishedTopic(t, mod, f, title)
		replyWord := uniqueWord(t, "reply")
		reply := author.reply(topicID, 0, "A sharp reply "+replyWord+".", true)
		mod.done(mod.approve(reply), "The post is approved and published.")
		openingWord := uniqueWord(t, "opening")
		openingTopic, opening := author.newTopic(f, "Caseworkers who leave", "What happens when ours leaves "+openingWord+"?", false)
		mod.done(mod.approve(opening), "The post is approved and published.")

		for _, tc := range []struct {
			name    string
			postID  int64
			topic   int64
			word    string
			stubbed func(t *testing.T, b *browser) // what readers get while it is hidden
		}{
			{"a reply", reply, topicID, replyWord, func(t *testing.T, b *browser) {
				shows(t, b.get(fmt.Sprintf("/t/%d", topicID)), fmt.Sprintf(`id="p%d">`+"\n"+`<div class="post-removed"><span class="post-number"><span class="visually-hidden">Post </span>#2</span> This post was removed by a moderator.</div>`, reply))
			}},
			{"an opening post", opening, openingTopic, openingWord, func(t *testing.T, b *browser) {
				if p := b.get(fmt.Sprintf("/t/%d", openingTopic)); p.status != http.StatusNotFound {
					t.Errorf("the topic of a hidden opening post: status %d, want 404", p.status)
				}
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				mod, author, reader := mod.in(t), author.in(t), reader.in(t)
				topicPath, postPath := fmt.Sprintf("/t/%d", tc.topic), fmt.Sprintf("/mod/posts/%d", tc.postID)
				published := func(when string) {
					t.Helper()
					for who, b := range map[string]*browser{"a visitor": visitor, "another member": reader.browser} {
						shows(t, b.get(topicPath), tc.word)
						if p := b.get("/search?q=" + tc.word); p.status != http.StatusOK {
							t.Errorf("%s, %s searching: status %d", when, who, p.status)
						} else {
							shows(t, p, fmt.Sprintf(`href="/t/%d#p%d"`, tc.topic, tc.postID))
						}
					}
				}
				published("before hiding")
				counts, err := s.st.Forum(ctx, f.ID)
				if err != nil {
					t.Fatal(err)
				}

				hideWhy, showWhy := uniqueWord(t, "hidewhy"), uniqueWord(t, "showwhy")
				mod.done(mod.submit(postPath, postPath+"/hide", url.Values{"reason": {"Unkind " + hideWhy}}), "The post is hidden from readers.")
				for who, b := range map[string]*browser{"a visitor": visitor, "another member": reader.browser, "the author": author.browser} {
					tc.stubbed(t, b)
					for _, path := range []string{topicPath, "/", fmt.Sprintf("/f/%d", f.ID), "/feeds/latest.atom"} {
						lacks(t, who+" while it is hidden", b.get(path), tc.word, hideWhy)
					}
					lacks(t, who+" searching while it is hidden", b.get("/search?q="+tc.word), fmt.Sprintf(`#p%d"`, tc.postID), hideWhy)
				}
				lacks(t, "another member", reader.get("/notifications"), hideWhy)
				shows(t, author.get("/notifications"), `from readers (<a href="/my/posts">see your posts</a>). Their reason: Unkind `+hideWhy)
				shows(t, author.get("/my/posts"), "<strong>Hidden by a moderator:</strong> Unkind "+hideWhy)
				page := mod.get(postPath)
				shows(t, page, "<strong>Hidden by a moderator:</strong> Unkind "+hideWhy, `action="`+postPath+`/unhide"`)

				a := mod.submitOn(page, postPath+"/unhide", url.Values{"reason": {"Fair comment " + showWhy}})
				mod.done(a, "The post is published again. Its author is told why.")
				published("after showing it again")
				if again, err := s.st.Forum(ctx, f.ID); err != nil || again.TopicCount != counts.TopicCount || again.PostCount != counts.PostCount ||
					!sameTime(again.LastActivityAt, counts.LastActivityAt) {
					t.Errorf("the forum after showing the post again: %d topics, %d posts, latest %v (%v); before hiding: %d, %d, %v",
						again.TopicCount, again.PostCount, again.LastActivityAt, err, counts.TopicCount, counts.PostCount, counts.LastActivityAt)
				}
				for who, b := range map[string]*browser{"a visitor": visitor, "another member": reader.browser} {
					for _, path := range []string{topicPath, "/search?q=" + tc.word} {
						lacks(t, who+" after", b.get(path), hideWhy, showWhy)
					}
				}
				shows(t, author.get("/notifications"), "again. Their reason: Fair comment "+showWhy, "Their reason: Unkind "+hideWhy)
				lacks(t, "the author's posts after", author.get("/my/posts"), hideWhy)
				if lines := about(modLog(t, mod), tc.postID); len(lines) < 2 || lines[0].Action != "Showed again" || lines[0].Why != "Fair comment "+showWhy ||
					lines[1].Action != "Hid" || lines[1].Why != "Unkind "+hideWhy {
					t.Errorf("log lines for the post: %+v, want showing it again over hiding it, each with its reason", lines)
				}

				before := stateOf(t, s.st)
				twice := mod.submitOn(page, postPath+"/unhide", url.Values{"reason": {"Sent twice."}})
				if twice.status != http.StatusConflict || problemOf(twice.body) != "This post is not hidden, so it cannot be shown again: another moderator may have shown it already." {
					t.Errorf("showing it again twice: status %d, message %q", twice.status, problemOf(twice.body))
				}
				if diff := before.changes(stateOf(t, s.st)); diff != "" {
					t.Errorf("the second showing changed the database:\n%s", diff)
				}
			})
		}
	})
}

// TestHidingAnErasedAuthorsPostAnswersAsAnyOther: whether the author of a
// post still has an account changes nothing a moderator sees when hiding
// the post or showing it again.
func TestHidingAnErasedAuthorsPostAnswersAsAnyOther(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
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
		for _, step := range []struct{ verb, reason, flash string }{
			{"hide", "Unkind to another member.", "The post is hidden from readers."},
			{"unhide", "Hidden by mistake.", "The post is published again. Its author is told why."},
		} {
			answers := map[string]string{}
			for name, id := range posts {
				postPath := fmt.Sprintf("/mod/posts/%d", id)
				a := mod.submit(postPath, postPath+"/"+step.verb, url.Values{"reason": {step.reason}})
				if a.status != http.StatusSeeOther {
					t.Errorf("%s the post of the one who %s: status %d, message %q", step.verb, name, a.status, messageOf(a))
					continue
				}
				answers[name] = anonSubmissionRE.ReplaceAllString(postRE.ReplaceAllString(mainOf(mod.done(a, step.flash).body), "/mod/posts/N"), `${1}{submission}"`)
			}
			if answers["stays"] != answers["leaves"] {
				t.Errorf("the post's page after %s differs with whether its author erased their account:\n%s\n----\n%s",
					step.verb, answers["stays"], answers["leaves"])
			}
		}
		if n := countRows(t, s.st, "SELECT COUNT(*) FROM notifications WHERE kind IN ('hidden', 'unhidden')"); n != 2 {
			t.Errorf("%d notifications of hiding and showing again, want 2: the author who stays is told of each", n)
		}
	})
}

// sameTime reports whether two optional times are the same moment.
func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
