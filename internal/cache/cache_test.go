package cache

import (
	"testing"
	"time"
)

// TestCache tries each promise of a cache: an entry is served only in the
// generation it was put in and within its time to live; the least
// recently used go first, by count and by cost; Update keeps an entry's
// generation and age; RemoveIf forgets exactly what it is told to.
func TestCache(t *testing.T) {
	type step func(t *testing.T, c *Cache[string, string], clock *time.Time)
	get := func(k string, gen int64, want string, ok bool) step {
		return func(t *testing.T, c *Cache[string, string], _ *time.Time) {
			t.Helper()
			if got, found := c.Get(k, gen); found != ok || got != want {
				t.Errorf("Get(%q, %d) = %q, %t; want %q, %t", k, gen, got, found, want, ok)
			}
		}
	}
	put := func(k string, gen int64, v string) step {
		return func(_ *testing.T, c *Cache[string, string], _ *time.Time) { c.Put(k, gen, v) }
	}
	wait := func(d time.Duration) step {
		return func(_ *testing.T, _ *Cache[string, string], clock *time.Time) { *clock = clock.Add(d) }
	}
	for _, tc := range []struct {
		name  string
		make  func() *Cache[string, string]
		steps []step
	}{
		{"an entry is good in its own generation only", func() *Cache[string, string] { return New[string, string](10, 0) },
			[]step{put("a", 1, "one"), get("a", 1, "one", true), get("a", 2, "", false), get("a", 0, "", false)}},
		{"a value read across a write is never served", func() *Cache[string, string] { return New[string, string](10, 0) },
			// read at generation 1, a write moved it to 2, then put under 1
			[]step{put("a", 1, "old"), get("a", 2, "", false), put("a", 2, "new"), get("a", 2, "new", true)}},
		{"the time to live ends an entry", func() *Cache[string, string] { return New[string, string](10, time.Minute) },
			[]step{put("a", 0, "one"), wait(59 * time.Second), get("a", 0, "one", true), wait(2 * time.Second), get("a", 0, "", false)}},
		{"without a time to live an entry stays", func() *Cache[string, string] { return New[string, string](10, 0) },
			[]step{put("a", 0, "one"), wait(24 * time.Hour), get("a", 0, "one", true)}},
		{"the least recently used go first", func() *Cache[string, string] { return New[string, string](2, 0) },
			[]step{put("a", 0, "A"), put("b", 0, "B"), get("a", 0, "A", true), put("c", 0, "C"),
				get("b", 0, "", false), get("a", 0, "A", true), get("c", 0, "C", true)}},
		{"the cost bounds the entries", func() *Cache[string, string] {
			return New[string, string](100, 0).WithCost(10, func(v string) int { return len(v) })
		}, []step{put("a", 0, "aaaa"), put("b", 0, "bbbb"), put("c", 0, "cccc"),
			get("a", 0, "", false), get("b", 0, "bbbb", true), get("c", 0, "cccc", true)}},
		{"a value dearer than the bound is not kept, nor its old value", func() *Cache[string, string] {
			return New[string, string](100, 0).WithCost(10, func(v string) int { return len(v) })
		}, []step{put("a", 0, "aaaa"), put("a", 0, "aaaaaaaaaaaa"), get("a", 0, "", false), put("b", 0, "bbbbbbbbbb"), get("b", 0, "bbbbbbbbbb", true)}},
		{"replacing an entry frees its cost", func() *Cache[string, string] {
			return New[string, string](100, 0).WithCost(10, func(v string) int { return len(v) })
		}, []step{put("a", 0, "aaaaaaaa"), put("a", 0, "aa"), put("b", 0, "bbbbbbbb"), get("a", 0, "aa", true), get("b", 0, "bbbbbbbb", true)}},
		{"Update keeps the generation and the age", func() *Cache[string, string] { return New[string, string](10, time.Minute) },
			[]step{put("a", 3, "one"), wait(50 * time.Second),
				func(_ *testing.T, c *Cache[string, string], _ *time.Time) {
					c.Update("a", func(v string) string { return v + "!" })
				},
				get("a", 3, "one!", true), wait(11 * time.Second), get("a", 3, "", false)}},
		{"Update of an absent key adds nothing", func() *Cache[string, string] { return New[string, string](10, 0) },
			[]step{func(_ *testing.T, c *Cache[string, string], _ *time.Time) {
				c.Update("a", func(string) string { return "x" })
			},
				get("a", 0, "", false)}},
		{"RemoveIf forgets what it is told to", func() *Cache[string, string] { return New[string, string](10, 0) },
			[]step{put("member:1", 0, "x"), put("member:2", 0, "y"), put("visitor", 0, "z"),
				func(_ *testing.T, c *Cache[string, string], _ *time.Time) {
					c.RemoveIf(func(k string) bool { return k == "member:1" || k == "visitor" })
				},
				get("member:1", 0, "", false), get("visitor", 0, "", false), get("member:2", 0, "y", true)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.make()
			clock := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
			c.now = func() time.Time { return clock }
			for _, s := range tc.steps {
				s(t, c, &clock)
			}
		})
	}
}

// BenchmarkGetParallel is the page cache's hot path: every visitor's
// request reads it, from as many goroutines as there are requests.
func BenchmarkGetParallel(b *testing.B) {
	c := New[string, []byte](4096, time.Minute)
	keys := make([]string, 64)
	for i := range keys {
		keys[i] = "/t/" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		c.Put(keys[i], 1, make([]byte, 1024))
	}
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, ok := c.Get(keys[i%len(keys)], 1); !ok {
				b.Fatal("missed")
			}
			i++
		}
	})
}
