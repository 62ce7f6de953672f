package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// Watching a topic or a forum (store/watches.go): any signed-in member may
// watch what they may read, expert forums included, and stop from the
// topic or forum page or from a notification the watch brought. Each form
// says where to return (a page of this site only); the topic or forum page
// is the default.

// watchAction is one of the four forms: on a topic (by its public id) or a
// forum, to watch or to stop.
type watchAction struct {
	on    string // "t" or "f"
	watch bool
}

func (s *Server) watchHandler(on string, watch bool) echo.HandlerFunc {
	a := watchAction{on, watch}
	return func(c echo.Context) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		back, err := backTo(c, fmt.Sprintf("/%s/%d", a.on, id))
		if err != nil {
			return err
		}
		if err := a.do(s, c.Request().Context(), account(c).ID, id); err != nil {
			return err
		}
		s.flash(c, a.flashKey())
		return c.Redirect(http.StatusSeeOther, back)
	}
}

func (a watchAction) do(s *Server, ctx context.Context, accountID, id int64) error {
	switch {
	case a.on == "t" && a.watch:
		return s.store.WatchTopic(ctx, accountID, id)
	case a.on == "t":
		return s.store.UnwatchTopic(ctx, accountID, id)
	case a.watch:
		return s.store.WatchForum(ctx, accountID, id)
	}
	return s.store.UnwatchForum(ctx, accountID, id)
}

func (a watchAction) flashKey() string {
	what := map[string]string{"t": "topic", "f": "forum"}[a.on]
	if a.watch {
		return "watching-" + what
	}
	return "unwatched-" + what
}

// watchControl is the Watch or Stop watching button of a topic's or a
// forum's page, for the member reading it (views/partials/watch.html).
type watchControl struct {
	Path     string // the topic's or forum's page
	What     string // "topic" or "forum"
	Watching bool
	// ViaForum: not watching the topic, they watch its forum, and so are
	// told of its posts all the same.
	ViaForum bool
	CSRF     string
}

// watchControl settles a watch mark (marks.go) for the member.
func (mm *memberMarks) watchControl(m mark) (watchControl, error) {
	id := m.arg(0)
	if m.kind == markWatchForum {
		watching, err := mm.s.store.WatchesForum(mm.ctx, mm.me.ID, id)
		return watchControl{Path: fmt.Sprintf("/f/%d", id), What: "forum", Watching: watching, CSRF: mm.csrf}, err
	}
	st, err := mm.s.store.TopicWatchState(mm.ctx, mm.me.ID, id, m.arg(1))
	return watchControl{Path: fmt.Sprintf("/t/%d", id), What: "topic", Watching: st.Topic, ViaForum: st.Forum && !st.Topic,
		CSRF: mm.csrf}, err
}
