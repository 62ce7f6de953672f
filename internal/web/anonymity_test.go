package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
)

// The differential anonymity test (issue 13). An anonymous post is tied to
// its account only so that its author can see it and a moderator can act
// on the account; no page, log, export or API may show that tie to anyone
// else. Checking a list of pages for a pseudonym cannot prove that: a leak
// is as often a difference (one account's page says "suspended", one post
// alone has no approval in the log) as a name. So two worlds are built by
// one script, differing only in which of two accounts wrote each anonymous
// post, and then every route of the router is sent, as every kind of
// person, with every object of the script in its path, to both worlds: the
// answers must be the same. Forms are sent too, in lockstep, so that the
// worlds stay in step and what the forms answer is compared as well.

// anonEpoch is when both worlds begin: a Monday morning.
var anonEpoch = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// anonRoles are who sends the requests: everyone but the candidate
// authors and the two moderators of the finished reveal, who are not
// roles of the walk (they may know, or be, the author).
func anonRoles() []azRole {
	var out []azRole
	for r := range azAllRoles {
		out = append(out, r)
	}
	return out
}

// anonCategories says, for each kind of object the authorization matrix's
// table names in a route, which of the script's objects are of that kind
// too: the walk tries the matrix's own object and then every one of the
// script's. "" is the matrix's object alone. A kind that is not here
// fails the test, so that a new kind is placed on purpose.
func anonCategories() map[string]string {
	return map[string]string{
		"group": "group", "freshGroup": "group", "archivedGroup": "group",
		"forum": "forum", "expertForum": "forum", "freshForum": "forum", "archivedForum": "forum",
		"groupFeed": "groupFeed", "forumFeed": "forumFeed",
		"topic": "topic", "freshTopic": "topic", "pinnedTopic": "topic", "lockedTopic": "topic", "movableTopic": "topic",
		"approved": "post", "mine": "post", "pending": "post", "freshApproved": "post", "anonymous": "post", "suspendable": "post", "suspendedFrom": "post", "hiddenPost": "post", "chosenAnswer": "post", "changed": "",
		"person": "person", "freshPerson": "person", "suspendedPerson": "person",
		"draft":        "draft",
		"report":       "report",
		"announcement": "announcement",
		"week":         "week",
		// Agreeing to a request to reveal one of the script's anonymous
		// posts is the break-glass act that tells two people the author:
		// the walk would make its roles into those two, who may then know.
		"reveal": "",
		"invite": "", "setup": "", "static": "",
		// The admin's preset decline reasons say nothing of any author.
		"declineReason": "",
	}
}

// checkObjects fails the test when a category of anonCategories has none
// of the script's objects: its routes would be tried with the matrix's
// object alone, and prove nothing about the script's.
func (p *anonPair) checkObjects() {
	p.t.Helper()
	for kind, cat := range anonCategories() {
		if cat != "" && !slices.ContainsFunc(p.objs, func(o anonObj) bool { return o.cat == cat && o.route == "" }) {
			p.t.Errorf("the script made no object of category %q (for the matrix's kind %q)", cat, kind)
		}
	}
}

// checkStillSignedIn fails the test when a role's browser is no longer
// signed in as that role: its answers would have been a visitor's.
func (p *anonPair) checkStillSignedIn(roles []azRole) {
	p.t.Helper()
	for _, r := range roles {
		for _, w := range p.w {
			if r != azVisitor && !w.signedIn(r) {
				p.t.Errorf("after the walk, the %s's browser is not signed in as %s", r, w.acc[r].Pseudonym)
			}
		}
	}
}

// anonPairSpec is a pair of candidate authors: each anonymous post of the
// pair is by one of them in one world and by the other in the other.
type anonPairSpec struct {
	name string
	who  [2]anonPerson
}

type anonPerson struct {
	name  string
	grant func(w *anonWorld) *store.Grant // nil: a practitioner
}

// anonErasing is the pair whose first member erases their account,
// keeping their posts, in both worlds.
const anonErasing = 4

func anonPairs() []anonPairSpec {
	modOfGroup := func(w *anonWorld) *store.Grant {
		return &store.Grant{Role: forum.RoleModerator, ModeratorGroups: []int64{w.group}}
	}
	hostOfForum := func(w *anonWorld) *store.Grant {
		return &store.Grant{Role: forum.RoleHost, HostedForums: []int64{w.expert}}
	}
	admin := func(*anonWorld) *store.Grant { return &store.Grant{Role: forum.RoleAdmin} }
	return []anonPairSpec{
		{"two practitioners", [2]anonPerson{{"Amber Finch", nil}, {"Cobalt Moth", nil}}},
		{"a moderator of the group and a practitioner", [2]anonPerson{{"Ledger Crane", modOfGroup}, {"Drift Sparrow", nil}}},
		{"a host of the forum and a practitioner", [2]anonPerson{{"Harbour Lynx", hostOfForum}, {"Meadow Vole", nil}}},
		{"an admin and a practitioner", [2]anonPerson{{"Granite Owl", admin}, {"Willow Newt", nil}}},
		{"a practitioner who erases their account and one who stays", [2]anonPerson{{"Fading Tern", nil}, {"Lasting Badger", nil}}},
	}
}

