package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeTime is a clock and a sleep for a throttle under test: sleeping
// records the wait and, when advance is set, moves the clock by it, as a
// person trying again after the wait would find it.
type fakeTime struct {
	mu      sync.Mutex
	now     time.Time
	advance bool
	waits   []time.Duration
}

func newFakeTime(advance bool) *fakeTime {
	return &fakeTime{now: time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC), advance: advance}
}

func (f *fakeTime) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeTime) Sleep(_ context.Context, d time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waits = append(f.waits, d)
	if f.advance {
		f.now = f.now.Add(d)
	}
	return nil
}

func (f *fakeTime) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

func newTestThrottle(ft *fakeTime) *MemoryThrottle {
	return NewMemoryThrottle(DefaultThrottlePolicy(), ft.Now, ft.Sleep)
}

func TestBackoffDoublesToItsCap(t *testing.T) {
	b := Backoff{Free: 3, Base: time.Second, Cap: 10 * time.Second}
	var got []time.Duration
	for n := range 9 {
		got = append(got, b.Delay(n))
	}
	s := time.Second
	want := []time.Duration{0, 0, 0, s, 2 * s, 4 * s, 8 * s, 10 * s, 10 * s}
	if !slices.Equal(got, want) {
		t.Errorf("delays after 0..8 failures = %v, want %v", got, want)
	}
	if d := b.Delay(1 << 30); d != 10*time.Second {
		t.Errorf("delay after a billion failures = %v, want the cap", d)
	}
}

// TestParallelGuessesAreAllCounted: thirty guesses on one account sent at
// the same instant are each counted before any is checked. The first few
// go through at once, the rest queue at growing gaps, and those that would
// queue longer than MaxWait are refused, uncounted and unchecked, so the
// number of checks stays small whatever the number of connections.
func TestParallelGuessesAreAllCounted(t *testing.T) {
	ft := newFakeTime(false) // the guesses all arrive at one instant
	th := newTestThrottle(ft)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		admitted []Attempt
		refused  []*TooSoonError
	)
	for i := range 30 {
		wg.Go(func() {
			a, err := th.Reserve(context.Background(), "quietheron", fmt.Sprintf("client-%d", i%3))
			mu.Lock()
			defer mu.Unlock()
			var soon *TooSoonError
			switch {
			case errors.As(err, &soon):
				refused = append(refused, soon)
			case err != nil:
				t.Error(err)
			default:
				admitted = append(admitted, a)
			}
		})
	}
	wg.Wait()
	if len(admitted)+len(refused) != 30 {
		t.Fatalf("%d admitted and %d refused of 30", len(admitted), len(refused))
	}
	var counts []int
	var waits []time.Duration
	for _, a := range admitted {
		counts, waits = append(counts, a.AccountFailures), append(waits, a.Wait)
	}
	slices.Sort(counts)
	slices.Sort(waits)
	// Five free, then the gaps 1, 2, 4, 8 s: starts at 0, 1, 3, 7, 15 s;
	// the next would start at 31 s, past the 30 s a guess may queue.
	s := time.Second
	if want := []time.Duration{0, 0, 0, 0, 0, s, 3 * s, 7 * s, 15 * s}; !slices.Equal(waits, want) {
		t.Errorf("waits of the admitted guesses = %v, want %v", waits, want)
	}
	for i, n := range counts {
		if n != i+1 {
			t.Fatalf("the admitted guesses were counted as %v, want 1..%d each once", counts, len(counts))
		}
	}
	for _, r := range refused {
		if r.RetryAfter <= 0 {
			t.Errorf("a refusal says to retry after %v", r.RetryAfter)
		}
	}
	if got := th.accounts.(*memoryStates).table.get("quietheron").Failures; got != len(admitted) {
		t.Errorf("the account has %d failures on record, want %d", got, len(admitted))
	}
	// Once the queue has drained, the account takes guesses again.
	ft.Advance(time.Minute)
	if _, err := th.Reserve(context.Background(), "quietheron", "client-0"); err != nil {
		t.Errorf("a minute later: %v", err)
	}
}

