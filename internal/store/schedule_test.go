package store_test

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

// TestNextChangeFollowsSchedulesAndPins: NextChange names the first
// opening, closing or end of a pin after an instant, and a change to a
// schedule is seen at once, although the answer is kept between writes.
func TestNextChangeFollowsSchedulesAndPins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		s := storetest.Open(t, dbURL, store.Options{Now: func() time.Time { return clock }})
		admin := mustAccount(t, s, "Schedule Admin", forum.RoleAdmin)
		f := firstForum(t, s)
		next := func(at time.Time) time.Time {
			t.Helper()
			n, err := s.NextChange(ctx, at)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := next(clock); !n.IsZero() {
			t.Errorf("with nothing scheduled the next change is %s", n)
		}
		opens, closes := clock.Add(48*time.Hour), clock.Add(96*time.Hour)
		edit := forum.ForumEdit{GroupID: f.GroupID, Name: "Scheduled experts", Kind: forum.KindExpert,
			Anonymity: forum.AnonAllowed, OpensAt: &opens, ClosesAt: &closes}
		id, err := s.CreateForum(ctx, admin, edit)
		if err != nil {
			t.Fatal(err)
		}
		topic, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: admin.ID, Title: "Pinned a while", Body: "x."})
		if err != nil {
			t.Fatal(err)
		}
		pinEnds := clock.Add(72 * time.Hour)
		if err := s.SetPinned(ctx, admin, topic.TopicID, true, &pinEnds); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			at, want time.Time
		}{
			{clock, opens},
			{opens.Add(-time.Microsecond), opens},
			{opens, pinEnds},
			{pinEnds, closes},
			{closes, time.Time{}},
			{clock, opens}, // asked again for an earlier instant
		} {
			if got := next(c.at); !got.Equal(c.want) {
				t.Errorf("after %s the next change is %s, want %s", c.at, got, c.want)
			}
		}
		sooner := clock.Add(time.Hour)
		edit.OpensAt, edit.Version = &sooner, 1
		if err := s.UpdateForum(ctx, admin, id, edit); err != nil {
			t.Fatal(err)
		}
		if got := next(clock); !got.Equal(sooner) {
			t.Errorf("after the opening moved, the next change is %s, want %s", got, sooner)
		}
	})
}

// scheduleLog is the moderation log's lines about forums opening and
// closing, oldest first, as "who action reason".
func scheduleLog(t *testing.T, s *store.Store, admin forum.Account) []string {
	t.Helper()
	entries, err := s.ModLog(ctx, admin, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		if e.Action == store.ActionOpen || e.Action == store.ActionClose {
			out = append(out, e.Actor+" "+e.Action+" "+e.Subject+" "+e.Reason+" at "+e.CreatedAt.Format(time.RFC3339))
		}
	}
	return out
}

