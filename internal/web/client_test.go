package web_test

import (
	"context"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
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

// served is a real server, built with the options a test chose, on a real
// listener over a real database.
type served struct {
	*httptest.Server
	st  *store.Store
	srv *web.Server
}

// serve starts a server over opts.Store. With opts.Secure it listens over
// TLS, as a Secure site would, so that its __Host- cookies come back.
func serve(t *testing.T, opts web.Options) served {
	t.Helper()
	srv, err := web.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	var ts *httptest.Server
	if opts.Secure {
		ts = httptest.NewTLSServer(srv.Handler())
	} else {
		ts = httptest.NewServer(srv.Handler())
	}
	t.Cleanup(ts.Close)
	return served{Server: ts, st: opts.Store, srv: srv}
}

// eachServed runs fn over a server on each database, with opts.
func eachServed(t *testing.T, opts web.Options, fn func(t *testing.T, s served)) {
	storetest.EachStore(t, func(t *testing.T, st *store.Store) {
		o := opts
		o.Store = st
		fn(t, serve(t, o))
	})
}

// browser stands in for a web browser: it keeps cookies, does not follow
// redirects (a test looks at each one), and sends a form with the CSRF token
// it read from the page that holds the form, as a browser would.
type browser struct {
	t      *testing.T
	base   *url.URL
	client *http.Client
	jar    *cookiejar.Jar
	header http.Header // sent with every request
}

type browserOption func(*browser, *http.Transport)

// fromAddress makes the browser's connections come from ip, a loopback
// address other than 127.0.0.1, so the server sees another client.
func fromAddress(ip string) browserOption {
	return func(_ *browser, tr *http.Transport) {
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
		tr.DialContext = d.DialContext
	}
}

// withHeader sends a header with every request.
func withHeader(name, value string) browserOption {
	return func(b *browser, _ *http.Transport) { b.header.Set(name, value) }
}

func newBrowser(t *testing.T, s served, opts ...browserOption) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	base, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	tr := s.Client().Transport.(*http.Transport).Clone()
	b := &browser{t: t, base: base, jar: jar, header: http.Header{}}
	for _, o := range opts {
		o(b, tr)
	}
	b.client = &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	t.Cleanup(tr.CloseIdleConnections)
	return b
}

// answer is one response from the server.
type answer struct {
	method, path string
	status       int
	body         string
	header       http.Header
	cookies      []*http.Cookie // what the answer set
}

// location is where a redirect points, as a path on this site.
func (p answer) location() string {
	loc := p.header.Get("Location")
	if u, err := url.Parse(loc); err == nil && u.Host != "" {
		return u.RequestURI()
	}
	return loc
}

func (p answer) String() string {
	return p.method + " " + p.path + ": " + http.StatusText(p.status)
}

