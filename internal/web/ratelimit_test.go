package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"forum/internal/auth"

	"forum/internal/store"
	"forum/internal/store/storetest"
	"forum/internal/web"
)

// TestFormLimitIsSharedOutBetweenInstances: with n instances serving, each
// lets a client send 1/n of the burst, so a client sending its forms to
// every instance behind a load balancer gets no more than from one.
func TestFormLimitIsSharedOutBetweenInstances(t *testing.T) {
	const burst = 12
	for _, instances := range []int{1, 2, 3} {
		t.Run(strings.Repeat("I", instances), func(t *testing.T) {
			st := storetest.Open(t, storetest.URL(t, store.SQLite), store.Options{})
			// The sign-in throttle's waits pass at once on its own clock.
			tt := &throttleTime{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), advance: true}
			s := serve(t, web.Options{Store: st, PublicRead: true, PostsPerSecond: 0.001, PostBurst: burst,
				SigninThrottle: auth.NewMemoryThrottle(auth.DefaultThrottlePolicy(), tt.Now, tt.Sleep)})
			s.srv.SetInstances(instances)
			b := newBrowser(t, s)
			page := b.get("/login")
			allowed := 0
			for range burst + 1 {
				if b.submitOn(page, "/login", url.Values{"pseudonym": {"Nobody Here"}, "passphrase": {"wrong"}}).status == http.StatusTooManyRequests {
					break
				}
				allowed++
			}
			if want := burst / instances; allowed != want {
				t.Errorf("with %d instances serving, one instance took %d forms from a client before refusing; want %d", instances, allowed, want)
			}
		})
	}
}
