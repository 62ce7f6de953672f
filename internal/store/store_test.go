package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

var ctx = context.Background()

func mustAccount(t *testing.T, s *store.Store, name string, role forum.Role) forum.Account {
	t.Helper()
	a, err := s.CreateAccount(ctx, name, role, "hash-not-used-here")
	if err != nil {
		t.Fatalf("create account %s: %v", name, err)
	}
	return a
}

func firstForum(t *testing.T, s *store.Store) forum.Forum {
	t.Helper()
	groups, err := s.Groups(ctx)
	if err != nil || len(groups) == 0 || len(groups[0].Forums) == 0 {
		t.Fatalf("groups: %v (%d)", err, len(groups))
	}
	return groups[0].Forums[0]
}

func TestSeedOnceInOrder(t *testing.T) {
	want := []string{
		"Working with core outcomes as a set",
		"Secure and suitable housing",
		"Safety from any trafficker or other abuser",
		"Long-term, consistent support",
		"Trauma-informed services",
		"Finding purpose in life and self-actualisation",
		"Access to medical treatment",
		"Access to education",
	}
	storetest.Each(t, func(t *testing.T, dbURL string) {
		s := storetest.Open(t, dbURL, store.Options{})
		// Opening again must not seed again.
		if err := s.Seed(ctx); err != nil {
			t.Fatal(err)
		}
		s2 := storetest.Open(t, dbURL, store.Options{})
		groups, err := s2.Groups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		expert := 0
		for _, g := range groups {
			got = append(got, g.Name)
			if len(g.Forums) == 0 {
				t.Errorf("group %q has no forum", g.Name)
			}
			for _, f := range g.Forums {
				if f.Kind == forum.KindExpert {
					expert++
					if f.Name != "Secure and Appropriate Housing" || g.Name != "Secure and suitable housing" {
						t.Errorf("expert forum %q in %q", f.Name, g.Name)
					}
				}
			}
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("groups = %q, want %q", got, want)
		}
		if expert != 1 {
			t.Errorf("expert forums = %d, want 1", expert)
		}
	})
}

func TestPendingTopicIsInvisibleUntilApproved(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		author := mustAccount(t, s, "Quiet Heron", forum.RolePractitioner)
		mod := mustAccount(t, s, "Fair Moderator", forum.RoleModerator)
		f := firstForum(t, s)
		c, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: author.ID, Title: "Pending topic title", Body: "A body"})
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != forum.StatusPending {
			t.Fatalf("status = %s, want pending", c.Status)
		}
		if _, err := s.Topic(ctx, c.TopicID); forum.ErrorCode(err) != forum.ENOTFOUND {
			t.Errorf("pending topic: err = %v, want not found", err)
		}
		page, err := s.ForumTopics(ctx, f.ID, "", "")
		if err != nil || len(page.Topics) != 0 {
			t.Errorf("forum page lists %d topics (err %v), want 0", len(page.Topics), err)
		}
		if got, _ := s.Forum(ctx, f.ID); got.TopicCount != 0 || got.PostCount != 0 {
			t.Errorf("counts = %d/%d before approval, want 0/0", got.TopicCount, got.PostCount)
		}
		if err := s.Approve(ctx, mod, c.PostID); err != nil {
			t.Fatal(err)
		}
		if err := s.Approve(ctx, mod, c.PostID); forum.ErrorCode(err) != forum.ECONFLICT {
			t.Errorf("second approval: err = %v, want conflict", err)
		}
		top, err := s.Topic(ctx, c.TopicID)
		if err != nil || top.Author != "Quiet Heron" {
			t.Fatalf("approved topic: %+v, %v", top, err)
		}
		if got, _ := s.Forum(ctx, f.ID); got.TopicCount != 1 || got.PostCount != 1 || got.LastActivityAt == nil {
			t.Errorf("counts after approval = %+v", got)
		}
	})
}

func TestThreadOrderAndFlattening(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		mod := mustAccount(t, s, "Steady Moderator", forum.RoleModerator)
		f := firstForum(t, s)
		c, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "Thread order", Body: "opening"})
		if err != nil {
			t.Fatal(err)
		}
		reply := func(parent int64, body string) int64 {
			t.Helper()
			var p *int64
			if parent != 0 {
				p = &parent
			}
			r, err := s.CreateReply(ctx, forum.NewReply{TopicID: c.TopicID, ParentID: p, AuthorID: mod.ID, Body: body})
			if err != nil {
				t.Fatalf("reply %q: %v", body, err)
			}
			return r.PostID
		}
		a := reply(0, "A0")
		b := reply(0, "B0")
		a1 := reply(a, "A1")
		reply(b, "B1")
		reply(a, "A2")
		// A chain deeper than the thread nests.
		last := a1
		for i := 0; i < forum.MaxThreadDepth+2; i++ {
			last = reply(last, fmt.Sprintf("deep%d", i))
		}
		page, err := s.Thread(ctx, c.TopicID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range page.Posts {
			got = append(got, fmt.Sprintf("%s@%d", strings.TrimSpace(stripTags(p.BodyHTML)), p.Depth))
		}
		want := "opening@0 A0@0 A1@1 deep0@2 deep1@3 deep2@4 deep3@5 deep4@5 deep5@5 deep6@5 A2@1 B0@0 B1@1"
		if strings.Join(got, " ") != want {
			t.Errorf("thread =\n %s\nwant\n %s", strings.Join(got, " "), want)
		}
		for _, p := range page.Posts {
			if p.Depth == forum.MaxThreadDepth && strings.Contains(p.BodyHTML, "deep4") && p.InReplyTo != "Steady Moderator" {
				t.Errorf("flattened reply names %q as its parent", p.InReplyTo)
			}
		}
	})
}

