package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
)

// expertStage is an expert forum with a host signed in, on a server of its own.
type expertStage struct {
	s       served
	admin   forum.Account
	host    participant
	forumID int64
}

// newExpertStage makes an expert forum that opens at opens and closes at
// closes (either may be nil), hosted by a practitioner made host.
func newExpertStage(t *testing.T, s served, opens, closes *time.Time) expertStage {
	t.Helper()
	admin := account(t, s.st, "Stage Admin", forum.RoleAdmin)
	groups, err := s.st.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.st.CreateForum(ctx, admin, forum.ForumEdit{GroupID: groups[1].ID, Name: "Ask the housing experts",
		Kind: forum.KindExpert, Anonymity: forum.AnonAllowed, OpensAt: opens, ClosesAt: closes})
	if err != nil {
		t.Fatal(err)
	}
	hostAcc, pass := member(t, s.st, "Kestrel Host", forum.RolePractitioner)
	if err := s.st.SetGrant(ctx, admin, hostAcc.ID, store.Grant{Role: forum.RoleHost, HostedForums: []int64{id}}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s)
	b.signIn(hostAcc.Pseudonym, pass)
	return expertStage{s: s, admin: admin, host: participant{browser: b, s: s, acc: hostAcc, pass: pass}, forumID: id}
}

// liveExpertStage is newExpertStage for a forum that opened yesterday and
// closes in a week, by the store's clock.
func liveExpertStage(t *testing.T, s served) expertStage {
	t.Helper()
	opened, closes := s.st.Now().Add(-24*time.Hour), s.st.Now().Add(7*24*time.Hour)
	return newExpertStage(t, s, &opened, &closes)
}

func (e expertStage) forumPath() string    { return fmt.Sprintf("/f/%d", e.forumID) }
func (e expertStage) announcePath() string { return fmt.Sprintf("/f/%d/announce", e.forumID) }

// TestAnnouncementBodiesShowOnTheForumPage: what a host announces is on
// the forum's page, rendered from its Markdown, for a visitor and a member.
func TestAnnouncementBodiesShowOnTheForumPage(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		e := liveExpertStage(t, s)
		p := e.host.submit(e.announcePath(), e.announcePath(), url.Values{"title": {"Tomorrow starts at 2pm"},
			"body": {"The solicitors are in court, so **Tuesday** answers start at 2pm.\n\nQuestions sent before then are kept."}, "action": {"send"}})
		if p.status != http.StatusSeeOther || p.location() != e.forumPath() {
			t.Fatalf("publishing: %s to %q, summary %v", p, p.location(), errorSummary(p.body))
		}
		reader := newParticipant(t, s, "Willow Ferry", forum.RolePractitioner)
		for who, b := range map[string]*browser{"visitor": newBrowser(t, s), "member": reader.browser, "host": e.host.browser} {
			page := b.get(e.forumPath())
			for _, want := range []string{"Tomorrow starts at 2pm", "<strong>Tuesday</strong> answers start at 2pm.",
				"<p>Questions sent before then are kept.</p>", "Kestrel Host"} {
				if !strings.Contains(page.body, want) {
					t.Errorf("%s: the forum page lacks %q:\n%s", who, want, mainOf(page.body))
				}
			}
		}
	})
}

