package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	neturl "net/url"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"forum/internal/forum"
	"forum/internal/store"
)

// xssCorpus is hostile text of every kind we know: each is written into
// every field a person controls and then read back in Chromium. Payloads
// call alert or push onto window.__xss, which the sentinel records.
var xssCorpus = []string{
	// Script elements, plain and disguised.
	`<script>alert("script")</script><script>window.__xss.push("script push")</script>`,
	`<SCRIPT SRC=/static/../x.js></SCRIPT><script src="data:text/javascript,alert('src')"></script>`,
	`<scr<script>ipt>alert("split")</scr</script>ipt> <<script>script>alert("doubled")<</script>/script>`,
	// Event handlers.
	`<img src=x onerror=alert("img")>`,
	`<img src="x" onerror="window.__xss.push('img push')"><img src=x:alert(alt) onerror=eval(src) alt="eval">`,
	`<svg onload=alert("svg")><svg/onload=alert("svg slash")>`,
	`<body onload=alert("body")>`,
	`<details open ontoggle=alert("details")>`,
	`<input autofocus onfocus=alert("autofocus")>`,
	`<marquee onstart=alert("marquee")>x</marquee><x onclick=alert("x")>click</x>`,
	`<a href="https://example.org" onclick="alert('a onclick')" onmouseover="alert('hover')">ok</a>`,
	// Breaking out of attributes, elements and templates.
	`"><script>alert("dq break")</script>`,
	`'><img src=x onerror=alert("sq break")>`,
	`</textarea><script>alert("textarea")</script></title><script>alert("title")</script>`,
	`<!--<img src="--><img src=x onerror=alert("comment")//">`,
	`<noscript><p title="</noscript><img src=x onerror=alert('noscript')>">`,
	`{{.}} {{template "layout" .}} ${alert("tpl")} #{alert(1)} <%= 7*7 %> {{constructor.constructor('alert(1)')()}}`,
	// URLs in Markdown links, images and autolinks.
	`[click](javascript:alert("md link")) [click](JaVaScRiPt:alert("md case"))`,
	`[click](javascript&colon;alert("md colon")) [click](&#106;avascript:alert("md entity"))`,
	`[click](<javascript:alert("md angle")>) [click](javascript://%0aalert("md comment"))`,
	`[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [click](vbscript:msgbox("md vb"))`,
	`![x](javascript:alert("md image"))`,
	`![x](x" onerror="alert('md image attr'))`,
	`![x](https://example.org/x.png "t\" onerror=\"alert('md title')")`,
	`[x](https://example.org/"onmouseover="alert('md href'))`,
	"[click][ref]\n\n[ref]: javascript:alert(\"md ref\")",
	`<javascript:alert("autolink")> <data:text/html,<script>alert("autolink data")</script>>`,
	`www.example.org/"onmouseover="alert('linkify')" javascript:alert("bare")`,
	"```\"><img src=x onerror=alert('fence')>\n<script>alert(\"fenced\")</script>\n```\n\n`<script>alert(\"code span\")</script>`",
	// Raw HTML with dangerous URLs.
	`<a href="javascript:alert('raw href')">x</a><a href="&#x6A;avascript:alert('raw entity')">y</a>`,
	`<iframe src="javascript:alert('iframe')"></iframe><iframe srcdoc="<script>alert('srcdoc')</script>"></iframe>`,
	`<form action="javascript:alert('form')"><button formaction="javascript:alert('formaction')">x</button></form>`,
	`<object data="javascript:alert('object')"></object><embed src="javascript:alert('embed')">`,
	`<base href="javascript:alert('base')//"><meta http-equiv="refresh" content="0;url=javascript:alert('meta')">`,
	// SVG and MathML.
	`<svg><script>alert("svg script")</script></svg>`,
	`<svg><a xlink:href="javascript:alert('svg link')"><text x="20" y="20">x</text></a></svg>`,
	`<svg><animate onbegin=alert("animate") attributeName=x dur=1s>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert("mxss")>`,
	`<math href="javascript:alert('math')">x</math>`,
	// CSS.
	`<style>@import 'javascript:alert("import")';body{background:url(javascript:alert('bg'))}</style>`,
	`<div style="width: expression(alert('expression')); background:url('javascript:alert(1)')">css</div>`,
	// Entities and lookalikes.
	`&lt;script&gt;alert("entities")&lt;/script&gt; &#60;img src=x onerror=alert("numeric")&#62;`,
	`＜script＞alert("fullwidth")＜/script＞ javascript&colon;alert("named colon")`,
	`\u003cscript\u003ealert("escaped")\u003c/script\u003e`,
	"\u202e<script>alert(\"rtl\")</script> java\u200bscript:alert(\"zwsp\")",
	`javascript:alert("plain")`,
	// Markup around personal data, so the highlighted findings carry it.
	`<img src=x onerror=alert("pii")> Mrs Popescu <script>alert("pii2")</script> 07700 900123 "><b>SW1A 1AA</b>`,
	// Very long.
	strings.Repeat(`<img src=x onerror=alert("long")>`, 500),
}

