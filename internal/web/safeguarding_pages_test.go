package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The helpers here let the safeguarding tests walk every page of the
// forum: the GET routes come from the router itself, so a page added later
// is fetched without anyone listing it here, and a page whose path holds a
// parameter this file cannot fill fails the test until it is taught.

// sgIDs are real ids, codes and tokens to put into route patterns.
type sgIDs struct {
	group, forum, topic int64
	// expert is an expert forum still to open, for its hosts' pages.
	expert int64
	// post is an approved post; pending is a pending post in the queue;
	// myPending is a pending post of the member the tests sign in as.
	post, pending, myPending int64
	account, report, reveal  int64
	// myDraft is a draft of the member the tests sign in as.
	myDraft       int64
	invite, token string
	// week names a week of the digest, such as 2026-W10; query is what
	// a search route searches for.
	week, query string
}

// sgOpsRoutes answer machines, not readers: no pages, no post times.
var sgOpsRoutes = map[string]bool{"/healthz": true, "/readyz": true, "/static/*": true}

// sgRedirectRoutes answer with a redirect to a page of the forum (a post's
// permalink, to the page of its topic that shows it; a topic's first unread
// post, for a member): the walk checks the redirect and then the page it
// leads to.
var sgRedirectRoutes = map[string]bool{"/p/:id": true, "/t/:id/unread": true}

// sgGetRoutes lists the router's GET route patterns, sorted, once each.
func sgGetRoutes(t *testing.T, s served) []string {
	t.Helper()
	var out []string
	for _, r := range s.srv.Routes() {
		if r.Method == http.MethodGet && !slices.Contains(out, r.Path) {
			out = append(out, r.Path)
		}
	}
	slices.Sort(out)
	if len(out) < 20 {
		t.Fatalf("the router lists only %d GET routes: %v", len(out), out)
	}
	return out
}

// sgFill puts real values into a route pattern. ok is false when a
// parameter names something this file does not know how to fill.
func sgFill(pattern string, ids sgIDs) (string, bool) {
	segs := strings.Split(pattern, "/")
	for i, seg := range segs {
		if seg != "*" && !strings.HasPrefix(seg, ":") {
			continue
		}
		prev := ""
		if i > 0 {
			prev = segs[i-1]
		}
		v, ok := ids.value(pattern, seg, prev)
		if !ok {
			return "", false
		}
		segs[i] = v
	}
	path := strings.Join(segs, "/")
	if strings.Contains(pattern, "search") && ids.query != "" {
		path += "?q=" + url.QueryEscape(ids.query)
	}
	return path, true
}

// value chooses what a parameter names from its own name and, for a plain
// :id, from the path segment before it.
func (ids sgIDs) value(pattern, param, prev string) (string, bool) {
	n := func(id int64) (string, bool) { return strconv.FormatInt(id, 10), true }
	switch param {
	case "*":
		if pattern == "/static/*" {
			return "forum.css", true
		}
		return "", false
	case ":token":
		return ids.token, true
	case ":code":
		return ids.invite, true
	case ":week":
		return ids.week, ids.week != ""
	case ":file":
		// A feed: the id of what it is the feed of, as "12.atom".
		v, ok := ids.value(pattern, ":id", prev)
		return v + ".atom", ok
	case ":group":
		return n(ids.group)
	case ":forum":
		return n(ids.forum)
	case ":topic":
		return n(ids.topic)
	case ":post":
		return n(ids.post)
	case ":id":
	default:
		return "", false
	}
	switch prev {
	case "g", "group", "groups":
		return n(ids.group)
	case "f", "forum", "forums":
		if pattern == "/f/:id/open" {
			return n(ids.expert)
		}
		return n(ids.forum)
	case "t", "topic", "topics":
		return n(ids.topic)
	case "p":
		return n(ids.post)
	case "posts":
		switch {
		case strings.HasPrefix(pattern, "/my/"):
			return n(ids.myPending)
		case strings.HasPrefix(pattern, "/mod/"):
			return n(ids.pending)
		}
		return n(ids.post)
	case "drafts":
		return n(ids.myDraft)
	case "people", "accounts":
		return n(ids.account)
	case "reports":
		return n(ids.report)
	case "reveals":
		return n(ids.reveal)
	case "invites":
		return ids.invite, true
	case "decline-reasons":
		return "1", true // the first preset reason the migration seeds
	}
	return "", false
}

