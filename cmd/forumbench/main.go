// Command forumbench measures a running forum: for each page it loads, how
// many requests a second the forum serves under concurrent load, how long
// they take, and how that compares with a static server sending the same
// bytes; for the write rows, how fast it takes replies and approvals. It
// prints one table.
//
//	go run ./cmd/forumbench -url http://127.0.0.1:8080 -duration 5s \
//		-member 'Bench Member' -member-pass '…' -mod 'Bench Mod' -mod-pass '…'
//
// Run the forum with FORUM_POST_RATE=0, or the reply and approve rows meet
// its limit on form posts after a burst of thirty.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"forum/internal/demo"
)

// allRows are the rows in the order they run: reply before approve, so that
// the queue has posts to approve.
var allRows = []string{"home", "forum", "topic", "topic-signed-in", "search", "search-new", "reply", "approve", "moderate"}

// Options are the command's flags.
type Options struct {
	URL           string
	Duration      time.Duration
	Warmup        time.Duration
	Concurrency   int
	Rows          []string
	ForumID       int64
	TopicID       int64
	Search        string
	Member        string
	MemberPass    string
	Mod           string
	ModPass       string
	ServerPID     int
	MetricsURL    string
	rowsFlagValue string
}

// setupError is a failure before measuring starts: exit status 2.
type setupError struct{ msg string }

func (e setupError) Error() string { return e.msg }

func setupFailed(format string, args ...any) error {
	return setupError{fmt.Sprintf(format, args...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole command; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "forumbench:", err)
		}
		return 2
	}
	if err := bench(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "forumbench:", err)
		return 2
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer) (Options, error) {
	var o Options
	fs := flag.NewFlagSet("forumbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.URL, "url", "http://127.0.0.1:8080", "the running forum's base URL; several, comma-separated, to spread the load over instances of one forum (as a load balancer would, one request each in turn)")
	fs.DurationVar(&o.Duration, "duration", 5*time.Second, "how long to load each row (and each static copy)")
	fs.DurationVar(&o.Warmup, "warmup", time.Second, "unmeasured load before each read row and its static copy")
	fs.IntVar(&o.Concurrency, "concurrency", 16, "concurrent workers, each sending one request after another")
	fs.StringVar(&o.rowsFlagValue, "rows", strings.Join(allRows, ","), "comma-separated rows to run")
	fs.Int64Var(&o.ForumID, "forum", 0, "forum id for the forum row (default: discovered)")
	fs.Int64Var(&o.TopicID, "topic", 0, "topic id for the topic and reply rows (default: discovered)")
	fs.StringVar(&o.Search, "search", "housing council", "search query for the search row")
	fs.StringVar(&o.Member, "member", "", "pseudonym of a practitioner, for topic-signed-in and reply")
	fs.StringVar(&o.MemberPass, "member-pass", "", "the practitioner's passphrase")
	fs.StringVar(&o.Mod, "mod", "", "pseudonym of a moderator, for approve")
	fs.StringVar(&o.ModPass, "mod-pass", "", "the moderator's passphrase")
	fs.IntVar(&o.ServerPID, "server-pid", 0, "the forum server's PID, to read its peak RSS from /proc (default: sample -metrics-url)")
	fs.StringVar(&o.MetricsURL, "metrics-url", "http://127.0.0.1:9090/metrics", "the forum's metrics, on their own listener (FORUM_METRICS_ADDR), to sample its RSS from")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if o.Concurrency < 1 || o.Duration <= 0 || o.Warmup < 0 {
		return o, errors.New("-concurrency and -duration must be positive, -warmup not negative")
	}
	for _, base := range strings.Split(o.URL, ",") {
		if u, err := url.Parse(base); err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			return o, fmt.Errorf("-url %q is not an http:// or https:// URL", base)
		}
	}
	if u, err := url.Parse(o.MetricsURL); err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return o, fmt.Errorf("-metrics-url %q is not an http:// or https:// URL", o.MetricsURL)
	}
	for _, r := range strings.Split(o.rowsFlagValue, ",") {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		if !slices.Contains(allRows, r) {
			return o, fmt.Errorf("-rows: unknown row %q (rows: %s)", r, strings.Join(allRows, ","))
		}
		if !slices.Contains(o.Rows, r) {
			o.Rows = append(o.Rows, r)
		}
	}
	// Run in the fixed order whatever the order given.
	o.Rows = slices.DeleteFunc(slices.Clone(allRows), func(r string) bool { return !slices.Contains(o.Rows, r) })
	if len(o.Rows) == 0 {
		return o, errors.New("-rows names no row")
	}
	return o, nil
}