// xssPseudonyms are pseudonyms built to pass the pseudonym rule (letters,
// digits, space, - _ ') while looking like markup or code.
var xssPseudonyms = []string{
	`Ann' onfocus alert`,
	`O'Neil -- javascript`,
	`Ｓｃｒｉｐｔ Ａｌｅｒｔ`,
	`ʟᴇᴛᴛᴇʀ ᴏɴᴇʀʀᴏʀ`,
	`x' autofocus onfocus'`,
	`Ǌ_-' 123`,
}

// sentinel runs before any script of every page: it records what a
// payload calls, where only a payload would call it.
const sentinel = `(() => {
	const hits = [];
	Object.defineProperty(window, "__xss", {value: hits, writable: false, configurable: false});
	for (const name of ["alert", "confirm", "prompt", "print"]) {
		Object.defineProperty(window, name, {value: (...a) => { hits.push(name + "(" + a.map(String).join(", ") + ")"); return name === "confirm" ? false : null; },
			writable: false, configurable: false});
	}
})();`

// armSentinel installs the sentinel in p's tab and turns the content
// security policy off there, so that the page's markup, not the policy's
// second wall, is what is tested: an injected script would run.
func armSentinel(p *person) {
	p.t.Helper()
	p.run("arm the sentinel", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: sentinel}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}))
}

// xssInspect waits a moment for late handlers (onerror, ontoggle,
// autofocus), then reports what ran and what should not be in the page.
// xssInspect lets late handlers (onerror, ontoggle) run, then reports
// what ran and what should not be in the page.
const xssInspect = `(async () => {
	` + jsDescribe + `
	await new Promise(r => setTimeout(r, 0));
	const out = {hits: Array.isArray(window.__xss) ? window.__xss.slice() : ["the sentinel is missing"], problems: [],
		h1: (document.querySelector("h1") || {}).textContent || "", origin: location.origin, href: location.href};
	const bad = v => /^(javascript|data|vbscript):/.test(v.replace(/[\u0000-\u0020\u007f-\u009f\u200b-\u200f\u2028-\u202f\ufeff]/g, "").toLowerCase());
	const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "codebase", "srcset"];
	const banned = ["iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg", "math", "style", "portal", "template"];
	for (const e of document.querySelectorAll("*")) {
		const tag = e.localName;
		if (banned.includes(tag)) out.problems.push("a <" + tag + "> element: " + describe(e));
		if (tag === "script" && !(e.getAttribute("src") || "").startsWith("/static/")) out.problems.push("a script not of the site's own: " + e.outerHTML.slice(0, 120));
		if (tag === "meta" && e.hasAttribute("http-equiv")) out.problems.push("a meta http-equiv: " + e.outerHTML.slice(0, 120));
		if (tag === "link" && !(e.getAttribute("href") || "").startsWith("/")) out.problems.push("a link to elsewhere: " + e.outerHTML.slice(0, 120));
		if (tag === "form" && !(e.getAttribute("action") || "").startsWith("/")) out.problems.push("a form that sends elsewhere: " + e.outerHTML.slice(0, 120));
		for (const a of e.attributes) {
			const n = a.name.toLowerCase();
			if (n.startsWith("on")) out.problems.push(describe(e) + " has an event handler " + n + "=" + JSON.stringify(a.value.slice(0, 60)));
			if (n === "style" || n === "srcdoc") out.problems.push(describe(e) + " has " + n + "=" + JSON.stringify(a.value.slice(0, 60)));
			if (urlAttrs.includes(n) && bad(a.value)) out.problems.push(describe(e) + " has " + n + "=" + JSON.stringify(a.value.slice(0, 60)));
		}
	}
	return out;
})()`

type xssFindings struct {
	Hits     []string `json:"hits"`
	Problems []string `json:"problems"`
	H1       string   `json:"h1"`
	Origin   string   `json:"origin"`
	Href     string   `json:"href"`
}

// xssRun is one run of the XSS test: the site and the tally.
type xssRun struct {
	t    *testing.T
	site site
	mod  forum.Account
	// views counts pages read; placements counts payload texts in fields
	// on them; scripts counts payloads that ran.
	views, placements, scripts int
	pages                      map[string]bool
	fields                     map[string]bool
}

