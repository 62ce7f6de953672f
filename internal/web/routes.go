package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// routes lists every route of the forum in one place.
func (s *Server) routes() {
	e := s.echo
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusMovedPermanently}))
	e.Use(s.observe, s.recoverPanics, securityHeaders, middleware.BodyLimit("512K"))

	// Operations.
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", echo.WrapHandler(s.metrics.handler))
	e.GET("/static/*", s.staticFile)

	// Reading.
	e.GET("/", s.home)
	e.GET("/g/:id", s.group)
	e.GET("/f/:id", s.forum)
	e.GET("/t/:id", s.topic)

	// About the site.
	e.GET("/privacy", s.textPage("privacy", "Privacy"))
	e.GET("/accessibility", s.textPage("accessibility", "Accessibility statement"))
}
