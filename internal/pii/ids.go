package pii

import (
	"strings"
)

// asciiRun returns the end of the run of ASCII letters and digits at s[i].
func asciiRun(s string, i int) int {
	for i < len(s) && isAlnum(s[i]) {
		i++
	}
	return i
}

// postcodeAt looks for a full UK postcode in the word t[i:e], with or
// without the space and in any case ("SW1A 1AA", "m1 1ae", "B338TH").
//
// An outward code on its own ("AB12", "the M1") is not flagged: it names a
// district of thousands of homes, and practitioners use them to talk about
// areas. The letter rules of the Royal Mail format are applied, which keeps
// ordinary alphanumeric tokens out.
func (s *scanner) postcodeAt(i, e int) {
	t := s.text
	switch n := e - i; {
	case n >= 2 && n <= 4 && e+4 <= len(t) && t[e] == ' ' && asciiRun(t, e+1) == e+4 && !wordAt(t, e+4):
		if validOutward(t[i:e]) && validInward(t[e+1:e+4]) && !ordinalLike(t[e+1:e+4]) {
			s.add(Postcode, i, e+4)
		}
	case n >= 5 && n <= 7:
		if validOutward(t[i:e-3]) && validInward(t[e-3:e]) {
			s.add(Postcode, i, e)
		}
	}
}

// validOutward reports whether o is a UK outward code in one of the six
// shapes A9, A99, A9A, AA9, AA99, AA9A, with the Royal Mail letter rules, or
// the Girobank special "GIR".
func validOutward(o string) bool {
	if strings.EqualFold(o, "GIR") {
		return true
	}
	if len(o) < 2 || len(o) > 4 {
		return false
	}
	a := upper(o[0])
	if !isUpper(a) || strings.IndexByte("QVX", a) >= 0 {
		return false
	}
	rest := o[1:]
	if isAlpha(rest[0]) {
		b := upper(rest[0])
		if strings.IndexByte("IJZ", b) >= 0 {
			return false
		}
		rest = rest[1:]
		if len(rest) == 0 || !isDigit(rest[0]) {
			return false
		}
		switch len(rest) {
		case 1:
			return true
		case 2:
			if isDigit(rest[1]) {
				return true
			}
			return strings.IndexByte("ABEHMNPRVWXY", upper(rest[1])) >= 0
		}
		return false
	}
	if !isDigit(rest[0]) {
		return false
	}
	switch len(rest) {
	case 1:
		return true
	case 2:
		if isDigit(rest[1]) {
			return true
		}
		return strings.IndexByte("ABCDEFGHJKPSTUW", upper(rest[1])) >= 0
	}
	return false
}

// validInward reports whether in is an inward code: a digit and two letters,
// none of C, I, K, M, O or V.
func validInward(in string) bool {
	if len(in) != 3 || !isDigit(in[0]) {
		return false
	}
	for _, c := range []byte{in[1], in[2]} {
		if !isAlpha(c) || strings.IndexByte("CIKMOV", upper(c)) >= 0 {
			return false
		}
	}
	return true
}

// ordinalLike reports whether a lower-case inward code is really an ordinal
// ("floor b2 2nd", "the m1 1st") so ordinary prose is not flagged; upper-case
// "8TH" is left alone because real postcodes do end that way ("B33 8TH").
func ordinalLike(in string) bool {
	if isUpper(in[1]) || isUpper(in[2]) {
		return false
	}
	suf := in[1:]
	switch in[0] {
	case '1':
		return suf == "st" || suf == "th"
	case '2':
		return suf == "nd" || suf == "th"
	case '3':
		return suf == "rd" || suf == "th"
	}
	return suf == "th"
}

