package web_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
	"forum/internal/web"
)

// lockedBuffer collects the server's log, which its goroutines write.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestNoAddressIsKeptAnywhere sends a whole life on the forum (setup,
// settings, invites, sign-up, failed and good sign-ins, topics, an
// anonymous reply, moderation, a report, a passphrase change, roles, an
// export, refusals) from a recognisable address, with a forged
// X-Forwarded-For on every request, then reads every column of every table,
// the whole debug log and the metrics, and finds neither address. It runs
// with the server taking the address from the connection and, behind a
// trusted proxy, from the header.
func TestNoAddressIsKeptAnywhere(t *testing.T) {
	const client, forwarded = "127.0.0.77", "203.0.113.195"
	_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
	for _, tc := range []struct {
		name    string
		trusted []*net.IPNet
	}{
		{"direct", nil},
		{"behind a trusted proxy", []*net.IPNet{loopback}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, dbURL string) {
				st := storetest.Open(t, dbURL, store.Options{})
				var logs lockedBuffer
				logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
				s := serve(t, web.Options{Store: st, PublicRead: true, Logger: logger, TrustedProxies: tc.trusted})
				from := []browserOption{fromAddress(client), withHeader("X-Forwarded-For", forwarded)}
				checkTheClientIsRecognisable(t, client, forwarded, from)

				liveALife(t, s, from)
				metrics := metricsOf(t, s.srv)
				s.Close() // every request has finished and logged

				cells := dumpCells(t, st)
				if !anyCellHolds(cells, "Quiet Heron") {
					t.Fatal("the scan does not see the pseudonym that was just registered: it is not reading the data")
				}
				for _, addr := range []string{client, forwarded} {
					for _, c := range cells {
						if strings.Contains(c.value, addr) {
							t.Errorf("the database holds %s in %s.%s: %q", addr, c.table, c.column, c.value)
						}
					}
					if strings.Contains(logs.String(), addr) {
						t.Errorf("the log holds %s:\n%s", addr, grepLines(logs.String(), addr))
					}
					if strings.Contains(metrics, addr) {
						t.Errorf("the metrics hold %s:\n%s", addr, grepLines(metrics, addr))
					}
				}
				if n := strings.Count(logs.String(), "msg=request"); n < 40 {
					t.Errorf("the log has %d request lines: it was not captured", n)
				}
			})
		})
	}
}

func anyCellHolds(cells []cell, s string) bool {
	for _, c := range cells {
		if strings.Contains(c.value, s) {
			return true
		}
	}
	return false
}

func grepLines(text, s string) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, s) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// checkTheClientIsRecognisable makes sure that a browser built with from
// really connects from client and sends the forged header, so that finding
// neither address later means something.
func checkTheClientIsRecognisable(t *testing.T, client, forwarded string, from []browserOption) {
	t.Helper()
	mirror := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %s", r.RemoteAddr, r.Header.Get("X-Forwarded-For"))
	}))
	defer mirror.Close()
	got := newBrowser(t, served{Server: mirror}, from...).get("/").body
	host, _, _ := strings.Cut(got, " ")
	if ip, _, err := net.SplitHostPort(host); err != nil || ip != client || !strings.HasSuffix(got, " "+forwarded) {
		t.Fatalf("the test client shows itself as %q, want %s with X-Forwarded-For %s", got, client, forwarded)
	}
}