// TestAnonymousAuthorsChangeNoAnswer is the differential test: for every
// route and role, the world where one account wrote an anonymous post
// answers as the world where the other did.
func TestAnonymousAuthorsChangeNoAnswer(t *testing.T) {
	anonEachDialect(t, func(t *testing.T, d store.Dialect) {
		clock := &testClock{now: anonEpoch}
		p := newAnonPair(t, clock, newAnonWorld(t, d, clock, 0, false), newAnonWorld(t, d, clock, 1, false))
		p.script()
		p.checkObjects()
		roles := anonRoles()
		p.signInAll(roles)
		gets, posts := []string{http.MethodGet}, []string{http.MethodPost}
		for _, wk := range []anonWalk{
			{phase: "pages", methods: gets, roles: roles},
			{phase: "forms", methods: posts, roles: roles},
			// After the forms, the pages that sum up: lists, logs, feeds,
			// searches, people, topics (each post's pages were walked).
			{phase: "pages after the forms", methods: gets, roles: roles, skip: []string{"post"}},
		} {
			start, n := time.Now(), p.found.compared
			p.walk(wk)
			t.Logf("%s: %d pairs of answers compared in %v", wk.phase, p.found.compared-n, time.Since(start).Round(time.Millisecond))
		}
		p.checkStillSignedIn(roles)
		p.report()
	})
}

// TestAnonymityWalkSeesANamedAuthor is the positive control: two worlds
// that differ in who wrote one named post, which readers are meant to see,
// must differ on the topic page. Were the normalisations to swallow a
// difference, the test above would pass on anything; this one would not.
func TestAnonymityWalkSeesANamedAuthor(t *testing.T) {
	anonEachDialect(t, func(t *testing.T, d store.Dialect) {
		clock := &testClock{now: anonEpoch}
		p := newAnonPair(t, clock, newAnonWorld(t, d, clock, 0, false), newAnonWorld(t, d, clock, 0, true))
		p.script()
		roles := []azRole{azVisitor}
		p.signInAll(roles)
		p.walk(anonWalk{phase: "pages", methods: []string{http.MethodGet}, roles: roles, only: []string{"GET /t/:id", "GET /healthz"}})
		if len(p.diverged) > 0 {
			t.Errorf("the script came out differently in two worlds that differ in one named post: %v", p.diverged)
		}
		names := anonPairs()[0].who
		inA, inB := p.found.linesOf("GET /t/:id", "A"), p.found.linesOf("GET /t/:id", "B")
		if !strings.Contains(inA, names[0].name) || !strings.Contains(inB, names[1].name) {
			t.Errorf("the walk did not see %s on the topic page in one world and %s in the other; it saw:\nA:\n%s\nB:\n%s",
				names[0].name, names[1].name, inA, inB)
		}
		if healthz := p.found.linesOf("GET /healthz", "A") + p.found.linesOf("GET /healthz", "B"); healthz != "" {
			t.Errorf("the walk found a difference in /healthz, where there is none:\n%s", healthz)
		}
	})
}

// anonEachDialect runs fn on SQLite and on PostgreSQL, which skips when
// FORUM_TEST_POSTGRES_URL is not set (storetest.URL).
func anonEachDialect(t *testing.T, fn func(t *testing.T, d store.Dialect)) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) { fn(t, d) })
	}
}

