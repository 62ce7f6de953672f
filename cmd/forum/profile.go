//go:build profile

package main

// Built with -tags profile, the forum serves Go's profiles on
// 127.0.0.1:6060 (or FORUM_PROFILE_ADDR) for measuring its speed, as
// docs/PERFORMANCE.md describes. Never in a normal build: the profiles
// show memory, and memory holds posts.

import (
	"log/slog"
	"net/http"
	_ "net/http/pprof"
	"os"
)

func init() {
	addr := os.Getenv("FORUM_PROFILE_ADDR")
	if addr == "" {
		addr = "127.0.0.1:6060"
	}
	go func() {
		slog.Info("profiles served", "addr", addr)
		if err := http.ListenAndServe(addr, nil); err != nil {
			slog.Error("profiles", "err", err)
		}
	}()
}