// liveALife does through the browser, from one address, most of what
// people do on the forum.
func liveALife(t *testing.T, s served, from []browserOption) {
	t.Helper()
	token, hash := auth.NewToken()
	if err := s.st.AddSetupToken(ctx, hash, s.st.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	must := func(p answer, status int) answer {
		t.Helper()
		if p.status != status {
			t.Fatalf("%s: status %d, want %d; summary %v\n%s", p, p.status, status, errorSummary(p.body), mainOf(p.body))
		}
		return p
	}
	const adminPass, pass, newPass = "steady admin keeps the keys", "kettle orbit meadow lantern", "violet harbour compass rope"

	adm := newBrowser(t, s, from...)
	must(adm.submit("/setup/"+token, "/setup/"+token, url.Values{"pseudonym": {"Steady Admin"}, "passphrase": {adminPass}, "confirm": {adminPass}}), http.StatusSeeOther)
	must(adm.submit("/admin/settings", "/admin/settings", url.Values{"invite_only": {"on"}}), http.StatusSeeOther)
	made := must(adm.submit("/admin/invites", "/admin/invites", url.Values{"note": {"Spring induction"}, "days": {"14"}}), http.StatusSeeOther)
	u, _ := url.Parse(made.location())
	code := u.Query().Get("new")

	me := newBrowser(t, s, from...)
	must(me.get("/"), http.StatusOK)
	must(me.submit("/register", "/register", url.Values{"action": {"register"}, "pseudonym": {"Quiet Heron"}, "passphrase": {pass}, "confirm": {pass}, "invite": {"WRONG-CODE"}}), http.StatusUnprocessableEntity)
	must(me.submit("/register", "/register", url.Values{"action": {"register"}, "pseudonym": {"Quiet Heron"}, "passphrase": {pass}, "confirm": {pass}, "invite": {code}}), http.StatusSeeOther)
	must(me.submit("/account", "/logout", nil), http.StatusSeeOther)
	must(me.submit("/login", "/login", url.Values{"pseudonym": {"Quiet Heron"}, "passphrase": {"not my passphrase at all"}}), http.StatusUnprocessableEntity)
	must(me.submit("/login", "/login", url.Values{"pseudonym": {"Nobody Here"}, "passphrase": {"not my passphrase at all"}}), http.StatusUnprocessableEntity)
	me.signIn("Quiet Heron", pass)

	// The admin opens a topic; the member starts one and replies anonymously.
	f := forumNamed(t, s.st, "Secure and suitable housing")
	newTopic := fmt.Sprintf("/f/%d/new", f.ID)
	topic := must(adm.submit(newTopic, newTopic, url.Values{"title": {"Move-on from safe houses"}, "body": {"What works for you?"}, "anonymous": {"no"}, "action": {"send"}}), http.StatusSeeOther)
	// It is published at once, and its permalink leads to it.
	topicPath, _, _ := strings.Cut(must(adm.follow(topic), http.StatusSeeOther).location(), "#")
	must(me.submit(newTopic, newTopic, url.Values{"title": {"Housing after the NRM decision"}, "body": {"A question of mine."}, "anonymous": {"no"}, "action": {"preview"}}), http.StatusOK)
	must(me.submit(newTopic, newTopic, url.Values{"title": {"Housing after the NRM decision"}, "body": {"A question of mine."}, "anonymous": {"no"}, "action": {"send"}}), http.StatusSeeOther)
	replyPath := topicPath + "/reply"
	must(me.submit(replyPath, replyPath, url.Values{"body": {"An anonymous answer."}, "anonymous": {"yes"}, "action": {"send"}}), http.StatusSeeOther)
	must(me.get("/my/posts"), http.StatusOK)

	// The admin works the queue.
	queue := must(adm.get("/mod/queue"), http.StatusOK)
	for _, m := range regexp.MustCompile(`action="(/mod/posts/\d+/approve)"`).FindAllStringSubmatch(queue.body, -1) {
		must(adm.submitOn(must(adm.get("/mod/queue"), http.StatusOK), m[1], nil), http.StatusSeeOther)
	}
	must(me.get(topicPath), http.StatusOK)
	must(me.get("/notifications"), http.StatusOK)

	// The member reports the admin's opening post.
	firstPost := regexp.MustCompile(`id="p(\d+)"`).FindStringSubmatch(must(me.get(topicPath), http.StatusOK).body)
	if firstPost == nil {
		t.Fatalf("no post on %s", topicPath)
	}
	reportPath := fmt.Sprintf("/p/%s/report", firstPost[1])
	reportForm := must(me.get(reportPath), http.StatusOK)
	reason := regexp.MustCompile(`name="reason" value="([^"]+)"`).FindStringSubmatch(reportForm.body)
	if reason == nil {
		t.Fatalf("the report form offers no reason:\n%s", mainOf(reportForm.body))
	}
	must(me.submitOn(reportForm, reportPath, url.Values{"reason": {reason[1]}, "note": {"Please look at this."}}), http.StatusSeeOther)
	must(adm.get("/mod/reports"), http.StatusOK)

	// The member changes the passphrase, exports, and is refused a few things.
	must(me.submit("/account", "/account/passphrase", url.Values{"current": {pass}, "new": {newPass}, "confirm-new": {newPass}}), http.StatusSeeOther)
	must(me.get("/account/data.json"), http.StatusOK)
	must(me.get("/admin"), http.StatusForbidden)
	if p := me.post("/account/passphrase", url.Values{"current": {newPass}}); p.status != http.StatusForbidden && p.status != http.StatusBadRequest {
		t.Fatalf("a form without its token: status %d", p.status)
	}
	must(me.get("/t/999999"), http.StatusNotFound)
	must(me.get("/no-such-page"), http.StatusNotFound)

	// The admin makes the member a moderator.
	acc, _, err := s.st.Credentials(ctx, "Quiet Heron")
	if err != nil {
		t.Fatal(err)
	}
	person := fmt.Sprintf("/admin/people/%d", acc.ID)
	must(adm.submit(person, person, url.Values{"role": {string(forum.RoleModerator)}}), http.StatusSeeOther)
	must(adm.get("/mod/log"), http.StatusOK)
	for _, path := range []string{"/healthz", "/readyz", "/static/forum.css", "/privacy"} {
		must(me.get(path), http.StatusOK)
	}
}