var (
	// sgTagRE is one start tag with its attributes; sgAttrRE one attribute.
	sgTagRE  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>` + "`" + `]+))?)*)\s*/?>`)
	sgAttrRE = regexp.MustCompile(`([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>` + "`" + `]+)))?`)
	// sgScriptRE is a script element with what it holds between its tags.
	sgScriptRE = regexp.MustCompile(`(?is)<script\b[^>]*>(.*?)</script>`)
)

// sgTag is one start tag of a page.
type sgTag struct {
	name  string
	attrs map[string]string // names lower-cased, values unescaped
	raw   string
}

func sgTags(body string) []sgTag {
	var out []sgTag
	for _, m := range sgTagRE.FindAllStringSubmatch(body, -1) {
		tag := sgTag{name: strings.ToLower(m[1]), attrs: map[string]string{}, raw: m[0]}
		for _, a := range sgAttrRE.FindAllStringSubmatch(m[2], -1) {
			tag.attrs[strings.ToLower(a[1])] = html.UnescapeString(a[2] + a[3] + a[4])
		}
		out = append(out, tag)
	}
	return out
}

// sgURLAttrs are the attributes that make a browser fetch, embed or send
// something; an <a href> is a navigation and is checked apart.
var sgURLAttrs = []string{"src", "href", "action", "formaction", "data", "poster", "srcset", "background", "ping", "manifest", "cite", "xlink:href"}

// sgSameOrigin reports whether ref stays on the site at base.
func sgSameOrigin(ref string, base *url.URL) bool {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return false
	}
	if u.Scheme == "" && u.Host == "" && u.Opaque == "" {
		return true
	}
	return u.Scheme == base.Scheme && u.Host == base.Host
}

// sgPageProblems lists what breaks "no inline script or style, nothing
// from elsewhere" in one HTML page. exitURL is the one address outside the
// site a page may link to, and only from an <a>.
func sgPageProblems(body string, base *url.URL, exitURL string) []string {
	var out []string
	for _, m := range sgScriptRE.FindAllStringSubmatch(body, -1) {
		if strings.TrimSpace(m[1]) != "" {
			out = append(out, "a script element with inline code: "+sgTrim(m[0]))
		}
	}
	for _, tag := range sgTags(body) {
		switch tag.name {
		case "style":
			out = append(out, "a <style> element")
		case "base":
			out = append(out, "a <base> element: "+tag.raw)
		case "script":
			if tag.attrs["src"] == "" {
				out = append(out, "an inline <script> without src: "+tag.raw)
			}
		case "meta":
			if strings.EqualFold(tag.attrs["http-equiv"], "refresh") {
				out = append(out, "a meta refresh: "+tag.raw)
			}
		}
		for name := range tag.attrs {
			switch {
			case name == "style":
				out = append(out, "a style attribute: "+tag.raw)
			case strings.HasPrefix(name, "on"):
				out = append(out, "an event-handler attribute "+name+": "+tag.raw)
			}
		}
		for _, name := range sgURLAttrs {
			ref, ok := tag.attrs[name]
			if !ok || sgSameOrigin(ref, base) {
				continue
			}
			if tag.name == "a" && name == "href" && ref == exitURL {
				continue
			}
			out = append(out, "<"+tag.name+" "+name+"> leaves the site: "+tag.raw)
		}
	}
	return out
}

// sgResources are the same-origin files a page makes the browser fetch.
func sgResources(body string) []string {
	var out []string
	for _, tag := range sgTags(body) {
		ref := ""
		switch tag.name {
		case "script", "img", "iframe":
			ref = tag.attrs["src"]
		case "link":
			ref = tag.attrs["href"]
		}
		if ref != "" && !slices.Contains(out, ref) {
			out = append(out, ref)
		}
	}
	return out
}

// sgCSPProblems lists what in a Content-Security-Policy lets a page load or
// run anything but this site's own files.
func sgCSPProblems(policy string) []string {
	var out []string
	if !strings.Contains(policy, "default-src 'self'") {
		out = append(out, "no default-src 'self'")
	}
	for _, directive := range strings.Split(policy, ";") {
		fields := strings.Fields(directive)
		if len(fields) == 0 {
			continue
		}
		for _, src := range fields[1:] {
			switch {
			case src == "'self'", src == "'none'":
			case strings.Contains(src, "unsafe"), src == "*", strings.Contains(src, ":"), strings.Contains(src, "."):
				out = append(out, fields[0]+" allows "+src)
			}
		}
	}
	return out
}

