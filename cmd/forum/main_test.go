package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"forum/internal/store"
	"forum/internal/store/storetest"
)

// binary is the real forum program, built once for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "forum-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "forum")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building forum: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// forumCmd prepares the binary with a clean environment: only what is given.
func forumCmd(env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(binary, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir()}, env...)
	return cmd
}

// started is a running forum server and what it has logged so far.
type started struct {
	cmd     *exec.Cmd
	url     string
	metrics string // where /metrics is served, apart from url
	logs    *syncBuffer
	done    chan error
}

// startServer starts the forum on a free port, with its metrics on another.
func startServer(t *testing.T, dbURL string) *started {
	t.Helper()
	cmd := forumCmd([]string{"FORUM_DATABASE_URL=" + dbURL}, "serve", "-addr", "127.0.0.1:0", "-metrics-addr", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &started{cmd: cmd, logs: &syncBuffer{}, done: make(chan error, 1)}
	urls := make(chan []string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`url=(http://\S+) metrics=(http://\S+)`)
		for sc.Scan() {
			s.logs.WriteString(sc.Text() + "\n")
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1:]
			}
		}
		s.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	})
	select {
	case u := <-urls:
		s.url, s.metrics = u[0], u[1]
	case <-time.After(30 * time.Second):
		t.Fatalf("the server did not say where it listens; logs:\n%s", s.logs.String())
	}
	return s
}

func TestServeReadAndStopCleanly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		s := startServer(t, dbURL)
		waitHealthy(t, s.url)
		res, err := http.Get(s.url + "/")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || strings.Count(string(body), `<li class="outcome">`) != 8 {
			t.Errorf("home: status %d, %d groups", res.StatusCode, strings.Count(string(body), `<li class="outcome">`))
		}
		if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-s.done:
			if err != nil {
				t.Errorf("exit after SIGTERM: %v; logs:\n%s", err, s.logs.String())
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the server did not stop within 30 s of SIGTERM")
		}
		logs := s.logs.String()
		for _, want := range []string{"no admin account yet", "msg=stopped"} {
			if !strings.Contains(logs, want) {
				t.Errorf("logs lack %q:\n%s", want, logs)
			}
		}
		// Only the server's own listening address may appear, never a client's.
		for _, line := range strings.Split(logs, "\n") {
			if strings.Contains(line, "127.0.0.1") && !strings.Contains(line, "serving the forum") {
				t.Errorf("a log line holds an address: %s", line)
			}
		}
	})
}

// TestMetricsOnlyOnTheirOwnListener: /metrics answers in Prometheus text
// format on the metrics address, which serves nothing else, and is not
// found on the forum's own address.
func TestMetricsOnlyOnTheirOwnListener(t *testing.T) {
	s := startServer(t, "sqlite:"+filepath.Join(t.TempDir(), "f.db"))
	waitHealthy(t, s.url)
	get := func(url string) (int, string, string) {
		t.Helper()
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), string(body)
	}
	if status, _, _ := get(s.url + "/"); status != http.StatusOK {
		t.Fatalf("home: status %d", status)
	}
	// A request is counted once its answer is written, a moment after the
	// client may have read it.
	status, ctype, body := get(s.metrics)
	for try := 0; try < 200 && !strings.Contains(body, `route="/"`); try++ {
		time.Sleep(5 * time.Millisecond)
		status, ctype, body = get(s.metrics)
	}
	if status != http.StatusOK || !strings.HasPrefix(ctype, "text/plain") ||
		!strings.Contains(body, "# TYPE forum_http_requests_total counter") ||
		!strings.Contains(body, `forum_http_requests_total{code="200",method="GET",route="/"} 1`) {
		t.Errorf("%s: status %d, %s:\n%.800s", s.metrics, status, ctype, body)
	}
	if status, _, body := get(s.url + "/metrics"); status != http.StatusNotFound || strings.Contains(body, "forum_http_requests_total") {
		t.Errorf("/metrics on the forum's address: status %d, want 404:\n%.300s", status, body)
	}
	base := strings.TrimSuffix(s.metrics, "/metrics")
	for _, path := range []string{"/", "/healthz", "/login"} {
		if status, _, _ := get(base + path); status != http.StatusNotFound {
			t.Errorf("%s on the metrics address: status %d, want 404", path, status)
		}
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v; logs:\n%s", err, s.logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop within 30 s of SIGTERM")
	}
	if !strings.Contains(s.logs.String(), "msg=stopped") {
		t.Errorf("the server did not stop gracefully:\n%s", s.logs.String())
	}
}