// script builds the worlds: the candidate authors, their anonymous topics
// and replies in every state (published, waiting, declined, hidden,
// reported, edited by a moderator), threaded; a suspension made from an
// anonymous post; a reveal asked for and not agreed, and one agreed; a
// locked topic, a pinned one, an announcement; replies that notify; and
// an erased account whose posts stay.
func (p *anonPair) script() {
	p.t.Helper()
	pairs := anonPairs()
	p.people(pairs)
	p.places()
	// Moderators take part in a reveal only after two weeks in the role.
	p.clock.Advance(15 * 24 * time.Hour)

	expert := [2]int64{p.w[0].expert, p.w[1].expert}
	discussion := [2]int64{p.w[0].discussion, p.w[1].discussion}
	education := [2]int64{forumNamed(p.t, p.w[0].s.st, "Access to education").ID, forumNamed(p.t, p.w[1].s.st, "Access to education").ID}
	modAll, practitioner := p.byRole(azModAll), p.byRole(azPractitioner)

	main := p.write(anonPost{label: "the topic of the anonymous replies", by: modAll, forum: expert,
		title: "Move-on rooms after the NRM decision", body: "How long do your services keep a room?"})
	// Everyone signed in watches the expert forum and its first topic, so
	// that their notifications tell of each anonymous post approved there
	// (watches.go).
	p.act("every signed-in role watches the expert forum and the topic", func(w *anonWorld) error {
		for r := azPractitioner; r < azAllRoles; r++ {
			if err := w.s.st.WatchForum(ctx, w.acc[r].ID, w.expert); err != nil {
				return err
			}
			if err := w.s.st.WatchTopic(ctx, w.acc[r].ID, main[w.idx()].TopicID); err != nil {
				return err
			}
		}
		return nil
	})
	var anonTopics [][2]store.Created
	for i := range pairs {
		c := p.write(anonPost{label: fmt.Sprintf("anonymous topic of pair %d (%s)", i, pairs[i].name), by: p.cand(i, i%2),
			anonymous: true, forum: expert, title: fmt.Sprintf("Anonymous question %d about supported lodgings", i),
			body: "Has anyone found a way through this?"})
		p.approve(fmt.Sprintf("approving the anonymous topic of pair %d", i), azModIn, c)
		anonTopics = append(anonTopics, c)
	}
	p.write(anonPost{label: "anonymous topic left waiting, pair 0", by: p.cand(0, 1), anonymous: true, forum: discussion,
		title: "Waiting for a moderator to read this", body: "Is anyone else waiting for a decision?"})
	declined := p.write(anonPost{label: "anonymous topic declined, pair 1", by: p.cand(1, 0), anonymous: true, forum: discussion,
		title: "A topic a moderator will decline", body: "This is not about housing at all."})
	p.act("declining the anonymous topic of pair 1", func(w *anonWorld) error {
		return w.s.st.Decline(ctx, w.acc[azModIn], declined[w.idx()].PostID, "off-topic")
	})
	elsewhere := p.write(anonPost{label: "anonymous topic in the other group, pair 3", by: p.cand(3, 1), anonymous: true,
		forum: education, title: "ESOL waiting lists for adult survivors", body: "How long are the lists near you?"})
	p.approve("approving the anonymous topic in the other group", azModOut, elsewhere)

	// The practitioner, who writes nothing anonymous, replies by name; so
	// does a candidate (in the positive control's world, the other one).
	named := p.write(anonPost{label: "the practitioner's named reply", by: practitioner, in: main,
		body: "The council has a move-on team; ask for their duty worker."})
	p.approveNamed("the practitioner's reply", named)
	p.approveNamed("a candidate's named reply", p.write(anonPost{label: "a candidate's named reply", by: p.namedCand(0, 0), in: main,
		body: "Speaking for myself: our service keeps rooms open for two weeks."}))

	// Each pair's anonymous replies, in every state, and threaded: pairs
	// 0, 2 and 4 answer the practitioner, 1 and 3 the next pair.
	first := p.replies(pairs, main)
	threaded := make([][2]store.Created, len(pairs))
	for i := range pairs {
		parent, to := &named, "the practitioner"
		if i%2 == 1 {
			parent, to = &first[i+1], fmt.Sprintf("pair %d", i+1)
		}
		threaded[i] = p.write(anonPost{label: fmt.Sprintf("anonymous threaded reply of pair %d to %s", i, to), by: p.cand(i, (i+1)%2),
			anonymous: true, in: main, parent: parent, body: fmt.Sprintf("Anonymous thread %d: the same happened to us.", i)})
		p.approve(fmt.Sprintf("approving the threaded reply of pair %d", i), azModIn, threaded[i])
	}
	// The practitioner answers two anonymous posts by name, which tells
	// their authors; these are not objects of the walk.
	for _, i := range []int{0, 3} {
		p.approveNamed("the practitioner's answer", p.write(anonPost{label: fmt.Sprintf("the practitioner's answer to pair %d", i),
			by: practitioner, in: main, parent: &first[i], body: "Thank you, that helps.", unwalked: true}))
	}
	p.moderate(first, threaded)
	p.answers(first, anonTopics)

	// A locked topic with an anonymous reply, a pinned anonymous topic
	// and an announcement.
	locked := p.write(anonPost{label: "a topic the host locks", by: modAll, forum: expert, title: "Questions for the housing panel",
		body: "Send your questions for the panel here."})
	p.approve("approving the reply in the locked topic", azModIn, p.write(anonPost{label: "anonymous reply in the locked topic, pair 2",
		by: p.cand(2, 0), anonymous: true, in: locked, body: "Anonymous: will the panel cover asylum support?"}))
	p.act("the host locks the topic", func(w *anonWorld) error {
		return w.s.st.SetLocked(ctx, w.acc[azHost], locked[w.idx()].TopicID, true)
	})
	p.act("the host pins pair 2's anonymous topic", func(w *anonWorld) error {
		return w.s.st.SetPinned(ctx, w.acc[azHost], anonTopics[2][w.idx()].TopicID, true, nil)
	})
	p.act("the host announces", func(w *anonWorld) error {
		return w.s.st.Announce(ctx, w.acc[azHost], w.expert, "The panel meets on Thursday", "Send your questions before Wednesday.")
	})
	p.add("announcement", "the script's announcement", anonStep(p, "the announcement's id", func(w *anonWorld) (int64, error) {
		return w.lastID("announcements", "forum_id = ?", w.expert), nil
	}))

	// Pair 1's anonymous author changes a published reply twice: one change
	// a moderator approves (readers see it marked edited), one that waits
	// in the queue. The practitioner quotes pair 0's anonymous reply.
	changed := p.write(anonPost{label: "pair 1's anonymous reply, changed after publishing", by: p.cand(1, 0), anonymous: true,
		in: main, body: "Anonymous: our panel meets monthly.", unwalked: true})
	p.approve("approving pair 1's reply to be changed", azModIn, changed)
	p.act("pair 1's author changes their published reply", func(w *anonWorld) error {
		return w.s.st.EditMyPost(ctx, w.author(1, 0), changed[w.idx()].PostID, store.PostEdit{Body: "Anonymous: our panel meets every month."})
	})
	p.act("a moderator approves the change", func(w *anonWorld) error {
		return w.s.st.ApproveChange(ctx, w.acc[azModIn], changed[w.idx()].PostID)
	})
	p.act("pair 1's author changes it again; the change waits", func(w *anonWorld) error {
		return w.s.st.EditMyPost(ctx, w.author(1, 0), changed[w.idx()].PostID, store.PostEdit{Body: "Anonymous: our panel meets every month, on a Tuesday."})
	})
	quoted := anonStep(p, "the practitioner quotes pair 0's anonymous reply", func(w *anonWorld) (store.Created, error) {
		return w.s.st.CreateReply(ctx, forum.NewReply{TopicID: main[w.idx()].TopicID, AuthorID: w.acc[azPractitioner].ID,
			Body: store.QuoteHead("Anonymous practitioner", first[0][w.idx()].PostID) + "\n>\n> the same happened to us\n\nAnd to us."})
	})
	p.approve("approving the quoting reply", azModAll, quoted)

	p.drafts(pairs, main, first)

	p.act("the erasing member erases their account, keeping their posts", func(w *anonWorld) error {
		return w.s.st.EraseAccount(ctx, w.cand[anonErasing][0].id, false)
	})
	p.queries(pairs)
}

