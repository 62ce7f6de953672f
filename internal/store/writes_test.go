package store_test

import (
	"fmt"
	"sync"
	"testing"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

// Writes that arrive together share one transaction on SQLite
// (write_sqlite.go) and meet on row locks on PostgreSQL. Each must still
// succeed or fail on its own: a reply to a locked topic fails while the
// replies beside it in the same batch are kept, two moderators approving
// the same posts at once approve each exactly once, and a form sent many
// times at once makes one post.
func TestConcurrentWritesSucceedOrFailAlone(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		author := mustAccount(t, s, "Busy Wren", forum.RolePractitioner)
		mods := []forum.Account{mustAccount(t, s, "First Moderator", forum.RoleModerator), mustAccount(t, s, "Second Moderator", forum.RoleModerator)}
		f := firstForum(t, s)
		open, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mods[0].ID, Title: "Open for replies", Body: "Answer here."})
		if err != nil {
			t.Fatal(err)
		}
		locked, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mods[0].ID, Title: "Locked for replies", Body: "Closed."})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetLocked(ctx, mods[0], locked.TopicID, true); err != nil {
			t.Fatal(err)
		}

		const n = 120
		created := make([]store.Created, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				topic := open.TopicID
				if i%2 == 1 {
					topic = locked.TopicID
				}
				created[i], errs[i] = s.CreateReply(ctx, forum.NewReply{TopicID: topic, AuthorID: author.ID, Body: fmt.Sprintf("Reply number %d.", i)})
			})
		}
		wg.Wait()
		var pending []int64
		for i := range n {
			switch {
			case i%2 == 0 && errs[i] != nil:
				t.Errorf("reply %d to the open topic: %v", i, errs[i])
			case i%2 == 1 && forum.ErrorCode(errs[i]) != forum.ECONFLICT:
				t.Errorf("reply %d to the locked topic: err = %v, want a conflict", i, errs[i])
			case i%2 == 0:
				pending = append(pending, created[i].PostID)
			}
		}
		if got, err := s.QueueLength(ctx, &mods[0]); err != nil || got != n/2 {
			t.Fatalf("queue length = %d (%v), want %d: only the replies to the open topic", got, err, n/2)
		}

		// Both moderators approve every pending reply at the same time.
		approved := make([][]error, len(mods))
		for m := range mods {
			approved[m] = make([]error, len(pending))
			for i, id := range pending {
				wg.Go(func() { approved[m][i] = s.Approve(ctx, mods[m], id) })
			}
		}
		wg.Wait()
		for i := range pending {
			wins := 0
			for m := range mods {
				switch err := approved[m][i]; {
				case err == nil:
					wins++
				case forum.ErrorCode(err) != forum.ECONFLICT:
					t.Errorf("approving post %d: %v", pending[i], err)
				}
			}
			if wins != 1 {
				t.Errorf("post %d was approved %d times, want once", pending[i], wins)
			}
		}
		top, err := s.Topic(ctx, open.TopicID)
		if err != nil || top.ReplyCount != n/2 {
			t.Errorf("open topic's replies = %d (%v), want %d", top.ReplyCount, err, n/2)
		}
		if got, _ := s.Forum(ctx, f.ID); got.PostCount != 2+n/2 {
			t.Errorf("forum's posts = %d, want %d", got.PostCount, 2+n/2)
		}

		// One form sent ten times at once: one post, and every sending is
		// told of that one.
		ids := make([]int64, 10)
		for i := range ids {
			wg.Go(func() {
				c, err := s.CreateReply(ctx, forum.NewReply{TopicID: open.TopicID, AuthorID: author.ID, Body: "Sent with a double click.", SubmissionKey: "one-form"})
				if err != nil {
					t.Errorf("sending %d: %v", i, err)
				}
				ids[i] = c.PostID
			})
		}
		wg.Wait()
		for i, id := range ids {
			if id != ids[0] || id == 0 {
				t.Errorf("sending %d made post %d; sending 0 made %d", i, id, ids[0])
			}
		}
		if got, _ := s.QueueLength(ctx, &mods[0]); got != 1 {
			t.Errorf("queue length after the double click = %d, want 1", got)
		}
	})
}

// A write after the store closed is refused at once, not left waiting.
func TestWriteAfterCloseIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		s := storetest.Open(t, dbURL, store.Options{})
		author := mustAccount(t, s, "Late Finch", forum.RoleModerator)
		f := firstForum(t, s)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		_, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: author.ID, Title: "Too late", Body: "After closing."})
		if err == nil {
			t.Fatal("a topic was written after the store closed")
		}
	})
}