// check reads p's page and fails on anything a payload made happen. The
// page shows n payloads in each of the fields named.
func (x *xssRun) check(p *person, kind string, n int, fields ...string) xssFindings {
	p.t.Helper()
	f := get(p, "inspect "+kind, chromedp.Evaluate[xssFindings](xssInspect, chromedp.EvalAwaitPromise))
	x.views++
	x.placements += n * len(fields)
	x.pages[kind] = true
	for _, name := range fields {
		x.fields[name] = true
	}
	x.scripts += len(f.Hits)
	for _, h := range f.Hits {
		p.t.Errorf("XSS: on %s (%s) as %s, a payload ran: %s", kind, f.Href, p.name, h)
	}
	for _, pr := range f.Problems {
		p.t.Errorf("XSS: on %s (%s) as %s: %s", kind, f.Href, p.name, pr)
	}
	if f.Origin != strings.TrimSuffix(x.site.URL, "/") {
		p.t.Errorf("XSS: on %s as %s the page left the forum for %s", kind, p.name, f.Href)
	}
	if strings.Contains(f.H1, "something went wrong") {
		p.t.Errorf("on %s (%s) as %s the server failed: %q", kind, f.Href, p.name, f.H1)
	}
	return f
}

// open navigates p to path and checks the page.
func (x *xssRun) open(p *person, path, kind string, n int, fields ...string) xssFindings {
	p.t.Helper()
	p.run("open "+kind, chromedp.Navigate(x.site.URL+path))
	return x.check(p, kind, n, fields...)
}

// fit cuts s to at most n characters.
func fit(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// clickAndWait clicks sel and waits for the page it loads to show wait:
// the old page is marked first, so the wait cannot end on it.
func clickAndWait(sel, wait string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Evaluate[chromedp.Void](`document.documentElement.dataset.stale = "1"`),
		chromedp.Click(chromedp.CSS(sel)),
		chromedp.WaitReady(chromedp.CSS("html:not([data-stale]) "+wait)),
	)
}

