package store

import (
	"strings"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// postgresSearch is search on PostgreSQL: post_search holds each indexed
// post's title and body as written, for snippets, and a tsvector of their
// accent-folded words, the title weighted above the body.
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

// candidates finds the newest matches and ranks them with ts_rank_cd.
func (postgresSearch) candidates(db *gorm.DB, q forum.Query) ([]candidate, error) {
	ws := websearchQuery(q)
	var cands []candidate
	err := db.Table("post_search s").
		Select(`s.post_id, ts_rank_cd(s.document, websearch_to_tsquery('english', ?)) AS rank`, ws).
		Where("s.document @@ websearch_to_tsquery('english', ?)", ws).Order("s.post_id DESC").Limit(searchCandidates).
		Find(&cands).Error
	return cands, err
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

// index puts a post's words in post_search, or replaces them.
func (postgresSearch) index(tx *gorm.DB, postID int64, title, body string) error {
	return tx.Exec(`INSERT INTO post_search (post_id, title, body, document) VALUES (?, ?, ?,
		setweight(to_tsvector('english', ?), 'A') || setweight(to_tsvector('english', ?), 'B'))
		ON CONFLICT (post_id) DO UPDATE SET title = excluded.title, body = excluded.body, document = excluded.document`,
		postID, title, body, forum.Fold(title), forum.Fold(body)).Error
}

// unindexTopic takes all of a topic's posts out of post_search.
func (postgresSearch) unindexTopic(tx *gorm.DB, topicID int64) error {
	return tx.Exec("DELETE FROM post_search WHERE post_id IN (SELECT id FROM posts WHERE topic_id = ?)", topicID).Error
}

// wipe has nothing to do: PostgreSQL keeps deleted rows until VACUUM
// (docs/THREAT-MODEL.md), which no transaction can run.
func (postgresSearch) wipe(*gorm.DB) error { return nil }
