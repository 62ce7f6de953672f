package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/static"
	"forum/views"
)

// renderer holds one parsed template set per page (layout + partials + the
// page), built once at start, and renders into a pooled buffer so that a
// template error becomes a 500 page instead of half a page. A page shows
// readers the date, or only the week when its data says so
// (Page.WeeklyDates): the same sets, parsed again with the date functions
// that show weeks, the first time a page needs them.
type renderer struct {
	pages    map[string]*template.Template
	funcs    template.FuncMap
	versions map[string]string // each static file's fingerprint
	zone     *time.Location
	weekly   weeklySets
	buffers  sync.Pool
}

// weeklySets are the renderer's page sets with dates as weeks, parsed once
// when first needed: most sites never show weeks, and every server a test
// starts would parse them.
type weeklySets struct {
	once  sync.Once
	pages map[string]*template.Template
}

func newRenderer(zone *time.Location) (*renderer, error) {
	versions, err := staticVersions()
	if err != nil {
		return nil, err
	}
	r := &renderer{zone: zone, versions: versions, buffers: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
	r.funcs = template.FuncMap{
		"postHTML":   bodyHTML,
		"statusText": statusText,
		"publicDate": func(v any) string { return publicDate(v, zone, false) },
		"isoDate":    func(v any) string { return isoDate(v, zone, false) },
		// publicDateTime is for what a member is told about themselves.
		"publicDateTime": func(v any) string {
			switch t := v.(type) {
			case time.Time:
				return t.In(zone).Format("Monday 2 January 2006, 3:04pm")
			case *time.Time:
				if t != nil {
					return t.In(zone).Format("Monday 2 January 2006, 3:04pm")
				}
			}
			return ""
		},
		// sentAt is when a waiting post was sent, briefly, for moderators.
		"sentAt": func(t time.Time) string { return t.In(zone).Format("2 Jan 2006, 3:04pm") },
		// count shows a count the store caps (store.CountCap) as "100+".
		"count": func(n int64) string {
			if n >= store.CountCap {
				return strconv.Itoa(store.CountCap) + "+"
			}
			return strconv.FormatInt(n, 10)
		},
		"field": newField,
		// checkFor hands a form the personal-data check of its words.
		"checkFor": checkFor,
		"snippet":  snippetHTML,
		"anyTopics": func(gs []digestGroup) bool {
			for _, g := range gs {
				if len(g.Topics) > 0 {
					return true
				}
			}
			return false
		},
		"resultLink":   resultLink,
		"when":         func(v any) string { return when(v, zone) },
		"lastDay":      func(v any) string { return lastDay(v, zone) },
		"waited":       waited,
		"reportReason": forum.ReportReasonText,
		"logAction":    func(a string) string { return logActions[a] },
		"has":          slices.Contains[[]int64],
		// suspensionLengths are the lengths a suspension form offers.
		"suspensionLengths": suspensionLengths,
		"replies": func(n int) string {
			if n == 1 {
				return "1 reply"
			}
			return strconv.Itoa(n) + " replies"
		},
		// plural counts things with a regular plural: "1 topic", "3 topics".
		"plural": plural,
		// mark writes a mark settled for each reader (marks.go).
		"mark": markFunc,
	}
	if r.pages, err = parsePages(r.funcs, versions); err != nil {
		return nil, err
	}
	return r, nil
}

// parsePages parses every page's template set with funcs. Each static
// file's address, with its fingerprint (versions), is a template of its
// own, "static/NAME": plain text in the set, where a function would be
// called, and its result escaped, on every page.
func parsePages(funcs template.FuncMap, versions map[string]string) (map[string]*template.Template, error) {
	base, err := template.New("layout").Funcs(funcs).ParseFS(views.FS, "layout.html", "partials/*.html")
	if err != nil {
		return nil, err
	}
	for name, v := range versions {
		if _, err := base.New("static/" + name).Parse("/static/" + name + "?v=" + v); err != nil {
			return nil, err
		}
	}
	names, err := fs.Glob(views.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		t, err := template.Must(base.Clone()).ParseFS(views.FS, name)
		if err != nil {
			return nil, err
		}
		pages[path.Base(name[:len(name)-len(".html")])] = t
	}
	return pages, nil
}

// datesShown is what a page's data says of dates; Page has it, and so
// every page struct that embeds Page.
type datesShown interface{ weeklyDates() bool }

// weeklyDates reports whether the page shows readers only the week of a
// date, as the site settings say.
func (p Page) weeklyDates() bool { return p.WeeklyDates }

// weeklyOf reports whether data is a page that shows readers only weeks.
func weeklyOf(data any) bool {
	d, ok := data.(datesShown)
	return ok && d.weeklyDates()
}

// set is a page's template set, with dates as weeks when weekly.
func (r *renderer) set(page string, weekly bool) (*template.Template, bool) {
	pages := r.pages
	if weekly {
		r.weekly.once.Do(func() {
			funcs := maps.Clone(r.funcs)
			funcs["publicDate"] = func(v any) string { return publicDate(v, r.zone, true) }
			funcs["isoDate"] = func(v any) string { return isoDate(v, r.zone, true) }
			var err error
			if r.weekly.pages, err = parsePages(funcs, r.versions); err != nil {
				// The same embedded files with the same function names
				// parsed when the server started.
				panic(fmt.Sprintf("parsing the weekly page templates: %v", err))
			}
		})
		pages = r.weekly.pages
	}
	t, ok := pages[page]
	return t, ok
}

// Public times are coarse: readers see the day, or only the week, never
// the hour or minute. Exact times (publicDateTime) are for the author and
// the moderators.

func asTime(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, true
	case *time.Time:
		if t != nil {
			return *t, true
		}
	}
	return time.Time{}, false
}

