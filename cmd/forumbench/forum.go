package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// setupTimeout bounds each request made to set a run up.
const setupTimeout = 15 * time.Second

var (
	forumLink   = regexp.MustCompile(`href="/f/(\d+)"`)
	topicLink   = regexp.MustCompile(`href="/t/(\d+)[?#"]`)
	csrfInput   = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	approveLink = regexp.MustCompile(`/mod/posts/(\d+)/approve`)
	rssMetric   = regexp.MustCompile(`(?m)^process_resident_memory_bytes ([0-9.eE+-]+)$`)
)

// postItem marks one post on a topic page.
const postItem = `class="post-item`

// enoughPosts is how many posts make a topic worth loading without looking
// further.
const enoughPosts = 50

// Forum is the running forum under test.
type Forum struct {
	Base      string       // "http://host:port", without a trailing slash
	Instances []string     // Base and the other instances' base URLs, for -url A,B
	client    *http.Client // cookieless, for setup requests, to Base only
}

// newForum is the forum at bases, comma-separated: one instance or several.
func newForum(bases string) *Forum {
	f := &Forum{client: newClient(4, nil)}
	for _, b := range strings.Split(bases, ",") {
		f.Instances = append(f.Instances, strings.TrimRight(strings.TrimSpace(b), "/"))
	}
	f.Base = f.Instances[0]
	return f
}

// newClient is newClient for requests to the forum: with several
// instances, each request goes to the next in turn, as from a
// round-robin load balancer. Cookies follow Base's host, so a session
// made on one instance is sent to all of them.
func (f *Forum) newClient(concurrency int, jar http.CookieJar) *http.Client {
	c := newClient(concurrency, jar)
	if len(f.Instances) > 1 {
		first, _ := url.Parse(f.Base)
		t := &spread{next: c.Transport, host: first.Host}
		for _, b := range f.Instances {
			u, _ := url.Parse(b)
			t.to = append(t.to, u)
		}
		c.Transport = t
	}
	return c
}

// spread sends each request for host to the next of to in turn.
type spread struct {
	next http.RoundTripper
	host string
	to   []*url.URL
	n    atomic.Uint64
}

func (s *spread) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != s.host {
		return s.next.RoundTrip(req)
	}
	to := s.to[(s.n.Add(1)-1)%uint64(len(s.to))]
	r := req.Clone(req.Context())
	r.URL.Scheme, r.URL.Host, r.Host = to.Scheme, to.Host, to.Host
	return s.next.RoundTrip(r)
}

// getBody GETs path with client and returns the body of a 2xx response.
func (f *Forum) getBody(ctx context.Context, client *http.Client, path string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, setupTimeout)
	defer cancel()
	page, err := fetchPage(ctx, client, f.Base+path)
	return string(page.Body), err
}

// ids are the distinct numbers that re's first group matches in s, in order.
func ids(re *regexp.Regexp, s string) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		id, err := strconv.ParseInt(m[1], 10, 64)
		if err == nil && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// Target is the forum and topic the forum, topic and reply rows load.
type Target struct {
	ForumID, TopicID int64
	Posts            int  // post-item entries on the topic's first page
	Discovered       bool // not named by the flags
}

// discover completes the target the flags name (either id may be 0). Without
// a topic it takes the first forum linked from the home page that has
// topics (or the named forum), looks at up to ten of its topics, and takes
// the first with at least fifty posts on its page, or else the one with the
// most. Without a forum it takes the forum the topic's breadcrumbs name.
func (f *Forum) discover(ctx context.Context, forumID, topicID int64) (Target, error) {
	t := Target{ForumID: forumID, TopicID: topicID}
	if topicID != 0 {
		body, err := f.getBody(ctx, f.client, fmt.Sprintf("/t/%d", topicID))
		if err != nil {
			return t, err
		}
		t.Posts = strings.Count(body, postItem)
		if forumID == 0 {
			forums := ids(forumLink, body)
			if len(forums) == 0 {
				return t, fmt.Errorf("topic %d links to no forum", topicID)
			}
			t.ForumID, t.Discovered = forums[0], true
		}
		return t, nil
	}
	t.Discovered = true
	forums := []int64{forumID}
	if forumID == 0 {
		home, err := f.getBody(ctx, f.client, "/")
		if err != nil {
			return t, err
		}
		if forums = ids(forumLink, home); len(forums) == 0 {
			return t, errors.New("the home page links to no forum")
		}
	}
	for _, fid := range forums {
		body, err := f.getBody(ctx, f.client, fmt.Sprintf("/f/%d", fid))
		if err != nil {
			return t, err
		}
		topics := ids(topicLink, body)
		if len(topics) == 0 {
			continue
		}
		t.ForumID, t.TopicID, t.Posts = fid, 0, -1
		for _, tid := range topics[:min(len(topics), 10)] {
			page, err := f.getBody(ctx, f.client, fmt.Sprintf("/t/%d", tid))
			if err != nil {
				return t, err
			}
			if n := strings.Count(page, postItem); n > t.Posts {
				t.TopicID, t.Posts = tid, n
				if n >= enoughPosts {
					break
				}
			}
		}
		return t, nil
	}
	return t, errors.New("found no forum with topics")
}