// drafts has each pair's anonymous author keep drafts, which are theirs
// alone: an anonymous reply to their own published reply, and a topic.
// The erasing member's go with their account, in the world where they
// wrote them.
func (p *anonPair) drafts(pairs []anonPairSpec, main [2]store.Created, first [][2]store.Created) {
	p.t.Helper()
	for i := range pairs {
		reply := anonStep(p, fmt.Sprintf("pair %d's draft of a reply", i), func(w *anonWorld) (int64, error) {
			parent := first[i][w.idx()].PostID
			d, err := w.s.st.SaveDraft(ctx, forum.NewDraft{AuthorID: w.author(i, 0), Kind: forum.DraftReply, TopicID: main[w.idx()].TopicID,
				ParentID: &parent, Body: fmt.Sprintf("Anonymous draft %d, not sent yet.", i), Anonymous: true,
				SubmissionKey: fmt.Sprintf("script-draft-reply-%d", i)})
			return d.ID, err
		})
		p.add("draft", fmt.Sprintf("pair %d's draft of a reply", i), reply)
		topic := anonStep(p, fmt.Sprintf("pair %d's draft of a topic", i), func(w *anonWorld) (int64, error) {
			d, err := w.s.st.SaveDraft(ctx, forum.NewDraft{AuthorID: w.author(i, 1), Kind: forum.DraftTopic, ForumID: w.expert,
				Title: fmt.Sprintf("Draft question %d", i), Body: "Half a question.", Anonymous: true,
				SubmissionKey: fmt.Sprintf("script-draft-topic-%d", i)})
			return d.ID, err
		})
		p.add("draft", fmt.Sprintf("pair %d's draft of a topic", i), topic)
	}
}

