package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// field is what the text-field and textarea-field partials need to draw
// one labelled field with its hint and error, in the GOV.UK pattern. ID is
// the element's id, which the error summary links to; it is Name unless a
// page with several forms tells their fields apart.
type field struct {
	ID, Name, Label, Value, Hint, Error string
	Type, Autocomplete, Width           string
	Spellcheck                          bool
	Rows                                int // for a textarea
}

// newField builds a field for a template. opts are "key=value" strings:
// id, type, hint, autocomplete, width, spellcheck, rows.
func newField(name, label, value string, errs forum.FieldErrors, opts ...string) field {
	f := field{ID: name, Name: name, Label: label, Value: value, Type: "text"}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "id":
			f.ID = v
		case "type":
			f.Type = v
		case "hint":
			f.Hint = v
		case "autocomplete":
			f.Autocomplete = v
		case "width":
			f.Width = v
		case "spellcheck":
			f.Spellcheck = v == "true"
		case "rows":
			f.Rows, _ = strconv.Atoi(v)
		}
	}
	f.Error = errs.For(f.ID)
	return f
}

// bind fills a form struct from the request's form by its form tags
// (echo's Bind). What Bind cannot read, such as a number that is not one,
// which only a hand-made request sends, is a 400 that says so.
func bind(c echo.Context, form any) error {
	if err := c.Bind(form); err != nil {
		return unreadable()
	}
	return nil
}

// unreadable is the refusal of a form with a field that cannot be read,
// by bind or by a form's own method that reads a field Bind keeps as text.
func unreadable() error {
	return forum.Errorf(forum.EINVALID, "Something in the form could not be read, such as a number that is not one. Go back, reload the page and send it again.")
}

// checkbox is a form's box or radio button whose value is "yes" (every
// one of the forum's yes-or-no fields sends yes): ticked when sent with
// it, not ticked when absent or sent with another value ("no").
type checkbox bool

// UnmarshalText lets echo's Bind fill a checkbox from its form field.
func (b *checkbox) UnmarshalText(v []byte) error {
	*b = string(v) == "yes"
	return nil
}

// returnForm is the field of a form that says which page to go back to
// after it: the buttons that move a pin, withdraw an announcement or watch,
// which are on several pages, and every form of the moderation queue
// (queueReturn). The queue's link to edit a post before approving it is a
// form sent by GET, with the field in its query.
type returnForm struct {
	Return string `form:"return" query:"return"`
}

// backTo reads the form's return field: the page to go back to, which
// must be one of this site's (localPath), or else fallback.
func backTo(c echo.Context, fallback string) (string, error) {
	var f returnForm
	if err := bind(c, &f); err != nil {
		return "", err
	}
	return localPath(f.Return, fallback), nil
}

// formProblem re-renders a form page after err: with its field errors in
// the summary when err carries them, or with err's message on field.
func (s *Server) formProblem(c echo.Context, page string, p *Page, data any, err error, field string) error {
	switch forum.ErrorCode(err) {
	case forum.EINVALID, forum.ECONFLICT, forum.EFORBIDDEN:
	default:
		return err
	}
	p.Errors = forum.FieldErrorsOf(err)
	p.Check = checkOf(c)
	if len(p.Errors) == 0 {
		// Not about one field (a locked topic, a suspension): the summary
		// points at the field the caller names, which the page keeps.
		p.Errors.Add(field, forum.ErrorMessage(err))
	}
	p.Title = "Error: " + p.Title
	return s.views.render(c.Response(), http.StatusUnprocessableEntity, page, data)
}

// fixable reports whether err refuses what was typed in a form's fields,
// so that the form comes back with it to be fixed; any other refusal (not
// allowed, decided already) is an error page.
func fixable(err error) bool {
	return len(forum.FieldErrorsOf(err)) > 0
}

// onPage renames the fields of err's field errors to the ids the page gives
// them: a page with several forms tells their fields apart ("reason" of the
// form to hide a post is "hide-reason" there). A field ids does not name
// keeps its name.
func onPage(err error, ids map[string]string) error {
	fe := forum.FieldErrorsOf(err)
	if len(fe) == 0 {
		return err
	}
	out := make(forum.FieldErrors, 0, len(fe))
	for _, e := range fe {
		if id, ok := ids[e.Field]; ok {
			e.Field = id
		}
		out = append(out, e)
	}
	return out.Err()
}