// TestScheduledOpeningAndClosingAreLoggedOnce: the moderation log records
// an expert forum opening and closing on schedule, once each, at the time
// they happened, whoever asks and however often; what a host or an admin
// did by hand is logged as theirs and not again as the schedule's. Two
// stores on one database, asking together, record it once.
func TestScheduledOpeningAndClosingAreLoggedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		var mu sync.Mutex
		clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
		set := func(t time.Time) { mu.Lock(); defer mu.Unlock(); clock = t }
		s := storetest.Open(t, dbURL, store.Options{Now: now})
		other := storetest.Open(t, dbURL, store.Options{Now: now}) // a second instance
		admin := mustAccount(t, s, "Log Admin", forum.RoleAdmin)
		f := firstForum(t, s)
		start := now()
		expert := func(name string, opens, closes *time.Time) int64 {
			t.Helper()
			id, err := s.CreateForum(ctx, admin, forum.ForumEdit{GroupID: f.GroupID, Name: name, Kind: forum.KindExpert,
				Anonymity: forum.AnonAllowed, OpensAt: opens, ClosesAt: closes})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		record := func(st *store.Store) int {
			t.Helper()
			n, err := st.RecordScheduled(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		opens, closes := start.Add(time.Hour), start.Add(3*time.Hour)
		expert("Scheduled", &opens, &closes)
		past := start.Add(-time.Hour)
		expert("Made open", &past, nil) // opened by the admin's act, logged as "created"
		byHand := expert("Closed by hand", &past, nil)
		if err := s.CloseForum(ctx, admin, byHand); err != nil {
			t.Fatal(err)
		}
		if n := record(s); n != 0 {
			t.Errorf("before any scheduled time, %d recorded", n)
		}

		// Both instances ask, many times at once, as the forum opens.
		set(opens)
		var wg sync.WaitGroup
		var total atomic.Int64
		for i := range 8 {
			wg.Go(func() {
				st := s
				if i%2 == 1 {
					st = other
				}
				n, err := st.RecordScheduled(ctx)
				if err != nil {
					t.Error(err)
				}
				total.Add(int64(n))
			})
		}
		wg.Wait()
		if total.Load() != 1 {
			t.Errorf("the opening was recorded %d times, want once", total.Load())
		}
		set(closes.Add(time.Minute))
		if n, m := record(other), record(s); n+m != 1 {
			t.Errorf("the closing was recorded %d times, want once", n+m)
		}
		want := []string{
			"Log Admin close Closed by hand by hand at " + start.Format(time.RFC3339),
			"System open Scheduled on schedule at " + opens.Format(time.RFC3339),
			"System close Scheduled on schedule at " + closes.Format(time.RFC3339),
		}
		if got := scheduleLog(t, s, admin); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("the log says\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// TestOpeningByHandKeepsTheSchedule: a host who opens a forum by hand
// changes only what they chose: a closed forum keeps the time it first
// opened, and closes when the host said (or when a host closes it); one
// still to open opens now and keeps its planned closing time if the host
// keeps it. A closing time in the past is refused and changes nothing.
func TestOpeningByHandKeepsTheSchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		clock := time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)
		s := storetest.Open(t, dbURL, store.Options{Now: func() time.Time { return clock }})
		admin := mustAccount(t, s, "Open Admin", forum.RoleAdmin)
		f := firstForum(t, s)
		at := func(h int) *time.Time { v := clock.Add(time.Duration(h) * time.Hour); return &v }
		cases := []struct {
			name           string
			opens, closes  *time.Time // the schedule before
			closing        *time.Time // what the host chose
			code           string
			wantOpens      *time.Time // nil: now
			wantCloses     *time.Time
			wantReasonPart string
		}{
			{name: "closed, to close again in two days", opens: at(-48), closes: at(-24), closing: at(48),
				wantOpens: at(-48), wantCloses: at(48), wantReasonPart: "opened again; with a new closing time"},
			{name: "closed, to close by hand", opens: at(-48), closes: at(-24), closing: nil,
				wantOpens: at(-48), wantCloses: nil, wantReasonPart: "opened again; no closing time"},
			{name: "to open tomorrow, closing as planned", opens: at(24), closes: at(72), closing: at(72),
				wantCloses: at(72), wantReasonPart: "before its planned opening; it closes as planned"},
			{name: "to open tomorrow, closing sooner", opens: at(24), closes: at(72), closing: at(30),
				wantCloses: at(30), wantReasonPart: "its closing time moved"},
			{name: "closed, a closing time past", opens: at(-48), closes: at(-24), closing: at(-1),
				code: forum.EINVALID, wantOpens: at(-48), wantCloses: at(-24)},
			{name: "already open", opens: at(-1), closes: at(24), closing: at(48),
				code: forum.ECONFLICT, wantOpens: at(-1), wantCloses: at(24)},
		}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				id, err := s.CreateForum(ctx, admin, forum.ForumEdit{GroupID: f.GroupID, Name: fmt.Sprintf("Reopened %d", i),
					Kind: forum.KindExpert, Anonymity: forum.AnonAllowed, OpensAt: c.opens, ClosesAt: c.closes})
				if err != nil {
					t.Fatal(err)
				}
				err = s.OpenForum(ctx, admin, id, c.closing)
				if forum.ErrorCode(err) != c.code {
					t.Fatalf("OpenForum: %v, want code %q", err, c.code)
				}
				if c.code == forum.EINVALID && forum.FieldErrorsOf(err).For("closes_at") == "" {
					t.Errorf("the refusal names no field: %v", err)
				}
				got, err := s.Forum(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				wantOpens := c.wantOpens
				if wantOpens == nil {
					wantOpens = &clock
				}
				if !sameTime(got.OpensAt, wantOpens) || !sameTime(got.ClosesAt, c.wantCloses) {
					t.Errorf("schedule after: opens %v closes %v; want %v and %v", got.OpensAt, got.ClosesAt, wantOpens, c.wantCloses)
				}
				if c.code != "" {
					return
				}
				if st := got.State(clock); st != forum.StateLive {
					t.Errorf("after opening by hand it is %s", st)
				}
				log := scheduleLog(t, s, admin)
				if last := log[len(log)-1]; !strings.Contains(last, "Open Admin open Reopened") || !strings.Contains(last, c.wantReasonPart) {
					t.Errorf("the log says %q, want the host's opening, %q", last, c.wantReasonPart)
				}
				if n, err := s.RecordScheduled(ctx); n != 0 || err != nil {
					t.Errorf("the schedule records %d more (%v): the host's opening is theirs", n, err)
				}
			})
		}
	})
}

func sameTime(a, b *time.Time) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
}
