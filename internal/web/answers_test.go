package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
)

// Expert forums as questions and answers (answers.go): a host marks a
// reply as a question's answer, readers see it first, the forum lists
// questions by whether they are answered, and the archive lists the
// questions with their answers.

// pinnedQuestions is the heading of an expert forum's pinned questions.
const pinnedQuestions = "<h3>Pinned</h3>"

// filterCount is a link of the forum's filter of questions, with its count.
func filterCount(label string, n int) string {
	return fmt.Sprintf(`%s<span class="visually-hidden">: </span><span class="count">%d</span>`, label, n)
}

// qaStage is an expert forum with a published question in it and
// replies to it: one signed, one anonymous, one waiting in the queue.
type qaStage struct {
	expertStage
	asker, anonBy         forum.Account
	question, opening     int64
	named, anon, pending  int64
	namedName, anonAuthor string
}

const answerMarked = "The reply is marked as the answer. Readers see it first, right after the question."

const (
	qaTitle    = "Does a safe house count as settled accommodation?"
	qaQuestion = "The council says our client has a settled home because she lives in a safe house."
	qaNamed    = "Ask for a review: a safe house is supported, temporary accommodation."
	qaAnon     = "Anonymous: in our area the council accepted it was not settled after a review."
	qaPending  = "Thank you both, this is still waiting for a moderator."
)

func newQAStage(t *testing.T, s served, e expertStage) qaStage {
	t.Helper()
	st := s.st
	q := qaStage{expertStage: e, namedName: "Willow Ferry", anonAuthor: "Cobalt Moth"}
	q.asker = account(t, st, "Quiet Heron", forum.RolePractitioner)
	named := account(t, st, q.namedName, forum.RolePractitioner)
	q.anonBy = account(t, st, q.anonAuthor, forum.RolePractitioner)
	c, err := st.CreateTopic(ctx, forum.NewTopic{ForumID: e.forumID, AuthorID: q.asker.ID, Title: qaTitle, Body: qaQuestion})
	azNoErr(t, err)
	azNoErr(t, st.Approve(ctx, e.admin, c.PostID))
	q.question, q.opening = c.TopicID, c.PostID
	reply := func(by forum.Account, body string, anonymous, approve bool) int64 {
		r, err := st.CreateReply(ctx, forum.NewReply{TopicID: q.question, AuthorID: by.ID, Body: body, Anonymous: anonymous})
		azNoErr(t, err)
		if approve {
			azNoErr(t, st.Approve(ctx, e.admin, r.PostID))
		}
		return r.PostID
	}
	q.named = reply(named, qaNamed, false, true)
	q.anon = reply(q.anonBy, qaAnon, true, true)
	q.pending = reply(q.asker, qaPending, false, false)
	return q
}

func (q qaStage) topicPath() string { return fmt.Sprintf("/t/%d", q.question) }

// answerOf is the question's answer as the store gives it to readers: the
// reply's id, or 0.
func answerOf(t *testing.T, st *store.Store, topic int64) int64 {
	t.Helper()
	a, err := st.Answer(ctx, topic)
	azNoErr(t, err)
	if a == nil {
		return 0
	}
	return a.Post.ID
}

// inOrder reports whether the parts come in the page in this order.
func inOrder(body string, parts ...string) bool {
	at := 0
	for _, p := range parts {
		i := strings.Index(body[at:], p)
		if i < 0 {
			return false
		}
		at += i + len(p)
	}
	return true
}

