package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
	"forum/internal/web"
)

var ctx = context.Background()

// site is a real server on a real listener over a real database.
type site struct {
	*httptest.Server
	st  *store.Store
	srv *web.Server
}

func newSite(t *testing.T, st *store.Store) site {
	t.Helper()
	srv, err := web.New(web.Options{Store: st, PublicRead: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return site{Server: ts, st: st, srv: srv}
}

func eachSite(t *testing.T, fn func(t *testing.T, s site)) {
	storetest.EachStore(t, func(t *testing.T, st *store.Store) { fn(t, newSite(t, st)) })
}

type response struct {
	status int
	body   string
	header http.Header
}

func (s site) get(t *testing.T, path string) response {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(s.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, string(b), res.Header}
}

func account(t *testing.T, st *store.Store, name string, role forum.Role) forum.Account {
	t.Helper()
	a, err := st.CreateAccount(ctx, name, role, "not-a-real-hash")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func forumNamed(t *testing.T, st *store.Store, group string) forum.Forum {
	t.Helper()
	groups, err := st.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		if g.Name == group {
			return g.Forums[0]
		}
	}
	t.Fatalf("no group %q", group)
	return forum.Forum{}
}

func TestHomeListsTheEightGroups(t *testing.T) {
	eachSite(t, func(t *testing.T, s site) {
		r := s.get(t, "/")
		if r.status != http.StatusOK {
			t.Fatalf("status %d", r.status)
		}
		groups := regexp.MustCompile(`<li class="outcome">\s*<h3><a href="/g/\d+">([^<]+)</a></h3>`).FindAllStringSubmatch(r.body, -1)
		var names []string
		for _, m := range groups {
			names = append(names, m[1])
		}
		want := "Working with core outcomes as a set|Secure and suitable housing|Safety from any trafficker or other abuser|" +
			"Long-term, consistent support|Trauma-informed services|Finding purpose in life and self-actualisation|" +
			"Access to medical treatment|Access to education"
		if strings.Join(names, "|") != want {
			t.Errorf("groups on home page:\n%s\nwant\n%s", strings.Join(names, "|"), want)
		}
		if n := strings.Count(r.body, "<h1"); n != 1 {
			t.Errorf("home page has %d h1 elements", n)
		}
		if !strings.Contains(r.body, `<a class="skip-link" href="#main">`) || !strings.Contains(r.body, `<main id="main"`) {
			t.Error("no skip link to the main content")
		}
	})
}

func TestUnapprovedContentIsNowhere(t *testing.T) {
	eachSite(t, func(t *testing.T, s site) {
		mod := account(t, s.st, "Careful Moderator", forum.RoleModerator)
		member := account(t, s.st, "Quiet Heron", forum.RolePractitioner)
		f := forumNamed(t, s.st, "Secure and suitable housing")
		open, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "Move-on from safe houses", Body: "Approved opening post."})
		if err != nil {
			t.Fatal(err)
		}
		pendingTopic, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: member.ID, Title: "Zanzibarpendingtitle", Body: "Quokkapendingbody"})
		if err != nil {
			t.Fatal(err)
		}
		pendingReply, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: open.TopicID, AuthorID: member.ID, Body: "Wombatpendingreply"})
		if err != nil {
			t.Fatal(err)
		}
		declined, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: open.TopicID, AuthorID: member.ID, Body: "Platypusdeclinedreply"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.st.Decline(ctx, mod, declined.PostID, "off-topic"); err != nil {
			t.Fatal(err)
		}
		secret := []string{"Zanzibarpendingtitle", "Quokkapendingbody", "Wombatpendingreply", "Platypusdeclinedreply", "Quiet Heron"}
		pages := []string{"/", fmt.Sprintf("/g/%d", f.GroupID), fmt.Sprintf("/f/%d", f.ID), fmt.Sprintf("/t/%d", open.TopicID)}
		for _, p := range pages {
			r := s.get(t, p)
			if r.status != http.StatusOK {
				t.Errorf("GET %s: %d", p, r.status)
			}
			for _, word := range secret {
				if strings.Contains(r.body, word) {
					t.Errorf("GET %s shows %q, which is not approved", p, word)
				}
			}
		}
		if r := s.get(t, fmt.Sprintf("/t/%d", pendingTopic.TopicID)); r.status != http.StatusNotFound {
			t.Errorf("pending topic page: %d, want 404", r.status)
		}
		// Counts cover approved content only: one topic, one post.
		r := s.get(t, fmt.Sprintf("/f/%d", f.ID))
		if !strings.Contains(r.body, "0 replies") {
			t.Error("forum page does not say the topic has 0 replies")
		}
		home := s.get(t, "/")
		if topics, posts, ok := forumStats(home.body, f.ID); !ok || topics != 1 || posts != 1 {
			t.Errorf("home counts for the forum: %d topics, %d posts (found: %v), want 1 topic and 1 post", topics, posts, ok)
		}
		// Approving the reply makes it appear and counts move.
		if err := s.st.Approve(ctx, mod, pendingReply.PostID); err != nil {
			t.Fatal(err)
		}
		if r := s.get(t, fmt.Sprintf("/t/%d", open.TopicID)); !strings.Contains(r.body, "Wombatpendingreply") || !strings.Contains(r.body, "1 reply") {
			t.Error("approved reply is not on the topic page")
		}
	})
}

