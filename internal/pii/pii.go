// Package pii is the personal-data check: it finds text in a post that could
// identify a survivor (an e-mail address, a phone number, a postcode, a
// street address, an official number, a passport number, bank details, a
// date of birth, a case reference, a titled name, a social-media handle, a
// vehicle registration) so that the author can be warned before sending and
// the moderator can redact.
//
// It warns; it never edits. Check only reports spans, and Redact is a helper
// a moderator calls on purpose. The package imports neither web nor database
// code so that the same check runs in the preview, in the queue and in tests.
//
// The detectors are hand-written scanners rather than package-level regular
// expressions: a post is checked on every preview, and a byte loop that
// jumps between likely starting points is many times faster than running
// ten unanchored patterns over the whole text. Each detector prefers to miss
// an odd spelling rather than cry wolf on ordinary practitioner prose,
// because a warning that fires on every post soon stops being read.
package pii

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Kind names what was found, so that callers can group or count findings
// without parsing labels meant for people.
type Kind string

// The kinds of personal data the check looks for.
const (
	Email         Kind = "email"
	Phone         Kind = "phone"
	Postcode      Kind = "postcode"
	NINumber      Kind = "ni_number"
	NHSNumber     Kind = "nhs_number"
	HomeOfficeRef Kind = "home_office_ref"
	BRP           Kind = "brp"
	DateOfBirth   Kind = "date_of_birth"
	CaseRef       Kind = "case_ref"
	TitledName    Kind = "titled_name"
	StreetAddress Kind = "street_address"
	Passport      Kind = "passport_number"
	BankDetails   Kind = "bank_details"
	SocialHandle  Kind = "social_handle"
	VehicleReg    Kind = "vehicle_registration"
)

// Finding is one piece of possible personal data. Start and End are byte
// offsets into the checked text (text[Start:End] is the match) so that the
// author's and the moderator's views can highlight it in place. Label is a
// short human name ("UK phone number"); Explanation is one plain sentence
// saying why it matters and what to do.
type Finding struct {
	Kind       Kind
	Start, End int
	Label      string
	// Explanation is shown next to the highlight, so it is written for the
	// author, not for a developer.
	Explanation string
}

// kindInfo holds the words shown to people for each kind, and the rank used
// to choose between two findings of the same length over the same text: a
// lower rank is more specific (an NHS number passes a check digit, a titled
// name is only a guess) and wins.
var kindInfo = map[Kind]struct {
	label, explanation string
	rank               int
}{
	NHSNumber:     {"NHS number", "This looks like an NHS number (its check digit is valid), which identifies one patient. Remove it.", 0},
	NINumber:      {"National Insurance number", "This looks like a National Insurance number, which identifies one person. Remove it.", 1},
	BankDetails:   {"bank details", "This looks like bank details (a sort code with an account number, or an IBAN), which identify one person's account. Remove them.", 2},
	HomeOfficeRef: {"Home Office reference", "This looks like a Home Office reference, which identifies one applicant. Remove it.", 3},
	Passport:      {"passport or identity card number", "This looks like a passport or identity card number, which identifies one person. Remove it.", 4},
	BRP:           {"biometric residence permit number", "This looks like a biometric residence permit number, which identifies one person. Remove it.", 5},
	CaseRef:       {"NRM or SCA case reference", "This looks like an NRM or Single Competent Authority case reference, which identifies one referral. Remove it.", 6},
	DateOfBirth:   {"date of birth", "This looks like a date of birth. Remove it, or give an age or age range instead.", 7},
	Email:         {"e-mail address", "This looks like an e-mail address. Remove it unless it is an organisation's public contact address.", 8},
	Phone:         {"UK phone number", "This looks like a UK phone number. Remove it unless it is a public service line.", 9},
	VehicleReg:    {"vehicle registration", "This looks like a vehicle registration, which can be traced to the vehicle's keeper. Remove it, or say only the make and colour.", 10},
	SocialHandle:  {"social-media handle", "This looks like a social-media handle or profile link, which leads straight to one person's account. Remove it, or say only which platform.", 11},
	StreetAddress: {"street address", "This looks like a street address (a house number and a street), which can lead someone to a person's home. Remove it or give only the town.", 12},
	Postcode:      {"UK postcode", "This looks like a full UK postcode, which can point to a single street or building. Remove it or give only the town.", 13},
	TitledName:    {"title and name", "This looks like a person's name. Use an initial or a pseudonym instead, unless it is a public figure.", 14},
}