// csrfIn is the value of the first _csrf hidden field in an HTML page.
func csrfIn(body string) (string, error) {
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		return "", errors.New("the page has no _csrf field")
	}
	return m[1], nil
}

// postForm POSTs form to path with client and returns the response status.
func (f *Forum) postForm(ctx context.Context, client *http.Client, path string, form url.Values) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, setupTimeout)
	defer cancel()
	req, err := formRequest(ctx, f.Base+path, form)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body) // only the status matters
	resp.Body.Close()
	return resp.StatusCode, nil
}

// formRequest is a POST of form, urlencoded, to u.
func formRequest(ctx context.Context, u string, form url.Values) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req, nil
}

// signIn signs in with a pseudonym and passphrase as a browser would: GET
// /login for the CSRF cookie and field, then POST the form. The client it
// returns holds the session in its cookie jar and is tuned for concurrency
// workers.
func (f *Forum) signIn(ctx context.Context, concurrency int, pseudonym, passphrase string) (*http.Client, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	client := f.newClient(concurrency, jar)
	body, err := f.getBody(ctx, client, "/login")
	if err != nil {
		return nil, err
	}
	token, err := csrfIn(body)
	if err != nil {
		return nil, fmt.Errorf("GET /login: %w", err)
	}
	status, err := f.postForm(ctx, client, "/login",
		url.Values{"_csrf": {token}, "pseudonym": {pseudonym}, "passphrase": {passphrase}})
	if err != nil {
		return nil, err
	}
	if status != http.StatusSeeOther {
		return nil, fmt.Errorf("POST /login answered HTTP %d, not 303 (is the pseudonym or passphrase wrong?)", status)
	}
	return client, nil
}

// replyRequest returns the reply row's Request: each call posts a new reply
// to the topic as the member signed in on client, with a sentence and a
// submission key of its own. The CSRF token comes once from the reply form.
func (f *Forum) replyRequest(ctx context.Context, client *http.Client, topicID int64) (Request, error) {
	path := fmt.Sprintf("/t/%d/reply", topicID)
	body, err := f.getBody(ctx, client, path)
	if err != nil {
		return nil, err
	}
	token, err := csrfIn(body)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	sentences := newSentences()
	return func(ctx context.Context) (time.Duration, int64, error) {
		req, err := formRequest(ctx, f.Base+path, url.Values{
			"_csrf": {token}, "body": {sentences.Next()}, "submission": {rand.Text()},
			"action": {"send"}, "anonymous": {"no"},
		})
		if err != nil {
			return 0, 0, err
		}
		return send(client, req, seeOther)
	}, nil
}

// Approver works the moderation queue for the approve row: one goroutine
// reads the queue page and hands each pending post id, once, to the workers,
// which approve them.
type Approver struct {
	forum  *Forum
	client *http.Client // signed in as the moderator
	token  string
	first  []int64 // the ids on the queue page read during setup
	ids    chan int64
	err    error // why the queue reader stopped, when it failed
	// readBack reads the queue page after each approval (the moderate row).
	readBack bool
}

// newApprover reads the queue once for the CSRF token and the first ids.
func (f *Forum) newApprover(ctx context.Context, client *http.Client) (*Approver, error) {
	body, err := f.getBody(ctx, client, "/mod/queue")
	if err != nil {
		return nil, err
	}
	token, err := csrfIn(body)
	if err != nil {
		return nil, fmt.Errorf("GET /mod/queue: %w", err)
	}
	return &Approver{forum: f, client: client, token: token, first: ids(approveLink, body)}, nil
}