func TestThreadedOrderOnTheTopicPage(t *testing.T) {
	eachSite(t, func(t *testing.T, s site) {
		mod := account(t, s.st, "Thread Keeper", forum.RoleModerator)
		f := forumNamed(t, s.st, "Access to education")
		c, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "ESOL waiting lists", Body: "first-post"})
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]int64{}
		reply := func(parent, body string) {
			var p *int64
			if parent != "" {
				id := ids[parent]
				p = &id
			}
			r, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: c.TopicID, ParentID: p, AuthorID: mod.ID, Body: body})
			if err != nil {
				t.Fatal(err)
			}
			ids[body] = r.PostID
		}
		reply("", "reply-one")
		reply("", "reply-two")
		reply("reply-one", "answer-to-one")
		reply("answer-to-one", "deeper-answer")
		r := s.get(t, fmt.Sprintf("/t/%d", c.TopicID))
		items := regexp.MustCompile(`(?:<section class="thread-opening"|<li class="post-item depth-(\d)") id="p\d+"[\s\S]*?<div class="post-body"><p>([a-z-]+)</p>`).FindAllStringSubmatch(r.body, -1)
		var got []string
		for _, m := range items {
			at := m[1]
			if at == "" {
				at = "opening"
			}
			got = append(got, m[2]+"@"+at)
		}
		want := "first-post@opening reply-one@0 answer-to-one@1 deeper-answer@2 reply-two@0"
		if strings.Join(got, " ") != want {
			t.Errorf("thread order %q, want %q", strings.Join(got, " "), want)
		}
	})
}

func TestForumPagination(t *testing.T) {
	eachSite(t, func(t *testing.T, s site) {
		clock := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
		st := storetest.Open(t, s.st.URL(), store.Options{Now: func() time.Time { clock = clock.Add(time.Minute); return clock }})
		mod := account(t, st, "Page Keeper", forum.RoleModerator)
		f := forumNamed(t, st, "Access to medical treatment")
		for i := 0; i < store.TopicPageSize+1; i++ {
			if _, err := st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: fmt.Sprintf("GP registration %02d", i), Body: "body"}); err != nil {
				t.Fatal(err)
			}
		}
		first := s.get(t, fmt.Sprintf("/f/%d", f.ID))
		next := regexp.MustCompile(`<a rel="next" href="([^"]+)"`).FindStringSubmatch(first.body)
		if next == nil || strings.Contains(first.body, `rel="prev"`) {
			t.Fatalf("first page: next link %v, prev link present %v", next, strings.Contains(first.body, `rel="prev"`))
		}
		if n := strings.Count(first.body, `class="topic-title"`); n != store.TopicPageSize {
			t.Errorf("first page lists %d topics", n)
		}
		second := s.get(t, strings.ReplaceAll(next[1], "&amp;", "&"))
		if second.status != http.StatusOK || strings.Count(second.body, `class="topic-title"`) != 1 ||
			!strings.Contains(second.body, "GP registration 00") || strings.Contains(second.body, `rel="next"`) || !strings.Contains(second.body, `rel="prev"`) {
			t.Errorf("last page: status %d, %d topics, has oldest %v", second.status, strings.Count(second.body, `class="topic-title"`), strings.Contains(second.body, "GP registration 00"))
		}
	})
}

