package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"forum/internal/store/storetest"
)

// TestCrashSafety kills the real server with SIGKILL while members post
// and moderators approve, restarts it on the same database, and checks that
// everything the server acknowledged is there exactly as sent, and that no
// request in flight left half of itself behind: counts, opening posts,
// topic states, notifications, the moderation log and the search index all
// agree with the posts. It does so at a few kill points, on each database.
func TestCrashSafety(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		rig := newCrashRig(t, dbURL)
		srv := startServer(t, dbURL)
		waitHealthy(t, srv.url)
		for run, killAfter := range crashKillPoints {
			r := rig.run(srv, run, killAfter)
			srv = startServer(t, dbURL)
			rig.ready(srv.url)
			verified := rig.verify()
			t.Logf("run %d: killed after %v with %d requests in flight; sent %d, acknowledged %d (%d replies, %d topics, %d approvals), "+
				"%d requests broken by the kill; answers %v; after restart verified %d acknowledged writes of all runs",
				run+1, killAfter, r.inFlightAtKill, r.sent, rig.ledger.count(run, ""), rig.ledger.count(run, "reply"),
				rig.ledger.count(run, "topic"), rig.ledger.count(run, "approve"), r.broken, r.statuses, verified)
			if r.inFlightAtKill == 0 {
				t.Logf("run %d: no request was in flight at the kill", run+1)
			}
		}
		rig.ledger.mu.Lock()
		for _, f := range rig.ledger.failures {
			t.Errorf("the server failed a request under load: %s", f)
		}
		rig.ledger.mu.Unlock()
		if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		select {
		case <-srv.done:
		case <-time.After(20 * time.Second):
			t.Error("the restarted server did not stop within 20 s of SIGTERM")
		}
	})
}

// crashKillPoints are how long into each run's stream the server is killed.
var crashKillPoints = []time.Duration{700 * time.Millisecond, 1300 * time.Millisecond, 1900 * time.Millisecond}

const (
	crashPractitioners = 10
	crashModerators    = 4
	crashAddrsEach     = 6 // loopback addresses per client
	// crashStreamFor bounds each run's stream; the kill comes before its end.
	crashStreamFor = 3 * time.Second
	crashPassword  = "a passphrase long enough to sign in"
)

const (
	crashPractitioner = "Crash Practitioner"
	crashModerator    = "Crash Moderator"
)

// crashRig is one database, its people, and the ledger of acknowledged writes.
type crashRig struct {
	t      *testing.T
	db     *crashDB
	ledger *crashLedger
	// failed marks acknowledged writes (by their place in the ledger)
	// already found missing or wrong, so each is reported once.
	failed map[int]bool
}

func newCrashRig(t *testing.T, dbURL string) *crashRig {
	t.Helper()
	for name, role := range map[string]string{crashPractitioner: "practitioner", crashModerator: "moderator"} {
		cmd := forumCmd([]string{"FORUM_DATABASE_URL=" + dbURL}, "user", "add", "--pseudonym", name, "--role", role)
		cmd.Stdin = strings.NewReader(crashPassword + "\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("forum user add %s: %v\n%s", name, err, out)
		}
	}
	return &crashRig{t: t, db: openCrashDB(t, dbURL), ledger: &crashLedger{}, failed: map[int]bool{}}
}

// crashRunResult is what one run's stream did.
type crashRunResult struct {
	sent, broken, inFlightAtKill int64
	statuses                     map[int]int
}

// crashAddrs hands out loopback addresses, a few to each client.
func crashAddrs(i int) []net.IP {
	var out []net.IP
	for k := range crashAddrsEach {
		n := 10 + i*crashAddrsEach + k
		out = append(out, net.IPv4(127, 0, byte(n/250), byte(1+n%250)))
	}
	return out
}

