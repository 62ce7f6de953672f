package web_test

import (
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"forum/views"
)

// The personal-data check on every writing path (findings.go). The forms
// are not listed here: they are found on the pages, as each kind of person
// sees them, for every GET route of the router and for each state of the
// objects the router's forms act on; every free-text field in them must be
// checked, or be one of the few fields named below that nobody else reads
// as written. The templates on disk are read too, so that a form the walk
// could not reach still cannot hold an unchecked field.

// uncheckedFields are the free-text fields that are not checked, and why.
var uncheckedFields = map[string]string{
	"pseudonym": "the name a person signs with, chosen for themselves; the form tells them not to use their real name",
	"invite":    "an invite code, matched and thrown away",
	"q":         "a search, shown to no one else and never kept",
	"hosts":     "pseudonyms of accounts, each of which must exist",
	"days":      "a number",
}

// checkSample holds a phone number and a titled name, two findings of the
// check, and is long enough for every reason a form asks for.
const (
	checkSample = "Ring Mrs Popescu on 07700 900123 today"
	checkMarked = `<mark class="pii">07700 900123</mark>`
)

// pageForm is one POST form found on a page.
type pageForm struct {
	action string
	values url.Values     // what the page would send as it is
	text   []string       // its free-text fields, in order
	radios map[string]int // 1: the first taken, 2: the checked one
}

// pageForms parses the POST forms of a page.
func pageForms(t *testing.T, body string) []pageForm {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, key string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val, true
			}
		}
		return "", false
	}
	var out []pageForm
	var walk func(n *html.Node, f *pageForm)
	walk = func(n *html.Node, f *pageForm) {
		if n.Type == html.ElementNode {
			name, _ := attr(n, "name")
			_, readonly := attr(n, "readonly")
			_, disabled := attr(n, "disabled")
			switch {
			case n.Data == "form":
				if m, _ := attr(n, "method"); strings.EqualFold(m, "post") {
					action, _ := attr(n, "action")
					out = append(out, pageForm{action: action, values: url.Values{}, radios: map[string]int{}})
					f = &out[len(out)-1]
				}
			case f == nil || name == "" || disabled:
			case n.Data == "input":
				typ, _ := attr(n, "type")
				value, _ := attr(n, "value")
				_, checked := attr(n, "checked")
				switch typ {
				case "", "text":
					if !readonly {
						f.text = append(f.text, name)
					}
					f.values.Set(name, value)
				case "checkbox":
					if checked {
						f.values.Add(name, value)
					}
				case "radio":
					// A choice is made: the one checked, or else the first.
					switch {
					case checked:
						f.values.Set(name, value)
						f.radios[name] = 2
					case f.radios[name] == 0:
						f.values.Set(name, value)
						f.radios[name] = 1
					}
				case "hidden", "date", "datetime-local", "url", "number", "email", "password", "search":
					f.values.Set(name, value)
				}
			case n.Data == "textarea":
				if !readonly {
					f.text = append(f.text, name)
				}
				var b strings.Builder
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					b.WriteString(c.Data)
				}
				f.values.Set(name, b.String())
			case n.Data == "select":
				// The option selected, or else the first with a value;
				// options may be grouped (optgroup), one level down.
				var options []*html.Node
				for o := n.FirstChild; o != nil; o = o.NextSibling {
					if o.Type == html.ElementNode && o.Data == "optgroup" {
						for g := o.FirstChild; g != nil; g = g.NextSibling {
							options = append(options, g)
						}
						continue
					}
					options = append(options, o)
				}
				first := ""
				for _, o := range options {
					if o.Type != html.ElementNode || o.Data != "option" {
						continue
					}
					v, _ := attr(o, "value")
					if first == "" {
						first = v
					}
					if _, sel := attr(o, "selected"); sel {
						first = v
						break
					}
				}
				f.values.Set(name, first)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, f)
		}
	}
	walk(doc, nil)
	return out
}

