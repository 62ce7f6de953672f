package web

import (
	"html/template"
	"strconv"
	"strings"

	"forum/internal/pii"
)

// finding is one possible piece of personal data, as forms and the queue
// show it: in which field, what it looks like, why it matters.
type finding struct {
	Field       string // "title" or "body"
	Start, End  int
	Text        string
	Label       string
	Explanation string
}

// findingsIn runs the personal-data check over a post's title and body.
func findingsIn(title, body string) []finding {
	var out []finding
	for _, f := range []struct{ name, text string }{{"title", title}, {"body", body}} {
		for _, x := range pii.Check(f.text) {
			out = append(out, finding{Field: f.name, Start: x.Start, End: x.End, Text: f.text[x.Start:x.End],
				Label: x.Label, Explanation: x.Explanation})
		}
	}
	return out
}

// highlight shows text with each of its findings marked. It is, with
// postHTML, one of the two places that make trusted HTML: every byte of
// text goes through the escaper and only <mark> is added around it.
func highlight(field, text string, fs []finding) template.HTML {
	var b strings.Builder
	at := 0
	for i, f := range fs {
		if f.Field != field || f.Start < at || f.End > len(text) {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[at:f.Start]))
		b.WriteString(`<mark class="pii" id="finding-` + strconv.Itoa(i+1) + `">`)
		b.WriteString(template.HTMLEscapeString(text[f.Start:f.End]))
		b.WriteString(`</mark>`)
		at = f.End
	}
	b.WriteString(template.HTMLEscapeString(text[at:]))
	return template.HTML(b.String())
}
