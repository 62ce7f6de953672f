package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

// Two moderators approve the same waiting posts in bulk at once. On
// PostgreSQL an approval sends the post's update together with the
// statements that follow from it (runSteps), and a bulk approval passes
// over a post someone else decided without failing: each post must still
// be approved once, and leave one notice, one log line and one count.
func TestBulkApprovalsAtOnceLeaveOneTraceEach(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		author := mustAccount(t, s, "Steady Lark", forum.RolePractitioner)
		mods := []forum.Account{mustAccount(t, s, "Bulk Moderator", forum.RoleModerator), mustAccount(t, s, "Other Bulk Moderator", forum.RoleModerator)}
		f := firstForum(t, s)
		topic, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mods[0].ID, Title: "Replies to approve", Body: "Answer here."})
		if err != nil {
			t.Fatal(err)
		}
		const n = 30
		var ids []int64
		for i := range n {
			c, err := s.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: author.ID, Body: fmt.Sprintf("Waiting reply %d.", i)})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.PostID)
		}
		results := make([]store.BulkResult, len(mods))
		errs := make([]error, len(mods))
		var wg sync.WaitGroup
		for m := range mods {
			wg.Go(func() { results[m], errs[m] = s.ApproveMany(ctx, mods[m], ids) })
		}
		wg.Wait()
		approved, skipped := 0, 0
		for m := range mods {
			if errs[m] != nil {
				t.Fatalf("moderator %d: %v", m, errs[m])
			}
			approved, skipped = approved+results[m].Approved, skipped+results[m].Skipped
		}
		if approved != n || skipped != n {
			t.Errorf("approved %d and skipped %d between them (%+v), want %d each", approved, skipped, results, n)
		}
		if top, err := s.Topic(ctx, topic.TopicID); err != nil || top.ReplyCount != n {
			t.Errorf("topic's replies = %d (%v), want %d", top.ReplyCount, err, n)
		}
		if got, err := s.Forum(ctx, f.ID); err != nil || got.PostCount != 1+n {
			t.Errorf("forum's posts = %d (%v), want %d", got.PostCount, err, 1+n)
		}
		notices, err := s.Notifications(ctx, author.ID, 10*n)
		if err != nil {
			t.Fatal(err)
		}
		told := map[int64]int{}
		for _, note := range notices {
			if note.Kind == store.NotifyApproved {
				told[note.PostID]++
			}
		}
		log, err := s.ModLog(ctx, mods[0], 0, 10*n)
		if err != nil {
			t.Fatal(err)
		}
		logged := map[int64]int{}
		for _, l := range log {
			if l.Action == store.ActionApprove {
				logged[l.PostID]++
			}
		}
		for _, id := range ids {
			if told[id] != 1 || logged[id] != 1 {
				t.Errorf("post %d: author told %d times, logged %d times; want once each", id, told[id], logged[id])
			}
		}
	})
}