// Row is one line of the table.
type Row struct {
	Name    string
	Forum   Stats
	Static  *Stats // nil for the write rows
	Skipped string // why the row did not run
	Note    string // anything else to say about it
}

// bench sets the run up, runs the rows and prints the report. Only setup
// failures are returned; errors during the load are counted and printed.
func bench(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	f := newForum(o.URL)
	for _, base := range f.Instances {
		if _, err := fetchPage(ctx, f.client, base+"/"); err != nil {
			return setupFailed("cannot reach %s: %v", base, err)
		}
	}
	has := func(row string) bool { return slices.Contains(o.Rows, row) }

	var target Target
	if has("forum") || has("topic") || has("topic-signed-in") || has("reply") {
		var err error
		if target, err = f.discover(ctx, o.ForumID, o.TopicID); err != nil {
			return setupFailed("cannot find a forum and topic to load: %v", err)
		}
	}
	var member, mod *http.Client
	if o.Member != "" && (has("topic-signed-in") || has("reply")) {
		var err error
		if member, err = f.signIn(ctx, o.Concurrency, o.Member, o.MemberPass); err != nil {
			return setupFailed("cannot sign in as %q: %v", o.Member, err)
		}
	}
	if o.Mod != "" && (has("approve") || has("moderate")) {
		var err error
		if mod, err = f.signIn(ctx, o.Concurrency, o.Mod, o.ModPass); err != nil {
			return setupFailed("cannot sign in as %q: %v", o.Mod, err)
		}
	}

	printHeader(stdout, o, target)
	var sampler *RSSSampler
	if o.ServerPID == 0 {
		sampler = f.sampleRSS(ctx, o.MetricsURL, 200*time.Millisecond)
	}

	var rows []Row
	for _, name := range o.Rows {
		if ctx.Err() != nil {
			break
		}
		fmt.Fprintf(stderr, "forumbench: running %s…\n", name)
		var row Row
		switch name {
		case "home":
			row = readRow(ctx, o, name, f.newClient(o.Concurrency, nil), f.Base+"/")
		case "forum":
			row = readRow(ctx, o, name, f.newClient(o.Concurrency, nil), fmt.Sprintf("%s/f/%d", f.Base, target.ForumID))
		case "topic":
			row = readRow(ctx, o, name, f.newClient(o.Concurrency, nil), fmt.Sprintf("%s/t/%d", f.Base, target.TopicID))
		case "topic-signed-in":
			if member == nil {
				row = Row{Name: name, Skipped: "no -member given"}
				break
			}
			row = readRow(ctx, o, name, member, fmt.Sprintf("%s/t/%d", f.Base, target.TopicID))
		case "search":
			row = readRow(ctx, o, name, f.newClient(o.Concurrency, nil), f.Base+"/search?q="+url.QueryEscape(o.Search))
		case "search-new":
			row = newSearchRow(ctx, o, f)
		case "reply":
			row = replyRow(ctx, o, f, member, target.TopicID)
		case "approve":
			row = approveRow(ctx, o, f, mod, false)
		case "moderate":
			row = approveRow(ctx, o, f, mod, true)
		}
		rows = append(rows, row)
	}

	printTable(stdout, rows)
	fmt.Fprintln(stdout, rssLine(o.ServerPID, sampler))
	return nil
}

// measure loads req for the warm-up, unmeasured, then for the duration.
func measure(ctx context.Context, o Options, req Request) Stats {
	if o.Warmup > 0 {
		runLoad(ctx, o.Warmup, o.Concurrency, req)
	}
	return runLoad(ctx, o.Duration, o.Concurrency, req)
}

