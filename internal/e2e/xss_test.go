package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	neturl "net/url"
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
	`<script>alert("script")</script>`,
	`<script>window.__xss.push("script push")</script>`,
	`<SCRIPT SRC=/static/../x.js></SCRIPT><script src="data:text/javascript,alert('src')"></script>`,
	`<scr<script>ipt>alert("split")</scr</script>ipt>`,
	`<<script>script>alert("doubled")<</script>/script>`,
	// Event handlers.
	`<img src=x onerror=alert("img")>`,
	`<img src="x" onerror="window.__xss.push('img push')">`,
	`<svg onload=alert("svg")>`,
	`<svg/onload=alert("svg slash")>`,
	`<body onload=alert("body")>`,
	`<details open ontoggle=alert("details")>`,
	`<input autofocus onfocus=alert("autofocus")>`,
	`<marquee onstart=alert("marquee")>x</marquee><x onclick=alert("x")>click</x>`,
	`<a href="https://example.org" onclick="alert('a onclick')" onmouseover="alert('hover')">ok</a>`,
	`<img src=x:alert(alt) onerror=eval(src) alt="eval">`,
	// Breaking out of attributes, elements and templates.
	`"><script>alert("dq break")</script>`,
	`'><img src=x onerror=alert("sq break")>`,
	`</textarea><script>alert("textarea")</script>`,
	`</title><script>alert("title")</script>`,
	`<!--<img src="--><img src=x onerror=alert("comment")//">`,
	`<noscript><p title="</noscript><img src=x onerror=alert('noscript')>">`,
	`{{.}} {{template "layout" .}} ${alert("tpl")} #{alert(1)} <%= 7*7 %> {{constructor.constructor('alert(1)')()}}`,
	// URLs in Markdown links, images and autolinks.
	`[click](javascript:alert("md link"))`,
	`[click](JaVaScRiPt:alert("md case"))`,
	`[click](javascript&colon;alert("md colon"))`,
	`[click](&#106;avascript:alert("md entity"))`,
	`[click](<javascript:alert("md angle")>)`,
	`[click](javascript://%0aalert("md comment"))`,
	`[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`[click](vbscript:msgbox("md vb"))`,
	`![x](javascript:alert("md image"))`,
	`![x](x" onerror="alert('md image attr'))`,
	`![x](https://example.org/x.png "t\" onerror=\"alert('md title')")`,
	`[x](https://example.org/"onmouseover="alert('md href'))`,
	"[click][ref]\n\n[ref]: javascript:alert(\"md ref\")",
	`<javascript:alert("autolink")>`,
	`<data:text/html,<script>alert("autolink data")</script>>`,
	`www.example.org/"onmouseover="alert('linkify')" javascript:alert("bare")`,
	"```\"><img src=x onerror=alert('fence')>\n<script>alert(\"fenced\")</script>\n```",
	"`<script>alert(\"code span\")</script>`",
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
	`&lt;script&gt;alert("entities")&lt;/script&gt;`,
	`&#60;img src=x onerror=alert("numeric")&#62;`,
	`＜script＞alert("fullwidth")＜/script＞`,
	`\u003cscript\u003ealert("escaped")\u003c/script\u003e`,
	"\u202e<script>alert(\"rtl\")</script> java\u200bscript:alert(\"zwsp\")",
	`javascript:alert("plain")`,
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
const xssInspect = `(async () => {
	` + jsDescribe + `
	await new Promise(r => setTimeout(r, 30));
	await new Promise(r => requestAnimationFrame(() => r()));
	const out = {hits: Array.isArray(window.__xss) ? window.__xss.slice() : ["the sentinel is missing"], problems: [],
		h1: (document.querySelector("h1") || {}).textContent || "", origin: location.origin};
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
}

// xssRun is one run of the XSS test: the site, the people and the tally.
type xssRun struct {
	t    *testing.T
	site site
	// views counts pages read; placements counts payload-field pairs on them.
	views, placements int
	pages             map[string]bool
	fields            map[string]bool
	scripts           int
}

// check reads p's page and fails on anything a payload made happen. The
// page shows placements payload texts, in the fields named.
func (x *xssRun) check(p *person, kind string, placements int, fields ...string) xssFindings {
	p.t.Helper()
	f := get(p, "inspect "+kind, chromedp.Evaluate[xssFindings](xssInspect, chromedp.EvalAwaitPromise))
	x.views++
	x.placements += placements * max(len(fields), 1)
	x.pages[kind] = true
	for _, name := range fields {
		x.fields[name] = true
	}
	x.scripts += len(f.Hits)
	where := get(p, "where", chromedp.Location())
	for _, h := range f.Hits {
		p.t.Errorf("XSS: on %s (%s) as %s, a payload ran: %s", kind, where, p.name, h)
	}
	for _, pr := range f.Problems {
		p.t.Errorf("XSS: on %s (%s) as %s: %s", kind, where, p.name, pr)
	}
	if f.Origin+"/" != x.site.URL+"/" {
		p.t.Errorf("XSS: on %s as %s the page left the forum for %s", kind, p.name, where)
	}
	if strings.Contains(f.H1, "something went wrong") {
		p.t.Errorf("on %s (%s) as %s the server failed: %q", kind, where, p.name, f.H1)
	}
	return f
}

// fit cuts s to at most n characters.
func fit(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// stale marks the current document, so that a wait after a click that
// loads a page finds the new page, not the old one.
const stale = `document.documentElement.dataset.stale = "1"`

// clickAndWait clicks sel and waits for the next page to show wait.
func clickAndWait(sel, wait string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Evaluate[chromedp.Void](stale),
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
	text         string
	group, forum int64
	topic        store.Created
	reply        int64 // the writer's reply, sent through the form
	signed       int64 // an approved reply by a payload pseudonym
	declined     int64
	title        string
}

// TestXSSInTheBrowser writes each hostile text into every field a person
// controls, through the real forms where it matters most (topics, replies
// and their previews, sign-up, reports, declines, suspensions, settings,
// search) and through the store for the rest, then reads every page that
// shows it in Chromium as a visitor, a member, a moderator and an admin.
// A sentinel installed before the page's own scripts records any payload
// that runs, with the content security policy turned off so that it
// cannot hide one; every page is also searched for event-handler
// attributes, foreign scripts, frames, SVG, styles and script URLs.
func TestXSSInTheBrowser(t *testing.T) {
	browser := chromium(t)
	ctx := context.Background()
	s := newBusySite(t)
	x := &xssRun{t: t, site: s, pages: map[string]bool{}, fields: map[string]bool{}}
	st := s.st

	admin := s.account(t, "Xss Admin", forum.RoleAdmin, scenePass)
	mod := s.account(t, "Xss Moderator", forum.RoleModerator, scenePass)
	mod2 := s.account(t, "Xss Second Moderator", forum.RoleModerator, scenePass)
	writer := s.account(t, "Xss Writer", forum.RolePractitioner, scenePass)
	writer2 := s.account(t, "Xss Second Writer", forum.RolePractitioner, scenePass)
	reader := s.account(t, "Xss Reader", forum.RolePractitioner, scenePass)

	people := map[string]*person{}
	for _, who := range []struct{ name, pseudonym string }{{"admin", admin.Pseudonym}, {"moderator", mod.Pseudonym},
		{"second moderator", mod2.Pseudonym}, {"writer", writer.Pseudonym}, {"second writer", writer2.Pseudonym}, {"reader", reader.Pseudonym}} {
		p := newPerson(t, browser, who.name)
		armSentinel(p)
		signIn(p, s, who.pseudonym, scenePass)
		people[who.name] = p
	}
	visitor := newPerson(t, browser, "visitor")
	armSentinel(visitor)

	// Pseudonyms, through the sign-up form: most payloads are refused;
	// what gets through becomes the authors, host and moderator below.
	authors := x.register(visitor, st)
	host, modder := authors[0], authors[1]
	expires := st.Now().Add(7 * 24 * time.Hour)
	groups, err := st.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	opens, closes := st.Now().Add(-time.Hour), st.Now().Add(7*24*time.Hour)
	expert := must[int64](t)(st.CreateForum(ctx, admin, forum.ForumEdit{GroupID: groups[0].ID, Name: "Xss expert forum",
		Kind: forum.KindExpert, Anonymity: forum.AnonAllowed, OpensAt: &opens, ClosesAt: &closes}))
	if err := st.SetGrant(ctx, admin, host.ID, store.Grant{Role: forum.RoleHost, HostedForums: []int64{expert}}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetGrant(ctx, admin, modder.ID, store.Grant{Role: forum.RoleModerator}); err != nil {
		t.Fatal(err)
	}
	host, modder = s.fresh(t, host), s.fresh(t, modder)

	items := make([]xssItem, len(xssCorpus))
	for i, text := range xssCorpus {
		it := &items[i]
		it.text = text
		it.group = must[int64](t)(st.CreateGroup(ctx, admin, forum.GroupEdit{Name: fit(fmt.Sprintf("G%02d %s", i, text), 100), Description: fit(text, 500)}))
		it.forum = must[int64](t)(st.CreateForum(ctx, admin, forum.ForumEdit{GroupID: it.group, Name: fit(fmt.Sprintf("F%02d %s", i, text), 100),
			Description: fit(text, 500), Kind: forum.KindDiscussion, Anonymity: forum.AnonAllowed}))
		if err := st.CreateInvite(ctx, fmt.Sprintf("XSS%02d", i), fit(text, 100), admin.ID, &expires); err != nil {
			t.Fatal(err)
		}
		if err := st.Announce(ctx, host, expert, fit(fmt.Sprintf("A%02d %s", i, text), 150), text); err != nil {
			t.Fatal(err)
		}
	}

	for i := range items {
		it := &items[i]
		x.writeThroughForms(people["writer"], writer, it, i)
		if t.Failed() {
			t.FailNow()
		}
		author := authors[i%len(authors)]
		it.signed = x.storeReply(author, it, "xsscanary "+it.text, fit(it.text, 100), false)
		hidden := x.storeReply(writer2, it, it.text, "", false)
		if err := st.Hide(ctx, modder, hidden, it.text); err != nil {
			t.Fatal(err)
		}
		anon := x.storeReply(writer2, it, it.text, "", true)
		if _, err := st.RequestReveal(ctx, modder, anon, "The reason for this check: "+it.text); err != nil {
			t.Fatal(err)
		}
		d, err := st.CreateReply(ctx, forum.NewReply{TopicID: it.topic.TopicID, ParentID: &it.topic.PostID, AuthorID: writer2.ID, Body: it.text, ContentNote: fit(it.text, 100)})
		if err != nil {
			t.Fatal(err)
		}
		it.declined = d.PostID
		x.moderate(people["moderator"], it, i)
		x.report(people["reader"], it)
		x.read(visitor, people["moderator"], it, i)
		x.reflect(visitor, people["admin"], it)
		x.suspend(people["admin"], people["second writer"], writer2, it)
		x.feature(people["admin"], visitor, it)
	}
	x.exitURLs(people["admin"], visitor)
	x.lists(people, visitor, expert, len(items))

	fieldNames := make([]string, 0, len(x.fields))
	for f := range x.fields {
		fieldNames = append(fieldNames, f)
	}
	t.Logf("XSS: %d payloads (and %d pseudonym-shaped ones) in %d fields (%s); %d page views of %d kinds, "+
		"%d payload-field placements read; scripts run: %d",
		len(xssCorpus), len(xssPseudonyms), len(x.fields), strings.Join(fieldNames, ", "), x.views, len(x.pages), x.placements, x.scripts)
}

// register tries each payload (cut to the longest pseudonym) and each
// pseudonym-shaped text through the sign-up form. A refusal must agree
// with the pseudonym rule; an account that is made signs out again. It
// returns the accounts made.
func (x *xssRun) register(p *person, st *store.Store) []forum.Account {
	t := x.t
	t.Helper()
	var made []forum.Account
	tries := append(append([]string{}, xssPseudonyms...), xssCorpus...)
	for _, text := range tries {
		name := fit(text, forum.PseudonymMax)
		p.run("sign up as "+name,
			chromedp.Navigate(x.site.URL+"/register"),
			setValue("#pseudonym", name),
			setValue("#passphrase", scenePass),
			setValue("#confirm", scenePass),
			clickAndWait(`form[action="/register"] button[type=submit]`, ":is(.error-summary, .flash)"),
		)
		refused := get(p, "read the answer", chromedp.Evaluate[bool](`!!document.querySelector(".error-summary")`))
		x.check(p, "sign-up", 1, "pseudonym")
		clean := strings.Join(strings.Fields(name), " ")
		rule := forum.PseudonymProblem(clean)
		switch {
		case refused && rule == "":
			t.Errorf("sign-up refused %q, which the pseudonym rule allows", name)
		case !refused && rule != "":
			t.Errorf("sign-up accepted %q, which the pseudonym rule refuses: %s", name, rule)
		case !refused:
			a, _, err := st.Credentials(context.Background(), clean)
			if err != nil {
				t.Fatalf("the account %q was made but cannot be found: %v", clean, err)
			}
			made = append(made, a)
			x.check(p, "home, signed in", 1, "pseudonym")
			p.run("sign out", clickAndWait(`form[action="/logout"] button`, ".flash"))
		}
	}
	if len(made) < 2 {
		t.Fatalf("only %d pseudonyms got through sign-up; the test needs two", len(made))
	}
	return made
}

// writeThroughForms starts the payload's topic and replies to it through
// the real forms, previewing each first.
func (x *xssRun) writeThroughForms(p *person, writer forum.Account, it *xssItem, i int) {
	t := x.t
	t.Helper()
	ctx := context.Background()
	p.run("write a topic",
		chromedp.Navigate(url(x.site, "/f/%d/new", it.forum)),
		setValue("#title", fit(fmt.Sprintf("X%02d %s", i, it.text), forum.TitleMax)),
		setValue("#body", it.text),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#has_note").checked = true`),
		setValue("#content_note", fit(it.text, forum.ContentNoteMax)),
		clickAndWait(`button[value=preview]`, ".preview"),
	)
	x.check(p, "new topic preview", 1, "topic title", "topic body", "content note", "group name", "forum name")
	x.send(p)
	x.check(p, "your posts", 1, "topic title", "topic body")
	mine, err := x.site.st.MyPosts(ctx, writer.ID, 1)
	if err != nil || len(mine) != 1 || !mine[0].Opening {
		t.Fatalf("the topic sent through the form is not among the writer's posts: %+v (%v)", mine, err)
	}
	it.topic = store.Created{TopicID: mine[0].TopicID, PostID: mine[0].ID}
	it.title = mine[0].TopicTitle
	if err := x.site.st.Approve(ctx, x.moderator(t), it.topic.PostID); err != nil {
		t.Fatal(err)
	}

	p.run("write a reply",
		chromedp.Navigate(url(x.site, "/t/%d/reply?to=%d", it.topic.TopicID, it.topic.PostID)),
		setValue("#body", it.text),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#has_note").checked = true`),
		setValue("#content_note", fit(it.text, forum.ContentNoteMax)),
		clickAndWait(`button[value=preview]`, ".preview"),
	)
	x.check(p, "reply preview", 1, "reply body", "content note", "topic title", "topic body", "group name", "forum name")
	x.send(p)
	x.check(p, "your posts", 1, "reply body", "topic title")
	mine, err = x.site.st.MyPosts(ctx, writer.ID, 1)
	if err != nil || len(mine) != 1 || mine[0].Opening {
		t.Fatalf("the reply sent through the form is not among the writer's posts: %+v (%v)", mine, err)
	}
	it.reply = mine[0].ID
}

