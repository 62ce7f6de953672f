package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

// TestSplicedPageIsThePageRenderedWhole: a page whose main content was
// rendered beforehand is written around it (a sentinel in the layout, the
// content copied in) byte for byte as the layout printing the content
// would have written it, with the same marks settled: for a visitor, whose
// marks go, and for a member, whose marks are settled from the store; with
// the content's marks found beforehand or now; and whatever the title and
// the content's words say of sentinels and marks.
func TestSplicedPageIsThePageRenderedWhole(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, st *store.Store) {
		srv, err := New(Options{Store: st, PublicRead: true})
		if err != nil {
			t.Fatal(err)
		}
		me, err := st.CreateAccount(context.Background(), "Splice Reader", forum.RolePractitioner, "not-a-real-hash")
		if err != nil {
			t.Fatal(err)
		}
		later := time.Now().Add(time.Hour)
		content := "<h1>A topic</h1>" + string(markFunc(markThread, int64(7), later)) +
			"<p>Words: " + template.HTMLEscapeString("<!--m:post:1:2--> "+contentSentinel) + "</p>" +
			strings.Repeat("<article><p>A post.</p>"+string(markFunc(markPost, int64(9), later))+"</article>", 3) +
			"<ul><li>" + string(markFunc(markTopic, int64(11), later)) + "</li><li>" + string(markFunc(markForum, int64(3), later)) +
			"</li></ul>" + string(markFunc(markAllRead)) + string(markFunc(markWatchTopic, int64(7), int64(3)))
		// Each rendering settles its marks for a member of its own, as
		// settling a topic's marks reads its posts: the same page for every
		// one of them, but their own marks. The header names the first.
		members := 0
		member := func() *memberMarks {
			t.Helper()
			members++
			acc, err := st.CreateAccount(context.Background(), fmt.Sprintf("Splice Reader %d", members), forum.RolePractitioner, "not-a-real-hash")
			if err != nil {
				t.Fatal(err)
			}
			return &memberMarks{s: srv, ctx: context.Background(), me: acc, csrf: "a+token/with=signs"}
		}
		for _, signedIn := range []bool{false, true} {
			for _, title := range []string{"A topic", "A topic " + contentSentinel} {
				page := func() *textPage {
					p := &textPage{Page: Page{Title: title, SiteName: "Practice Forum", CSRF: "a+token/with=signs",
						ExitURL: forum.DefaultExitURL, Content: template.HTML(content)}}
					if signedIn {
						p.Account, p.marks = &me, member()
					}
					return p
				}
				t.Run(fmt.Sprintf("signed in %t/%s", signedIn, title), func(t *testing.T) {
					whole := renderWhole(t, srv.views, "topic", page())
					if strings.Contains(whole, markOpen) {
						t.Fatalf("a mark is left in the page rendered whole")
					}
					for _, found := range [][]mark{nil, findMarks(content)} {
						p := page()
						var spliced bytes.Buffer
						if err := srv.views.write(&spliced, "topic", p, found); err != nil {
							t.Fatal(err)
						}
						if spliced.String() != whole {
							t.Errorf("the spliced page differs from the page rendered whole:\n%s\nwant:\n%s", spliced.String(), whole)
						}
						if string(p.Content) != content {
							t.Errorf("the page's content is %q after rendering", p.Content)
						}
					}
				})
			}
		}
	})
}

// renderWhole renders page as the layout alone writes it, its content
// printed by the template, then settles the marks in the whole of it.
func renderWhole(t *testing.T, r *renderer, page string, data *textPage) string {
	t.Helper()
	tmpl, _ := r.set(page, false)
	var buf, out bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, "layout", data); err != nil {
		t.Fatal(err)
	}
	if err := r.settleMarks(&out, page, data, newPiece(buf.String(), nil)); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestMarksWithoutTemplatesAreWhatTheirTemplatesWrote: the marks written
// in Go (marks.go) are byte for byte what their templates wrote before.
func TestMarksWithoutTemplatesAreWhatTheirTemplatesWrote(t *testing.T) {
	was := template.Must(template.New("marks").Parse(
		`{{define "mark-topic"}}{{if .Never}} <span class="badge badge-new">New</span>{{else}} <a class="badge badge-new" href="/t/{{.ID}}/unread">{{.New}} new<span class="visually-hidden"> {{if eq .New 1}}post{{else}}posts{{end}}: go to the first</span></a>{{end}}{{end}}` +
			`{{define "mark-forum"}} <span class="badge badge-new">New posts</span>{{end}}` +
			`{{define "mark-thread"}}<p class="unread-jump"><a href="{{.}}">Jump to the first unread post</a></p>{{end}}` +
			`{{define "mark-post"}} <span class="badge badge-new">New</span>{{end}}`))
	exec := func(name string, data any) string {
		var b strings.Builder
		if err := was.ExecuteTemplate(&b, name, data); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	cases := []struct {
		name, template string
		data           any
		got            template.HTML
	}{
		{"topic never opened", "mark-topic", unreadTopic{ID: 5138071809046933, Never: true}, unreadTopicHTML(unreadTopic{ID: 5138071809046933, Never: true})},
		{"topic, one new", "mark-topic", unreadTopic{ID: 42, New: 1}, unreadTopicHTML(unreadTopic{ID: 42, New: 1})},
		{"topic, many new", "mark-topic", unreadTopic{ID: 5138071809046933, New: 37}, unreadTopicHTML(unreadTopic{ID: 5138071809046933, New: 37})},
		{"forum", "mark-forum", nil, newPostsBadge},
		{"post", "mark-post", nil, newBadge},
		{"thread, first new on the page", "mark-thread", "#p912", unreadJumpHTML(7, 912)},
		{"thread, first new elsewhere", "mark-thread", "/t/5138071809046933/unread", unreadJumpHTML(5138071809046933, 0)},
	}
	for _, c := range cases {
		if want := exec(c.template, c.data); string(c.got) != want {
			t.Errorf("%s: %q, want %q", c.name, c.got, want)
		}
	}
}