func sgTrim(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// sgIsHTML reports whether an answer is a page.
func sgIsHTML(p answer) bool {
	return strings.HasPrefix(p.header.Get("Content-Type"), "text/html")
}

// TestSafeguardingScannersCatchWhatTheyLookFor keeps the page scanners
// honest: a scanner that found nothing on every page would pass every test.
func TestSafeguardingScannersCatchWhatTheyLookFor(t *testing.T) {
	base, _ := url.Parse("http://127.0.0.1:8080")
	exit := "https://www.bbc.co.uk/weather"
	bad := map[string]string{
		"inline script":      `<script>alert(1)</script>`,
		"inline script, src": `<script src="/static/x.js">alert(1)</script>`,
		"style element":      `<style>p{}</style>`,
		"style attribute":    `<p style="color:red">x</p>`,
		"event handler":      `<button onclick="go()">x</button>`,
		"remote script":      `<script src="https://cdn.example.com/x.js"></script>`,
		"protocol-relative":  `<link rel="stylesheet" href="//fonts.example.com/css">`,
		"remote image":       `<img src="https://tracker.example.com/p.gif" alt="">`,
		"remote iframe":      `<iframe src="https://www.youtube.com/embed/x"></iframe>`,
		"remote form":        `<form method="post" action="https://evil.example/steal"></form>`,
		"other origin":       `<img src="http://127.0.0.1:9999/x.png" alt="">`,
		"javascript link":    `<a href="javascript:alert(1)">x</a>`,
		"other link":         `<a href="https://elsewhere.example/">x</a>`,
		"exit url on a link": `<link rel="prefetch" href="https://www.bbc.co.uk/weather">`,
		"meta refresh":       `<meta http-equiv="refresh" content="0;url=https://elsewhere.example/">`,
	}
	for name, page := range bad {
		if len(sgPageProblems(page, base, exit)) == 0 {
			t.Errorf("%s: %s passes the page scanner", name, page)
		}
	}
	good := `<!DOCTYPE html><html lang="en-GB"><head><link rel="stylesheet" href="/static/forum.css?v=abc"></head><body>` +
		`<a class="skip-link" href="https://www.bbc.co.uk/weather" rel="noreferrer" data-exit>Exit this page</a>` +
		`<a href="#main">Skip</a><a href="http://127.0.0.1:8080/t/1">t</a><form method="post" action="/logout"></form>` +
		`<p class="content">Someone wrote onload=x and style=y in a post.</p><script src="/static/exit.js?v=1"></script></body></html>`
	if problems := sgPageProblems(good, base, exit); len(problems) != 0 {
		t.Errorf("a clean page has problems: %v", problems)
	}
	if got := sgResources(good); len(got) != 2 {
		t.Errorf("resources of a clean page: %v", got)
	}
	for policy, ok := range map[string]bool{
		"default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'": true,
		"default-src 'self'; script-src 'self' 'unsafe-inline'":                                              false,
		"default-src 'self'; style-src 'self' https://fonts.googleapis.com":                                  false,
		"default-src 'self'; img-src *":                                                                      false,
		"default-src 'self'; img-src data:":                                                                  false,
		"script-src 'self'":                                                                                  false,
		"":                                                                                                   false,
	} {
		if got := len(sgCSPProblems(policy)) == 0; got != ok {
			t.Errorf("policy %q accepted = %v, want %v", policy, got, ok)
		}
	}
	secrets := []string{"14:37"}
	for body, leaks := range map[string]bool{
		`<time datetime="2026-03-03">3 March 2026</time>`:                  false,
		`<time datetime="2026-W10">the week of 2 March 2026</time>`:        false,
		`<updated>2026-03-03T00:00:00Z</updated>`:                          false,
		`<time datetime="2026-03-03T14:37:00Z">3 March 2026</time>`:        true,
		`<time datetime="2026-03-03 09:15">3 March 2026</time>`:            true,
		`<p>posted at 9:15</p>`:                                            true,
		`<p>posted 2.37pm</p>`:                                             true,
		`<p>posted 14:37</p>`:                                              true,
		`<updated>2026-03-03T09:15:00Z</updated>`:                          true,
		`<a rel="next" href="/f/1?after=2026-03-03">Next page</a>`:         true,
		`<a rel="next" href="/f/1?after=1772548620.5">Next page</a>`:       true,
		`<a rel="next" href="/t/1?after=00000001a00000002b">Next page</a>`: false,
	} {
		if got := len(sgLeaks(answer{body: body, header: http.Header{}}, secrets)) > 0; got != leaks {
			t.Errorf("%s: leaks = %v, want %v", body, got, leaks)
		}
	}
}
