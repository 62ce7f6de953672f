package store

import (
	"sync"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// How many posts hold a word, per column (title, body), for ranking on
// SQLite. Asking FTS4 for it with every query (matchinfo's 'x') cost a
// third of a search; it changes slowly, so each word's counts are read
// from post_fts_terms once and kept for termsTTL.

const (
	termsTTL = 10 * time.Minute
	termsMax = 50000
)

type termCounts struct {
	cols [2]int64 // posts with the word in the title, in the body
	at   time.Time
}

type termCache struct {
	mu sync.Mutex
	m  map[string]termCounts
}

// termDocs returns, for each word, how many posts hold it in each column.
func (s *Store) termDocs(db *gorm.DB, words []string) (map[string][2]int64, error) {
	out := make(map[string][2]int64, len(words))
	now := time.Now()
	var missing []string
	s.terms.mu.Lock()
	for _, w := range words {
		if c, ok := s.terms.m[w]; ok && now.Sub(c.at) < termsTTL {
			out[w] = c.cols
		} else {
			missing = append(missing, w)
		}
	}
	s.terms.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	var rows []struct {
		Term      string
		Col       string
		Documents int64
	}
	if err := db.Table("post_fts_terms").Select("term, CAST(col AS TEXT) AS col, documents").
		Where("term IN ? AND col IN (0, 1)", missing).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, w := range missing {
		out[w] = [2]int64{}
	}
	for _, r := range rows {
		c := out[r.Term]
		if r.Col == "0" {
			c[0] = r.Documents
		} else {
			c[1] = r.Documents
		}
		out[r.Term] = c
	}
	s.terms.mu.Lock()
	if s.terms.m == nil || len(s.terms.m)+len(missing) > termsMax {
		s.terms.m = make(map[string]termCounts)
	}
	for _, w := range missing {
		s.terms.m[w] = termCounts{cols: out[w], at: now}
	}
	s.terms.mu.Unlock()
	return out, nil
}

// rankArgs are forum_rank's counts for the phrases of q, in the order
// ftsQuery writes them: for each, the posts holding it in the title and
// in the body. A phrase counts as its rarest word (no more posts can hold
// the phrase than hold that word).
func (s *Store) rankArgs(db *gorm.DB, q forum.Query) ([]any, error) {
	var words []string
	words = append(words, q.Words...)
	for _, p := range q.Phrases {
		words = append(words, p...)
	}
	docs, err := s.termDocs(db, words)
	if err != nil {
		return nil, err
	}
	var args []any
	for _, w := range q.Words {
		args = append(args, docs[w][0], docs[w][1])
	}
	for _, p := range q.Phrases {
		least := [2]int64{-1, -1}
		for _, w := range p {
			for j := range least {
				if least[j] < 0 || docs[w][j] < least[j] {
					least[j] = docs[w][j]
				}
			}
		}
		args = append(args, max(least[0], 0), max(least[1], 0))
	}
	return args, nil
}