// send sends the previewed form, confirming personal-data findings if the
// check found any in a payload.
func (x *xssRun) send(p *person) {
	p.t.Helper()
	p.run("confirm any findings", chromedp.Evaluate[chromedp.Void](`(() => { const c = document.querySelector("#confirm_pii"); if (c) c.checked = true; })()`))
	p.run("send", clickAndWait(`button[value=send]`, ":is(.my-posts, .error-summary)"))
	if get(p, "read the answer", chromedp.Evaluate[bool](`!!document.querySelector(".error-summary")`)) {
		x.check(p, "refused post", 1, "topic body")
		p.t.Fatalf("the form refused the payload: %s", p.text(".error-summary"))
	}
}

// moderator is the site's moderator account, fresh from the store.
func (x *xssRun) moderator(t *testing.T) forum.Account {
	t.Helper()
	a, _, err := x.site.st.Credentials(context.Background(), "Xss Moderator")
	if err != nil {
		t.Fatal(err)
	}
	return x.site.fresh(t, a)
}

// storeReply writes an approved reply to the opening post.
func (x *xssRun) storeReply(by forum.Account, it *xssItem, body, note string, anonymous bool) int64 {
	t := x.t
	t.Helper()
	ctx := context.Background()
	r, err := x.site.st.CreateReply(ctx, forum.NewReply{TopicID: it.topic.TopicID, ParentID: &it.topic.PostID, AuthorID: by.ID,
		Body: body, ContentNote: note, Anonymous: anonymous})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status == forum.StatusPending {
		if err := x.site.st.Approve(ctx, x.moderator(t), r.PostID); err != nil {
			t.Fatal(err)
		}
	}
	return r.PostID
}

