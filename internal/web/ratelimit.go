package web

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"forum/internal/forum"
)

// postLimit is echo's rate limiter on every POST, keyed by the client's
// keyed hash, never its address: a person filling in forms never meets it,
// a script hammering the forum does.
func (s *Server) postLimit() echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper:             func(c echo.Context) bool { return c.Request().Method != http.MethodPost || s.opts.PostsPerSecond < 0 },
		Store:               s.forms,
		IdentifierExtractor: func(c echo.Context) (string, error) { return s.clients.Key(c.RealIP()), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			return &forum.Error{Code: forum.ETOOMANY, Message: "You have sent a lot in a short time. Wait a minute, then try again."}
		},
		ErrorHandler: func(c echo.Context, err error) error { return err },
	})
}

// formLimits is a token bucket per client, shared out between the
// instances that serve: with n instances behind a load balancer each
// allows a client 1/n of the rate and of the burst, so a client spreading
// its forms over all of them gets no more than from one. The instances
// agree only on how many they are (SetInstances), so no client key or
// time of a form is written anywhere.
type formLimits struct {
	rate      rate.Limit
	burst     int
	instances atomic.Int64
	mu        sync.Mutex
	clients   map[string]*formBucket
	swept     time.Time
}

type formBucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// formIdle is how long a client's bucket is kept after its last form.
const formIdle = 5 * time.Minute

func newFormLimits(perSecond float64, burst int) *formLimits {
	f := &formLimits{rate: rate.Limit(perSecond), burst: burst, clients: map[string]*formBucket{}}
	f.instances.Store(1)
	return f
}

// share is the rate and burst of one instance among n.
func (f *formLimits) share() (rate.Limit, int) {
	n := max(f.instances.Load(), 1)
	return f.rate / rate.Limit(n), max(f.burst/int(n), 1)
}

// Allow implements middleware.RateLimiterStore.
func (f *formLimits) Allow(client string) (bool, error) {
	now := time.Now()
	r, b := f.share()
	f.mu.Lock()
	defer f.mu.Unlock()
	if now.Sub(f.swept) > time.Minute {
		for k, v := range f.clients {
			if now.Sub(v.seen) > formIdle {
				delete(f.clients, k)
			}
		}
		f.swept = now
	}
	bk, ok := f.clients[client]
	if !ok {
		bk = &formBucket{lim: rate.NewLimiter(r, b)}
		f.clients[client] = bk
	} else if bk.lim.Limit() != r || bk.lim.Burst() != b {
		bk.lim.SetLimitAt(now, r)
		bk.lim.SetBurstAt(now, b)
	}
	bk.seen = now
	return bk.lim.AllowN(now, 1), nil
}

// SetInstances says how many instances serve now, this one included, so
// that each allows its share of a client's forms.
func (s *Server) SetInstances(n int) { s.forms.instances.Store(int64(max(n, 1))) }
