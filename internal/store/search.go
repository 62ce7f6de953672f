package store

import (
	"cmp"
	"context"
	"database/sql"
	"math"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
	"forum/internal/markup"
)

// Search markers: snippets come back with each matched word between these
// two bytes, which no post contains; the web layer escapes the snippet and
// turns them into <mark> and </mark>.
const (
	MarkStart = "\x01"
	MarkEnd   = "\x02"
)

// SearchPageSize is how many results a page of search shows.
const SearchPageSize = 20

// searchCandidates bounds the matches ranked for one query: the newest
// this many. A query that matches more is ranked among its recent matches.
const searchCandidates = 1000

// SearchFilter narrows a search to a group or a forum.
type SearchFilter struct {
	GroupID int64
	ForumID int64
}

// SearchResult is one matching post.
type SearchResult struct {
	PostID     int64
	TopicID    int64
	TopicTitle string
	Opening    bool
	ForumID    int64
	ForumName  string
	GroupName  string
	Author     string
	Snippet    string // with MarkStart/MarkEnd around matches
	CreatedAt  time.Time
}

// SearchPage is one page of results, best first.
type SearchPage struct {
	Results []SearchResult
	More    bool
}

type searchRow struct {
	PostID          int64
	TopicID         int64
	TopicTitle      string
	Opening         bool
	ForumID         int64
	ForumName       string
	GroupName       string
	Anonymous       bool
	AuthorPseudonym sql.NullString
	Snippet         string
	CreatedAt       time.Time
}

const searchSelect = `p.id AS post_id, p.topic_id, t.title AS topic_title, p.opening, f.id AS forum_id,
	f.name AS forum_name, g.name AS group_name, p.anonymous,
	a.pseudonym AS author_pseudonym, p.created_at`

// Search finds approved posts and topic titles that match q, ranked by
// relevance. Only approved posts in approved topics, in forums and groups
// that are not archived, are ever in the index or in the results.
func (s *Store) Search(ctx context.Context, q forum.Query, f SearchFilter, page int) (SearchPage, error) {
	if q.Empty() {
		return SearchPage{}, nil
	}
	page = max(page, 1)
	db := s.r(ctx)
	var cands []candidate
	var err error
	if s.dialect == Postgres {
		cands, err = candidatesPostgres(db, q)
	} else {
		cands, err = s.candidatesSQLite(db, q)
	}
	if err != nil {
		return SearchPage{}, translate(err)
	}
	rows, err := visiblePage(db, cands, f, page)
	if err == nil && len(rows) > 0 {
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.PostID
		}
		var snippets map[int64]string
		if s.dialect == Postgres {
			snippets, err = snippetsPostgres(db, q, ids)
		} else {
			snippets, err = snippetsSQLite(db, q, ids)
		}
		for i := range rows {
			rows[i].Snippet = snippets[rows[i].PostID]
		}
	}
	if err != nil {
		return SearchPage{}, translate(err)
	}
	out := SearchPage{More: len(rows) > SearchPageSize}
	for _, r := range rows[:min(len(rows), SearchPageSize)] {
		out.Results = append(out.Results, SearchResult{PostID: s.ids.pubPost(r.PostID), TopicID: s.ids.pubTopic(r.TopicID), TopicTitle: r.TopicTitle,
			Opening: r.Opening, ForumID: r.ForumID, ForumName: r.ForumName, GroupName: r.GroupName,
			Author: displayName(r.Anonymous, r.AuthorPseudonym), Snippet: r.Snippet, CreatedAt: r.CreatedAt.UTC()})
	}
	return out, nil
}

func visibleAndFiltered(q *gorm.DB, f SearchFilter) *gorm.DB {
	q = q.Joins("JOIN posts p ON p.id = m.post_id").
		Joins("JOIN topics t ON t.id = p.topic_id").
		Joins("JOIN forums f ON f.id = t.forum_id").
		Joins("JOIN outcome_groups g ON g.id = f.group_id").
		Joins(bylineJoin("p", "a")).
		Where("p.status = ? AND t.status = ? AND f.archived_at IS NULL AND g.archived_at IS NULL",
			forum.StatusApproved, forum.StatusApproved)
	if f.GroupID != 0 {
		q = q.Where("g.id = ?", f.GroupID)
	}
	if f.ForumID != 0 {
		q = q.Where("f.id = ?", f.ForumID)
	}
	return q
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

// candidate is a post that matches a query, with its relevance.
type candidate struct {
	PostID int64
	Rank   float64
}

// candidatesSQLite finds the newest matches by docid and ranks them with
// BM25 over matchinfo, by the forum_rank function the store registers,
// given how many posts hold each phrase (searchterms.go).
func (s *Store) candidatesSQLite(db *gorm.DB, q forum.Query) ([]candidate, error) {
	docs, err := s.rankArgs(db, q)
	if err != nil {
		return nil, err
	}
	rank := "forum_rank(matchinfo(post_fts, 'pcnaly')" + strings.Repeat(", ?", len(docs)) + ")"
	var cands []candidate
	err = db.Raw("SELECT docid AS post_id, "+rank+" AS rank FROM post_fts WHERE post_fts MATCH ? ORDER BY docid DESC LIMIT ?",
		append(docs, ftsQuery(q), searchCandidates)...).Scan(&cands).Error
	return cands, err
}

// visiblePage sorts the candidates best first and checks them against what
// a reader may see (and the filters) a chunk at a time, until the page and
// one more are found: joining a page's worth of posts costs far less than
// joining every candidate, and the order is the same.
func visiblePage(db *gorm.DB, cands []candidate, f SearchFilter, page int) ([]searchRow, error) {
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if c := cmp.Compare(b.Rank, a.Rank); c != 0 {
			return c
		}
		return cmp.Compare(b.PostID, a.PostID)
	})
	need := page*SearchPageSize + 1
	chunk := 2 * need
	var found []searchRow
	for from := 0; from < len(cands) && len(found) < need; from += chunk {
		part := cands[from:min(from+chunk, len(cands))]
		ids := make([]int64, len(part))
		for i, c := range part {
			ids[i] = c.PostID
		}
		var got []searchRow
		err := visibleAndFiltered(db.Table("(SELECT id AS post_id FROM posts WHERE id IN ?) m", ids), f).
			Select(searchSelect).Find(&got).Error
		if err != nil {
			return nil, err
		}
		byID := make(map[int64]searchRow, len(got))
		for _, r := range got {
			byID[r.PostID] = r
		}
		for _, id := range ids {
			if r, ok := byID[id]; ok {
				found = append(found, r)
			}
		}
		chunk = max(chunk, 250) // a filter that passes few needs bigger chunks
	}
	skip := (page - 1) * SearchPageSize
	if skip >= len(found) {
		return nil, nil
	}
	return found[skip:min(len(found), skip+SearchPageSize+1)], nil
}