// fillOthers gives the form's empty free-text fields but one some plain
// words, so that the form is refused for its personal data alone; and,
// for the content note, ticks the box without which it is not kept.
func fillOthers(f pageForm, v url.Values, except string) {
	for _, name := range f.text {
		if name != except && v.Get(name) == "" {
			v.Set(name, "Plain words about practice")
		}
	}
	if except == "content_note" || except == "" && slices.Contains(f.text, "content_note") {
		v.Set("has_note", "yes")
	}
}

// TestEveryWritingPathIsChecked: on SQLite and PostgreSQL, every free-text
// field of every form any kind of person is shown holds back words with
// personal data until the writer confirms them, showing each finding in
// the form; confirmed, the form goes through.
func TestEveryWritingPathIsChecked(t *testing.T) {
	eachServed(t, azOpts, func(t *testing.T, s served) {
		w := newAZWorld(t, s)
		expect := azExpectations()
		routes := azRoutes(t, s.srv)
		type found struct {
			role azRole
			page string
			form pageForm
		}
		var forms []found
		seen := map[string]bool{} // action pattern and field
		fields := map[string]bool{}
		actionRE := regexp.MustCompile(`/[0-9]+(/|$)`)
		// One of every object the router's forms act on, first, so that
		// the pages that list them (the queue, the reports) show their forms.
		made := map[string]bool{}
		for _, key := range routes {
			if o := expect[key].obj; strings.HasPrefix(key, http.MethodPost) && o != "" && !made[o] {
				made[o] = true
				w.object(o)
			}
		}
		for _, key := range routes {
			method, pattern, _ := strings.Cut(key, " ")
			if method != http.MethodGet || strings.Contains(pattern, "*") {
				continue
			}
			// The page in each state a form of the router acts on: first
			// in the states the forms use up, each made for them, last in
			// the page's own, which other pages share.
			var objs []string
			for _, other := range routes {
				m, p, _ := strings.Cut(other, " ")
				if o := expect[other].obj; m == http.MethodPost && o != "" && strings.Contains(pattern, ":") &&
					(p == pattern || strings.HasPrefix(p, pattern+"/")) && !slices.Contains(objs, o) {
					objs = append(objs, o)
				}
			}
			if o := expect[key].obj; !slices.Contains(objs, o) {
				objs = append(objs, o)
			}
			for _, o := range objs {
				path := pattern
				if o != "" {
					path = w.fill(pattern, w.object(o))
				}
				for r := range azRoles {
					a := w.send(r, http.MethodGet, path, nil)
					if a.status != http.StatusOK {
						continue
					}
					for _, f := range pageForms(t, a.body) {
						if len(f.text) == 0 {
							continue
						}
						shape := actionRE.ReplaceAllString(f.action, "/N$1")
						fresh := false
						for _, name := range f.text {
							fields[name] = true
							if _, ok := uncheckedFields[name]; !ok && !seen[shape+" "+name] {
								seen[shape+" "+name], fresh = true, true
							}
						}
						if fresh {
							forms = append(forms, found{r, path, f})
						}
					}
				}
			}
		}
		if len(forms) < 15 {
			t.Fatalf("the pages show only %d forms with free text", len(forms))
		}
		for _, fo := range forms {
			var checked []string
			for _, name := range fo.form.text {
				if _, ok := uncheckedFields[name]; ok {
					continue
				}
				checked = append(checked, name)
				v := url.Values{}
				for k, vv := range fo.form.values {
					v[k] = slices.Clone(vv)
				}
				fillOthers(fo.form, v, name)
				v.Set(name, checkSample)
				a := w.b[fo.role].post(fo.form.action, v)
				if a.status != http.StatusUnprocessableEntity || !strings.Contains(a.body, checkMarked) ||
					!strings.Contains(a.body, `name="confirm_pii"`) {
					t.Errorf("%s, from %s as %s: the field %q with personal data answers %d without the finding marked and a box to confirm it",
						fo.form.action, fo.page, fo.role, name, a.status)
					continue
				}
				if s := errorSummary(a.body); len(s) == 0 || !strings.HasPrefix(s[0].Field, "confirm_pii") || !hasID(a.body, s[0].Field) {
					t.Errorf("%s, field %q: the error summary %v does not lead to the confirm box", fo.form.action, name, s)
				}
				if !strings.Contains(a.body, html.EscapeString(checkSample)) {
					t.Errorf("%s, field %q: the words as written are not kept in the form", fo.form.action, name)
				}
			}
			// Confirmed, the words go through as written.
			v := url.Values{}
			for k, vv := range fo.form.values {
				v[k] = slices.Clone(vv)
			}
			fillOthers(fo.form, v, "")
			for _, name := range checked {
				v.Set(name, checkSample)
			}
			v.Set("confirm_pii", "yes")
			if a := w.b[fo.role].post(fo.form.action, v); a.status != http.StatusSeeOther {
				t.Errorf("%s, from %s as %s, confirmed: status %d, want a redirect\n%s", fo.form.action, fo.page, fo.role, a.status, mainOf(a.body))
			}
		}
		var shapes []string
		for _, fo := range forms {
			shapes = append(shapes, actionRE.ReplaceAllString(fo.form.action, "/N$1"))
		}
		t.Logf("%d forms with free text %v; their fields: %v", len(forms), shapes, slices.Sorted(maps.Keys(fields)))

		// Every free-text field of every form on disk is one the walk
		// found checked, or one of the fields nobody else reads.
		for _, name := range templateTextFields(t) {
			if _, ok := uncheckedFields[name]; ok || fields[name] {
				continue
			}
			t.Errorf("a template has a form with the free-text field %q, which no page showed and the check does not list", name)
		}
	})
}