// replies writes each pair's anonymous replies in main, one in each state
// (published and reported, waiting, declined, hidden, edited by a
// moderator before publication), and returns each pair's published one.
func (p *anonPair) replies(pairs []anonPairSpec, main [2]store.Created) [][2]store.Created {
	p.t.Helper()
	first := make([][2]store.Created, len(pairs))
	for i := range pairs {
		// Within a pair the authors alternate, so that each member of the
		// pair writes a different number of posts in each world.
		post := func(k int, what, body string) [2]store.Created {
			note := ""
			if i == 2 && k == 0 {
				note = "Distressing detail"
			}
			return p.write(anonPost{label: fmt.Sprintf("anonymous reply %s, pair %d (%s)", what, i, pairs[i].name),
				by: p.cand(i, (i+k)%2), anonymous: true, in: main, body: fmt.Sprintf(body, i), note: note})
		}
		step := func(what string) string { return fmt.Sprintf("%s pair %d's reply", what, i) }
		first[i] = post(0, "published and reported", "Anonymous answer %d: we wait for the decision letter.")
		p.approve(step("approving"), azModIn, first[i])
		p.act(step("reporting"), func(w *anonWorld) error {
			return w.s.st.ReportPost(ctx, w.acc[azPractitioner], first[i][w.idx()].PostID, "off-topic", "Not about housing.")
		})
		p.addReport(fmt.Sprintf("the report on pair %d's published reply", i), first[i])
		post(1, "left waiting", "Anonymous reply %d still in the queue.")
		dec := post(2, "declined", "Anonymous reply %d a moderator declines.")
		p.act(step("declining"), func(w *anonWorld) error {
			return w.s.st.Decline(ctx, w.acc[azModAll], dec[w.idx()].PostID, "Off-topic for this forum")
		})
		hidden := post(3, "hidden", "Anonymous reply %d a moderator hides.")
		p.approve(step("approving, before hiding,"), azModAll, hidden)
		p.act(step("hiding"), func(w *anonWorld) error {
			return w.s.st.Hide(ctx, w.acc[azModIn], hidden[w.idx()].PostID, "Unkind to another member")
		})
		edited := post(4, "edited by a moderator", "Anonymous reply %d with a name in it: Mrs Example.")
		p.act(step("editing then approving"), func(w *anonWorld) error {
			return w.s.st.EditAndApprove(ctx, w.acc[azModAll], edited[w.idx()].PostID, "",
				fmt.Sprintf("Anonymous reply %d with a name in it: [redacted].", i))
		})
	}
	return first
}

// answers has the host choose anonymous replies as the answers to
// questions (answers.go): pair 3's published reply in the main topic, and
// in the erasing pair's anonymous question a reply by the member who
// erases their account in one world and stays in the other.
func (p *anonPair) answers(first [][2]store.Created, anonTopics [][2]store.Created) {
	p.t.Helper()
	mark := func(what string, c [2]store.Created) {
		p.act(what, func(w *anonWorld) error {
			_, err := w.s.st.MarkAnswer(ctx, w.acc[azHost], c[w.idx()].PostID)
			return err
		})
	}
	mark("the host marks pair 3's published reply as the answer", first[3])
	answer := p.write(anonPost{label: "anonymous answer in the erasing pair's question", by: p.cand(anonErasing, 0), anonymous: true,
		in: anonTopics[anonErasing], body: "Anonymous: the council's move-on team answered us within a week."})
	p.approve("approving the erasing pair's answer", azModIn, answer)
	mark("the host marks it as the answer", answer)
}

// moderate does to anonymous posts what moderators do to their authors: a
// safeguarding report, a suspension, a reveal asked for and left, and one
// agreed by two moderators who are no role of the walk.
func (p *anonPair) moderate(first, threaded [][2]store.Created) {
	p.t.Helper()
	p.act("a safeguarding report on pair 1's published reply", func(w *anonWorld) error {
		return w.s.st.ReportPost(ctx, w.acc[azPractitioner], first[1][w.idx()].PostID, "safeguarding", "A child may be at risk.")
	})
	p.addReport("the safeguarding report on pair 1's published reply", first[1])
	p.act("suspending the author of pair 0's published reply", func(w *anonWorld) error {
		return w.s.st.SuspendAuthor(ctx, w.acc[azModIn], first[0][w.idx()].PostID, w.s.st.Now().Add(7*24*time.Hour), "Abusive replies.")
	})
	p.act("the asker asks to reveal pair 1's published reply", func(w *anonWorld) error {
		_, err := w.s.st.RequestReveal(ctx, w.acc[azAsker], first[1][w.idx()].PostID, "The post says a child is at risk tonight.")
		return err
	})
	p.act("a reveal of pair 0's threaded reply, agreed", func(w *anonWorld) error {
		id, err := w.s.st.RequestReveal(ctx, w.revealer(0), threaded[0][w.idx()].PostID, "A safeguarding lead must reach the author today.")
		if err != nil {
			return err
		}
		return w.s.st.ApproveReveal(ctx, w.revealer(1), id)
	})
}

