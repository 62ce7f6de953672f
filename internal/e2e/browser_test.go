package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
	"forum/internal/web"
)

// ChromiumEnv names the variable that points the tests at Chromium.
const ChromiumEnv = "FORUM_TEST_CHROMIUM"

// site is the real forum on a real listener, over a real SQLite file.
type site struct {
	URL string
	st  *store.Store
}

func newSite(t *testing.T) site {
	t.Helper()
	st := storetest.Open(t, storetest.URL(t, store.SQLite), store.Options{})
	var logs syncBuffer
	srv, err := web.New(web.Options{Store: st, PublicRead: true, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return site{URL: ts.URL, st: st}
}

// syncBuffer collects the server's log for a failed test's report.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// account makes an account with a passphrase, as `forum user add` would.
func (s site) account(t *testing.T, pseudonym string, role forum.Role, passphrase string) forum.Account {
	t.Helper()
	hash, err := auth.HashPassphrase(passphrase)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.st.CreateAccount(context.Background(), pseudonym, role, hash)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// longServing makes accounts look as if they had held their roles for a
// month, so that they may take part in a reveal (forum.RevealWait).
func (s site) longServing(t *testing.T, accounts ...forum.Account) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+strings.TrimPrefix(s.st.URL(), "sqlite:")+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, a := range accounts {
		if _, err := db.Exec("UPDATE accounts SET role_granted_at = ? WHERE id = ?", s.st.Now().Add(-30*24*time.Hour), a.ID); err != nil {
			t.Fatal(err)
		}
	}
}

// chromium starts one headless Chromium for a test, or skips the test.
func chromium(t *testing.T, flags ...string) context.Context {
	t.Helper()
	path := os.Getenv(ChromiumEnv)
	if path == "" {
		t.Skip("browser tests skipped: set " + ChromiumEnv + " to a Chromium binary to run them")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	for _, f := range flags {
		opts = append(opts, chromedp.Flag(f, true))
	}
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting Chromium at %s: %v", path, err)
	}
	return browser
}

// person is one browser profile: its own cookies, as a separate person.
type person struct {
	t    *testing.T
	name string
	ctx  context.Context
}

func newPerson(t *testing.T, browser context.Context, name string) *person {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first run opens the tab and must not carry a timeout, which
	// would close the tab when it ended.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a browser tab for %s: %v", name, err)
	}
	p := &person{t: t, name: name, ctx: ctx}
	t.Cleanup(p.keepEvidence)
	return p
}

// run performs actions with a time limit, failing the test with context.
func (p *person) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("%s: %s: %v", p.name, what, err)
	}
}

// get runs one action that returns a value.
func get[T any](p *person, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.t.Fatalf("%s: %s: %v", p.name, what, err)
	}
	return v
}

// text returns the visible text of the first element matching sel.
func (p *person) text(sel string) string {
	p.t.Helper()
	return get(p, "read "+sel, chromedp.Text(chromedp.CSS(sel)))
}

// html returns the page's whole HTML.
func (p *person) html() string {
	p.t.Helper()
	return get(p, "read the page", chromedp.OuterHTML(chromedp.CSS("html")))
}

// keepEvidence saves a screenshot and the HTML of a failed test's page.
func (p *person) keepEvidence() {
	if !p.t.Failed() {
		return
	}
	dir := os.Getenv("FORUM_TEST_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "forum-browser-failures")
	}
	_ = os.MkdirAll(dir, 0o755)
	base := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(p.t.Name()+"-"+p.name))
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Logf("could not keep evidence for %s: %v", p.name, err)
		return
	}
	html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	_ = os.WriteFile(base+".png", png, 0o644)
	_ = os.WriteFile(base+".html", []byte(html), 0o644)
	p.t.Logf("%s's page at failure: %s.png and %s.html", p.name, base, base)
}

func forumOf(t *testing.T, st *store.Store, group string) forum.Forum {
	t.Helper()
	groups, err := st.Groups(context.Background())
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

func url(s site, format string, args ...any) string { return s.URL + fmt.Sprintf(format, args...) }
