package web

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// idParam reads a positive id from the path; anything else is a 404, the
// same answer as an id that does not exist.
func idParam(c echo.Context, name string) (int64, error) {
	return parseID(c.Param(name))
}

// parseID reads a positive id from an address or a form (a reply's "to");
// anything else is forum.ErrNotFound, as for an id that does not exist.
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, forum.ErrNotFound
	}
	return id, nil
}

// pageLink is the URL of another page of the same list; base may have a
// query of its own (a filter).
func pageLink(base, key, cursor string) string {
	if cursor == "" {
		return ""
	}
	if strings.Contains(base, "?") {
		return base + "&" + key + "=" + cursor
	}
	return base + "?" + key + "=" + cursor
}