// niPrefixValid applies HMRC's prefix rules for National Insurance numbers:
// the first letter is not D, F, I, Q, U or V; the second is not D, F, I, O,
// Q, U or V; and BG, GB, KN, NK, NT, TN and ZZ are never allocated. a and b
// must be upper case.
func niPrefixValid(a, b byte) bool {
	if !isUpper(a) || !isUpper(b) {
		return false
	}
	if strings.IndexByte("DFIQUV", a) >= 0 || strings.IndexByte("DFIOQUV", b) >= 0 {
		return false
	}
	switch string([]byte{a, b}) {
	case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
		return false
	}
	return true
}

// niAt looks for a National Insurance number starting at t[i], the start
// of a word: two prefix letters, six digits (optionally in pairs separated
// by spaces) and a suffix A to D ("AB 12 34 56 C", "AB123456C"). The suffix
// is required, since without it two letters and six digits are too common a
// shape.
func (s *scanner) niAt(i int) {
	t := s.text
	if i+9 > len(t) || !isAlpha(t[i+1]) || !niPrefixValid(upper(t[i]), upper(t[i+1])) {
		return
	}
	j := i + 2
	for p := 0; p < 3; p++ {
		if j < len(t) && t[j] == ' ' {
			j++
		}
		if digitsAt(t, j, 2) != 2 {
			return
		}
		j += 2
	}
	if j < len(t) && t[j] == ' ' {
		j++
	}
	if j >= len(t) || upper(t[j]) < 'A' || upper(t[j]) > 'D' || wordAt(t, j+1) {
		return
	}
	s.add(NINumber, i, j+1)
}

