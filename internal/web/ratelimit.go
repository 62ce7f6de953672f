package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"forum/internal/forum"
)

// postLimit is echo's token-bucket rate limiter on every POST, keyed by the
// client's keyed hash, never its address: a person filling in forms never
// meets it, a script hammering the forum does.
func (s *Server) postLimit() echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper: func(c echo.Context) bool { return c.Request().Method != http.MethodPost || s.opts.PostsPerSecond < 0 },
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(s.opts.PostsPerSecond), Burst: s.opts.PostBurst, ExpiresIn: 5 * time.Minute,
		}),
		IdentifierExtractor: func(c echo.Context) (string, error) { return s.clients.Key(c.RealIP()), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			return &forum.Error{Code: forum.ETOOMANY, Message: "You have sent a lot in a short time. Wait a minute, then try again."}
		},
		ErrorHandler: func(c echo.Context, err error) error { return err },
	})
}