// run signs everyone in, starts the stream, kills the server after
// killAfter while requests are in flight, and waits for it to be gone.
func (g *crashRig) run(srv *started, run int, killAfter time.Duration) crashRunResult {
	t := g.t
	t.Helper()
	before := g.ledger.snapshotStatuses()
	setup := newCrashClient(srv.url, crashAddrs(0))
	defer setup.close()
	ctx := context.Background()
	if err := setup.signIn(ctx, crashModerator, crashPassword); err != nil {
		t.Fatal(err)
	}
	forums, topics := g.places(ctx, setup, run)

	type worker struct {
		c         *crashClient
		moderator bool
		index     int
	}
	// The workers share two accounts, so they sign in one after another:
	// checks on one account queue in the sign-in throttle, and a dozen at
	// once on one pseudonym look like guessing.
	var workers []worker
	for i := range crashPractitioners + crashModerators {
		w := worker{c: newCrashClient(srv.url, crashAddrs(i+1)), moderator: i >= crashPractitioners, index: i}
		workers = append(workers, w)
		name := crashPractitioner
		if w.moderator {
			name = crashModerator
		}
		if err := w.c.signIn(ctx, name, crashPassword); err != nil {
			t.Fatal(err)
		}
	}

	var wg sync.WaitGroup
	var stream crashStream
	var killed atomic.Bool // set when the kill signal goes
	sctx, cancel := context.WithTimeout(ctx, crashStreamFor)
	defer cancel()
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer w.c.close()
			s := &crashSender{rig: g, c: w.c, run: run, stream: &stream, killed: &killed, forums: forums, topics: topics}
			if w.moderator {
				s.moderate(sctx, w.index-crashPractitioners)
			} else {
				s.practise(sctx, w.index)
			}
		}()
	}
	time.Sleep(killAfter)
	inFlight := stream.inFlight.Load()
	killed.Store(true)
	if err := srv.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-srv.done:
	case <-time.After(20 * time.Second):
		t.Fatal("the killed server did not exit")
	}
	cancel()
	wg.Wait()
	return crashRunResult{sent: stream.sent.Load(), broken: stream.broken.Load(), inFlightAtKill: inFlight,
		statuses: g.ledger.statusesSince(before)}
}

// places finds forums to start topics in, and has the moderator start a
// topic in two of them, published at once, for replies.
func (g *crashRig) places(ctx context.Context, mod *crashClient, run int) (forums, topics []int64) {
	t := g.t
	t.Helper()
	home, err := mod.get(ctx, "/")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range crashForumRE.FindAllStringSubmatch(home.body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		if !slices.Contains(forums, id) {
			forums = append(forums, id)
		}
	}
	if len(forums) < 3 {
		t.Fatalf("the home page links %d forums", len(forums))
	}
	forums = forums[:3]
	for i, f := range forums[:2] {
		word := crashWord()
		a := crashAck{run: run, kind: "topic", author: crashModerator, submission: fmt.Sprintf("crash-setup-%d-%d-%s", run, i, word),
			title: "Where replies go " + word, body: "Replies to this topic, " + word + "."}
		ans, err := mod.post(ctx, fmt.Sprintf("/f/%d/new", f), url.Values{"title": {a.title}, "body": {a.body}, "anonymous": {"no"},
			"action": {"send"}, "submission": {a.submission}, "confirm_pii": {"yes"}})
		if err != nil {
			t.Fatal(err)
		}
		post, ok := crashPublished(ans.location)
		if ans.status != http.StatusSeeOther || !ok {
			t.Fatalf("the moderator starting a topic: status %d to %q", ans.status, ans.location)
		}
		// The permalink leads to the topic's page.
		at, err := mod.get(ctx, ans.location)
		m := crashTopicRE.FindStringSubmatch(at.location)
		if err != nil || m == nil {
			t.Fatalf("the permalink %s: %v, to %q", ans.location, err, at.location)
		}
		topic, _ := strconv.ParseInt(m[1], 10, 64)
		a.postID = post
		g.ledger.ack(a)
		topics = append(topics, topic)
	}
	return forums, topics
}

var (
	crashPublishedRE = regexp.MustCompile(`^/p/(\d+)$`)
	crashTopicRE     = regexp.MustCompile(`^/t/(\d+)`)
)

// crashPublished reads the post a published post's redirect names: its
// permalink.
func crashPublished(location string) (post int64, ok bool) {
	m := crashPublishedRE.FindStringSubmatch(location)
	if m == nil {
		return 0, false
	}
	post, _ = strconv.ParseInt(m[1], 10, 64)
	return post, true
}