func TestKeysetPaginationBoundaries(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		clock := time.Date(2026, 3, 3, 14, 0, 0, 0, time.UTC)
		s2 := storetest.Open(t, reopenURL(t, s), store.Options{Now: func() time.Time { clock = clock.Add(time.Second); return clock }})
		mod := mustAccount(t, s2, "Page Turner", forum.RoleModerator)
		f := firstForum(t, s2)
		n := store.TopicPageSize*2 + 1
		for i := 0; i < n; i++ {
			if _, err := s2.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: fmt.Sprintf("Topic number %03d", i), Body: "x."}); err != nil {
				t.Fatal(err)
			}
		}
		seen := map[string]bool{}
		page, err := s2.ForumTopics(ctx, f.ID, "", "")
		pages := 0
		for {
			if err != nil {
				t.Fatal(err)
			}
			pages++
			if pages == 1 && page.Prev != "" {
				t.Error("first page has a previous link")
			}
			for _, tp := range page.Topics {
				if seen[tp.Title] {
					t.Errorf("%s on two pages", tp.Title)
				}
				seen[tp.Title] = true
			}
			if page.Next == "" {
				break
			}
			page, err = s2.ForumTopics(ctx, f.ID, page.Next, "")
		}
		if pages != 3 || len(seen) != n || len(page.Topics) != 1 {
			t.Errorf("pages = %d, topics = %d, last page = %d; want 3, %d, 1", pages, len(seen), len(page.Topics), n)
		}
		// Back from the last page returns the middle page, whose prev leads to the first.
		back, err := s2.ForumTopics(ctx, f.ID, "", page.Prev)
		if err != nil || len(back.Topics) != store.TopicPageSize || back.Prev == "" || back.Next == "" {
			t.Fatalf("back page: %d topics, prev %q next %q, err %v", len(back.Topics), back.Prev, back.Next, err)
		}
		first, err := s2.ForumTopics(ctx, f.ID, "", back.Prev)
		if err != nil || first.Prev != "" || first.Topics[0].Title != fmt.Sprintf("Topic number %03d", n-1) {
			t.Errorf("first page again: prev %q, top %q, err %v", first.Prev, first.Topics[0].Title, err)
		}
		for _, bad := range []string{"x", "1.5", "0", "-5", "999999999"} {
			if _, err := s2.ForumTopics(ctx, f.ID, bad, ""); forum.ErrorCode(err) != forum.ENOTFOUND {
				t.Errorf("cursor %q: err = %v, want not found", bad, err)
			}
		}
	})
}

// reopenURL is not exposed by the store; tests open a second store on the
// same database by asking storetest again, so keep the URL on the side.
func reopenURL(t *testing.T, s *store.Store) string {
	t.Helper()
	return s.URL()
}