// TestAHostMarksTheAnswerAndReadersSeeItFirst: the host of an expert forum
// marks an anonymous reply as the answer from the question's page; every
// reader then sees the question answered, with the answer right after the
// question and before the rest of the thread, still anonymous, chosen by
// the host by name, with a link to its place in the thread; the forum's
// page lists the question as answered; the moderation log says who chose
// which post and never who wrote it. The host can change the answer and
// take the mark off.
func TestAHostMarksTheAnswerAndReadersSeeItFirst(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		q := newQAStage(t, s, liveExpertStage(t, s))
		visitor := newBrowser(t, s)
		reader := newParticipant(t, s, "Amber Finch", forum.RolePractitioner)
		readers := map[string]*browser{"visitor": visitor, "member": reader.browser, "host": q.host.browser}
		before := visitor.get(q.topicPath()) // kept for visitors: marking must reach it
		shows(t, before, `<span class="badge badge-waiting">Waiting for an answer</span>`)
		if strings.Contains(before.body, `id="answer"`) {
			t.Fatal("the question shows an answer before any is chosen")
		}

		hostPage := q.host.get(q.topicPath())
		for _, p := range []int64{q.named, q.anon} {
			if _, ok := hiddenFields(hostPage.body, fmt.Sprintf("/p/%d/answer", p)); !ok {
				t.Errorf("the host is not offered to mark reply %d as the answer", p)
			}
		}
		if _, ok := hiddenFields(hostPage.body, fmt.Sprintf("/p/%d/answer", q.opening)); ok {
			t.Error("the host is offered to mark the question itself as its answer")
		}
		for who, b := range map[string]*browser{"visitor": visitor, "member": reader.browser} {
			if strings.Contains(b.get(q.topicPath()).body, "/answer\"") {
				t.Errorf("the %s is offered to mark an answer", who)
			}
		}

		marked := q.host.submitOn(hostPage, fmt.Sprintf("/p/%d/answer", q.anon), nil)
		if marked.location() != q.topicPath()+"#answer" {
			t.Errorf("marking sends the host to %q, want the answer on the question's page", marked.location())
		}
		q.host.done(marked, answerMarked)
		for who, b := range readers {
			page := b.get(q.topicPath())
			shows(t, page, `<span class="badge badge-answered">Answered</span>`, `id="answer"`,
				"Answer chosen by the host, Kestrel Host", fmt.Sprintf(`href="#p%d"`, q.anon), `<span class="badge badge-answered">The answer</span>`)
			// The question, then the answer, then the rest of the thread
			// (the signed reply, and the anonymous one again in its place).
			if !inOrder(page.body, qaQuestion, `id="answer"`, qaAnon, qaNamed, fmt.Sprintf(`id="p%d"`, q.anon)) {
				t.Errorf("%s: the answer is not right after the question:\n%s", who, mainOf(page.body))
			}
			answer, _, _ := strings.Cut(page.body[max(0, strings.Index(page.body, `id="answer"`)):], "</li>")
			if !strings.Contains(answer, forum.AnonymousName) || strings.Contains(page.body, q.anonAuthor) {
				t.Errorf("%s: the anonymous answer does not stay anonymous:\n%s", who, answer)
			}
			if strings.Contains(page.body, qaPending) {
				t.Errorf("%s: a reply waiting for a moderator is on the page", who)
			}
		}

		forumPage := visitor.get(q.forumPath())
		shows(t, forumPage, filterCount("All questions", 1), filterCount("Answered", 1),
			filterCount("Waiting for an answer", 0), `<span class="badge badge-answered">Answered</span>`)
		for filter, listed := range map[string]bool{"answered": true, "waiting": false, "": true, "nonsense": true} {
			page := visitor.get(q.forumPath() + "?show=" + filter)
			if got := strings.Contains(page.body, qaTitle); got != listed {
				t.Errorf("?show=%s lists the answered question: %t, want %t", filter, got, listed)
			}
		}

		log := modLogLines(t, s.st, q.admin)
		if !strings.Contains(log, "answer by Kestrel Host: post "+fmt.Sprint(q.anon)) || strings.Contains(log, q.anonAuthor) {
			t.Errorf("the moderation log does not say who marked which post, or names the anonymous author:\n%s", log)
		}

		// Another reply instead; then no answer at all.
		q.host.done(q.host.submit(q.topicPath(), fmt.Sprintf("/p/%d/answer", q.named), nil),
			answerMarked)
		if got := answerOf(t, s.st, q.question); got != q.named {
			t.Errorf("after choosing another reply the answer is %d, want %d", got, q.named)
		}
		if log := modLogLines(t, s.st, q.admin); !strings.Contains(log, fmt.Sprintf("post %d (in place of post %d)", q.named, q.anon)) {
			t.Errorf("the log does not say the answer was replaced:\n%s", log)
		}
		q.host.done(q.host.submit(q.topicPath(), fmt.Sprintf("/p/%d/unanswer", q.named), nil),
			"The reply is no longer marked as the answer. The question waits for an answer again.")
		page := visitor.get(q.topicPath())
		shows(t, page, `<span class="badge badge-waiting">Waiting for an answer</span>`)
		if strings.Contains(page.body, `id="answer"`) || answerOf(t, s.st, q.question) != 0 {
			t.Error("the question still has an answer after the host took the mark off")
		}
		if log := modLogLines(t, s.st, q.admin); !strings.Contains(log, "unanswer by Kestrel Host: post "+fmt.Sprint(q.named)) {
			t.Errorf("the log does not say the mark was taken off:\n%s", log)
		}
	})
}

