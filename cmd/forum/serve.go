package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"forum/internal/config"
	"forum/internal/forum"
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
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := web.New(web.Options{Store: st, Logger: e.log, PublicRead: cfg.PublicRead})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return config.ListenError(cfg.Addr, err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	e.log.Info("serving the forum", "url", "http://"+displayAddr(ln.Addr()), "database", string(st.Dialect()))
	announceFirstAdmin(ctx, e, st)

	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	e.log.Info("stopping: letting requests in flight finish")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	e.log.Info("stopped")
	return nil
}

// announceFirstAdmin tells the operator how to make the first admin while
// there is none.
func announceFirstAdmin(ctx context.Context, e env, st interface {
	CountAccounts(context.Context, forum.Role) (int64, error)
}) {
	n, err := st.CountAccounts(ctx, forum.RoleAdmin)
	if err != nil || n > 0 {
		return
	}
	e.log.Info("no admin account yet: create the first one with " +
		"`go run ./cmd/forum user add --pseudonym NAME --role admin` " +
		"(it reads the passphrase from standard input)")
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
