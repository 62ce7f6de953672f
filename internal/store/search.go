package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
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
	cands, err := s.search.candidates(db, q)
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
		snippets, err = s.search.snippets(db, q, ids)
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

// searcher is what search does differently on each database: finding and
// ranking the matches of a query, making the snippets of those shown, and
// keeping the index as posts come into and go out of sight. Each database's
// is in its own file (search_sqlite.go, search_postgres.go); what is the
// same on both, checking the candidates against what a reader may see and
// paging them, is here.
type searcher interface {
	// candidates are the newest searchCandidates matches of q, ranked.
	candidates(db *gorm.DB, q forum.Query) ([]candidate, error)
	// snippets are the snippets of the posts with these ids, by post.
	snippets(db *gorm.DB, q forum.Query, ids []int64) (map[int64]string, error)
	// index is what puts a post's words in the index, or replaces them:
	// statements to run in turn, or to send with others (runSteps).
	index(postID int64, title, body string) []step
	// indexRange puts the approved posts with ids in [from, to] in the
	// index, after a bulk load.
	indexRange(tx *gorm.DB, from, to int64) error
	// unindexTopic takes all of a topic's posts out of the index.
	unindexTopic(tx *gorm.DB, topicID int64) error
	// wipe makes words taken out of the index leave the database file.
	wipe(tx *gorm.DB) error
}

// searcherFor is the search of a dialect: the store chooses its own once,
// where it connects (store.go).
func searcherFor(d Dialect) searcher {
	if d == Postgres {
		return postgresSearch{}
	}
	return newSQLiteSearch()
}

// upkeep is the search of tx's database, for keeping its index: the
// index's upkeep runs inside write transactions, which do not carry the
// store, and needs no term counts.
func upkeep(tx *gorm.DB) searcher {
	if Dialect(tx.Dialector.Name()) == Postgres {
		return postgresSearch{}
	}
	return sqliteSearch{}
}

// indexPost puts an approved post in the search index, with its topic's
// title when it opens the topic.
func indexPost(tx *gorm.DB, p *postRow, title string) error {
	for _, st := range indexPostSteps(tx, p, title) {
		if err := st.run(tx); err != nil {
			return err
		}
	}
	return nil
}

// indexPostSteps are indexPost's statements, for a write that sends them
// with others (runSteps).
func indexPostSteps(tx *gorm.DB, p *postRow, title string) []step {
	if !p.Opening {
		title = ""
	}
	return upkeep(tx).index(p.ID, title, markup.PlainText(p.BodyHTML))
}

// unindexTopic takes all of a topic's posts out of the search index.
func unindexTopic(tx *gorm.DB, topicID int64) error {
	return upkeep(tx).unindexTopic(tx, topicID)
}

// wipeSearchIndex makes the words just taken out of the index leave the
// database file, after an erasure.
func wipeSearchIndex(tx *gorm.DB) error {
	return upkeep(tx).wipe(tx)
}

// candidate is a post that matches a query, with its relevance.
type candidate struct {
	PostID int64
	Rank   float64
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
