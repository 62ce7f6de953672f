package forum

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
	"golang.org/x/text/runes"
	"golang.org/x/text/secure/precis"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// A pseudonym is the only name anyone has here, so a reader must be able to
// trust that two names that look the same are the same account, and that a
// name that looks like the forum's own words ("Anonymous practitioner",
// "Moderator") is the forum speaking. Three forms of a pseudonym serve that:
//
//   - NormalisePseudonym: the form that is stored and shown, by the PRECIS
//     Nickname profile (RFC 8266).
//   - PseudonymKey: the form in which two pseudonyms are the same account
//     (case and spacing do not count); sign-in looks accounts up by it.
//   - PseudonymSkeleton: the form in which two pseudonyms look alike
//     (Unicode TR39 confusables, case and spacing folded); no two accounts
//     share one, and none may have a reserved name's.

// reservedClass says who may use a reserved name's words.
type reservedClass int

const (
	// forumVoice names are what the forum shows in place of a person, or
	// the forum itself: nobody may take them, or wear them in a longer name.
	forumVoice reservedClass = iota
	// staffTitle names are roles. Nobody may take one alone; a staff
	// account created by the operator may wear one in a longer name
	// ("Site Admin"), a practitioner may not ("Admin Jo" would pass for staff).
	staffTitle
)

// reservedNames is the one list of names no member may take. It is data,
// read and never changed.
var reservedNames = []struct {
	name  string
	class reservedClass
}{
	{AnonymousName, forumVoice},
	{"Anonymous", forumVoice},
	{FormerMemberName, forumVoice},
	{"Deleted", forumVoice},
	{"System", forumVoice},
	{"Practice Forum", forumVoice},
	{"Host", staffTitle},
	{"Moderator", staffTitle},
	{"Mod", staffTitle},
	{"Admin", staffTitle},
	{"Administrator", staffTitle},
	{"Safeguarding lead", staffTitle},
	{"Staff", staffTitle},
}

// NormalisePseudonym is the form of p that is stored and shown, by the
// PRECIS Nickname profile (RFC 8266): other spaces become ASCII spaces,
// runs of spaces collapse and the ends are trimmed, and Unicode NFKC folds
// compatibility forms (full-width "ＡｄｍｉｎＯｎｅ", mathematical bold,
// circled and ligature letters) to the plain letters they stand for. Case is
// kept. It refuses control, format (invisible) and unassigned characters.
//
// Nickname rather than UsernameCasePreserved: a pseudonym is a display name
// with spaces in it ("Quiet Heron"), which the username profiles refuse, and
// their width-folding alone would leave mathematical and circled letters as
// they are, while NFKC maps them to the plain letters they imitate.
func NormalisePseudonym(p string) (string, error) {
	return precis.Nickname.String(p)
}

// PseudonymKey is the form in which two pseudonyms are the same account:
// the normalised form with case and spacing taken out, so "Quiet Heron",
// "quietheron" and "ＱＵＩＥＴ ＨＥＲＯＮ" collide. A string PRECIS refuses is
// folded as it is, so that sign-in still finds an account made before
// pseudonyms were normalised.
func PseudonymKey(p string) string {
	if n, err := NormalisePseudonym(p); err == nil {
		p = n
	}
	return foldSpacing(strings.ToLower(p))
}

// foldSpacing drops spaces, hyphens and underscores.
func foldSpacing(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '_' {
			return -1
		}
		return r
	}, s)
}

// PseudonymSkeleton is the form in which two pseudonyms look alike: each
// character replaced by its Unicode TR39 prototype (Cyrillic "А" and Latin
// "A", "rn" and "m", "0" and "O"), folded for case and spacing as
// PseudonymKey folds. The store keeps it under a unique index.
func PseudonymSkeleton(p string) string {
	return strings.Join(skeletonWords(p), "")
}

// skeletonWords splits a pseudonym into words and turns each into its
// skeleton. A word ends at a space, hyphen, underscore or apostrophe, where
// a small letter is followed by a capital ("AdminOne"), and between letters
// and digits ("Member2"), so that a reserved name is found as a word however
// it is joined to the rest.
func skeletonWords(p string) []string {
	if n, err := NormalisePseudonym(p); err == nil {
		p = n
	}
	var words []string
	start, prev := 0, rune(0)
	for i, r := range p {
		separator := unicode.IsSpace(r) || r == '-' || r == '_' || r == '\''
		joint := i > start && ((unicode.IsUpper(r) && unicode.IsLower(prev)) || unicode.IsDigit(r) != unicode.IsDigit(prev))
		if (separator || joint) && i > start {
			words = append(words, skeletonWord(p[start:i]))
		}
		switch {
		case separator:
			start = i + utf8.RuneLen(r)
		case joint:
			start = i
		}
		prev = r
	}
	if start < len(p) {
		words = append(words, skeletonWord(p[start:]))
	}
	return words
}

