package pii

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// dobFillers are the small words allowed between a date-of-birth word and
// its date ("born on the 3rd of March", "date of birth is ...", "birth date
// was recorded as ...").
var dobFillers = []string{
	"on", "is", "was", "the", "in", "of", "as", "be", "to",
	"recorded", "given", "stated", "listed", "noted", "assessed",
	"accepted", "claimed", "disputed", "believed",
}

// dobTriggerAt reports whether a date-of-birth word ("DOB", "D.O.B", "date
// of birth", "birth date", "birthdate", "birthday", "born", "aged", "turns")
// starts at the word l[i:e] (lower case), and where it ends. A date
// anywhere else ("the hearing is on 12/03/2026") is ordinary case work and
// is never flagged.
func dobTriggerAt(l string, i, e int) (int, bool) {
	switch l[i:e] {
	case "dob", "born", "aged", "turns", "birthday", "birthdate":
		return e, true
	case "d":
		return phraseAt(l, i, "d.o.b")
	case "date":
		return phraseAt(l, i, "date of birth")
	case "birth":
		return phraseAt(l, i, "birth date")
	}
	return 0, false
}

// phraseAt reports whether the lower-case phrase p starts at l[i] and ends
// at a word boundary, and where it ends.
func phraseAt(l string, i int, p string) (int, bool) {
	if strings.HasPrefix(l[i:], p) && !wordAt(l, i+len(p)) {
		return i + len(p), true
	}
	return 0, false
}

// dobAfter looks for a date just after a date-of-birth word ending at p.
// Only the date is reported, so a moderator's redaction leaves "DOB
// [redacted]".
//
// A year on its own ("born in 1990") and an age ("aged 34") are not flagged:
// they are far less identifying and practitioners need to give them.
func (s *scanner) dobAfter(trigger string, p int) {
	l := s.lower
	fillers := dobFillers
	switch trigger {
	case "turns":
		// "turns 18 on 4 May" gives the birthday; "turns 18 next month"
		// and "turns the corner" give nothing.
		if p = skipAge(l, p); p < 0 {
			return
		}
		fillers = []string{"on", "the"}
	case "aged":
		if p = skipAge(l, p); p < 0 {
			return
		}
		// "aged 17 (12/03/2007)" gives a birth date, but "aged 14 on 3
		// March 2016" is when something happened to her.
		fillers = nil
	}
	p = skipGap(s.text, l, p, fillers)
	if end := dateAt(l, p); end > 0 {
		s.add(DateOfBirth, p, end)
	}
}

// skipAge moves past "aged 34", "aged 34 years old" or "aged 17 yrs" and
// returns the position after it, or -1 when no age follows.
func skipAge(l string, p int) int {
	for p < len(l) && l[p] == ' ' {
		p++
	}
	n := digitsAt(l, p, 4)
	if n == 0 || n > 3 {
		return -1
	}
	p += n
	for _, w := range []string{" years old", " year old", " years", " yrs", " yo"} {
		if strings.HasPrefix(l[p:], w) && !wordAt(l, p+len(w)) {
			return p + len(w)
		}
	}
	return p
}

// skipGap moves past the punctuation and filler words allowed between a
// trigger and its date, and no further than 40 bytes, so a date later in the
// sentence is not mistaken for the birth date. After "in", up to four
// capitalised words are taken for a place ("born in Ho Chi Minh City on 3
// May 2004"). t is the text and l its lower-cased copy.
func skipGap(t, l string, p int, fillers []string) int {
	limit := min(len(l), p+40)
	afterIn := false
	for p < limit {
		switch c := l[p]; {
		case c == ' ' || c == '\t' || c == ':' || c == '=' || c == ',' || c == '(' || c == '-' || c == '.' || c == '#':
			p++
			continue
		case strings.HasPrefix(l[p:], "–"):
			p += len("–")
			continue
		case strings.HasPrefix(l[p:], "'s ") || strings.HasPrefix(l[p:], "’s "):
			// "birthday's 12th June"
			p += strings.IndexByte(l[p:], ' ')
			continue
		}
		if dateAt(l, p) > 0 {
			return p
		}
		if afterIn {
			afterIn = false
			if q := placeEnd(t, p); q > p {
				p = q
				continue
			}
		}
		moved := false
		for _, w := range fillers {
			if hasWordAt(l, p, w) {
				p += len(w)
				moved, afterIn = true, w == "in"
				break
			}
		}
		if !moved {
			break
		}
	}
	return p
}

