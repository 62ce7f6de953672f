package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", to read PostgreSQL raw

	"forum/internal/store"
)

// The helpers of crash_test.go: clients that sign in and send forms as a
// browser would, a ledger of what the server acknowledged, and the
// database read raw to check it.

// crashPostsPerAddr keeps each source address within the POST limit's
// burst of 30: a client that has sent this many moves to its next address.
const crashPostsPerAddr = 28

// crashClient is one person's browser: one cookie jar, and connections
// from a few loopback addresses of its own, so that the server's POST
// limit, which counts per address, never refuses it.
type crashClient struct {
	base    string
	clients []*http.Client
	sent    []int // POSTs sent from each address
	token   string
}

func newCrashClient(base string, addrs []net.IP) *crashClient {
	jar, _ := cookiejar.New(nil)
	c := &crashClient{base: base, sent: make([]int, len(addrs))}
	for _, ip := range addrs {
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}, Timeout: 5 * time.Second}
		tr := &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 2}
		c.clients = append(c.clients, &http.Client{Transport: tr, Jar: jar, Timeout: 20 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }})
	}
	return c
}

func (c *crashClient) close() {
	for _, cl := range c.clients {
		cl.Transport.(*http.Transport).CloseIdleConnections()
	}
}

// errOutOfBudget: every address of the client has sent its share of POSTs.
var errOutOfBudget = errors.New("no address has POSTs left within the burst")

// crashAnswer is the part of a response the test reads.
type crashAnswer struct {
	status   int
	location string
	body     string
}

func (c *crashClient) get(ctx context.Context, path string) (crashAnswer, error) {
	return c.do(ctx, c.clients[0], http.MethodGet, path, nil)
}

// post sends form with the client's CSRF token from the first address
// that still has POSTs left.
func (c *crashClient) post(ctx context.Context, path string, form url.Values) (crashAnswer, error) {
	for i := range c.clients {
		if c.sent[i] < crashPostsPerAddr {
			c.sent[i]++
			f := url.Values{"_csrf": {c.token}}
			for k, v := range form {
				f[k] = v
			}
			return c.do(ctx, c.clients[i], http.MethodPost, path, f)
		}
	}
	return crashAnswer{}, errOutOfBudget
}

func (c *crashClient) do(ctx context.Context, cl *http.Client, method, path string, form url.Values) (crashAnswer, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return crashAnswer{}, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := cl.Do(req)
	if err != nil {
		return crashAnswer{}, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	a := crashAnswer{status: res.StatusCode, location: res.Header.Get("Location"), body: string(data)}
	if err != nil && res.StatusCode != http.StatusSeeOther {
		return a, err
	}
	return a, nil
}

var (
	crashCSRFRE  = regexp.MustCompile(`<input type="hidden" name="_csrf" value="([^"]*)">`)
	crashQueueRE = regexp.MustCompile(`<form[^>]* method="post" action="/mod/posts/(\d+)/approve">`)
	crashForumRE = regexp.MustCompile(`href="/f/(\d+)"`)
	crashLedeRE  = regexp.MustCompile(`<p class="lede">([^<]*)</p>`)
)

// signIn signs in through the sign-in form, with the token the form carries.
func (c *crashClient) signIn(ctx context.Context, pseudonym, passphrase string) error {
	page, err := c.get(ctx, "/login")
	if err != nil {
		return err
	}
	m := crashCSRFRE.FindStringSubmatch(page.body)
	if page.status != http.StatusOK || m == nil {
		return fmt.Errorf("GET /login: status %d, token found %v", page.status, m != nil)
	}
	c.token = html.UnescapeString(m[1])
	a, err := c.post(ctx, "/login", url.Values{"pseudonym": {pseudonym}, "passphrase": {passphrase}})
	if err != nil {
		return err
	}
	if a.status != http.StatusSeeOther {
		return fmt.Errorf("signing in as %s: status %d", pseudonym, a.status)
	}
	return nil
}

// crashAck is one request the server acknowledged with a redirect, and
// what it must have left in the database.
type crashAck struct {
	run  int
	kind string // "reply" or "topic" (posts), or "approve"
	// author is the pseudonym of who sent it.
	author                  string
	submission, title, body string
	// postID is the post approved, or the moderator's post, published at once.
	postID int64
}

// crashLedger collects what the server acknowledged and what it answered.
type crashLedger struct {
	mu       sync.Mutex
	acks     []crashAck
	statuses map[int]int
	failures []string // 5xx answers, with their message
}

func (l *crashLedger) ack(a crashAck) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.acks = append(l.acks, a)
}