// modLogLines is the moderation log as an admin reads it, a line each:
// "action by actor: post N (reason)".
func modLogLines(t *testing.T, st *store.Store, admin forum.Account) string {
	t.Helper()
	entries, err := st.ModLog(ctx, admin, 0, 100)
	azNoErr(t, err)
	var b strings.Builder
	for _, e := range entries {
		fmt.Fprintf(&b, "%s by %s: post %d (%s) in %s\n", e.Action, e.Actor, e.PostID, e.Reason, e.Subject)
	}
	return b.String()
}

// TestOnlyTheForumsHostsAndAdminsMarkAnswers: a visitor, the asker, a
// moderator of the group, a moderator of every group and the host of
// another forum are refused, and change nothing; the host and an admin
// mark the answer.
func TestOnlyTheForumsHostsAndAdminsMarkAnswers(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		q := newQAStage(t, s, liveExpertStage(t, s))
		st := s.st
		f, err := st.Forum(ctx, q.forumID)
		azNoErr(t, err)
		other, err := st.CreateForum(ctx, q.admin, forum.ForumEdit{GroupID: f.GroupID, Name: "Ask the police",
			Kind: forum.KindExpert, Anonymity: forum.AnonAllowed})
		azNoErr(t, err)
		signedIn := func(name string, role forum.Role, grant *store.Grant) *browser {
			a, pass := member(t, st, name, role)
			if grant != nil {
				azNoErr(t, st.SetGrant(ctx, q.admin, a.ID, *grant))
			}
			b := newBrowser(t, s)
			b.signIn(name, pass)
			return b
		}
		_, askerPass := member(t, st, "Asking Heron", forum.RolePractitioner)
		asker := newBrowser(t, s)
		asker.signIn("Asking Heron", askerPass)
		cases := []struct {
			who    string
			b      *browser
			status int
		}{
			{"a visitor", newBrowser(t, s), http.StatusUnauthorized},
			{"a practitioner", asker, http.StatusForbidden},
			{"a moderator of the group", signedIn("Group Moderator", forum.RoleModerator,
				&store.Grant{Role: forum.RoleModerator, ModeratorGroups: []int64{f.GroupID}}), http.StatusForbidden},
			{"a moderator of every group", signedIn("Every Moderator", forum.RoleModerator, nil), http.StatusForbidden},
			{"the host of another forum", signedIn("Other Host", forum.RolePractitioner,
				&store.Grant{Role: forum.RoleHost, HostedForums: []int64{other}}), http.StatusForbidden},
			{"the host of the forum", q.host.browser, http.StatusSeeOther},
			{"an admin", signedIn("Second Admin", forum.RoleAdmin, nil), http.StatusSeeOther},
		}
		for _, c := range cases {
			t.Run(c.who, func(t *testing.T) {
				for _, act := range []struct {
					path string
					want int64 // the answer after it, when allowed
				}{{fmt.Sprintf("/p/%d/answer", q.anon), q.anon}, {fmt.Sprintf("/p/%d/unanswer", q.anon), 0}} {
					before := answerOf(t, st, q.question)
					token := anyToken(c.b.get("/").body) // a member's page: the sign-out form
					if token == "" {
						token = anyToken(c.b.get("/login").body) // a visitor's
					}
					a := c.b.post(act.path, url.Values{"_csrf": {token}})
					if a.status != c.status {
						t.Errorf("POST %s: status %d (%q), want %d", act.path, a.status, problemOf(a.body), c.status)
					}
					want := before
					if c.status == http.StatusSeeOther {
						want = act.want
					}
					if got := answerOf(t, st, q.question); got != want {
						t.Errorf("after POST %s the answer is %d, want %d", act.path, got, want)
					}
				}
			})
		}
	})
}