// crashSender is one client's part of the stream.
type crashSender struct {
	rig            *crashRig
	c              *crashClient
	run            int
	stream         *crashStream
	killed         *atomic.Bool
	forums, topics []int64
	n              int
}

// send sends one request and says whether the client should go on.
func (s *crashSender) send(ctx context.Context, method, path string, form url.Values) (crashAnswer, bool) {
	s.stream.sent.Add(1)
	s.stream.inFlight.Add(1)
	var a crashAnswer
	var err error
	if method == http.MethodGet {
		a, err = s.c.get(ctx, path)
	} else {
		a, err = s.c.post(ctx, path, form)
	}
	s.stream.inFlight.Add(-1)
	switch {
	case errors.Is(err, errOutOfBudget):
		s.stream.sent.Add(-1)
		return a, false
	case err != nil:
		s.stream.broken.Add(1)
		if !s.killed.Load() && ctx.Err() == nil {
			s.rig.ledger.mu.Lock()
			s.rig.ledger.failures = append(s.rig.ledger.failures, fmt.Sprintf("%s %s before the kill: %v", method, path, err))
			s.rig.ledger.mu.Unlock()
		}
		return a, false
	}
	s.rig.ledger.answered(method, path, a)
	return a, true
}

// post sends a new topic or a reply, with a body and submission key of its
// own, and records it when the server acknowledges it.
func (s *crashSender) post(ctx context.Context, author string, topic bool) bool {
	s.n++
	word := crashWord()
	a := crashAck{run: s.run, kind: "reply", author: author, submission: fmt.Sprintf("crash-%d-%s", s.run, word),
		body: "A reply from the stream, " + word + "."}
	form := url.Values{"anonymous": {"no"}, "action": {"send"}, "confirm_pii": {"yes"}, "submission": {a.submission}}
	path := fmt.Sprintf("/t/%d/reply", s.topics[s.n%len(s.topics)])
	if topic {
		a.kind, a.title, a.body = "topic", "A topic from the stream "+word, "Its opening post, "+word+"."
		form.Set("title", a.title)
		path = fmt.Sprintf("/f/%d/new", s.forums[s.n%len(s.forums)])
	}
	form.Set("body", a.body)
	ans, ok := s.send(ctx, http.MethodPost, path, form)
	if ok && ans.status == http.StatusSeeOther {
		if post, published := crashPublished(ans.location); published {
			a.postID = post
		}
		s.rig.ledger.ack(a)
	}
	return ok
}

// practise is a practitioner: replies, and now and then a new topic.
func (s *crashSender) practise(ctx context.Context, index int) {
	for i := index; ctx.Err() == nil; i++ {
		if !s.post(ctx, crashPractitioner, i%3 == 2) {
			return
		}
	}
}

// moderate is a moderator: approves their share of the queue, oldest
// first, and replies, published at once.
func (s *crashSender) moderate(ctx context.Context, index int) {
	for ctx.Err() == nil {
		q, ok := s.send(ctx, http.MethodGet, "/mod/queue", nil)
		if !ok {
			return
		}
		approved := 0
		for _, m := range crashQueueRE.FindAllStringSubmatch(q.body, -1) {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			if int(id%crashModerators) != index || approved == 3 {
				continue
			}
			path := fmt.Sprintf("/mod/posts/%d/approve", id)
			ans, ok := s.send(ctx, http.MethodPost, path, url.Values{})
			if !ok {
				return
			}
			if ans.status == http.StatusSeeOther {
				s.rig.ledger.ack(crashAck{run: s.run, kind: "approve", author: crashModerator, postID: id})
			}
			approved++
		}
		if !s.post(ctx, crashModerator, false) {
			return
		}
	}
}

// ready checks that the restarted server is healthy and its database answers.
func (g *crashRig) ready(base string) {
	g.t.Helper()
	waitHealthy(g.t, base)
	res, err := http.Get(base + "/readyz")
	if err != nil {
		g.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		g.t.Fatalf("after the restart /readyz answers %d", res.StatusCode)
	}
}