// Pending is how many posts the queue page read during setup listed.
func (a *Approver) Pending() int { return len(a.first) }

// run measures approvals for up to duration with concurrency workers. The
// run ends early when the queue has nothing left that was not handed out.
func (a *Approver) run(ctx context.Context, duration time.Duration, concurrency int) Stats {
	ctx, cancel := context.WithCancel(ctx)
	a.ids = make(chan int64, concurrency)
	var wg sync.WaitGroup
	wg.Go(func() { a.err = a.feed(ctx) })
	s := runLoad(ctx, duration, concurrency, a.approve)
	cancel()
	wg.Wait()
	return s
}

// feed hands the queue's post ids to the workers, each id once. While the
// workers approve a page's posts it already reads the page after that
// page's last post, as a second moderator working alongside would (the
// first page still lists the posts being approved): read one after the
// other, the queue pages, not the approvals, bounded the row. When a page
// brings nothing new it starts again from the oldest; when three reads in
// a row bring nothing new, the queue has run dry and feed closes the
// channel.
func (a *Approver) feed(ctx context.Context) error {
	defer close(a.ids)
	seen := map[int64]bool{}
	batch, dry := a.first, 0
	for {
		var ahead <-chan queueRead
		if len(batch) > 0 {
			ahead = a.readQueue(ctx, fmt.Sprintf("/mod/queue?after=%d", batch[len(batch)-1]))
		}
		fresh := 0
		for _, id := range batch {
			if seen[id] {
				continue
			}
			seen[id] = true
			fresh++
			select {
			case a.ids <- id:
			case <-ctx.Done():
				return nil
			}
		}
		if fresh > 0 {
			dry = 0
		} else if dry++; dry == 3 {
			return nil
		} else {
			select { // what is left may be in flight: look again shortly
			case <-time.After(100 * time.Millisecond):
			case <-ctx.Done():
				return nil
			}
			ahead = a.readQueue(ctx, "/mod/queue")
		}
		var r queueRead
		select {
		case r = <-ahead:
		case <-ctx.Done():
			return nil
		}
		if ctx.Err() != nil {
			return nil
		}
		if r.err != nil {
			return r.err
		}
		batch = r.ids
	}
}

// queueRead is the post ids a read of a queue page found.
type queueRead struct {
	ids []int64
	err error
}

// readQueue reads a queue page in the background.
func (a *Approver) readQueue(ctx context.Context, page string) <-chan queueRead {
	out := make(chan queueRead, 1) // never blocks: a read no one waits for is dropped
	go func() {
		body, err := a.forum.getBody(ctx, a.client, page)
		out <- queueRead{ids: ids(approveLink, body), err: err}
	}()
	return out
}

// approve is the approve row's Request: it takes the next pending id and
// approves that post.
func (a *Approver) approve(ctx context.Context) (time.Duration, int64, error) {
	var id int64
	select {
	case next, ok := <-a.ids:
		if !ok {
			return 0, 0, errStop
		}
		id = next
	case <-ctx.Done():
		return 0, 0, ctx.Err()
	}
	req, err := formRequest(ctx, fmt.Sprintf("%s/mod/posts/%d/approve", a.forum.Base, id), url.Values{"_csrf": {a.token}})
	if err != nil {
		return 0, 0, err
	}
	took, n, err := send(a.client, req, seeOther)
	if err != nil || !a.readBack {
		return took, n, err
	}
	start := time.Now()
	body, err := a.forum.getBody(ctx, a.client, "/mod/queue")
	return took + time.Since(start), n + int64(len(body)), err
}

// sentences makes reply bodies: realistic, about two hundred characters,
// free of personal data, and each different from the last, by counting
// through every combination of its phrase lists from a random start.
type sentences struct {
	next atomic.Uint64
}