// TestOnlyAPublishedReplyToAnExpertQuestionCanBeItsAnswer: the question
// itself, replies readers cannot see (waiting, declined, hidden), a post
// that does not exist and a reply in an ordinary forum are refused, each
// with nothing changed; a reply answers its own question, never another.
func TestOnlyAPublishedReplyToAnExpertQuestionCanBeItsAnswer(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		q := newQAStage(t, s, liveExpertStage(t, s))
		st := s.st
		admin := newParticipant(t, s, "Second Admin", forum.RoleAdmin)
		reply := func(topic int64, body string) int64 {
			r, err := st.CreateReply(ctx, forum.NewReply{TopicID: topic, AuthorID: q.asker.ID, Body: body})
			azNoErr(t, err)
			return r.PostID
		}
		declined := reply(q.question, "A reply a moderator declines.")
		azNoErr(t, st.Decline(ctx, q.admin, declined, "off-topic"))
		hidden := reply(q.question, "A reply a moderator hides.")
		azNoErr(t, st.Approve(ctx, q.admin, hidden))
		azNoErr(t, st.Hide(ctx, q.admin, hidden, "Unkind"))
		plain, err := st.CreateTopic(ctx, forum.NewTopic{ForumID: forumNamed(t, st, "Access to education").ID, AuthorID: q.admin.ID,
			Title: "ESOL waiting lists", Body: "How long are they near you?"})
		azNoErr(t, err)
		inPlain := reply(plain.TopicID, "Six months here.")
		azNoErr(t, st.Approve(ctx, q.admin, inPlain))
		cases := []struct {
			what string
			post int64
			who  participant
			want int
		}{
			{"the question itself", q.opening, q.host, http.StatusBadRequest},
			{"a reply waiting for a moderator", q.pending, q.host, http.StatusNotFound},
			{"a declined reply", declined, q.host, http.StatusNotFound},
			{"a hidden reply", hidden, q.host, http.StatusNotFound},
			{"a post that does not exist", 999999, q.host, http.StatusNotFound},
			{"a reply in an ordinary forum, by its host", inPlain, q.host, http.StatusForbidden},
			{"a reply in an ordinary forum, by an admin", inPlain, admin, http.StatusBadRequest},
		}
		for _, c := range cases {
			t.Run(c.what, func(t *testing.T) {
				who := c.who.in(t)
				a := who.act(fmt.Sprintf("/p/%d/answer", c.post), nil)
				if a.status != c.want {
					t.Errorf("status %d (%q), want %d", a.status, problemOf(a.body), c.want)
				}
				for _, topic := range []int64{q.question, plain.TopicID} {
					if got := answerOf(t, st, topic); got != 0 {
						t.Errorf("topic %d has the answer %d", topic, got)
					}
				}
			})
		}
		// A second question; each reply answers its own.
		second, err := st.CreateTopic(ctx, forum.NewTopic{ForumID: q.forumID, AuthorID: q.admin.ID, Title: "Who pays for storage?", Body: "Of her belongings."})
		azNoErr(t, err)
		other := reply(second.TopicID, "The council, under section 211.")
		azNoErr(t, st.Approve(ctx, q.admin, other))
		for _, p := range []int64{q.named, other} {
			q.host.done(q.host.act(fmt.Sprintf("/p/%d/answer", p), nil), answerMarked)
		}
		if a, b := answerOf(t, st, q.question), answerOf(t, st, second.TopicID); a != q.named || b != other {
			t.Errorf("the answers are %d and %d, want %d and %d", a, b, q.named, other)
		}
		// Taking the mark off a reply that is not the answer changes nothing.
		if a := q.host.act(fmt.Sprintf("/p/%d/unanswer", q.anon), nil); a.status != http.StatusConflict || answerOf(t, st, q.question) != q.named {
			t.Errorf("unmarking a reply that is not the answer: status %d, answer %d", a.status, answerOf(t, st, q.question))
		}
	})
}

