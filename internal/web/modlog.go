package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"forum/internal/store"
)

// The moderation log: every moderator's and admin's action, newest first.

// logPageSize is how many log lines a page shows.
const logPageSize = 100

type modLogPage struct {
	Page
	Entries    []store.LogEntry
	Pagination Pagination
}

func (s *Server) modLog(c echo.Context) error {
	before, _ := strconv.ParseInt(c.QueryParam("before"), 10, 64)
	entries, err := s.store.ModLog(c.Request().Context(), *account(c), before, logPageSize)
	if err != nil {
		return err
	}
	p := modLogPage{Page: s.page(c, "Moderation log"), Entries: entries}
	p.Nav = "log"
	if len(entries) == logPageSize {
		p.Pagination = Pagination{Label: "Pages of the log", What: "the log",
			Next: fmt.Sprintf("/mod/log?before=%d", entries[len(entries)-1].ID)}
	}
	return s.views.render(c.Response(), http.StatusOK, "mod_log", p)
}
