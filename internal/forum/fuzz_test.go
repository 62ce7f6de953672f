package forum

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParseQuery: whatever a person types into the search box, the query
// holds only plain words (letters and digits), so nothing reaches a
// database's query syntax, and a message comes instead of a panic.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"housing", `"move on" -london`, `"(*`, "the of", "café NEAR/3 x*", "\u0000\"\"--", strings.Repeat("a ", 150)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, msg := ParseQuery(raw)
		if msg == "" && q.Empty() {
			t.Fatalf("ParseQuery(%q): no message and nothing to search", raw)
		}
		check := func(w string) {
			if w == "" {
				t.Fatalf("ParseQuery(%q): an empty word", raw)
			}
			for _, r := range w {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					t.Fatalf("ParseQuery(%q): word %q holds %q", raw, w, r)
				}
			}
		}
		for _, w := range append(append([]string{}, q.Words...), q.Excluded...) {
			check(w)
		}
		for _, p := range q.Phrases {
			for _, w := range p {
				check(w)
			}
		}
	})
}

// FuzzFormValidation: the checks of what people type into forms never
// panic, and what they accept is clean text within its limits.
func FuzzFormValidation(f *testing.F) {
	f.Add("Quiet Heron", "correct horse battery", "A title", "A body", "note")
	f.Add("\x00", "\xff\xfe", "\r\n\t", strings.Repeat("é", 30000), "\u202e")
	f.Fuzz(func(t *testing.T, pseudonym, passphrase, title, body, note string) {
		a := NewAccount{Pseudonym: pseudonym, Passphrase: passphrase, Role: RolePractitioner}
		if a.Validate() == nil {
			if n := utf8.RuneCountInString(a.Pseudonym); n < PseudonymMin || n > PseudonymMax {
				t.Fatalf("accepted pseudonym %q of %d characters", a.Pseudonym, n)
			}
		}
		nt := NewTopic{Title: title, Body: body, ContentNote: note}
		if nt.Validate() == nil {
			for _, s := range []string{nt.Title, nt.Body, nt.ContentNote} {
				if _, ok := CleanText(s); !ok || !utf8.ValidString(s) {
					t.Fatalf("accepted text with control characters or bad UTF-8: %q", s)
				}
			}
			if n := utf8.RuneCountInString(nt.Title); n < TitleMin || n > TitleMax {
				t.Fatalf("accepted a title of %d characters", n)
			}
		}
	})
}
