package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// field is what the text-field partial needs to draw one labelled input
// with its hint and error, in the GOV.UK pattern.
type field struct {
	Name, Label, Value, Hint, Error string
	Type, Autocomplete, Width       string
	Spellcheck                      bool
}

// newField builds a field for a template. opts are "key=value" strings:
// type, hint, autocomplete, width.
func newField(name, label, value string, errs forum.FieldErrors, opts ...string) field {
	f := field{Name: name, Label: label, Value: value, Error: errs.For(name), Type: "text"}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
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
		}
	}
	return f
}

// formValue reads a form field, trimmed of surrounding space.
func formValue(c echo.Context, name string) string {
	return strings.TrimSpace(c.FormValue(name))
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
	if len(p.Errors) == 0 {
		// Not about one field (a locked topic, a suspension): the summary
		// points at the field the caller names, which the page keeps.
		p.Errors.Add(field, forum.ErrorMessage(err))
	}
	p.Title = "Error: " + p.Title
	return s.views.render(c.Response(), http.StatusUnprocessableEntity, page, data)
}