var (
	tplFormRE     = regexp.MustCompile(`(?s)<form[^>]*method="post"[^>]*>(.*?)</form>`)
	tplTextareaRE = regexp.MustCompile(`<textarea[^>]*\bname="([a-z_]+)"[^>]*>`)
	tplInputRE    = regexp.MustCompile(`<input[^>]*>`)
	tplNameRE     = regexp.MustCompile(`\bname="([a-z_]+)"`)
	tplTypeRE     = regexp.MustCompile(`\btype="([a-z-]+)"`)
	tplFieldRE    = regexp.MustCompile(`template "(?:text|textarea)-field" \(field "([a-z_]+)"(.*)`)
)

// templateTextFields reads every template on disk for the free-text fields
// of its POST forms.
func templateTextFields(t *testing.T) []string {
	t.Helper()
	var out []string
	add := func(n string) {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	err := fs.WalkDir(views.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		data, err := fs.ReadFile(views.FS, path)
		if err != nil {
			return err
		}
		for _, form := range tplFormRE.FindAllStringSubmatch(string(data), -1) {
			body := form[1]
			if strings.Contains(body, `template "post-fields"`) {
				add("title")
				add("body")
				add("content_note")
			}
			for _, m := range tplTextareaRE.FindAllStringSubmatch(body, -1) {
				if !strings.Contains(m[0], "readonly") {
					add(m[1])
				}
			}
			for _, in := range tplInputRE.FindAllString(body, -1) {
				typ := tplTypeRE.FindStringSubmatch(in)
				name := tplNameRE.FindStringSubmatch(in)
				if name != nil && (typ == nil || typ[1] == "text") && !strings.Contains(in, "readonly") {
					add(name[1])
				}
			}
			for _, m := range tplFieldRE.FindAllStringSubmatch(body, -1) {
				if typ := regexp.MustCompile(`"type=([a-z-]+)"`).FindStringSubmatch(m[2]); typ == nil || typ[1] == "text" {
					add(m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 8 {
		t.Fatalf("the templates hold only %d free-text fields: %v", len(out), out)
	}
	return out
}
