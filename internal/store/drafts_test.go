package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

// TestASentPostNeverKeepsItsDraft: a form's autosave and its sending
// race, many times over, on each database: whichever comes first, once
// both are done the post is there once and its draft is not, and neither
// write failed for any reason but "sent already".
func TestASentPostNeverKeepsItsDraft(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		mod, err := s.CreateAccount(ctx, "Careful Moderator", forum.RoleModerator, "not a hash")
		if err != nil {
			t.Fatal(err)
		}
		author, err := s.CreateAccount(ctx, "Quiet Heron", forum.RolePractitioner, "not a hash")
		if err != nil {
			t.Fatal(err)
		}
		groups, err := s.Groups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		topic, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: groups[0].Forums[0].ID, AuthorID: mod.ID, Title: "Rooms after a decision", Body: "How long?"})
		if err != nil {
			t.Fatal(err)
		}
		const rounds = 25
		for i := range rounds {
			key := fmt.Sprintf("race-%d", i)
			body := fmt.Sprintf("Reply number %d.", i)
			var wg sync.WaitGroup
			var saveErr, sendErr error
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, saveErr = s.SaveDraft(ctx, forum.NewDraft{AuthorID: author.ID, Kind: forum.DraftReply, TopicID: topic.TopicID, Body: body, SubmissionKey: key})
			}()
			go func() {
				defer wg.Done()
				_, sendErr = s.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: author.ID, Body: body, SubmissionKey: key})
			}()
			wg.Wait()
			if sendErr != nil {
				t.Fatalf("round %d: sending: %v", i, sendErr)
			}
			if saveErr != nil && forum.ErrorCode(saveErr) != forum.ECONFLICT {
				t.Fatalf("round %d: saving the draft: %v", i, saveErr)
			}
			drafts, err := s.MyDrafts(ctx, author.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(drafts) != 0 {
				t.Fatalf("round %d: the post is sent and its draft is still there: %+v", i, drafts)
			}
		}
		mine, err := s.MyPosts(ctx, author.ID, 2*rounds)
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != rounds {
			t.Errorf("%d posts after %d rounds, want one each", len(mine), rounds)
		}
	})
}
