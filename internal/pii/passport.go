package pii

// passportTriggerAt reports whether the word l[i:e] (lower case) starts a
// name for an identity document ("passport", "travel document", "ID card",
// "identity card"), and where the name ends.
func passportTriggerAt(l string, i, e int) (int, bool) {
	switch l[i:e] {
	case "passport":
		return e, true
	case "travel":
		return phraseAt(l, i, "travel document")
	case "id":
		return phraseAt(l, i, "id card")
	case "identity":
		if end, ok := phraseAt(l, i, "identity card"); ok {
			return end, true
		}
		return phraseAt(l, i, "identity document")
	}
	return 0, false
}

// passportFillers may come between the document's name and its number
// ("passport number is", "passport no. of", "ID card details:").
var passportFillers = map[string]bool{
	"number": true, "no": true, "num": true, "nr": true, "is": true,
	"was": true, "reads": true, "ends": true, "of": true, "the": true,
	"his": true, "her": true, "their": true, "ref": true, "reference": true,
	"details": true, "card": true, "id": true, "shows": true, "says": true,
}

// passportAfter looks for a passport or identity card number after a
// document word ending at p: within six words in the same sentence, past
// the filler words above, a nationality in title case ("passport
// (Albanian) BA1234567") and at most two other words ("passport number of
// the boy: E12093847"), a token that is a number of seven to nine digits
// or one or two capital letters and six to nine digits. The first token
// with a digit in it decides: "passport taken in 2019" or "passport held
// for 14 months" stop the search, so only a number given as the
// document's is flagged.
func (s *scanner) passportAfter(p int) {
	t := s.text
	limit := min(len(t), p+60)
	other := 0
	for words := 0; p < limit && words < 6; words++ {
		for p < len(t) && !isAlnum(t[p]) {
			switch t[p] {
			case '\n', '!', '?', ';':
				return
			case '.':
				if p+1 >= len(t) || t[p+1] == ' ' || t[p+1] == '\n' {
					if !hasWordAt(s.lower, max(0, p-2), "no") {
						return
					}
				}
			}
			p++
		}
		if p >= limit || wordBefore(t, p) {
			return
		}
		q := asciiRun(t, p)
		tok := t[p:q]
		if digitsIn(tok) > 0 {
			if passportToken(tok) && !wordAt(t, q) && !joinedAfter(t, q) {
				s.add(Passport, p, q)
			}
			return
		}
		if !passportFillers[s.lower[p:q]] && !titleCaseWord(tok) {
			if other++; other > 2 {
				return
			}
		}
		p = q
	}
}

// passportToken reports whether tok is shaped like a passport or identity
// card number: seven to nine digits, or one or two capital letters then six
// to nine digits.
func passportToken(tok string) bool {
	letters := 0
	for letters < len(tok) && isUpper(tok[letters]) {
		letters++
	}
	digits := len(tok) - letters
	if digitsAt(tok, letters, 10) != digits || letters > 2 {
		return false
	}
	if letters == 0 {
		return digits >= 7 && digits <= 9
	}
	return digits >= 6 && digits <= 9
}

// joinedAfter reports whether a token ending at t[q] runs on into more
// digits after a separator ("123456789/2", "12345678-01"), which makes it
// some other code.
func joinedAfter(t string, q int) bool {
	return q+1 < len(t) && (t[q] == '/' || t[q] == '-' || t[q] == '.') && isAlnum(t[q+1])
}

// digitsIn counts the ASCII digits in s.
func digitsIn(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

// titleCaseWord reports whether w is an ASCII word in title case
// ("Albanian", "Vietnamese"), as a nationality is written; an acronym in
// capitals ("BRP", "NHS") is not.
func titleCaseWord(w string) bool {
	if len(w) < 3 || !isUpper(w[0]) {
		return false
	}
	for i := 1; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}