// places makes the script's groups and forums (the matrix's) objects of
// the walk, with their feeds.
func (p *anonPair) places() {
	p.add("group", "the script's group", [2]int64{p.w[0].group, p.w[1].group})
	p.add("group", "the other group", [2]int64{p.w[0].otherGroup, p.w[1].otherGroup})
	p.add("groupFeed", "the script's group", [2]int64{p.w[0].group, p.w[1].group})
	education := [2]int64{forumNamed(p.t, p.w[0].s.st, "Access to education").ID, forumNamed(p.t, p.w[1].s.st, "Access to education").ID}
	for _, f := range []struct {
		label string
		ids   [2]int64
	}{{"the expert forum", [2]int64{p.w[0].expert, p.w[1].expert}},
		{"the discussion forum", [2]int64{p.w[0].discussion, p.w[1].discussion}}, {"the other group's forum", education}} {
		p.add("forum", f.label, f.ids)
		p.add("forumFeed", f.label, f.ids)
	}
	for i := range p.objs {
		if strings.HasSuffix(p.objs[i].cat, "Feed") {
			p.objs[i].val[0] += ".atom"
			p.objs[i].val[1] += ".atom"
		}
	}
}

// queries adds what the walk puts in query strings: searches for words of
// the script's posts, the queue filtered by group and forum, the admin's
// search for people. Replying to a post (/t/ID/reply?to=POST) is added
// with each post (reply).
func (p *anonPair) queries(pairs []anonPairSpec) {
	for t := anonEpoch; !t.After(p.clock.Now()); t = t.AddDate(0, 0, 7) {
		y, wk := t.ISOWeek()
		week := fmt.Sprintf("%04d-W%02d", y, wk)
		p.objs = append(p.objs, anonObj{cat: "week", label: "the digest of " + week, val: [2]string{week, week}})
	}
	both := func(q string) [2]string { return [2]string{q, q} }
	ids := func(q string, id [2]int64) [2]string {
		return [2]string{fmt.Sprintf(q, p.w[0].ref("", id[0])), fmt.Sprintf(q, p.w[1].ref("", id[1]))}
	}
	group, expert := [2]int64{p.w[0].group, p.w[1].group}, [2]int64{p.w[0].expert, p.w[1].expert}
	discussion := [2]int64{p.w[0].discussion, p.w[1].discussion}
	for _, q := range []string{"anonymous", "Anonymous reply", "queue", "lodgings", "declines", "Example", "redacted", "duty worker"} {
		p.variant("GET /search", "a search for "+q, both(url.Values{"q": {q}}.Encode()))
	}
	p.variant("GET /search", "a search in the script's group", ids("q=anonymous&group=%s", group))
	p.variant("GET /search", "a search in the expert forum", ids("q=anonymous&forum=%s", expert))
	p.variant("GET /mod/queue", "the queue of the script's group", ids("group=%s", group))
	p.variant("GET /mod/queue", "the queue of the expert forum", ids("forum=%s", expert))
	p.variant("GET /mod/queue", "the queue of the discussion forum", ids("forum=%s", discussion))
	for _, pr := range pairs {
		for _, who := range pr.who {
			word := strings.Fields(who.name)[1]
			p.variant("GET /admin/people", "the admin's search for "+word, both("q="+word))
		}
	}
}

// variant adds a query string for one route to the walk.
func (p *anonPair) variant(route, label string, query [2]string) {
	p.objs = append(p.objs, anonObj{cat: "query", route: route, label: label, query: query})
}