// TestAnnouncementsAreCheckedForPersonalData: an announcement with what
// looks like personal data is held, its findings shown and highlighted and
// nothing changed, until the host ticks that it is safe; then it is
// published as written.
func TestAnnouncementsAreCheckedForPersonalData(t *testing.T) {
	cases := []struct {
		name, title, body, finding string
	}{
		{"an NHS number in the body", "A question we were sent", "Her NHS number is 943 476 5919, we were told.", "943 476 5919"},
		{"a postcode in the title", "Drop-in near SW1A 1AA on Friday", "Come and ask in person.", "SW1A 1AA"},
		{"a postcode in the body", "Drop-in on Friday", "At the centre, M1 1AE, from ten.", "M1 1AE"},
	}
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		e := liveExpertStage(t, s)
		visitor := newBrowser(t, s)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				host := e.host.in(t)
				form := url.Values{"title": {c.title}, "body": {c.body}, "action": {"send"}}
				p := host.submit(e.announcePath(), e.announcePath(), form)
				if p.status != http.StatusUnprocessableEntity {
					t.Fatalf("sent unconfirmed: %s, want it held (422)", p)
				}
				if sum := errorSummary(p.body); len(sum) != 1 || sum[0].Field != "confirm_pii" || !hasID(p.body, "confirm_pii") {
					t.Errorf("error summary %v, want one item linking to the confirmation tick", sum)
				}
				if !strings.Contains(p.body, `<mark class="pii"`) || !strings.Contains(p.body, c.finding) {
					t.Errorf("the finding %q is not shown highlighted:\n%s", c.finding, mainOf(p.body))
				}
				if v, _ := inputValue(p.body, "title"); v != c.title || !strings.Contains(p.body, ">"+c.body+"</textarea>") {
					t.Errorf("the form does not keep what the host wrote: title %q", v)
				}
				if got := visitor.get(e.forumPath()); strings.Contains(got.body, c.title) {
					t.Fatal("an unconfirmed announcement is on the forum page")
				}
				form.Set("confirm_pii", "yes")
				if p := host.submitOn(p, e.announcePath(), form); p.status != http.StatusSeeOther {
					t.Fatalf("sent confirmed: %s, summary %v", p, errorSummary(p.body))
				}
				got := visitor.get(e.forumPath())
				if !strings.Contains(got.body, c.title) || !strings.Contains(got.body, c.finding) {
					t.Errorf("the confirmed announcement is not on the forum page as written:\n%s", mainOf(got.body))
				}
			})
		}
		as, err := s.st.Announcements(ctx, e.forumID)
		if err != nil || len(as) != len(cases) {
			t.Errorf("%d announcements (%v), want %d", len(as), err, len(cases))
		}
	})
}

// set moves the clock to t.
func (c *testClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// TestPinUntilIsTheDayChosen: a host who pins a topic "until" a day sees
// that day in the list of pins, and the pin holds to the end of that day
// in London, in Greenwich and in British summer time alike.
func TestPinUntilIsTheDayChosen(t *testing.T) {
	cases := []struct {
		day   string // as the date field sends it
		shown string // in the pin list
		ends  string // when the pin ends, UTC
	}{
		{"2026-12-06", "6 December 2026", "2026-12-07T00:00:00Z"},
		{"2026-07-15", "15 July 2026", "2026-07-15T23:00:00Z"},    // BST
		{"2026-03-28", "28 March 2026", "2026-03-29T00:00:00Z"},   // the clocks go forward at the end of the next night
		{"2026-03-29", "29 March 2026", "2026-03-29T23:00:00Z"},   // a day of 23 hours
		{"2026-10-24", "24 October 2026", "2026-10-24T23:00:00Z"}, // the last night of BST
		{"2026-10-25", "25 October 2026", "2026-10-26T00:00:00Z"}, // a day of 25 hours
		{"2027-01-01", "1 January 2027", "2027-01-02T00:00:00Z"},
	}
	eachServedAt(t, stageOpts, func(t *testing.T, s served, clock *testClock) {
		start := clock.Now()
		opened, closes := start.Add(-24*time.Hour), start.Add(500*24*time.Hour)
		e := newExpertStage(t, s, &opened, &closes)
		for _, c := range cases {
			t.Run(c.day, func(t *testing.T) {
				clock.set(start)
				host := e.host.in(t)
				created, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: e.forumID, AuthorID: host.acc.ID,
					Title: "Pinned until " + c.day, Body: "Read this first."})
				if err != nil {
					t.Fatal(err)
				}
				topic := fmt.Sprintf("/t/%d", created.TopicID)
				if p := host.submit(topic, topic+"/pin", url.Values{"until": {c.day}}); p.status != http.StatusSeeOther {
					t.Fatalf("pinning: %s %s", p, mainOf(p.body))
				}
				page := host.get(e.forumPath())
				if want := "Pinned until " + c.day + " (until " + c.shown + ")"; !strings.Contains(page.body, want) {
					t.Errorf("the pin list does not say %q:\n%s", want, mainOf(page.body))
				}
				ends, _ := time.Parse(time.RFC3339, c.ends)
				pinned := func() (bool, *time.Time) {
					tp, err := s.st.ForumTopics(ctx, e.forumID, "", "")
					if err != nil {
						t.Fatal(err)
					}
					for _, p := range tp.Pinned {
						if p.ID == created.TopicID {
							return true, p.PinnedUntil
						}
					}
					return false, nil
				}
				if ok, until := pinned(); !ok || until == nil || !until.Equal(ends) {
					t.Errorf("pinned %t until %v, want until %s", ok, until, ends)
				}
				clock.set(ends.Add(-time.Microsecond))
				if ok, _ := pinned(); !ok {
					t.Errorf("at %s, the last moment of %s in London, the topic is no longer pinned", clock.Now(), c.day)
				}
				clock.set(ends)
				if ok, _ := pinned(); ok {
					t.Errorf("at %s, the next day in London, the topic is still pinned", clock.Now())
				}
				if err := s.st.SetPinned(ctx, host.acc, created.TopicID, false, nil); err != nil {
					t.Fatal(err)
				}
			})
		}
	})
}

