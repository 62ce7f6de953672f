package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// Marks are the parts of a shared page that differ for each member: what
// is new since they last read (issue 17, item 4), and controls that depend
// on what they chose. The main content of a reading page is rendered once
// for every practitioner (fragments.go), so it cannot hold them; instead a
// template writes a mark, {{mark "kind" args…}}, an HTML comment carrying
// what the mark needs (ids, publication times). When a page is rendered
// (render.go) its marks are settled: each is replaced for the signed-in
// member by what it stands for, in a few queries for the whole page, or by
// nothing for a visitor. No mark ever reaches a browser: the times they
// carry are exact, and readers are shown only coarse ones.

// markOpen and markClose delimit a mark in rendered HTML.
const (
	markOpen  = "<!--m:"
	markClose = "-->"
)

// markFunc is the template function that writes a mark: a kind, then its
// arguments (ids, times; a nil or zero time is 0).
func markFunc(kind string, args ...any) template.HTML {
	var b strings.Builder
	b.WriteString(markOpen)
	b.WriteString(kind)
	for _, a := range args {
		b.WriteByte(':')
		switch v := a.(type) {
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		case int:
			b.WriteString(strconv.Itoa(v))
		case time.Time:
			b.WriteString(strconv.FormatInt(stamp(v), 10))
		case *time.Time:
			if v != nil {
				b.WriteString(strconv.FormatInt(stamp(*v), 10))
			} else {
				b.WriteByte('0')
			}
		default:
			panic(fmt.Sprintf("mark %s: an argument of type %T", kind, a))
		}
	}
	b.WriteString(markClose)
	// Only ids and numbers: nothing a reader wrote.
	return template.HTML(b.String())
}

