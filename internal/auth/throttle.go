package auth

import (
	"container/list"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"time"
)

// SigninThrottle slows down passphrase guessing. Every attempt is counted
// as a failure before its passphrase is checked, in the same step that
// reads the counts, so that thirty guesses sent at once are thirty
// failures, not thirty reads of the same count; a right passphrase takes
// its count back afterwards.
//
// It slows rather than refuses. Attempts on one account (a pseudonym key,
// known or not) queue behind each other with a growing gap, so the guesses
// an account can take in a window stay few however many connections send
// them; an attempt that would queue longer than the policy allows is
// refused, for that account only and only until the queue drains.
// Attempts from one client (a ClientKeyer hash, never an address) wait a
// growing but short delay and are never refused: a whole office behind one
// address, where someone mistyped or someone guessed, still signs in.
//
// MemoryThrottle keeps its states in memory; with AccountStates in the
// database (NewSharedThrottle), the accounts' states are shared by every
// instance on one PostgreSQL.
type SigninThrottle interface {
	// Reserve counts an attempt on account and on client, waits for its
	// turn and returns it. A *TooSoonError means the account's queue is
	// full: nothing was counted, and the passphrase must not be checked.
	Reserve(ctx context.Context, account, client string) (Attempt, error)
	// Succeeded records that the attempt's passphrase was right: the
	// account's failures are forgotten, and the attempt no longer counts
	// against its client (the client's other failures still do).
	Succeeded(ctx context.Context, a Attempt) error
}

// Attempt is one counted sign-in attempt.
type Attempt struct {
	Account, Client string
	// Wait is how long the attempt waited for its turn.
	Wait time.Duration
	// AccountFailures and ClientFailures are the attempts on record when
	// it was counted, itself included.
	AccountFailures, ClientFailures int
}

// TooSoonError refuses an attempt on an account whose queue is full.
type TooSoonError struct {
	// RetryAfter is when an attempt would be taken again.
	RetryAfter time.Duration
}

func (e *TooSoonError) Error() string {
	return fmt.Sprintf("too many sign-in attempts on one account: retry after %s", e.RetryAfter)
}

// Backoff is a delay that grows with failures: none while there are fewer
// than Free, then Base, doubling with each further failure, up to Cap.
type Backoff struct {
	Free      int
	Base, Cap time.Duration
}

// Delay is the delay before the next attempt when failures are on record.
func (b Backoff) Delay(failures int) time.Duration {
	if failures < b.Free {
		return 0
	}
	d := b.Base
	for i := b.Free; i < failures && d < b.Cap; i++ {
		d *= 2
	}
	return min(d, b.Cap)
}

// ThrottlePolicy is how a SigninThrottle counts and slows.
type ThrottlePolicy struct {
	// Account spaces out the checks on one account: after n failures the
	// next check starts Account.Delay(n) after the one before it.
	Account Backoff
	// MaxWait is the longest an attempt queues on one account; past it,
	// the attempt is refused. It is at least Account.Cap, so that someone
	// trying one attempt after another is never refused.
	MaxWait time.Duration
	// Client delays each attempt from one client by Client.Delay of the
	// client's failures; a client is never refused.
	Client Backoff
	// Forget is how long a key's failures last after its last attempt.
	Forget time.Duration
	// MaxKeys bounds how many accounts, and how many clients, a
	// MemoryThrottle remembers; past it, the longest idle go first.
	MaxKeys int
}

// DefaultThrottlePolicy: five free tries on an account, then 1 s between
// checks, doubling to 20 s, so an account takes about fifty guesses in
// fifteen minutes whatever sends them; from one client ten free failures,
// then a quarter of a second, doubling to four. Failures last fifteen
// minutes after the last attempt.
func DefaultThrottlePolicy() ThrottlePolicy {
	return ThrottlePolicy{
		Account: Backoff{Free: 5, Base: time.Second, Cap: 20 * time.Second},
		MaxWait: 30 * time.Second,
		Client:  Backoff{Free: 10, Base: 250 * time.Millisecond, Cap: 4 * time.Second},
		Forget:  15 * time.Minute,
		MaxKeys: 50_000,
	}
}

// KeyState is what a throttle keeps for one account or client.
type KeyState struct {
	Failures int
	// Next is when the next check on an account may start.
	Next time.Time
	// Seen is the last attempt, for forgetting.
	Seen time.Time
}

// Decision is what Admit decides for one attempt.
type Decision struct {
	// Wait is how long the attempt waits before its check.
	Wait time.Duration
	// RetryAfter, when not zero, refuses the attempt.
	RetryAfter time.Duration
	// Account and Client are the states to keep after the attempt.
	Account, Client KeyState
}