// people makes the candidate authors, the finished reveal's moderators,
// and gives the staff among them their roles.
func (p *anonPair) people(pairs []anonPairSpec) {
	p.t.Helper()
	for _, w := range p.w {
		w.cand = make([][2]accountRef, len(pairs))
	}
	for i, pr := range pairs {
		for k, who := range pr.who {
			a := anonStep(p, "the account of "+who.name, func(w *anonWorld) (accountRef, error) {
				a, err := w.s.st.CreateAccount(ctx, who.name, forum.RolePractitioner, "not a passphrase hash")
				if err == nil && who.grant != nil {
					err = w.s.st.SetGrant(ctx, w.acc[azAdmin], a.ID, *who.grant(w))
				}
				w.cand[i][k] = accountRef{a.ID, a.Pseudonym}
				return w.cand[i][k], err
			})
			p.add("person", fmt.Sprintf("%s (pair %d, %s)", who.name, i, pr.name), [2]int64{a[0].id, a[1].id})
		}
	}
	for _, name := range []string{"First Revealer", "Second Revealer"} {
		a := anonStep(p, "the account of "+name, func(w *anonWorld) (int64, error) {
			a, err := w.s.st.CreateAccount(ctx, name, forum.RoleModerator, "not a passphrase hash")
			return a.ID, err
		})
		p.add("person", name+" (a moderator of the finished reveal)", a)
	}
	// The roles' own pages, for the admin to read; no form changes them.
	for r := azPractitioner; r < azAllRoles; r++ {
		p.objs = append(p.objs, anonObj{cat: "person", label: "the " + r.String(), getOnly: true,
			val: [2]string{p.w[0].ref("person", p.w[0].acc[r].ID), p.w[1].ref("person", p.w[1].acc[r].ID)}})
	}
}

// idx is the world's place in its pair: 0 is world A.
func (w *anonWorld) idx() int { return w.place }

// author is the account that wrote the pair's post in this world: member
// which in world A, the other member in world B.
func (w *anonWorld) author(pair, which int) int64 {
	return w.cand[pair][which^w.side].id
}

// revealer is one of the two moderators of the finished reveal.
func (w *anonWorld) revealer(k int) forum.Account {
	id := w.lastID("accounts", "pseudonym = ?", []string{"First Revealer", "Second Revealer"}[k])
	a, err := w.s.st.Account(ctx, id)
	azNoErr(w.t, err)
	return a
}

// anonBy is who writes a post of the script.
type anonBy struct {
	id func(w *anonWorld) int64
	// role: a role of the walk. The walk's forms leave the post alone,
	// or suspending its author would suspend a role.
	role bool
}

// cand is the pair's anonymous author: member which in world A, the other
// member in world B.
func (p *anonPair) cand(pair, which int) anonBy {
	return anonBy{id: func(w *anonWorld) int64 { return w.author(pair, which) }}
}

// namedCand is member which of the pair in both worlds, but for the
// positive control's world, where it is the other member.
func (p *anonPair) namedCand(pair, which int) anonBy {
	return anonBy{id: func(w *anonWorld) int64 {
		if w.swapNamed {
			return w.cand[pair][1-which].id
		}
		return w.cand[pair][which].id
	}}
}

// byRole is a role of the walk.
func (p *anonPair) byRole(r azRole) anonBy {
	return anonBy{id: func(w *anonWorld) int64 { return w.acc[r].ID }, role: true}
}

// anonPost is a post of the script: a topic (forum and title set) or a
// reply (in set).
type anonPost struct {
	label     string
	by        anonBy
	anonymous bool
	forum     [2]int64 // a topic's forum
	title     string
	in        [2]store.Created  // a reply's topic
	parent    *[2]store.Created // the post a reply answers
	body      string
	note      string // a content note
	// unwalked keeps the post out of the walk's objects.
	unwalked bool
}

// write writes the post in both worlds and makes it, its topic and the
// page that replies to it objects of the walk.
func (p *anonPair) write(a anonPost) [2]store.Created {
	p.t.Helper()
	c := anonStep(p, a.label, func(w *anonWorld) (store.Created, error) {
		i := w.idx()
		if a.title != "" {
			return w.s.st.CreateTopic(ctx, forum.NewTopic{ForumID: a.forum[i], AuthorID: a.by.id(w), Title: a.title,
				Body: a.body, Anonymous: a.anonymous, ContentNote: a.note})
		}
		nr := forum.NewReply{TopicID: a.in[i].TopicID, AuthorID: a.by.id(w), Body: a.body, Anonymous: a.anonymous, ContentNote: a.note}
		if a.parent != nil {
			id := a.parent[i].PostID
			nr.ParentID = &id
		}
		return w.s.st.CreateReply(ctx, nr)
	})
	if a.title != "" {
		p.add("topic", a.label, [2]int64{c[0].TopicID, c[1].TopicID})
	}
	if a.unwalked || (a.by.role && a.title != "") {
		return c // a role's topic is walked as a topic; its opening post says nothing more
	}
	p.add("post", a.label, [2]int64{c[0].PostID, c[1].PostID})
	p.objs[len(p.objs)-1].getOnly = a.by.role
	p.replyTo(a.label, c)
	return c
}

// replyTo adds the page that replies to the post to the walk.
func (p *anonPair) replyTo(label string, c [2]store.Created) {
	var o anonObj
	for i, w := range p.w {
		o.val[i], o.query[i] = w.ref("topic", c[i].TopicID), "to="+w.ref("post", c[i].PostID)
	}
	o.cat, o.route, o.label = "post", "GET /t/:id/reply", "replying to "+label
	p.objs = append(p.objs, o)
}