func stamp(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func unstamp(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// mark is one mark found in a rendered page.
type mark struct {
	start, end int // its place in the page, end past its close
	kind       string
	args       []int64
}

func (m mark) arg(i int) int64 {
	if i < len(m.args) {
		return m.args[i]
	}
	return 0
}

// findMarks lists the marks in a rendered page, in order. It looks for
// "!--m:", whose '!' is rare in a page, where '<' starts every tag: every
// page a member reads is searched, and this keeps it a small part of the
// page's cost. No reader's words can hold a mark: the sanitiser and the
// templates escape every '<' they write.
func findMarks(page string) []mark {
	var out []mark
	open := markOpen[1:]
	for at := 0; ; {
		i := strings.Index(page[at:], open)
		if i < 0 {
			return out
		}
		start := at + i - 1
		if start < 0 || page[start] != '<' {
			at += i + len(open)
			continue
		}
		j := strings.Index(page[start:], markClose)
		if j < 0 {
			return out
		}
		end := start + j + len(markClose)
		body := page[start+len(markOpen) : start+j]
		k := strings.IndexByte(body, ':')
		if k < 0 {
			k = len(body)
		}
		m := mark{start: start, end: end, kind: markKind(body[:k])}
		var args [2]int64
		m.args = args[:0]
		for k < len(body) {
			body = body[k+1:]
			if k = strings.IndexByte(body, ':'); k < 0 {
				k = len(body)
			}
			n, _ := strconv.ParseInt(body[:k], 10, 64)
			m.args = append(m.args, n)
		}
		out = append(out, m)
		at = end
	}
}

// markKind is a mark's kind as one of the constants, so that marks found
// in a cached page hold no part of it.
func markKind(b string) string {
	switch b {
	case markTopic:
		return markTopic
	case markForum:
		return markForum
	case markThread:
		return markThread
	case markPost:
		return markPost
	case markAllRead:
		return markAllRead
	case markWatchTopic:
		return markWatchTopic
	case markWatchForum:
		return markWatchForum
	}
	return strings.Clone(b)
}

// markSettler replaces a page's marks for one reader; exec renders a named
// template of the page's set with data.
type markSettler interface {
	settle(marks []mark, exec func(name string, data any) (template.HTML, error)) ([]template.HTML, error)
}

// markedPage is a page's data that may carry a member's settler.
type markedPage interface{ settler() markSettler }

func (p *Page) settler() markSettler {
	if p.marks == nil {
		return nil
	}
	return p.marks
}

// piece is a part of a rendered page with the marks found in it: the
// layout before a page's main content, the content, the layout after it.
type piece struct {
	html  string
	marks []mark
}

// newPiece is html with its marks, found now when marks is nil.
func newPiece(html string, marks []mark) piece {
	if marks == nil {
		marks = findMarks(html)
	}
	return piece{html: html, marks: marks}
}

// settleMarks writes a rendered page's pieces to out, in order, with their
// marks settled together for the page's reader, or removed when there is
// none.
func (r *renderer) settleMarks(out *bytes.Buffer, page string, data any, pieces ...piece) error {
	var marks []mark
	for _, p := range pieces {
		switch {
		case len(p.marks) == 0:
		case marks == nil:
			marks = p.marks
		default:
			marks = append(slices.Clip(marks), p.marks...)
		}
	}
	var with []template.HTML
	if mp, ok := data.(markedPage); ok && len(marks) > 0 {
		if s := mp.settler(); s != nil {
			var err error
			weekly := weeklyOf(data) // the page's, for the marks' own data
			with, err = s.settle(marks, func(name string, data any) (template.HTML, error) { return r.renderNamed(page, name, weekly, data) })
			if err != nil {
				return err
			}
		}
	}
	i := 0
	for _, p := range pieces {
		at := 0
		for _, m := range p.marks {
			out.WriteString(p.html[at:m.start])
			if with != nil {
				out.WriteString(string(with[i]))
			}
			i++
			at = m.end
		}
		out.WriteString(p.html[at:])
	}
	return nil
}

// memberMarks settles marks for a signed-in member.
type memberMarks struct {
	s    *Server
	ctx  context.Context
	me   forum.Account
	csrf string
}

func (s *Server) marksFor(c echo.Context, me *forum.Account) *memberMarks {
	if me == nil {
		return nil
	}
	return &memberMarks{s: s, ctx: c.Request().Context(), me: *me, csrf: csrfToken(c)}
}

// The kinds of mark.
const (
	// markTopic follows a topic in a list (topic id, its latest
	// publication): "New", or how many posts are new, linked to the first.
	markTopic = "topic"
	// markForum follows a forum in a list (forum id, its latest
	// publication): "New posts" when a topic in it has unread posts.
	markForum = "forum"
	// markThread heads a topic's page (topic id, its latest publication):
	// a link to the first unread post. Reading the page marks its posts
	// read.
	markThread = "thread"
	// markPost is in a post on a topic's page (post id, its publication):
	// "New" when the member had not read it.
	markPost = "post"
	// markAllRead is where "Mark all as read" goes.
	markAllRead = "all-read"
	// markWatchTopic and markWatchForum are where a topic's or forum's
	// Watch (or Stop watching) button goes (topic id, or forum id;
	// watches.go).
	markWatchTopic = "watch-topic"
	markWatchForum = "watch-forum"
)

// unreadTopic is what a topic's mark in a list shows.
type unreadTopic struct {
	ID    int64
	Never bool // never opened: the whole topic is new to the member
	New   int  // otherwise, how many posts are new
}

func (mm *memberMarks) settle(marks []mark, exec func(string, any) (template.HTML, error)) ([]template.HTML, error) {
	store := mm.s.store
	since := store.ReadSince(mm.me)
	after := func(n int64, than time.Time) bool { return n != 0 && unstamp(n).After(than) }
	var topics, forums []int64
	var thread *mark
	for i, m := range marks {
		switch m.kind {
		case markTopic:
			if after(m.arg(1), since) {
				topics = append(topics, m.arg(0))
			}
		case markForum:
			if after(m.arg(1), since) {
				forums = append(forums, m.arg(0))
			}
		case markThread:
			thread = &marks[i]
			if after(m.arg(1), since) {
				topics = append(topics, m.arg(0))
			}
		}
	}
	read, err := store.ReadUpTo(mm.ctx, mm.me.ID, topics)
	if err != nil {
		return nil, err
	}
	// readTo is where a topic's unread posts start for the member.
	readTo := func(topic int64) time.Time {
		if at, ok := read[topic]; ok && at.After(since) {
			return at
		}
		return since
	}
	counting := map[int64]time.Time{}
	for _, m := range marks {
		if _, ok := read[m.arg(0)]; ok && m.kind == markTopic && after(m.arg(1), readTo(m.arg(0))) {
			counting[m.arg(0)] = readTo(m.arg(0))
		}
	}
	counts, err := store.NewPosts(mm.ctx, counting)
	if err != nil {
		return nil, err
	}
	unreadForums, err := store.UnreadForums(mm.ctx, mm.me.ID, since, forums)
	if err != nil {
		return nil, err
	}
	// On a topic's page: the newest post shown, and the first new one.
	var threadRead time.Time
	var newest int64
	var firstNew int64
	if thread != nil {
		threadRead = readTo(thread.arg(0))
		for _, m := range marks {
			if m.kind == markPost {
				newest = max(newest, m.arg(1))
				if firstNew == 0 && after(m.arg(1), threadRead) {
					firstNew = m.arg(0)
				}
			}
		}
	}
	out := make([]template.HTML, len(marks))
	for i, m := range marks {
		var err error
		switch m.kind {
		case markTopic:
			id := m.arg(0)
			_, opened := read[id]
			// An opened topic with no new posts counted had its newest
			// hidden since: nothing to show.
			if after(m.arg(1), readTo(id)) && (!opened || counts[id] > 0) {
				out[i] = unreadTopicHTML(unreadTopic{ID: id, Never: !opened, New: counts[id]})
			}
		case markForum:
			if unreadForums[m.arg(0)] {
				out[i] = newPostsBadge
			}
		case markThread:
			if after(m.arg(1), threadRead) {
				out[i] = unreadJumpHTML(m.arg(0), firstNew)
			}
		case markPost:
			if thread != nil && after(m.arg(1), threadRead) {
				out[i] = newBadge
			}
		case markAllRead:
			out[i], err = exec("mark-all-read", mm.csrf)
		case markWatchTopic, markWatchForum:
			var w watchControl
			if w, err = mm.watchControl(m); err == nil {
				out[i], err = exec("mark-watch", w)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if thread != nil && after(newest, threadRead) {
		store.MarkRead(mm.me.ID, thread.arg(0), unstamp(newest))
	}
	return out, nil
}

// What the marks that carry only numbers stand for, written here rather
// than by a template for each: a topic's page has a mark in every post,
// and a template run for each was a tenth of the page's cost. They need no
// escaping, holding only constant words and numbers; the marks with a form
// token or words of their own (mark-all-read, mark-watch) are templates
// (views/partials).
const (
	newBadge      template.HTML = ` <span class="badge badge-new">New</span>`
	newPostsBadge template.HTML = ` <span class="badge badge-new">New posts</span>`
)

// unreadTopicHTML is a topic's mark in a list: "New" when never opened,
// otherwise how many posts are new, linked to the first.
func unreadTopicHTML(u unreadTopic) template.HTML {
	if u.Never {
		return newBadge
	}
	posts := "posts"
	if u.New == 1 {
		posts = "post"
	}
	return template.HTML(` <a class="badge badge-new" href="/t/` + strconv.FormatInt(u.ID, 10) + `/unread">` +
		strconv.Itoa(u.New) + ` new<span class="visually-hidden"> ` + posts + `: go to the first</span></a>`)
}

// unreadJumpHTML heads a topic's page with a link to its first unread
// post: the post itself when it is on the page, else the topic's unread
// address, which finds the page it is on.
func unreadJumpHTML(topic, firstNew int64) template.HTML {
	link := "/t/" + strconv.FormatInt(topic, 10) + "/unread"
	if firstNew != 0 {
		link = "#p" + strconv.FormatInt(firstNew, 10)
	}
	return template.HTML(`<p class="unread-jump"><a href="` + link + `">Jump to the first unread post</a></p>`)
}
