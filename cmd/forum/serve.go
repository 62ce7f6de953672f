package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"forum/internal/auth"
	"forum/internal/config"
	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/web"
)

// shutdownGrace is how long requests in flight may take to finish after a
// stop signal before the server closes their connections.
const shutdownGrace = 20 * time.Second

func serve(ctx context.Context, e env, args []string) error {
	cfg, _, err := parse("serve", e, args, nil)
	if err != nil {
		return err
	}
	logs := newLogBuffer(e.stderr)
	defer logs.Close()
	e.log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := web.New(web.Options{Store: st, Logger: e.log, PublicRead: cfg.PublicRead,
		BaseURL: cfg.BaseURL, Secure: cfg.Secure(), TrustedProxies: cfg.TrustedProxies,
		PostsPerSecond: postsPerSecond(cfg.PostRate), TimeZone: cfg.TimeZone,
		SigninThrottle: signinThrottle(st)})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return config.ListenError(cfg.Addr, err)
	}
	mln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		ln.Close()
		return config.MetricsListenError(cfg.MetricsAddr, err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	ms := metricsServer(srv.MetricsHandler())
	e.log.Info("serving the forum", "url", "http://"+displayAddr(ln.Addr()),
		"metrics", "http://"+displayAddr(mln.Addr())+"/metrics", "database", string(st.Dialect()))
	if err := announceFirstAdmin(ctx, e, st, cfg.BaseURL); err != nil {
		return err
	}
	go purgeSessions(ctx, e, st)
	go recordSchedules(ctx, e, st)
	go st.WatchChanges(ctx, 250*time.Millisecond, 5*time.Second, func(err error) { // other instances' changes, on PostgreSQL
		e.log.Warn("not hearing other instances' changes: polling, and sessions read from the database, until listening again", "err", err)
	})
	go shareLimits(ctx, e, st, srv)
	defer func() { _ = st.LeaveInstances(context.Background()) }()
	return serveUntilDone(ctx, e, listening{hs, ln}, listening{ms, mln})
}

// signinThrottle counts sign-in failures by account where every instance
// sees them: in memory on SQLite, in the database on PostgreSQL.
func signinThrottle(st *store.Store) auth.SigninThrottle {
	if states := st.SigninStates(); states != nil {
		return auth.NewSharedThrottle(auth.DefaultThrottlePolicy(), states, nil, nil)
	}
	return auth.NewMemoryThrottle(auth.DefaultThrottlePolicy(), nil, nil)
}

// shareEvery is how often an instance says it serves and counts the
// others, so each takes its share of a client's forms.
const shareEvery = 5 * time.Second

// shareLimits keeps the count of serving instances up to date while
// serving (and forgets quiet sign-in failures): on SQLite there is one.
func shareLimits(ctx context.Context, e env, st *store.Store, srv *web.Server) {
	t := time.NewTicker(shareEvery)
	defer t.Stop()
	for {
		if n, err := st.ServingInstances(ctx, auth.DefaultThrottlePolicy().Forget); err == nil {
			srv.SetInstances(n)
		} else if ctx.Err() == nil {
			e.log.Warn("counting the serving instances failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// listening is a server and the listener it serves on.
type listening struct {
	srv *http.Server
	ln  net.Listener
}

// serveUntilDone serves each server until ctx ends (a stop signal) or one
// of them fails, then shuts them all down, letting requests in flight
// finish for up to shutdownGrace.
func serveUntilDone(ctx context.Context, e env, all ...listening) error {
	served := make(chan error, len(all))
	for _, l := range all {
		go func() { served <- l.srv.Serve(l.ln) }()
	}
	var failed error
	select {
	case failed = <-served:
		e.log.Error("a listener stopped: stopping the others", "err", failed)
	case <-ctx.Done():
		e.log.Info("stopping: letting requests in flight finish")
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	var errs []error
	for _, l := range all {
		if err := l.srv.Shutdown(sctx); err != nil {
			errs = append(errs, fmt.Errorf("shutdown: %w", err))
		}
	}
	waiting := len(all)
	if failed != nil {
		errs, waiting = append(errs, failed), waiting-1
	}
	for range waiting {
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	e.log.Info("stopped")
	return nil
}

// metricsServer serves /metrics and nothing else, for the metrics listener.
func metricsServer(metrics http.Handler) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	return &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
}

// setupLinkLifetime is how long a first-admin setup link works.
const setupLinkLifetime = 24 * time.Hour

// announceFirstAdmin logs a one-time link for creating the first admin in
// the browser, while there is no admin, and the command that does the same.
func announceFirstAdmin(ctx context.Context, e env, st *store.Store, baseURL string) error {
	n, err := st.CountAccounts(ctx, forum.RoleAdmin)
	if err != nil || n > 0 {
		return err
	}
	token, hash := auth.NewToken()
	if err := st.AddSetupToken(ctx, hash, st.Now().Add(setupLinkLifetime)); err != nil {
		return err
	}
	e.log.Info("no admin account yet: open the one-time setup link within 24 hours to create the first admin, "+
		"or run `go run ./cmd/forum user add --pseudonym NAME --role admin` (it reads the passphrase from standard input)",
		"setup_link", baseURL+"/setup/"+token)
	return nil
}

// purgeSessions deletes ended sessions, and drafts past their age
// (forum.DraftMaxAge), every few minutes while serving.
func purgeSessions(ctx context.Context, e env, st *store.Store) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := st.PurgeSessions(ctx, time.Hour); err != nil && ctx.Err() == nil {
				e.log.Warn("purging ended sessions failed", "err", err)
			}
			if _, err := st.PurgeDrafts(ctx); err != nil && ctx.Err() == nil {
				e.log.Warn("purging old drafts failed", "err", err)
			}
		}
	}
}

// scheduleCheckEvery is how often the server looks for expert forums that
// opened or closed on schedule, to write them into the moderation log.
// Readers see the change at its moment whatever this is (the state follows
// the clock); the log line carries the scheduled time, not the time found.
const scheduleCheckEvery = 15 * time.Second

// recordSchedules writes scheduled openings and closings into the
// moderation log while serving; on PostgreSQL every instance does, and
// each is written once (store.RecordScheduled).
func recordSchedules(ctx context.Context, e env, st *store.Store) {
	t := time.NewTicker(scheduleCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := st.RecordScheduled(ctx); err != nil && ctx.Err() == nil {
				e.log.Warn("recording scheduled openings and closings failed", "err", err)
			}
		}
	}
}

// displayAddr turns a listener's address into one a browser can open.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// postsPerSecond maps the setting (0: off) to the server's option (<0: off).
func postsPerSecond(rate float64) float64 {
	if rate == 0 {
		return -1
	}
	return rate
}