// moderate works the payload's forum in the queue: it approves the
// writer's reply and declines the other with the payload as the note.
func (x *xssRun) moderate(p *person, it *xssItem, i int) {
	p.t.Helper()
	p.run("open the queue", chromedp.Navigate(url(x.site, "/mod/queue?forum=%d", it.forum)), chromedp.WaitReady(chromedp.CSS(fmt.Sprintf("#q%d", it.declined))))
	x.check(p, "queue", 1, "reply body", "content note", "topic title", "topic body", "group name", "forum name", "pseudonym")
	p.run("approve", clickAndWait(fmt.Sprintf(`#q%d form[action$="/approve"] button`, it.reply), ".flash"))
	x.check(p, "queue", 1, "reply body", "topic title", "group name", "forum name")
	p.run("decline",
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#q%d details.decline summary", it.declined))),
		setValue(fmt.Sprintf("#reason-%d", it.declined), "other"),
		setValue(fmt.Sprintf("#note-%d", it.declined), it.text),
		clickAndWait(fmt.Sprintf(`#q%d form[action$="/decline"] button`, it.declined), ".flash"),
	)
	x.check(p, "queue", 1, "group name", "forum name")
	p.run("open the signed post", chromedp.Navigate(url(x.site, "/mod/posts/%d", it.signed)), chromedp.WaitReady(chromedp.CSS("main h1")))
	x.check(p, "moderate a post", 1, "reply body", "topic title", "group name", "forum name", "pseudonym")
}

