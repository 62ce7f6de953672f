package pii

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// titles are the honorifics that, followed by a capitalised word, almost
// always introduce a person's name. They are matched case-sensitively: "miss
// a meeting" and "the mrs" are ordinary words, and an all-capitals "MS" is
// more often Microsoft or multiple sclerosis than a title.
var titles = []string{"Master", "Miss", "Mrs", "Mr", "Ms", "Mx", "Dame", "Dr", "Prof", "Sir"}

// popCulture is the exception list: a title and a first word that together
// name a book, character, show or brand rather than a person. The list is
// short on purpose. It holds only the references practitioners are likely to
// make in a post (children's books in a safe house, a musical, a brand of
// boots), plus the children's charity still widely called "Dr Barnardo's",
// and that would otherwise be flagged every time; a wider list would start
// hiding real surnames. "Little Miss ..." is handled separately, by
// the word before the title, since every book in that series is a different
// name.
var popCulture = map[string]bool{
	"Mr Men":       true,
	"Mr Bean":      true,
	"Mr Blobby":    true,
	"Mr Motivator": true,
	"Miss Saigon":  true,
	"Dr Who":       true,
	"Dr Martens":   true,
	"Dr Barnardo":  true,
}

// popTitles are longer titles of shows and books whose title and first
// word are a real surname, so that only the whole title is let through
// ("Mrs Brown's Boys", but not "Mrs Brown").
var popTitles = []string{"Mrs Brown's Boys", "Mrs Brown’s Boys"}

// nameStop are capitalised words that end a name rather than continue it,
// mostly because a new sentence has begun after an abbreviated title ("I
// phoned the Dr. Then ...").
var nameStop = map[string]bool{
	"The": true, "This": true, "That": true, "These": true, "Those": true,
	"Then": true, "There": true, "They": true, "He": true, "She": true,
	"It": true, "We": true, "You": true, "And": true, "But": true, "Or": true,
	"So": true, "On": true, "In": true, "At": true, "To": true, "Of": true,
	"For": true, "With": true, "If": true, "When": true, "As": true,
	"Is": true, "Was": true, "Has": true, "Had": true,
}

// capsTitles are the titles also recognised in capitals ("MRS POPESCU"), as
// case notes copied from forms and letters often have them. "PROF", "SIR"
// and "DAME" are left out: in capitals they are more often part of a
// heading than of a name.
var capsTitles = []string{"MISS", "MRS", "MR", "MS", "MX", "DR"}

// notNames are a title and a first word that are not a person: the
// popCulture list, judges' titles, which name a public office ("Mr Justice
// Knowles", "Mrs Justice Cockerill"), and what a title in capitals more
// often abbreviates ("DR Congo", "MS Teams"). They are compared without
// regard to case.
var notNames = []string{"Justice", "Recorder", "Congo", "Teams", "Word", "Excel", "Office", "Society", "Forms", "Outlook"}

// titledNameAt looks at the word t[i:e] for a title followed by one or more
// capitalised words ("Mrs Popescu", "Dr Amara Okafor", "Mr. J. Smith", "Ms
// O'Neill", "MRS POPESCU"). The whole span, title included, is reported.
//
// Initials alone ("Mr X", "Ms AB") are not flagged: that is how
// practitioners already anonymise people, and flagging it would teach them
// to ignore the warning.
func (s *scanner) titledNameAt(i, e int) {
	t := s.text
	title := t[i:e]
	caps := slices.Contains(capsTitles, title)
	if !caps && !slices.Contains(titles, title) {
		return
	}
	j := e
	if j < len(t) && t[j] == '.' {
		j++
	}
	k := skipSpaces(t, j)
	if k == j {
		return
	}
	end, first, ok := nameAt(t, k)
	if !ok || popCulture[title+" "+first] || (title == "Miss" && littleBefore(t, i)) {
		return
	}
	for _, p := range popTitles {
		if strings.HasPrefix(t[i:], p) {
			return
		}
	}
	for _, w := range notNames {
		if strings.EqualFold(first, w) {
			return
		}
	}
	if caps && !capsNameOK(t, i, k, end) {
		return
	}
	s.add(TitledName, i, end)
}

// capsNameOK decides a title in capitals, whose name t[k:end] nameAt has
// read: every word of the name must be in capitals too ("MRS Popescu" is
// more likely "MRS" as an abbreviation), it must not be a common word ("DO
// NOT MISS THE BUS"), and the title and name must not sit inside a run of
// capitals ("PLEASE DON'T MISS APPOINTMENTS"), which is shouting, not a
// name. A label before the title ("CLIENT: MRS POPESCU") is fine.
func capsNameOK(t string, i, k, end int) bool {
	name := t[k:end]
	for _, w := range strings.Fields(name) {
		if capsStop[w] {
			return false
		}
		for _, r := range w {
			if unicode.IsLower(r) {
				return false
			}
		}
	}
	if strings.Count(name, " ") > 2 {
		return false
	}
	if i >= 2 && t[i-1] == ' ' && capsWordBefore(t, i-1) {
		return false
	}
	return !(end+1 < len(t) && t[end] == ' ' && capsWordAt(t, end+1))
}

