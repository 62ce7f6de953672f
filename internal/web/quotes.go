package web

import (
	"html"
	"strings"
	"unicode/utf8"

	"forum/internal/forum"
	"forum/internal/markup"
	"forum/internal/store"
)

// Quote and reply (store/quotes.go keeps which posts quote which). "Quote"
// under a post opens the reply form with the post quoted: the passage the
// reader selected in it, where JavaScript runs (quote.js) and the passage
// is the post's own words, or else the post itself. The quotation names
// the author as readers see them, so a quote of an anonymous post stays
// anonymous, and links back to the post.

// Quotation sizes, in characters: a selected passage up to quoteMax is
// quoted as it is; a whole post longer than that is cut at a line.
const quoteMax = 1500

// quoteText is the Markdown a reply begins with when it quotes p, whose
// Markdown is source.
func quoteText(p forum.Post, source, passage string) string {
	own := ownWords(source)
	text := ""
	if passage = strings.Join(strings.Fields(passage), " "); passage != "" && utf8.RuneCountInString(passage) <= quoteMax {
		plain := strings.Join(strings.Fields(html.UnescapeString(markup.PlainText(string(markup.Render(own))))), " ")
		if strings.Contains(plain, passage) {
			text = passage
		}
	}
	if text == "" {
		text = strings.TrimSpace(own)
		if utf8.RuneCountInString(text) > quoteMax {
			cut := string([]rune(text)[:quoteMax])
			if i := strings.LastIndex(cut, "\n"); i > quoteMax/2 {
				cut = cut[:i]
			}
			text = strings.TrimSpace(cut) + " …"
		}
	}
	var b strings.Builder
	b.WriteString(store.QuoteHead(p.Author, p.ID))
	b.WriteString("\n>\n")
	for _, line := range strings.Split(text, "\n") {
		b.WriteString(strings.TrimRight("> "+strings.TrimRight(line, "\r"), " "))
		b.WriteString("\n")
	}
	b.WriteString("\n")
	return b.String()
}

// ownWords is a post's text without the quotations in it: a quote quotes
// only its author's words, so that a quotation removed from a post (its
// post hidden, its author erased) is not kept a second time inside
// another.
func ownWords(source string) string {
	var keep []string
	for _, line := range strings.Split(source, "\n") {
		if !strings.HasPrefix(strings.TrimLeft(line, " "), ">") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}
