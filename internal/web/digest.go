package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
	"forum/internal/store"
)

// The weekly digest: the week's featured outcome, new topics by group and
// the expert forums coming up and live. It prints cleanly.

type digestGroup struct {
	Name   string
	ID     int64
	Topics []store.FeedEntry
}

type digestPage struct {
	Page
	Week         string // 2026-W48
	From, To     time.Time
	Current      bool
	Featured     *forum.Group
	FeaturedText forum.Settings // the settings that hold the featured text
	Groups       []digestGroup
	Experts      []expertForum
	Prev, Next   string
}

// isoWeekStart is the Monday 00:00 of ISO week (year, week) in zone.
func isoWeekStart(year, week int, zone *time.Location) time.Time {
	jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, zone)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, 7*(week-1))
}

// parseWeek reads "2026-W48"; it must name a real ISO week.
func parseWeek(s string, zone *time.Location) (time.Time, bool) {
	y, w, ok := strings.Cut(s, "-W")
	year, err1 := strconv.Atoi(y)
	week, err2 := strconv.Atoi(w)
	if !ok || err1 != nil || err2 != nil || len(y) != 4 || len(w) != 2 || week < 1 || week > 53 || year < 2000 {
		return time.Time{}, false
	}
	start := isoWeekStart(year, week, zone)
	if gy, gw := start.ISOWeek(); gy != year || gw != week {
		return time.Time{}, false // week 53 of a year with 52
	}
	return start, true
}

func weekName(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

func (s *Server) digest(c echo.Context) error {
	now := s.store.Now().In(s.opts.TimeZone)
	y, w := now.ISOWeek()
	return s.digestFor(c, isoWeekStart(y, w, s.opts.TimeZone))
}

func (s *Server) digestWeek(c echo.Context) error {
	start, ok := parseWeek(c.Param("week"), s.opts.TimeZone)
	if !ok {
		return forum.Errorf(forum.ENOTFOUND, "That is not a week we know. Weeks are written like 2026-W48.")
	}
	if start.After(s.store.Now()) {
		return forum.Errorf(forum.ENOTFOUND, "That week has not come yet.")
	}
	return s.digestFor(c, start)
}

func (s *Server) digestFor(c echo.Context, from time.Time) error {
	ctx := c.Request().Context()
	to := from.AddDate(0, 0, 7)
	now := s.store.Now()
	p := digestPage{Page: s.page(c, "Weekly digest"), Week: weekName(from), From: from, To: to.AddDate(0, 0, -1),
		Current: !now.Before(from) && now.Before(to)}
	p.Nav = "digest"
	p.Title = "Weekly digest: the week of " + from.Format("2 January 2006")
	p.Prev = "/digest/" + weekName(from.AddDate(0, 0, -7))
	if !p.Current {
		p.Next = "/digest/" + weekName(to)
	}
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return err
	}
	topics, err := s.store.TopicsPublished(ctx, from, to)
	if err != nil {
		return err
	}
	byGroup := map[int64][]store.FeedEntry{}
	for _, t := range topics {
		byGroup[t.GroupID] = append(byGroup[t.GroupID], t)
	}
	set, err := s.siteSettings(ctx)
	if err != nil {
		return err
	}
	for i, g := range groups {
		p.Groups = append(p.Groups, digestGroup{Name: g.Name, ID: g.ID, Topics: byGroup[g.ID]})
		if p.Current && g.ID == set.FeaturedGroupID {
			p.Featured, p.FeaturedText = &groups[i], set
		}
		for _, f := range g.Forums {
			// Expert forums live during the week, or coming up after it.
			var state forum.ForumState
			switch {
			case f.Kind != forum.KindExpert, f.ClosesAt != nil && !f.ClosesAt.After(from):
				continue
			case f.OpensAt != nil && f.OpensAt.Before(to):
				state = forum.StateLive
			default:
				state = forum.StateUpcoming
			}
			p.Experts = append(p.Experts, expertForum{Forum: f, State: state})
		}
	}
	return s.views.render(c.Response(), http.StatusOK, "digest", p)
}
