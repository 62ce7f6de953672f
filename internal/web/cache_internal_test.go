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
	pc := newPageCache()
	body := make([]byte, pageCacheMaxBody-1)
	for i := range 3 * pageCacheBytes / len(body) {
		key := fmt.Sprintf("/search?q=word%d", i)
		pc.kept.Put(key, 1, &cachedPage{body: body})
		if held := pc.kept.Cost(); held > pageCacheBytes {
			t.Fatalf("after %d pages the cache holds %d bytes; the bound is %d", i+1, held, pageCacheBytes)
		}
		if pc.get(key, 1, time.Now()) == nil {
			t.Fatalf("page %d is not kept right after it was put", i+1)
		}
	}
	// Putting a page again under the same key replaces it in the count.
	pc = newPageCache()
	for range 10 {
		pc.kept.Put("/", 1, &cachedPage{body: body})
	}
	if pc.kept.Len() != 1 || pc.kept.Cost() != len(body) {
		t.Errorf("one page put ten times: %d pages, %d bytes counted; want 1 and %d", pc.kept.Len(), pc.kept.Cost(), len(body))
	}
}
