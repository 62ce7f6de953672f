package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// Throttle counts failures per key within a window, in memory. It holds
// no addresses: callers key it by pseudonym or by a ClientKeyer's hash.
type Throttle struct {
	mu      sync.Mutex
	window  time.Duration
	now     func() time.Time
	entries map[string]*failures
	sweep   time.Time
}

type failures struct {
	count int
	start time.Time
}

// NewThrottle counts failures over window; now is its clock (nil: time.Now).
func NewThrottle(window time.Duration, now func() time.Time) *Throttle {
	if now == nil {
		now = time.Now
	}
	return &Throttle{window: window, now: now, entries: map[string]*failures{}}
}

// Failures is how many failures key has in the current window.
func (t *Throttle) Failures(key string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if f := t.live(key); f != nil {
		return f.count
	}
	return 0
}

// Fail records a failure for key.
func (t *Throttle) Fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if now.Sub(t.sweep) > t.window {
		for k, f := range t.entries {
			if now.Sub(f.start) > t.window {
				delete(t.entries, k)
			}
		}
		t.sweep = now
	}
	if f := t.live(key); f != nil {
		f.count++
		return
	}
	t.entries[key] = &failures{count: 1, start: now}
}

// Reset forgets key's failures, after a success.
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.entries, key)
}

func (t *Throttle) live(key string) *failures {
	f := t.entries[key]
	if f == nil || t.now().Sub(f.start) > t.window {
		return nil
	}
	return f
}

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