// TestAHiddenOrErasedAnswerIsNeverShown: once the reply chosen as the
// answer is hidden by a moderator, or erased with its author's account,
// no reader (visitor, member, host, admin) sees it as the answer: the
// question waits for an answer again, on its page and in the forum's
// lists. Shown again, a hidden answer is the answer again.
func TestAHiddenOrErasedAnswerIsNeverShown(t *testing.T) {
	cases := []struct {
		name   string
		remove func(t *testing.T, s served, q qaStage)
		undo   func(t *testing.T, s served, q qaStage) // nil: it cannot come back
	}{
		{"hidden by a moderator", func(t *testing.T, s served, q qaStage) {
			azNoErr(t, s.st.Hide(ctx, q.admin, q.anon, "Names a hostel"))
		}, func(t *testing.T, s served, q qaStage) {
			azNoErr(t, s.st.Unhide(ctx, q.admin, q.anon, "The hostel is public"))
		}},
		{"erased with its author's account", func(t *testing.T, s served, q qaStage) {
			azNoErr(t, s.st.EraseAccount(ctx, q.anonBy.ID, true))
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eachServed(t, stageOpts, func(t *testing.T, s served) {
				q := newQAStage(t, s, liveExpertStage(t, s))
				admin := newParticipant(t, s, "Second Admin", forum.RoleAdmin)
				member := newParticipant(t, s, "Amber Finch", forum.RolePractitioner)
				readers := map[string]*browser{"visitor": newBrowser(t, s), "member": member.browser, "host": q.host.browser, "admin": admin.browser}
				q.host.done(q.host.act(fmt.Sprintf("/p/%d/answer", q.anon), nil), answerMarked)
				for _, b := range readers {
					shows(t, b.get(q.topicPath()), qaAnon, `id="answer"`)
				}
				c.remove(t, s, q)
				for who, b := range readers {
					page := b.get(q.topicPath())
					if strings.Contains(page.body, qaAnon) || strings.Contains(page.body, `id="answer"`) ||
						strings.Contains(page.body, "Answer chosen by") || strings.Contains(page.body, "badge-answered") {
						t.Errorf("%s: the removed answer still shows:\n%s", who, mainOf(page.body))
					}
					shows(t, page, `<span class="badge badge-waiting">Waiting for an answer</span>`)
					list := b.get(q.forumPath() + "?show=answered")
					if strings.Contains(list.body, qaTitle) {
						t.Errorf("%s: the question is listed as answered", who)
					}
					shows(t, b.get(q.forumPath()+"?show=waiting"), qaTitle)
				}
				if got := answerOf(t, s.st, q.question); got != 0 {
					t.Errorf("the store gives readers the answer %d", got)
				}
				if c.undo == nil {
					return
				}
				c.undo(t, s, q)
				for _, b := range readers {
					shows(t, b.get(q.topicPath()), qaAnon, `id="answer"`, "Answer chosen by the host, Kestrel Host")
				}
			})
		})
	}
}

