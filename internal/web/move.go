package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
	"forum/internal/store"
)

// Moving a topic to another forum: reached from the topic page's
// moderator tools and from the moderation page of its opening post.

// moveForm is the move form as sent: the forum the topic was in when the
// page was shown, the forum chosen, and an optional reason (free text).
type moveForm struct {
	From   string `form:"from"`
	To     string `form:"to"` // empty until a forum is chosen
	Reason string `form:"reason"`
}

// move is the move the form asks for, its forums by id (To 0 while none
// is chosen). The ids are kept as text for the page, which shows the form
// again as sent; one that is not a number, which only a hand-made form
// sends, is refused rather than taken for no forum (From 0 would say that
// another moderator had moved the topic).
func (f moveForm) move() (store.TopicMove, error) {
	m := store.TopicMove{Reason: f.Reason}
	var err error
	if m.From, err = strconv.ParseInt(f.From, 10, 64); err != nil {
		return m, unreadable()
	}
	if f.To == "" {
		return m, nil
	}
	if m.To, err = strconv.ParseInt(f.To, 10, 64); err != nil {
		return m, unreadable()
	}
	return m, nil
}

type movePage struct {
	Page
	Topic store.TopicToMove
	// Groups are the groups the moderator moderates, each with the
	// forums the topic could go to.
	Groups []forum.Group
	Form   moveForm
}

func (s *Server) movePage(c echo.Context) (movePage, error) {
	ctx := c.Request().Context()
	id, err := idParam(c, "id")
	if err != nil {
		return movePage{}, err
	}
	me := *account(c)
	t, err := s.store.TopicToMove(ctx, me, id)
	if err != nil {
		return movePage{}, err
	}
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return movePage{}, err
	}
	p := movePage{Page: s.page(c, "Move the topic "+t.Title), Topic: t, Form: moveForm{From: strconv.FormatInt(t.ForumID, 10)}}
	for _, g := range groups {
		if !me.Moderates(g.ID) {
			continue
		}
		var forums []forum.Forum
		for _, f := range g.Forums {
			if f.ID != t.ForumID && f.Kind != forum.KindExpert {
				forums = append(forums, f)
			}
		}
		if len(forums) > 0 {
			g.Forums = forums
			p.Groups = append(p.Groups, g)
		}
	}
	p.Nav = "mod"
	p.Breadcrumbs = []Crumb{{"Moderation", "/mod/queue"}, {t.Title, s.movedTo(t)}, {"Move the topic", ""}}
	return p, nil
}

// movedTo is where a moderator goes after moving a topic, or back from the
// page: the topic when readers see it, or else its opening post's
// moderation page.
func (s *Server) movedTo(t store.TopicToMove) string {
	if t.Status == forum.StatusApproved || t.OpeningID == 0 {
		return fmt.Sprintf("/t/%d", t.ID)
	}
	return fmt.Sprintf("/mod/posts/%d", t.OpeningID)
}

func (s *Server) moveTopicForm(c echo.Context) error {
	p, err := s.movePage(c)
	if err != nil {
		return err
	}
	return s.views.render(c.Response(), http.StatusOK, "move_topic", p)
}

func (s *Server) moveTopic(c echo.Context) error {
	p, err := s.movePage(c)
	if err != nil {
		return err
	}
	var form moveForm
	if err := bind(c, &form); err != nil {
		return err
	}
	move, err := form.move()
	if err != nil {
		return err
	}
	// The reason goes to the moderation log, which moderators read.
	_, err = checkWords(c, "", words{"reason", "reason", form.Reason})
	if err == nil {
		err = s.store.MoveTopic(c.Request().Context(), *account(c), p.Topic.ID, move)
	}
	if err != nil {
		if forum.ErrorCode(err) != forum.ECONFLICT {
			p.Form = form // keep what they chose; on a conflict, show where it is now
		}
		return s.formProblem(c, "move_topic", &p.Page, &p, err, "to")
	}
	s.flash(c, "topic-moved")
	return c.Redirect(http.StatusSeeOther, s.movedTo(p.Topic))
}