// report reports the signed reply with the payload as the note.
func (x *xssRun) report(p *person, it *xssItem) {
	p.t.Helper()
	p.run("report",
		chromedp.Navigate(url(x.site, "/p/%d/report", it.signed)),
		chromedp.Click(chromedp.CSS(`#reason-other`)),
		setValue("#note", it.text),
	)
	x.check(p, "report form", 1, "reply body", "pseudonym", "topic title", "group name", "forum name")
	p.run("send the report", clickAndWait(`form[action$="/report"] button[type=submit]`, ".flash"))
}

// read reads the payload's topic, forum and group as a visitor, and the
// topic as a moderator; the topic's heading must read as it was typed.
func (x *xssRun) read(visitor, mod *person, it *xssItem, i int) {
	t := x.t
	t.Helper()
	visitor.run("read the topic", chromedp.Navigate(url(x.site, "/t/%d", it.topic.TopicID)), chromedp.WaitReady(chromedp.CSS("main h1")))
	f := x.check(visitor, "topic", 1, "topic title", "topic body", "content note", "reply body", "pseudonym", "group name", "forum name")
	if got, want := strings.Join(strings.Fields(f.H1), " "), strings.Join(strings.Fields(it.title), " "); got != want {
		t.Errorf("payload %d: the topic's heading reads %q, want the title as typed, %q", i, fit(got, 200), fit(want, 200))
	}
	visitor.run("read the forum", chromedp.Navigate(url(x.site, "/f/%d", it.forum)), chromedp.WaitReady(chromedp.CSS("main h1")))
	x.check(visitor, "forum", 1, "forum name", "forum description", "group name", "topic title")
	visitor.run("read the group", chromedp.Navigate(url(x.site, "/g/%d", it.group)), chromedp.WaitReady(chromedp.CSS("main h1")))
	x.check(visitor, "group", 1, "group name", "group description", "forum name", "forum description")
	mod.run("read the topic", chromedp.Navigate(url(x.site, "/t/%d", it.topic.TopicID)), chromedp.WaitReady(chromedp.CSS("main h1")))
	x.check(mod, "topic", 1, "topic title", "topic body", "content note", "reply body", "pseudonym", "group name", "forum name")
}