func (b *browser) do(method, path string, form url.Values, extra http.Header) answer {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(context.Background(), method, b.base.String()+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	for k, v := range b.header {
		req.Header[k] = v
	}
	for k, v := range extra {
		req.Header[k] = v
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	return answer{method: method, path: path, status: res.StatusCode, body: string(data), header: res.Header, cookies: res.Cookies()}
}

func (b *browser) get(path string) answer {
	b.t.Helper()
	return b.do(http.MethodGet, path, nil, nil)
}

// post sends form as it is: no token is added.
func (b *browser) post(path string, form url.Values) answer {
	b.t.Helper()
	return b.do(http.MethodPost, path, form, nil)
}

// submit opens the page from, finds its form that posts to action, and
// sends form with that form's CSRF token.
func (b *browser) submit(from, action string, form url.Values) answer {
	b.t.Helper()
	p := b.get(from)
	if p.status != http.StatusOK {
		b.t.Fatalf("GET %s before sending a form: status %d", from, p.status)
	}
	return b.submitOn(p, action, form)
}

// submitOn sends the form of p that posts to action, with its hidden
// fields (the CSRF token among them) and form's values over them.
func (b *browser) submitOn(p answer, action string, form url.Values) answer {
	b.t.Helper()
	f, ok := hiddenFields(p.body, action)
	if !ok || f.Get("_csrf") == "" {
		b.t.Fatalf("%s has no form posting to %s with a CSRF token", p.path, action)
	}
	for k, v := range form {
		f[k] = v
	}
	return b.post(action, f)
}

// follow opens where a redirect points.
func (b *browser) follow(p answer) answer {
	b.t.Helper()
	if p.status < 300 || p.status > 399 {
		b.t.Fatalf("%s: status %d is not a redirect:\n%.1500s", p, p.status, p.body)
	}
	return b.get(p.location())
}

// cookie is the value the browser would send for name, or "".
func (b *browser) cookie(name string) string {
	for _, c := range b.jar.Cookies(b.base) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// setCookie plants a cookie, as another tab, a stolen copy or an attacker might.
func (b *browser) setCookie(name, value string) {
	b.jar.SetCookies(b.base, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// signIn signs in through the sign-in form and fails the test if it does not work.
func (b *browser) signIn(pseudonym, passphrase string) {
	b.t.Helper()
	p := b.submit("/login", "/login", url.Values{"pseudonym": {pseudonym}, "passphrase": {passphrase}})
	if p.status != http.StatusSeeOther {
		b.t.Fatalf("signing in as %s: status %d, summary %v", pseudonym, p.status, errorSummary(p.body))
	}
}

// signedIn reports whether the browser's session opens the account page.
func (b *browser) signedIn() bool {
	b.t.Helper()
	p := b.get("/account")
	switch {
	case p.status == http.StatusOK:
		return true
	case p.status == http.StatusSeeOther && strings.HasPrefix(p.location(), "/login"):
		return false
	}
	b.t.Fatalf("GET /account: status %d, location %q", p.status, p.location())
	return false
}

var (
	formRE    = regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	actionRE  = regexp.MustCompile(`\baction="([^"]*)"`)
	csrfRE    = regexp.MustCompile(`<input type="hidden" name="_csrf" value="([^"]*)">`)
	hiddenRE  = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)
	summaryRE = regexp.MustCompile(`(?s)<div class="error-summary"[^>]*>.*?</div>`)
	itemRE    = regexp.MustCompile(`<li><a href="#([^"]*)">([^<]*)</a></li>`)
	flashRE   = regexp.MustCompile(`<div class="flash" role="status"><p>([^<]*)</p></div>`)
)

// hiddenFields reads the hidden inputs of the form that posts to action.
func hiddenFields(body, action string) (url.Values, bool) {
	for _, m := range formRE.FindAllStringSubmatch(body, -1) {
		a := actionRE.FindStringSubmatch(m[1])
		if a == nil || html.UnescapeString(a[1]) != action {
			continue
		}
		out := url.Values{}
		for _, h := range hiddenRE.FindAllStringSubmatch(m[2], -1) {
			out.Add(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
		}
		return out, true
	}
	return nil, false
}

// anyToken reads the first CSRF token on a page.
func anyToken(body string) string {
	if m := csrfRE.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// summaryItem is one line of the error summary: the field it links to and its message.
type summaryItem struct{ Field, Message string }

// errorSummary reads the error summary above a form, nil when there is none.
func errorSummary(body string) []summaryItem {
	box := summaryRE.FindString(body)
	var out []summaryItem
	for _, m := range itemRE.FindAllStringSubmatch(box, -1) {
		out = append(out, summaryItem{html.UnescapeString(m[1]), html.UnescapeString(m[2])})
	}
	return out
}

// flashOf reads the one-line confirmation at the top of a page.
func flashOf(body string) string {
	if m := flashRE.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// inputValue reads the value an input with id shows, and whether it has one.
func inputValue(body, id string) (string, bool) {
	tag := regexp.MustCompile(`<input\b[^>]*\bid="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindString(body)
	m := regexp.MustCompile(`\svalue="([^"]*)"`).FindStringSubmatch(tag)
	if m == nil {
		return "", false
	}
	return html.UnescapeString(m[1]), true
}

// hasID reports whether the page has an element with id, for a summary link to land on.
func hasID(body, id string) bool {
	return strings.Contains(body, ` id="`+html.EscapeString(id)+`"`)
}

// member creates an account with a real passphrase hash and returns it
// with its passphrase, so that a browser can sign in as it.
func member(t *testing.T, st *store.Store, name string, role forum.Role) (forum.Account, string) {
	t.Helper()
	pass := strings.ToLower(strings.ReplaceAll(name, " ", "-")) + " walks the long road home"
	hash, err := auth.HashPassphrase(pass)
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.CreateAccount(ctx, name, role, hash)
	if err != nil {
		t.Fatal(err)
	}
	return a, pass
}

// metricsOf reads the server's metrics over HTTP, from its metrics handler
// on a listener of its own, as the forum serves them.
func metricsOf(t *testing.T, srv *web.Server) string {
	t.Helper()
	ts := httptest.NewServer(srv.MetricsHandler())
	defer ts.Close()
	res, err := ts.Client().Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("metrics: status %d, %v", res.StatusCode, err)
	}
	return string(body)
}

// testClock is a clock the test moves by hand; the server reads it from
// its own goroutines.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

var mainRE = regexp.MustCompile(`(?s)<main\b.*?</main>`)

// mainOf is the main part of a page, for failure messages.
func mainOf(body string) string {
	if m := mainRE.FindString(body); m != "" {
		return m
	}
	return body
}

// longServing makes accounts look as if they had held their roles for a
// month, so that they may take part in a reveal (forum.RevealWait): the
// tests of the rule itself use accounts given the role just now.
func longServing(t *testing.T, st *store.Store, accounts ...forum.Account) {
	t.Helper()
	db := rawDB(t, st)
	q := "UPDATE accounts SET role_granted_at = ? WHERE id = ?"
	if st.Dialect() == store.Postgres {
		q = "UPDATE accounts SET role_granted_at = $1 WHERE id = $2"
	}
	for _, a := range accounts {
		if _, err := db.Exec(q, st.Now().Add(-30*24*time.Hour), a.ID); err != nil {
			t.Fatal(err)
		}
	}
}