func (l *crashLedger) answered(method, path string, a crashAnswer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.statuses == nil {
		l.statuses = map[int]int{}
	}
	l.statuses[a.status]++
	if a.status >= 500 {
		msg := ""
		if m := crashLedeRE.FindStringSubmatch(a.body); m != nil {
			msg = html.UnescapeString(m[1])
		}
		l.failures = append(l.failures, fmt.Sprintf("%s %s: %d %s", method, path, a.status, msg))
	}
}

func (l *crashLedger) count(run int, kind string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, a := range l.acks {
		if a.run == run && (kind == "" || a.kind == kind) {
			n++
		}
	}
	return n
}

// crashStream counts requests as they go.
type crashStream struct {
	sent, inFlight, broken atomic.Int64
}

// crashWord is a word of letters only that nothing else holds, so no
// personal-data check mistakes it for a number.
func crashWord() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = 'a' + b[i]%26
	}
	return "zq" + string(b[:])
}

// crashDB reads the forum's database directly.
type crashDB struct {
	t        *testing.T
	db       *sql.DB
	postgres bool
}

func openCrashDB(t *testing.T, dbURL string) *crashDB {
	t.Helper()
	driver, dsn, pg := "pgx", dbURL, true
	if path, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		driver, dsn, pg = "sqlite3", "file:"+path+"?_busy_timeout=10000", false
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &crashDB{t: t, db: db, postgres: pg}
}

// keptPost is the database's own id of a post the server named by its
// public id.
func (d *crashDB) keptPost(public int64) int64 {
	d.t.Helper()
	ids, err := store.ReadPublicIDs(context.Background(), d.db)
	if err != nil {
		d.t.Fatal(err)
	}
	return ids.KeptPost(public)
}

// q turns ? placeholders into $n for PostgreSQL.
func (d *crashDB) q(query string) string {
	if !d.postgres {
		return query
	}
	n := 0
	return regexp.MustCompile(`\?`).ReplaceAllStringFunc(query, func(string) string { n++; return "$" + strconv.Itoa(n) })
}

// ints runs a query whose rows are one integer each.
func (d *crashDB) ints(query string, args ...any) []int64 {
	d.t.Helper()
	rows, err := d.db.Query(d.q(query), args...)
	if err != nil {
		d.t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			d.t.Fatalf("%s: %v", query, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		d.t.Fatalf("%s: %v", query, err)
	}
	return out
}

func (d *crashDB) one(query string, args ...any) int64 {
	d.t.Helper()
	v := d.ints(query, args...)
	if len(v) != 1 {
		d.t.Fatalf("%s: %d rows, want 1", query, len(v))
	}
	return v[0]
}

// texts runs a query whose rows are an id and a text.
func (d *crashDB) texts(query string, args ...any) map[int64]string {
	d.t.Helper()
	rows, err := d.db.Query(d.q(query), args...)
	if err != nil {
		d.t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var s sql.NullString
		if err := rows.Scan(&id, &s); err != nil {
			d.t.Fatalf("%s: %v", query, err)
		}
		out[id] = s.String
	}
	if err := rows.Err(); err != nil {
		d.t.Fatalf("%s: %v", query, err)
	}
	return out
}
