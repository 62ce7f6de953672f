package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"forum/internal/pii"
)

func TestPercentile(t *testing.T) {
	var sorted []time.Duration
	for i := 1; i <= 100; i++ {
		sorted = append(sorted, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{
		{0, time.Millisecond}, {1, time.Millisecond}, {50, 50 * time.Millisecond},
		{99, 99 * time.Millisecond}, {99.5, 100 * time.Millisecond}, {100, 100 * time.Millisecond},
	} {
		if got := percentile(sorted, c.p); got != c.want {
			t.Errorf("p%v of 1..100ms = %v, want %v", c.p, got, c.want)
		}
	}
	odd := []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1000}
	if got := percentile(odd, 50); got != 6 {
		t.Errorf("p50 of eleven values = %v, want the sixth, 6", got)
	}
	if got := percentile(odd, 99); got != 1000 {
		t.Errorf("p99 of eleven values = %v, want the largest, 1000", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of nothing = %v, want 0", got)
	}
	s := Stats{OK: 30, Elapsed: 3 * time.Second}
	if got := s.RPS(); got != 10 {
		t.Errorf("30 requests in 3s = %v rps, want 10", got)
	}
}

func TestRunLoadCountsRequests(t *testing.T) {
	const body = "hello, forum"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, body)
	}))
	defer srv.Close()
	client := newClient(4, nil)
	defer client.CloseIdleConnections()

	s := runLoad(context.Background(), 300*time.Millisecond, 4, getRequest(client, srv.URL+"/x"))
	if s.OK == 0 {
		t.Fatal("the load run made no successful request")
	}
	if s.Errors != 0 {
		t.Errorf("%d errors against a healthy server: %s", s.Errors, s.ErrorSummary())
	}
	if len(s.Latencies) != s.OK {
		t.Errorf("%d latencies for %d requests", len(s.Latencies), s.OK)
	}
	if want := int64(s.OK * len(body)); s.Bytes != want {
		t.Errorf("read %d bytes, want %d for %d requests", s.Bytes, want, s.OK)
	}
	if s.Stopped {
		t.Error("the run says it ran out of work")
	}
}

func TestRunLoadCountsErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "broken", http.StatusInternalServerError)
	}))
	defer srv.Close()
	client := newClient(4, nil)
	defer client.CloseIdleConnections()

	s := runLoad(context.Background(), 300*time.Millisecond, 4, getRequest(client, srv.URL))
	if s.Errors == 0 {
		t.Fatal("counted no errors against a server answering 500")
	}
	if s.OK != 0 || len(s.Latencies) != 0 {
		t.Errorf("counted %d successes (%d latencies) against a server answering 500", s.OK, len(s.Latencies))
	}
	if s.ErrorKinds["HTTP 500"] != s.Errors {
		t.Errorf("error kinds %v, want all %d as HTTP 500", s.ErrorKinds, s.Errors)
	}
	if got := s.ErrorSummary(); !strings.HasPrefix(got, "HTTP 500 ×") {
		t.Errorf("error summary %q", got)
	}
}

func TestRunLoadTransportErrors(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there now
	client := newClient(2, nil)
	s := runLoad(context.Background(), 100*time.Millisecond, 2, getRequest(client, url))
	if s.Errors == 0 || s.OK != 0 {
		t.Errorf("against a closed port: %d errors, %d successes", s.Errors, s.OK)
	}
}

func TestRunLoadStopsWhenOutOfWork(t *testing.T) {
	var mu sync.Mutex
	left := 10
	req := func(context.Context) (time.Duration, int64, error) {
		mu.Lock()
		defer mu.Unlock()
		if left == 0 {
			return 0, 0, errStop
		}
		left--
		return time.Millisecond, 1, nil
	}
	s := runLoad(context.Background(), time.Minute, 3, req)
	if s.OK != 10 || s.Errors != 0 || !s.Stopped {
		t.Errorf("got %d ok, %d errors, stopped %v; want 10, 0, true", s.OK, s.Errors, s.Stopped)
	}
	if s.Elapsed >= time.Minute {
		t.Errorf("ran for the whole duration, %v, with no work left", s.Elapsed)
	}
}