// approve has moderator role r approve the post, as a queue would.
func (p *anonPair) approve(what string, r azRole, c [2]store.Created) {
	p.t.Helper()
	p.act(what, func(w *anonWorld) error { return w.s.st.Approve(ctx, w.acc[r], c[w.idx()].PostID) })
}

// approveNamed approves a named post that waits (a staff member's is
// published at once).
func (p *anonPair) approveNamed(what string, c [2]store.Created) {
	p.t.Helper()
	if c[0].Status == forum.StatusPending {
		p.approve("approving "+what, azModAll, c)
	}
}

// addReport makes the newest report on the post an object of the walk.
func (p *anonPair) addReport(label string, c [2]store.Created) {
	p.t.Helper()
	p.add("report", label, anonStep(p, label+" (its id)", func(w *anonWorld) (int64, error) {
		return w.lastID("reports", "post_id = ?", w.s.st.PublicIDs().KeptPost(c[w.idx()].PostID)), nil
	}))
}

// TestAnonymityComparisonTakesOutTokensOnly keeps the comparison honest:
// what the normalisations take out (a browser's token, a form's key, a
// random suggestion, the machine's clock) makes no difference, and
// anything else does, a name, a number, an order, a status or a header.
func TestAnonymityComparisonTakesOutTokensOnly(t *testing.T) {
	page := func(body string, header ...string) answer {
		h := http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Date": {time.Now().Format(http.TimeFormat)}}
		for i := 0; i+1 < len(header); i += 2 {
			h.Add(header[i], header[i+1])
		}
		return answer{method: http.MethodGet, status: http.StatusOK, body: body, header: h}
	}
	form := func(token, key string) string {
		return `<form><input type="hidden" name="_csrf" value="` + token + `"><input type="hidden" name="submission" value="` + key + `"></form>`
	}
	for _, tc := range []struct {
		name   string
		key    string
		a, b   answer
		differ bool
	}{
		{"each browser's token and form key", "GET /t/:id/reply", page(form("tokenA", "keyA")), page(form("tokenB", "keyB")), false},
		{"the token anywhere in the page", "GET /", page(`<p data-x="tokenA">`), page(`<p data-x="tokenB">`), false},
		{"the form-token cookie, set or not", "GET /", page("x", "Set-Cookie", "forum_csrf=tokenA; Path=/"), page("x"), false},
		{"the session cookie's value", "POST /login", page("x", "Set-Cookie", "forum_session=s1; Path=/; Max-Age=43200"),
			page("x", "Set-Cookie", "forum_session=s2; Path=/; Max-Age=43200"), false},
		{"the suggested pseudonym", "GET /register", page(`<input id="pseudonym" name="pseudonym" type="text" value="Quiet Heron">`),
			page(`<input id="pseudonym" name="pseudonym" type="text" value="Bright Wren">`), false},
		{"a suggested pseudonym elsewhere", "GET /t/:id/reply", page(`<input id="pseudonym" name="pseudonym" type="text" value="Quiet Heron">`),
			page(`<input id="pseudonym" name="pseudonym" type="text" value="Bright Wren">`), true},
		{"an author's name", "GET /t/:id", page("<p>Amber Finch</p>\n" + form("tokenA", "k")), page("<p>Cobalt Moth</p>\n" + form("tokenB", "k")), true},
		{"a count", "GET /", page("<span>4</span>"), page("<span>5</span>"), true},
		{"an order", "GET /", page("<li>one</li>\n<li>two</li>"), page("<li>two</li>\n<li>one</li>"), true},
		{"a line of bare markup", "GET /", page("<li>one</li>\n</li>"), page("<li>one</li>"), true},
		{"a status", "GET /", page("x"), answer{method: http.MethodGet, status: http.StatusNotFound, body: "x", header: page("x").header}, true},
		{"a redirect", "POST /mod/posts/:id/approve", page("", "Location", "/mod/queue"), page("", "Location", "/mod/posts/5"), true},
		{"a flash", "POST /mod/posts/:id/approve", page("", "Set-Cookie", "forum_flash=approved; Path=/"), page(""), true},
	} {
		tokens := [2]string{"tokenA", "tokenB"}
		got := anonDiff(anonNormalise(tc.key, tc.a, tokens[0]), anonNormalise(tc.key, tc.b, tokens[1]))
		if (got != nil) != tc.differ {
			t.Errorf("%s: differences %v, want differing %v", tc.name, got, tc.differ)
		}
	}
}
