package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/sergi/go-diff/diffmatchpatch"

	"forum/internal/forum"
)

// Changes to published posts (store/postedits.go). An author changes their
// published post from "Your posts" with the same form as a waiting one
// (myposts.go); the change waits at the top of the moderation queue, shown
// as what changed, and a moderator approves or declines it.

// changesShown bounds the changes the queue's first page shows.
const changesShown = 20

// changeView is a waiting change as the queue shows it.
type changeView struct {
	forum.PostChange
	// Title, Body and Note are the differences, marked; empty when that
	// part did not change.
	Title, Body, Note template.HTML
	// Findings are what the personal-data check finds in the new words.
	Findings []finding
	// Decline is the decline form as the moderator sent it, when it came
	// back to be fixed.
	Decline changeDecline
}

// changeDecline is a change's decline form sent back to be fixed.
type changeDecline struct {
	Open          bool
	Reason, Error string
	Check         checkView
}

func newChangeView(ch forum.PostChange) changeView {
	v := changeView{PostChange: ch}
	if ch.Opening && ch.OldTitle != ch.NewTitle {
		v.Title = diffHTML(ch.OldTitle, ch.NewTitle)
	}
	v.Body = diffHTML(ch.OldBody, ch.NewBody)
	if ch.OldNote != ch.NewNote {
		v.Note = diffHTML(ch.OldNote, ch.NewNote)
	}
	fields := []words{{"body", "post", ch.NewBody}, {"content_note", "content note", ch.NewNote}}
	if ch.Opening {
		fields = append([]words{{"title", "title", ch.NewTitle}}, fields...)
	}
	v.Findings = findingsIn(fields...)
	return v
}

// diffHTML shows the words of old and new, what was taken out struck
// through and what was put in marked: in <del> and <ins>, each with words
// for screen readers, which do not announce the two elements.
func diffHTML(old, new string) template.HTML {
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMain(old, new, false))
	var b strings.Builder
	for _, d := range diffs {
		text := template.HTMLEscapeString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			b.WriteString(text)
		case diffmatchpatch.DiffDelete:
			b.WriteString(`<del><span class="visually-hidden">[removed: </span>` + text + `<span class="visually-hidden">]</span></del>`)
		case diffmatchpatch.DiffInsert:
			b.WriteString(`<ins><span class="visually-hidden">[added: </span>` + text + `<span class="visually-hidden">]</span></ins>`)
		}
	}
	return template.HTML(b.String())
}

// changesFor fills the queue page's changes: on its first page only.
func (s *Server) changesFor(c echo.Context, p *queuePage, open int64, decline changeDecline) error {
	if p.Filter.After != 0 {
		return nil
	}
	list, err := s.store.PendingChanges(c.Request().Context(), *account(c), changesShown)
	if err != nil {
		return err
	}
	for _, ch := range list {
		v := newChangeView(ch)
		if ch.PostID == open {
			v.Decline = decline
		}
		p.Changes = append(p.Changes, v)
	}
	return nil
}

func (s *Server) approveChange(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.ApproveChange(c.Request().Context(), *account(c), id); err != nil {
		return err
	}
	s.flash(c, "change-approved")
	return c.Redirect(http.StatusSeeOther, "/mod/queue#changes")
}

func (s *Server) declineChange(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	typed := c.FormValue("reason")
	reason, _ := forum.CleanText(typed)
	_, err = checkWords(c, fmt.Sprintf("change-%d", id), words{"reason", "reason", reason})
	if err == nil {
		err = s.store.DeclineChange(c.Request().Context(), *account(c), id, reason)
	}
	if err != nil {
		if !fixable(err) {
			return err
		}
		p, perr := s.queuePage(c, queueFilterOf(nil), nil, false)
		if perr != nil {
			return perr
		}
		fe := forum.FieldErrorsOf(err)
		d := changeDecline{Open: true, Reason: typed, Error: fe.For("reason")}
		if check := checkOf(c); len(check.Findings) > 0 {
			d.Check = checkView{wordsCheck: check, Error: fe.For(check.ConfirmID())}
		}
		p.Changes = nil
		if err := s.changesFor(c, &p, id, d); err != nil {
			return err
		}
		return s.formProblem(c, "queue", &p.Page, &p, onPage(err, map[string]string{"reason": fmt.Sprintf("change-reason-%d", id)}), "")
	}
	s.flash(c, "change-declined")
	return c.Redirect(http.StatusSeeOther, "/mod/queue#changes")
}