func stripTags(h string) string {
	var b strings.Builder
	in := false
	for _, r := range h {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestNormalInviteCode(t *testing.T) {
	for in, want := range map[string]string{
		"ABCD-EFGH-JKLM":   "ABCD-EFGH-JKLM",
		"abcd efgh jklm":   "ABCD-EFGH-JKLM",
		"abcdefghjklm":     "ABCD-EFGH-JKLM",
		" ab-cd-ef-gh-jk ": "ABCD-EFGH-JK",
		"":                 "",
	} {
		if got := store.NormalInviteCode(in); got != want {
			t.Errorf("NormalInviteCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// A moderator suspending the author of an anonymous post learns nothing
// about who wrote it, not even that an admin did: the suspension applies
// as to anyone. Behind a named post an admin is plainly an admin, and only
// an admin may suspend one.
func TestSuspendingFromAnAnonymousPostRevealsNoRole(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		admin := mustAccount(t, s, "Quiet Admin", forum.RoleAdmin)
		mod := mustAccount(t, s, "Firm Moderator", forum.RoleModerator)
		f := firstForum(t, s)
		if f.Anonymity == forum.AnonOff {
			t.Fatalf("forum %q offers no anonymity", f.Name)
		}
		anon, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: admin.ID, Title: "Posted anonymously", Body: "By whom?", Anonymous: true})
		if err != nil {
			t.Fatal(err)
		}
		named, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: admin.ID, Title: "Posted by name", Body: "By the admin."})
		if err != nil {
			t.Fatal(err)
		}
		until := s.Now().Add(24 * time.Hour)
		if err := s.SuspendAuthor(ctx, mod, named.PostID, until, "Testing."); forum.ErrorCode(err) != forum.EFORBIDDEN {
			t.Errorf("suspending an admin from a named post: err = %v, want forbidden", err)
		}
		if err := s.SuspendAuthor(ctx, mod, anon.PostID, until, "Testing."); err != nil {
			t.Errorf("suspending from an anonymous post: %v, want the same as for any author", err)
		}
		// The suspension holds against posting, the member reads it as
		// theirs, and the account as anyone else reads it does not show it.
		_, err = s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: admin.ID, Title: "Posting while suspended", Body: "Again."})
		if forum.ErrorCode(err) != forum.EFORBIDDEN {
			t.Errorf("the suspended author posts: err = %v, want forbidden", err)
		}
		if mine, err := s.MySuspensions(ctx, admin.ID); err != nil || len(mine) != 1 || mine[0].Reason != "Testing." {
			t.Errorf("the author's own suspensions: %+v, %v", mine, err)
		}
		if got, err := s.Account(ctx, admin.ID); err != nil || got.Suspended(s.Now()) || got.SuspensionReason != "" {
			t.Errorf("the account, as an admin reads it, shows the suspension made from the post: %+v, %v", got, err)
		}
	})
}

// After a bulk load the forums' counts come from one recount: approved
// topics, approved posts in them, and the latest activity, per forum.
func TestBulkLoadThenRecountAll(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		author := mustAccount(t, s, "Bulk Author", forum.RolePractitioner)
		groups, err := s.Groups(ctx)
		if err != nil || len(groups) < 2 {
			t.Fatalf("groups: %v", err)
		}
		a, b := groups[0].Forums[0], groups[1].Forums[0]
		at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		posts := func(statuses ...forum.PostStatus) []store.BulkPost {
			var out []store.BulkPost
			for i, st := range statuses {
				out = append(out, store.BulkPost{AuthorID: author.ID, Status: st, Body: fmt.Sprintf("Post %d.", i), Parent: -1, CreatedAt: at.Add(time.Duration(i) * time.Minute)})
			}
			return out
		}
		approved, pending := forum.StatusApproved, forum.StatusPending
		err = s.BulkLoad(ctx, []store.BulkTopic{
			{ForumID: a.ID, Title: "First bulk topic", CreatedAt: at, Posts: posts(approved, approved, pending)},
			{ForumID: a.ID, Title: "Second bulk topic", CreatedAt: at, Posts: posts(approved, approved, approved, approved)},
			{ForumID: a.ID, Title: "Waiting bulk topic", CreatedAt: at, Posts: posts(pending)},
			{ForumID: b.ID, Title: "Other forum's topic", CreatedAt: at, Posts: posts(approved)},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RecountAll(ctx); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			f             forum.Forum
			topics, posts int
		}{{a, 2, 6}, {b, 1, 1}, {groups[2].Forums[0], 0, 0}} {
			got, err := s.Forum(ctx, c.f.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.TopicCount != c.topics || got.PostCount != c.posts || (c.topics > 0) != (got.LastActivityAt != nil) {
				t.Errorf("%s: %d topics, %d posts, latest %v; want %d, %d", c.f.Name, got.TopicCount, got.PostCount, got.LastActivityAt, c.topics, c.posts)
			}
		}
	})
}

// The queue pages on: After lists the posts that came after a given one, in
// queue order, with no overlap and none left out, whether or not that post
// is still waiting.
func TestQueuePagesOnAfterAPost(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		mod := mustAccount(t, s, "Paging Moderator", forum.RoleModerator)
		author := mustAccount(t, s, "Paging Author", forum.RolePractitioner)
		f := firstForum(t, s)
		var want []int64
		for i := range 7 {
			c, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: author.ID, Title: fmt.Sprintf("Waiting topic %d", i), Body: "Body."})
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, c.PostID)
		}
		var got []int64
		after := int64(0)
		for range 10 {
			items, err := s.Queue(ctx, mod, store.QueueFilter{After: after}, 3)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) == 0 {
				break
			}
			for _, it := range items {
				got = append(got, it.PostID)
			}
			after = items[len(items)-1].PostID
			if len(got) == 3 {
				// Another moderator decides on the post the next page starts after.
				if err := s.Approve(ctx, mod, after); err != nil {
					t.Fatal(err)
				}
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("pages listed %v, want %v", got, want)
		}
		if _, err := s.Queue(ctx, mod, store.QueueFilter{After: 1 << 40}, 3); forum.ErrorCode(err) != forum.ENOTFOUND {
			t.Errorf("after a post that does not exist: %v, want not found", err)
		}
	})
}