var phrases = [][]string{
	{"In our service we have found that", "Across the partnership we have noticed that",
		"From the safe house side it seems that", "Our support workers keep telling us that",
		"Speaking for a small charity team,", "In the housing office this year we saw that",
		"After the last multi-agency meeting it was clear that", "On the night shift we often see that"},
	{"emergency accommodation offers", "move-on plans for survivors", "referrals to supported housing",
		"joint visits with the council", "tenancy sustainment arrangements", "interpreters booked for viewings",
		"handovers between teams", "temporary placements outside the area"},
	{"work much better when", "fall apart quickly unless", "only hold together if", "become far safer once",
		"tend to stall until", "improve noticeably when", "go more smoothly provided", "are easier to defend when"},
	{"someone checks in during the first week", "the person chooses who attends the meeting",
		"the plan is written in plain language", "a named contact answers the phone out of hours",
		"the landlord understands trauma-informed practice", "the support worker travels with them",
		"letters are explained face to face", "there is time to ask questions before signing"},
	{"especially for people with insecure immigration status", "even when the move happens at short notice",
		"particularly for survivors with young children", "even with very limited funding",
		"especially after a crisis placement ends", "even across two local authorities",
		"particularly in the first month", "even when the wait for a decision is long"},
	{"Has anyone else seen the same pattern?", "I would welcome ideas from other areas.",
		"Curious how other teams handle this.", "Happy to share our checklist if useful.",
		"What has worked for you?", "Any advice on making this routine would help.",
		"We are still learning, so thoughts are welcome.", "It would be good to compare notes here."},
}

// combinations is how many different sentences there are.
var combinations = func() uint64 {
	n := uint64(1)
	for _, list := range phrases {
		n *= uint64(len(list))
	}
	return n
}()

// newSentences starts at a random sentence, so that runs differ.
func newSentences() *sentences {
	s := &sentences{}
	s.next.Store(mrand.Uint64N(combinations))
	return s
}

// Next is the next sentence; it is safe for concurrent use.
func (s *sentences) Next() string {
	return sentence(s.next.Add(1) % combinations)
}

// sentence is combination n of the phrase lists, read as digits of a mixed
// radix number.
func sentence(n uint64) string {
	var w [6]string
	for i, list := range phrases {
		w[i] = list[n%uint64(len(list))]
		n /= uint64(len(list))
	}
	return fmt.Sprintf("%s %s %s %s, %s. %s", w[0], w[1], w[2], w[3], w[4], w[5])
}

// procRSS reads a process's peak (VmHWM) and current (VmRSS) resident set
// size, in bytes, from /proc/PID/status.
func procRSS(pid int) (peak, current int64, err error) {
	file, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != "VmHWM" && name != "VmRSS" {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(value), "kB")), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/%d/status: %s: %w", pid, name, err)
		}
		if name == "VmHWM" {
			peak = kb * 1024
		} else {
			current = kb * 1024
		}
	}
	if err := sc.Err(); err != nil {
		return 0, 0, err
	}
	if peak == 0 {
		return 0, 0, fmt.Errorf("/proc/%d/status has no VmHWM", pid)
	}
	return peak, current, nil
}

// RSSSampler polls the server's process_resident_memory_bytes on its
// metrics listener and keeps the largest value seen.
type RSSSampler struct {
	stop    context.CancelFunc
	done    chan struct{}
	max     float64
	samples int
	err     error // the last failed sample's error
}

// sampleRSS starts polling every interval until Stop.
func (f *Forum) sampleRSS(ctx context.Context, metricsURL string, interval time.Duration) *RSSSampler {
	loop, cancel := context.WithCancel(ctx)
	s := &RSSSampler{stop: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			s.sample(loop, f, metricsURL)
			select {
			case <-tick.C:
			case <-loop.Done():
				s.sample(context.WithoutCancel(ctx), f, metricsURL) // and one at the end
				return
			}
		}
	}()
	return s
}

func (s *RSSSampler) sample(ctx context.Context, f *Forum, metricsURL string) {
	sctx, cancel := context.WithTimeout(ctx, setupTimeout)
	page, err := fetchPage(sctx, f.client, metricsURL)
	cancel()
	body := string(page.Body)
	if ctx.Err() != nil {
		return
	}
	if err == nil {
		m := rssMetric.FindStringSubmatch(body)
		if m == nil {
			err = errors.New("/metrics has no process_resident_memory_bytes")
		} else {
			var v float64
			if v, err = strconv.ParseFloat(m[1], 64); err == nil {
				s.max = max(s.max, v)
				s.samples++
			}
		}
	}
	if err != nil {
		s.err = err
	}
}

// Stop ends the polling and returns the largest value seen, how many
// samples were taken, and the last error, if any sample failed.
func (s *RSSSampler) Stop() (peak float64, samples int, err error) {
	s.stop()
	<-s.done
	return s.max, s.samples, s.err
}