// snippetsSQLite makes the snippets of the results shown, by post, from the
// text the index holds (rowid lookups, with no second full-text query).
func snippetsSQLite(db *gorm.DB, q forum.Query, ids []int64) (map[int64]string, error) {
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

// candidatesPostgres finds the newest matches and ranks them with
// ts_rank_cd.
func candidatesPostgres(db *gorm.DB, q forum.Query) ([]candidate, error) {
	ws := websearchQuery(q)
	var cands []candidate
	err := db.Table("post_search s").
		Select(`s.post_id, ts_rank_cd(s.document, websearch_to_tsquery('english', ?)) AS rank`, ws).
		Where("s.document @@ websearch_to_tsquery('english', ?)", ws).Order("s.post_id DESC").Limit(searchCandidates).
		Find(&cands).Error
	return cands, err
}

// snippetsPostgres makes the snippets of the results shown, by post, with
// ts_headline, which marks the words as the english configuration stems
// them (a search for "worker" marks "workers").
func snippetsPostgres(db *gorm.DB, q forum.Query, ids []int64) (map[int64]string, error) {
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

// indexPost puts an approved post in the search index, with its topic's
// title when it opens the topic.
func indexPost(tx *gorm.DB, p *postRow, title string) error {
	return indexPostStep(tx, p, title).run(tx)
}

// indexPostStep is indexPost's statement in tx's dialect, for a write that
// sends it with others (runSteps).
func indexPostStep(tx *gorm.DB, p *postRow, title string) step {
	if !p.Opening {
		title = ""
	}
	body := markup.PlainText(p.BodyHTML)
	if tx.Dialector.Name() == "postgres" {
		return step{`INSERT INTO post_search (post_id, title, body, document) VALUES (?, ?, ?,
			setweight(to_tsvector('english', ?), 'A') || setweight(to_tsvector('english', ?), 'B'))
			ON CONFLICT (post_id) DO UPDATE SET title = excluded.title, body = excluded.body, document = excluded.document`,
			[]any{p.ID, title, body, forum.Fold(title), forum.Fold(body)}}
	}
	return step{"INSERT OR REPLACE INTO post_fts (docid, title, body) VALUES (?, ?, ?)", []any{p.ID, title, body}}
}

// wipeSearchIndex, on SQLite, merges the full-text index into one segment
// after words have been erased from it. FTS4 deletes by writing a new
// segment that marks the old entries gone; the old entries, and the marks,
// stay in the file until a merge reaches every level. The merge rewrites
// the index (seconds for a million posts, in the one writer), so it is for
// erasure, which is rare, not for hiding, which keeps the words anyway.
// PostgreSQL keeps deleted rows until VACUUM (docs/THREAT-MODEL.md).
func wipeSearchIndex(tx *gorm.DB) error {
	if tx.Dialector.Name() == "postgres" {
		return nil
	}
	return tx.Exec("INSERT INTO post_fts (post_fts) VALUES ('optimize')").Error
}

// unindexTopic takes all of a topic's posts out of the search index.
func unindexTopic(tx *gorm.DB, topicID int64) error {
	table, key := "post_fts", "docid"
	if tx.Dialector.Name() == "postgres" {
		table, key = "post_search", "post_id"
	}
	return tx.Exec("DELETE FROM "+table+" WHERE "+key+" IN (SELECT id FROM posts WHERE topic_id = ?)", topicID).Error
}

// reindexTopic makes the index hold exactly the approved posts of a topic
// that is approved: after hiding, erasing or anything else that may take
// many posts out of sight at once.
func reindexTopic(tx *gorm.DB, topicID int64) error {
	if err := unindexTopic(tx, topicID); err != nil {
		return err
	}
	var t topicRow
	if err := tx.Where("id = ?", topicID).Take(&t).Error; err != nil {
		if forum.ErrorCode(translate(err)) == forum.ENOTFOUND {
			return nil
		}
		return err
	}
	if t.Status != string(forum.StatusApproved) {
		return nil
	}
	var posts []postRow
	if err := tx.Where("topic_id = ? AND status = ?", topicID, forum.StatusApproved).Find(&posts).Error; err != nil {
		return err
	}
	for i := range posts {
		if err := indexPost(tx, &posts[i], t.Title); err != nil {
			return err
		}
	}
	return nil
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