// publicDate is a date as readers may see it: the day, or with weekly only
// the week.
func publicDate(v any, zone *time.Location, weekly bool) string {
	t, ok := asTime(v)
	if !ok {
		return ""
	}
	t = t.In(zone)
	if !weekly {
		return t.Format("2 January 2006")
	}
	y, w := t.ISOWeek()
	if ny, nw := time.Now().In(zone).ISOWeek(); y == ny && w == nw {
		return "this week"
	}
	monday := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	return "the week of " + monday.Format("2 January 2006")
}

// isoDate is publicDate for a time element's datetime attribute.
func isoDate(v any, zone *time.Location, weekly bool) string {
	t, ok := asTime(v)
	if !ok {
		return ""
	}
	t = t.In(zone)
	if weekly {
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	}
	return t.Format("2006-01-02")
}

// postHTML is the one place that trusts HTML: a post's or an announcement's
// body, or the week's featured text, rendered and sanitised by the markup
// package when it was written (or previewed). ok is false for a type it
// does not know.
func postHTML(v any) (h template.HTML, ok bool) {
	switch p := v.(type) {
	case forum.Post:
		return template.HTML(p.BodyHTML), true
	case *forum.Post:
		return template.HTML(p.BodyHTML), true
	case forum.MyPost:
		return template.HTML(p.BodyHTML), true
	case forum.QueueItem:
		return template.HTML(p.BodyHTML), true
	case forum.Report:
		return template.HTML(p.PostHTML), true
	case forum.Announcement:
		return template.HTML(p.BodyHTML), true
	case forum.Settings:
		return template.HTML(p.FeaturedHTML), true
	}
	return "", false
}

// bodyHTML is postHTML for the templates. A type it does not know fails
// the page, rather than showing an empty body that nobody notices.
func bodyHTML(v any) (template.HTML, error) {
	h, ok := postHTML(v)
	if !ok {
		return "", fmt.Errorf("postHTML: no body in a %T", v)
	}
	return h, nil
}

var statusTexts = map[forum.PostStatus]string{
	forum.StatusPending:  "Waiting for a moderator",
	forum.StatusApproved: "Published",
	forum.StatusDeclined: "Declined",
	forum.StatusHidden:   "Hidden by a moderator",
	forum.StatusErased:   "Deleted",
}

func statusText(s forum.PostStatus) string { return statusTexts[s] }

var logActions = map[string]string{
	"approve": "Approved", "decline": "Declined", "edit": "Edited, then approved", "hide": "Hid",
	"unhide":  "Showed again",
	"suspend": "Suspended", "role": "Changed a role", "lock": "Locked the topic", "unlock": "Unlocked the topic",
	"report-dismissed": "Dismissed a report", "reveal-request": "Asked to reveal the author",
	"reveal-approved": "Agreed to reveal the author", "settings": "Changed site settings", "invite": "Made an invite code",
	"pin": "Pinned", "unpin": "Unpinned", "open": "Opened the forum", "close": "Closed the forum", "announce": "Announced",
	"forum": "Changed a forum", "group": "Changed a group", "unsuspend": "Lifted a suspension",
	"answer": "Marked the answer", "unanswer": "Unmarked the answer", // answers.go
	"approve-change": "Approved a change", "decline-change": "Declined a change", // changes.go
	"decline-reason": "Changed a decline reason", // decline_reasons.go
	"move":           "Moved the topic",          // move.go
}