// TestScheduledChangesReachCachedPagesAtOnce: the pages kept for visitors
// and for members change the moment an expert forum opens or closes on
// schedule, by the store's clock, with no write to tell the caches.
func TestScheduledChangesReachCachedPagesAtOnce(t *testing.T) {
	eachServedAt(t, stageOpts, func(t *testing.T, s served, clock *testClock) {
		opens, closes := clock.Now().Add(time.Hour), clock.Now().Add(25*time.Hour)
		e := newExpertStage(t, s, &opens, &closes)
		reader := newParticipant(t, s, "Willow Ferry", forum.RolePractitioner)
		readers := map[string]*browser{"visitor": newBrowser(t, s), "member": reader.browser}
		pages := []struct{ path, upcoming, live string }{
			{e.forumPath(), `<span class="tag tag-upcoming">Coming up</span>`, `<span class="tag tag-live">Live now</span>`},
			{"/", `<span class="tag tag-upcoming">Coming up</span>`, `<span class="tag tag-live">Live now</span>`},
		}
		for who, b := range readers {
			for _, p := range pages {
				if got := b.get(p.path); !strings.Contains(got.body, p.upcoming) {
					t.Fatalf("%s: %s before it opens lacks %q", who, p.path, p.upcoming)
				}
			}
		}
		// A change made behind the store's back shows only on a page made
		// afresh: it tells a kept page from a new one.
		if _, err := rawDB(t, s.st).Exec("UPDATE forums SET description = 'Made afresh' WHERE kind = 'expert'"); err != nil {
			t.Fatal(err)
		}
		for who, b := range readers {
			if got := b.get(e.forumPath()); strings.Contains(got.body, "Made afresh") {
				t.Fatalf("%s: the forum page was not kept, so this test shows nothing", who)
			}
		}
		clock.set(opens)
		for who, b := range readers {
			for _, p := range pages {
				if got := b.get(p.path); !strings.Contains(got.body, p.live) {
					t.Errorf("%s: %s at the opening time still lacks %q:\n%s", who, p.path, p.live, mainOf(got.body))
				}
			}
		}
		// A pin that ends is one of those changes too.
		pinned, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: e.forumID, AuthorID: e.host.acc.ID, Title: "Read this today", Body: "x."})
		if err != nil {
			t.Fatal(err)
		}
		pinEnds := opens.Add(14 * time.Hour)
		if err := s.st.SetPinned(ctx, e.host.acc, pinned.TopicID, true, &pinEnds); err != nil {
			t.Fatal(err)
		}
		for who, b := range readers {
			if got := b.get(e.forumPath()); !strings.Contains(got.body, pinnedQuestions) {
				t.Errorf("%s: the pinned topic is not shown as pinned", who)
			}
		}
		clock.set(pinEnds)
		for who, b := range readers {
			if got := b.get(e.forumPath()); strings.Contains(got.body, pinnedQuestions) {
				t.Errorf("%s: the pin still shows when it has ended", who)
			}
		}
		clock.set(closes.Add(-time.Microsecond))
		for who, b := range readers {
			if got := b.get(e.forumPath()); !strings.Contains(got.body, pages[0].live) {
				t.Errorf("%s: the forum is not live just before it closes", who)
			}
		}
		clock.set(closes)
		for who, b := range readers {
			if got := b.get(e.forumPath()); !strings.Contains(got.body, `<span class="tag tag-closed">`) {
				t.Errorf("%s: the forum page at the closing time does not say it closed:\n%s", who, mainOf(got.body))
			}
		}
	})
}

