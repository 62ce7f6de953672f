package store_test

import (
	"fmt"
	"sync"
	"testing"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

// The queue's length is counted up to store.CountCap and no further, so a
// moderator's every page costs the same however long the queue grows.
func TestQueueLengthIsCappedAtCountCap(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		author := mustAccount(t, s, "Prolific Robin", forum.RolePractitioner)
		mod := mustAccount(t, s, "Counting Moderator", forum.RoleModerator)
		f := firstForum(t, s)
		topic, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "A very busy topic", Body: "Reply."})
		if err != nil {
			t.Fatal(err)
		}
		reply := func(i int) {
			if _, err := s.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: author.ID, Body: fmt.Sprintf("Reply %d.", i)}); err != nil {
				t.Error(err)
			}
		}
		for i := range 5 {
			reply(i)
		}
		if n, err := s.QueueLength(ctx, &mod); err != nil || n != 5 {
			t.Fatalf("queue length = %d (%v), want 5", n, err)
		}
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Go(func() {
				for i := 5 + w; i < store.CountCap+1; i += 8 {
					reply(i)
				}
			})
		}
		wg.Wait()
		if n, err := s.QueueLength(ctx, &mod); err != nil || n != store.CountCap {
			t.Errorf("queue length of %d posts = %d (%v), want the cap, %d", store.CountCap+1, n, err, store.CountCap)
		}
	})
}
