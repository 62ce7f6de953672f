package store_test

import (
	"fmt"
	"testing"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

// benchTopic makes a topic with 60 approved posts and returns its id.
func benchTopic(b *testing.B, s *store.Store, mod forum.Account) int64 {
	b.Helper()
	f := firstForumB(b, s)
	c, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "A topic to measure", Body: "Opening post."})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 60; i++ {
		if _, err := s.CreateReply(ctx, forum.NewReply{TopicID: c.TopicID, AuthorID: mod.ID, Body: fmt.Sprintf("Reply number %d with some words.", i)}); err != nil {
			b.Fatal(err)
		}
	}
	return c.TopicID
}

func firstForumB(b *testing.B, s *store.Store) forum.Forum {
	groups, err := s.Groups(ctx)
	if err != nil {
		b.Fatal(err)
	}
	return groups[0].Forums[0]
}

func BenchmarkThread(b *testing.B) {
	s := storetest.Open(b, storetest.URL(b, store.SQLite), store.Options{})
	mod, _ := s.CreateAccount(ctx, "Bench Moderator", forum.RoleModerator, "x")
	topic := benchTopic(b, s, mod)
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Thread(ctx, topic, "", ""); err != nil {
			b.Fatal(err)
		}
	}
}

// longBenchTopic makes a topic with n replies and returns its id and the
// id of its last reply.
func longBenchTopic(b *testing.B, s *store.Store, mod forum.Account, n int) (topic, last int64) {
	b.Helper()
	f := firstForumB(b, s)
	c, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "A long topic to measure", Body: "Opening post."})
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		r, err := s.CreateReply(ctx, forum.NewReply{TopicID: c.TopicID, AuthorID: mod.ID, Body: fmt.Sprintf("Reply number %d.", i)})
		if err != nil {
			b.Fatal(err)
		}
		last = r.PostID
	}
	return c.TopicID, last
}

// BenchmarkThreadLong reads the first page of a topic of 2,000 posts, whose
// numbers count every post of the topic.
func BenchmarkThreadLong(b *testing.B) {
	s := storetest.Open(b, storetest.URL(b, store.SQLite), store.Options{})
	mod, _ := s.CreateAccount(ctx, "Bench Moderator", forum.RoleModerator, "x")
	topic, _ := longBenchTopic(b, s, mod, 2000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Thread(ctx, topic, "", ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlaceOfPost finds the page of the last post of a topic of
// 2,000 posts, as its permalink does.
func BenchmarkPlaceOfPost(b *testing.B) {
	s := storetest.Open(b, storetest.URL(b, store.SQLite), store.Options{})
	mod, _ := s.CreateAccount(ctx, "Bench Moderator", forum.RoleModerator, "x")
	_, last := longBenchTopic(b, s, mod, 2000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.PlaceOfPost(ctx, last); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCreateReply(b *testing.B) {
	s := storetest.Open(b, storetest.URL(b, store.SQLite), store.Options{})
	mod, _ := s.CreateAccount(ctx, "Bench Moderator", forum.RoleModerator, "x")
	member, _ := s.CreateAccount(ctx, "Bench Member", forum.RolePractitioner, "x")
	topic := benchTopic(b, s, mod)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		if _, err := s.CreateReply(ctx, forum.NewReply{TopicID: topic, AuthorID: member.ID, Body: "A reply waiting for a moderator.",
			SubmissionKey: fmt.Sprint("k", i)}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSessionByHash(b *testing.B) {
	s := storetest.Open(b, storetest.URL(b, store.SQLite), store.Options{})
	member, _ := s.CreateAccount(ctx, "Bench Member", forum.RolePractitioner, "x")
	if err := s.CreateSession(ctx, member.ID, "hash", "", 1e12); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.SessionByHash(ctx, "hash", 1e12); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApprove approves replies one at a time, as a moderator does from
// the queue, in a topic and forum that members watch (watches.go): each
// approval writes its watchers' notices in its own transaction.
func BenchmarkApprove(b *testing.B) {
	s := storetest.Open(b, storetest.URL(b, store.SQLite), store.Options{})
	mod, _ := s.CreateAccount(ctx, "Bench Moderator", forum.RoleModerator, "x")
	member, _ := s.CreateAccount(ctx, "Bench Member", forum.RolePractitioner, "x")
	topic := benchTopic(b, s, mod)
	for i := range 5 {
		w, _ := s.CreateAccount(ctx, fmt.Sprintf("Bench Watcher %d", i), forum.RolePractitioner, "x")
		if err := s.WatchTopic(ctx, w.ID, topic); err != nil {
			b.Fatal(err)
		}
		if err := s.WatchForum(ctx, w.ID, firstForumB(b, s).ID); err != nil {
			b.Fatal(err)
		}
	}
	const refill = 4096
	var pending []int64
	i := 0
	for b.Loop() {
		if len(pending) == 0 {
			b.StopTimer()
			// A fixed number: taking from the front shrinks the slice's
			// capacity, which once ran down to nothing to refill with.
			for range refill {
				i++
				c, err := s.CreateReply(ctx, forum.NewReply{TopicID: topic, AuthorID: member.ID, Body: "A reply waiting for a moderator.",
					SubmissionKey: fmt.Sprint("k", i)})
				if err != nil {
					b.Fatal(err)
				}
				pending = append(pending, c.PostID)
			}
			b.StartTimer()
		}
		if err := s.Approve(ctx, mod, pending[0]); err != nil {
			b.Fatal(err)
		}
		pending = pending[1:]
	}
}
