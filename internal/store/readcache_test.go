package store_test

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

// What the session middleware reads on every request is kept in memory on
// SQLite (readcache.go); each change must show on the very next read, as
// it does when PostgreSQL is asked every time.
func TestEveryRequestSeesTheLatestSessionAndCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		clock := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		s := storetest.Open(t, dbURL, store.Options{Now: func() time.Time { return clock }})
		admin := mustAccount(t, s, "Careful Admin", forum.RoleAdmin)
		member := mustAccount(t, s, "Cached Member", forum.RolePractitioner)
		const hash, idle = "session-hash-for-the-cache-test", time.Hour
		if err := s.CreateSession(ctx, member.ID, hash, "", 12*time.Hour); err != nil {
			t.Fatal(err)
		}
		session := func() (store.Session, error) { return s.SessionByHash(ctx, hash, idle) }
		for range 2 { // the second read may come from memory
			if got, err := session(); err != nil || got.Account.Suspended(s.Now()) {
				t.Fatalf("session = %+v, %v; want the member, not suspended", got, err)
			}
		}
		if err := s.Suspend(ctx, admin, member.ID, clock.Add(48*time.Hour), "Testing the cache."); err != nil {
			t.Fatal(err)
		}
		if got, err := session(); err != nil || !got.Account.Suspended(s.Now()) {
			t.Errorf("after the suspension: %+v, %v; want suspended", got.Account, err)
		}

		unread := func() int64 {
			n, err := s.UnreadNotifications(ctx, member.ID)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := unread()
		if err := s.Unsuspend(ctx, admin, member.ID); err != nil {
			t.Fatal(err)
		}
		f := firstForum(t, s)
		c, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: member.ID, Title: "Waiting for approval", Body: "Body."})
		if err != nil {
			t.Fatal(err)
		}
		unread()
		if err := s.Approve(ctx, admin, c.PostID); err != nil {
			t.Fatal(err)
		}
		if after := unread(); after != before+1 {
			t.Errorf("unread after an approval = %d, want %d", after, before+1)
		}

		clock = clock.Add(idle + time.Minute)
		if _, err := session(); forum.ErrorCode(err) != forum.ENOTFOUND {
			t.Errorf("after %s idle: err = %v, want not found", idle, err)
		}
		clock = clock.Add(-idle - time.Minute)
		if err := s.CreateSession(ctx, member.ID, hash+"-2", "", 12*time.Hour); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByHash(ctx, hash+"-2", idle); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteSession(ctx, hash+"-2"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByHash(ctx, hash+"-2", idle); forum.ErrorCode(err) != forum.ENOTFOUND {
			t.Errorf("after signing out: err = %v, want not found", err)
		}
	})
}

// Posting and moderating posts (contentChange, write.go) leave the sessions kept in
// memory as they are; any other write drops them. The session row is
// deleted behind the store's back, so a session read from memory and one
// read from the database tell apart.
func TestSessionsOutliveOnlyContentWrites(t *testing.T) {
	url := storetest.URL(t, store.SQLite)
	s := storetest.Open(t, url, store.Options{})
	mod := mustAccount(t, s, "Content Moderator", forum.RoleModerator)
	member := mustAccount(t, s, "Content Member", forum.RolePractitioner)
	const hash, idle = "session-hash-outliving-content", time.Hour
	if err := s.CreateSession(ctx, member.ID, hash, "", 12*time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByHash(ctx, hash, idle); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+strings.TrimPrefix(url, "sqlite:")+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("DELETE FROM sessions WHERE token_hash = ?", hash); err != nil {
		t.Fatal(err)
	}

	f := firstForum(t, s)
	topic, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: member.ID, Title: "Kept sessions", Body: "A topic."})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Approve(ctx, mod, topic.PostID); err != nil {
		t.Fatal(err)
	}
	reply, err := s.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: member.ID, Body: "A reply."})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Decline(ctx, mod, reply.PostID, "Off topic."); err != nil {
		t.Fatal(err)
	}
	if got, err := s.SessionByHash(ctx, hash, idle); err != nil || got.Account.ID != member.ID {
		t.Fatalf("after posting and moderating: %+v, %v; want the session kept in memory", got, err)
	}

	if _, err := s.CreateAccount(ctx, "Another Member", forum.RolePractitioner, "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByHash(ctx, hash, idle); forum.ErrorCode(err) != forum.ENOTFOUND {
		t.Errorf("after a new account was written: err = %v, want the session read again and not found", err)
	}
}
