package store

import (
	"strings"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// postgresSearch is search on PostgreSQL: post_search holds each indexed
// post's title and body as written, for snippets, and post_search_documents
// a tsvector of their accent-folded words, the title weighted above the body.
type postgresSearch struct{}

// websearchQuery writes q for PostgreSQL's websearch_to_tsquery, which
// never fails on its input; q holds only letters and digits anyway.
func websearchQuery(q forum.Query) string {
	var parts []string
	parts = append(parts, q.Words...)
	for _, p := range q.Phrases {
		parts = append(parts, `"`+strings.Join(p, " ")+`"`)
	}
	for _, x := range q.Excluded {
		parts = append(parts, "-"+x)
	}
	return strings.Join(parts, " ")
}

// candidates finds the newest matches and ranks them with ts_rank_cd, in
// post_search_documents, which holds the words alone: the title and body
// are read only for the snippets shown.
//
// It looks among the newest 50,000 post ids first, then the newest 500,000,
// then all, so that a query with few matches widens a step at a time rather
// than testing every document newest first. Most searches find their
// searchCandidates matches in the first step, by walking the newest
// documents: ts_match_vq is the @@ operator called as a function, which the
// GIN index cannot serve, because with the bound in hand PostgreSQL would
// intersect the words' index entries with the span instead, and for words
// in a tenth of the posts or more that reads long posting lists and took
// half as long again as the walk (docs/PERFORMANCE.md). The wider steps
// leave the choice to PostgreSQL.
func (postgresSearch) candidates(db *gorm.DB, q forum.Query) ([]candidate, error) {
	ws := websearchQuery(q)
	var newest int64
	if err := db.Raw("SELECT COALESCE(MAX(post_id), 0) FROM post_search_documents").Scan(&newest).Error; err != nil {
		return nil, err
	}
	match := "ts_match_vq(d.document, websearch_to_tsquery('english', ?))"
	for _, back := range [...]int64{50_000, 500_000, newest} {
		from := max(newest-back, 0)
		var cands []candidate
		err := db.Table("post_search_documents d").
			Select(`d.post_id, ts_rank_cd(d.document, websearch_to_tsquery('english', ?)) AS rank`, ws).
			Where(match+" AND d.post_id > ?", ws, from).
			Order("d.post_id DESC").Limit(searchCandidates).Find(&cands).Error
		if err != nil || len(cands) == searchCandidates || from == 0 {
			return cands, err
		}
		match = "d.document @@ websearch_to_tsquery('english', ?)"
	}
	return nil, nil // not reached: the last step starts at 0
}

// snippets makes the snippets of the results shown, by post, with
// ts_headline, which marks the words as the english configuration stems
// them (a search for "worker" marks "workers").
func (postgresSearch) snippets(db *gorm.DB, q forum.Query, ids []int64) (map[int64]string, error) {
	var snippets []struct {
		PostID  int64
		Snippet string
	}
	err := db.Table("post_search s").Select(`s.post_id, ts_headline('english', CASE WHEN s.body = '' THEN s.title ELSE s.body END,
			websearch_to_tsquery('english', ?),
			'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') AS snippet`,
		websearchQuery(q)).Where("s.post_id IN ?", ids).Find(&snippets).Error
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]string, len(snippets))
	for _, sn := range snippets {
		byID[sn.PostID] = sn.Snippet
	}
	return byID, nil
}

// index puts a post's words in the index, or replaces them: its text in
// post_search and its document in post_search_documents. Sent with others
// in one statement (runSteps), the document's foreign key is checked at
// the statement's end, when its post_search row is there whichever ran
// first.
func (postgresSearch) index(postID int64, title, body string) []step {
	return []step{
		{`INSERT INTO post_search (post_id, title, body) VALUES (?, ?, ?)
			ON CONFLICT (post_id) DO UPDATE SET title = excluded.title, body = excluded.body`,
			[]any{postID, title, body}},
		{`INSERT INTO post_search_documents (post_id, document)
			VALUES (?, setweight(to_tsvector('english', ?), 'A') || setweight(to_tsvector('english', ?), 'B'))
			ON CONFLICT (post_id) DO UPDATE SET document = excluded.document`,
			[]any{postID, forum.Fold(title), forum.Fold(body)}},
	}
}

// indexRange puts the approved posts with ids in [from, to] in the index,
// after a bulk load. Their text is folded by lower() alone, as the
// migration that made the index folded the posts before it.
func (postgresSearch) indexRange(tx *gorm.DB, from, to int64) error {
	err := tx.Exec(`INSERT INTO post_search (post_id, title, body)
		SELECT p.id, CASE WHEN p.opening THEN t.title ELSE '' END, p.body_source
		FROM posts p JOIN topics t ON t.id = p.topic_id
		WHERE p.id BETWEEN ? AND ? AND p.status = 'approved' AND t.status = 'approved'`, from, to).Error
	if err != nil {
		return err
	}
	return tx.Exec(`INSERT INTO post_search_documents (post_id, document)
		SELECT post_id, setweight(to_tsvector('english', lower(title)), 'A') || setweight(to_tsvector('english', lower(body)), 'B')
		FROM post_search WHERE post_id BETWEEN ? AND ?`, from, to).Error
}

// unindexTopic takes all of a topic's posts out of post_search; their
// documents go with them (the foreign key's ON DELETE CASCADE).
func (postgresSearch) unindexTopic(tx *gorm.DB, topicID int64) error {
	return tx.Exec("DELETE FROM post_search WHERE post_id IN (SELECT id FROM posts WHERE topic_id = ?)", topicID).Error
}

// wipe has nothing to do: PostgreSQL keeps deleted rows until VACUUM
// (docs/THREAT-MODEL.md), which no transaction can run.
func (postgresSearch) wipe(*gorm.DB) error { return nil }