// when is a moment in plain words, for schedules: "Tuesday 3 March 2026, 2pm".
func when(v any, zone *time.Location) string {
	t, ok := asTime(v)
	if !ok {
		return ""
	}
	t = t.In(zone)
	clock := t.Format("3:04pm")
	if t.Minute() == 0 {
		clock = t.Format("3pm")
	}
	return t.Format("Monday 2 January 2006") + ", " + clock
}

// lastDay is the last day, in zone, of something that lasts until the
// instant v (exclusive): a pin that ends at the midnight after 6 December
// holds "until 6 December". It is the date the host chose, whatever the
// site's time coarseness, since only hosts see it.
func lastDay(v any, zone *time.Location) string {
	t, ok := asTime(v)
	if !ok {
		return ""
	}
	return t.Add(-time.Nanosecond).In(zone).Format("2 January 2006")
}

// waited says how long something has waited, roughly, in words.
func waited(t time.Time) string {
	d := time.Since(t)
	switch {
	case d < time.Minute:
		return "under a minute"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/(24*time.Hour)), "day")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// renderContent renders only a page's main content, for the fragment cache.
func (r *renderer) renderContent(page string, data any) (template.HTML, error) {
	return r.renderNamed(page, "content", weeklyOf(data), data)
}

// renderNamed renders one template defined in a page's set, with dates
// as weeks when weekly.
func (r *renderer) renderNamed(page, name string, weekly bool, data any) (template.HTML, error) {
	t, ok := r.set(page, weekly)
	if !ok {
		return "", fmt.Errorf("no template for page %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", fmt.Errorf("render %s %s: %w", page, name, err)
	}
	// Our own template's output, escaped as it was rendered.
	return template.HTML(buf.String()), nil
}

// render writes page with data and status, or returns an error having written nothing.
func (r *renderer) render(w http.ResponseWriter, status int, page string, data any) error {
	return r.renderAround(w, status, page, data, nil)
}

// contentSentinel stands in the layout for a page's main content rendered
// beforehand (Page.Content, fragments.go) while the layout around it is
// rendered for the reader; the content is then copied into the page where
// the sentinel was. Printed by the template, the content (some 75 KB for a
// topic) went through fmt's buffer on its way, a copy too large for fmt to
// keep, and so garbage on every page. No reader's words can make the
// sentinel: the templates escape every '<' but the content's own.
const contentSentinel = "<!--forum:content-->"

// contentPage is a page's data that may carry its main content rendered
// beforehand: Page, and every page struct that embeds it.
type contentPage interface{ page() *Page }

func (p *Page) page() *Page { return p }

// renderAround is render for a page whose main content may have been
// rendered beforehand, with contentMarks the marks found in it (findMarks),
// or nil to find them now.
func (r *renderer) renderAround(w http.ResponseWriter, status int, page string, data any, contentMarks []mark) error {
	out := r.buffers.Get().(*bytes.Buffer)
	out.Reset()
	defer r.buffers.Put(out)
	if err := r.write(out, page, data, contentMarks); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(out.Len()))
	w.WriteHeader(status)
	_, err := w.Write(out.Bytes())
	return err
}

// write renders page into out with its marks settled for its reader.
func (r *renderer) write(out *bytes.Buffer, page string, data any, contentMarks []mark) error {
	t, ok := r.set(page, weeklyOf(data))
	if !ok {
		return fmt.Errorf("no template for page %q", page)
	}
	buf := r.buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer r.buffers.Put(buf)
	var p *Page
	if cp, ok := data.(contentPage); ok && cp.page().Content != "" {
		p = cp.page()
	}
	if p == nil {
		if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
			return err
		}
		return r.settleMarks(out, page, data, newPiece(buf.String(), nil))
	}
	content := p.Content
	p.Content = contentSentinel
	err := t.ExecuteTemplate(buf, "layout", data)
	p.Content = content
	if err != nil {
		return err
	}
	layout := buf.String()
	at := strings.Index(layout, contentSentinel)
	if at < 0 {
		return errors.New("the layout did not write the page's content")
	}
	return r.settleMarks(out, page, data, newPiece(layout[:at], nil),
		newPiece(string(content), contentMarks), newPiece(layout[at+len(contentSentinel):], nil))
}

// staticVersions fingerprints each static file so its URL changes when it
// does, which lets browsers keep it for a year.
func staticVersions() (map[string]string, error) {
	out := map[string]string{}
	err := fs.WalkDir(static.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(static.FS, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[p] = hex.EncodeToString(sum[:6])
		return nil
	})
	return out, err
}
