package pii

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// streetTypes are the words that end a street's name. Each is matched in
// title case or in capitals; those marked true also in lower case ("14
// Acacia avenue"), since they are never anything but a street. Words that
// are often something else after a capitalised word ("Park", "Green",
// "View", "Gate") are left out: an address on one of them is missed rather
// than "2 Retail Park" flagged.
var streetTypes = map[string]bool{
	"Street": true, "St": false, "Road": true, "Rd": false, "Avenue": true,
	"Ave": false, "Lane": true, "Close": false, "Drive": false, "Way": false,
	"Crescent": true, "Cres": false, "Grove": false, "Gardens": false,
	"Gdns": false, "Place": false, "Terrace": true, "Court": false,
	"Square": false, "Mews": true, "Row": false, "Walk": false, "Parade": false,
	"Rise": false, "Hill": false, "Wynd": false, "Boulevard": true,
	"Sq": false, "Ct": false,
}

// courtNames come before "Court" when it is a court of law, not a block of
// flats ("2 Crown Court hearings", "3 High Court judges").
var courtNames = map[string]bool{
	"high": true, "crown": true, "county": true, "family": true,
	"magistrates": true, "magistrates'": true, "magistrates’": true,
	"supreme": true, "youth": true, "appeal": true, "coroner's": true,
	"coroners": true, "royal": true, "district": true, "civil": true,
	"criminal": true, "combined": true,
}

// notHouseNumber are words that, just before a number, say it is something
// other than a house number ("Junction 27 Great North Road", "Room 4 Mill
// Lane side").
var notHouseNumber = []string{
	"junction", "room", "ward", "bed", "section", "article", "page", "bus",
	"route", "platform", "gate", "floor", "level", "year", "chapter", "part",
	"paragraph", "para", "schedule", "annex", "appendix", "step", "stage",
	"tier", "phase", "week", "day", "suite", "exhibit", "item",
}

// flatWords may come, with their number, before a house number: "Flat 3, 27
// Victoria Street" is reported whole.
var flatWords = []string{"flat", "apartment", "apt", "unit"}

// addressAt looks for a street address starting at the number t[i:e]: a
// house number (1 to 9999, with an optional letter or a range, "27a",
// "12-14"), then one to three capitalised words, the last of which names
// a kind of street ("14 Acacia Avenue", "3 St Mary's Road", "27 VICTORIA
// STREET"). A flat number just before it is included. A street named
// without a house number ("on Victoria Street") is not flagged: it names
// a street, not a home.
func (s *scanner) addressAt(i, e int) {
	t := s.text
	end, ok := houseNumberEnd(t, i, e)
	if !ok || !numberStartOK(t, i) || s.afterAny(i, notHouseNumber) {
		return
	}
	if end >= len(t) || t[end] != ' ' {
		return
	}
	streetEnd := streetAt(t, end+1)
	if streetEnd < 0 {
		return
	}
	for _, a := range publicAddresses {
		if strings.EqualFold(t[i:streetEnd], a) {
			return
		}
	}
	s.add(StreetAddress, flatBefore(s.lower, i), streetEnd)
}

// houseNumberEnd reads a house number in the word t[i:e]: one to four
// digits and at most one letter, then optionally a range ("12-14").
func houseNumberEnd(t string, i, e int) (int, bool) {
	n := digitsAt(t, i, 5)
	if n == 0 || n > 4 || e-i > n+1 || atoi(t[i:i+n]) == 0 {
		return 0, false
	}
	if e+1 < len(t) && t[e] == '-' && e-i == n {
		if m := digitsAt(t, e+1, 5); m >= 1 && m <= 4 && !wordAt(t, e+1+m) {
			return e + 1 + m, true
		}
	}
	return e, true
}

// afterAny reports whether the word just before t[i] (after one space) is
// one of words, in any case.
func (s *scanner) afterAny(i int, words []string) bool {
	if i < 2 || s.text[i-1] != ' ' {
		return false
	}
	j := i - 1
	k := j
	for k > 0 && isAlpha(s.lower[k-1]) {
		k--
	}
	w := s.lower[k:j]
	for _, x := range words {
		if w == x {
			return true
		}
	}
	return false
}

// streetAt reads a street's name at t[k]: one to three capitalised words
// then a street type, separated by single spaces. It returns the end of the
// name, or -1.
func streetAt(t string, k int) int {
	var names [3]string
	for n := 0; n <= len(names) && k < len(t); n++ {
		e := capWordEnd(t, k)
		if e < 0 {
			return -1
		}
		w := t[k:e]
		if n > 0 && streetType(w) {
			if courtLike(w) && courtNames[strings.ToLower(names[n-1])] {
				return -1
			}
			return e
		}
		if n == len(names) || isLowerWord(w) || (n > 0 && strings.EqualFold(w, "the")) {
			return -1
		}
		names[n] = w
		if e+1 >= len(t) || t[e] != ' ' {
			return -1
		}
		k = e + 1
	}
	return -1
}

// courtLike reports whether a street type might be a court of law.
func courtLike(w string) bool {
	return strings.EqualFold(w, "court") || strings.EqualFold(w, "ct")
}

// streetType reports whether w is a street type in title case or capitals,
// or in lower case when the type allows it.
func streetType(w string) bool {
	if _, ok := streetTypes[w]; ok {
		return true
	}
	if len(w) < 2 {
		return false
	}
	if _, ok := streetTypes[w[:1]+strings.ToLower(w[1:])]; ok && w == strings.ToUpper(w) {
		return true
	}
	lowerOK := streetTypes[strings.ToUpper(w[:1])+w[1:]]
	return lowerOK && w == strings.ToLower(w)
}

// isLowerWord reports whether w begins with a lower-case letter.
func isLowerWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r)
}

// capWordEnd returns the end of a word at t[k] made of letters, with
// apostrophes and hyphens inside ("St Mary's", "Stratford-upon-Avon"), or
// -1 when there is none. It does not check case; streetAt does.
func capWordEnd(t string, k int) int {
	e := k
	for e < len(t) {
		r, w := utf8.DecodeRuneInString(t[e:])
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			e += w
			continue
		}
		if (r == '\'' || r == '’' || r == '-') && e > k {
			if r2, _ := utf8.DecodeRuneInString(t[e+w:]); unicode.IsLetter(r2) {
				e += w
				continue
			}
		}
		break
	}
	if e == k || wordAt(t, e) {
		return -1
	}
	return e
}

// flatBefore returns where a flat number just before a house number at i
// starts ("Flat 3, " or "flat 3B "), or i when there is none. l is the
// lower-cased text.
func flatBefore(l string, i int) int {
	p := i
	if p >= 1 && l[p-1] == ' ' {
		p--
	}
	if p >= 1 && (l[p-1] == ',' || l[p-1] == '/') {
		p--
	}
	q := p
	for q > 0 && isAlnum(l[q-1]) && p-q < 4 {
		q--
	}
	if q == p || !isDigit(l[q]) || q < 2 || l[q-1] != ' ' {
		return i
	}
	w := q - 1
	for w > 0 && isAlpha(l[w-1]) {
		w--
	}
	for _, f := range flatWords {
		if l[w:q-1] == f && !wordBefore(l, w) {
			return w
		}
	}
	return i
}
