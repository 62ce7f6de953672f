package main

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"forum/internal/store/storetest"
)

// TestTwoInstancesOnOnePostgreSQL runs two real server processes on one
// PostgreSQL database, as two instances behind a load balancer would,
// and checks what a member, a visitor and an attacker would see of them:
// one session for both, an approval on one shown on the other's visitor
// pages within a second, a sign-out on one ending the session on both,
// guesses at a passphrase counted across both, and no acknowledged write
// lost when one of them is killed.
func TestTwoInstancesOnOnePostgreSQL(t *testing.T) {
	base := os.Getenv(storetest.PostgresEnv)
	if base == "" {
		t.Skip("needs PostgreSQL: set " + storetest.PostgresEnv)
	}
	dbURL := storetest.PostgresSchema(t, base)
	rig := newCrashRig(t, dbURL)
	a, b := startServer(t, dbURL), startServer(t, dbURL)
	waitHealthy(t, a.url)
	waitHealthy(t, b.url)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("first instance's log:\n%s\nsecond instance's log:\n%s", a.logs.String(), b.logs.String())
		}
	})
	ctx := context.Background()

	// The cookie jar is one browser's: cookies are the host's, whatever
	// the port, so the member's session goes to both instances.
	member := newCrashClient(a.url, crashAddrs(1))
	defer member.close()
	if err := member.signIn(ctx, crashPractitioner, crashPassword); err != nil {
		t.Fatal(err)
	}
	memberOnB := *member
	memberOnB.base = b.url
	if !signedInAs(t, &memberOnB, crashPractitioner) {
		t.Fatal("a session made on one instance is not signed in on the other")
	}

	t.Run("an approval on one shows on the other's visitor pages within a second", func(t *testing.T) {
		visitor := newCrashClient(a.url, crashAddrs(2))
		defer visitor.close()
		home, err := visitor.get(ctx, "/")
		if err != nil {
			t.Fatal(err)
		}
		m := crashForumRE.FindStringSubmatch(home.body)
		if m == nil {
			t.Fatal("the home page links no forum")
		}
		forumPath := "/f/" + m[1]
		title := "Two instances " + crashWord()
		ans, err := member.post(ctx, forumPath+"/new", url.Values{"title": {title}, "body": {"Sent to the first instance."},
			"anonymous": {"no"}, "action": {"send"}, "submission": {"two-instances-" + crashWord()}, "confirm_pii": {"yes"}})
		if err != nil || ans.status != http.StatusSeeOther {
			t.Fatalf("sending a topic: %v, status %d", err, ans.status)
		}
		// The member's header, with no unread notification, is read on
		// the first instance (and its count kept there).
		if page, err := member.get(ctx, "/account"); err != nil || strings.Contains(page.body, " unread</span>") {
			t.Fatalf("before approval the member has unread notifications (or %v)", err)
		}
		// The visitors' page is made and kept on the first instance.
		if page, err := visitor.get(ctx, forumPath); err != nil || strings.Contains(page.body, title) {
			t.Fatalf("the forum page before approval: %v, shows the waiting topic: %v", err, err == nil)
		}
		mod := newCrashClient(b.url, crashAddrs(3))
		defer mod.close()
		if err := mod.signIn(ctx, crashModerator, crashPassword); err != nil {
			t.Fatal(err)
		}
		id := queuedPostTitled(t, mod, title)
		ans, err = mod.post(ctx, fmt.Sprintf("/mod/posts/%d/approve", id), url.Values{"return": {"/mod/queue"}})
		if err != nil || ans.status != http.StatusSeeOther {
			t.Fatalf("approving on the second instance: %v, status %d", err, ans.status)
		}
		approved := time.Now()
		if !eventually(time.Second, func() bool {
			page, err := visitor.get(ctx, forumPath)
			return err == nil && strings.Contains(page.body, html.EscapeString(title))
		}) {
			t.Fatal("a second after the approval on one instance, the other still shows visitors the forum without the topic")
		}
		t.Logf("the other instance's visitors saw the approved topic %v after the approval was answered", time.Since(approved).Round(time.Millisecond))
		if !eventually(time.Second, func() bool {
			page, err := member.get(ctx, "/account")
			return err == nil && strings.Contains(page.body, ">1<span class=\"visually-hidden\"> unread</span>")
		}) {
			t.Fatal("a second after the approval on one instance, the author's header on the other counts no unread notification")
		}
	})

	t.Run("guesses at one account are counted across both instances", func(t *testing.T) {
		// Ten wrong passphrases at once, five to each instance. Counted
		// together, the tenth would queue past the 30 s the throttle
		// allows and is refused at once; counted apart, each instance
		// sees five, all within the free tries.
		var clients []*crashClient
		for i := range 10 {
			srv := a.url
			if i%2 == 1 {
				srv = b.url
			}
			c := newCrashClient(srv, crashAddrs(10+i))
			defer c.close()
			page, err := c.get(ctx, "/login")
			m := crashCSRFRE.FindStringSubmatch(page.body)
			if err != nil || m == nil {
				t.Fatalf("GET /login: %v", err)
			}
			c.token = html.UnescapeString(m[1])
			clients = append(clients, c)
		}
		var mu sync.Mutex
		statuses := map[int]int{}
		var wg sync.WaitGroup
		for _, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				gctx, cancel := context.WithTimeout(ctx, 5*time.Second)
				defer cancel()
				ans, err := c.post(gctx, "/login", url.Values{"pseudonym": {"Guessed Name"}, "passphrase": {"not the passphrase at all"}})
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					statuses[0]++ // still queued after 5 s: dropped by the test
					return
				}
				statuses[ans.status]++
			}()
		}
		wg.Wait()
		if statuses[http.StatusTooManyRequests] != 1 {
			t.Fatalf("answers to ten guesses sent at once to two instances: %v (status: count; 0 = still waiting after 5 s); want exactly one 429, as from one instance", statuses)
		}
	})

	t.Run("a sign-out on one ends the session on both", func(t *testing.T) {
		// The browser forgets its cookie at sign-out; someone who copied
		// it keeps it, in a jar of their own.
		host, _ := url.Parse(a.url)
		kept := member.clients[0].Jar.Cookies(host)
		ans, err := member.post(ctx, "/logout", url.Values{})
		if err != nil || ans.status != http.StatusSeeOther {
			t.Fatalf("signing out on the first instance: %v, status %d", err, ans.status)
		}
		old := newCrashClient(b.url, crashAddrs(6))
		defer old.close()
		old.clients[0].Jar.SetCookies(host, kept)
		if !signedInAs(t, old, crashPractitioner) && len(kept) == 0 {
			t.Fatal("the member's session cookie was not found")
		}
		if !eventually(time.Second, func() bool { return !signedInAs(t, old, crashPractitioner) }) {
			t.Fatal("a second after signing out on one instance, the old session still works on the other")
		}
	})

	t.Run("killing one loses no acknowledged write", func(t *testing.T) {
		writer := newCrashClient(b.url, crashAddrs(4))
		defer writer.close()
		if err := writer.signIn(ctx, crashPractitioner, crashPassword); err != nil {
			t.Fatal(err)
		}
		forumID := firstForum(t, writer)
		var acked []string
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := 0; i < 200; i++ {
				title := fmt.Sprintf("Kept through a kill %d %s", i, crashWord())
				ans, err := writer.post(ctx, fmt.Sprintf("/f/%d/new", forumID), url.Values{"title": {title}, "body": {"Sent before the kill."},
					"anonymous": {"no"}, "action": {"send"}, "submission": {"kill-" + strconv.Itoa(i) + crashWord()}, "confirm_pii": {"yes"}})
				if err != nil || ans.status != http.StatusSeeOther {
					return
				}
				acked = append(acked, title)
			}
		}()
		time.Sleep(300 * time.Millisecond)
		if err := b.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-done
		if len(acked) == 0 {
			t.Fatal("no topic was acknowledged before the kill")
		}
		mod := newCrashClient(a.url, crashAddrs(5))
		defer mod.close()
		if err := mod.signIn(ctx, crashModerator, crashPassword); err != nil {
			t.Fatal(err)
		}
		for _, title := range acked {
			if n := rig.db.one("SELECT COUNT(*) FROM topics WHERE title = ?", title); n != 1 {
				t.Errorf("topic %q was acknowledged by the killed instance; %d are kept", title, n)
			}
		}
		// The instance left serving still serves.
		if page, err := mod.get(ctx, "/mod/queue"); err != nil || page.status != http.StatusOK {
			t.Fatalf("the queue on the instance left serving: %v", err)
		}
		t.Logf("%d topics acknowledged before SIGKILL, all kept", len(acked))
	})
}