// skeletonWord is one word's skeleton. The skeleton is taken before and
// after lower-casing, because TR39 maps capitals and small letters apart
// ("I" looks like "l", "i" does not; "m" becomes "rn", "M" stays). Last, "i"
// and "l" are made one letter: a capital I is "l" to the eye and "i" to case
// folding, so "HeIen" passes for "Helen" and "ADMIN" is "Admin"; only by
// folding both together does neither trick get through. Two honest names
// that differ only by an i for an l are refused as alike: a small price.
func skeletonWord(w string) string {
	s := strings.ToLower(confusables.Skeleton(w))
	s = strings.ToLower(confusables.Skeleton(s))
	return strings.ReplaceAll(s, "i", "l")
}

// PseudonymProblem says what is wrong with a pseudonym that an account with
// role would take, or "" when it is fine. p should already be normalised.
func PseudonymProblem(p string, role Role) string {
	n := utf8.RuneCountInString(p)
	if n < PseudonymMin || n > PseudonymMax {
		return "Pseudonym must be between " + strconv.Itoa(PseudonymMin) + " and " + strconv.Itoa(PseudonymMax) + " characters"
	}
	for _, r := range p {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '-' || r == '_' || r == '\'') {
			return "Pseudonym can only use letters, numbers, spaces, hyphens, underscores and apostrophes"
		}
	}
	return reservedProblem(p, role)
}

// reservedProblem refuses a pseudonym that looks like a reserved name, or
// holds one as a run of whole words ("Former member 2", "FormerMember",
// "The Anonymous Practitioner"). Accents are taken off first: "Ànonymous"
// reads as the forum's word too. Words inside other words do not count
// ("Hostel Worker", "Systematic Reader").
func reservedProblem(p string, role Role) string {
	words := skeletonWords(stripMarks(p))
	whole := strings.Join(words, "")
	for _, r := range reservedNames {
		reserved := PseudonymSkeleton(r.name)
		verb := "looks like"
		if whole != reserved {
			if !wordRunIs(words, reserved) || (r.class == staffTitle && role.Trusted()) {
				continue
			}
			verb = "contains"
		}
		if r.class == forumVoice {
			return fmt.Sprintf("That pseudonym %s “%s”, a name the forum keeps for itself: choose another", verb, r.name)
		}
		return fmt.Sprintf("That pseudonym %s “%s”, a title the forum keeps for its staff: choose another", verb, r.name)
	}
	return ""
}

// wordRunIs reports whether some run of consecutive words, joined, is want.
func wordRunIs(words []string, want string) bool {
	for i := range words {
		joined := ""
		for _, w := range words[i:] {
			joined += w
			if joined == want {
				return true
			}
			if len(joined) >= len(want) {
				break
			}
		}
	}
	return false
}

// stripMarks takes accents and other combining marks off letters.
func stripMarks(s string) string {
	out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		return s
	}
	return out
}

// precisProblem explains why PRECIS refused a pseudonym, naming the first
// character it would not take, so that an invisible one can be found.
func precisProblem(p string) string {
	for _, r := range p {
		if unicode.Is(unicode.Zs, r) {
			continue
		}
		if _, err := NormalisePseudonym(string(r)); err == nil {
			continue
		}
		if unicode.IsGraphic(r) && !unicode.Is(unicode.Cf, r) {
			return fmt.Sprintf("Pseudonym contains “%c” (U+%04X), a character we cannot accept: use letters, numbers, spaces, hyphens, underscores and apostrophes", r, r)
		}
		return fmt.Sprintf("Pseudonym contains a hidden character (U+%04X) we cannot accept: type it again with letters, numbers, spaces, hyphens, underscores and apostrophes", r)
	}
	if strings.TrimFunc(p, unicode.IsSpace) == "" {
		return "Pseudonym must be between " + strconv.Itoa(PseudonymMin) + " and " + strconv.Itoa(PseudonymMax) + " characters"
	}
	return "Pseudonym contains characters we cannot accept: use letters, numbers, spaces, hyphens, underscores and apostrophes"
}
