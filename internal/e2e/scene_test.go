package e2e

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
	"forum/internal/web"
)

// The shared stage of the accessibility and XSS tests: a site whose POST
// limit is off (these tests send far more forms than a person would), a
// forum full of every kind of content, and signing in through the form.

// newBusySite is newSite without the per-client POST limit.
func newBusySite(t *testing.T) site {
	t.Helper()
	st := storetest.Open(t, storetest.URL(t, store.SQLite), store.Options{})
	var logs syncBuffer
	srv, err := web.New(web.Options{Store: st, PublicRead: true, PostsPerSecond: -1,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return site{URL: ts.URL, st: st}
}

// signIn signs p in through the sign-in form and waits for the flash.
func signIn(p *person, s site, pseudonym, passphrase string) {
	p.t.Helper()
	p.run("sign in as "+pseudonym,
		chromedp.Navigate(s.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS("#pseudonym"), pseudonym),
		chromedp.SendKeys(chromedp.CSS("#passphrase"), passphrase+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
}

// forT returns a copy of p that reports to the subtest t.
func (p *person) forT(t *testing.T) *person {
	q := *p
	q.t = t
	t.Cleanup(q.keepEvidence)
	return &q
}

// must returns a store call's value, failing the test on its error:
// must[forum.Account](t)(st.Account(ctx, id)).
func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// fresh reloads an account, with its grants, for store calls that check them.
func (s site) fresh(t *testing.T, a forum.Account) forum.Account {
	t.Helper()
	return must[forum.Account](t)(s.st.Account(context.Background(), a.ID))
}

// scenePass is every scene account's passphrase.
const scenePass = "scene passphrase meadow kettle"

// scene is a forum with something of everything on it, for pages that
// must be checked with their content in place.
type scene struct {
	site
	admin, mod, mod2, host, writer, other, leaver forum.Account

	group        forum.Group
	forumID      int64 // a discussion forum
	expertID     int64 // a live expert forum, hosted by host
	upcomingID   int64 // an expert forum that opens next month
	topic        store.Created
	replies      []int64 // threaded, approved; [1] is anonymous
	noted        int64   // an approved reply behind a content note
	hidden       int64   // an approved reply a moderator hid
	pending      store.Created
	pendingReply int64 // waits in the queue, answering replies[0]
	declined     int64 // the writer's declined reply
	expertTopic  store.Created
	reveal       int64
	// Questions and answers (answers.go): question, in the live expert
	// forum, has an answer the host chose; archiveID is a closed expert
	// forum whose questions have answers, one of them not.
	question  store.Created
	archiveID int64
	// draft is the writer's draft of a reply to a post; stranded, their
	// draft of a reply to a topic no reader sees, which cannot be sent.
	draft, stranded int64
	// setupPath is the first-admin setup page of a second, empty site:
	// the link works only while no admin exists.
	setupPath string
}

// sceneBody is Markdown with the things that strain a narrow screen: a
// long address, code, a table and a list.
const sceneBody = "We asked the council for a **review** of the decision.\n\n" +
	"- a list item\n- another, with `inline code`\n\n" +
	"> A quotation from the guidance.\n\n" +
	"See https://www.example.org/guidance/housing/a-very-long-address-that-goes-on-and-on-without-a-break-at-all\n\n" +
	"```\nsection 184 Housing Act 1996: interim duty while the council decides\n```\n\n" +
	"| Step | Who | When |\n| --- | --- | --- |\n| Referral | Caseworker | Day 1 |\n| Decision | Council | Day 56 |\n"

func newScene(t *testing.T) *scene {
	t.Helper()
	ctx := context.Background()
	s := newBusySite(t)
	sc := &scene{site: s}
	st := s.st
	sc.admin = s.account(t, "Ash Admin", forum.RoleAdmin, scenePass)
	sc.mod = s.account(t, "Harbour Moderator", forum.RoleModerator, scenePass)
	sc.mod2 = s.account(t, "Second Moderator", forum.RoleModerator, scenePass)
	sc.host = s.account(t, "Kestrel Host", forum.RolePractitioner, scenePass)
	sc.writer = s.account(t, "Willow Ferry", forum.RolePractitioner, scenePass)
	sc.other = s.account(t, "Reed Lantern", forum.RolePractitioner, scenePass)
	sc.leaver = s.account(t, "Moss Lantern", forum.RolePractitioner, scenePass)

	groups := must[[]forum.Group](t)(st.Groups(ctx))
	sc.group = groups[1]
	sc.forumID = sc.group.Forums[0].ID
	now := st.Now()
	opened, closes := now.Add(-24*time.Hour), now.Add(7*24*time.Hour)
	sc.expertID = must[int64](t)(st.CreateForum(ctx, sc.admin, forum.ForumEdit{GroupID: sc.group.ID, Name: "Ask the housing experts",
		Description: "A week with two housing solicitors.", Kind: forum.KindExpert, Anonymity: forum.AnonAllowed,
		OpensAt: &opened, ClosesAt: &closes}))
	opens, shuts := now.Add(30*24*time.Hour), now.Add(37*24*time.Hour)
	sc.upcomingID = must[int64](t)(st.CreateForum(ctx, sc.admin, forum.ForumEdit{GroupID: groups[2].ID, Name: "Safety planning with the police",
		Description: "Questions welcome now.", Kind: forum.KindExpert, Anonymity: forum.AnonRequired, OpensAt: &opens, ClosesAt: &shuts}))
	sc.archiveID = must[int64](t)(st.CreateForum(ctx, sc.admin, forum.ForumEdit{GroupID: groups[3].ID, Name: "Long-term support: the archive",
		Description: "Questions answered in January.", Kind: forum.KindExpert, Anonymity: forum.AnonAllowed, OpensAt: &opened, ClosesAt: &closes}))
	if err := st.SetGrant(ctx, sc.admin, sc.host.ID, store.Grant{Role: forum.RoleHost, HostedForums: []int64{sc.expertID, sc.upcomingID, sc.archiveID}}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetGrant(ctx, sc.admin, sc.mod.ID, store.Grant{Role: forum.RoleModerator, SafeguardingLead: true}); err != nil {
		t.Fatal(err)
	}
	s.longServing(t, sc.mod, sc.mod2)
	sc.host, sc.mod = s.fresh(t, sc.host), s.fresh(t, sc.mod)
	if err := st.SaveSettings(ctx, forum.Settings{ExitURL: forum.DefaultExitURL, TimeCoarseness: "date",
		FeaturedGroupID: sc.group.ID, FeaturedText: "This week: what works when the council says there is no duty."}); err != nil {
		t.Fatal(err)
	}

	sc.topic = must[store.Created](t)(st.CreateTopic(ctx, forum.NewTopic{ForumID: sc.forumID, AuthorID: sc.writer.ID,
		Title: "Move-on when the council says no duty", Body: sceneBody}))
	sc.approve(t, sc.topic.PostID)
	parent := sc.topic.PostID
	for i, body := range []string{"Ask for a review within 21 days.", "Anonymous: we used a solicitor.", "Yes, and keep a copy of everything."} {
		r := must[store.Created](t)(st.CreateReply(ctx, forum.NewReply{TopicID: sc.topic.TopicID, ParentID: &parent, AuthorID: sc.other.ID,
			Body: body, Anonymous: i == 1}))
		sc.approve(t, r.PostID)
		sc.replies = append(sc.replies, r.PostID)
		parent = r.PostID
	}
	sc.noted = sc.reply(t, sc.other, sc.topic.PostID, "What happened on the night she left.", "Describes violence", true)
	sc.hidden = sc.reply(t, sc.other, sc.topic.PostID, "An unkind remark.", "", true)
	if err := st.Hide(ctx, sc.mod, sc.hidden, "Unkind"); err != nil {
		t.Fatal(err)
	}
	erased := sc.reply(t, sc.leaver, sc.topic.PostID, "I will erase my account after this.", "", true)
	sc.reply(t, sc.writer, erased, "Thanks for this before you go.", "", true)
	if err := st.EraseAccount(ctx, sc.leaver.ID, true); err != nil {
		t.Fatal(err)
	}
	sc.reply(t, sc.writer, sc.replies[0], "Thank you, that helped.", "", true) // a notification for other

	sc.pending = must[store.Created](t)(st.CreateTopic(ctx, forum.NewTopic{ForumID: sc.forumID, AuthorID: sc.writer.ID,
		Title: "A survivor moving out of Mrs Popescu's house",
		Body:  "Her NHS number is 943 476 5919 and she now stays near SW1A 1AA. Call 07700 900123.", Anonymous: true}))
	sc.pendingReply = sc.reply(t, sc.other, sc.replies[0], "Does the review stop the eviction?", "", false)
	sc.declined = sc.reply(t, sc.writer, sc.topic.PostID, "Off-topic thoughts about parking.", "", false)
	if err := st.Decline(ctx, sc.mod, sc.declined, "Off-topic for this forum. Try the general forum."); err != nil {
		t.Fatal(err)
	}
	if err := st.ReportPost(ctx, sc.writer, sc.replies[1], "safeguarding", "This may identify the survivor's town."); err != nil {
		t.Fatal(err)
	}
	if err := st.ReportPost(ctx, sc.writer, sc.replies[2], "off-topic", ""); err != nil {
		t.Fatal(err)
	}
	sc.reveal = must[int64](t)(st.RequestReveal(ctx, sc.mod, sc.replies[1], "A credible risk to a named child."))

	sc.expertTopic = must[store.Created](t)(st.CreateTopic(ctx, forum.NewTopic{ForumID: sc.expertID, AuthorID: sc.host.ID,
		Title: "Start here: how this week works", Body: "Post your questions as new topics."}))
	if err := st.SetPinned(ctx, sc.host, sc.expertTopic.TopicID, true, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.Announce(ctx, sc.host, sc.expertID, "We are live", "Ask **anything** about housing duties."); err != nil {
		t.Fatal(err)
	}
	q := must[store.Created](t)(st.CreateTopic(ctx, forum.NewTopic{ForumID: sc.expertID, AuthorID: sc.other.ID,
		Title: "Is a safe house a settled home?", Body: "Asking for a colleague.", Anonymous: true}))
	sc.approve(t, q.PostID)
	sc.question = q
	sc.questionsAndAnswers(t)

	sc.draft = must[forum.Draft](t)(st.SaveDraft(ctx, forum.NewDraft{AuthorID: sc.writer.ID, Kind: forum.DraftReply,
		TopicID: sc.topic.TopicID, ParentID: &sc.replies[0], Body: "Half a reply about the review, to finish tonight.",
		Anonymous: true, SubmissionKey: "scene-draft"})).ID
	sc.stranded = must[forum.Draft](t)(st.SaveDraft(ctx, forum.NewDraft{AuthorID: sc.writer.ID, Kind: forum.DraftReply,
		TopicID: sc.pending.TopicID, Body: "A reply to a topic that never opened.", SubmissionKey: "scene-stranded"})).ID

	expires := now.Add(14 * 24 * time.Hour)
	if err := st.CreateInvite(ctx, auth.NewInviteCode(), "March induction", sc.admin.ID, &expires); err != nil {
		t.Fatal(err)
	}
	if err := st.SuspendAuthor(ctx, sc.mod, sc.replies[2], now.Add(7*24*time.Hour), "Repeated off-topic posts."); err != nil {
		t.Fatal(err)
	}
	empty := newBusySite(t)
	token, hash := auth.NewToken()
	if err := empty.st.AddSetupToken(ctx, hash, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	sc.setupPath = empty.URL + "/setup/" + token
	return sc
}

// questionsAndAnswers answers the live expert forum's question, and fills
// and closes the archive: an anonymous answer behind a content note, the
// host's own answer, and a question left unanswered.
func (sc *scene) questionsAndAnswers(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	st := sc.st
	answer := func(topic int64, by forum.Account, body, note string, anonymous bool) {
		r := must[store.Created](t)(st.CreateReply(ctx, forum.NewReply{TopicID: topic, AuthorID: by.ID, Body: body,
			ContentNote: note, Anonymous: anonymous}))
		if r.Status == forum.StatusPending {
			sc.approve(t, r.PostID)
		}
		must[int64](t)(st.MarkAnswer(ctx, sc.host, r.PostID))
	}
	answer(sc.question.TopicID, sc.writer, "Not in law: a safe house is supported, temporary accommodation. "+sceneBody, "", true)
	must[store.Created](t)(st.CreateReply(ctx, forum.NewReply{TopicID: sc.question.TopicID, AuthorID: sc.host.ID,
		Body: "Thank you, that is the answer I would give too."}))
	ask := func(title, body string) int64 {
		c := must[store.Created](t)(st.CreateTopic(ctx, forum.NewTopic{ForumID: sc.archiveID, AuthorID: sc.writer.ID,
			Title: title, Body: body, Anonymous: true}))
		sc.approve(t, c.PostID)
		return c.TopicID
	}
	answer(ask("Who pays for storage of belongings?", "Her things are in a friend's garage."), sc.host,
		"The council may, under section 211 of the Housing Act 1996, when it owes a duty.", "", false)
	answer(ask("What if the trafficker knows the address?", "A client was followed home."), sc.other,
		"Call 999 first, then ask the council for an emergency move.", "Describes stalking", true)
	ask("Is there a fund for deposits?", "For a first tenancy after the safe house.")
	if err := st.CloseForum(ctx, sc.host, sc.archiveID); err != nil {
		t.Fatal(err)
	}
}

// approve approves a waiting post as the moderator.
func (sc *scene) approve(t *testing.T, postID int64) {
	t.Helper()
	if err := sc.st.Approve(context.Background(), sc.mod, postID); err != nil {
		t.Fatal(err)
	}
}

// reply writes a reply to parent, approved or left waiting.
func (sc *scene) reply(t *testing.T, by forum.Account, parent int64, body, note string, approve bool) int64 {
	t.Helper()
	r := must[store.Created](t)(sc.st.CreateReply(context.Background(), forum.NewReply{TopicID: sc.topic.TopicID, ParentID: &parent,
		AuthorID: by.ID, Body: body, ContentNote: note}))
	if approve {
		sc.approve(t, r.PostID)
	}
	return r.PostID
}
