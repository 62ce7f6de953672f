package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/cache"
)

// The public pages a visitor reads are the same for every visitor, so they
// are rendered once and served from memory until something readers can see
// changes: the store's generation moves on (an approval, a hide, a pin, an
// edit, an erasure, on this instance or, through PostgreSQL, on another),
// the clock reaches a change that needs no write (an expert forum opening
// or closing on schedule, a pin ending: store.NextChange), or a minute
// passes, which bounds how stale anything else that follows the clock can
// be. Signed-in members are never served from it: their pages carry their
// own name, counts and form tokens.

const (
	pageCacheTTL     = time.Minute
	pageCacheEntries = 4096
	pageCacheMaxBody = 512 << 10
	// pageCacheBytes bounds what the pages kept hold in all: searches
	// for ever new words each add a page, and 4,096 of them at up to
	// 512 KB each could grow without a useful bound.
	pageCacheBytes = 32 << 20
)

type cachedPage struct {
	// until is the store's time at which the page changes by the clock
	// alone; zero when nothing is scheduled.
	until       time.Time
	contentType string
	body        []byte
	fragment    *fragment // a members' fragment instead of a whole page
}

// size is roughly what p holds.
func (p *cachedPage) size() int {
	n := len(p.body)
	if p.fragment != nil {
		n += len(p.fragment.HTML)
	}
	return n
}

// pageCache keeps pages (and members' fragments) by key, each under the
// store's generation its request began in.
type pageCache struct {
	kept *cache.Cache[string, *cachedPage]
}

func newPageCache() pageCache {
	return pageCache{kept: cache.New[string, *cachedPage](pageCacheEntries, pageCacheTTL).WithCost(pageCacheBytes, (*cachedPage).size)}
}

// get is the page kept under key, if it is still good in generation gen
// at the store's time now.
func (pc pageCache) get(key string, gen int64, now time.Time) *cachedPage {
	p, ok := pc.kept.Get(key, gen)
	if !ok || (!p.until.IsZero() && !now.Before(p.until)) {
		return nil
	}
	return p
}

// recorder keeps a copy of what a handler writes, to cache it.
type recorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.buf.Len()+len(b) <= pageCacheMaxBody {
		r.buf.Write(b)
	}
	return r.ResponseWriter.Write(b)
}

// cacheForVisitors serves visitors' GETs of public pages from memory. It
// notes, for every reading request, when the request began (startRead).
func (s *Server) cacheForVisitors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		start := s.startRead(c)
		if req.Method != http.MethodGet || session(c) != nil || hasCookie(req, s.cookieName("flash")) || hasCookie(req, s.cookieName("session")) {
			return next(c)
		}
		key := req.URL.RequestURI()
		if p := s.pages.get(key, start.gen, start.at); p != nil {
			h := c.Response().Header()
			h.Set("Content-Type", p.contentType)
			h.Set("Content-Length", strconv.Itoa(len(p.body)))
			c.Response().WriteHeader(http.StatusOK)
			_, err := c.Response().Write(p.body)
			return err
		}
		rec := &recorder{ResponseWriter: c.Response().Writer, status: http.StatusOK}
		c.Response().Writer = rec
		err := next(c)
		c.Response().Writer = rec.ResponseWriter
		if err == nil && rec.status == http.StatusOK && rec.buf.Len() > 0 && rec.buf.Len() < pageCacheMaxBody &&
			!s.setsPrivateCookie(c.Response().Header()) {
			s.keepPage(c, key, &cachedPage{contentType: c.Response().Header().Get("Content-Type"),
				body: bytes.Clone(rec.buf.Bytes())})
		}
		return err
	}
}

// readStart is what a reading request saw as it began: the store's
// generation and its clock. What the request reads from the store is at
// least as new as that, so a page made from it is kept under that
// generation, until the first change the clock brings after that time.
type readStart struct {
	gen int64
	at  time.Time
}

const readStartKey = "forum.readStart"

// startRead notes when a reading request began.
func (s *Server) startRead(c echo.Context) readStart {
	r := readStart{gen: s.store.Generation(), at: s.store.Now()}
	c.Set(readStartKey, r)
	return r
}

// keepPage keeps p under key for the request c: in the generation it began
// in, until the clock's next change after it began. A page whose next
// change cannot be read is not kept.
func (s *Server) keepPage(c echo.Context, key string, p *cachedPage) {
	start, ok := c.Get(readStartKey).(readStart)
	if !ok {
		return // not a reading route: nothing says when it began
	}
	until, err := s.store.NextChange(c.Request().Context(), start.at)
	if err != nil {
		return
	}
	p.until = until
	s.pages.kept.Put(key, start.gen, p)
}

func hasCookie(r *http.Request, name string) bool {
	_, err := r.Cookie(name)
	return err == nil
}

// setsPrivateCookie reports whether an answer sets a session or flash
// cookie, which must never be served to anyone else. The form-token cookie
// is set on every answer and is not part of the page.
func (s *Server) setsPrivateCookie(h http.Header) bool {
	for _, v := range h.Values("Set-Cookie") {
		if !strings.HasPrefix(v, s.cookieName("csrf")+"=") {
			return true
		}
	}
	return false
}