// placeEnd returns the end of up to four capitalised words at t[p]
// separated by single spaces, or p when there are none.
func placeEnd(t string, p int) int {
	end := p
	for n := 0; n < 4; n++ {
		r, w := utf8.DecodeRuneInString(t[p:])
		if !unicode.IsUpper(r) {
			break
		}
		q := p + w
		for q < len(t) {
			r, w := utf8.DecodeRuneInString(t[q:])
			if !unicode.IsLetter(r) && r != '-' {
				break
			}
			q += w
		}
		end = q
		if q+1 >= len(t) || t[q] != ' ' {
			break
		}
		p = q + 1
	}
	return end
}

// months lists month names and abbreviations, longest first so "march" is
// tried before "mar".
var months = []struct {
	name string
	num  int
}{
	{"september", 9}, {"february", 2}, {"november", 11}, {"december", 12},
	{"january", 1}, {"october", 10}, {"august", 8}, {"march", 3}, {"april", 4},
	{"june", 6}, {"july", 7}, {"sept", 9}, {"may", 5}, {"jan", 1}, {"feb", 2},
	{"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7}, {"aug", 8}, {"sep", 9},
	{"oct", 10}, {"nov", 11}, {"dec", 12},
}

// monthAt returns the end of a month name (with an optional full stop after
// an abbreviation) at l[p], or -1.
func monthAt(l string, p int) int {
	for _, m := range months {
		if strings.HasPrefix(l[p:], m.name) && !wordAt(l, p+len(m.name)) {
			e := p + len(m.name)
			if len(m.name) <= 4 && m.name != "june" && m.name != "july" && m.name != "may" && e < len(l) && l[e] == '.' {
				e++
			}
			return e
		}
	}
	return -1
}

// dateAt returns the end of a date starting at l[p] (lower-cased text), or
// -1. It accepts 12/03/1990, 12.3.90, 12-03-1990, 1990-03-12, 3 March 1988,
// 3rd of March 1988, third of March 1988, March 3, 1988, March the 3rd,
// March 1988, 3 Mar 88, and a day and month with no year ("3 March"), which
// is half a birth date.
func dateAt(l string, p int) int {
	if p >= len(l) {
		return -1
	}
	if isDigit(l[p]) {
		if e := numericDateAt(l, p); e > 0 {
			return e
		}
		return dayMonthAt(l, p)
	}
	if _, de := dayWordAt(l, p); de > 0 {
		return dayMonthAt(l, p)
	}
	e := monthAt(l, p)
	if e < 0 {
		return -1
	}
	q := e
	for q < len(l) && l[q] == ' ' {
		q++
	}
	if q == e {
		return -1
	}
	if y := yearAt(l, q); y > 0 && y-q == 4 {
		return y // "March 1988"
	}
	if strings.HasPrefix(l[q:], "the ") {
		q += len("the ")
	}
	d, de := anyDayAt(l, q)
	if d == 0 {
		return -1
	}
	return yearAfter(l, de)
}

// dayMonthAt reads "3 March 1988", "3rd of March, 1988", "third of March"
// or "3 March".
func dayMonthAt(l string, p int) int {
	d, q := anyDayAt(l, p)
	if d == 0 {
		return -1
	}
	for q < len(l) && l[q] == ' ' {
		q++
	}
	if strings.HasPrefix(l[q:], "of ") {
		q += 3
	}
	e := monthAt(l, q)
	if e < 0 {
		return -1
	}
	return yearAfter(l, e)
}

// yearAfter extends a date ending at e (a day and month) over a year that
// follows it after a space or a comma ("3 March 1988", "March 3, 1988", "3
// Mar 88"), and returns the end of the date either way.
func yearAfter(l string, e int) int {
	r := e
	if r < len(l) && l[r] == ',' {
		r++
	}
	for r < len(l) && l[r] == ' ' {
		r++
	}
	if r == e {
		return e
	}
	if y := yearAt(l, r); y > 0 {
		return y
	}
	// A bare two-digit year, but not the start of a time or a number
	// ("3 March 10:30", "3 March 12.5").
	if digitsAt(l, r, 3) == 2 && !wordAt(l, r+2) && !(r+3 < len(l) && (l[r+2] == ':' || l[r+2] == '.') && isDigit(l[r+3])) {
		return r + 2
	}
	return e
}

// anyDayAt reads a day of the month in figures ("3", "3rd") or in words
// ("third", "twenty-first").
func anyDayAt(l string, p int) (int, int) {
	if d, e := dayAt(l, p); d > 0 {
		return d, e
	}
	return dayWordAt(l, p)
}

// ordinals are the days of the month in words, up to the nineteenth;
// dayWordAt builds the rest from "twenty" and "thirty".
var ordinals = []string{"first", "second", "third", "fourth", "fifth", "sixth",
	"seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
	"fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"}

// dayWordAt reads a day of the month written as an ordinal word ("third",
// "twenty-first", "twenty first", "thirtieth") and returns it with its end,
// or 0.
func dayWordAt(l string, p int) (int, int) {
	if p >= len(l) || !isAlpha(l[p]) || wordBefore(l, p) {
		return 0, 0
	}
	base := 0
	switch {
	case strings.HasPrefix(l[p:], "twentieth"):
		return ordinalEnd(l, p+len("twentieth"), 20)
	case strings.HasPrefix(l[p:], "thirtieth"):
		return ordinalEnd(l, p+len("thirtieth"), 30)
	case strings.HasPrefix(l[p:], "twenty"):
		base, p = 20, p+len("twenty")
	case strings.HasPrefix(l[p:], "thirty"):
		base, p = 30, p+len("thirty")
	}
	if base > 0 {
		if p >= len(l) || (l[p] != '-' && l[p] != ' ') {
			return 0, 0
		}
		p++
	}
	for n, w := range ordinals {
		if strings.HasPrefix(l[p:], w) && (base < 30 || n == 0) && (base == 0 || n < 9) {
			return ordinalEnd(l, p+len(w), base+n+1)
		}
	}
	return 0, 0
}

// ordinalEnd checks that an ordinal word ends at e.
func ordinalEnd(l string, e, d int) (int, int) {
	if wordAt(l, e) {
		return 0, 0
	}
	return d, e
}

// dayAt reads a day of the month (1 to 31) with an optional ordinal suffix
// and returns it with its end, or 0.
func dayAt(l string, p int) (int, int) {
	n := digitsAt(l, p, 3)
	if n == 0 || n > 2 {
		return 0, 0
	}
	d := atoi(l[p : p+n])
	if d < 1 || d > 31 {
		return 0, 0
	}
	e := p + n
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if strings.HasPrefix(l[e:], suf) {
			e += 2
			break
		}
	}
	if wordAt(l, e) {
		return 0, 0
	}
	return d, e
}