// scanner carries the text being checked, an ASCII-lower-cased copy of the
// same length (so offsets agree) for keyword searches, and the raw findings
// before overlaps are resolved.
type scanner struct {
	text  string
	lower string
	found []Finding
}

// add records a raw finding; words for people are filled in by resolve, once
// the finding has survived overlap resolution.
func (s *scanner) add(k Kind, start, end int) {
	s.found = append(s.found, Finding{Kind: k, Start: start, End: end})
}

// Check returns the possible personal data in text, sorted by Start and not
// overlapping: where two findings overlap the longer one is kept, and between
// two of the same length the more specific kind. It never modifies text and
// never panics, whatever bytes it is given.
func Check(text string) []Finding {
	if text == "" {
		return nil
	}
	s := scanner{text: text, lower: asciiLower(text)}
	s.words()
	s.emails()
	s.handles()
	s.phones()
	return resolve(text, s.found)
}

// resolve drops malformed spans, keeps the longest (then most specific)
// finding wherever spans overlap, fills in the words for people and returns
// the findings in text order.
func resolve(text string, cands []Finding) []Finding {
	if len(cands) == 0 {
		return nil
	}
	cands = slices.DeleteFunc(cands, func(f Finding) bool { return !validSpan(text, f) })
	slices.SortStableFunc(cands, func(a, b Finding) int {
		if la, lb := a.End-a.Start, b.End-b.Start; la != lb {
			return lb - la
		}
		if ra, rb := kindInfo[a.Kind].rank, kindInfo[b.Kind].rank; ra != rb {
			return ra - rb
		}
		return a.Start - b.Start
	})
	var kept []Finding
	for _, f := range cands {
		// kept is sorted by Start; f fits if it ends before the next kept
		// span starts and starts after the previous one ends.
		i, _ := slices.BinarySearchFunc(kept, f.Start, func(k Finding, start int) int { return k.Start - start })
		if i < len(kept) && kept[i].Start < f.End {
			continue
		}
		if i > 0 && kept[i-1].End > f.Start {
			continue
		}
		info := kindInfo[f.Kind]
		f.Label, f.Explanation = info.label, info.explanation
		kept = slices.Insert(kept, i, f)
	}
	return kept
}

// validSpan reports whether f's span lies inside text and starts and ends on
// character boundaries, so slicing and highlighting can never split a rune.
func validSpan(text string, f Finding) bool {
	if f.Start < 0 || f.End > len(text) || f.Start >= f.End {
		return false
	}
	if !utf8.RuneStart(text[f.Start]) {
		return false
	}
	return f.End == len(text) || utf8.RuneStart(text[f.End])
}

// Redact returns text with each finding's span replaced by "[redacted]". It
// is the moderator's helper, so it is deliberately forgiving: findings may be
// in any order, and spans that fall outside the text, split a character or
// overlap one already replaced are ignored rather than trusted.
func Redact(text string, findings []Finding) string {
	fs := make([]Finding, 0, len(findings))
	for _, f := range findings {
		if validSpan(text, f) {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		return text
	}
	slices.SortStableFunc(fs, func(a, b Finding) int { return a.Start - b.Start })
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for _, f := range fs {
		if f.Start < last {
			continue
		}
		b.WriteString(text[last:f.Start])
		b.WriteString("[redacted]")
		last = f.End
	}
	b.WriteString(text[last:])
	return b.String()
}