// setValue sets a field's value from script, for any text (SetValue
// refuses the empty string).
func setValue(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%s);
		if (!e) throw new Error("no such field"); e.value = %s; })()`, jsString(sel), jsString(value)))
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err) // a string always marshals
	}
	return string(b)
}

// xssItem is where one payload went.
type xssItem struct {
	i            int
	text         string
	group, forum int64
	topic        store.Created
	title        string
	reply        int64 // the writer's reply, sent through the form
	signed       int64 // an approved reply by a payload-shaped pseudonym
	waiting      int64 // a reply left in the queue, answering signed
	declined     int64 // the second writer's reply, declined
}

// xssCrew is everyone who takes part, each in a tab of their own.
type xssCrew struct {
	visitor, writer, writer2, reader, mod, mod2, admin *person
}

// TestXSSInTheBrowser writes each hostile text into every field a person
// controls and reads every page that shows it in Chromium, as a visitor, a
// member, a moderator and an admin. Topics, with their previews, go
// through the real form for every payload and replies for every other
// one, as do search, the sign-in link's return address and the admin's
// people search; sign-up takes the pseudonym-shaped texts and a third of
// the payloads. Reports, declines, suspensions and the featured text go
// through their forms for every fifth payload (and the longest), and
// through the store for the rest (the featured text only by hand, since
// the site keeps its settings for a few seconds), as do hide and reveal
// reasons, invite notes, announcements and the names and descriptions of
// groups and forums. A sentinel installed
// before the page's own scripts records any payload that runs, with the
// content security policy turned off so that it cannot hide one; every
// page is also searched for event-handler attributes, foreign scripts,
// frames, SVG, MathML, styles and script URLs.
func TestXSSInTheBrowser(t *testing.T) {
	browser := chromium(t)
	s := newBusySite(t)
	x := &xssRun{t: t, site: s, pages: map[string]bool{}, fields: map[string]bool{}}
	var cast xssCast
	cast.admin = s.account(t, "Xss Admin", forum.RoleAdmin, scenePass)
	x.mod = s.account(t, "Xss Moderator", forum.RoleModerator, scenePass)
	mod2 := s.account(t, "Xss Second Moderator", forum.RoleModerator, scenePass)
	cast.writer = s.account(t, "Xss Writer", forum.RolePractitioner, scenePass)
	cast.writer2 = s.account(t, "Xss Second Writer", forum.RolePractitioner, scenePass)
	cast.reader = s.account(t, "Xss Reader", forum.RolePractitioner, scenePass)
	member := func(name string, a forum.Account) *person {
		p := newPerson(t, browser, name)
		armSentinel(p)
		signIn(p, s, a.Pseudonym, scenePass)
		return p
	}
	c := xssCrew{writer: member("writer", cast.writer), writer2: member("second writer", cast.writer2), reader: member("reader", cast.reader),
		mod: member("moderator", x.mod), mod2: member("second moderator", mod2), admin: member("admin", cast.admin)}
	c.visitor = newPerson(t, browser, "visitor")
	armSentinel(c.visitor)

	// Pseudonyms through the sign-up form: most payloads are refused;
	// those that get through write, host and moderate below.
	cast.authors = x.register(c.visitor)
	items, expert := x.places(&cast)
	for i := range items {
		x.payload(c, cast, &items[i], i%5 == 0 || i == len(items)-1)
	}
	x.exitURLs(c)
	x.lists(c, expert, len(items))

	fieldNames := make([]string, 0, len(x.fields))
	for f := range x.fields {
		fieldNames = append(fieldNames, f)
	}
	slices.Sort(fieldNames)
	t.Logf("XSS: %d payloads (and %d pseudonym-shaped texts) in %d fields (%s); %d page views of %d kinds of page; "+
		"%d payload texts read in place; scripts run: %d",
		len(xssCorpus), len(xssPseudonyms), len(x.fields), strings.Join(fieldNames, ", "), x.views, len(x.pages), x.placements, x.scripts)
}

// xssCast is the accounts of the XSS test, apart from the moderator's.
type xssCast struct {
	admin, writer, writer2, reader forum.Account
	// authors have payload-shaped pseudonyms; the first hosts the expert
	// forum, the second moderates.
	authors      []forum.Account
	host, modder forum.Account
}

// places makes, for each payload, a group and a forum named and described
// with it, an invite code noted with it and an announcement in an expert
// forum made of it. It returns where each payload goes and the expert forum.
func (x *xssRun) places(cast *xssCast) ([]xssItem, int64) {
	t := x.t
	t.Helper()
	ctx := context.Background()
	st := x.site.st
	groups, err := st.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	opens, closes := st.Now().Add(-time.Hour), st.Now().Add(7*24*time.Hour)
	expert := must[int64](t)(st.CreateForum(ctx, cast.admin, forum.ForumEdit{GroupID: groups[0].ID, Name: "Xss expert forum",
		Kind: forum.KindExpert, Anonymity: forum.AnonAllowed, OpensAt: &opens, ClosesAt: &closes}))
	if err := st.SetGrant(ctx, cast.admin, cast.authors[0].ID, store.Grant{Role: forum.RoleHost, HostedForums: []int64{expert}}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetGrant(ctx, cast.admin, cast.authors[1].ID, store.Grant{Role: forum.RoleModerator}); err != nil {
		t.Fatal(err)
	}
	x.site.longServing(t, cast.authors[1], x.mod)
	cast.host, cast.modder = x.site.fresh(t, cast.authors[0]), x.site.fresh(t, cast.authors[1])

	expires := st.Now().Add(7 * 24 * time.Hour)
	items := make([]xssItem, len(xssCorpus))
	for i, text := range xssCorpus {
		it := &items[i]
		it.i, it.text = i, text
		it.group = must[int64](t)(st.CreateGroup(ctx, cast.admin, forum.GroupEdit{Name: fit(fmt.Sprintf("G%02d %s", i, text), 100), Description: fit(text, 500)}))
		it.forum = must[int64](t)(st.CreateForum(ctx, cast.admin, forum.ForumEdit{GroupID: it.group, Name: fit(fmt.Sprintf("F%02d %s", i, text), 100),
			Description: fit(text, 500), Kind: forum.KindDiscussion, Anonymity: forum.AnonAllowed}))
		if err := st.CreateInvite(ctx, fmt.Sprintf("XSS%02d", i), fit(text, 100), cast.admin.ID, &expires); err != nil {
			t.Fatal(err)
		}
		if err := st.Announce(ctx, cast.host, expert, fit(fmt.Sprintf("A%02d %s", i, text), forum.TitleMax), text); err != nil {
			t.Fatal(err)
		}
	}
	return items, expert
}

// payload writes one payload everywhere and reads it back: the topic
// through the forms, replies around it (one left waiting, one declined,
// one hidden, one anonymous and asked to be revealed), then reports,
// declines and suspensions, by hand when byHand and through the store
// otherwise.
func (x *xssRun) payload(c xssCrew, cast xssCast, it *xssItem, byHand bool) {
	t := x.t
	t.Helper()
	ctx := context.Background()
	st := x.site.st
	x.writeThroughForms(c.writer, cast.writer, it)
	if t.Failed() {
		t.FailNow()
	}
	note := fit(it.text, forum.ContentNoteMax)
	it.signed = x.reply(cast.authors[it.i%len(cast.authors)], it.topic.PostID, it, "xsscanary "+it.text, note, false, true)
	it.waiting = x.reply(cast.writer2, it.signed, it, it.text, note, false, false)
	it.declined = x.reply(cast.writer2, it.topic.PostID, it, it.text, "", false, false)
	hidden := x.reply(cast.writer2, it.topic.PostID, it, it.text, "", false, true)
	reason := fit(it.text, forum.ReasonMax) // reasons are bounded
	if err := st.Hide(ctx, cast.modder, hidden, reason); err != nil {
		t.Fatal(err)
	}
	anon := x.reply(cast.writer2, it.topic.PostID, it, it.text, "", true, true)
	if _, err := st.RequestReveal(ctx, cast.modder, anon, fit("The reason for this check: "+it.text, forum.ReasonMax)); err != nil {
		t.Fatal(err)
	}
	x.read(c, it)
	x.open(c.mod, fmt.Sprintf("/mod/posts/%d", hidden), "moderate a hidden post", 1, "reply body", "hide reason", "topic title")
	x.reflect(c, it)
	x.laterFeatures(c, cast, it, note, byHand)
	if byHand {
		x.throughForms(c, cast.writer2, it)
		return
	}
	if err := st.Decline(ctx, x.mod, it.declined, it.text); err != nil {
		t.Fatal(err)
	}
	if err := st.ReportPost(ctx, cast.reader, it.signed, "other", fit(it.text, 1000)); err != nil {
		t.Fatal(err)
	}
	if err := st.Suspend(ctx, cast.admin, cast.writer2.ID, st.Now().Add(24*time.Hour), reason); err != nil {
		t.Fatal(err)
	}
	x.open(c.writer2, "/account", "account", 1, "suspension reason")
	if err := st.Unsuspend(ctx, cast.admin, cast.writer2.ID); err != nil {
		t.Fatal(err)
	}
}

// laterFeatures writes the payload into the fields issue 17 added, and
// reads the pages that show them: a change to a published reply (the
// queue's difference, its decline reason for the author), a note between
// moderators, a quotation of a reply by a payload-shaped pseudonym in the
// reply form, and, by hand, a preset decline reason.
func (x *xssRun) laterFeatures(c xssCrew, cast xssCast, it *xssItem, note string, byHand bool) {
	t := x.t
	t.Helper()
	ctx := context.Background()
	st := x.site.st
	changed := x.reply(cast.writer2, it.topic.PostID, it, "A reply its author will change.", "", false, true)
	if err := st.EditMyPost(ctx, cast.writer2.ID, changed, store.PostEdit{Body: "xsscanary changed " + it.text, ContentNote: note}); err != nil {
		t.Fatal(err)
	}
	x.open(c.mod, fmt.Sprintf("/mod/queue?forum=%d", it.forum), "queue with a change", 1, "change body", "content note", "topic title")
	x.open(c.writer2, "/my/posts", "your posts with a change", 1, "change body")
	if err := st.DeclineChange(ctx, x.mod, changed, fit(it.text, forum.ReasonMax)); err != nil {
		t.Fatal(err)
	}
	x.open(c.writer2, fmt.Sprintf("/my/posts/%d/edit", changed), "change a published post", 1, "change decline reason", "change body")
	if err := st.AddModNote(ctx, x.mod, it.signed, fit(it.text, forum.ModNoteMax), ""); err != nil {
		t.Fatal(err)
	}
	x.open(c.mod, fmt.Sprintf("/mod/posts/%d", it.signed), "moderate a post with notes", 1, "moderator note", "reply body", "pseudonym")
	x.open(c.reader, fmt.Sprintf("/t/%d/reply?to=%d&quote=1", it.topic.TopicID, it.signed), "reply form with a quotation", 1, "reply body", "pseudonym")
	if !byHand {
		return
	}
	if err := st.CreateDeclineReason(ctx, cast.admin, forum.DeclineReasonEdit{Label: fit(it.text, forum.DeclineLabelMax), Text: fit(it.text, forum.ReasonMax)}); err != nil {
		t.Fatalf("payload %d as a decline reason: %v", it.i, err)
	}
	x.open(c.admin, "/admin/decline-reasons", "admin decline reasons", 1, "decline reason label", "decline reason text")
}

// register tries each pseudonym-shaped text and every third payload (cut
// to the longest pseudonym) through the sign-up form. A refusal must agree
// with the pseudonym rule; an account that is made signs out again. It
// returns the accounts made.
func (x *xssRun) register(p *person) []forum.Account {
	t := x.t
	t.Helper()
	var made []forum.Account
	p.run("open sign-up", chromedp.Navigate(x.site.URL+"/register"))
	tries := slices.Clone(xssPseudonyms)
	for i, text := range xssCorpus {
		if i%3 == 0 { // every payload is refused alike; a third of them will do
			tries = append(tries, text)
		}
	}
	for _, text := range tries {
		name := fit(text, forum.PseudonymMax)
		p.run("sign up as "+name,
			setValue("#pseudonym", name),
			setValue("#passphrase", scenePass),
			setValue("#confirm", scenePass),
			clickAndWait(`form[action="/register"] button[type=submit]`, ":is(.error-summary, .flash)"),
		)
		refused := get(p, "read the answer", chromedp.Evaluate[bool](`!!document.querySelector(".error-summary")`))
		x.check(p, "sign-up", 1, "pseudonym")
		na := forum.NewAccount{Pseudonym: name, Passphrase: scenePass, Role: forum.RolePractitioner}
		rule := forum.FieldErrorsOf(na.Validate()).For("pseudonym")
		clean := na.Pseudonym
		switch {
		case refused && rule == "":
			t.Errorf("sign-up refused %q, which the pseudonym rule allows: %s", name, p.text(".error-summary"))
		case !refused && rule != "":
			t.Errorf("sign-up accepted %q, which the pseudonym rule refuses: %s", name, rule)
		case !refused:
			a, _, err := x.site.st.Credentials(context.Background(), clean)
			if err != nil {
				t.Fatalf("the account %q was made but cannot be found: %v", clean, err)
			}
			made = append(made, a)
			p.run("sign out", clickAndWait(`form[action="/logout"] button`, ".flash"))
			p.run("open sign-up", chromedp.Navigate(x.site.URL+"/register"))
		}
	}
	if len(made) < 2 {
		t.Fatalf("only %d pseudonyms got through sign-up; the test needs two", len(made))
	}
	return made
}

// writeThroughForms starts the payload's topic through the real form,
// previewing it first, and replies to it, through the form for every
// other payload; it approves both.
func (x *xssRun) writeThroughForms(p *person, writer forum.Account, it *xssItem) {
	t := x.t
	t.Helper()
	note := fit(it.text, forum.ContentNoteMax)
	p.run("write a topic",
		chromedp.Navigate(url(x.site, "/f/%d/new", it.forum)),
		setValue("#title", fit(fmt.Sprintf("X%02d %s", it.i, it.text), forum.TitleMax)),
		setValue("#body", it.text),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#has_note").checked = true`),
		setValue("#content_note", note),
		clickAndWait(`button[value=preview]`, ".preview"),
	)
	x.check(p, "new topic preview", 1, "topic title", "topic body", "content note", "group name", "forum name")
	mine := x.send(p, writer, true)
	x.check(p, "your posts", 1, "topic title", "topic body")
	it.topic, it.title = store.Created{TopicID: mine.TopicID, PostID: mine.ID}, mine.TopicTitle
	x.approve(it.topic.PostID)

	if it.i%2 == 1 { // half the replies come from the store, to save time
		it.reply = x.reply(writer, it.topic.PostID, it, it.text, note, false, true)
		return
	}
	p.run("write a reply",
		chromedp.Navigate(url(x.site, "/t/%d/reply?to=%d", it.topic.TopicID, it.topic.PostID)),
		setValue("#body", it.text),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#has_note").checked = true`),
		setValue("#content_note", note),
		clickAndWait(`button[value=preview]`, ".preview"),
	)
	x.check(p, "reply preview", 1, "reply body", "content note", "topic title", "topic body", "group name", "forum name")
	it.reply = x.send(p, writer, false).ID
	x.check(p, "your posts", 1, "reply body", "topic title")
	x.approve(it.reply)
}

