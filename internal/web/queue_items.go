package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"

	"forum/internal/cache"
	"forum/internal/forum"
	"forum/internal/markup"
)

// The queue's entries are kept rendered. A moderator reads the queue again
// after every decision (the form sends them back to it), and rendering its
// fifty entries, each with its context, personal-data findings and three
// forms, was most of the cost of a queue page. An entry is rendered again
// only when something it shows changes: the post, the post it answers,
// their authors' names, the group and forum names, how long it has waited
// in words, or the site's date setting. Each entry's key is a digest of
// all of them, so an entry can never be served stale (and the cache holds
// the bodies once, in the HTML, not again in its keys).
//
// Nothing in an entry depends on who reads it except the form token and
// the page its forms return to, so the entries are rendered with stand-ins
// for both, random for each server, which are replaced by the reader's own
// (escaped) when the page is put together.

// queueItemsKept bounds the cache (about 4 KB an entry); the entries read
// least recently go first. A queue page shows fifty.
const queueItemsKept = 1000

// queueItemView is what the "queue-item" template renders: a waiting post
// with the personal-data check's findings, which the moderator sees
// highlighted and can redact one by one. It embeds nothing and has no
// methods, because html/template finds a field of an embedded struct, or
// calls a method, through reflection costlier than the rest of the entry.
type queueItemView struct {
	PostID               int64
	TopicTitle           string
	Opening              bool
	GroupName, ForumName string
	Author               string
	Anonymous            bool
	CreatedAt            time.Time
	Parent               *forum.Post
	ContentNote          string
	NoteCount            int // the moderators' notes on it (modnotes.go)
	Findings             []finding
	// Marked are the fields with findings, each with its findings marked.
	Marked   []markedField
	BodyHTML template.HTML
	// Long says the body is folded to its first lines until the moderator
	// opens it ("Read all"), so that the queue shows several posts at once.
	Long         bool
	CSRF, Return string
	// Reasons are the admin's preset decline reasons, in their order.
	Reasons []forum.DeclineReason
	// Decline is the entry's decline form as a moderator sent it, when it
	// came back to be fixed; its zero value, closed and empty, otherwise.
	Decline declineForm
}

func newQueueItemView(it forum.QueueItem, reasons []forum.DeclineReason, csrf, ret string) queueItemView {
	// What the post will show, under the check the author's form made.
	fields := []words{{"body", "post", it.BodySource}, {"content_note", "content note", it.ContentNote}}
	if it.Opening {
		fields = append([]words{{"title", "title", it.TopicTitle}}, fields...)
	}
	body, _ := postHTML(it)
	v := queueItemView{PostID: it.PostID, TopicTitle: it.TopicTitle, Opening: it.Opening, GroupName: it.GroupName,
		ForumName: it.ForumName, Author: it.Author, Anonymous: it.Anonymous, CreatedAt: it.CreatedAt, Parent: it.Parent,
		ContentNote: it.ContentNote, NoteCount: it.NoteCount, Findings: findingsIn(fields...),
		BodyHTML: body, Long: longBody(body), CSRF: csrf, Return: ret, Reasons: reasons}
	check := wordsCheck{Fields: fields, Findings: v.Findings}
	for _, f := range check.WithFindings() {
		v.Marked = append(v.Marked, markedField{Field: f.Field, Label: f.Label, HTML: check.Marked(f.Field)})
	}
	return v
}

// markedField is one field of a waiting post with its findings marked.
type markedField struct {
	Field, Label string
	HTML         template.HTML
}

// A body is folded in the queue when it is longer than about three lines
// of a wide window, or has more than three blocks (paragraphs, list items,
// quotations, code, tables). Shorter ones are shown whole.
const (
	queueFoldChars  = 320
	queueFoldBlocks = 3
)

func longBody(body template.HTML) bool {
	h := string(body)
	blocks := 0
	for _, tag := range []string{"<p>", "<li>", "<blockquote>", "<pre>", "<table>", "<h1>", "<h2>", "<h3>", "<h4>", "<h5>", "<h6>", "<hr"} {
		blocks += strings.Count(h, tag)
	}
	return blocks > queueFoldBlocks || utf8.RuneCountInString(markup.PlainText(h)) > queueFoldChars
}

// queueItemKey is a digest of everything an entry's HTML is made from.
type queueItemKey [sha256.Size]byte