// reflect puts the payload in addresses whose text comes back in the page.
func (x *xssRun) reflect(visitor, admin *person, it *xssItem) {
	x.t.Helper()
	q := neturl.QueryEscape(it.text)
	for _, r := range []struct {
		who        *person
		path, kind string
	}{
		{visitor, "/search?q=" + q, "search"},
		{visitor, fmt.Sprintf("/search?q=%s&group=%d&forum=%d", q, it.group, it.forum), "search"},
		{visitor, "/login?next=" + q, "sign in"},
		{admin, "/admin/people?q=" + q, "admin people"},
		{admin, fmt.Sprintf("/admin/groups/%d", it.group), "admin group"},
		{admin, fmt.Sprintf("/admin/forums/%d", it.forum), "admin forum"},
	} {
		r.who.run("open "+r.kind, chromedp.Navigate(x.site.URL+r.path), chromedp.WaitReady(chromedp.CSS("main h1")))
		x.check(r.who, r.kind, 1, r.kind+" query")
	}
}

// suspend suspends the second writer with the payload as the reason,
// through the admin's form; the writer reads it; the admin lifts it.
func (x *xssRun) suspend(admin, member *person, account forum.Account, it *xssItem) {
	x.t.Helper()
	admin.run("suspend",
		chromedp.Navigate(url(x.site, "/admin/people/%d", account.ID)),
		setValue("#reason", it.text),
		clickAndWait(`form[action$="/suspend"] button`, ".flash"),
	)
	x.check(admin, "admin person", 1, "suspension reason")
	member.run("read the suspension", chromedp.Navigate(x.site.URL+"/account"), chromedp.WaitReady(chromedp.CSS("main h1")))
	x.check(member, "account", 1, "suspension reason")
	member.run("read the declined post", chromedp.Navigate(url(x.site, "/my/posts/%d/edit", it.declined)), chromedp.WaitReady(chromedp.CSS("main h1")))
	x.check(member, "edit a declined post", 1, "decline note", "reply body", "content note", "topic title")
	admin.run("lift the suspension", clickAndWait(`form[action$="/unsuspend"] button`, ".flash"))
}

