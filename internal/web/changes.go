package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"unicode"

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
	var diffs []diffmatchpatch.Diff
	if a, b, tokens, ok := wordRunes(old, new); ok {
		// Word by word: each word (or space, or mark) is one rune of a
		// private alphabet, so the differences fall between words, as a
		// person reads them, and are spelled out again after.
		for _, d := range dmp.DiffCleanupSemantic(dmp.DiffMainRunes(a, b, false)) {
			var text strings.Builder
			for _, r := range d.Text {
				text.WriteString(tokens[wordIndex(r)])
			}
			diffs = append(diffs, diffmatchpatch.Diff{Type: d.Type, Text: text.String()})
		}
	} else {
		diffs = dmp.DiffCleanupSemantic(dmp.DiffMain(old, new, false))
	}
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
	var form reasonForm
	if err := bind(c, &form); err != nil {
		return err
	}
	typed := form.Reason
	reason, err := form.checked(c, fmt.Sprintf("change-%d", id))
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

// The private alphabet of wordRunes: Unicode's private use areas, the one
// in the basic plane and then planes 15 and 16.
const (
	bmpPrivate      = 0xE000
	bmpPrivateSize  = 0xF8FF - 0xE000 + 1
	planePrivate    = 0xF0000
	planePrivateMax = 0x10FFFD - 0xF0000 + 1
)

func wordRune(i int) rune {
	if i < bmpPrivateSize {
		return rune(bmpPrivate + i)
	}
	return rune(planePrivate + i - bmpPrivateSize)
}

func wordIndex(r rune) int {
	if r >= planePrivate {
		return int(r-planePrivate) + bmpPrivateSize
	}
	return int(r - bmpPrivate)
}

// wordRunes spells old and new as runes of a private alphabet, one rune a
// token (a word, a run of spaces, or one other character), with the
// tokens the runes stand for; false when there are more distinct tokens
// than the alphabet has.
func wordRunes(old, new string) (a, b []rune, tokens []string, ok bool) {
	index := map[string]int{}
	spell := func(s string) []rune {
		var out []rune
		for _, tok := range wordTokens(s) {
			i, seen := index[tok]
			if !seen {
				i = len(tokens)
				index[tok] = i
				tokens = append(tokens, tok)
			}
			out = append(out, wordRune(i))
		}
		return out
	}
	a, b = spell(old), spell(new)
	return a, b, tokens, len(tokens) <= bmpPrivateSize+planePrivateMax
}

// wordTokens cuts text into words (letters, digits and apostrophes), runs
// of white space, and single other characters.
func wordTokens(text string) []string {
	var out []string
	kind := func(r rune) int {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’':
			return 1
		case unicode.IsSpace(r):
			return 2
		}
		return 0
	}
	start, last := 0, -1
	for i, r := range text {
		k := kind(r)
		if i > start && (k != last || k == 0) {
			out = append(out, text[start:i])
			start = i
		}
		last = k
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}
