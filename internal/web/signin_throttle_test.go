package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
	"forum/internal/web"
)

// throttleTime is the sign-in throttle's clock and sleep in these tests: a
// sleep records the wait instead of waiting and, when advance is set, moves
// the clock by it, as time would pass for someone who waited.
type throttleTime struct {
	mu      sync.Mutex
	now     time.Time
	advance bool
	waits   []time.Duration
}

func (tt *throttleTime) Now() time.Time {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	return tt.now
}

func (tt *throttleTime) Sleep(_ context.Context, d time.Duration) error {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	tt.waits = append(tt.waits, d)
	if tt.advance {
		tt.now = tt.now.Add(d)
	}
	return nil
}

func (tt *throttleTime) Advance(d time.Duration) {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	tt.now = tt.now.Add(d)
}

// slept is what the throttle has made requests wait, so far.
func (tt *throttleTime) slept() []time.Duration {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	return slices.Clone(tt.waits)
}

// eachThrottled serves each database with a sign-in throttle of the
// default policy on tt's clock, and no limit on forms.
func eachThrottled(t *testing.T, advance bool, fn func(t *testing.T, s served, tt *throttleTime)) {
	storetest.EachStore(t, func(t *testing.T, st *store.Store) {
		tt := &throttleTime{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), advance: advance}
		fn(t, serve(t, web.Options{Store: st, PublicRead: true, PostsPerSecond: -1,
			SigninThrottle: auth.NewMemoryThrottle(auth.DefaultThrottlePolicy(), tt.Now, tt.Sleep)}), tt)
	})
}

// TestSigninSlowsAnAddressButNeverLocksItOut: twenty-five wrong sign-ins
// from one address (five on a member's pseudonym, the rest on others) are
// each answered, ever more slowly; a forged X-Forwarded-For is no way round
// the slowing; and a colleague behind the same address, with the right
// passphrase, signs in after a wait of a few seconds at most. The success
// forgets that pseudonym's failures, not the address's.
func TestSigninSlowsAnAddressButNeverLocksItOut(t *testing.T) {
	clientCap := auth.DefaultThrottlePolicy().Client.Cap
	eachThrottled(t, true, func(t *testing.T, s served, tt *throttleTime) {
		_, pass := member(t, s.st, "Quiet Heron", forum.RolePractitioner)
		attacker := newBrowser(t, s)
		form := attacker.get("/login")
		guess := func(b *browser, form answer, name string) (answer, []time.Duration) {
			t.Helper()
			before := len(tt.slept())
			p := b.submitOn(form, "/login", url.Values{"pseudonym": {name}, "passphrase": {"a wrong passphrase guess"}})
			return p, tt.slept()[before:]
		}
		for i := range 25 {
			name := "Quiet Heron"
			if i >= 5 {
				name = fmt.Sprintf("Other Name %d", i)
			}
			if p, _ := guess(attacker, form, name); p.status != http.StatusUnprocessableEntity {
				t.Fatalf("wrong try %d from one address: status %d, want 422:\n%s", i+1, p.status, mainOf(p.body))
			}
		}
		if waits := tt.slept(); len(waits) == 0 || slices.Max(waits) != clientCap {
			t.Errorf("25 failures from one address waited %v, want growing waits up to %v", waits, clientCap)
		}
		// With no proxy configured, a forged X-Forwarded-For is the same client.
		attacker.header.Set("X-Forwarded-For", "198.51.100.7")
		if p, waited := guess(attacker, form, "Another Name"); p.status != http.StatusUnprocessableEntity || !slices.Equal(waited, []time.Duration{clientCap}) {
			t.Errorf("the same client with a forged X-Forwarded-For: status %d, waited %v, want 422 after %v", p.status, waited, clientCap)
		}
		attacker.header.Del("X-Forwarded-For")

		colleague := newBrowser(t, s) // the same address: an office behind one router
		before := len(tt.slept())
		p := colleague.submit("/login", "/login", url.Values{"pseudonym": {"Quiet Heron"}, "passphrase": {pass}})
		waited := tt.slept()[before:]
		if p.status != http.StatusSeeOther || !colleague.signedIn() {
			t.Fatalf("the right passphrase from an address with 26 failures: status %d:\n%s", p.status, mainOf(p.body))
		}
		if len(waited) != 1 || waited[0] <= 0 || waited[0] > clientCap {
			t.Errorf("the right passphrase waited %v, want one wait of at most %v", waited, clientCap)
		}

		// The success forgot the pseudonym's failures: from elsewhere, a try
		// on it is free again; the address is as slow as before.
		elsewhere := newBrowser(t, s, fromAddress("127.0.0.2"))
		if p, waited := guess(elsewhere, elsewhere.get("/login"), "Quiet Heron"); p.status != http.StatusUnprocessableEntity || len(waited) != 0 {
			t.Errorf("a try on the pseudonym after its success: status %d, waited %v, want 422 at once", p.status, waited)
		}
		if p, waited := guess(attacker, form, "Another Name"); p.status != http.StatusUnprocessableEntity || !slices.Equal(waited, []time.Duration{clientCap}) {
			t.Errorf("the address after a colleague's success: status %d, waited %v, want 422 after %v", p.status, waited, clientCap)
		}
	})
}