// feature makes the payload's group and text the week's featured outcome
// through the settings form, and reads the home page and digest.
func (x *xssRun) feature(admin, visitor *person, it *xssItem) {
	x.t.Helper()
	admin.run("feature",
		chromedp.Navigate(x.site.URL+"/admin/settings"),
		setValue("#featured_group", fmt.Sprint(it.group)),
		setValue("#featured_text", fit(it.text, 1000)),
		clickAndWait(`form[action="/admin/settings"] button[type=submit]`, ":is(.flash, .error-summary)"),
	)
	x.check(admin, "admin settings", 1, "featured text", "group name")
	for _, path := range []string{"/", "/digest"} {
		visitor.run("read "+path, chromedp.Navigate(x.site.URL+path), chromedp.WaitReady(chromedp.CSS("main h1")))
		x.check(visitor, path, 1, "featured text", "group name")
	}
}

// exitURLs tries hostile addresses for Exit this page through the
// settings form; those the form takes are read on the safety page, where
// the address is shown, and in every page's exit links.
func (x *xssRun) exitURLs(admin, visitor *person) {
	x.t.Helper()
	for _, u := range []string{
		`https://example.org/"><script>alert("exit dq")</script>`,
		`https://example.org/' onmouseover='alert("exit sq")' x='`,
		`https://example.org/#javascript:alert("exit hash")`,
		`https://example.org/?q=<img src=x onerror=alert("exit query")>`,
		`javascript:alert("exit js")//https://example.org`,
		`https://javascript:alert(1)@example.org/`,
		`data:text/html,<script>alert("exit data")</script>`,
		forum.DefaultExitURL,
	} {
		admin.run("set the exit address",
			chromedp.Navigate(x.site.URL+"/admin/settings"),
			setValue("#exit_url", u),
			clickAndWait(`form[action="/admin/settings"] button[type=submit]`, ":is(.flash, .error-summary)"),
		)
		x.check(admin, "admin settings", 1, "exit address")
		visitor.run("read the safety page", chromedp.Navigate(x.site.URL+"/safety"), chromedp.WaitReady(chromedp.CSS("main h1")))
		x.check(visitor, "safety", 1, "exit address")
	}
}

