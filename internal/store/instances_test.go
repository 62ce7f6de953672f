package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

// twoInstances opens one PostgreSQL schema twice, as two instances of the
// forum would, each following the other's changes.
func twoInstances(t *testing.T) (a, b *store.Store) {
	t.Helper()
	base := os.Getenv(storetest.PostgresEnv)
	if base == "" {
		t.Skip("needs PostgreSQL: set " + storetest.PostgresEnv)
	}
	dbURL := storetest.PostgresSchema(t, base)
	a = storetest.Open(t, dbURL, store.Options{})
	b = storetest.Open(t, dbURL, store.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	for _, s := range []*store.Store{a, b} {
		go s.WatchChanges(ctx, 50*time.Millisecond, 200*time.Millisecond, nil)
	}
	waitFor(t, "both instances listening", func() bool { return a.Listening() && b.Listening() })
	return a, b
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	end := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(end) {
			t.Fatalf("after 5 s: not %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestSigninFailuresAreSharedByInstances: guesses against one account sent
// to two instances count as guesses against one.
func TestSigninFailuresAreSharedByInstances(t *testing.T) {
	a, b := twoInstances(t)
	now := time.Now()
	clock := func() time.Time { return now }
	noWait := func(context.Context, time.Duration) error { return nil }
	p := auth.DefaultThrottlePolicy()
	ta := auth.NewSharedThrottle(p, a.SigninStates(), clock, noWait)
	tb := auth.NewSharedThrottle(p, b.SigninStates(), clock, noWait)
	ctx := context.Background()
	var last auth.Attempt
	for i := range 8 {
		th := ta
		if i%2 == 1 {
			th = tb
		}
		at, err := th.Reserve(ctx, "quiet heron", "client")
		if err != nil {
			t.Fatal(err)
		}
		last = at
	}
	if last.AccountFailures != 8 {
		t.Fatalf("after eight guesses, four on each instance, the account has %d failures on record", last.AccountFailures)
	}
	if last.Wait == 0 {
		t.Error("the eighth guess on one account did not wait")
	}
	if err := ta.Succeeded(ctx, last); err != nil {
		t.Fatal(err)
	}
	at, err := tb.Reserve(ctx, "quiet heron", "client")
	if err != nil {
		t.Fatal(err)
	}
	if at.AccountFailures != 1 {
		t.Errorf("a right passphrase on one instance left %d failures on the other", at.AccountFailures-1)
	}
}

// TestInstancesHearEachOthersChanges: a sign-out, a suspension or a role
// taken away on one instance reaches the sessions the other keeps in
// memory; a published post moves the other's generation on; and an
// instance that stops hearing keeps no sessions until it hears again.
func TestInstancesHearEachOthersChanges(t *testing.T) {
	a, b := twoInstances(t)
	ctx := context.Background()
	acc, err := a.CreateAccount(ctx, "Kept Session", forum.RoleAdmin, "hash")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.CreateSession(ctx, acc.ID, "token-hash", "", time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SessionByHash(ctx, "token-hash", time.Hour); err != nil {
		t.Fatalf("the other instance does not find the session: %v", err)
	}
	if err := a.DeleteSession(ctx, "token-hash"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the sign-out heard", func() bool {
		_, err := b.SessionByHash(ctx, "token-hash", time.Hour)
		return forum.ErrorCode(err) == forum.ENOTFOUND
	})

	gen := b.Generation()
	if _, err := a.CreateGroup(ctx, acc, forum.GroupEdit{Name: "Heard group", Description: "Made on the first instance."}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the public change heard", func() bool { return b.Generation() != gen })

	// The listening connection is cut: the instance keeps no session in
	// memory until it listens again, so a sign-out it cannot hear of
	// still counts at once.
	if err := a.CreateSession(ctx, acc.ID, "second-hash", "", time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SessionByHash(ctx, "second-hash", time.Hour); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, os.Getenv(storetest.PostgresEnv))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
		store.ListenerApplicationName); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the lost connection noticed", func() bool { return !b.Listening() })
	if err := a.DeleteSession(ctx, "second-hash"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SessionByHash(ctx, "second-hash", time.Hour); forum.ErrorCode(err) != forum.ENOTFOUND {
		t.Fatalf("with no connection listening, a session ended on the other instance is still found: %v", err)
	}
	waitFor(t, "listening again", func() bool { return b.Listening() })
}
