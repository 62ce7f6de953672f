package web_test

import (
	"net/http"
	"testing"
)

// TestHeadAnswersAsGet: HEAD on every GET route of the router answers with
// the status GET gives, and no body, as HTTP asks (monitors and link
// checkers send HEAD).
func TestHeadAnswersAsGet(t *testing.T) {
	eachServed(t, sgOptions, func(t *testing.T, s served) {
		c := sgSetUp(t, s)
		ids := sgRichContent(t, s, c)
		b := newBrowser(t, s)
		checked := 0
		for _, pattern := range sgGetRoutes(t, s) {
			path, ok := sgFill(pattern, ids)
			if !ok {
				continue
			}
			get, head := b.get(path), b.do(http.MethodHead, path, nil, nil)
			if head.status != get.status || head.body != "" {
				t.Errorf("HEAD %s: status %d and %d bytes; GET answers %d", path, head.status, len(head.body), get.status)
			}
			checked++
		}
		if checked < 20 {
			t.Fatalf("checked only %d routes", checked)
		}
	})
}