func newQueueItemKey(it forum.QueueItem, reasons []forum.DeclineReason, waited string, weekly bool) queueItemKey {
	h := sha256.New()
	var b []byte
	str := func(ss ...string) {
		for _, s := range ss {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	num := func(ns ...int64) {
		for _, n := range ns {
			b = binary.AppendVarint(b, n)
		}
	}
	flag := func(v bool) int64 {
		if v {
			return 1
		}
		return 0
	}
	num(it.PostID, it.TopicID, it.ForumID, it.GroupID, it.CreatedAt.UnixMicro(), flag(it.Opening), flag(it.Anonymous), flag(it.TopicLocked), flag(weekly))
	str(it.TopicTitle, it.ForumName, it.GroupName, it.Author, it.BodySource, it.BodyHTML, it.ContentNote, string(it.Status), waited)
	num(int64(it.NoteCount), int64(len(reasons)))
	for _, r := range reasons {
		str(r.Key, r.Label, r.Text)
	}
	if p := it.Parent; p != nil {
		num(1, p.ID, flag(p.Anonymous))
		str(string(p.Status), p.Author, p.BodyHTML)
	} else {
		num(0)
	}
	h.Write(b)
	var k queueItemKey
	h.Sum(k[:0])
	return k
}

// pickMark begins an entry's "approve together" checkbox.
const pickMark = `<input type="checkbox" id="pick-`

type queueItemCache struct {
	token string // the stand-in form token
	ret   string // the stand-in for the page the forms return to
	kept  *cache.Cache[int64, keptQueueItem]
}

type keptQueueItem struct {
	key  queueItemKey
	html string
}

func newQueueItemCache() *queueItemCache {
	return &queueItemCache{token: "queue-token-" + rand.Text(), ret: "/mod/queue-return-" + rand.Text(), kept: cache.New[int64, keptQueueItem](queueItemsKept, 0)}
}

// get is the entry of post id as rendered from what key digests, if kept.
func (q *queueItemCache) get(id int64, key queueItemKey) (string, bool) {
	k, ok := q.kept.Get(id, 0)
	return k.html, ok && k.key == key
}

func (q *queueItemCache) put(id int64, key queueItemKey, html string) {
	q.kept.Put(id, 0, keptQueueItem{key: key, html: html})
}

// queueItemsHTML renders the queue's entries for a reader whose form token
// is csrf, on the page at ret, with dates as weeks when weekly (the
// page's WeeklyDates), reusing every entry whose key has not changed. The entry of open's post, whose decline form came back to be
// fixed, is the reader's own: rendered afresh and never kept. With
// checkAll, every entry's "approve together" checkbox is ticked (the
// moderator chose "Select all" without the script).
func (s *Server) queueItemsHTML(items []forum.QueueItem, reasons []forum.DeclineReason, csrf, ret string, weekly bool, open *declineForm, checkAll bool) ([]template.HTML, error) {
	pairs := []string{s.queueItems.token, template.HTMLEscapeString(csrf), s.queueItems.ret, template.HTMLEscapeString(ret)}
	if checkAll {
		// Only our own template writes an input element: a post's body
		// is sanitised HTML, in which "<input" cannot survive.
		pairs = append(pairs, pickMark, `<input type="checkbox" checked id="pick-`)
	}
	own := strings.NewReplacer(pairs...)
	out := make([]template.HTML, 0, len(items))
	for _, it := range items {
		if open != nil && it.PostID == open.PostID {
			v := newQueueItemView(it, reasons, csrf, ret)
			v.Decline = *open
			html, err := s.views.renderNamed("queue", "queue-item", weekly, v)
			if err != nil {
				return nil, err
			}
			out = append(out, html)
			continue
		}
		key := newQueueItemKey(it, reasons, waited(it.CreatedAt), weekly)
		html, ok := s.queueItems.get(it.PostID, key)
		if !ok {
			rendered, err := s.views.renderNamed("queue", "queue-item", weekly, newQueueItemView(it, reasons, s.queueItems.token, s.queueItems.ret))
			if err != nil {
				return nil, err
			}
			html = string(rendered)
			s.queueItems.put(it.PostID, key, html)
		}
		// Our own template's output, with the reader's token and page escaped.
		out = append(out, template.HTML(own.Replace(html)))
	}
	return out, nil
}
