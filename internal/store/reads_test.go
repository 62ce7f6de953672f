package store_test

import (
	"sync"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

// TestReadMarks: marks made by reading wait in memory, count at once, and
// are written as one row per member and topic holding the newest post
// read (never going back); the window prunes them; "Mark all as read"
// makes nothing older unread and deletes them; another member's marks are
// their own.
func TestReadMarks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		var mu sync.Mutex
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return at }
		advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); at = at.Add(d) }
		s := storetest.Open(t, url, store.Options{Now: clock})
		me := mustAccount(t, s, "Reading Member", forum.RolePractitioner)
		other := mustAccount(t, s, "Other Member", forum.RolePractitioner)
		mod := mustAccount(t, s, "Reading Moderator", forum.RoleModerator)
		advance(time.Hour)
		topic, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: firstForum(t, s).ID, AuthorID: mod.ID, Title: "Marks", Body: "Read me."})
		if err != nil {
			t.Fatal(err)
		}
		t1, t2 := clock().Add(time.Minute), clock().Add(2*time.Minute)
		read := func(who forum.Account) time.Time {
			t.Helper()
			got, err := s.ReadUpTo(ctx, who.ID, []int64{topic.TopicID})
			if err != nil {
				t.Fatal(err)
			}
			return got[topic.TopicID]
		}
		exported := func() []store.ExportRead {
			t.Helper()
			ex, err := s.ExportAccount(ctx, me.ID)
			if err != nil {
				t.Fatal(err)
			}
			return ex.Reads
		}
		if got := read(me); !got.IsZero() {
			t.Fatalf("a topic never read has a mark: %v", got)
		}
		s.MarkRead(me.ID, topic.TopicID, t2)
		s.MarkRead(me.ID, topic.TopicID, t1) // an older page read later
		if got := read(me); !got.Equal(t2) {
			t.Errorf("before it is written the mark is %v, want %v", got, t2)
		}
		if got := read(other); !got.IsZero() {
			t.Errorf("another member has the mark %v", got)
		}
		if err := s.FlushReads(ctx); err != nil {
			t.Fatal(err)
		}
		s.MarkRead(me.ID, topic.TopicID, t1)
		if err := s.FlushReads(ctx); err != nil {
			t.Fatal(err)
		}
		if got := exported(); len(got) != 1 || !got[0].ReadUpTo.Equal(t2) || got[0].TopicID != topic.TopicID {
			t.Errorf("written marks: %+v, want one at %v", got, t2)
		}

		advance(store.UnreadWindow - time.Hour)
		if err := s.PruneReads(ctx); err != nil {
			t.Fatal(err)
		}
		if got := exported(); len(got) != 1 {
			t.Errorf("a mark inside the window was pruned: %+v", got)
		}
		advance(2 * time.Hour)
		if err := s.PruneReads(ctx); err != nil {
			t.Fatal(err)
		}
		if got := exported(); len(got) != 0 {
			t.Errorf("a mark past the window was kept: %+v", got)
		}

		s.MarkRead(me.ID, topic.TopicID, clock())
		if err := s.FlushReads(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkAllRead(ctx, me.ID); err != nil {
			t.Fatal(err)
		}
		if got := exported(); len(got) != 0 {
			t.Errorf("marks outlive Mark all as read: %+v", got)
		}
		acc, err := s.Account(ctx, me.ID)
		if err != nil {
			t.Fatal(err)
		}
		if since := s.ReadSince(acc); !since.Equal(clock()) {
			t.Errorf("after Mark all as read nothing before %v is unread, want %v", since, clock())
		}
	})
}
