package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

// BenchmarkRenderSignedInTopic renders a topic's page of 49 posts (some
// 75 KB) for a member who has read it, around its main content rendered
// beforehand, as a practitioner is served from the members' cache
// (fragments.go): the layout, the content and the marks settled.
func BenchmarkRenderSignedInTopic(b *testing.B) {
	st := storetest.Open(b, storetest.URL(b, store.SQLite), store.Options{})
	srv, err := New(Options{Store: st, PublicRead: true})
	if err != nil {
		b.Fatal(err)
	}
	me, err := st.CreateAccount(context.Background(), "Bench Reader", forum.RolePractitioner, "not-a-real-hash")
	if err != nil {
		b.Fatal(err)
	}
	at := time.Now().Add(-time.Hour)
	var content strings.Builder
	content.WriteString(`<nav class="breadcrumbs"><a href="/">Forums</a></nav><h1>A topic</h1>`)
	content.WriteString(string(markFunc(markThread, int64(5138071809046933), at)))
	content.WriteString(string(markFunc(markWatchTopic, int64(5138071809046933), int64(24))))
	for i := range 49 {
		fmt.Fprintf(&content, `<article class="post" id="p%d"><header class="post-meta"><span class="byline">Anonymous practitioner</span> <time datetime="2026-11-27">27 November 2026</time>%s</header><div class="post-body">%s</div><footer><a href="/t/5138071809046933/reply?to=%d">Reply</a> <a href="/p/%d/report">Report</a></footer></article>`,
			i, markFunc(markPost, int64(i), at), strings.Repeat("<p>Words of a post about practice, some of them long enough to fill a paragraph or two.</p>", 14), i, i)
	}
	html := template.HTML(content.String())
	marks := findMarks(string(html))
	mm := &memberMarks{s: srv, ctx: context.Background(), me: me, csrf: "a-form-token"}
	p := &Page{Title: "A topic", SiteName: "Practice Forum", Account: &me, CSRF: "a-form-token",
		ExitURL: forum.DefaultExitURL, Content: html, marks: mm}
	if err := srv.views.renderAround(discard{}, 200, "topic", p, marks); err != nil {
		b.Fatal(err) // and the member has read it
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := srv.views.renderAround(discard{}, 200, "topic", p, marks); err != nil {
			b.Fatal(err)
		}
	}
}

// discard is a response that keeps only its headers.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}
