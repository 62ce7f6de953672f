package web

import (
	"strings"
	"testing"
)

// TestDiffHTMLMarksWholeWords: a change is shown word by word, escaped.
func TestDiffHTMLMarksWholeWords(t *testing.T) {
	cases := []struct {
		name, old, new string
		want           []string
		absent         []string
	}{
		{"a word changed", "We keep a room for sixty days.", "We keep a room for ninety days.",
			[]string{"We keep a room for <del>", "sixty", "<ins>", "ninety", "</ins> days."}, []string{">six<", ">nine<"}},
		{"nothing changed", "Same words.", "Same words.", []string{"Same words."}, []string{"<del>", "<ins>"}},
		{"markup escaped", "Plain.", "Plain. <script>alert(1)</script>", []string{"&lt;script&gt;"}, []string{"<script>"}},
		{"a line added", "One.\nTwo.", "One.\nOne and a half.\nTwo.", []string{"<ins>", "One and a half."}, []string{"<del>"}},
	}
	for _, c := range cases {
		got := string(diffHTML(c.old, c.new))
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", c.name, got, w)
			}
		}
		for _, w := range c.absent {
			if strings.Contains(got, w) {
				t.Errorf("%s: %q holds %q", c.name, got, w)
			}
		}
	}
}
