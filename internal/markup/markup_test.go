package markup

import (
	"html"
	"strings"
	"testing"
)

func TestRenderKeepsWhatMembersWrite(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"paragraph", "Hello there", "<p>Hello there</p>"},
		{"emphasis", "**bold** and *soft*", "<p><strong>bold</strong> and <em>soft</em></p>"},
		{"numbered list", "1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"},
		{"list start", "3. three\n4. four", `<ol start="3">`},
		{"link gets rel", "[guidance](https://www.gov.uk/x)", `<a href="https://www.gov.uk/x" rel="nofollow noreferrer">guidance</a>`},
		{"autolink", "see https://www.nhs.uk/ for more", `<a href="https://www.nhs.uk/" rel="nofollow noreferrer">https://www.nhs.uk/</a>`},
		{"code block", "```\nx < y\n```", "<pre><code>x &lt; y\n</code></pre>"},
		{"strikethrough", "~~old~~", "<del>old</del>"},
		{"hard wrap", "line one\nline two", "line one<br>\nline two"},
		{"image becomes a link", "![a map](https://example.org/map.png)", `<a href="https://example.org/map.png" rel="nofollow noreferrer">Image: a map</a>`},
		{"a link to a post here", "[wrote](/p/4728010526665651)", `<a href="/p/4728010526665651" rel="nofollow noreferrer">wrote</a>`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Render(c.in); !strings.Contains(got, c.want) {
				t.Errorf("Render(%q) = %q, want it to contain %q", c.in, got, c.want)
			}
		})
	}
}

// TestRenderKeepsNoOtherRelativeLink: of the links without a scheme, only
// one to a post or topic of the forum stays a link.
func TestRenderKeepsNoOtherRelativeLink(t *testing.T) {
	for _, href := range []string{"/admin", "//evil.example/p/1", "/p/1/../../admin", "/p/12x", "p/12", "/p/12?x=1", "/t/1#p2", "../p/1"} {
		if got := Render("[x](" + href + ")"); strings.Contains(got, "<a") {
			t.Errorf("Render of a link to %q = %q: still a link", href, got)
		}
	}
}

func TestRenderRemovesEverythingHostile(t *testing.T) {
	hostile := []string{
		`<script>alert(1)</script>`,
		`<img src=x onerror=alert(1)>`,
		`[click](javascript:alert(1))`,
		`[click](JaVaScRiPt:alert(1))`,
		`[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
		`[click](vbscript:msgbox)`,
		`<a href="javascript:alert(1)">x</a>`,
		`<svg onload=alert(1)>`,
		`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
		`<iframe src="https://evil.example"></iframe>`,
		`<style>body{display:none}</style>`,
		`<div style="background:url(https://evil.example/track)">x</div>`,
		`![x](https://evil.example/pixel.gif)`,
		`<p onclick="alert(1)">x</p>`,
		"[x](java\tscript:alert(1))",
		`[x](&#106;avascript:alert(1))`,
		`<form action="https://evil.example"><input></form>`,
		`<object data="x"></object><embed src="x">`,
		`<base href="https://evil.example/">`,
		`<meta http-equiv="refresh" content="0;url=https://evil.example">`,
		`<<script>script>alert(1)<</script>/script>`,
	}
	forbidden := []string{"<script", "onerror", "onload", "onclick", "javascript:", "vbscript:", "data:", "<img", "<svg",
		"<math", "<iframe", "<style", "style=", "<form", "<input", "<object", "<embed", "<base", "<meta", "src="}
	for _, in := range hostile {
		out := strings.ToLower(Render(in))
		for _, bad := range forbidden {
			if strings.Contains(out, bad) {
				t.Errorf("Render(%q) = %q: contains %q", in, out, bad)
			}
		}
	}
}

func FuzzRenderIsAlwaysSafe(f *testing.F) {
	for _, s := range []string{"hello", "<script>x</script>", "[a](javascript:b)", "![i](http://x/y.png)", "`<b>`", "<svg/onload=1>",
		"jAvAsCript:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := strings.ToLower(Render(in))
		// Text is escaped, so these can only be tags.
		for _, bad := range []string{"<script", "<img", "<svg", "<iframe", "<style"} {
			if strings.Contains(out, bad) {
				t.Fatalf("Render(%q) = %q: contains %q", in, out, bad)
			}
		}
		// In a tag, an event handler or a javascript: URL would run;
		// as text ("type javascript: into…") neither does.
		if anyTag(out, hasEventAttr) {
			t.Fatalf("Render(%q) = %q: event handler attribute", in, out)
		}
		if anyTag(out, func(tag string) bool { return strings.Contains(html.UnescapeString(tag), "javascript:") }) {
			t.Fatalf("Render(%q) = %q: javascript: inside a tag", in, out)
		}
	})
}

// anyTag reports whether test holds for the text of any tag of h.
func anyTag(h string, test func(tag string) bool) bool {
	for {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			return false
		}
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			return false
		}
		if test(h[i : i+j]) {
			return true
		}
		h = h[i+j:]
	}
}

// hasEventAttr reports an on…= attribute in a tag's text.
func hasEventAttr(tag string) bool {
	for _, f := range strings.Fields(tag)[1:] {
		if strings.HasPrefix(f, "on") && strings.Contains(f, "=") {
			return true
		}
	}
	return false
}