// send sends the previewed form, confirming personal-data findings if the
// check found any, and returns the post it made.
func (x *xssRun) send(p *person, writer forum.Account, opening bool) forum.MyPost {
	p.t.Helper()
	p.run("send",
		chromedp.Evaluate[chromedp.Void](`(() => { const c = document.querySelector("#confirm_pii"); if (c) c.checked = true; })()`),
		clickAndWait(`button[value=send]`, ":is(.my-posts, .error-summary)"))
	if get(p, "read the answer", chromedp.Evaluate[bool](`!!document.querySelector(".error-summary")`)) {
		x.check(p, "refused post", 1, "topic body")
		p.t.Fatalf("the form refused the payload: %s", p.text(".error-summary"))
	}
	mine, err := x.site.st.MyPosts(context.Background(), writer.ID, 1)
	if err != nil || len(mine) != 1 || mine[0].Opening != opening {
		p.t.Fatalf("the post sent through the form is not the writer's latest: %+v (%v)", mine, err)
	}
	return mine[0]
}

// approve approves a waiting post as the moderator.
func (x *xssRun) approve(postID int64) {
	x.t.Helper()
	if err := x.site.st.Approve(context.Background(), x.mod, postID); err != nil {
		x.t.Fatal(err)
	}
}

// reply writes a reply to parent in the payload's topic, approved or not.
func (x *xssRun) reply(by forum.Account, parent int64, it *xssItem, body, note string, anonymous, approve bool) int64 {
	t := x.t
	t.Helper()
	r, err := x.site.st.CreateReply(context.Background(), forum.NewReply{TopicID: it.topic.TopicID, ParentID: &parent, AuthorID: by.ID,
		Body: body, ContentNote: note, Anonymous: anonymous})
	if err != nil {
		t.Fatal(err)
	}
	if approve && r.Status == forum.StatusPending {
		x.approve(r.PostID)
	}
	return r.PostID
}