// verify checks every write acknowledged so far, in every run, and that the
// database holds together; it returns how many writes were there as sent.
func (g *crashRig) verify() int {
	t, d := g.t, g.db
	t.Helper()
	authors := map[string]int64{}
	for _, name := range []string{crashPractitioner, crashModerator} {
		authors[name] = d.one("SELECT id FROM accounts WHERE pseudonym = ?", name)
	}
	g.ledger.mu.Lock()
	acks := slices.Clone(g.ledger.acks)
	g.ledger.mu.Unlock()
	verified := 0
	for i, a := range acks {
		if g.failed[i] {
			continue // reported once already
		}
		if g.verifyAck(a, authors[a.author]) {
			verified++
		} else {
			g.failed[i] = true
		}
	}
	g.verifyWhole(authors[crashPractitioner])
	return verified
}

// verifyAck checks one acknowledged write and reports whether it is there as sent.
func (g *crashRig) verifyAck(a crashAck, author int64) bool {
	t, d := g.t, g.db
	t.Helper()
	ok := true
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("run %d: "+format, append([]any{a.run + 1}, args...)...)
		ok = false
	}
	if a.kind == "approve" {
		if n := d.one("SELECT COUNT(*) FROM posts WHERE id = ? AND status = 'approved'", d.keptPost(a.postID)); n != 1 {
			fail("the approval of post %d was acknowledged, but the post is not approved", a.postID)
		}
		return ok
	}
	ids := d.ints("SELECT id FROM posts WHERE author_id = ? AND submission_key = ?", author, a.submission)
	if len(ids) != 1 {
		fail("the %s %s (submission %s) was acknowledged; the database holds %d posts for it, want 1",
			a.author, a.kind, a.submission, len(ids))
		return false
	}
	if body := d.texts("SELECT id, body_source FROM posts WHERE id = ?", ids[0])[ids[0]]; body != a.body {
		fail("post %d holds %q, want %q", ids[0], body, a.body)
	}
	if n := d.one("SELECT COUNT(*) FROM posts WHERE body_source = ?", a.body); n != 1 {
		fail("%d posts hold the body %q, want 1", n, a.body)
	}
	if a.kind == "topic" {
		if n := d.one("SELECT COUNT(*) FROM posts p JOIN topics t ON t.id = p.topic_id WHERE p.id = ? AND p.opening AND t.title = ?", ids[0], a.title); n != 1 {
			fail("post %d does not open a topic titled %q", ids[0], a.title)
		}
	}
	if a.postID != 0 {
		if ids[0] != d.keptPost(a.postID) {
			fail("the server sent the author to post %d (kept as %d), but their post is %d", a.postID, d.keptPost(a.postID), ids[0])
		}
		if n := d.one("SELECT COUNT(*) FROM posts WHERE id = ? AND status = 'approved'", ids[0]); n != 1 {
			fail("the moderator's post %d was acknowledged as published but is not approved", ids[0])
		}
	}
	return ok
}

