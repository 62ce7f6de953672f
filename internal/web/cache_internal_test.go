package web

import (
	"fmt"
	"testing"
	"time"
)

// The page cache holds at most pageCacheBytes, however many pages are put
// into it (a search for new words each time puts a new one), and the page
// put last is always kept.
func TestPageCacheIsBoundedInBytes(t *testing.T) {
	var pc pageCache
	body := make([]byte, pageCacheMaxBody-1)
	for i := range 3 * pageCacheBytes / len(body) {
		key := fmt.Sprintf("/search?q=word%d", i)
		pc.put(key, &cachedPage{gen: 1, body: body})
		total := 0
		for _, p := range pc.pages {
			total += p.size()
		}
		if total > pageCacheBytes || total != pc.bytes {
			t.Fatalf("after %d pages the cache holds %d bytes and counts %d; the bound is %d", i+1, total, pc.bytes, pageCacheBytes)
		}
		if pc.get(key, 1, time.Now()) == nil {
			t.Fatalf("page %d is not kept right after it was put", i+1)
		}
	}
	// Putting a page again under the same key replaces it in the count.
	pc = pageCache{}
	for range 10 {
		pc.put("/", &cachedPage{gen: 1, body: body})
	}
	if len(pc.pages) != 1 || pc.bytes != len(body) {
		t.Errorf("one page put ten times: %d pages, %d bytes counted; want 1 and %d", len(pc.pages), pc.bytes, len(body))
	}
}
