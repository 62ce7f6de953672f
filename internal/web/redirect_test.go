package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"forum/internal/forum"
	"forum/internal/web"
)

// offSite are destinations that must never be followed: each is, to a
// browser or to a URL parser, a page on another site or not a path at all.
// Browsers drop tab, CR and LF anywhere in a URL and read "\" as "/".
var offSite = []string{
	"//evil.example/",
	"///evil.example",
	"https://evil.example/",
	"HTTPS://evil.example",
	"http:/evil.example",
	"javascript:alert(1)",
	"JaVaScRiPt:alert(1)",
	"data:text/html,<script>alert(1)</script>",
	"evil.example",
	`/\evil.example`,
	`\\evil.example`,
	`/\/evil.example`,
	"/\t/evil.example",
	"/\r/evil.example",
	"/\n/evil.example",
	"\t//evil.example",
	"/\t\\evil.example",
	" //evil.example",
	"/ /evil.example",
	"/\x00/evil.example",
	"/\x7f/evil.example",
	"/%09/evil.example",
	"/%0a/evil.example",
	"/%5Cevil.example",
	"/%2F/evil.example",
	"/\u00a0/evil.example",
	"/\u3000/evil.example",
	"/\u2028/evil.example",
	"\u200b//evil.example",
	"/\uff0fevil.example",
}

// TestSignInReturnsOnlyToThisSite: the page to go back to after signing in
// is followed only when it is a path on this site. The sign-in page does
// not carry a hostile next into its form, and a form sent with one
// straight to POST /login does not follow it either.
func TestSignInReturnsOnlyToThisSite(t *testing.T) {
	eachServed(t, web.Options{PublicRead: true, PostsPerSecond: -1}, func(t *testing.T, s served) {
		_, pass := member(t, s.st, "Quiet Heron", forum.RolePractitioner)
		type tc struct{ next, want string }
		cases := []tc{{"/account", "/account"}, {"/t/1?after=x", "/t/1?after=x"}, {"/@evil.example", "/@evil.example"}, {"", "/"}}
		for _, next := range offSite {
			cases = append(cases, tc{next, "/"})
		}
		for _, tc := range cases {
			b := newBrowser(t, s)
			form := b.get("/login?next=" + url.QueryEscape(tc.next))
			if f, _ := hiddenFields(form.body, "/login"); f.Get("next") != tc.want {
				t.Errorf("GET /login?next=%q: the form carries next %q, want %q", tc.next, f.Get("next"), tc.want)
			}
			p := b.submitOn(form, "/login", url.Values{"pseudonym": {"Quiet Heron"}, "passphrase": {pass}, "next": {tc.next}})
			if p.status != http.StatusSeeOther || p.header.Get("Location") != tc.want {
				t.Errorf("POST /login with next=%q: status %d to %q, want %q", tc.next, p.status, p.header.Get("Location"), tc.want)
			}
		}
	})
}

// TestFormsReturnOnlyToThisSite: the forms that say where to go back to
// (a host's pin moves and announcements, a moderator's queue) follow their
// return field only to a path on this site; and the redirect that drops a
// trailing slash cannot be turned into a link to another site.
func TestFormsReturnOnlyToThisSite(t *testing.T) {
	eachServed(t, web.Options{PublicRead: true, PostsPerSecond: -1}, func(t *testing.T, s served) {
		admin, pass := member(t, s.st, "Site Admin", forum.RoleAdmin)
		f := forumNamed(t, s.st, "Secure and suitable housing")
		topic, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: admin.ID, Title: "Pinned for the test", Body: "Read this first."})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.st.SetPinned(ctx, admin, topic.TopicID, true, nil); err != nil {
			t.Fatal(err)
		}
		announcement := func() string {
			if err := s.st.Announce(ctx, admin, f.ID, "An announcement", "The forum opens on Monday."); err != nil {
				t.Fatal(err)
			}
			list, err := s.st.Announcements(ctx, f.ID)
			if err != nil || len(list) == 0 {
				t.Fatalf("announcements: %v, %v", list, err)
			}
			return strconv.FormatInt(list[0].ID, 10)
		}
		b := newBrowser(t, s)
		b.signIn("Site Admin", pass)
		token := anyToken(b.get("/account").body)
		forms := []struct {
			name, home string
			path       func() string
			form       url.Values
		}{
			{"pin up", "/f/" + strconv.FormatInt(f.ID, 10), func() string { return fmt.Sprintf("/t/%d/pin/up", topic.TopicID) }, nil},
			{"pin down", "/f/" + strconv.FormatInt(f.ID, 10), func() string { return fmt.Sprintf("/t/%d/pin/down", topic.TopicID) }, nil},
			{"withdraw an announcement", "/f/" + strconv.FormatInt(f.ID, 10), func() string { return "/announcements/" + announcement() + "/delete" }, nil},
			{"approve from the queue", "/mod/queue?after=3", func() string { return "/mod/queue/approve" }, url.Values{"post": {"999999"}}},
		}
		for _, fm := range forms {
			if p := b.post(fm.path(), withReturn(token, fm.home, fm.form)); p.status != http.StatusSeeOther || p.header.Get("Location") != fm.home {
				t.Errorf("%s returning to %q: status %d to %q", fm.name, fm.home, p.status, p.header.Get("Location"))
			}
			fallback := "/"
			if fm.name == "approve from the queue" {
				fallback = "/mod/queue"
			}
			for _, back := range append(offSite, "/mod/queue\t/evil.example", "/mod/queue/%09/evil.example") {
				p := b.post(fm.path(), withReturn(token, back, fm.form))
				if p.status != http.StatusSeeOther || p.header.Get("Location") != fallback {
					t.Errorf("%s with return=%q: status %d to %q, want %q", fm.name, back, p.status, p.header.Get("Location"), fallback)
				}
			}
		}

		for _, tc := range []struct{ path, want string }{
			{"/account/", "/account"},
			{"/search/?q=housing", "/search?q=housing"},
			{"/%09/evil.example/", "/"},
			{"/%5C/evil.example/", "/"},
			{"/%5Cevil.example/", "/"},
			{"/%2F%2Fevil.example/", "/"},
			{"//evil.example/", "/"},
		} {
			if p := b.get(tc.path); p.status != http.StatusMovedPermanently || p.header.Get("Location") != tc.want {
				t.Errorf("GET %s: status %d to %q, want 301 to %q", tc.path, p.status, p.header.Get("Location"), tc.want)
			}
		}
	})
}

// withReturn is a form with its CSRF token, its return field and extra.
func withReturn(token, back string, extra url.Values) url.Values {
	v := url.Values{"_csrf": {token}, "return": {back}}
	for k, vs := range extra {
		v[k] = vs
	}
	return v
}