func TestStaticServerServesTheSameBytes(t *testing.T) {
	for _, p := range []Page{
		{Status: http.StatusOK, ContentType: "text/html; charset=UTF-8", Body: []byte("<!doctype html><p>Hello</p>")},
		{Status: http.StatusNotFound, Body: []byte("<p>no content type, and none sniffed</p>")},
	} {
		static, err := startStatic(p)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.Get(static.URL + "/t/1?x=y")
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		static.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != p.Status || resp.Header.Get("Content-Type") != p.ContentType ||
			resp.ContentLength != int64(len(p.Body)) || string(body) != string(p.Body) {
			t.Errorf("static copy answered %d %q, Content-Length %d, %q; want %d %q, %d, %q",
				resp.StatusCode, resp.Header.Get("Content-Type"), resp.ContentLength, body,
				p.Status, p.ContentType, len(p.Body), p.Body)
		}
	}
}

func TestSentencesAreDistinctAndClean(t *testing.T) {
	s := newSentences()
	seen := map[string]bool{}
	for range 4000 {
		seen[s.Next()] = true
	}
	if len(seen) != 4000 {
		t.Errorf("4000 sentences in a row hold only %d different ones", len(seen))
	}
	// Every phrase of every list, in some sentence.
	for i := range uint64(8) {
		for _, n := range []uint64{i, i * 8, i * 64, i * 512, i * 4096, i * 32768} {
			text := sentence(n)
			if len(text) < 150 || len(text) > 300 {
				t.Errorf("sentence %d is %d characters: %q", n, len(text), text)
			}
			if f := pii.Check(text); len(f) > 0 {
				t.Errorf("sentence %d has possible personal data %v: %q", n, f, text)
			}
		}
	}
	if combinations != 8*8*8*8*8*8 {
		t.Errorf("%d combinations", combinations)
	}
}

// fakeQueue is a moderation queue for the approver to work: it lists up to
// fifty pending posts (after the post ?after= names), oldest first, and
// answers 409 to a second approval.
type fakeQueue struct {
	mu       sync.Mutex
	pending  []int64
	approved map[int64]int
}

func (q *fakeQueue) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if r.Method == http.MethodGet && r.URL.Path == "/mod/queue" {
		fmt.Fprint(w, `<form><input type="hidden" name="_csrf" value="tok"></form>`)
		after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
		listed := 0
		for _, id := range q.pending {
			if id > after && listed < 50 {
				fmt.Fprintf(w, `<form method="post" action="/mod/posts/%d/approve"><input type="hidden" name="_csrf" value="tok"></form>`, id)
				listed++
			}
		}
		return
	}
	var id int64
	if _, err := fmt.Sscanf(r.URL.Path, "/mod/posts/%d/approve", &id); err != nil || r.Method != http.MethodPost || r.FormValue("_csrf") != "tok" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	q.approved[id]++
	if q.approved[id] > 1 {
		http.Error(w, "already decided", http.StatusConflict)
		return
	}
	for i, p := range q.pending {
		if p == id {
			q.pending = append(q.pending[:i], q.pending[i+1:]...)
			break
		}
	}
	http.Redirect(w, r, "/mod/queue", http.StatusSeeOther)
}

func TestApproverApprovesEachPostOnce(t *testing.T) {
	q := &fakeQueue{approved: map[int64]int{}}
	for id := range int64(120) {
		q.pending = append(q.pending, id+1)
	}
	srv := httptest.NewServer(q)
	defer srv.Close()
	f := newForum(srv.URL)
	client := newClient(4, nil)
	defer client.CloseIdleConnections()

	a, err := f.newApprover(context.Background(), client)
	if err != nil {
		t.Fatal(err)
	}
	if a.Pending() != 50 {
		t.Errorf("the first queue page lists %d posts, want 50", a.Pending())
	}
	s := a.run(context.Background(), time.Minute, 4)
	if a.err != nil {
		t.Errorf("reading the queue: %v", a.err)
	}
	if s.OK != 120 || s.Errors != 0 || !s.Stopped {
		t.Errorf("approved %d with %d errors (%s), stopped %v; want 120, 0, true", s.OK, s.Errors, s.ErrorSummary(), s.Stopped)
	}
	if len(q.pending) != 0 || len(q.approved) != 120 {
		t.Errorf("%d still pending, %d approved", len(q.pending), len(q.approved))
	}
}