// signedInAs says whether c's session is signed in as pseudonym.
func signedInAs(t *testing.T, c *crashClient, pseudonym string) bool {
	t.Helper()
	page, err := c.get(context.Background(), "/account")
	if err != nil {
		t.Fatal(err)
	}
	return page.status == http.StatusOK && strings.Contains(page.body, html.EscapeString(pseudonym))
}

// eventually tries ok until it holds or within is over.
func eventually(within time.Duration, ok func() bool) bool {
	end := time.Now().Add(within)
	for {
		if ok() {
			return true
		}
		if time.Now().After(end) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// queuedPostTitled finds the waiting post of the topic titled title in the
// moderator's queue.
func queuedPostTitled(t *testing.T, mod *crashClient, title string) int64 {
	t.Helper()
	page, err := mod.get(context.Background(), "/mod/queue")
	if err != nil {
		t.Fatal(err)
	}
	at := strings.Index(page.body, html.EscapeString(title))
	if at < 0 {
		t.Fatalf("the queue does not show %q", title)
	}
	m := crashQueueRE.FindStringSubmatch(page.body[at:])
	if m == nil {
		t.Fatalf("no approve form after %q in the queue", title)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// firstForum is the first forum the home page links.
func firstForum(t *testing.T, c *crashClient) int64 {
	t.Helper()
	home, err := c.get(context.Background(), "/")
	if err != nil {
		t.Fatal(err)
	}
	m := crashForumRE.FindStringSubmatch(home.body)
	if m == nil {
		t.Fatal("the home page links no forum")
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}