// verifyWhole checks that nothing was left half-written: each rule is a
// query for what breaks it.
func (g *crashRig) verifyWhole(practitioner int64) {
	t, d := g.t, g.db
	t.Helper()
	rules := map[string]string{
		"topics without exactly one opening post": `SELECT t.id FROM topics t
			WHERE (SELECT COUNT(*) FROM posts p WHERE p.topic_id = t.id AND p.opening) <> 1`,
		"posts without a topic": `SELECT p.id FROM posts p WHERE NOT EXISTS (SELECT 1 FROM topics t WHERE t.id = p.topic_id)`,
		"topics whose status is not their opening post's": `SELECT t.id FROM topics t
			JOIN posts p ON p.topic_id = t.id AND p.opening WHERE p.status <> t.status`,
		"approved replies in topics not approved": `SELECT p.id FROM posts p JOIN topics t ON t.id = p.topic_id
			WHERE p.status = 'approved' AND t.status <> 'approved'`,
		"approved posts with no approval time": `SELECT id FROM posts WHERE status = 'approved' AND approved_at IS NULL`,
		"topics whose reply count is not a recount": `SELECT t.id FROM topics t WHERE t.reply_count <>
			(SELECT COUNT(*) FROM posts p WHERE p.topic_id = t.id AND p.status = 'approved' AND NOT p.opening)`,
		"forums whose topic count is not a recount": `SELECT f.id FROM forums f WHERE f.topic_count <>
			(SELECT COUNT(*) FROM topics t WHERE t.forum_id = f.id AND t.status = 'approved')`,
		"forums whose post count is not a recount": `SELECT f.id FROM forums f WHERE f.post_count <>
			(SELECT COUNT(*) FROM posts p JOIN topics t ON t.id = p.topic_id
			 WHERE t.forum_id = f.id AND t.status = 'approved' AND p.status = 'approved')`,
		"approved practitioner posts without exactly one approval notification": `SELECT p.id FROM posts p
			WHERE p.author_id = ? AND p.status = 'approved' AND (SELECT COUNT(*) FROM notifications n
			WHERE n.post_id = p.id AND n.account_id = p.author_id AND n.kind = 'approved') <> 1`,
		"approved practitioner posts without exactly one approval in the log": `SELECT p.id FROM posts p
			WHERE p.author_id = ? AND p.status = 'approved'
			AND (SELECT COUNT(*) FROM mod_log l WHERE l.post_id = p.id AND l.action = 'approve') <> 1`,
		"pending posts with an approval notification or log line": `SELECT p.id FROM posts p WHERE p.status = 'pending'
			AND (EXISTS (SELECT 1 FROM notifications n WHERE n.post_id = p.id AND n.kind = 'approved')
			OR EXISTS (SELECT 1 FROM mod_log l WHERE l.post_id = p.id AND l.action = 'approve'))`,
	}
	if index, key, ok := g.searchIndex(); ok {
		visible := `SELECT 1 FROM posts p JOIN topics t ON t.id = p.topic_id WHERE p.status = 'approved' AND t.status = 'approved'`
		rules["visible posts missing from the search index"] = `SELECT p.id FROM posts p JOIN topics t ON t.id = p.topic_id
			WHERE p.status = 'approved' AND t.status = 'approved'
			AND NOT EXISTS (SELECT 1 FROM ` + index + ` s WHERE s.` + key + ` = p.id)`
		rules["search index entries for posts not visible"] = `SELECT s.` + key + ` FROM ` + index + ` s
			WHERE NOT EXISTS (` + visible + ` AND p.id = s.` + key + `)`
		g.verifyIndexText(index, key)
	}
	names := slices.Sorted(maps.Keys(rules))
	for _, name := range names {
		q := rules[name]
		var args []any
		if strings.Contains(q, "?") {
			args = append(args, practitioner)
		}
		if bad := d.ints(q, args...); len(bad) > 0 {
			t.Errorf("%s: %v", name, bad)
		}
	}
}

// searchIndex names the full-text index table and its post column, if
// this database has one.
func (g *crashRig) searchIndex() (table, key string, ok bool) {
	d := g.db
	if d.postgres {
		n := d.one("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'post_search'")
		return "post_search", "post_id", n == 1
	}
	n := d.one("SELECT COUNT(*) FROM sqlite_master WHERE name = 'post_fts'")
	return "post_fts", "docid", n == 1
}

// verifyIndexText checks that the index holds each of the stream's posts
// with its words and, for an opening post, its topic's title.
func (g *crashRig) verifyIndexText(index, key string) {
	t, d := g.t, g.db
	t.Helper()
	bodies := d.texts("SELECT " + key + ", body FROM " + index)
	titles := d.texts("SELECT " + key + ", title FROM " + index)
	posts := d.texts("SELECT id, body_source FROM posts WHERE body_source LIKE '%zq%'")
	opening := d.texts(`SELECT p.id, t.title FROM posts p JOIN topics t ON t.id = p.topic_id WHERE p.opening`)
	for id, body := range bodies {
		src, ours := posts[id]
		if ours && strings.TrimSpace(body) != strings.TrimSpace(src) {
			t.Errorf("the search index holds post %d as %q, but the post says %q", id, body, src)
		}
		if title, ok := opening[id]; ok && titles[id] != title {
			t.Errorf("the search index holds post %d with the title %q, but its topic is %q", id, titles[id], title)
		}
	}
}

// snapshotStatuses and statusesSince give the answers of one run.
func (l *crashLedger) snapshotStatuses() map[int]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return maps.Clone(l.statuses)
}

func (l *crashLedger) statusesSince(before map[int]int) map[int]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[int]int{}
	for k, v := range l.statuses {
		if d := v - before[k]; d > 0 {
			out[k] = d
		}
	}
	return out
}