// lists reads the pages that show every payload at once.
func (x *xssRun) lists(people map[string]*person, visitor *person, expert int64, n int) {
	x.t.Helper()
	for _, v := range []struct {
		who    *person
		path   string
		kind   string
		fields []string
	}{
		{visitor, "/", "/", []string{"topic title", "group name", "group description", "forum name", "forum description", "pseudonym"}},
		{visitor, "/digest", "/digest", []string{"topic title", "group name", "forum name", "pseudonym"}},
		{visitor, fmt.Sprintf("/f/%d", expert), "expert forum", []string{"announcement title", "announcement body", "pseudonym"}},
		{people["writer"], "/my/posts", "your posts", []string{"topic title", "topic body", "reply body"}},
		{people["writer"], "/notifications", "notifications", []string{"topic title"}},
		{people["second writer"], "/my/posts", "your posts", []string{"topic title", "reply body", "decline note"}},
		{people["second writer"], "/notifications", "notifications", []string{"topic title", "decline note"}},
		{people["moderator"], "/mod/queue", "queue", []string{"group name", "forum name"}},
		{people["moderator"], "/mod/reports", "reports", []string{"report note", "reply body", "topic title"}},
		{people["moderator"], "/mod/reveals", "reveals", []string{"reveal reason", "pseudonym"}},
		{people["second moderator"], "/mod/reveals", "reveals", []string{"reveal reason", "pseudonym"}},
		{people["admin"], "/admin/invites", "admin invites", []string{"invite note"}},
		{people["admin"], "/admin/people", "admin people", []string{"pseudonym"}},
		{people["admin"], "/admin/groups", "admin groups", []string{"group name", "forum name"}},
		{people["admin"], fmt.Sprintf("/admin/people/%d", x.moderator(x.t).ID), "admin person", []string{"group name", "forum name"}},
		{visitor, "/search?q=xsscanary", "search", []string{"reply body", "topic title", "group name", "forum name", "pseudonym"}},
		{people["moderator"], "/mod/log", "moderation log", []string{"pseudonym", "topic title", "hide reason", "decline note", "reveal reason", "group name", "forum name"}},
	} {
		v.who.run("open "+v.path, chromedp.Navigate(x.site.URL+v.path), chromedp.WaitReady(chromedp.CSS("main h1")))
		x.check(v.who, v.kind, n, v.fields...)
		// Follow the pages of a long list.
		for range 20 {
			next := get(v.who, "find the next page", chromedp.Evaluate[string](`(document.querySelector('main a[rel="next"]') || {}).href || ""`))
			if next == "" || v.path == "/digest" {
				break
			}
			v.who.run("open the next page", chromedp.Navigate(next), chromedp.WaitReady(chromedp.CSS("main h1")))
			x.check(v.who, v.kind, 0, v.fields...)
		}
	}
}
