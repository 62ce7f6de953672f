package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Request makes one call of a load run. It reports how long the call took
// (from just before it was sent until its body was read), how many body
// bytes it read, and whether it failed. Work done before sending, such as
// waiting for a post id to approve, is not part of the latency.
type Request func(ctx context.Context) (latency time.Duration, n int64, err error)

// errStop, returned by a Request, ends its worker without counting a call:
// there is no more work (the moderation queue ran dry).
var errStop = errors.New("no more work")

// Stats is what one load run measured. Latencies holds the latency of each
// successful call, sorted.
type Stats struct {
	OK        int
	Errors    int
	Bytes     int64
	Elapsed   time.Duration
	Latencies []time.Duration
	// ErrorKinds counts the errors by a short description ("HTTP 429").
	ErrorKinds map[string]int
	// Stopped is set when a worker ran out of work before the deadline.
	Stopped bool
}

// RPS is successful calls per second of the run.
func (s Stats) RPS() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.OK) / s.Elapsed.Seconds()
}

// Percentile is the p-th percentile (0-100) of the successful calls'
// latencies, or 0 when there were none.
func (s Stats) Percentile(p float64) time.Duration {
	return percentile(s.Latencies, p)
}

// percentile is the nearest-rank p-th percentile (0-100) of a sorted slice:
// the smallest value that at least p% of the values are less than or equal
// to. It is 0 for an empty slice.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// ErrorSummary lists the error kinds, most frequent first ("HTTP 429 ×120").
func (s Stats) ErrorSummary() string {
	kinds := make([]string, 0, len(s.ErrorKinds))
	for k := range s.ErrorKinds {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool {
		a, b := s.ErrorKinds[kinds[i]], s.ErrorKinds[kinds[j]]
		return a > b || a == b && kinds[i] < kinds[j]
	})
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s ×%d", k, s.ErrorKinds[k])
	}
	return strings.Join(parts, ", ")
}

// grace is how long calls in flight at the end of a run may take to finish
// before they are cancelled.
const grace = 10 * time.Second

// runLoad runs concurrency workers, each making calls with req one after
// another without pause, until duration has passed or every worker has run
// out of work. A worker starts no call after the deadline but lets the one
// in flight finish, so the server sees no dropped connections; only a call
// still running grace after the deadline is cancelled, and it counts
// neither as a success nor as an error.
func runLoad(ctx context.Context, duration time.Duration, concurrency int, req Request) Stats {
	start := time.Now()
	deadline := start.Add(duration)
	ctx, cancel := context.WithDeadline(ctx, deadline.Add(grace))
	defer cancel()
	type part struct {
		ok, errs  int
		bytes     int64
		latencies []time.Duration
		kinds     map[string]int
		stopped   bool
	}
	parts := make([]part, concurrency)
	var wg sync.WaitGroup
	for i := range parts {
		p := &parts[i]
		p.kinds = map[string]int{}
		wg.Go(func() {
			for ctx.Err() == nil && time.Now().Before(deadline) {
				lat, n, err := req(ctx)
				p.bytes += n
				switch {
				case errors.Is(err, errStop):
					p.stopped = true
					return
				case err != nil && ctx.Err() != nil:
					return
				case err != nil:
					p.errs++
					p.kinds[errorKind(err)]++
				default:
					p.ok++
					p.latencies = append(p.latencies, lat)
				}
			}
		})
	}
	wg.Wait()
	s := Stats{Elapsed: time.Since(start), ErrorKinds: map[string]int{}}
	for _, p := range parts {
		s.OK += p.ok
		s.Errors += p.errs
		s.Bytes += p.bytes
		s.Latencies = append(s.Latencies, p.latencies...)
		for k, n := range p.kinds {
			s.ErrorKinds[k] += n
		}
		s.Stopped = s.Stopped || p.stopped
	}
	slices.Sort(s.Latencies)
	return s
}

// statusError is a response whose status the run counts as an error.
type statusError int

func (e statusError) Error() string { return fmt.Sprintf("HTTP %d", int(e)) }

// lengthError is a body shorter or longer than its Content-Length.
type lengthError struct{ got, want int64 }

func (e lengthError) Error() string {
	return fmt.Sprintf("body of %d bytes, Content-Length %d", e.got, e.want)
}

// errorKind is a short, countable description of a call's error.
func errorKind(err error) string {
	var se statusError
	var le lengthError
	var ne net.Error
	switch {
	case errors.As(err, &se):
		return se.Error()
	case errors.As(err, &le):
		return "body length mismatch"
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:] // drop "Get \"http://…\": dial tcp …: "
	}
	return msg
}

// readOK is the success test for page loads: any 2xx or 3xx status.
func readOK(status int) bool { return status >= 200 && status < 400 }

// seeOther is the success test for form posts: 303 See Other.
func seeOther(status int) bool { return status == http.StatusSeeOther }

// send makes one request with client, reads the whole body into io.Discard
// and checks it against the response's Content-Length and ok. The latency
// runs from just before sending until the last body byte is read.
func send(client *http.Client, req *http.Request, ok func(int) bool) (time.Duration, int64, error) {
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return time.Since(start), 0, err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	lat := time.Since(start)
	switch {
	case err != nil:
		return lat, n, err
	case resp.ContentLength >= 0 && n != resp.ContentLength:
		return lat, n, lengthError{n, resp.ContentLength}
	case !ok(resp.StatusCode):
		return lat, n, statusError(resp.StatusCode)
	}
	return lat, n, nil
}

// getRequest loads url again and again: the read rows' Request.
func getRequest(client *http.Client, url string) Request {
	return func(ctx context.Context) (time.Duration, int64, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return 0, 0, err
		}
		return send(client, req, readOK)
	}
}

// newClient is an HTTP client for concurrency workers hammering one host:
// enough idle keep-alive connections for every worker, no compression, and
// redirects returned rather than followed, so a 303 is what is measured.
// jar may be nil.
func newClient(concurrency int, jar http.CookieJar) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        concurrency * 2,
			MaxIdleConnsPerHost: concurrency,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
			DisableKeepAlives:   false,
		},
		Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