// Admit decides an attempt at now, given the states on record for its
// account and client. A refused attempt leaves both states as they were.
func (p ThrottlePolicy) Admit(account, client KeyState, now time.Time) Decision {
	account, client = p.live(account, now), p.live(client, now)
	if queued := account.Next.Sub(now); queued > p.MaxWait {
		return Decision{RetryAfter: max(queued-p.MaxWait, time.Second), Account: account, Client: client}
	}
	start := now.Add(p.Client.Delay(client.Failures))
	if account.Next.After(start) {
		start = account.Next
	}
	account.Failures++
	account.Next, account.Seen = start.Add(p.Account.Delay(account.Failures)), now
	client.Failures++
	client.Seen = now
	return Decision{Wait: start.Sub(now), Account: account, Client: client}
}

// Refund takes one failure back from a client, after a right passphrase.
func (p ThrottlePolicy) Refund(client KeyState, now time.Time) KeyState {
	client = p.live(client, now)
	client.Failures = max(client.Failures-1, 0)
	return client
}

// live is s, or nothing when s has been idle for Forget.
func (p ThrottlePolicy) live(s KeyState, now time.Time) KeyState {
	if now.Sub(s.Seen) >= p.Forget {
		return KeyState{}
	}
	return s
}

// AccountStates keeps the accounts' KeyStates for a throttle: in this
// process's memory for one instance, in the database for several, so that
// guesses sent to every instance behind a load balancer count as one.
// Keys are hashed to a fixed size (ThrottleKey) before they reach it.
type AccountStates interface {
	// Update calls decide with the state on record for key (the zero
	// state when there is none) and keeps what it returns when keep is
	// true. No other Update or Forget of key runs in between.
	Update(ctx context.Context, key [16]byte, decide func(KeyState) (next KeyState, keep bool)) error
	// Forget drops key's state.
	Forget(ctx context.Context, key [16]byte) error
}

// ThrottleKey is the fixed-size key a throttle keeps for an account or a
// client, so a long pseudonym costs no more than a short one.
func ThrottleKey(key string) [16]byte {
	sum := sha256.Sum256([]byte(key))
	return [16]byte(sum[:16])
}

// MemoryThrottle is a SigninThrottle whose clients live in this process's
// memory, and whose accounts live there too (NewMemoryThrottle) or in
// AccountStates shared by every instance (NewSharedThrottle). Clients are
// never shared: their keys come from addresses, and no address, even
// hashed, is written to the database (docs/THREAT-MODEL.md).
type MemoryThrottle struct {
	policy   ThrottlePolicy
	now      func() time.Time
	sleep    func(context.Context, time.Duration) error
	mu       sync.Mutex
	clients  *keyTable
	accounts AccountStates
}

// NewMemoryThrottle makes a throttle with policy that keeps everything in
// memory. now is its clock and sleep how it waits (nil: the real ones);
// tests pass their own.
func NewMemoryThrottle(policy ThrottlePolicy, now func() time.Time, sleep func(context.Context, time.Duration) error) *MemoryThrottle {
	return NewSharedThrottle(policy, &memoryStates{table: newKeyTable(policy.MaxKeys, policy.Forget), now: now}, now, sleep)
}

// NewSharedThrottle makes a throttle with policy that keeps the accounts'
// states in accounts.
func NewSharedThrottle(policy ThrottlePolicy, accounts AccountStates, now func() time.Time, sleep func(context.Context, time.Duration) error) *MemoryThrottle {
	if now == nil {
		now = time.Now
	}
	if sleep == nil {
		sleep = Sleep
	}
	if m, ok := accounts.(*memoryStates); ok && m.now == nil {
		m.now = now
	}
	return &MemoryThrottle{policy: policy, now: now, sleep: sleep, accounts: accounts,
		clients: newKeyTable(policy.MaxKeys, policy.Forget)}
}

// Reserve implements SigninThrottle.
func (t *MemoryThrottle) Reserve(ctx context.Context, account, client string) (Attempt, error) {
	var d Decision
	t.mu.Lock()
	now := t.now()
	err := t.accounts.Update(ctx, ThrottleKey(account), func(acc KeyState) (KeyState, bool) {
		d = t.policy.Admit(acc, t.clients.get(client), now)
		return d.Account, d.RetryAfter == 0
	})
	if err == nil && d.RetryAfter == 0 {
		t.clients.put(client, d.Client, now)
	}
	t.mu.Unlock()
	if err != nil {
		return Attempt{}, err
	}
	if d.RetryAfter > 0 {
		return Attempt{}, &TooSoonError{RetryAfter: d.RetryAfter}
	}
	a := Attempt{Account: account, Client: client, Wait: d.Wait,
		AccountFailures: d.Account.Failures, ClientFailures: d.Client.Failures}
	if d.Wait > 0 {
		if err := t.sleep(ctx, d.Wait); err != nil {
			return a, err
		}
	}
	return a, nil
}

