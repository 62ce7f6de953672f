package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
	"forum/internal/store"
)

// notificationsLimit bounds the lines of the notifications list, and how
// many read notifications it reads.
const notificationsLimit = 100

type notificationsPage struct {
	Page
	Notifications []notificationLine
}

// notificationLine is one line of the notifications list: one
// notification, or all the replies to the member in one topic that are
// alike unread (or alike read), told as one (and so the posts in a topic
// or forum they watch), so that a busy thread makes
// one line and not a dozen. A line says no more of who replied than the
// topic's bylines do: it counts the replies under each byline, and never
// groups or counts by account.
type notificationLine struct {
	// Notification is the line's newest: marking it read marks the line
	// (store.MarkNotificationsRead).
	forum.Notification
	// Replies is how many replies the line tells of.
	Replies int
	// Link is the reply to open: the line's oldest that the topic still
	// shows; 0 when it shows none of them.
	Link int64
	// Who wrote a single reply, as a sentence begins; "" when the reply is
	// no longer shown.
	Who string
	// From says, of several replies, how many are under each byline.
	From string
}

func (s *Server) notifications(c echo.Context) error {
	list, err := s.store.Notifications(c.Request().Context(), account(c).ID, notificationsLimit)
	if err != nil {
		return err
	}
	p := notificationsPage{Page: s.page(c, "Notifications"), Notifications: notificationLines(list, notificationsLimit)}
	p.Nav = "notifications"
	return s.views.render(c.Response(), http.StatusOK, "notifications", p)
}

// notificationLines makes the lines of the list from notifications, newest
// first: a topic's unread replies make one line, placed where the newest
// of them is, and its read replies another; so do the posts in a topic
// told to its watchers, apart from the replies.
func notificationLines(list []forum.Notification, limit int) []notificationLine {
	type group struct {
		kind  string
		topic int64
		read  bool
	}
	var lines []notificationLine
	at := map[group]int{}
	replies := map[int][]forum.Notification{}
	for _, n := range list {
		if n.Kind != store.NotifyReply && n.Kind != store.NotifyWatched {
			lines = append(lines, notificationLine{Notification: n, Link: n.PostID})
			continue
		}
		g := group{n.Kind, n.TopicID, n.Read}
		i, ok := at[g]
		if !ok {
			i = len(lines)
			at[g] = i
			lines = append(lines, notificationLine{Notification: n})
		}
		replies[i] = append(replies[i], n)
	}
	for i, r := range replies {
		lines[i].tell(r)
	}
	return lines[:min(len(lines), limit)]
}

// tell fills a line of replies from them, newest first.
func (l *notificationLine) tell(replies []forum.Notification) {
	l.Replies = len(replies)
	var order []string
	count := map[string]int{}
	for i := len(replies) - 1; i >= 0; i-- {
		r := replies[i]
		if l.Link == 0 && r.Replier != "" {
			l.Link = r.PostID
		}
		if count[r.Replier] == 0 {
			order = append(order, r.Replier)
		}
		count[r.Replier]++
	}
	if l.Replies == 1 {
		l.Who = replierWho(replies[0].Replier)
		return
	}
	parts := make([]string, 0, len(order))
	for _, byline := range order {
		parts = append(parts, repliesFrom(byline, count[byline]))
	}
	l.From = joinAnd(parts)
}

// replierWho names who wrote a reply, as a sentence begins, from its byline.
func replierWho(byline string) string {
	switch byline {
	case forum.AnonymousName:
		return "An anonymous practitioner"
	case forum.FormerMemberName:
		return "A former member"
	}
	return byline
}

// repliesFrom says how many replies are under one byline ("" for those no
// longer shown).
func repliesFrom(byline string, n int) string {
	switch byline {
	case "":
		return fmt.Sprintf("%d since removed", n)
	case forum.AnonymousName:
		return fmt.Sprintf("%d posted anonymously", n)
	case forum.FormerMemberName:
		if n == 1 {
			return "1 from a former member"
		}
		return fmt.Sprintf("%d from former members", n)
	}
	return fmt.Sprintf("%d from %s", n, byline)
}

// joinAnd joins phrases as a list in a sentence: "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// markReadForm is the form of Mark as read: the public id of a line's
// newest notification, or none (0) for Mark all as read. An id that is not
// a number is refused, rather than read as none, which would mark them all.
type markReadForm struct {
	ID int64 `form:"id"`
}

// markRead marks one line of notifications read, or all of them.
func (s *Server) markRead(c echo.Context) error {
	var form markReadForm
	if err := bind(c, &form); err != nil {
		return err
	}
	if err := s.store.MarkNotificationsRead(c.Request().Context(), account(c).ID, form.ID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/notifications")
}