// nhsCheckDigitValid reports whether ten digits pass the NHS number mod-11
// check: weights 10 down to 2 on the first nine digits, check digit 11 minus
// the sum modulo 11, where 11 means 0 and 10 means the number is invalid.
// A run of one repeated digit passes the arithmetic but is never issued, so
// it is rejected too.
func nhsCheckDigitValid(d string) bool {
	if len(d) != 10 {
		return false
	}
	same := true
	sum := 0
	for i := 0; i < 10; i++ {
		if !isDigit(d[i]) {
			return false
		}
		if d[i] != d[0] {
			same = false
		}
		if i < 9 {
			sum += int(d[i]-'0') * (10 - i)
		}
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return !same && check != 10 && check == int(d[9]-'0')
}

// numberStartOK is phoneStartOK's rule for other digit codes: the digits may
// not continue a word, a number, a decimal, a price or a hyphenated code.
func numberStartOK(t string, i int) bool {
	if !phoneStartOK(t, i) {
		return false
	}
	// "44 943 476 5919": the digits continue a longer spaced number.
	return i < 2 || !(t[i-1] == ' ' || t[i-1] == '-') || !isDigit(t[i-2])
}

// digitCodeAt looks for an NHS number (3-3-4 digits, spaced, dashed or run
// together, flagged only when the check digit holds) or a Home Office Unique
// Application Number (four groups of four digits joined by dashes) starting
// at t[i].
func (s *scanner) digitCodeAt(i int) {
	t := s.text
	if !numberStartOK(t, i) {
		return
	}
	if end := uanAt(t, i); end > 0 {
		s.add(HomeOfficeRef, i, end)
		return
	}
	if end, ok := nhsAt(t, i); ok {
		s.add(NHSNumber, i, end)
	}
}

// numberEndOK reports whether a digit code ending at t[e] really ends there,
// rather than running on into a word or into more digits after a dash, dot
// or slash (or a space, when the code itself was spaced).
func numberEndOK(t string, e int, spaced bool) bool {
	if wordAt(t, e) {
		return false
	}
	if e+1 < len(t) && isDigit(t[e+1]) {
		switch t[e] {
		case '-', '.', '/', ',':
			return false
		case ' ':
			return !spaced
		}
	}
	return true
}

// uanAt returns the end of a Unique Application Number (dddd-dddd-dddd-dddd)
// starting at t[i], or 0.
func uanAt(t string, i int) int {
	j := i
	for g := 0; g < 4; g++ {
		if g > 0 {
			if j >= len(t) || t[j] != '-' {
				return 0
			}
			j++
		}
		if digitsAt(t, j, 5) != 4 {
			return 0
		}
		j += 4
	}
	if !numberEndOK(t, j, true) {
		return 0
	}
	return j
}

// nhsAt returns the end of a valid NHS number starting at t[i]. Both
// separators must be the same (none, a space or a dash).
func nhsAt(t string, i int) (int, bool) {
	var d [10]byte
	j := i
	if digitsAt(t, j, 11) == 10 {
		copy(d[:], t[j:j+10])
		j += 10
		if !numberEndOK(t, j, false) {
			return 0, false
		}
		return j, nhsCheckDigitValid(string(d[:]))
	}
	if digitsAt(t, j, 4) != 3 || j+12 > len(t) {
		return 0, false
	}
	sep := t[j+3]
	if sep != ' ' && sep != '-' {
		return 0, false
	}
	if digitsAt(t, j+4, 4) != 3 || t[j+7] != sep || digitsAt(t, j+8, 5) != 4 {
		return 0, false
	}
	copy(d[0:3], t[j:j+3])
	copy(d[3:6], t[j+4:j+7])
	copy(d[6:10], t[j+8:j+12])
	j += 12
	if !numberEndOK(t, j, true) {
		return 0, false
	}
	return j, nhsCheckDigitValid(string(d[:]))
}

// gwfAt looks for a Home Office "GWF" reference (a visa application number
// from outside the UK) at the word starting t[i]: GWF followed by eight or
// nine digits, joined or after a space or dash.
func (s *scanner) gwfAt(i int) {
	t := s.text
	if !strings.EqualFold(t[i:min(len(t), i+3)], "gwf") {
		return
	}
	j := i + 3
	if j < len(t) && (t[j] == ' ' || t[j] == '-') {
		j++
	}
	if n := digitsAt(t, j, 10); (n == 8 || n == 9) && !wordAt(t, j+n) {
		s.add(HomeOfficeRef, i, j+n)
	}
}

// Context words. A letter-and-digits code is only reported when one of these
// is close by, because on its own the shape is shared with order numbers,
// product codes and foreign passport numbers.
var (
	homeOfficeWords = []string{"home office", "ho", "h.o", "ukvi", "immigration", "ref", "reference"}
	brpWords        = []string{"brp", "biometric", "residence permit", "residence card", "card number", "card no", "permit number", "permit no"}
)

// brpPrefixes are permit-number prefixes seen on issued biometric residence
// permits. Two of these letters followed by seven digits is flagged even
// with no context word, because the shape is otherwise rare in prose.
var brpPrefixes = []string{"RF", "RK", "ZR", "ZT", "ZU", "ZW", "ZX"}

// letterDigitAt looks at the word t[i:e] for a Home Office reference
// number (a letter and seven digits, optionally "/" and a short suffix, near
// a Home Office word) or a biometric residence permit number (two letters, a
// letter or digit, six digits, near a BRP word, or with a known prefix and
// seven digits).
func (s *scanner) letterDigitAt(i, e int) {
	t := s.text
	switch n := e - i; {
	case n == 8 && digitsAt(t, i+1, 8) == 7:
		if e+1 < len(t) && t[e] == '/' {
			if k := digitsAt(t, e+1, 4); k >= 1 && k <= 3 && !wordAt(t, e+1+k) {
				e += 1 + k
			}
		}
		if s.nearAny(i, e, 40, 30, homeOfficeWords) {
			s.add(HomeOfficeRef, i, e)
		}
	case n == 9 && isAlpha(t[i+1]) && isAlnum(t[i+2]) && digitsAt(t, i+3, 7) == 6:
		known := false
		if isDigit(t[i+2]) {
			for _, p := range brpPrefixes {
				if t[i:i+2] == p {
					known = true
				}
			}
		}
		if known || s.nearAny(i, e, 50, 30, brpWords) {
			s.add(BRP, i, e)
		}
	}
}
