package demo

import (
	"math/rand/v2"
	"strings"
	"testing"

	"forum/internal/pii"
)

// TestContentHasNoPersonalData runs the personal-data check over every text
// the demo writes: the sample threads (titles, opening posts, replies at
// every depth), the short replies, the decline reason, and a few thousand
// generated titles and bodies. The sample content is promised to hold no
// personal data, so any finding is either a slip in the content or a false
// alarm in the check, and both are bugs.
func TestContentHasNoPersonalData(t *testing.T) {
	var texts []string
	var walk func(rs []Reply)
	walk = func(rs []Reply) {
		for _, r := range rs {
			texts = append(texts, r.Body)
			walk(r.Replies)
		}
	}
	for _, ths := range Threads {
		for _, th := range ths {
			texts = append(texts, th.Title, th.Body)
			walk(th.Replies)
		}
	}
	texts = append(texts, ShortReplies...)
	texts = append(texts, declineReason, strings.Join(Words, " "))
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		texts = append(texts, title(rnd), body(rnd))
	}
	if len(texts) < 2400 {
		t.Fatalf("only %d texts to check; has the sample content moved?", len(texts))
	}
	for _, text := range texts {
		for _, f := range pii.Check(text) {
			t.Errorf("%s %q in demo text %q", f.Label, text[f.Start:f.End], text)
		}
	}
}