// capsWordBefore reports whether the word ending at t[j] is in capitals and
// at least two letters long.
func capsWordBefore(t string, j int) bool {
	n := 0
	for j > 0 {
		r, w := utf8.DecodeLastRuneInString(t[:j])
		if !unicode.IsLetter(r) && r != '\'' && r != '’' {
			break
		}
		if unicode.IsLower(r) {
			return false
		}
		n++
		j -= w
	}
	return n >= 2
}

// capsWordAt reports whether a word in capitals at least two letters long
// starts at t[j].
func capsWordAt(t string, j int) bool {
	n := 0
	for j < len(t) {
		r, w := utf8.DecodeRuneInString(t[j:])
		if !unicode.IsLetter(r) {
			break
		}
		if unicode.IsLower(r) {
			return false
		}
		n++
		j += w
	}
	return n >= 2
}

// capsStop are common words that, in capitals, follow a title in a
// sentence written in capitals rather than name anyone.
var capsStop = map[string]bool{
	"THE": true, "THIS": true, "THAT": true, "THESE": true, "THOSE": true,
	"THEN": true, "THERE": true, "THEY": true, "HE": true, "SHE": true,
	"IT": true, "WE": true, "YOU": true, "AND": true, "BUT": true, "OR": true,
	"SO": true, "ON": true, "IN": true, "AT": true, "TO": true, "OF": true,
	"FOR": true, "WITH": true, "IF": true, "WHEN": true, "AS": true,
	"IS": true, "WAS": true, "HAS": true, "HAD": true, "HER": true,
	"HIS": true, "THEIR": true, "OUR": true, "YOUR": true, "MY": true,
	"ANY": true, "ALL": true, "OUT": true, "ONE": true, "NO": true,
	"NOT": true, "AN": true, "EVERY": true, "EACH": true, "SOME": true,
}

// skipSpaces moves past up to three spaces or no-break spaces (which some
// editors put after a title on purpose) and returns where they end.
func skipSpaces(t string, j int) int {
	for n := 0; n < 3 && j < len(t); n++ {
		switch {
		case t[j] == ' ':
			j++
		case strings.HasPrefix(t[j:], "\u00a0"):
			j += len("\u00a0")
		default:
			return j
		}
	}
	return j
}

// littleBefore reports whether "Little " (or "little ") comes just before
// t[i], as in the Little Miss books and the film Little Miss Sunshine.
func littleBefore(t string, i int) bool {
	return strings.HasSuffix(t[:i], "Little ") || strings.HasSuffix(t[:i], "little ")
}

// nameAt reads up to four capitalised words separated by single spaces from
// t[k] and returns the end of the name and its first word. Trailing initials
// are dropped ("Mr Ali I think" ends at "Ali"), and a name of initials only
// is not a name.
func nameAt(t string, k int) (end int, first string, ok bool) {
	type word struct {
		end     int
		initial bool
	}
	var words [4]word
	n := 0
	for n < len(words) && k < len(t) {
		r, w := utf8.DecodeRuneInString(t[k:])
		if !unicode.IsUpper(r) && !unicode.IsTitle(r) {
			break
		}
		e := k + w
		letters, allUpper := 1, true
		for e < len(t) {
			r2, w2 := utf8.DecodeRuneInString(t[e:])
			if unicode.IsLetter(r2) || unicode.Is(unicode.Mn, r2) {
				if !unicode.IsUpper(r2) {
					allUpper = false
				}
				letters++
				e += w2
				continue
			}
			if r2 == '\'' || r2 == '’' || r2 == '-' {
				// Inside a name ("O'Neill", "Nguyen-Tran"), but not a
				// possessive ("Ali's").
				r3, w3 := utf8.DecodeRuneInString(t[e+w2:])
				possessive := r2 != '-' && r3 == 's' && !wordAt(t, e+w2+w3)
				if unicode.IsLetter(r3) && !possessive {
					e += w2
					continue
				}
			}
			break
		}
		token := t[k:e]
		if nameStop[token] || slices.Contains(titles, token) || slices.Contains(capsTitles, token) {
			break // a new sentence, or the next person ("Mr A Mrs B")
		}
		initial := letters <= 2 && allUpper
		if initial && e < len(t) && t[e] == '.' {
			e++
		}
		if n == 0 {
			first = token
		}
		words[n] = word{e, initial}
		n++
		if e+1 < len(t) && t[e] == ' ' {
			k = e + 1
			continue
		}
		break
	}
	for n > 0 && words[n-1].initial {
		n--
	}
	if n == 0 {
		return 0, "", false
	}
	return words[n-1].end, first, true
}