// read reads the payload's topic as a visitor; its heading must read as
// it was typed.
func (x *xssRun) read(c xssCrew, it *xssItem) {
	t := x.t
	t.Helper()
	f := x.open(c.visitor, fmt.Sprintf("/t/%d", it.topic.TopicID), "topic", 1,
		"topic title", "topic body", "content note", "reply body", "pseudonym", "group name", "forum name")
	if got, want := strings.Join(strings.Fields(f.H1), " "), strings.Join(strings.Fields(it.title), " "); got != want {
		t.Errorf("payload %d: the topic's heading reads %q, want the title as typed, %q", it.i, fit(got, 200), fit(want, 200))
	}
}

// reflect puts the payload in addresses whose text comes back in the page.
func (x *xssRun) reflect(c xssCrew, it *xssItem) {
	x.t.Helper()
	q := neturl.QueryEscape(it.text)
	x.open(c.visitor, fmt.Sprintf("/search?q=%s&group=%d", q, it.group), "search", 1, "search query", "group name", "forum name")
	x.open(c.visitor, "/login?next="+q, "sign in", 1, "return address")
	x.open(c.admin, "/admin/people?q="+q, "admin people", 1, "people search")
}

// throughForms does by hand what the store does for other payloads:
// the reader reports, the moderator declines from the queue, the admin
// suspends the second writer and features the group, each with the
// payload as the text typed; and each reads the page where it shows.
func (x *xssRun) throughForms(c xssCrew, writer2 forum.Account, it *xssItem) {
	x.t.Helper()
	x.open(c.reader, fmt.Sprintf("/p/%d/report", it.signed), "report form", 1, "reply body", "pseudonym", "topic title", "group name", "forum name")
	c.reader.run("report",
		chromedp.Click(chromedp.CSS(`#reason-other`)),
		setValue("#note", it.text),
		clickAndWait(`form[action$="/report"] button[type=submit]`, ":is(.flash, .error-summary)"),
	)
	x.check(c.reader, "topic", 1, "topic title", "topic body", "reply body", "report note")

	x.open(c.mod, fmt.Sprintf("/mod/queue?forum=%d", it.forum), "queue", 2,
		"reply body", "content note", "topic title", "group name", "forum name", "pseudonym")
	c.mod.run("decline",
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#q%d details.decline summary", it.declined))),
		setValue(fmt.Sprintf("#reason-%d", it.declined), "other"),
		setValue(fmt.Sprintf("#note-%d", it.declined), fit(it.text, forum.ReasonMax)),
		clickAndWait(fmt.Sprintf(`#q%d form[action$="/decline"] button`, it.declined), ".flash"),
	)
	x.check(c.mod, "queue", 1, "reply body", "topic title")
	x.open(c.mod, fmt.Sprintf("/mod/posts/%d", it.signed), "moderate a post", 1, "reply body", "topic title", "group name", "forum name", "pseudonym")

	x.open(c.admin, fmt.Sprintf("/admin/people/%d", writer2.ID), "admin person", 1, "group name")
	c.admin.run("suspend", setValue("#reason", fit(it.text, forum.ReasonMax)), clickAndWait(`form[action$="/suspend"] button`, ".flash"))
	x.check(c.admin, "admin person", 1, "suspension reason", "group name")
	x.open(c.writer2, "/account", "account", 1, "suspension reason")
	x.open(c.writer2, fmt.Sprintf("/my/posts/%d/edit", it.declined), "edit a declined post", 1, "decline note", "reply body", "topic title")
	c.admin.run("lift the suspension", clickAndWait(`form[action$="/unsuspend"] button`, ".flash"))
	x.open(c.admin, fmt.Sprintf("/admin/groups/%d", it.group), "admin group", 1, "group name", "group description")
	x.open(c.admin, fmt.Sprintf("/admin/forums/%d", it.forum), "admin forum", 1, "forum name", "forum description")

	x.open(c.admin, "/admin/settings", "admin settings", 1, "group name")
	c.admin.run("feature",
		setValue("#featured_group", fmt.Sprint(it.group)),
		setValue("#featured_text", fit(it.text, 1000)),
		clickAndWait(`form[action="/admin/settings"] button[type=submit]`, ":is(.flash, .error-summary)"),
	)
	x.check(c.admin, "admin settings", 1, "featured text", "group name")
	x.open(c.visitor, "/", "home", 1, "featured text", "group name")
	x.open(c.visitor, "/digest", "digest", 1, "featured text", "group name")
	x.open(c.visitor, fmt.Sprintf("/g/%d", it.group), "group", 1, "group name", "group description", "forum name", "forum description")
	x.open(c.visitor, fmt.Sprintf("/f/%d", it.forum), "forum", 1, "forum name", "forum description", "group name", "topic title")
}