// TestTheArchiveListsQuestionsWithTheirAnswers: once the expert forum
// closes, its page lists every published question with its text and its
// answer, to read in one page: an anonymous answer anonymous, behind its
// content note; the host's own answer with its badge; a question without
// an answer (or whose answer was hidden) as not answered; a question still
// in the queue nowhere. The hosts may still choose answers in the archive.
func TestTheArchiveListsQuestionsWithTheirAnswers(t *testing.T) {
	eachServedAt(t, stageOpts, func(t *testing.T, s served, clock *testClock) {
		opened, closes := clock.Now().Add(-24*time.Hour), clock.Now().Add(time.Hour)
		q := newQAStage(t, s, newExpertStage(t, s, &opened, &closes))
		st := s.st
		ask := func(title, body string, approve bool) store.Created {
			c, err := st.CreateTopic(ctx, forum.NewTopic{ForumID: q.forumID, AuthorID: q.asker.ID, Title: title, Body: body, Anonymous: true})
			azNoErr(t, err)
			if approve {
				azNoErr(t, st.Approve(ctx, q.admin, c.PostID))
			}
			return c
		}
		answer := func(topic int64, by forum.Account, body, note string, anonymous bool) int64 {
			r, err := st.CreateReply(ctx, forum.NewReply{TopicID: topic, AuthorID: by.ID, Body: body, ContentNote: note, Anonymous: anonymous})
			azNoErr(t, err)
			if r.Status == forum.StatusPending {
				azNoErr(t, st.Approve(ctx, q.admin, r.PostID))
			}
			_, err = st.MarkAnswer(ctx, q.host.acc, r.PostID)
			azNoErr(t, err)
			return r.PostID
		}
		_, err := st.MarkAnswer(ctx, q.host.acc, q.anon)
		azNoErr(t, err)
		byHost := ask("Can a host answer in person?", "Asked before the forum opened.", true)
		answer(byHost.TopicID, q.host.acc, "Yes: book a slot with the duty solicitor on Tuesdays.", "", false)
		noted := ask("What happens after an eviction notice?", "In a case with violence.", true)
		answer(noted.TopicID, q.asker, "The answer behind a note: call the police first.", "Describes violence", true)
		waiting := ask("Is there a fund for deposits?", "For a first tenancy.", true)
		late, err := st.CreateReply(ctx, forum.NewReply{TopicID: waiting.TopicID, AuthorID: q.host.acc.ID, Body: "Yes: the local welfare fund."})
		azNoErr(t, err)
		hiddenQ := ask("Who pays for interpreters?", "At the housing interview.", true)
		hiddenA := answer(hiddenQ.TopicID, q.asker, "A hidden answer nobody may read.", "", true)
		azNoErr(t, st.Hide(ctx, q.admin, hiddenA, "Names a caseworker"))
		ask("A question still in the queue", "Nobody has read this yet.", false)

		clock.set(closes)
		visitor := newBrowser(t, s)
		page := visitor.get(q.forumPath())
		shows(t, page, "Questions and answers", "Closed: an archive",
			qaTitle, qaQuestion, qaAnon, "Answer chosen by the host, Kestrel Host",
			"Can a host answer in person?", "Yes: book a slot with the duty solicitor on Tuesdays.", `<span class="badge badge-host">Host</span>`,
			"What happens after an eviction notice?", "Content note: Describes violence.", "The answer behind a note: call the police first.",
			"Is there a fund for deposits?", "Who pays for interpreters?", `<span class="badge badge-waiting">Not answered</span>`,
			filterCount("All questions", 5), filterCount("Answered", 3), filterCount("Not answered", 2))
		for _, never := range []string{"A hidden answer nobody may read.", "A question still in the queue", q.anonAuthor, qaPending} {
			if strings.Contains(page.body, never) {
				t.Errorf("the archive shows %q", never)
			}
		}
		// Each question is followed by its own answer.
		if !inOrder(mainOf(page.body), "Can a host answer in person?", "Asked before the forum opened.", "Answer chosen by the host", "Yes: book a slot") {
			t.Errorf("the host's answer does not follow its question:\n%s", mainOf(page.body))
		}
		answered := visitor.get(q.forumPath() + "?show=answered")
		for title, listed := range map[string]bool{qaTitle: true, "Can a host answer in person?": true,
			"What happens after an eviction notice?": true, "Is there a fund for deposits?": false, "Who pays for interpreters?": false} {
			if got := strings.Contains(answered.body, title); got != listed {
				t.Errorf("the answered questions list %q: %t, want %t", title, got, listed)
			}
		}
		// The archive takes no more posts, but its hosts may still choose
		// an answer for a question that has none.
		q.host.done(q.host.act(fmt.Sprintf("/p/%d/answer", late.PostID), nil), answerMarked)
		shows(t, visitor.get(q.forumPath()), "Yes: the local welfare fund.", filterCount("Answered", 4))
	})
}

// TestFilteredQuestionsPageOn: a filter of the forum's questions holds
// across its pages: the next page of the answered questions is of the
// answered questions, and together the pages list each of them once.
func TestFilteredQuestionsPageOn(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		e := liveExpertStage(t, s)
		st := s.st
		const answered, waiting = 32, 3
		for i := range answered + waiting {
			c, err := st.CreateTopic(ctx, forum.NewTopic{ForumID: e.forumID, AuthorID: e.admin.ID,
				Title: fmt.Sprintf("Question %02d, %s", i, map[bool]string{true: "answered", false: "waiting"}[i < answered]), Body: "A question."})
			azNoErr(t, err)
			if i < answered {
				r, err := st.CreateReply(ctx, forum.NewReply{TopicID: c.TopicID, AuthorID: e.admin.ID, Body: "An answer."})
				azNoErr(t, err)
				_, err = st.MarkAnswer(ctx, e.host.acc, r.PostID)
				azNoErr(t, err)
			}
		}
		visitor := newBrowser(t, s)
		seen := map[string]int{}
		path, pages := e.forumPath()+"?show=answered", 0
		for path != "" && pages < 5 {
			page := visitor.get(path)
			pages++
			for _, m := range regexpAll(`>(Question \d\d, \w+)</a>`, page.body) {
				seen[m]++
			}
			path = anonNextPage(page)
			if path != "" && !strings.Contains(path, "show=answered&after=") {
				t.Errorf("the next page %q drops the filter", path)
			}
		}
		if pages != 2 || len(seen) != answered {
			t.Errorf("%d pages listing %d questions, want 2 pages listing the %d answered", pages, len(seen), answered)
		}
		for title, n := range seen {
			if n != 1 || !strings.HasSuffix(title, "answered") {
				t.Errorf("%q listed %d times", title, n)
			}
		}
	})
}

// regexpAll is the first group of each match of expr in s.
func regexpAll(expr, s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(expr).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}
