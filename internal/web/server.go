// Package web is the forum's HTTP side: the echo server, its routes, one
// handler file per resource, one error handler and the page renderer. Echo
// stays inside this package so that a move to another router stays here.
package web

import (
	"log/slog"
	"net/http"
	"time"
	_ "time/tzdata" // the UK time zone, even on a machine without zoneinfo

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

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
}

// Server holds everything a handler needs; nothing lives in package state.
type Server struct {
	store   *store.Store
	log     *slog.Logger
	views   *renderer
	echo    *echo.Echo
	metrics *metrics
	opts    Options
}

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
	views, err := newRenderer(opts.TimeZone)
	if err != nil {
		return nil, err
	}
	s := &Server{store: opts.Store, log: opts.Logger, views: views, opts: opts, metrics: newMetrics(opts.Registry)}
	s.echo = echo.New()
	s.echo.HideBanner = true
	s.echo.HidePort = true
	// Addresses are never used for anything but throttling, and never
	// from a header the client can forge unless a trusted proxy is set.
	s.echo.IPExtractor = echo.ExtractIPDirect()
	s.echo.HTTPErrorHandler = s.handleError
	s.routes()
	return s, nil
}

// Handler is the server as an http.Handler.
func (s *Server) Handler() http.Handler { return s.echo }

// page fills the common page fields.
func (s *Server) page(title string) Page {
	return Page{Title: title, SiteName: s.opts.SiteName}
}
