package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
	"forum/internal/web"
)

const sessionCookie = "forum_session"

// TestSessionTokenChangesAtEverySignIn: a cookie from before a sign-in,
// whether the browser's own from an earlier sign-in or one planted in it,
// is worth nothing after it.
func TestSessionTokenChangesAtEverySignIn(t *testing.T) {
	eachServed(t, web.Options{PublicRead: true}, func(t *testing.T, s served) {
		_, pass := member(t, s.st, "Quiet Heron", forum.RolePractitioner)
		b := newBrowser(t, s)
		// The sign-in page stays open, as in a second tab, for signing in again.
		form := b.get("/login")
		creds := url.Values{"pseudonym": {"Quiet Heron"}, "passphrase": {pass}}
		b.setCookie(sessionCookie, "planted-by-someone-else")
		if p := b.submitOn(form, "/login", creds); p.status != http.StatusSeeOther {
			t.Fatalf("first sign-in: status %d", p.status)
		}
		first := b.cookie(sessionCookie)
		if first == "" || first == "planted-by-someone-else" {
			t.Fatalf("session cookie after sign-in: %q", first)
		}
		if p := b.submitOn(form, "/login", creds); p.status != http.StatusSeeOther {
			t.Fatalf("second sign-in: status %d", p.status)
		}
		second := b.cookie(sessionCookie)
		if second == "" || second == first {
			t.Fatalf("session cookie did not change at the second sign-in: %q then %q", first, second)
		}
		if !b.signedIn() {
			t.Error("the new session does not open the account page")
		}
		copied := newBrowser(t, s)
		copied.setCookie(sessionCookie, first)
		if copied.signedIn() {
			t.Error("the cookie from before the second sign-in still works")
		}
		// The database knows a session only by its token's hash.
		for _, c := range dumpCells(t, s.st) {
			if strings.Contains(c.value, second) || strings.Contains(c.value, first) {
				t.Errorf("the database holds a session token itself in %s.%s", c.table, c.column)
			}
		}
	})
}

// TestSignOutEndsTheSessionOnTheServer: signing out does more than drop
// the cookie; a copy of it no longer works.
func TestSignOutEndsTheSessionOnTheServer(t *testing.T) {
	eachServed(t, web.Options{PublicRead: true}, func(t *testing.T, s served) {
		_, pass := member(t, s.st, "Quiet Heron", forum.RolePractitioner)
		b := newBrowser(t, s)
		b.signIn("Quiet Heron", pass)
		token := b.cookie(sessionCookie)
		p := b.submit("/account", "/logout", nil)
		if p.status != http.StatusSeeOther || p.location() != "/" {
			t.Fatalf("sign out: status %d to %q", p.status, p.location())
		}
		if got := flashOf(b.follow(p).body); got != "You are signed out." {
			t.Errorf("after signing out the page says %q", got)
		}
		if b.signedIn() {
			t.Error("still signed in after signing out")
		}
		copied := newBrowser(t, s)
		copied.setCookie(sessionCookie, token)
		p = copied.get("/account")
		if p.status != http.StatusSeeOther || p.location() != "/login?next=%2Faccount" {
			t.Errorf("GET /account with the signed-out cookie: status %d to %q, want 303 to /login?next=%%2Faccount", p.status, p.location())
		}
	})
}

