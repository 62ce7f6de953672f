package store

import (
	"strings"
	"unicode"

	"forum/internal/forum"
)

// snippetWords is how many words a search result's snippet shows.
const snippetWords = 24

// snippet picks the stretch of text (a post's plain text, as indexed) with
// the most words of the query in it, and puts MarkStart and MarkEnd around
// each of them. Words are split and compared as the index does (letters
// and digits, case and accents folded), so what is marked is what matched.
// Making it here rather than with FTS4's snippet() spares a second
// full-text query for every page of results. It also says how many
// words it marked.
func snippet(text string, q forum.Query) (string, int) {
	wanted := map[string]bool{}
	for _, w := range q.Words {
		wanted[w] = true
	}
	for _, p := range q.Phrases {
		for _, w := range p {
			wanted[w] = true
		}
	}
	type word struct {
		start, end int
		hit        bool
	}
	var words []word
	start := -1
	flush := func(end int) {
		if start >= 0 {
			words = append(words, word{start, end, wanted[forum.Fold(text[start:end])]})
			start = -1
		}
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				start = i
			}
		} else {
			flush(i)
		}
	}
	flush(len(text))
	if len(words) == 0 {
		return "", 0
	}

	// The window of snippetWords words with the most hits, the earliest of
	// equals, moved on to start a few words before its first hit.
	n := min(snippetWords, len(words))
	best, bestHits, hits := 0, -1, 0
	for i := range words {
		if words[i].hit {
			hits++
		}
		if i >= n && words[i-n].hit {
			hits--
		}
		if i >= n-1 && hits > bestHits {
			best, bestHits = i-n+1, hits
		}
	}
	for h := best; h < best+n; h++ {
		if words[h].hit {
			best = max(0, min(h-snippetWords/4, len(words)-n))
			break
		}
	}
	from, to := best, best+n-1

	var b strings.Builder
	lo, hi := words[from].start, words[to].end
	if from > 0 {
		b.WriteString("…")
	} else {
		lo = 0
	}
	if to == len(words)-1 {
		hi = len(text)
	}
	at := lo
	for _, w := range words[from : to+1] {
		if !w.hit {
			continue
		}
		b.WriteString(text[at:w.start])
		b.WriteString(MarkStart)
		b.WriteString(text[w.start:w.end])
		b.WriteString(MarkEnd)
		at = w.end
	}
	b.WriteString(text[at:hi])
	if to < len(words)-1 {
		b.WriteString("…")
	}
	return strings.Join(strings.Fields(b.String()), " "), max(bestHits, 0)
}
