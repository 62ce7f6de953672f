// Package markup turns a post's Markdown into the HTML that pages show. It is
// the only place that decides which HTML a member can cause to appear, and it
// runs once, when a post is written; pages never render Markdown.
package markup

import (
	"bytes"
	stdhtml "html"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// md is goldmark with GitHub's tables, strikethrough and autolinks. Raw HTML
// in the source is not rendered (goldmark's default, kept on purpose), and
// images become links, because an <img> from another site would tell that
// site who is reading the forum.
var md = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
	goldmark.WithRendererOptions(
		html.WithHardWraps(),
		renderer.WithNodeRenderers(util.Prioritized(imageAsLink{}, 100)),
	),
)

// policy is the one sanitising policy of the whole forum, applied to
// goldmark's output as a second wall: even if the Markdown renderer let
// something through, only these elements and attributes reach a page.
var policy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote",
		"ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
		"table", "thead", "tbody", "tr", "th", "td")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,6}$`)).OnElements("ol")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center)$`)).OnElements("th", "td")
	// Links: web and mail only, never javascript: or data:, and always with
	// rel="nofollow noreferrer" so following one tells the other site
	// nothing. The one relative link is to a post or topic of this forum
	// (/p/ID, /t/ID), as a quotation's first line makes (store/quotes.go):
	// never a path elsewhere on the site, nor //host, which the pattern
	// refuses before the URL is looked at.
	p.AllowAttrs("href").Matching(regexp.MustCompile(`^(?i:https?://|mailto:|/[pt]/[0-9]{1,20}$)`)).OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return p
}()

// Render returns sanitised HTML for Markdown source.
func Render(source string) string {
	var buf bytes.Buffer
	if err := md.Convert([]byte(source), &buf); err != nil {
		// goldmark only fails on a failing writer; a bytes.Buffer does not fail.
		return policy.Sanitize("<p>" + source + "</p>")
	}
	return policy.Sanitize(buf.String())
}

// Sanitize applies the forum's policy to HTML from elsewhere in the program.
func Sanitize(h string) string { return policy.Sanitize(h) }

// imageAsLink renders ![alt](url) as a link to the image, labelled with its
// alt text, so no page ever loads an image from another site.
type imageAsLink struct{}

func (imageAsLink) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		img := n.(*ast.Image)
		label := altText(img, source)
		if label == "" {
			label = "image"
		}
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape(img.Destination, true)))
		_, _ = w.WriteString(`">`)
		_, _ = w.Write(util.EscapeHTML([]byte("Image: " + label)))
		_, _ = w.WriteString(`</a>`)
		return ast.WalkSkipChildren, nil
	})
}

func altText(n ast.Node, source []byte) string {
	var b bytes.Buffer
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			b.Write(t.Segment.Value(source))
		} else {
			b.WriteString(altText(c, source))
		}
	}
	return b.String()
}

// PlainText is the words of sanitised post HTML without its markup, for
// the search index and its snippets.
func PlainText(h string) string {
	var b strings.Builder
	inTag := false
	for i := 0; i < len(h); i++ {
		switch c := h[i]; {
		case c == '<':
			inTag = true
			b.WriteByte(' ')
		case c == '>':
			inTag = false
		case !inTag:
			b.WriteByte(c)
		}
	}
	return strings.Join(strings.Fields(stdhtml.UnescapeString(b.String())), " ")
}
