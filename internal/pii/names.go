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

// titledNameAt looks at the word t[i:e] for a title followed by one or more
// capitalised words ("Mrs Popescu", "Dr Amara Okafor", "Mr. J. Smith", "Ms
// O'Neill"). The whole span, title included, is reported.
//
// Initials alone ("Mr X", "Ms AB") are not flagged: that is how
// practitioners already anonymise people, and flagging it would teach them
// to ignore the warning.
func (s *scanner) titledNameAt(i, e int) {
	t := s.text
	title := t[i:e]
	if !slices.Contains(titles, title) {
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
	s.add(TitledName, i, end)
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
		if nameStop[token] || slices.Contains(titles, token) {
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
