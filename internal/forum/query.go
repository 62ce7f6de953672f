package forum

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Query is a search as a person typed it, taken apart into plain words:
// words that must all appear, "quoted phrases", and -excluded words. Only
// letters and digits survive, so nothing a person types can reach a
// database's query syntax.
type Query struct {
	Words    []string
	Phrases  [][]string
	Excluded []string
}

// QueryMax is the longest query, in characters.
const QueryMax = 200

// queryTermsMax bounds how many words one search may hold.
const queryTermsMax = 12

// stopwords carry no meaning on their own; a query of nothing else finds
// nothing useful, so it gets a message instead.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an and are as at be but by for from has have i if in into is it its
		of on or our so than that the their them then there these they this to was we were what when where
		which who will with you your`) {
		stopwords[w] = true
	}
}

// ParseQuery reads a search box. The message is for the person when the
// query cannot be searched as it is.
func ParseQuery(raw string) (Query, string) {
	var q Query
	var common []string
	if utf8.RuneCountInString(raw) > QueryMax {
		return q, "Your search is too long: use up to 200 characters."
	}
	raw = strings.ReplaceAll(raw, "“", `"`)
	raw = strings.ReplaceAll(raw, "”", `"`)
	parts := strings.Split(raw, `"`)
	for i, part := range parts {
		if i%2 == 1 { // inside quotes
			if words := Words(part); len(words) == 1 {
				q.Words = append(q.Words, words[0])
			} else if len(words) > 1 {
				q.Phrases = append(q.Phrases, words)
			}
			continue
		}
		for _, field := range strings.Fields(part) {
			excluded := strings.HasPrefix(field, "-")
			for _, w := range Words(field) {
				switch {
				case excluded:
					q.Excluded = append(q.Excluded, w)
				case stopwords[w]:
					common = append(common, w)
				default:
					q.Words = append(q.Words, w)
				}
			}
		}
	}
	switch {
	case len(q.Words)+len(q.Phrases) == 0 && len(q.Excluded) > 0:
		return q, "Add a word to look for, as well as the words to leave out."
	case len(q.Words)+len(q.Phrases) == 0 && len(common) > 0:
		return q, quoteWords(common, "is too common to search for on its own", "are too common to search for on their own") +
			". Add a more specific word."
	case len(q.Words)+len(q.Phrases) == 0:
		return q, "Enter a word or phrase to search for."
	case len(q.Phrases) == 0 && allShort(q.Words):
		return q, quoteWords(q.Words, "is", "are") + " too short to search for. Use a word of two or more letters or digits."
	case len(q.Words)+len(q.Phrases)+len(q.Excluded) > queryTermsMax:
		return q, "Use fewer words: up to 12."
	}
	return q, ""
}

// allShort reports whether every word is a single letter or digit, which
// finds nothing worth reading.
func allShort(words []string) bool {
	for _, w := range words {
		if utf8.RuneCountInString(w) > 1 {
			return false
		}
	}
	return true
}

// quoteWords names words in a message, each once, followed by what is said
// of one word or of several: `“a” is`, `“the” and “of” are`; more than
// three are "Those words".
func quoteWords(words []string, one, many string) string {
	var seen []string
	for _, w := range words {
		if !slices.Contains(seen, w) {
			seen = append(seen, w)
		}
	}
	for i, w := range seen {
		seen[i] = "“" + w + "”"
	}
	switch {
	case len(seen) == 1:
		return seen[0] + " " + one
	case len(seen) > 3:
		return "Those words " + many
	}
	return strings.Join(seen[:len(seen)-1], ", ") + " and " + seen[len(seen)-1] + " " + many
}

// Words splits text into lower-case words without accents, as the search
// index holds them.
func Words(text string) []string {
	return strings.FieldsFunc(Fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// Fold lower-cases text and takes accents off its letters (café → cafe).
func Fold(text string) string {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii { // most words: nothing to take off
		return strings.ToLower(text)
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, text)
	if err != nil {
		out = text
	}
	return strings.ToLower(out)
}

// Empty reports whether the query has nothing to look for.
func (q Query) Empty() bool { return len(q.Words)+len(q.Phrases) == 0 }
