package store

import (
	"math"
	"strings"
	"time"

	"gorm.io/gorm"

	"forum/internal/cache"
	"forum/internal/forum"
)

// sqliteSearch is search on SQLite: an FTS4 table, post_fts, whose docid
// is the post's id, ranked by BM25 in Go (forum_rank, registered with the
// driver in store.go), with the term counts it keeps (termDocs).
type sqliteSearch struct {
	terms *cache.Cache[string, [2]int64]
}

func newSQLiteSearch() sqliteSearch {
	return sqliteSearch{terms: cache.New[string, [2]int64](termsMax, termsTTL)}
}

// ftsQuery writes q in SQLite's FTS query syntax. Every term is a quoted
// phrase of letters and digits only, so no operator can come from input.
func ftsQuery(q forum.Query) string {
	var parts []string
	for _, w := range q.Words {
		parts = append(parts, `"`+w+`"`)
	}
	for _, p := range q.Phrases {
		parts = append(parts, `"`+strings.Join(p, " ")+`"`)
	}
	out := strings.Join(parts, " ")
	for _, x := range q.Excluded {
		out += ` NOT "` + x + `"`
	}
	return out
}

// candidates finds the newest matches by docid and ranks them with BM25
// over matchinfo, by the forum_rank function the store registers, given
// how many posts hold each phrase (the term counts below).
func (x sqliteSearch) candidates(db *gorm.DB, q forum.Query) ([]candidate, error) {
	docs, err := x.rankArgs(db, q)
	if err != nil {
		return nil, err
	}
	rank := "forum_rank(matchinfo(post_fts, 'pcnaly')" + strings.Repeat(", ?", len(docs)) + ")"
	var cands []candidate
	err = db.Raw("SELECT docid AS post_id, "+rank+" AS rank FROM post_fts WHERE post_fts MATCH ? ORDER BY docid DESC LIMIT ?",
		append(docs, ftsQuery(q), searchCandidates)...).Scan(&cands).Error
	return cands, err
}

// snippets makes the snippets of the results shown, by post, from the
// text the index holds (rowid lookups, with no second full-text query).
func (sqliteSearch) snippets(db *gorm.DB, q forum.Query, ids []int64) (map[int64]string, error) {
	var texts []struct {
		PostID int64
		Title  string
		Body   string
	}
	if err := db.Table("post_fts").Select("docid AS post_id, title, body").Where("docid IN ?", ids).Find(&texts).Error; err != nil {
		return nil, err
	}
	byID := make(map[int64]string, len(texts))
	for _, t := range texts {
		text, hits := snippet(t.Body, q)
		if hits == 0 && t.Title != "" {
			if title, n := snippet(t.Title, q); n > 0 {
				text = title
			}
		}
		byID[t.PostID] = text
	}
	return byID, nil
}

// index puts a post's words in post_fts, or replaces them.
func (sqliteSearch) index(postID int64, title, body string) []step {
	return []step{{"INSERT OR REPLACE INTO post_fts (docid, title, body) VALUES (?, ?, ?)", []any{postID, title, body}}}
}

// indexRange puts the approved posts with ids in [from, to] in post_fts,
// after a bulk load.
func (sqliteSearch) indexRange(tx *gorm.DB, from, to int64) error {
	return tx.Exec(`INSERT INTO post_fts (docid, title, body)
		SELECT p.id, CASE WHEN p.opening THEN t.title ELSE '' END, p.body_source
		FROM posts p JOIN topics t ON t.id = p.topic_id
		WHERE p.id BETWEEN ? AND ? AND p.status = 'approved' AND t.status = 'approved'`, from, to).Error
}

// unindexTopic takes all of a topic's posts out of post_fts.
func (sqliteSearch) unindexTopic(tx *gorm.DB, topicID int64) error {
	return tx.Exec("DELETE FROM post_fts WHERE docid IN (SELECT id FROM posts WHERE topic_id = ?)", topicID).Error
}

// wipe merges the full-text index into one segment after words have been
// erased from it. FTS4 deletes by writing a new segment that marks the old
// entries gone; the old entries, and the marks, stay in the file until a
// merge reaches every level. The merge rewrites the index (seconds for a
// million posts, in the one writer), so it is for erasure, which is rare,
// not for hiding, which keeps the words anyway.
func (sqliteSearch) wipe(tx *gorm.DB) error {
	return tx.Exec("INSERT INTO post_fts (post_fts) VALUES ('optimize')").Error
}

// bm25 ranks a row from SQLite's matchinfo(…, 'pcnaly'), with the title
// weighing twice the body; docs holds, for each phrase and column, how many
// posts hold the phrase there (for its rarity). See SQLite's FTS4
// documentation on matchinfo.
func bm25(info []byte, docs ...int64) float64 {
	ints := make([]uint32, len(info)/4)
	for i := range ints {
		ints[i] = uint32(info[4*i]) | uint32(info[4*i+1])<<8 | uint32(info[4*i+2])<<16 | uint32(info[4*i+3])<<24
	}
	if len(ints) < 3 {
		return 0
	}
	p, c, n := int(ints[0]), int(ints[1]), float64(ints[2])
	if len(ints) < 3+2*c+p*c {
		return 0
	}
	avg, length := ints[3:3+c], ints[3+c:3+2*c]
	y := ints[3+2*c:]
	const k1, b = 1.2, 0.75
	weights := []float64{2, 1}
	score := 0.0
	for i := 0; i < p; i++ {
		for j := 0; j < c; j++ {
			hits := float64(y[i*c+j])
			if hits == 0 || avg[j] == 0 {
				continue
			}
			idf := 1.0
			if k := i*c + j; k < len(docs) {
				idf = max(0.01, math.Log((n-float64(docs[k])+0.5)/(float64(docs[k])+0.5)))
			}
			w := 1.0
			if j < len(weights) {
				w = weights[j]
			}
			norm := 1 - b + b*float64(length[j])/float64(avg[j])
			score += w * idf * hits * (k1 + 1) / (hits + k1*norm)
		}
	}
	return score
}

// How many posts hold a word, per column (title, body), for ranking on
// SQLite. Asking FTS4 for it with every query (matchinfo's 'x') cost a
// third of a search; it changes slowly, so each word's counts are read
// from post_fts_terms once and kept for termsTTL.

const (
	termsTTL = 10 * time.Minute
	termsMax = 50000
)

// termDocs returns, for each word, how many posts hold it in each column.
func (x sqliteSearch) termDocs(db *gorm.DB, words []string) (map[string][2]int64, error) {
	out := make(map[string][2]int64, len(words))
	var missing []string
	for _, w := range words {
		if cols, ok := x.terms.Get(w, 0); ok {
			out[w] = cols
		} else {
			missing = append(missing, w)
		}
	}
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
	for _, w := range missing {
		x.terms.Put(w, 0, out[w])
	}
	return out, nil
}

// rankArgs are forum_rank's counts for the phrases of q, in the order
// ftsQuery writes them: for each, the posts holding it in the title and
// in the body. A phrase counts as its rarest word (no more posts can hold
// the phrase than hold that word).
func (x sqliteSearch) rankArgs(db *gorm.DB, q forum.Query) ([]any, error) {
	var words []string
	words = append(words, q.Words...)
	for _, p := range q.Phrases {
		words = append(words, p...)
	}
	docs, err := x.termDocs(db, words)
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
