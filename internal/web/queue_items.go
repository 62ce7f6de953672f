package web

import (
	"crypto/rand"
	"html/template"
	"strings"
	"sync"

	"forum/internal/forum"
)

// The queue's entries are kept rendered. A moderator reads the queue again
// after every decision (the form sends them back to it), and rendering its
// fifty entries, each with its context, personal-data findings and three
// forms, was most of the cost of a queue page. An entry is rendered again
// only when something it shows changes: the post, the post it answers,
// their authors' names, the group and forum names, how long it has waited
// in words, or the site's date setting. Each entry's key holds all of
// them, so an entry can never be served stale; it is compared whole.
//
// Nothing in an entry depends on who reads it except the form token, so
// the entries are rendered with a stand-in token, random for each server,
// which is replaced by the reader's own (escaped) token when the page is
// put together.

// queueItemsKept bounds the cache; when it is full it starts again.
const queueItemsKept = 5000

// queueItemView is what the "queue-item" template renders.
type queueItemView struct {
	queueEntry
	CSRF    string
	Reasons []struct{ Key, Text string }
}

// queueItemKey is everything an entry's HTML is made from.
type queueItemKey struct {
	item      forum.QueueItem // without Parent, which is a pointer
	parent    forum.Post      // without ParentID, which is a pointer
	hasParent bool
	waited    string
	weekly    bool
}

type queueItemCache struct {
	token string // the stand-in form token
	mu    sync.Mutex
	kept  map[int64]keptQueueItem
}

type keptQueueItem struct {
	key  queueItemKey
	html string
}

func newQueueItemCache() *queueItemCache {
	return &queueItemCache{token: "queue-token-" + rand.Text(), kept: map[int64]keptQueueItem{}}
}

func (q *queueItemCache) get(id int64, key queueItemKey) (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	k, ok := q.kept[id]
	return k.html, ok && k.key == key
}

func (q *queueItemCache) put(id int64, key queueItemKey, html string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.kept) >= queueItemsKept {
		clear(q.kept)
	}
	q.kept[id] = keptQueueItem{key: key, html: html}
}

// queueItemsHTML renders the queue's entries for a reader whose form token
// is csrf, reusing every entry whose key has not changed.
func (s *Server) queueItemsHTML(items []forum.QueueItem, csrf string) ([]template.HTML, error) {
	token := template.HTMLEscapeString(csrf)
	out := make([]template.HTML, 0, len(items))
	for _, it := range items {
		key := queueItemKey{item: it, waited: waited(it.CreatedAt), weekly: s.views.weekly.Load()}
		key.item.Parent = nil
		if it.Parent != nil {
			key.parent, key.hasParent = *it.Parent, true
			key.parent.ParentID = nil
		}
		html, ok := s.queueItems.get(it.PostID, key)
		if !ok {
			view := queueItemView{queueEntry: newQueueEntry(it), CSRF: s.queueItems.token, Reasons: forum.DeclineReasons}
			rendered, err := s.views.renderNamed("queue", "queue-item", view)
			if err != nil {
				return nil, err
			}
			html = string(rendered)
			s.queueItems.put(it.PostID, key, html)
		}
		// Our own template's output, with the reader's token escaped.
		out = append(out, template.HTML(strings.ReplaceAll(html, s.queueItems.token, token)))
	}
	return out, nil
}
