package web

import (
	"fmt"
	"html/template"
	"strings"
	"testing"
	"time"
)

// TestFindMarks: every mark a template writes is found with its kind and
// arguments, and nothing else is taken for one: not the words of a post
// that say "<!--m:" (escaped by then), nor a "!--m:" without its '<'.
func TestFindMarks(t *testing.T) {
	at := time.Date(2026, 12, 4, 10, 0, 0, 123456000, time.UTC)
	var nilTime *time.Time
	cases := []struct {
		name  string
		page  string
		kinds []string
		args  [][]int64
	}{
		{"none", "<p>Hello!</p><!-- a comment -->", nil, nil},
		{"one of each argument", "<p>" + string(markFunc("topic", int64(42), at)) + "</p>" + string(markFunc("all-read")) + string(markFunc("post", 7, nilTime)),
			[]string{"topic", "all-read", "post"}, [][]int64{{42, at.UnixNano()}, {}, {7, 0}}},
		{"a post's words", "<p>" + template.HTMLEscapeString("<!--m:topic:1:2-->") + " and !--m:topic:3:4--></p>", nil, nil},
		{"unclosed", "<p><!--m:topic:1:2</p>", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			marks := findMarks(c.page)
			var kinds []string
			var args [][]int64
			for _, m := range marks {
				kinds = append(kinds, m.kind)
				args = append(args, append([]int64{}, m.args...))
				if got := c.page[m.start:m.end]; !strings.HasPrefix(got, markOpen) || !strings.HasSuffix(got, markClose) {
					t.Errorf("a mark spans %q", got)
				}
			}
			if fmt.Sprint(kinds) != fmt.Sprint(c.kinds) || fmt.Sprint(args) != fmt.Sprint(c.args) {
				t.Errorf("found %v %v, want %v %v", kinds, args, c.kinds, c.args)
			}
		})
	}
}
