// Package web is the forum's HTTP side: the echo server, its routes, one
// handler file per resource, one error handler and the page renderer. Echo
// stays inside this package so that a move to another router stays here.
package web

import (
	"cmp"
	"context"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	_ "time/tzdata" // the UK time zone, even on a machine without zoneinfo

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"forum/internal/auth"
	"forum/internal/cache"
	"forum/internal/forum"
	"forum/internal/store"
)

// Options configure a Server.
type Options struct {
	Store    *store.Store
	Logger   *slog.Logger
	SiteName string
	// PublicRead lets visitors who are not signed in read approved content.
	PublicRead bool
	// TimeZone is where dates are shown; the UK's by default.
	TimeZone *time.Location
	// Registry receives the server's metrics; a new one when nil.
	Registry *prometheus.Registry
	// BaseURL is the forum's public address, for links printed elsewhere.
	BaseURL string
	// Secure marks cookies Secure with the __Host- prefix (HTTPS sites).
	Secure bool
	// TrustedProxies are networks whose X-Forwarded-For is believed; with
	// none, the client is the peer of the TCP connection.
	TrustedProxies []*net.IPNet
	// SessionIdle ends a session unused for this long (default an hour).
	SessionIdle time.Duration
	// PostsPerSecond and PostBurst limit POSTs per client (defaults 2 and
	// 30); a negative PostsPerSecond turns the limit off, for benchmarks.
	PostsPerSecond float64
	PostBurst      int
	// SigninThrottle counts and slows sign-in attempts (and the passphrase
	// checks before an account change); an auth.MemoryThrottle with the
	// default policy when nil, which serves one instance.
	SigninThrottle auth.SigninThrottle
	// AutosaveEvery is how often a post being written saves itself as a
	// draft while its words change, where JavaScript runs (30 seconds by
	// default; tests make it short).
	AutosaveEvery time.Duration
}

// Server holds everything a handler needs; nothing lives in package state.
type Server struct {
	store   *store.Store
	log     *slog.Logger
	views   *renderer
	echo    *echo.Echo
	metrics *metrics
	opts    Options
	// clients hashes addresses for rate limits; signins counts sign-in
	// attempts by client hash and by pseudonym.
	clients *auth.ClientKeyer
	signins auth.SigninThrottle
	forms   *formLimits // see ratelimit.go
	// settingsKept keeps the site settings for settingsTTL, under
	// settingsGen, which an admin's change here moves on.
	settingsKept *cache.Cache[struct{}, forum.Settings]
	settingsGen  atomic.Int64
	pages        pageCache       // cache.go
	queueItems   *queueItemCache // queue_items.go
}

// The site settings are kept for a few seconds, so a page does not read
// them from the database every time; a change made on another instance
// shows here within settingsTTL.
const settingsTTL = 5 * time.Second

// siteSettings returns the current site settings.
func (s *Server) siteSettings(ctx context.Context) (forum.Settings, error) {
	gen := s.settingsGen.Load()
	if v, ok := s.settingsKept.Get(struct{}{}, gen); ok {
		return v, nil
	}
	v, err := s.store.Settings(ctx)
	if err != nil {
		return v, err
	}
	s.settingsKept.Put(struct{}{}, gen, v)
	return v, nil
}

// forgetSettings makes the next request read the settings afresh, and
// keeps none read before it.
func (s *Server) forgetSettings() { s.settingsGen.Add(1) }