// TestDelaysGrowAndAreCapped: someone trying one attempt after another,
// waiting each time as told, is slowed more and more, never beyond the
// caps, and never refused.
func TestDelaysGrowAndAreCapped(t *testing.T) {
	s, ms := time.Second, time.Millisecond
	t.Run("one account", func(t *testing.T) {
		ft := newFakeTime(true)
		th := newTestThrottle(ft)
		var waits []time.Duration
		for i := range 14 {
			// a fresh client each time, so only the account's gap counts
			a, err := th.Reserve(context.Background(), "quietheron", fmt.Sprintf("client-%d", i))
			if err != nil {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
			waits = append(waits, a.Wait)
		}
		want := []time.Duration{0, 0, 0, 0, 0, s, 2 * s, 4 * s, 8 * s, 16 * s, 20 * s, 20 * s, 20 * s, 20 * s}
		if !slices.Equal(waits, want) || !slices.Equal(ft.waits, want[5:]) {
			t.Errorf("waits = %v (slept %v), want %v", waits, ft.waits, want)
		}
	})
	t.Run("one client", func(t *testing.T) {
		ft := newFakeTime(true)
		th := newTestThrottle(ft)
		var waits []time.Duration
		for i := range 25 {
			// a fresh pseudonym each time, so only the client's delay counts
			a, err := th.Reserve(context.Background(), fmt.Sprintf("name%d", i), "office")
			if err != nil {
				t.Fatalf("attempt %d from one client: %v", i+1, err)
			}
			waits = append(waits, a.Wait)
		}
		want := slices.Concat(make([]time.Duration, 10), []time.Duration{250 * ms, 500 * ms, s, 2 * s}, slices.Repeat([]time.Duration{4 * s}, 11))
		if !slices.Equal(waits, want) || !slices.Equal(ft.waits, want[10:]) {
			t.Errorf("waits = %v (slept %v), want %v", waits, ft.waits, want)
		}
	})
}

// TestASuccessClearsOnlyItsAccount: a right passphrase forgets the
// account's failures and takes back its own count from the client, but
// not the client's other failures.
func TestASuccessClearsOnlyItsAccount(t *testing.T) {
	ft := newFakeTime(true)
	th := newTestThrottle(ft)
	ctx := context.Background()
	for i := range 12 {
		if _, err := th.Reserve(ctx, fmt.Sprintf("name%d", i%4), "office"); err != nil {
			t.Fatal(err)
		}
	}
	a, err := th.Reserve(ctx, "name0", "office")
	if err != nil || a.AccountFailures != 4 || a.ClientFailures != 13 {
		t.Fatalf("attempt = %+v, %v; want 4 failures on the account, 13 on the client", a, err)
	}
	if err := th.Succeeded(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got := th.accounts.(*memoryStates).table.get("name0").Failures; got != 0 {
		t.Errorf("after a success the account has %d failures", got)
	}
	if got := th.accounts.(*memoryStates).table.get("name1").Failures; got != 3 {
		t.Errorf("after a success on another account, name1 has %d failures, want 3", got)
	}
	if got := th.clients.get("office").Failures; got != 12 {
		t.Errorf("after a success the client has %d failures, want 12", got)
	}
}

// TestEntriesExpireAndStayBounded: failures are forgotten after a quiet
// spell, and however many keys arrive, the throttle keeps at most MaxKeys
// of each kind, dropping the longest idle first.
func TestEntriesExpireAndStayBounded(t *testing.T) {
	ft := newFakeTime(true)
	p := DefaultThrottlePolicy()
	p.MaxKeys = 100
	th := NewMemoryThrottle(p, ft.Now, ft.Sleep)
	ctx := context.Background()
	for range 8 {
		if _, err := th.Reserve(ctx, "quietheron", "office"); err != nil {
			t.Fatal(err)
		}
	}
	ft.Advance(p.Forget)
	ft.waits = nil
	a, err := th.Reserve(ctx, "quietheron", "office")
	if err != nil || a.Wait != 0 || a.AccountFailures != 1 || a.ClientFailures != 1 {
		t.Errorf("after %v of quiet: %+v, %v; want a first, free attempt", p.Forget, a, err)
	}

	for i := range 1000 {
		if _, err := th.Reserve(ctx, fmt.Sprintf("name%d", i), fmt.Sprintf("client%d", i)); err != nil {
			t.Fatal(err)
		}
		if i%10 == 0 { // an account someone keeps trying stays remembered
			ft.Advance(time.Minute)
			if _, err := th.Reserve(ctx, "quietheron", "office"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if th.accounts.(*memoryStates).table.len() > p.MaxKeys || th.clients.len() > p.MaxKeys || len(th.accounts.(*memoryStates).table.items) != th.accounts.(*memoryStates).table.len() {
		t.Errorf("the throttle holds %d accounts (%d indexed) and %d clients, more than %d", th.accounts.(*memoryStates).table.len(), len(th.accounts.(*memoryStates).table.items), th.clients.len(), p.MaxKeys)
	}
	if got := th.accounts.(*memoryStates).table.get("quietheron").Failures; got != 101 {
		t.Errorf("the account kept busy has %d failures on record, want 101", got)
	}
	ft.Advance(p.Forget)
	_, _ = th.Reserve(ctx, "one more", "client")
	if th.accounts.(*memoryStates).table.len() != 1 || th.clients.len() != 1 {
		t.Errorf("after a quiet spell the throttle still holds %d accounts and %d clients", th.accounts.(*memoryStates).table.len(), th.clients.len())
	}
}