// exitURLs tries hostile addresses for Exit this page through the
// settings form; the safety page shows the address and every page links
// to it.
func (x *xssRun) exitURLs(c xssCrew) {
	x.t.Helper()
	for _, u := range []string{
		`https://example.org/"><script>alert("exit dq")</script>`,
		`https://example.org/' onmouseover='alert("exit sq")' x='`,
		`https://example.org/#javascript:alert("exit hash")`,
		`https://example.org/?q=<img src=x onerror=alert("exit query")>`,
		`https://javascript:alert(1)@example.org/`,
		`javascript:alert("exit js")//https://example.org`,
		`data:text/html,<script>alert("exit data")</script>`,
		forum.DefaultExitURL,
	} {
		x.open(c.admin, "/admin/settings", "admin settings", 0)
		c.admin.run("set the exit address",
			setValue("#exit_url", u),
			clickAndWait(`form[action="/admin/settings"] button[type=submit]`, ":is(.flash, .error-summary)"),
		)
		x.check(c.admin, "admin settings", 1, "exit address")
		x.open(c.visitor, "/safety", "safety", 1, "exit address")
	}
}

// lists reads the pages that show every payload at once, and each of
// their further pages.
func (x *xssRun) lists(c xssCrew, expert int64, n int) {
	t := x.t
	t.Helper()
	// The queue, a page at a time: read it, then approve what it showed.
	for range 10 {
		f := x.open(c.mod, "/mod/queue", "queue", 0, "reply body", "content note", "topic title", "group name", "forum name", "pseudonym")
		ids := get(c.mod, "read the queue", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".queue-item"), e => e.id.slice(1))`))
		x.placements += len(ids) * 6
		if len(ids) == 0 {
			break
		}
		for _, id := range ids {
			var postID int64
			if _, err := fmt.Sscan(id, &postID); err != nil {
				t.Fatalf("queue item %q on %s: %v", id, f.Href, err)
			}
			x.approve(postID)
		}
	}
	for _, v := range []struct {
		who    *person
		path   string
		kind   string
		fields []string
	}{
		{c.visitor, "/", "home", []string{"topic title", "group name", "group description", "forum name", "forum description", "pseudonym"}},
		{c.visitor, "/digest", "digest", []string{"topic title", "group name", "forum name", "pseudonym"}},
		{c.visitor, fmt.Sprintf("/f/%d", expert), "expert forum", []string{"announcement title", "announcement body", "pseudonym"}},
		{c.visitor, "/search?q=xsscanary", "search", []string{"reply body", "topic title", "group name", "forum name", "pseudonym"}},
		{c.writer, "/my/posts", "your posts", []string{"topic title", "topic body", "reply body", "content note"}},
		{c.writer, "/notifications", "notifications", []string{"topic title"}},
		{c.writer2, "/my/posts", "your posts", []string{"topic title", "reply body", "decline note", "hide reason"}},
		{c.writer2, "/notifications", "notifications", []string{"topic title", "decline note", "hide reason", "change decline reason"}},
		{c.mod, "/mod/reports", "reports", []string{"report note", "reply body", "topic title"}},
		{c.mod, "/mod/reveals", "reveals", []string{"reveal reason", "pseudonym"}},
		{c.mod2, "/mod/reveals", "reveals", []string{"reveal reason", "pseudonym"}},
		{c.mod, "/mod/log", "moderation log", []string{"pseudonym", "topic title", "hide reason", "decline note", "reveal reason", "group name", "forum name"}},
		{c.admin, "/admin/invites", "admin invites", []string{"invite note"}},
		{c.admin, "/admin/people", "admin people", []string{"pseudonym"}},
		{c.admin, "/admin/groups", "admin groups", []string{"group name", "forum name"}},
		{c.admin, fmt.Sprintf("/admin/people/%d", x.mod.ID), "admin person", []string{"group name", "forum name"}},
	} {
		x.open(v.who, v.path, v.kind, n, v.fields...)
		for range 20 {
			next := get(v.who, "find the next page", chromedp.Evaluate[string](`(document.querySelector('main a[rel="next"]') || {}).href || ""`))
			if next == "" || v.kind == "digest" {
				break
			}
			v.who.run("open the next page", chromedp.Navigate(next))
			x.check(v.who, v.kind, 0, v.fields...)
		}
	}
}