// TestParallelSigninGuessesAreCounted: thirty wrong guesses on one
// pseudonym sent at the same instant are each counted before any is
// checked. The default policy lets five through at once and queues the
// rest 1, 3, 7 and 15 s later; the other twenty-one would queue past 30 s
// and are refused with 429 and Retry-After, unchecked. A minute later the
// member signs in.
func TestParallelSigninGuessesAreCounted(t *testing.T) {
	eachThrottled(t, false, func(t *testing.T, s served, tt *throttleTime) {
		_, pass := member(t, s.st, "Quiet Heron", forum.RolePractitioner)
		type sent struct {
			b    *browser
			form url.Values
		}
		var guesses []sent
		for range 30 {
			b := newBrowser(t, s)
			f, _ := hiddenFields(b.get("/login").body, "/login")
			f.Set("pseudonym", "Quiet Heron")
			f.Set("passphrase", "a wrong passphrase guess")
			guesses = append(guesses, sent{b, f})
		}
		statuses := make([]int, len(guesses))
		retry := make([]string, len(guesses))
		errs := make([]error, len(guesses))
		var wg sync.WaitGroup
		for i, g := range guesses {
			wg.Go(func() {
				res, err := g.b.client.PostForm(s.URL+"/login", g.form)
				if err != nil {
					errs[i] = err
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				statuses[i], retry[i] = res.StatusCode, res.Header.Get("Retry-After")
			})
		}
		wg.Wait()
		checked, refused := 0, 0
		for i, status := range statuses {
			switch {
			case errs[i] != nil:
				t.Fatalf("guess %d: %v", i+1, errs[i])
			case status == http.StatusUnprocessableEntity:
				checked++
			case status == http.StatusTooManyRequests:
				refused++
				if n, err := strconv.Atoi(retry[i]); err != nil || n <= 0 {
					t.Errorf("a refused guess says Retry-After %q", retry[i])
				}
			default:
				t.Errorf("guess %d: status %d", i+1, status)
			}
		}
		sec := time.Second
		waits := tt.slept()
		slices.Sort(waits)
		if checked != 9 || refused != 21 || !slices.Equal(waits, []time.Duration{sec, 3 * sec, 7 * sec, 15 * sec}) {
			t.Errorf("30 guesses at once: %d checked, %d refused, waits %v; want 9 checked (5 at once, 4 after 1, 3, 7, 15 s) and 21 refused",
				checked, refused, waits)
		}

		tt.Advance(time.Minute)
		them := newBrowser(t, s, fromAddress("127.0.0.2"))
		if p := them.submit("/login", "/login", url.Values{"pseudonym": {"Quiet Heron"}, "passphrase": {pass}}); p.status != http.StatusSeeOther {
			t.Errorf("the member a minute later: status %d:\n%s", p.status, mainOf(p.body))
		}
	})
}

// TestPassphraseChecksOnTheAccountPageAreThrottled: the current passphrase
// asked before a change is counted like a sign-in, so a stolen session is
// no faster way to guess it: wrong answers queue on the account, and the
// refusal, when the queue is full, says to wait.
func TestPassphraseChecksOnTheAccountPageAreThrottled(t *testing.T) {
	eachThrottled(t, false, func(t *testing.T, s served, tt *throttleTime) {
		_, pass := member(t, s.st, "Quiet Heron", forum.RolePractitioner)
		b := newBrowser(t, s)
		b.signIn("Quiet Heron", pass)
		page := b.get("/account")
		wrong := url.Values{"current": {"not my passphrase at all"}, "new": {"a brand new passphrase"}, "confirm-new": {"a brand new passphrase"}}
		var got []int
		for range 12 {
			got = append(got, b.submitOn(page, "/account/passphrase", wrong).status)
		}
		want := slices.Concat(slices.Repeat([]int{http.StatusUnprocessableEntity}, 9), slices.Repeat([]int{http.StatusTooManyRequests}, 3))
		if !slices.Equal(got, want) {
			t.Errorf("12 wrong current passphrases at one instant: statuses %v, want %v", got, want)
		}
		if p := b.submitOn(page, "/account/passphrase", wrong); !strings.Contains(p.body, "Wait a minute") {
			t.Errorf("the refusal does not say to wait:\n%s", mainOf(p.body))
		}
	})
}
