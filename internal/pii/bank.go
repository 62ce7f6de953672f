package pii

import "strings"

// bankWords must be near a sort code and an account number before they
// are flagged, so that a date written 12-03-90 beside an eight-digit order
// number is not taken for bank details.
var bankWords = []string{
	"sort code", "sort", "s/c", "a/c", "acc", "acct", "account", "bank",
	"banking", "paid into", "barclays", "lloyds", "hsbc", "natwest",
	"santander", "monzo", "starling", "nationwide", "halifax", "revolut",
	"tsb", "metro bank", "co-op bank", "post office card",
}

// sortCodeAt returns the end of a sort code starting at t[i]: three pairs
// of digits joined by dashes or by spaces ("20-45-77", "20 45 77"), or 0.
func sortCodeAt(t string, i int) int {
	if digitsAt(t, i, 3) != 2 || i+8 > len(t) {
		return 0
	}
	sep := t[i+2]
	if sep != '-' && sep != ' ' {
		return 0
	}
	if digitsAt(t, i+3, 3) != 2 || t[i+5] != sep || digitsAt(t, i+6, 3) != 2 {
		return 0
	}
	if !numberEndOK(t, i+8, true) {
		return 0
	}
	return i + 8
}

// accountAt returns the end of a UK account number starting at t[i], the
// start of a word: eight digits, run together or as two fours ("41206639",
// "4120 6639"), or 0.
func accountAt(t string, i int) int {
	if wordBefore(t, i) || (i > 0 && (t[i-1] == '-' || t[i-1] == '/' || t[i-1] == '.')) {
		return 0
	}
	switch digitsAt(t, i, 9) {
	case 8:
		if numberEndOK(t, i+8, false) {
			return i + 8
		}
	case 4:
		if i+9 <= len(t) && t[i+4] == ' ' && digitsAt(t, i+5, 5) == 4 && numberEndOK(t, i+9, true) {
			return i + 9
		}
	}
	return 0
}

// accountNear looks for an account number in t[lo:hi] and returns its
// span.
func accountNear(t string, lo, hi int) (int, int, bool) {
	for j := lo; j < hi; j++ {
		if !isDigit(t[j]) || (j > lo && isDigit(t[j-1])) {
			continue
		}
		if e := accountAt(t, j); e > 0 && e <= hi {
			return j, e, true
		}
	}
	return 0, 0, false
}

// bankAt looks for bank details around a sort code starting at t[i]: an
// account number within 60 bytes before or after it, on the same line,
// and a bank word near the pair ("sort code 20-45-77, account 41206639",
// "a/c 41206639 s/c 20 45 77"). Both numbers are reported, since a sort
// code alone names only a branch.
func (s *scanner) bankAt(i int) {
	t := s.text
	e := sortCodeAt(t, i)
	if e == 0 && digitsAt(t, i, 7) == 6 && numberEndOK(t, i+6, false) && s.sortCodeWordBefore(i) {
		e = i + 6 // "sort code 204577"
	}
	if e == 0 {
		return
	}
	lo, hi := lineBounds(t, max(0, i-60), i, e, min(len(t), e+60))
	as, ae, ok := accountNear(t, e, hi)
	if !ok {
		if as, ae, ok = accountNear(t, lo, i); !ok {
			return
		}
	}
	if !s.nearAny(min(i, as), max(e, ae), 50, 30, bankWords) {
		return
	}
	s.add(BankDetails, i, e)
	s.add(BankDetails, as, ae)
}

// lineBounds narrows the window [lo, hi) around [i, e) so that it does not
// cross a line break.
func lineBounds(t string, lo, i, e, hi int) (int, int) {
	if k := strings.LastIndexByte(t[lo:i], '\n'); k >= 0 {
		lo += k + 1
	}
	if k := strings.IndexByte(t[e:hi], '\n'); k >= 0 {
		hi = e + k
	}
	return lo, hi
}

// ibanAt looks for an International Bank Account Number in the word
// t[i:e]: a country code, two check digits and the account, run together
// or in groups of four ("GB29 NWBK 6016 1331 9268 19"). It is flagged only
// when the whole passes the ISO 13616 mod-97 check, which ordinary text
// never does by chance.
func (s *scanner) ibanAt(i, e int) {
	t := s.text
	if e-i < 4 || !isUpper(t[i]) || !isUpper(t[i+1]) || !isDigit(t[i+2]) || !isDigit(t[i+3]) {
		return
	}
	var b [34]byte
	n := 0
	end := -1
	j := i
	for g := 0; ; g++ {
		k := j
		for k < len(t) && (isUpper(t[k]) || isDigit(t[k])) && n < len(b) {
			b[n] = t[k]
			n++
			k++
		}
		if wordAt(t, k) {
			break
		}
		if n >= 15 && ibanValid(b[:n]) {
			end = k
		}
		// Groups of four go on after a single space.
		if k-j != 4 || k+1 >= len(t) || t[k] != ' ' || !isAlnum(t[k+1]) || n == len(b) {
			break
		}
		j = k + 1
	}
	if end > 0 {
		s.add(BankDetails, i, end)
	}
}

// ibanValid applies the mod-97 check: the first four characters move to
// the end, letters become 10 to 35, and the number must leave 1.
func ibanValid(b []byte) bool {
	rem := 0
	for k := 0; k < len(b); k++ {
		c := b[(k+4)%len(b)]
		if isDigit(c) {
			rem = (rem*10 + int(c-'0')) % 97
		} else {
			rem = (rem*100 + int(c-'A'+10)) % 97
		}
	}
	return rem == 1
}

// sortCodeWordBefore reports whether "sort code", "sort" or "s/c" comes
// just before t[i], with at most a colon and a few spaces between, so six
// digits run together can be taken for a sort code.
func (s *scanner) sortCodeWordBefore(i int) bool {
	l := s.lower[max(0, i-14):i]
	l = strings.TrimRight(l, " :-")
	for _, w := range []string{"sort code", "sort", "s/c", "sortcode"} {
		if strings.HasSuffix(l, w) && !wordBefore(l, len(l)-len(w)) {
			return true
		}
	}
	return false
}