// Succeeded implements SigninThrottle.
func (t *MemoryThrottle) Succeeded(ctx context.Context, a Attempt) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if c := t.policy.Refund(t.clients.get(a.Client), now); c.Failures > 0 {
		t.clients.put(a.Client, c, now)
	} else {
		t.clients.remove(a.Client)
	}
	return t.accounts.Forget(ctx, ThrottleKey(a.Account))
}

// memoryStates is AccountStates in this process's memory; the throttle's
// lock serialises its use.
type memoryStates struct {
	table *keyTable
	now   func() time.Time
}

func (m *memoryStates) Update(_ context.Context, key [16]byte, decide func(KeyState) (KeyState, bool)) error {
	if next, keep := decide(m.table.getKey(key)); keep {
		m.table.putKey(key, next, m.now())
	}
	return nil
}

func (m *memoryStates) Forget(_ context.Context, key [16]byte) error {
	m.table.removeKey(key)
	return nil
}

// Sleep waits for d, or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// keyTable holds KeyStates by hashed key, most recently used first, and
// drops the least recently used beyond max and those idle for forget.
type keyTable struct {
	max    int
	forget time.Duration
	items  map[[16]byte]*list.Element
	order  *list.List // of *keyEntry, front most recently used
}

type keyEntry struct {
	key   [16]byte
	state KeyState
}

func newKeyTable(max int, forget time.Duration) *keyTable {
	return &keyTable{max: max, forget: forget, items: map[[16]byte]*list.Element{}, order: list.New()}
}

func (t *keyTable) get(key string) KeyState { return t.getKey(ThrottleKey(key)) }

func (t *keyTable) getKey(k [16]byte) KeyState {
	if e, ok := t.items[k]; ok {
		return e.Value.(*keyEntry).state
	}
	return KeyState{}
}

func (t *keyTable) put(key string, s KeyState, now time.Time) { t.putKey(ThrottleKey(key), s, now) }

func (t *keyTable) putKey(k [16]byte, s KeyState, now time.Time) {
	if e, ok := t.items[k]; ok {
		e.Value.(*keyEntry).state = s
		t.order.MoveToFront(e)
	} else {
		t.items[k] = t.order.PushFront(&keyEntry{key: k, state: s})
	}
	t.trim(now)
}

func (t *keyTable) remove(key string) { t.removeKey(ThrottleKey(key)) }

func (t *keyTable) removeKey(k [16]byte) {
	if e, ok := t.items[k]; ok {
		t.order.Remove(e)
		delete(t.items, k)
	}
}

// trim drops entries from the least recently used end while there are too
// many or the last one has been idle for forget.
func (t *keyTable) trim(now time.Time) {
	for back := t.order.Back(); back != nil; back = t.order.Back() {
		e := back.Value.(*keyEntry)
		if t.order.Len() <= t.max && now.Sub(e.state.Seen) < t.forget {
			return
		}
		t.order.Remove(back)
		delete(t.items, e.key)
	}
}

func (t *keyTable) len() int { return t.order.Len() }

// ClientKeyer turns a client's network address into a keyed hash for rate
// limiting. The key is random, lives only in this process's memory, and is
// replaced every day, so yesterday's hashes cannot be linked to today's and
// no one can reverse a hash into an address by trying all of them.
type ClientKeyer struct {
	mu    sync.Mutex
	key   []byte
	made  time.Time
	every time.Duration
	now   func() time.Time
}

// NewClientKeyer makes a keyer whose key rotates every period.
func NewClientKeyer(every time.Duration, now func() time.Time) *ClientKeyer {
	if now == nil {
		now = time.Now
	}
	return &ClientKeyer{every: every, now: now}
}

// Key returns the client key for addr.
func (k *ClientKeyer) Key(addr string) string {
	k.mu.Lock()
	if k.key == nil || k.now().Sub(k.made) >= k.every {
		k.key = make([]byte, 32)
		_, _ = rand.Read(k.key)
		k.made = k.now()
	}
	mac := hmac.New(sha256.New, k.key)
	k.mu.Unlock()
	mac.Write([]byte(addr))
	return hex.EncodeToString(mac.Sum(nil)[:12])
}