// New builds the server and its routes.
func New(opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.SiteName == "" {
		opts.SiteName = "Practice Forum"
	}
	if opts.TimeZone == nil {
		london, err := time.LoadLocation("Europe/London")
		if err != nil {
			return nil, err
		}
		opts.TimeZone = london
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
	}
	if opts.SessionIdle == 0 {
		opts.SessionIdle = time.Hour
	}
	if opts.PostsPerSecond == 0 {
		opts.PostsPerSecond = 2
	}
	if opts.AutosaveEvery <= 0 {
		opts.AutosaveEvery = defaultAutosave
	}
	if opts.PostBurst == 0 {
		opts.PostBurst = 30
	}
	if opts.SigninThrottle == nil {
		opts.SigninThrottle = auth.NewMemoryThrottle(auth.DefaultThrottlePolicy(), nil, nil)
	}
	views, err := newRenderer(opts.TimeZone)
	if err != nil {
		return nil, err
	}
	s := &Server{store: opts.Store, log: opts.Logger, views: views, opts: opts, queueItems: newQueueItemCache(), pages: newPageCache(), settingsKept: cache.New[struct{}, forum.Settings](1, settingsTTL), metrics: newMetrics(opts.Registry),
		clients: auth.NewClientKeyer(24*time.Hour, nil), signins: opts.SigninThrottle,
		forms: newFormLimits(opts.PostsPerSecond, opts.PostBurst)}
	s.echo = echo.New()
	s.echo.HideBanner = true
	s.echo.HidePort = true
	// Addresses are used for nothing but throttling, through a keyed hash,
	// and come from a header the client could forge only when the header
	// was set by a proxy we were told to trust.
	s.echo.IPExtractor = echo.ExtractIPDirect()
	if len(opts.TrustedProxies) > 0 {
		trust := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, n := range opts.TrustedProxies {
			trust = append(trust, echo.TrustIPRange(n))
		}
		s.echo.IPExtractor = echo.ExtractIPFromXFFHeader(trust...)
	}
	s.echo.HTTPErrorHandler = s.handleError
	s.routes()
	return s, nil
}

// Handler is the server as an http.Handler. A HEAD request is answered as
// the GET of the same address, as HTTP asks: echo routes by the method, so
// the route runs on a copy of the request made a GET, while Go's server,
// which still holds the request it was given, sends no body.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			r = r.Clone(r.Context())
			r.Method = http.MethodGet
		}
		s.echo.ServeHTTP(w, r)
	})
}

// Route is one route of the forum: a method and a path pattern.
type Route struct {
	Method, Path string
}

// Routes lists the forum's routes, echo's own left out, so that tests (the
// authorization matrix, the anonymity walk) read them without naming echo.
// They come sorted by path, then method: echo keeps them in a map, and a
// walk in the same order every run fails the same way every run.
func (s *Server) Routes() []Route {
	var out []Route
	for _, r := range s.echo.Routes() {
		if strings.HasPrefix(r.Method, "echo_") || r.Method == echo.RouteNotFound {
			continue
		}
		out = append(out, Route{r.Method, r.Path})
	}
	slices.SortFunc(out, func(a, b Route) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.Method, b.Method))
	})
	return out
}

// MetricsHandler serves the server's metrics in Prometheus text format. It
// is not among Handler's routes: counts by route tell how many posts wait,
// reveals are asked for and accounts are erased, so it belongs on a
// listener of its own that only the operator reaches.
func (s *Server) MetricsHandler() http.Handler { return s.metrics.handler }

// page fills the common page fields for this request.
func (s *Server) page(c echo.Context, title string) Page {
	p := Page{Title: title, SiteName: s.opts.SiteName, Account: account(c), CSRF: csrfToken(c), Flash: s.takeFlash(c),
		ExitURL: forum.DefaultExitURL, Check: checkOf(c)}
	if set, err := s.siteSettings(c.Request().Context()); err == nil {
		p.ExitURL, p.WeeklyDates = set.ExitURL, set.TimeCoarseness == "week"
	} else {
		s.log.Warn("reading the site settings failed", "err", err)
	}
	if p.Account != nil {
		p.marks = s.marksFor(c, p.Account)
		ctx := c.Request().Context()
		var err error
		if p.Unread, err = s.store.UnreadNotifications(ctx, p.Account.ID); err != nil {
			s.log.Warn("counting notifications failed", "err", err)
		}
		if p.Account.IsModerator() {
			c, err := s.store.ModerationCounts(ctx, *p.Account)
			if err != nil {
				s.log.Warn("counting what waits for a moderator failed", "err", err)
			}
			p.QueueLength, p.OpenReports, p.RevealsToAgree = c.Queue, c.Reports, c.Reveals
		}
	}
	return p
}