// yearAt reads a four-digit year from 1900 to 2099, or "'88", and returns
// its end, or -1.
func yearAt(l string, p int) int {
	if p < len(l) && (l[p] == '\'' || strings.HasPrefix(l[p:], "’")) {
		q := p + 1
		if l[p] != '\'' {
			q = p + len("’")
		}
		if digitsAt(l, q, 3) == 2 && !wordAt(l, q+2) {
			return q + 2
		}
		return -1
	}
	if digitsAt(l, p, 5) != 4 || wordAt(l, p+4) {
		return -1
	}
	if y := atoi(l[p : p+4]); y < 1900 || y > 2099 {
		return -1
	}
	return p + 4
}

// numericDateAt reads d/m/y (or m/d/y) with "/", "." or "-" used the same
// way twice and a two- or four-digit year, or an ISO y-m-d date.
func numericDateAt(l string, p int) int {
	a := digitsAt(l, p, 5)
	q := p + a
	if q >= len(l) {
		return -1
	}
	sep := l[q]
	if sep != '/' && sep != '.' && sep != '-' {
		return -1
	}
	b := digitsAt(l, q+1, 5)
	r := q + 1 + b
	if b == 0 || b > 2 || r >= len(l) || l[r] != sep {
		return -1
	}
	c := digitsAt(l, r+1, 5)
	e := r + 1 + c
	if wordAt(l, e) || (e+1 < len(l) && (l[e] == sep || l[e] == '/') && isDigit(l[e+1])) {
		return -1
	}
	x, y, z := atoi(l[p:q]), atoi(l[q+1:r]), atoi(l[r+1:e])
	switch {
	case a == 4 && (c == 1 || c == 2): // ISO 1990-03-12
		if x >= 1900 && x <= 2099 && y >= 1 && y <= 12 && z >= 1 && z <= 31 {
			return e
		}
	case (a == 1 || a == 2) && (c == 2 || c == 4):
		if c == 4 && (z < 1900 || z > 2099) {
			return -1
		}
		if x >= 1 && y >= 1 && ((x <= 31 && y <= 12) || (x <= 12 && y <= 31)) {
			return e
		}
	}
	return -1
}

