package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// Notes between moderators on a post: added and read on the post's
// moderation page (modposts.go), counted in its queue entry.

// modNoteForm is the note form as sent: the note (free text) and the
// form's one-time key against sending it twice.
type modNoteForm struct {
	Note       string `form:"note"`
	Submission string `form:"submission"`
}

// addModNote adds a note for the other moderators to a post.
func (s *Server) addModNote(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var form modNoteForm
	if err := bind(c, &form); err != nil {
		return err
	}
	// The other moderators read it.
	_, err = checkWords(c, "note", words{"note", "note", form.Note})
	if err == nil {
		err = s.store.AddModNote(c.Request().Context(), *account(c), id, form.Note, form.Submission)
	}
	if err != nil {
		return s.modPostProblem(c, id, err, map[string]string{"note": "mod-note"},
			func(f *modPostForms) { f.Note = form.Note; f.NoteSubmission = form.Submission })
	}
	s.flash(c, "note-added")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/mod/posts/%d#notes", id))
}