// TestOpeningByHandSaysWhatHappensToTheSchedule: a host opening a closed
// expert forum again, or one still to come, first reads what will happen
// to its schedule, then chooses when it closes; the opening time of a
// forum that has opened before stays, and the closing time is the host's
// choice, never silently cleared.
func TestOpeningByHandSaysWhatHappensToTheSchedule(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	local := func(t time.Time) string { return t.In(london).Format("2006-01-02T15:04") }
	type want struct{ opens, closes *time.Time }
	eachServedAt(t, stageOpts, func(t *testing.T, s served, clock *testClock) {
		now := clock.Now()
		at := func(d time.Duration) *time.Time { v := now.Add(d); return &v }
		cases := []struct {
			name          string
			opens, closes *time.Time
			says          []string // on the page before the host confirms
			field         string   // the closing field as the page fills it
			send          string   // the closing time the host sends
			status        int
			after         want
		}{
			{name: "closed: open again until Friday", opens: at(-72 * time.Hour), closes: at(-24 * time.Hour),
				says:  []string{"Open the forum again", "It opened on Friday 27 February 2026, 9am, and that stays as it was.", "It closed on Sunday 1 March 2026, 9am. Choose below when it closes again."},
				field: "", send: local(*at(72 * time.Hour)), status: http.StatusSeeOther,
				after: want{at(-72 * time.Hour), at(72 * time.Hour)}},
			{name: "closed: open again with no closing time", opens: at(-72 * time.Hour), closes: at(-24 * time.Hour),
				says:  []string{"Leave it empty to keep the forum open until a host closes it."},
				field: "", send: "", status: http.StatusSeeOther, after: want{at(-72 * time.Hour), nil}},
			{name: "coming: open now, closing as planned", opens: at(24 * time.Hour), closes: at(96 * time.Hour),
				says:  []string{"Open the forum now", "It was to open on Tuesday 3 March 2026, 9am. It opens now instead", "It is to close on Friday 6 March 2026, 9am: keep that time below, or change it."},
				field: "2026-03-06T09:00", send: "2026-03-06T09:00", status: http.StatusSeeOther, after: want{&now, at(96 * time.Hour)}},
			{name: "closed: a closing time already past", opens: at(-72 * time.Hour), closes: at(-24 * time.Hour),
				field: "", send: local(*at(-time.Hour)), status: http.StatusUnprocessableEntity,
				after: want{at(-72 * time.Hour), at(-24 * time.Hour)}},
		}
		admin := account(t, s.st, "Open Admin", forum.RoleAdmin)
		host, pass := member(t, s.st, "Opening Host", forum.RolePractitioner)
		groups, _ := s.st.Groups(ctx)
		var ids []int64
		for i, c := range cases {
			id, err := s.st.CreateForum(ctx, admin, forum.ForumEdit{GroupID: groups[1].ID, Name: fmt.Sprintf("Expert forum %d", i),
				Kind: forum.KindExpert, Anonymity: forum.AnonAllowed, OpensAt: c.opens, ClosesAt: c.closes})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if err := s.st.SetGrant(ctx, admin, host.ID, store.Grant{Role: forum.RoleHost, HostedForums: ids}); err != nil {
			t.Fatal(err)
		}
		b := newBrowser(t, s)
		b.signIn(host.Pseudonym, pass)
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				b := *b
				b.t = t
				path := fmt.Sprintf("/f/%d", ids[i])
				if fp := b.get(path); !strings.Contains(fp.body, `href="`+path+`/open"`) {
					t.Errorf("the forum page offers the host no way to open it:\n%s", mainOf(fp.body))
				}
				page := b.get(path + "/open")
				if page.status != http.StatusOK {
					t.Fatalf("GET %s/open: %d", path, page.status)
				}
				for _, w := range c.says {
					if !strings.Contains(page.body, w) {
						t.Errorf("the page does not say %q:\n%s", w, mainOf(page.body))
					}
				}
				if v, _ := inputValue(page.body, "closes_at"); v != c.field {
					t.Errorf("the closing field shows %q, want %q", v, c.field)
				}
				p := b.submitOn(page, path+"/open", url.Values{"closes_at": {c.send}})
				if p.status != c.status {
					t.Fatalf("opening: %s, want %d; summary %v", p, c.status, errorSummary(p.body))
				}
				if c.status == http.StatusUnprocessableEntity {
					if sum := errorSummary(p.body); len(sum) != 1 || sum[0].Field != "closes_at" {
						t.Errorf("error summary %v, want one on the closing time", sum)
					}
				}
				f, err := s.st.Forum(ctx, ids[i])
				if err != nil {
					t.Fatal(err)
				}
				if !sameInstant(f.OpensAt, c.after.opens) || !sameInstant(f.ClosesAt, c.after.closes) {
					t.Errorf("schedule after: opens %v, closes %v; want %v and %v", f.OpensAt, f.ClosesAt, c.after.opens, c.after.closes)
				}
			})
		}
	})
}

func sameInstant(a, b *time.Time) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
}