func TestNotFound(t *testing.T) {
	eachSite(t, func(t *testing.T, s site) {
		for _, p := range []string{"/t/abc", "/t/999999999", "/t/0", "/t/-3", "/t/1.5", "/g/abc", "/g/999999", "/f/xyz", "/f/999999",
			"/no-such-page", "/f/1?after=garbage", "/t/1?after=%27%20OR%201=1", "/static/nothing.css"} {
			r := s.get(t, p)
			if r.status != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", p, r.status)
			}
			if !strings.Contains(r.header.Get("Content-Type"), "text/html") || !strings.Contains(r.body, "<h1>Page not found</h1>") {
				t.Errorf("GET %s: not the HTML 404 page: %s %.200q", p, r.header.Get("Content-Type"), r.body)
			}
		}
	})
}

func TestSecurityHeadersOnEveryKindOfAnswer(t *testing.T) {
	eachSite(t, func(t *testing.T, s site) {
		for _, p := range []string{"/", "/privacy", "/accessibility", "/t/999", "/healthz", "/static/forum.css"} {
			r := s.get(t, p)
			want := map[string]string{
				"Content-Security-Policy": "default-src 'self'",
				"X-Content-Type-Options":  "nosniff",
				"Referrer-Policy":         "no-referrer",
				"X-Frame-Options":         "DENY",
			}
			for h, v := range want {
				if !strings.Contains(r.header.Get(h), v) {
					t.Errorf("GET %s: %s = %q, want it to contain %q", p, h, r.header.Get(h), v)
				}
			}
			if !strings.Contains(r.header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
				t.Errorf("GET %s: CSP lacks frame-ancestors 'none'", p)
			}
		}
	})
}

func TestOperationsEndpoints(t *testing.T) {
	eachSite(t, func(t *testing.T, s site) {
		if r := s.get(t, "/healthz"); r.status != http.StatusOK {
			t.Errorf("/healthz: %d", r.status)
		}
		if r := s.get(t, "/readyz"); r.status != http.StatusOK {
			t.Errorf("/readyz: %d", r.status)
		}
		s.get(t, "/")
		// A request is counted once its answer is written, so the client
		// may read the answer a moment before the count moves.
		m := metricsOf(t, s.srv)
		for try := 0; try < 200 && !strings.Contains(m, `route="/"`); try++ {
			time.Sleep(5 * time.Millisecond)
			m = metricsOf(t, s.srv)
		}
		if !strings.Contains(m, `forum_http_requests_total{code="200",method="GET",route="/"}`) ||
			!strings.Contains(m, "forum_http_request_duration_seconds_bucket") {
			t.Errorf("the metrics lack the request series:\n%s", m[:min(len(m), 3000)])
		}
		if r := s.get(t, "/metrics"); r.status != http.StatusNotFound {
			t.Errorf("/metrics on the forum's own address: %d, want 404 (it has a listener of its own)", r.status)
		}
		s.st.Close()
		if r := s.get(t, "/readyz"); r.status != http.StatusServiceUnavailable {
			t.Errorf("/readyz with the database closed: %d, want 503", r.status)
		}
		if r := s.get(t, "/healthz"); r.status != http.StatusOK {
			t.Errorf("/healthz with the database closed: %d, want 200", r.status)
		}
	})
}
