package store

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"forum/internal/forum"
	"forum/internal/markup"
)

// Quote and reply. A reply can quote a passage of a post in its topic: the
// reply form writes it as a Markdown quotation whose first line names the
// author as readers see them (a pseudonym, "Anonymous practitioner") and
// links to the post:
//
//	> **Anonymous practitioner** [wrote](/p/4728010526665651):
//	>
//	> the passage
//
// The quoted words are then kept in a second post. When the quoted post is
// hidden, or its author erased with their posts, those words leave every
// post that quotes it, in the same transaction: the quotation is replaced
// by a line saying it is no longer shown. When its author is erased but
// their posts stay, the quotation stays and the name in it becomes "Former
// member". post_quotes says which posts quote which.

// QuoteGone is what a quotation of a post no longer shown becomes.
const QuoteGone = "> *A quoted post that is no longer shown.*"

// quoteHeadRE finds a quotation's first line and the public id of the post
// it quotes.
var quoteHeadRE = regexp.MustCompile(`^> \*\*[^*\n]+\*\* \[wrote\]\(/p/([0-9]+)\):[ \t]*$`)

// QuoteHead is the first line of a quotation of post publicID by author.
func QuoteHead(author string, publicID int64) string {
	author = strings.NewReplacer("*", "", "\n", " ", "\r", " ").Replace(author)
	return "> **" + author + "** [wrote](/p/" + strconv.FormatInt(publicID, 10) + "):"
}

// quotedIn lists the public ids of the posts body quotes.
func quotedIn(body string) []int64 {
	var out []int64
	for _, line := range strings.Split(body, "\n") {
		if m := quoteHeadRE.FindStringSubmatch(strings.TrimRight(line, "\r")); m != nil {
			if id, err := strconv.ParseInt(m[1], 10, 64); err == nil {
				out = append(out, id)
			}
		}
	}
	return out
}

// recordQuotes keeps which posts of its topic post quotes, after its body
// was written or changed. A quotation of a post elsewhere, or of none, is
// only words: it is not followed.
func (s *Store) recordQuotes(tx *gorm.DB, postID, topicID int64, body string) error {
	if err := tx.Exec("DELETE FROM post_quotes WHERE post_id = ?", postID).Error; err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, public := range quotedIn(body) {
		id := s.ids.post(public)
		if seen[id] || id == postID {
			continue
		}
		seen[id] = true
		if err := tx.Exec(`INSERT INTO post_quotes (quoted_id, post_id)
			SELECT id, ? FROM posts WHERE id = ? AND topic_id = ?`, postID, id, topicID).Error; err != nil {
			return err
		}
	}
	return nil
}

// quotesGone takes the words of the posts quoted out of every post that
// quotes them (rename empty), or puts rename in place of their authors'
// names (their author was erased, the posts stay). The topics of the posts
// changed are indexed again, and returned.
func (s *Store) quotesGone(tx *gorm.DB, quoted []int64, rename string) ([]int64, error) {
	if len(quoted) == 0 {
		return nil, nil
	}
	type quoting struct {
		QuotedID, PostID, TopicID int64
		BodySource                string
	}
	var rows []quoting
	for chunk := range slices.Chunk(quoted, 500) {
		var part []quoting
		if err := tx.Raw(`SELECT q.quoted_id, q.post_id, p.topic_id, p.body_source FROM post_quotes q
			JOIN posts p ON p.id = q.post_id WHERE q.quoted_id IN ?`, chunk).Scan(&part).Error; err != nil {
			return nil, err
		}
		rows = append(rows, part...)
	}
	bodies := map[int64]string{}
	topicOf := map[int64]int64{}
	for _, r := range rows {
		if _, ok := bodies[r.PostID]; !ok {
			bodies[r.PostID] = r.BodySource
		}
		topicOf[r.PostID] = r.TopicID
		bodies[r.PostID] = rewriteQuotes(bodies[r.PostID], s.ids.pubPost(r.QuotedID), rename)
	}
	var topics []int64
	seen := map[int64]bool{}
	for id, body := range bodies {
		if err := tx.Model(&postRow{}).Where("id = ?", id).
			Updates(map[string]any{"body_source": body, "body_html": markup.Render(body)}).Error; err != nil {
			return nil, err
		}
		if t := topicOf[id]; !seen[t] {
			seen[t] = true
			topics = append(topics, t)
		}
	}
	if rename == "" {
		for chunk := range slices.Chunk(quoted, 500) {
			if err := tx.Exec("DELETE FROM post_quotes WHERE quoted_id IN ?", chunk).Error; err != nil {
				return nil, err
			}
		}
	}
	for _, t := range topics {
		if err := reindexTopic(tx, t); err != nil {
			return nil, err
		}
	}
	return topics, nil
}

// rewriteQuotes replaces, in body, each quotation of the post publicID:
// the whole quotation with QuoteGone when rename is empty, or else only
// the author's name in its first line.
func rewriteQuotes(body string, publicID int64, rename string) string {
	lines := strings.Split(body, "\n")
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		m := quoteHeadRE.FindStringSubmatch(strings.TrimRight(lines[i], "\r"))
		if m == nil || m[1] != strconv.FormatInt(publicID, 10) {
			out = append(out, lines[i])
			continue
		}
		if rename != "" {
			out = append(out, QuoteHead(rename, publicID))
			continue
		}
		out = append(out, QuoteGone)
		for i+1 < len(lines) && strings.HasPrefix(lines[i+1], ">") {
			i++
		}
	}
	return strings.Join(out, "\n")
}

// erasedAuthorsQuotes deals with the quotations of an erased member's
// posts: gone with the posts when they go, renamed "Former member" when
// their signed posts stay (anonymous ones were quoted without a name).
func (s *Store) erasedAuthorsQuotes(tx *gorm.DB, accountID int64, postsGo bool) error {
	var ids []int64
	q := tx.Table("posts").Where("author_id = ?", accountID)
	if !postsGo {
		q = q.Where("anonymous = ?", false)
	}
	if err := q.Pluck("id", &ids).Error; err != nil {
		return err
	}
	rename := ""
	if !postsGo {
		rename = forum.FormerMemberName
	}
	_, err := s.quotesGone(tx, ids, rename)
	return err
}

// QuotableSource is the Markdown of a published post in a topic, which a
// reply may quote: words every reader of the topic sees already.
func (s *Store) QuotableSource(ctx context.Context, publicTopicID, publicPostID int64) (string, error) {
	var source []string
	err := s.r(ctx).Model(&postRow{}).Where("id = ? AND topic_id = ? AND status = ?",
		s.ids.post(publicPostID), s.ids.topic(publicTopicID), forum.StatusApproved).Pluck("body_source", &source).Error
	if err == nil && len(source) == 0 {
		return "", forum.ErrNotFound
	}
	if err != nil {
		return "", translate(err)
	}
	return source[0], nil
}
