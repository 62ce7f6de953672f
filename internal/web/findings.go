package web

import (
	"html/template"
	"strings"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// Every text a person writes that someone else will read passes through
// checkWords: a post's title, body and content note, an announcement, a
// moderator's edit, a reason or note a member or moderator will read, the
// names and descriptions of groups and forums. The check warns; it never
// changes what was written. A form whose words hold possible personal data
// comes back with each finding highlighted in its field and a box to tick
// ("it is safe to publish"); sent again with the box ticked, it goes through.
// checking_test.go finds the forms from the pages and proves each of their
// free-text fields is checked, so a new form cannot forget.

// words is one free-text field of a form.
type words struct {
	Field string // the field's name in the form
	Label string // what the page calls it, for the list of findings: "title", "reason"
	Text  string
}

// finding is one possible piece of personal data, as forms and the queue
// show it: in which field, what it looks like, why it matters.
type finding struct {
	Field       string // the form field's name: "title", "body", "content_note", "reason"…
	FieldLabel  string
	Start, End  int
	Text        string
	Label       string
	Explanation string
}

// wordsCheck is what the check found in one form's fields. The page that
// shows the form again keeps it (Page.Check), and the "words-check"
// partial in that form draws the findings and the box that confirms them.
type wordsCheck struct {
	// Form tells apart the forms of a page with several ("hide",
	// "suspend"); "" on a page of one form.
	Form      string
	Fields    []words
	Findings  []finding
	Confirmed bool
}

// ConfirmID is the id of the form's confirm box, which the error summary
// links to.
func (w wordsCheck) ConfirmID() string {
	if w.Form == "" {
		return "confirm_pii"
	}
	return "confirm_pii-" + w.Form
}

// Marked returns a field's text with its findings highlighted.
func (w wordsCheck) Marked(field string) template.HTML {
	for _, f := range w.Fields {
		if f.Field == field {
			return highlight(field, f.Text, w.Findings)
		}
	}
	return ""
}

// WithFindings lists the fields that have findings, in form order.
func (w wordsCheck) WithFindings() []words {
	var out []words
	for _, f := range w.Fields {
		for _, x := range w.Findings {
			if x.Field == f.Field {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// checkedKey is where a request keeps its form's check, for the page that
// shows the form again (formProblem, or a preview's page).
const checkedKey = "words-check"

// unconfirmedMessage is the error the summary shows for findings not yet
// confirmed.
const unconfirmedMessage = "Check the details highlighted below: remove anything that could identify someone, or confirm that it is safe to publish"

// checkWords runs the personal-data check over the free-text fields a form
// sent; form names the form on its page ("" when the page has one). It
// refuses, as an error on the form's confirm box, when something was found
// and the writer has not ticked the box; the findings stay with the request
// for the page that shows the form again.
func checkWords(c echo.Context, form string, fields ...words) (wordsCheck, error) {
	var confirm confirmForm
	if err := bind(c, &confirm); err != nil {
		return wordsCheck{}, err
	}
	w := wordsCheck{Form: form, Fields: fields, Findings: findingsIn(fields...), Confirmed: bool(confirm.Confirmed)}
	c.Set(checkedKey, w)
	if len(w.Findings) == 0 || w.Confirmed {
		return w, nil
	}
	var fe forum.FieldErrors
	fe.Add(w.ConfirmID(), unconfirmedMessage)
	return w, fe.Err()
}

// confirmForm is the box, in every form whose words are checked, that the
// writer ticks to say what the check found is safe to publish. It is read
// here rather than in each form's struct, as checkWords is the one reader.
type confirmForm struct {
	Confirmed checkbox `form:"confirm_pii"`
}

// checkOf is the check made of this request's form, if any.
func checkOf(c echo.Context) wordsCheck {
	w, _ := c.Get(checkedKey).(wordsCheck)
	return w
}

// findingsIn runs the personal-data check over fields.
func findingsIn(fields ...words) []finding {
	var out []finding
	for _, f := range fields {
		for _, x := range forum.PersonalData(f.Text) {
			out = append(out, finding{Field: f.Field, FieldLabel: f.Label, Start: x.Start, End: x.End,
				Text: f.Text[x.Start:x.End], Label: x.Label, Explanation: x.Explanation})
		}
	}
	return out
}

// checkView is what the "words-check" partial draws inside one form: the
// page's check when it is this form's, and the error on its box.
type checkView struct {
	wordsCheck
	Error string
}

// checkFor is the template function that hands a form its check: the
// page's, when the page came back from this form with findings.
func checkFor(p Page, form string) checkView {
	if p.Check.Form != form || len(p.Check.Findings) == 0 {
		return checkView{wordsCheck: wordsCheck{Form: form}}
	}
	return checkView{wordsCheck: p.Check, Error: p.Errors.For(p.Check.ConfirmID())}
}

// highlight shows text with each of its findings marked. It is, with
// postHTML, one of the two places that make trusted HTML: every byte of
// text goes through the escaper and only <mark> is added around it.
func highlight(field, text string, fs []finding) template.HTML {
	var b strings.Builder
	at := 0
	for _, f := range fs {
		if f.Field != field || f.Start < at || f.End > len(text) {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[at:f.Start]))
		b.WriteString(`<mark class="pii">`)
		b.WriteString(template.HTMLEscapeString(text[f.Start:f.End]))
		b.WriteString(`</mark>`)
		at = f.End
	}
	b.WriteString(template.HTMLEscapeString(text[at:]))
	return template.HTML(b.String())
}
