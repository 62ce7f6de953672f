package store_test

import (
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

func TestExpertForumStateFollowsTheClock(t *testing.T) {
	opens := time.Date(2026, 3, 3, 14, 0, 0, 0, time.UTC)
	closes := opens.Add(48 * time.Hour)
	f := forum.Forum{Kind: forum.KindExpert, OpensAt: &opens, ClosesAt: &closes}
	cases := []struct {
		at   time.Time
		want forum.ForumState
	}{
		{opens.Add(-time.Hour), forum.StateUpcoming},
		{opens.Add(-time.Nanosecond), forum.StateUpcoming},
		{opens, forum.StateLive},
		{closes.Add(-time.Second), forum.StateLive},
		{closes, forum.StateClosed},
		{closes.Add(365 * 24 * time.Hour), forum.StateClosed},
	}
	for _, c := range cases {
		if got := f.State(c.at); got != c.want {
			t.Errorf("State(%s) = %s, want %s", c.at, got, c.want)
		}
	}
	if got := (forum.Forum{Kind: forum.KindExpert}).State(opens); got != forum.StateUpcoming {
		t.Errorf("an expert forum with no dates is %s, want upcoming", got)
	}
	if got := (forum.Forum{Kind: forum.KindDiscussion}).State(opens); got != forum.StateOpen {
		t.Errorf("a discussion forum is %s, want open", got)
	}
}

func TestExpertForumWindowAndHosts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		s := storetest.Open(t, dbURL, store.Options{Now: func() time.Time { return clock }})
		admin := mustAccount(t, s, "Expert Admin", forum.RoleAdmin)
		member := mustAccount(t, s, "Asking Member", forum.RolePractitioner)
		mustAccount(t, s, "Housing Host", forum.RolePractitioner)
		mustAccount(t, s, "Other Host", forum.RolePractitioner)
		groups, err := s.Groups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		opens, closes := clock.Add(48*time.Hour), clock.Add(96*time.Hour)
		edit := forum.ForumEdit{GroupID: groups[1].ID, Name: "Housing experts", Kind: forum.KindExpert, Anonymity: forum.AnonAllowed,
			OpensAt: &opens, ClosesAt: &closes, Hosts: []string{"housing host"}}
		fid, err := s.CreateForum(ctx, admin, edit)
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.CreateForum(ctx, admin, forum.ForumEdit{GroupID: groups[1].ID, Name: "Other experts", Kind: forum.KindExpert,
			Anonymity: forum.AnonAllowed, Hosts: []string{"Other Host"}})
		if err != nil {
			t.Fatal(err)
		}
		bad := edit
		bad.Hosts = []string{"Nobody Here"}
		if _, err := s.CreateForum(ctx, admin, bad); forum.FieldErrorsOf(err).For("hosts") == "" {
			t.Errorf("a host who is not an account: %v", err)
		}
		backwards := edit
		backwards.OpensAt, backwards.ClosesAt = &closes, &opens
		if _, err := s.CreateForum(ctx, admin, backwards); forum.FieldErrorsOf(err).For("closes_at") == "" {
			t.Errorf("a close before the open: %v", err)
		}
		host, _, err := s.Credentials(ctx, "Housing Host")
		if err != nil || host.Role != forum.RoleHost {
			t.Fatalf("the host's role is %s (%v), want host", host.Role, err)
		}
		host, _ = s.Account(ctx, host.ID)

		// Before it opens: a practitioner's question waits in the queue.
		q, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: fid, AuthorID: member.ID, Title: "A question for the hosts", Body: "Before it opens."})
		if err != nil || q.Status != forum.StatusPending {
			t.Fatalf("a question before opening: %+v, %v", q, err)
		}
		if err := s.Approve(ctx, admin, q.PostID); err != nil {
			t.Fatal(err)
		}
		// While live: the host answers at once and pins; a host of another
		// forum cannot pin here.
		clock = opens.Add(time.Hour)
		a, err := s.CreateReply(ctx, forum.NewReply{TopicID: q.TopicID, AuthorID: host.ID, Body: "The host's answer."})
		if err != nil || a.Status != forum.StatusApproved {
			t.Fatalf("the host's answer: %+v, %v", a, err)
		}
		page, _ := s.Thread(ctx, q.TopicID, "", "")
		if !page.Posts[len(page.Posts)-1].Host {
			t.Error("the host's answer carries no Host badge")
		}
		otherHost, _, _ := s.Credentials(ctx, "Other Host")
		otherHost, _ = s.Account(ctx, otherHost.ID)
		if err := s.SetPinned(ctx, otherHost, q.TopicID, true, nil); forum.ErrorCode(err) != forum.EFORBIDDEN {
			t.Errorf("a host of another forum pins here: %v", err)
		}
		if err := s.SetPinned(ctx, host, q.TopicID, true, nil); err != nil {
			t.Fatal(err)
		}
		if err := s.OpenForum(ctx, host, other, nil); forum.ErrorCode(err) != forum.EFORBIDDEN {
			t.Errorf("a host opens a forum they do not host: %v", err)
		}
		// After it closes: locked as an archive, still readable.
		clock = closes.Add(time.Minute)
		if _, err := s.CreateReply(ctx, forum.NewReply{TopicID: q.TopicID, AuthorID: member.ID, Body: "Too late."}); forum.ErrorCode(err) != forum.ECONFLICT {
			t.Errorf("a reply to a closed expert forum: %v", err)
		}
		if _, err := s.Topic(ctx, q.TopicID); err != nil {
			t.Errorf("the closed forum's topic is not readable: %v", err)
		}
		// Opening again by hand.
		if err := s.OpenForum(ctx, host, fid, nil); err != nil {
			t.Fatal(err)
		}
		f, _ := s.Forum(ctx, fid)
		if f.State(clock) != forum.StateLive {
			t.Errorf("after opening by hand the forum is %s", f.State(clock))
		}
	})
}

func TestPinOrderAndExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		s := storetest.Open(t, dbURL, store.Options{Now: func() time.Time { clock = clock.Add(time.Second); return clock }})
		admin := mustAccount(t, s, "Pin Admin", forum.RoleAdmin)
		f := firstForum(t, s)
		var ids []int64
		for _, title := range []string{"First pinned", "Second pinned", "Third pinned", "Not pinned"} {
			c, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: admin.ID, Title: title, Body: "x."})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.TopicID)
		}
		until := clock.Add(time.Hour)
		for i, id := range ids[:3] {
			var u *time.Time
			if i == 2 {
				u = &until
			}
			if err := s.SetPinned(ctx, admin, id, true, u); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.MovePin(ctx, admin, ids[1], -1); err != nil {
			t.Fatal(err)
		}
		order := func() (pinned, rest []string) {
			page, err := s.ForumTopics(ctx, f.ID, "", "")
			if err != nil {
				t.Fatal(err)
			}
			for _, tp := range page.Pinned {
				pinned = append(pinned, tp.Title)
			}
			for _, tp := range page.Topics {
				rest = append(rest, tp.Title)
			}
			return
		}
		pinned, rest := order()
		if got := join(pinned); got != "Second pinned|First pinned|Third pinned" {
			t.Errorf("pins in order %s", got)
		}
		if got := join(rest); got != "Not pinned" {
			t.Errorf("other topics %s", got)
		}
		clock = until.Add(time.Minute) // the third pin has ended
		pinned, rest = order()
		if join(pinned) != "Second pinned|First pinned" || !contains(rest, "Third pinned") {
			t.Errorf("after the pin ended: pinned %v, others %v", pinned, rest)
		}
		past := clock.Add(-time.Hour)
		if err := s.SetPinned(ctx, admin, ids[3], true, &past); forum.ErrorCode(err) != forum.EINVALID {
			t.Errorf("a pin that ends in the past: %v", err)
		}
	})
}

func TestAdminChangesSurviveARestart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		s := storetest.Open(t, dbURL, store.Options{})
		admin := mustAccount(t, s, "Restart Admin", forum.RoleAdmin)
		groups, _ := s.Groups(ctx)
		g := groups[0]
		if err := s.UpdateGroup(ctx, admin, g.ID, forum.GroupEdit{Name: "Outcomes together", Description: "Renamed.", Version: g.Version}); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateGroup(ctx, admin, g.ID, forum.GroupEdit{Name: "A stale edit", Version: g.Version}); forum.ErrorCode(err) != forum.ECONFLICT {
			t.Errorf("an edit on an old version: %v, want a conflict", err)
		}
		if err := s.SetGroupArchived(ctx, admin, groups[7].ID, true); err != nil {
			t.Fatal(err)
		}
		s.Close()
		again := storetest.Open(t, dbURL, store.Options{}) // migrates and seeds again
		after, err := again.Groups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != 7 || after[0].Name != "Outcomes together" {
			t.Errorf("after a restart: %d groups, first %q; want 7 and the admin's name", len(after), after[0].Name)
		}
	})
}

func join(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += "|"
		}
		out += v
	}
	return out
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