// NextInQueue is where a moderator goes after deciding on a post: the
// next post waiting in their queue, as they filtered it, whether or not
// the post they decided on still waits.
func TestNextInQueueIsThePostAfter(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		mod := mustAccount(t, s, "Next Moderator", forum.RoleModerator)
		author := mustAccount(t, s, "Next Author", forum.RolePractitioner)
		groups, err := s.Groups(ctx)
		if err != nil || len(groups) < 3 {
			t.Fatalf("groups: %v (%d)", err, len(groups))
		}
		here, there := groups[0].Forums[0], groups[2].Forums[0]
		scoped := mustAccount(t, s, "Scoped Next Moderator", forum.RoleModerator)
		scoped.ModeratorGroups = []int64{there.GroupID}
		var posts []int64 // in queue order: here, there, here, here
		for i, f := range []forum.Forum{here, there, here, here} {
			c, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: author.ID, Title: fmt.Sprintf("Queued topic %d", i), Body: "Body."})
			if err != nil {
				t.Fatal(err)
			}
			posts = append(posts, c.PostID)
		}
		// The second post here is decided; the queue goes on past it.
		if err := s.Approve(ctx, mod, posts[2]); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name  string
			actor forum.Account
			f     store.QueueFilter
			want  int64
		}{
			{"after the first", mod, store.QueueFilter{After: posts[0]}, posts[1]},
			{"after one decided", mod, store.QueueFilter{After: posts[2]}, posts[3]},
			{"after the last", mod, store.QueueFilter{After: posts[3]}, 0},
			{"in one forum", mod, store.QueueFilter{After: posts[0], ForumID: here.ID}, posts[3]},
			{"in one group", mod, store.QueueFilter{After: posts[0], GroupID: there.GroupID}, posts[1]},
			{"out of the moderator's groups", scoped, store.QueueFilter{After: posts[1]}, 0},
			{"in the moderator's groups", scoped, store.QueueFilter{After: posts[0]}, posts[1]},
			{"after a post that does not exist", mod, store.QueueFilter{After: 1 << 40}, 0},
		}
		for _, c := range cases {
			got, err := s.NextInQueue(ctx, c.actor, c.f)
			if err != nil || got != c.want {
				t.Errorf("%s: %d (%v), want %d", c.name, got, err, c.want)
			}
		}
	})
}

// A reply's write reads its author, topic, forum and group in one query
// (replyTarget): each refusal must still be the one the author is told.
func TestReplyRefusals(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		admin := mustAccount(t, s, "Reply Admin", forum.RoleAdmin)
		author := mustAccount(t, s, "Replying Finch", forum.RolePractitioner)
		suspended := mustAccount(t, s, "Suspended Finch", forum.RolePractitioner)
		erased := mustAccount(t, s, "Erased Finch", forum.RolePractitioner)
		groups, err := s.Groups(ctx)
		if err != nil || len(groups) < 3 || len(groups[2].Forums) == 0 {
			t.Fatalf("groups: %v (%d)", err, len(groups))
		}
		f, archived := groups[0].Forums[0], groups[2].Forums[0]
		topicIn := func(forumID int64, title string) int64 {
			c, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: forumID, AuthorID: admin.ID, Title: title, Body: "Body."})
			if err != nil {
				t.Fatal(err)
			}
			return c.TopicID
		}
		open, locked, gone := topicIn(f.ID, "Open topic"), topicIn(f.ID, "Locked topic"), topicIn(archived.ID, "Topic in an archived forum")
		waiting, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: author.ID, Title: "Waiting topic", Body: "Body."})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetLocked(ctx, admin, locked, true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetForumArchived(ctx, admin, archived.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := s.Suspend(ctx, admin, suspended.ID, time.Now().Add(48*time.Hour), "A reason."); err != nil {
			t.Fatal(err)
		}
		if err := s.EraseAccount(ctx, erased.ID, false); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name   string
			author int64
			topic  int64
			want   string
		}{
			{"to an open topic", author.ID, open, ""},
			{"from a suspended account", suspended.ID, open, forum.EFORBIDDEN},
			{"from an erased account", erased.ID, open, forum.EUNAUTH},
			{"to a locked topic", author.ID, locked, forum.ECONFLICT},
			{"to a topic still waiting", author.ID, waiting.TopicID, forum.ENOTFOUND},
			{"to a topic in an archived forum", author.ID, gone, forum.ENOTFOUND},
			{"to a topic that never was", author.ID, 1 << 40, forum.ENOTFOUND},
		}
		for _, c := range cases {
			_, err := s.CreateReply(ctx, forum.NewReply{TopicID: c.topic, AuthorID: c.author, Body: "A reply.", SubmissionKey: "refusals-" + c.name})
			if got := forum.ErrorCode(err); got != c.want {
				t.Errorf("%s: %v (code %q), want code %q", c.name, err, got, c.want)
			}
		}
	})
}