func waitHealthy(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(url + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s/healthz never answered 200", url)
}

func TestBadSettingsStopAtStartWithOneLine(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	db := "FORUM_DATABASE_URL=sqlite:" + filepath.Join(t.TempDir(), "f.db")
	cases := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"unknown scheme", []string{"FORUM_DATABASE_URL=mysql://localhost/forum"}, nil, `FORUM_DATABASE_URL (-db): unknown database scheme "mysql"`},
		{"no scheme", []string{"FORUM_DATABASE_URL=forum.db"}, nil, "FORUM_DATABASE_URL (-db): must start with sqlite: or postgres://"},
		{"unreachable postgres", []string{"FORUM_DATABASE_URL=postgres://postgres@127.0.0.1:1/forum?sslmode=disable&connect_timeout=3"}, nil, "FORUM_DATABASE_URL (-db): cannot reach PostgreSQL"},
		{"address in use", []string{db}, []string{"-addr", busy.Addr().String()}, "FORUM_ADDR (-addr): cannot listen on " + busy.Addr().String()},
		{"address malformed", []string{db, "FORUM_ADDR=8080"}, nil, `FORUM_ADDR (-addr): "8080" is not host:port`},
		{"metrics address in use", []string{db}, []string{"-addr", "127.0.0.1:0", "-metrics-addr", busy.Addr().String()},
			"FORUM_METRICS_ADDR (-metrics-addr): cannot listen on " + busy.Addr().String()},
		{"metrics address malformed", []string{db, "FORUM_METRICS_ADDR=9090"}, nil, `FORUM_METRICS_ADDR (-metrics-addr): "9090" is not host:port`},
		{"metrics on the forum's address", []string{db, "FORUM_ADDR=127.0.0.1:8080", "FORUM_METRICS_ADDR=127.0.0.1:8080"}, nil,
			`FORUM_METRICS_ADDR (-metrics-addr): "127.0.0.1:8080" is the forum's own address`},
		{"public read not a bool", []string{db, "FORUM_PUBLIC_READ=maybe"}, nil, `FORUM_PUBLIC_READ (-public-read): "maybe" is not true or false`},
		{"flag wins over env", []string{"FORUM_DATABASE_URL=sqlite:" + filepath.Join(t.TempDir(), "ok.db")}, []string{"-db", "redis://x"}, `unknown database scheme "redis"`},
		{"unknown command", nil, []string{"frobnicate"}, `unknown command "frobnicate"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			cmd := forumCmd(c.env, c.args...)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			go func() { <-ctx.Done(); _ = cmd.Process.Kill() }()
			err := cmd.Run()
			if err == nil {
				t.Fatal("exit status 0, want non-zero")
			}
			out := strings.TrimSpace(stderr.String())
			if strings.Count(out, "\n") != 0 {
				t.Errorf("stderr has more than one line:\n%s", out)
			}
			if !strings.HasPrefix(out, "forum: ") || !strings.Contains(out, c.want) {
				t.Errorf("stderr = %q, want it to contain %q", out, c.want)
			}
			if strings.Contains(out, "goroutine") || strings.Contains(out, "panic") {
				t.Errorf("stderr holds a stack trace: %s", out)
			}
		})
	}
}

func TestUserAddMigrateBackupAndDemo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		env := []string{"FORUM_DATABASE_URL=" + dbURL}
		runOK := func(stdin string, args ...string) string {
			t.Helper()
			cmd := forumCmd(env, args...)
			cmd.Stdin = strings.NewReader(stdin)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("forum %s: %v\n%s", strings.Join(args, " "), err, out)
			}
			return string(out)
		}
		runFail := func(stdin string, args ...string) string {
			t.Helper()
			cmd := forumCmd(env, args...)
			cmd.Stdin = strings.NewReader(stdin)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("forum %s succeeded, want failure:\n%s", strings.Join(args, " "), out)
			}
			return string(out)
		}
		if out := runOK("", "migrate"); !regexp.MustCompile(`schema is up to date \(version [1-9]\d*, (sqlite|postgres)\)`).MatchString(out) {
			t.Errorf("migrate: %s", out)
		}
		if out := runOK("correct horse battery staple\n", "user", "add", "--pseudonym", "First Admin", "--role", "admin"); !strings.Contains(out, `created admin "First Admin"`) {
			t.Errorf("user add: %s", out)
		}
		if out := runFail("another long passphrase here\n", "user", "add", "--pseudonym", "first  ADMIN", "--role", "moderator"); !strings.Contains(out, "That pseudonym is taken") {
			t.Errorf("duplicate pseudonym: %s", out)
		}
		// Look-alikes: a reserved name with a Cyrillic А, and the first
		// admin's pseudonym with a Cyrillic і.
		if out := runFail("another long passphrase here\n", "user", "add", "--pseudonym", "Аnonymous practitioner", "--role", "admin"); !strings.Contains(out, "user add: That pseudonym looks like “Anonymous practitioner”, a name the forum keeps for itself") {
			t.Errorf("reserved look-alike: %s", out)
		}
		if out := runFail("another long passphrase here\n", "user", "add", "--pseudonym", "Fіrst Admin", "--role", "moderator"); !strings.Contains(out, "user add: That pseudonym looks too like one that is taken") {
			t.Errorf("look-alike of an account: %s", out)
		}
		if out := runFail("short\n", "user", "add", "--pseudonym", "Brief One"); !strings.Contains(out, "Passphrase must be at least 15 characters") {
			t.Errorf("short passphrase: %s", out)
		}
		if out := runFail("a long enough passphrase\n", "user", "add", "--pseudonym", "Role Less", "--role", "king"); !strings.Contains(out, `unknown role "king"`) {
			t.Errorf("bad role: %s", out)
		}
		if out := runOK("", "demo"); !regexp.MustCompile(`wrote \d+ topics and \d+ posts`).MatchString(out) {
			t.Errorf("demo: %s", out)
		}
		st := storetest.Open(t, dbURL, store.Options{})
		latest, err := st.LatestTopics(context.Background(), 50)
		if err != nil || len(latest) < 8 {
			t.Errorf("after demo: %d approved topics (%v), want at least 8", len(latest), err)
		}
		// The large generator in two batches (on PostgreSQL it analyses the
		// tables after each, as they have doubled), then counts every forum.
		if out := runOK("", "demo", "--groups", "8", "--forums", "40", "--topics", "1500", "--posts", "6000"); !strings.Contains(out, "demo: 1500/1500 topics") || !strings.Contains(out, "demo: done in") {
			t.Errorf("large demo: %s", out)
		}
		groups, err := st.Groups(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var topics int
		for _, g := range groups {
			for _, f := range g.Forums {
				topics += f.TopicCount
			}
		}
		if topics < 1500*9/10 {
			t.Errorf("after the large demo the forums count %d approved topics, want most of the 1,500 written", topics)
		}
		if latest, err = st.LatestTopics(context.Background(), 50); err != nil {
			t.Fatal(err)
		}
		if store.Dialect(strings.SplitN(dbURL, ":", 2)[0]) != store.SQLite {
			if out := runFail("", "backup", filepath.Join(t.TempDir(), "x.db")); !strings.Contains(out, "pg_dump") {
				t.Errorf("backup on PostgreSQL: %s", out)
			}
			return
		}
		dest := filepath.Join(t.TempDir(), "copy.db")
		runOK("", "backup", dest)
		if out := runFail("", "backup", dest); !strings.Contains(out, "file exists (use --force to replace it)") {
			t.Errorf("backup onto an existing file: %s", out)
		}
		runOK("", "backup", dest, "--force")
		copied := storetest.Open(t, "sqlite:"+dest, store.Options{})
		copiedTopics, err := copied.LatestTopics(context.Background(), 50)
		if err != nil || len(copiedTopics) != len(latest) {
			t.Errorf("backup holds %d topics (%v), want %d", len(copiedTopics), err, len(latest))
		}
	})
}

// syncBuffer is a buffer that a reader goroutine and the test share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) WriteString(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.WriteString(s)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestHelpIsAnAnswerNotAnError: asking for help, in any of the usual ways,
// prints the usage and exits 0 with nothing on standard error.
func TestHelpIsAnAnswerNotAnError(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {"serve", "-h"}, {"user", "add", "--help"}, {"demo", "-help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			cmd := forumCmd(nil, args...)
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if err != nil || stderr.Len() != 0 || !strings.HasPrefix(stdout.String(), "Usage: forum") {
				t.Errorf("forum %s: %v, standard error %q, standard output starts %.40q", strings.Join(args, " "), err, stderr.String(), stdout.String())
			}
		})
	}
}
