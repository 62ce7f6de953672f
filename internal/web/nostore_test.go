package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// staticCache is what static files say instead of no-store: they are the
// same for everyone, and their names change with their content.
const staticCache = "public, max-age=31536000, immutable"

// TestNoStoreOnEveryAnswer: no answer may be kept by the browser, because
// the same address shows each person their own page, and the next person at
// a shared computer presses Back. Every GET route of the router, read from
// the router, as every kind of person (pages, redirects to sign in, 403 and
// 404 pages), a visitor's page again from the visitors' page cache, every
// form route sent without its token (the 403 page), and the answers the
// router makes itself; static files alone keep their long cache.
func TestNoStoreOnEveryAnswer(t *testing.T) {
	eachServed(t, azOpts, func(t *testing.T, s served) {
		w := newAZWorld(t, s)
		expect := azExpectations()
		check := func(who string, a answer, want string) {
			t.Helper()
			if got := strings.Join(a.header.Values("Cache-Control"), ", "); got != want {
				t.Errorf("%s %s as %s (status %d): Cache-Control %q, want %q", a.method, a.path, who, a.status, got, want)
			}
		}
		answers := 0
		for _, key := range azRoutes(t, s.srv) {
			method, pattern, _ := strings.Cut(key, " ")
			e := expect[key]
			path := pattern
			if e.obj != "" {
				path = w.fill(pattern, w.object(e.obj))
			}
			want := "no-store"
			if key == "GET /static/*" {
				want = staticCache
			}
			if method != http.MethodGet {
				check("a practitioner sending no token", w.b[azPractitioner].post(path, nil), want)
				answers++
				continue
			}
			for r := range azRoles {
				check(r.String(), w.send(r, method, path, nil), want)
				answers++
			}
			check("a visitor, from the page cache", w.send(azVisitor, method, path, nil), want)
			answers++
		}
		others := []struct {
			who, method, path string
			status            int
		}{
			{"a visitor", http.MethodGet, "/static/no-such-file.css", http.StatusNotFound},
			{"a visitor", http.MethodGet, "/no/such/page", http.StatusNotFound},
			{"a member", http.MethodGet, "/account/", http.StatusMovedPermanently}, // the router's trailing-slash redirect
			{"a member", http.MethodDelete, "/account", http.StatusMethodNotAllowed},
		}
		for _, o := range others {
			b := w.b[azVisitor]
			if o.who == "a member" {
				b = w.b[azPractitioner]
			}
			a := b.do(o.method, o.path, nil, nil)
			if a.status != o.status {
				t.Errorf("%s %s as %s: status %d, want %d", o.method, o.path, o.who, a.status, o.status)
			}
			check(o.who, a, "no-store")
			answers++
		}
		// Signing in and out, last: they change the browsers' sessions.
		signIn := w.b[azVisitor].submit("/login", "/login", url.Values{"pseudonym": {w.visitorName}, "passphrase": {w.visitorPass}})
		if signIn.status != http.StatusSeeOther {
			t.Fatalf("signing in: status %d", signIn.status)
		}
		check("a visitor signing in", signIn, "no-store")
		check("a member signing out", w.b[azVisitor].submit("/account", "/logout", nil), "no-store")
		t.Logf("%d answers checked", answers+2)
	})
}