// readRow loads a page from the forum, then the same bytes from a static
// copy, each for the warm-up and then the duration.
func readRow(ctx context.Context, o Options, name string, client *http.Client, pageURL string) Row {
	row := Row{Name: name}
	fetchCtx, cancel := context.WithTimeout(ctx, setupTimeout)
	page, err := fetchPage(fetchCtx, client, pageURL)
	cancel()
	if err != nil {
		row.Skipped = err.Error()
		return row
	}
	static, err := startStatic(page)
	if err != nil {
		row.Skipped = "cannot start the static copy: " + err.Error()
		return row
	}
	defer static.Close()

	row.Forum = measure(ctx, o, getRequest(client, pageURL))
	u, _ := url.Parse(pageURL) // fetchPage has parsed it already
	staticClient := newClient(o.Concurrency, nil)
	defer staticClient.CloseIdleConnections()
	s := measure(ctx, o, getRequest(staticClient, static.URL+u.RequestURI()))
	row.Static = &s
	row.Note = fmt.Sprintf("%s, %d bytes", u.RequestURI(), len(page.Body))
	return row
}

// newSearchRow searches for two words not searched before in the run, drawn
// from the vocabulary `forum demo` writes with, so that no answer can come
// from a cache: what a person's first search costs.
func newSearchRow(ctx context.Context, o Options, f *Forum) Row {
	row := Row{Name: "search-new"}
	client := f.newClient(o.Concurrency, nil)
	var n, repeats atomic.Int64
	seen := sync.Map{}
	run := uint64(time.Now().UnixNano()) // each run searches afresh
	req := func(ctx context.Context) (time.Duration, int64, error) {
		var q string
		for try := 0; ; try++ {
			rnd := mrand.New(mrand.NewPCG(uint64(n.Add(1)), run))
			q = demo.Words[rnd.IntN(len(demo.Words))] + " " + demo.Words[rnd.IntN(len(demo.Words))]
			if _, dup := seen.LoadOrStore(q, true); !dup {
				break
			}
			if try == 100 { // a fast forum can use up the pairs: say so
				repeats.Add(1)
				break
			}
		}
		return getRequest(client, f.Base+"/search?q="+url.QueryEscape(q))(ctx)
	}
	row.Forum = measure(ctx, o, req)
	row.Note = "GET /search?q=WORD+WORD, two words not searched before in the run (the warm-up's included)"
	if r := repeats.Load(); r > 0 {
		row.Note += fmt.Sprintf("; %d searches repeated one, as the vocabulary's pairs ran out", r)
	}
	return row
}

// replyRow posts replies to the topic as the member for the duration.
func replyRow(ctx context.Context, o Options, f *Forum, member *http.Client, topicID int64) Row {
	row := Row{Name: "reply"}
	if member == nil {
		row.Skipped = "no -member given"
		return row
	}
	req, err := f.replyRequest(ctx, member, topicID)
	if err != nil {
		row.Skipped = err.Error()
		return row
	}
	row.Forum = runLoad(ctx, o.Duration, o.Concurrency, req)
	row.Note = fmt.Sprintf("POST /t/%d/reply, %d replies sent", topicID, row.Forum.OK)
	return row
}

// approveRow approves pending posts as the moderator for the duration, or
// until the queue runs dry. With readBack (the moderate row) each approval
// is followed by reading the queue page it sends the moderator back to,
// as a person deciding one post at a time does: a decision is both.
func approveRow(ctx context.Context, o Options, f *Forum, mod *http.Client, readBack bool) Row {
	row := Row{Name: "approve"}
	if readBack {
		row.Name = "moderate"
	}
	if mod == nil {
		row.Skipped = "no -mod given"
		return row
	}
	a, err := f.newApprover(ctx, mod)
	if err != nil {
		row.Skipped = err.Error()
		return row
	}
	if a.Pending() == 0 {
		row.Skipped = "the moderation queue is empty"
		return row
	}
	a.readBack = readBack
	row.Forum = a.run(ctx, o.Duration, o.Concurrency)
	row.Note = fmt.Sprintf("POST /mod/posts/ID/approve, %d approved", row.Forum.OK)
	if readBack {
		row.Note = fmt.Sprintf("POST /mod/posts/ID/approve then GET /mod/queue, %d decisions", row.Forum.OK)
	}
	if row.Forum.Stopped {
		row.Note += fmt.Sprintf("; the queue ran dry after %.2fs", row.Forum.Elapsed.Seconds())
	}
	if a.err != nil {
		row.Note += "; reading the queue failed: " + a.err.Error()
	}
	return row
}