// TestIdleSessionEnds uses a clock the test moves: a session used within
// the idle time lives on, one left idle longer ends, and none outlives the
// session's whole lifetime however busy.
func TestIdleSessionEnds(t *testing.T) {
	const idle = 30 * time.Minute
	storetest.Each(t, func(t *testing.T, dbURL string) {
		clock := &testClock{now: time.Now()}
		st := storetest.Open(t, dbURL, store.Options{Now: clock.Now})
		s := serve(t, web.Options{Store: st, PublicRead: true, SessionIdle: idle})
		_, pass := member(t, st, "Quiet Heron", forum.RolePractitioner)

		b := newBrowser(t, s)
		b.signIn("Quiet Heron", pass)
		clock.Advance(idle - time.Minute)
		if !b.signedIn() {
			t.Fatal("signed out before the idle time was up")
		}
		clock.Advance(idle - time.Minute)
		if !b.signedIn() {
			t.Fatal("signed out although the session was used within the idle time")
		}
		clock.Advance(idle + time.Minute)
		p := b.get("/account")
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/login") {
			t.Fatalf("GET /account after %s idle: status %d to %q, want a redirect to /login", idle+time.Minute, p.status, p.location())
		}
		if b.cookie(sessionCookie) != "" {
			t.Error("the ended session's cookie was not cleared")
		}

		// A form sent after the session ended says so, and saves nothing.
		b.signIn("Quiet Heron", pass)
		form := b.get("/account")
		clock.Advance(idle + time.Minute)
		p = b.submitOn(form, "/account/passphrase", url.Values{"current": {pass}, "new": {"a new passphrase of mine"}, "confirm-new": {"a new passphrase of mine"}})
		if p.status != http.StatusUnauthorized || !strings.Contains(p.body, "nothing was saved") {
			t.Errorf("changing the passphrase after the session ended: status %d:\n%s", p.status, mainOf(p.body))
		}
		newBrowser(t, s).signIn("Quiet Heron", pass)

		// Busy all the time, the session still ends at its lifetime.
		b.signIn("Quiet Heron", pass)
		step, elapsed := idle-time.Minute, time.Duration(0)
		for elapsed+step < 12*time.Hour {
			clock.Advance(step)
			elapsed += step
			if !b.signedIn() {
				t.Fatalf("signed out after %s of steady activity", elapsed)
			}
		}
		clock.Advance(step)
		if b.signedIn() {
			t.Error("a session was still open more than 12 hours after sign-in")
		}
	})
}

// TestCookiesAreHttpOnlyAndLax checks every cookie the forum sets along a
// whole visit: HttpOnly and SameSite=Lax always; on an HTTPS site Secure,
// with the __Host- prefix, path / and no domain.
func TestCookiesAreHttpOnlyAndLax(t *testing.T) {
	for _, secure := range []bool{false, true} {
		t.Run(fmt.Sprintf("secure=%v", secure), func(t *testing.T) {
			eachServed(t, web.Options{PublicRead: true, Secure: secure}, func(t *testing.T, s served) {
				_, pass := member(t, s.st, "Quiet Heron", forum.RolePractitioner)
				b := newBrowser(t, s)
				var seen []*http.Cookie
				keep := func(p answer) answer { seen = append(seen, p.cookies...); return p }
				keep(b.get("/login"))
				login := keep(b.submit("/login", "/login", url.Values{"pseudonym": {"Quiet Heron"}, "passphrase": {pass}}))
				keep(b.follow(login))
				keep(b.get("/account"))
				keep(b.submit("/account", "/logout", nil))

				names := map[string]bool{}
				for _, c := range seen {
					names[c.Name] = true
					if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
						t.Errorf("cookie %s: HttpOnly %v, SameSite %v, want HttpOnly and Lax", c.Name, c.HttpOnly, c.SameSite)
					}
					if c.Path != "/" || c.Domain != "" {
						t.Errorf("cookie %s: path %q, domain %q, want / and none", c.Name, c.Path, c.Domain)
					}
					if secure && (!c.Secure || !strings.HasPrefix(c.Name, "__Host-")) {
						t.Errorf("on an HTTPS site cookie %s: Secure %v, want Secure and the __Host- prefix", c.Name, c.Secure)
					}
					if !secure && c.Secure {
						t.Errorf("cookie %s is Secure on a plain-HTTP site, so a browser would never send it back", c.Name)
					}
				}
				prefix := "forum_"
				if secure {
					prefix = "__Host-forum_"
				}
				for _, want := range []string{prefix + "session", prefix + "csrf", prefix + "flash"} {
					if !names[want] {
						t.Errorf("no cookie %s among %v", want, names)
					}
				}
				if login.status != http.StatusSeeOther || b.cookie(prefix+"session") != "" {
					t.Errorf("sign-in status %d; session cookie left after signing out: %q", login.status, b.cookie(prefix+"session"))
				}
			})
		})
	}
}