// atoi converts a short run of ASCII digits; callers have checked them.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// caseTriggerAt reports whether the word l[i:e] (lower case) names a body
// that issues modern-slavery case references, and where the name ends: the
// National Referral Mechanism, the Single Competent Authority, the
// Immigration Enforcement Competent Authority, or "competent authority".
func caseTriggerAt(l string, i, e int) (int, bool) {
	switch l[i:e] {
	case "nrm", "sca", "ieca":
		return e, true
	case "competent":
		return phraseAt(l, i, "competent authority")
	}
	return 0, false
}

// caseRefWords must come between the trigger and the reference itself, so
// that "the NRM received 12345 referrals" is not flagged but "NRM ref
// 123456" is.
var caseRefWords = map[string]bool{
	"ref": true, "reference": true, "case": true, "number": true, "no": true,
	"num": true, "id": true, "referral": true,
}

// caseFillers may sit between the reference word and the reference.
var caseFillers = map[string]bool{
	"is": true, "was": true, "of": true, "the": true, "nrm": true, "sca": true,
}

// caseRefAfter looks for an NRM or SCA case reference after a trigger
// ending at p: within a few words, a reference word, then a token of five
// or more letters and digits with at least four digits ("NRM ref 123456",
// "SCA case number 12345678", "NRM reference: NRM-2024-0012345"). The search
// stops at the end of the sentence.
func (s *scanner) caseRefAfter(p int) {
	if start, end, ok := caseTokenAfter(s.text, s.lower, p); ok {
		s.add(CaseRef, start, end)
	}
}

// caseTokenAfter walks the tokens after a case trigger ending at p and
// returns the span of the reference, if any.
func caseTokenAfter(t, l string, p int) (int, int, bool) {
	limit := min(len(t), p+80)
	seenRef := false
	before := 0
	prev := ""
	for p < limit {
		// Skip to the next token, stopping at the end of the sentence.
		for p < len(t) && !isAlnum(t[p]) {
			switch t[p] {
			case '\n', '!', '?', ';':
				return 0, 0, false
			case '.':
				if prev != "no" && prev != "ref" && prev != "num" && (p+1 >= len(t) || t[p+1] == ' ' || t[p+1] == '\n') {
					return 0, 0, false
				}
			}
			p++
		}
		if p >= limit {
			break
		}
		q := p
		for q < len(t) && (isAlnum(t[q]) || t[q] == '-' || t[q] == '/' || t[q] == '_') {
			q++
		}
		for q > p && !isAlnum(t[q-1]) {
			q--
		}
		tok := l[p:q]
		switch {
		case caseRefWords[tok]:
			seenRef = true
		case seenRef:
			if refToken(tok) && !wordBefore(t, p) && !wordAt(t, q) {
				return p, q, true
			}
			if !caseFillers[tok] {
				return 0, 0, false
			}
		default:
			if before++; before > 3 {
				return 0, 0, false
			}
		}
		prev = tok
		p = q
	}
	return 0, 0, false
}

// refToken reports whether tok looks like a reference: five or more
// characters with at least four digits, and not a date ("NRM referral
// 12/03/2024" gives the date of a referral, not its reference).
func refToken(tok string) bool {
	if len(tok) < 5 || numericDateAt(tok, 0) == len(tok) {
		return false
	}
	n := 0
	for i := 0; i < len(tok); i++ {
		if isDigit(tok[i]) {
			n++
		}
	}
	return n >= 4
}