func printHeader(w io.Writer, o Options, t Target) {
	fmt.Fprintf(w, "forumbench against %s\n", strings.ReplaceAll(o.URL, ",", " and "))
	fmt.Fprintf(w, "client: %s %s/%s, GOMAXPROCS %d, %d CPUs\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.NumCPU())
	if t.TopicID != 0 {
		how := "from the flags"
		if t.Discovered {
			how = "discovered"
		}
		fmt.Fprintf(w, "topic /t/%d in forum /f/%d (%s): %d posts on its page\n", t.TopicID, t.ForumID, how, t.Posts)
	}
	flags := []string{
		"-duration " + o.Duration.String(), "-warmup " + o.Warmup.String(),
		"-concurrency " + strconv.Itoa(o.Concurrency), "-rows " + strings.Join(o.Rows, ","),
		"-search " + strconv.Quote(o.Search),
	}
	if o.ForumID != 0 {
		flags = append(flags, fmt.Sprintf("-forum %d", o.ForumID))
	}
	if o.TopicID != 0 {
		flags = append(flags, fmt.Sprintf("-topic %d", o.TopicID))
	}
	if o.Member != "" {
		flags = append(flags, "-member "+strconv.Quote(o.Member))
	}
	if o.Mod != "" {
		flags = append(flags, "-mod "+strconv.Quote(o.Mod))
	}
	if o.ServerPID != 0 {
		flags = append(flags, "-server-pid "+strconv.Itoa(o.ServerPID))
	} else {
		flags = append(flags, "-metrics-url "+o.MetricsURL)
	}
	fmt.Fprintf(w, "flags: %s\n\n", strings.Join(flags, " "))
}

// printTable writes the table, then a note for each row that has one:
// what it loaded, why it was skipped, and what its errors were.
func printTable(w io.Writer, rows []Row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "row\trps\tp50\tp95\tp99\terrors\tstatic rps\t% of static\t")
	for _, r := range rows {
		if r.Skipped != "" {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t-\t-\t-\t\n", r.Name)
			continue
		}
		static, share := "-", "-"
		if r.Static != nil {
			static = fmt.Sprintf("%.1f", r.Static.RPS())
			if r.Static.RPS() > 0 {
				share = fmt.Sprintf("%.1f%%", 100*r.Forum.RPS()/r.Static.RPS())
			}
		}
		errs := strconv.Itoa(r.Forum.Errors)
		if r.Forum.Errors > 0 {
			errs += " !"
		}
		fmt.Fprintf(tw, "%s\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.Name, r.Forum.RPS(),
			ms(r.Forum, 50), ms(r.Forum, 95), ms(r.Forum, 99), errs, static, share)
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, r := range rows {
		switch {
		case r.Skipped != "":
			fmt.Fprintf(w, "%s: skipped: %s\n", r.Name, r.Skipped)
		default:
			fmt.Fprintf(w, "%s: %s\n", r.Name, r.Note)
		}
		if r.Forum.Errors > 0 {
			fmt.Fprintf(w, "%s: ERRORS: %d of %d requests failed: %s\n", r.Name, r.Forum.Errors,
				r.Forum.Errors+r.Forum.OK, r.Forum.ErrorSummary())
		}
		if r.Static != nil && r.Static.Errors > 0 {
			fmt.Fprintf(w, "%s: static copy ERRORS: %d: %s\n", r.Name, r.Static.Errors, r.Static.ErrorSummary())
		}
	}
}

// ms is a percentile of a run's latencies in milliseconds, two decimals.
func ms(s Stats, p float64) string {
	if len(s.Latencies) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fms", float64(s.Percentile(p).Microseconds())/1000)
}

// rssLine reports the server's peak resident set size and how it was taken.
func rssLine(pid int, sampler *RSSSampler) string {
	const mb = 1 << 20
	if sampler == nil {
		peak, current, err := procRSS(pid)
		if err != nil {
			return fmt.Sprintf("server peak RSS: unknown (%v)", err)
		}
		return fmt.Sprintf("server peak RSS: %.1f MB (VmHWM of PID %d, its peak since it started; VmRSS now %.1f MB; MB = 2^20 bytes)",
			float64(peak)/mb, pid, float64(current)/mb)
	}
	peak, samples, err := sampler.Stop()
	if samples == 0 {
		return fmt.Sprintf("server peak RSS: unknown (no sample of /metrics: %v)", err)
	}
	line := fmt.Sprintf("server peak RSS: %.1f MB (largest of %d samples of process_resident_memory_bytes from /metrics, every 200ms during the rows; MB = 2^20 bytes)",
		peak/mb, samples)
	if err != nil {
		line += fmt.Sprintf("; some samples failed: %v", err)
	}
	return line
}
