package pii

import (
	"strings"
	"unicode/utf8"
)

// isLocalByte is a byte allowed in the part of an e-mail address before the
// "@". It is the common subset that people actually type; quoted local parts
// are legal but never seen in a post.
func isLocalByte(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

// emails finds e-mail addresses by jumping from one "@" to the next and
// growing outwards, which is far cheaper than a pattern tried at every byte.
// The domain must have a dot and end in a top-level domain of two or more
// letters, so "@" used as shorthand ("meet @ 3") and handles ("@HomeOffice")
// are not flagged.
func (s *scanner) emails() {
	t := s.text
	for off := 0; off < len(t); {
		j := strings.IndexByte(t[off:], '@')
		if j < 0 {
			return
		}
		at := off + j
		off = at + 1
		a := at
		for a > 0 && isLocalByte(t[a-1]) {
			a--
		}
		for a < at && (t[a] == '.' || t[a] == '-') {
			a++
		}
		if a == at {
			continue
		}
		e, lastDot := at+1, -1
		for e < len(t) {
			c := t[e]
			if isAlnum(c) || c == '-' {
				e++
				continue
			}
			if c == '.' && e > at+1 && t[e-1] != '.' && t[e-1] != '-' && e+1 < len(t) && isAlnum(t[e+1]) {
				lastDot = e
				e++
				continue
			}
			break
		}
		if lastDot < 0 || e-lastDot-1 < 2 {
			continue
		}
		tldOK := true
		for i := lastDot + 1; i < e; i++ {
			if !isAlpha(t[i]) {
				tldOK = false
			}
		}
		if !tldOK || wordAt(t, e) {
			continue
		}
		s.add(Email, a, e)
		off = e
	}
}

// phones finds UK phone numbers. Candidates start at "+44", "0044", "(0" or
// a "0" that begins a word; see parsePhone for what makes one valid.
func (s *scanner) phones() {
	t := s.text
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c != '0' && c != '+' && c != '(' {
			continue
		}
		if !phoneStartOK(t, i) {
			continue
		}
		if start, end, ok := parsePhone(t, i); ok {
			s.add(Phone, start, end)
			i = end - 1
		}
	}
}

// phoneStartOK rejects starts glued to something that makes the digits part
// of a larger token: a word ("order07700"), another number ("2019"), the
// middle of a hyphenated code such as an ISBN ("978-0-14-..."), a decimal
// ("3.0161") or a price ("£0.50").
func phoneStartOK(t string, i int) bool {
	if i == 0 {
		return true
	}
	if wordBefore(t, i) {
		return false
	}
	switch t[i-1] {
	case '-', '/', '+', '#', '$', '&', '=':
		return false
	case '.', ',':
		// A decimal or thousands separator ("3.07", "1,000"), but not
		// an abbreviation ("Tel.07700 900123", "no.943 476 5919").
		if i >= 2 && isDigit(t[i-2]) {
			return false
		}
	}
	r, _ := utf8.DecodeLastRuneInString(t[:i])
	return r != '£' && r != '€'
}

// parsePhone reads a UK phone number starting at t[i] and returns its span.
//
// The number is rebuilt in national form (a leading 0 then the rest), with
// +44, 0044 and the "+44 (0)" habit all mapped to it. Digits may be grouped
// by single spaces or dashes, and the area code may be in brackets. To keep
// false positives low:
//
//   - every group has at least two digits, and the first national group
//     (with its 0) at least three, which rules out ISBNs and dotted codes;
//   - the number must end where a group ends, and may not run straight on
//     into more digits;
//   - only geographic (01, 02) and mobile (07) numbers are flagged, with
//     eleven digits (01 also ten, which a few small exchanges use).
//
// Freephone, non-geographic and premium numbers (03, 05, 08, 09) are not
// flagged: they belong to organisations, and practitioners quote helplines
// such as the Modern Slavery Helpline all the time. Nor are the few
// geographic numbers in publicLines.
func parsePhone(t string, i int) (start, end int, ok bool) {
	var digits [11]byte
	n, j, start := 0, i, i
	intl, paren := false, false
	switch {
	case strings.HasPrefix(t[j:], "+44"):
		j += 3
		intl = true
	case strings.HasPrefix(t[j:], "0044"):
		j += 4
		intl = true
	}
	if intl {
		if j < len(t) && (t[j] == ' ' || t[j] == '-') {
			j++
		}
		if strings.HasPrefix(t[j:], "(0)") {
			j += 3
			if j < len(t) && t[j] == ' ' {
				j++
			}
		} else if j < len(t) && t[j] == '0' {
			// "+44 07700 900123": a common slip, still the same number.
			j++
		}
		if j >= len(t) || t[j] < '1' || t[j] > '9' {
			return 0, 0, false
		}
		digits[0], n = '0', 1
	} else {
		if t[j] == '(' {
			paren = true
			j++
		}
		if j >= len(t) || t[j] != '0' {
			return 0, 0, false
		}
	}
	best, bestN, closeAt := -1, 0, -1
	group, firstGroup := 0, true
	for j < len(t) {
		c := t[j]
		if isDigit(c) {
			if n == len(digits) {
				break
			}
			digits[n] = c
			n++
			group++
			j++
			if (j >= len(t) || !isDigit(t[j])) && (n == 10 || n == 11) && group >= 2 {
				best, bestN = j, n
			}
			continue
		}
		// A separator: it must close a long enough group and be followed
		// by a digit.
		minGroup := 2
		if firstGroup && !intl {
			minGroup = 3
		}
		if group < minGroup {
			break
		}
		k := j
		switch {
		case c == ')' && paren && closeAt < 0:
			closeAt = j
			k++
			if k < len(t) && t[k] == ' ' {
				k++
			}
		case c == ' ' || c == '-':
			k++
		default:
		}
		if k == j || k >= len(t) || !isDigit(t[k]) {
			break
		}
		j, group, firstGroup = k, 0, false
	}
	if best < 0 || wordAt(t, best) {
		return 0, 0, false
	}
	if paren && (closeAt < 0 || closeAt > best) {
		start++ // unmatched bracket: highlight the digits only
	}
	switch digits[1] {
	case '1':
	case '2', '7':
		if bestN != 11 {
			return 0, 0, false
		}
	default:
		return 0, 0, false
	}
	if isPublicLine(string(digits[:bestN])) {
		return 0, 0, false
	}
	return start, best, true
}
