package pii

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// asciiLower lower-cases ASCII letters only, so the result has exactly the
// same length as s and offsets found in it are offsets into s. Keyword
// searches run on it; nothing shown to people comes from it.
func asciiLower(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// isDigit, isAlpha, isAlnum, isUpper and upper look at single ASCII bytes.
// Every code the check looks for is written in ASCII, so byte tests are
// enough there and much cheaper than decoding runes; names and word
// boundaries, which can be in any script, decode runes instead.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isAlpha reports whether c is an ASCII letter.
func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// isAlnum reports whether c is an ASCII letter or digit.
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }

// isUpper reports whether c is an ASCII capital.
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// upper capitalises an ASCII letter and leaves any other byte alone.
func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// isWordRune is what counts as part of a word for boundary checks: letters
// (any script), digits and the underscore. Boundaries are checked on runes,
// not bytes, so that "Ştefan" or "café" is one word and a curly quote is not.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// wordBefore reports whether the character just before s[i] is part of a
// word, which means s[i] is not at the start of one.
func wordBefore(s string, i int) bool {
	if i <= 0 {
		return false
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		return c == '_' || isAlnum(c)
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isWordRune(r)
}

// wordAt reports whether s[i] starts a word character, which means a match
// ending at i would end in the middle of a word.
func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return c == '_' || isAlnum(c)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

// digitsAt counts the ASCII digits starting at s[i], stopping after max.
func digitsAt(s string, i, max int) int {
	n := 0
	for i+n < len(s) && n < max && isDigit(s[i+n]) {
		n++
	}
	return n
}

// hasWordAt reports whether lower (already lower-cased) has word w at i,
// with a word boundary on both sides.
func hasWordAt(lower string, i int, w string) bool {
	return strings.HasPrefix(lower[i:], w) && !wordBefore(lower, i) && !wordAt(lower, i+len(w))
}

// containsWord reports whether lower contains w as a whole word (or phrase).
// Callers pass short windows, so a plain loop over strings.Index is cheap.
func containsWord(lower, w string) bool {
	for off := 0; ; {
		j := strings.Index(lower[off:], w)
		if j < 0 {
			return false
		}
		j += off
		if !wordBefore(lower, j) && !wordAt(lower, j+len(w)) {
			return true
		}
		off = j + 1
	}
}

// nearAny reports whether any of words appears as a whole word in the lower
// text within before bytes ahead of [start, end) or after bytes behind it.
// It is how context-dependent detectors ("a letter and seven digits, but
// only near 'Home Office'") avoid crying wolf.
func (s *scanner) nearAny(start, end, before, after int, words []string) bool {
	lo := max(0, start-before)
	hi := min(len(s.lower), end+after)
	for _, w := range words {
		if containsWord(s.lower[lo:start], w) || containsWord(s.lower[end:hi], w) {
			return true
		}
	}
	return false
}

// words walks the text one run of ASCII letters and digits at a time and
// hands each run that is a whole word to the detectors that start at one.
// Walking words once, instead of once per detector, keeps the check to a
// single cheap pass for most of the text, since ordinary words are
// dismissed after a glance at their first byte and length.
func (s *scanner) words() {
	t := s.text
	for i := 0; i < len(t); {
		if !isAlnum(t[i]) {
			i++
			continue
		}
		e := asciiRun(t, i)
		if !wordBefore(t, i) && !wordAt(t, e) {
			s.word(i, e)
		}
		i = e
	}
}

// word dispatches the word t[i:e] to the detectors that could start there.
func (s *scanner) word(i, e int) {
	t := s.text
	if isDigit(t[i]) {
		s.digitCodeAt(i)
		s.addressAt(i, e)
		s.bankAt(i)
		return
	}
	digits := 0
	for k := i + 1; k < e; k++ {
		if isDigit(t[k]) {
			digits++
		}
	}
	if e-i >= 3 && (t[i] == 'G' || t[i] == 'g') {
		s.gwfAt(i)
	}
	if digits == 0 {
		s.lettersAt(i, e)
		return
	}
	s.postcodeAt(i, e)
	s.niAt(i)
	s.letterDigitAt(i, e)
	s.vehicleAt(i, e)
	s.ibanAt(i, e)
}

// lettersAt dispatches the word t[i:e], which has no digits, to the
// detectors that start at a keyword or a title.
func (s *scanner) lettersAt(i, e int) {
	t, l := s.text, s.lower
	if end, ok := dobTriggerAt(l, i, e); ok {
		s.dobAfter(l[i:e], end)
	}
	if end, ok := caseTriggerAt(l, i, e); ok {
		s.caseRefAfter(end)
	}
	if end, ok := passportTriggerAt(l, i, e); ok {
		s.passportAfter(end)
	}
	if e < len(t) {
		s.profileLinkAt(i, e)
		s.handleAfter(i, e)
	}
	switch e - i {
	case 2:
		s.niAt(i) // "AB 12 34 56 C"
	case 3:
		s.postcodeAt(i, e) // "GIR 0AA"
	}
	switch t[i] {
	case 'M', 'D', 'P', 'S':
		if e-i <= 6 {
			s.titledNameAt(i, e)
		}
	}
}
