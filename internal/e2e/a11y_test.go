package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"forum/internal/store"
)

// AxeEnv names the variable that points the accessibility test at axe-core's
// axe.min.js; without it the test looks in tools/axe/node_modules, where
// `npm ci --prefix tools/axe` puts it.
const AxeEnv = "FORUM_TEST_AXE"

// axeTags are the rule sets every page must pass: WCAG 2.0, 2.1 and 2.2 at
// levels A and AA.
const axeTags = `['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']`

// axeSource returns the text of axe.min.js, or skips the test.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv(AxeEnv)
	if path == "" {
		_, here, _, _ := runtime.Caller(0)
		path = filepath.Join(filepath.Dir(here), "..", "..", "tools", "axe", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("accessibility tests skipped: no axe-core at %s (run `npm ci --prefix tools/axe`, or set %s to an axe.min.js): %v", path, AxeEnv, err)
	}
	return string(b)
}

// axeReport is what one run of axe says about a page.
type axeReport struct {
	Rules      int            `json:"rules"`
	Incomplete []string       `json:"incomplete"`
	Violations []axeViolation `json:"violations"`
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n      at %s\n        %s", n.Target, strings.ReplaceAll(n.Summary, "\n", "\n        "))
	}
	return b.String()
}

// axeRun runs axe with the given options and trims its answer.
func axeRun(options string) string {
	return `axe.run(document, ` + options + `).then(r => ({
	rules: r.passes.length + r.violations.length + r.incomplete.length + r.inapplicable.length,
	incomplete: r.incomplete.map(v => v.id + " on " + v.nodes.length + " elements, such as " + v.nodes[0].target.flat(Infinity).join(" ") +
		" (" + ((v.nodes[0].any[0] || {}).message || "") + ")"),
	violations: r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.map(n => ({target: n.target.flat(Infinity).join(" "), summary: n.failureSummary || ""}))}))}))`
}

// jsDescribe names an element briefly in a failure message.
const jsDescribe = `const describe = e => {
	if (!e || !e.tagName) return String(e);
	let d = e.tagName.toLowerCase();
	if (e.id) d += "#" + e.id;
	if (typeof e.className === "string" && e.className.trim()) d += "." + e.className.trim().split(/\s+/).join(".");
	for (const a of ["href", "name", "type", "for"]) if (e.getAttribute(a)) d += "[" + a + "=" + JSON.stringify(e.getAttribute(a).slice(0, 40)) + "]";
	const text = (e.textContent || e.value || "").trim().replace(/\s+/g, " ").slice(0, 40);
	return text ? d + " “" + text + "”" : d;
};`

// jsFocusStyle is what a focus indicator may change on an element.
const jsFocusStyle = `const focusStyle = e => { const s = getComputedStyle(e);
	return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color, s.borderTopColor, s.textDecorationLine].join(" | "); };`

// a11yCounts adds up what the test checked, for the log.
type a11yCounts struct {
	pages, rules, darkRules, narrowRules, focusable, summaries int
}

// a11yPage is one page to check: who looks at it, where, and what to do
// first (send a form empty, to see its errors).
type a11yPage struct {
	name   string
	who    *person
	path   string
	before chromedp.Action[chromedp.Void]
	// errors says the page shows an error summary after before.
	errors bool
}

// submit clicks sel and waits for the error summary it brings.
func submit(sel string, clear ...string) chromedp.Action[chromedp.Void] {
	var steps []chromedp.Action[chromedp.Void]
	for _, c := range clear {
		steps = append(steps, setValue(c, ""))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	return chromedp.Steps(steps...)
}

// TestAccessibility runs axe-core's WCAG 2.2 A and AA rules on every kind of
// page, with its content in place and, for forms, with their errors shown;
// checks the error summary takes focus and links to fields that exist; that
// every element reached with Tab shows it has focus; that no page scrolls
// sideways 320 CSS pixels wide; and that text keeps its contrast in the
// dark colour scheme.
func TestAccessibility(t *testing.T) {
	browser := chromium(t)
	axe := axeSource(t)
	sc := newScene(t)
	// The writer's change to their published topic waits in the queue
	// (changes.go), which every queue page below then shows.
	if err := sc.st.EditMyPost(context.Background(), sc.writer.ID, sc.topic.PostID, store.PostEdit{
		Title: "Move-on when the council says it owes no duty", Body: sceneBody + "\n\nAdded later: ask for the decision in writing."}); err != nil {
		t.Fatal(err)
	}

	visitor := newPerson(t, browser, "visitor")
	signedIn := func(name, pseudonym string) *person {
		p := newPerson(t, browser, name)
		signIn(p, sc.site, pseudonym, scenePass)
		return p
	}
	writer := signedIn("practitioner", sc.writer.Pseudonym)
	suspended := signedIn("suspended practitioner", sc.other.Pseudonym)
	mod := signedIn("moderator", sc.mod.Pseudonym)
	mod2 := signedIn("second moderator", sc.mod2.Pseudonym)
	host := signedIn("host", sc.host.Pseudonym)
	admin := signedIn("admin", sc.admin.Pseudonym)

	preview := func(body string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.SetValue(chromedp.CSS("#body"), body),
			chromedp.Click(chromedp.CSS(`button[value=preview]`)),
			chromedp.WaitVisible(chromedp.CSS(".preview")),
		)
	}
	const piiBody = "Mrs Popescu's NHS number is 943 476 5919; she stays near SW1A 1AA. *Urgent*."
	pages := []a11yPage{
		{name: "home", who: visitor, path: "/"},
		{name: "home signed in", who: writer, path: "/"},
		{name: "group", who: visitor, path: fmt.Sprintf("/g/%d", sc.group.ID)},
		{name: "forum", who: visitor, path: fmt.Sprintf("/f/%d", sc.forumID)},
		{name: "forum signed in", who: writer, path: fmt.Sprintf("/f/%d", sc.forumID)},
		{name: "expert forum", who: visitor, path: fmt.Sprintf("/f/%d", sc.expertID)},
		{name: "expert forum upcoming", who: visitor, path: fmt.Sprintf("/f/%d", sc.upcomingID)},
		{name: "expert forum as host", who: host, path: fmt.Sprintf("/f/%d", sc.expertID)},
		{name: "announcement form", who: host, path: fmt.Sprintf("/f/%d/announce", sc.expertID)},
		{name: "announcement form with errors", who: host, path: fmt.Sprintf("/f/%d/announce", sc.expertID),
			before: submit(`button[value=send]`), errors: true},
		{name: "announcement preview with findings", who: host, path: fmt.Sprintf("/f/%d/announce", sc.expertID),
			before: chromedp.Steps(chromedp.SetValue(chromedp.CSS("#title"), "Drop-in near SW1A 1AA"), preview(piiBody))},
		{name: "announcement sent unconfirmed", who: host, path: fmt.Sprintf("/f/%d/announce", sc.expertID),
			before: chromedp.Steps(chromedp.SetValue(chromedp.CSS("#title"), "Drop-in near SW1A 1AA"),
				chromedp.SetValue(chromedp.CSS("#body"), piiBody), submit(`button[value=send]`)), errors: true},
		{name: "open an expert forum now", who: host, path: fmt.Sprintf("/f/%d/open", sc.upcomingID)},
		{name: "open an expert forum now with errors", who: host, path: fmt.Sprintf("/f/%d/open", sc.upcomingID),
			before: chromedp.Steps(setValue("#closes_at", "2020-01-01T10:00"), submit(`form[action$="/open"] button[type=submit]`)), errors: true},
		{name: "expert topic as host", who: host, path: fmt.Sprintf("/t/%d", sc.expertTopic.TopicID)},
		// Questions and answers (answers.go).
		{name: "expert forum, answered questions", who: visitor, path: fmt.Sprintf("/f/%d?show=answered", sc.expertID)},
		{name: "expert forum, questions waiting", who: host, path: fmt.Sprintf("/f/%d?show=waiting", sc.expertID)},
		{name: "expert question with its answer", who: visitor, path: fmt.Sprintf("/t/%d", sc.question.TopicID)},
		{name: "expert question as host", who: host, path: fmt.Sprintf("/t/%d", sc.question.TopicID)},
		{name: "expert forum archive", who: visitor, path: fmt.Sprintf("/f/%d", sc.archiveID)},
		{name: "expert forum archive, content note open", who: writer, path: fmt.Sprintf("/f/%d", sc.archiveID),
			before: chromedp.Click(chromedp.CSS(".qa-answer details.content-note summary"))},
		{name: "topic", who: visitor, path: fmt.Sprintf("/t/%d", sc.topic.TopicID)},
		{name: "topic signed in", who: writer, path: fmt.Sprintf("/t/%d", sc.topic.TopicID)},
		{name: "topic as moderator", who: mod, path: fmt.Sprintf("/t/%d", sc.topic.TopicID)},
		{name: "register", who: visitor, path: "/register"},
		{name: "register with errors", who: visitor, path: "/register",
			before: submit(`form[action="/register"] button[type=submit]`, "#pseudonym"), errors: true},
		{name: "sign in", who: visitor, path: "/login"},
		{name: "sign in with errors", who: visitor, path: "/login",
			before: submit(`form[action="/login"] button[type=submit]`), errors: true},
		{name: "setup", who: visitor, path: sc.setupPath},
		{name: "setup with errors", who: visitor, path: sc.setupPath,
			before: submit(`form[action^="/setup/"] button[type=submit]`), errors: true},
		{name: "privacy", who: visitor, path: "/privacy"},
		{name: "accessibility", who: visitor, path: "/accessibility"},
		{name: "safety", who: visitor, path: "/safety"},
		{name: "not found", who: visitor, path: "/t/999999"},
		{name: "bad request", who: visitor, path: "/t/not-a-number"},
		{name: "forbidden", who: writer, path: "/admin"},
		{name: "account", who: writer, path: "/account"},
		{name: "account with errors", who: writer, path: "/account",
			before: submit(`form[action="/account/passphrase"] button[type=submit]`), errors: true},
		{name: "account erase with errors", who: writer, path: "/account",
			before: submit(`form[action="/account/erase"] button[type=submit]`), errors: true},
		{name: "account suspended", who: suspended, path: "/account"},
		{name: "my posts", who: writer, path: "/my/posts"},
		{name: "a draft, continued", who: writer, path: fmt.Sprintf("/my/drafts/%d", sc.draft)},
		{name: "a draft that cannot be sent", who: writer, path: fmt.Sprintf("/my/drafts/%d", sc.stranded)},
		{name: "new topic, empty draft refused", who: writer, path: fmt.Sprintf("/f/%d/new", sc.forumID),
			before: submit(`button[value=draft]`), errors: true},
		{name: "edit a declined post", who: writer, path: fmt.Sprintf("/my/posts/%d/edit", sc.declined)},
		{name: "edit a declined post with errors", who: writer, path: fmt.Sprintf("/my/posts/%d/edit", sc.declined),
			before: submit(`button[value=send]`, "#body"), errors: true},
		{name: "notifications", who: writer, path: "/notifications"},
		{name: "notifications of replies", who: suspended, path: "/notifications"},
		{name: "new topic", who: writer, path: fmt.Sprintf("/f/%d/new", sc.forumID)},
		{name: "new topic with errors", who: writer, path: fmt.Sprintf("/f/%d/new", sc.forumID),
			before: submit(`button[value=send]`), errors: true},
		{name: "new topic preview with findings", who: writer, path: fmt.Sprintf("/f/%d/new", sc.forumID),
			before: chromedp.Steps(chromedp.SetValue(chromedp.CSS("#title"), "Moving Mrs Popescu"),
				chromedp.SetValue(chromedp.CSS("#content_note"), "Describes violence"), preview(piiBody))},
		{name: "new topic sent unconfirmed", who: writer, path: fmt.Sprintf("/f/%d/new", sc.forumID),
			before: chromedp.Steps(chromedp.SetValue(chromedp.CSS("#title"), "Moving Mrs Popescu"),
				chromedp.SetValue(chromedp.CSS("#body"), piiBody), submit(`button[value=send]`)), errors: true},
		{name: "new topic when suspended", who: suspended, path: fmt.Sprintf("/f/%d/new", sc.forumID)},
		{name: "reply", who: writer, path: fmt.Sprintf("/t/%d/reply?to=%d", sc.topic.TopicID, sc.replies[0])},
		{name: "reply quoting a post", who: writer, path: fmt.Sprintf("/t/%d/reply?to=%d&quote=1", sc.topic.TopicID, sc.replies[0])},
		{name: "reply preview with findings", who: writer, path: fmt.Sprintf("/t/%d/reply?to=%d", sc.topic.TopicID, sc.replies[0]),
			before: preview(piiBody)},
		{name: "reply with errors", who: writer, path: fmt.Sprintf("/t/%d/reply", sc.topic.TopicID),
			before: submit(`button[value=send]`), errors: true},
		{name: "report", who: writer, path: fmt.Sprintf("/p/%d/report", sc.replies[0])},
		{name: "report with errors", who: writer, path: fmt.Sprintf("/p/%d/report", sc.replies[0]),
			before: submit(`form[action$="/report"] button[type=submit]`), errors: true},
		{name: "moderation queue", who: mod, path: "/mod/queue"},
		{name: "moderation queue, decline a change with errors", who: mod, path: "/mod/queue",
			before: chromedp.Steps(chromedp.Click(chromedp.CSS(fmt.Sprintf("#c%d details.decline summary", sc.topic.PostID))),
				chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#change-reason-%d", sc.topic.PostID))),
				submit(fmt.Sprintf(`#c%d form[action$="/decline"] button[type=submit]`, sc.topic.PostID))), errors: true},
		{name: "change a published post", who: writer, path: fmt.Sprintf("/my/posts/%d/edit", sc.topic.PostID)},
		{name: "moderation queue, decline open", who: mod, path: "/mod/queue",
			before: chromedp.Steps(chromedp.Click(chromedp.CSS(fmt.Sprintf("#q%d details.decline summary", sc.pendingReply))),
				chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#reason-%d", sc.pendingReply))))},
		{name: "moderation queue, decline with errors", who: mod, path: "/mod/queue",
			before: chromedp.Steps(chromedp.Click(chromedp.CSS(fmt.Sprintf("#q%d details.decline summary", sc.pendingReply))),
				chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#reason-%d", sc.pendingReply))),
				setValue(fmt.Sprintf("#reason-%d", sc.pendingReply), "other"),
				submit(fmt.Sprintf(`#q%d form[action$="/decline"] button[type=submit]`, sc.pendingReply))), errors: true},
		{name: "moderation queue, approve together with errors", who: mod, path: "/mod/queue",
			before: submit(`#bulk-approve`), errors: true},
		{name: "moderate a post", who: mod, path: fmt.Sprintf("/mod/posts/%d", sc.replies[1])},
		{name: "moderate a post, hide with errors", who: mod, path: fmt.Sprintf("/mod/posts/%d", sc.replies[1]),
			before: submit(`form[action$="/hide"] button[type=submit]`), errors: true},
		{name: "moderate a post, suspend with errors", who: mod, path: fmt.Sprintf("/mod/posts/%d", sc.replies[1]),
			before: submit(`form[action$="/suspend"] button[type=submit]`), errors: true},
		{name: "moderate a post, reveal with errors", who: mod, path: fmt.Sprintf("/mod/posts/%d", sc.replies[1]),
			before: submit(`form[action$="/reveal"] button[type=submit]`), errors: true},
		{name: "moderate a post, note with errors", who: mod, path: fmt.Sprintf("/mod/posts/%d", sc.replies[1]),
			before: submit(`form[action$="/notes"] button[type=submit]`), errors: true},
		{name: "move a topic", who: mod, path: fmt.Sprintf("/mod/topics/%d/move", sc.topic.TopicID)},
		{name: "move a topic with errors", who: mod, path: fmt.Sprintf("/mod/topics/%d/move", sc.topic.TopicID),
			before: submit(`form[action$="/move"] button[type=submit]`), errors: true},
		{name: "moderate a post, a reason with personal data", who: mod, path: fmt.Sprintf("/mod/posts/%d", sc.replies[1]),
			before: chromedp.Steps(setValue("#hide-reason", piiBody), submit(`form[action$="/hide"] button[type=submit]`)), errors: true},
		{name: "moderation queue, a decline note with personal data", who: mod, path: "/mod/queue",
			before: chromedp.Steps(chromedp.Click(chromedp.CSS(fmt.Sprintf("#q%d details.decline summary", sc.pendingReply))),
				chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#note-%d", sc.pendingReply))),
				setValue(fmt.Sprintf("#note-%d", sc.pendingReply), piiBody),
				submit(fmt.Sprintf(`#q%d form[action$="/decline"] button[type=submit]`, sc.pendingReply))), errors: true},
		{name: "moderate a hidden post", who: mod, path: fmt.Sprintf("/mod/posts/%d", sc.hidden)},
		{name: "moderate a hidden post, show again with errors", who: mod, path: fmt.Sprintf("/mod/posts/%d", sc.hidden),
			before: submit(`form[action$="/unhide"] button[type=submit]`), errors: true},
		{name: "moderate a post with findings", who: mod, path: fmt.Sprintf("/mod/posts/%d", sc.pending.PostID)},
		{name: "edit then approve", who: mod, path: fmt.Sprintf("/mod/posts/%d/edit", sc.pending.PostID)},
		{name: "edit then approve with errors", who: mod, path: fmt.Sprintf("/mod/posts/%d/edit", sc.pending.PostID),
			before: submit(`button[value=send]`, "#body"), errors: true},
		{name: "reports", who: mod, path: "/mod/reports"},
		{name: "reveals, asked", who: mod, path: "/mod/reveals"},
		{name: "reveals, to agree", who: mod2, path: "/mod/reveals"},
		{name: "moderation log", who: mod, path: "/mod/log"},
		{name: "admin", who: admin, path: "/admin"},
		{name: "admin people", who: admin, path: "/admin/people"},
		{name: "admin people, none found", who: admin, path: "/admin/people?q=nobody-at-all"},
		{name: "admin person", who: admin, path: fmt.Sprintf("/admin/people/%d", sc.mod.ID)},
		{name: "admin person suspended", who: admin, path: fmt.Sprintf("/admin/people/%d", sc.other.ID)},
		{name: "admin person, suspend with errors", who: admin, path: fmt.Sprintf("/admin/people/%d", sc.mod.ID),
			before: submit(`form[action$="/suspend"] button[type=submit]`), errors: true},
		{name: "topic as admin, pin with errors", who: admin, path: fmt.Sprintf("/t/%d", sc.topic.TopicID),
			before: chromedp.Steps(setValue("#until", "2020-01-31"), submit(`form[action$="/pin"] button[type=submit]`)), errors: true},
		{name: "admin groups", who: admin, path: "/admin/groups"},
		{name: "admin groups with errors", who: admin, path: "/admin/groups",
			before: submit(`form[action="/admin/groups"] button[type=submit]`), errors: true},
		{name: "admin groups, a description with personal data", who: admin, path: "/admin/groups",
			before: chromedp.Steps(setValue("#name", "Practice in the north"), setValue("#description", piiBody),
				submit(`form[action="/admin/groups"] button[type=submit]`)), errors: true},
		{name: "admin group", who: admin, path: fmt.Sprintf("/admin/groups/%d", sc.group.ID)},
		{name: "admin group with errors", who: admin, path: fmt.Sprintf("/admin/groups/%d", sc.group.ID),
			before: submit(`form[action^="/admin/groups/"] button[type=submit]`, "#name"), errors: true},
		{name: "admin forum", who: admin, path: fmt.Sprintf("/admin/forums/%d", sc.forumID)},
		{name: "admin expert forum", who: admin, path: fmt.Sprintf("/admin/forums/%d", sc.expertID)},
		{name: "admin new forum", who: admin, path: fmt.Sprintf("/admin/forums/new?group=%d", sc.group.ID)},
		{name: "admin new forum with errors", who: admin, path: fmt.Sprintf("/admin/forums/new?group=%d", sc.group.ID),
			before: submit(`form[action="/admin/forums"] button[type=submit]`), errors: true},
		{name: "admin decline reasons", who: admin, path: "/admin/decline-reasons"},
		{name: "admin decline reasons with errors", who: admin, path: "/admin/decline-reasons",
			before: submit(`form[action="/admin/decline-reasons"] button[type=submit]`), errors: true},
		{name: "admin decline reason", who: admin, path: "/admin/decline-reasons/1"},
		{name: "admin invites", who: admin, path: "/admin/invites"},
		{name: "admin invites with errors", who: admin, path: "/admin/invites",
			before: submit(`form[action="/admin/invites"] button[type=submit]`, "#days"), errors: true},
		{name: "admin settings", who: admin, path: "/admin/settings"},
		{name: "admin settings with errors", who: admin, path: "/admin/settings",
			before: chromedp.Steps(chromedp.SetValue(chromedp.CSS("#exit_url"), "http://not-https.example"),
				submit(`form[action="/admin/settings"] button[type=submit]`)), errors: true},
		{name: "search", who: visitor, path: "/search"},
		{name: "search results", who: visitor, path: "/search?q=council"},
		{name: "search, nothing found", who: visitor, path: "/search?q=zzzzqqqq"},
		{name: "search with errors", who: visitor, path: "/search?q=" + strings.Repeat("long", 60), errors: true},
		{name: "digest", who: visitor, path: "/digest"},
	}
	var n a11yCounts
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			p := pg.who.forT(t)
			checkPage(t, p, sc.URL, pg, axe, &n)
		})
	}
	t.Logf("accessibility: %d pages; %d axe rule runs (WCAG 2.0-2.2 A/AA), %d more in the dark scheme and %d more at 320px; "+
		"%d focused elements checked for a visible indicator; %d error summaries checked",
		n.pages, n.rules, n.darkRules, n.narrowRules, n.focusable, n.summaries)
}

// checkPage opens one page and runs every check on it.
func checkPage(t *testing.T, p *person, base string, pg a11yPage, axe string, n *a11yCounts) {
	if !strings.HasPrefix(pg.path, "http") {
		pg.path = base + pg.path
	}
	p.run("open "+pg.path, chromedp.Navigate(pg.path), chromedp.WaitReady(chromedp.CSS("main h1")))
	if pg.before != nil {
		p.run("prepare the page", pg.before)
	}
	if pg.errors {
		checkErrorSummary(t, p)
		n.summaries++
	}
	p.run("load axe", chromedp.Evaluate[chromedp.Void](axe))
	light := axeCheck(t, p, "light scheme", axeRun(`{runOnly: {type: 'tag', values: `+axeTags+`}, resultTypes: ['violations', 'incomplete']}`))
	n.rules += light.Rules
	if len(light.Incomplete) > 0 {
		t.Logf("axe could not decide (check by hand): %s", strings.Join(light.Incomplete, ", "))
	}
	p.run("dark scheme", colourScheme("dark"))
	dark := axeCheck(t, p, "dark scheme", axeRun(`{runOnly: {type: 'rule', values: ['color-contrast', 'link-in-text-block']}}`))
	n.darkRules += dark.Rules
	p.run("light scheme", colourScheme("light"))
	n.focusable += checkFocusVisible(t, p)
	p.run("narrow the window", chromedp.EmulateViewport(320, 800))
	checkReflow(t, p)
	narrow := axeCheck(t, p, "320px wide", axeRun(`{runOnly: {type: 'rule', values: ['scrollable-region-focusable', 'target-size']}}`))
	n.narrowRules += narrow.Rules
	p.run("widen the window", chromedp.ResetViewport())
	n.pages++
}

// axeCheck runs axe and fails the test with each violation.
func axeCheck(t *testing.T, p *person, what, script string) axeReport {
	t.Helper()
	r := get(p, "run axe ("+what+")", chromedp.Evaluate[axeReport](script, chromedp.EvalAwaitPromise))
	if r.Rules == 0 {
		t.Errorf("axe (%s) ran no rules", what)
	}
	for _, v := range r.Violations {
		t.Errorf("axe (%s): %s", what, v)
	}
	return r
}

// colourScheme emulates prefers-color-scheme.
func colourScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	})
}

// summaryState is where the focus is after a form comes back with errors,
// and where the summary's links lead.
type summaryState struct {
	Focused bool     `json:"focused"`
	Active  string   `json:"active"`
	Links   []string `json:"links"`
	Missing []string `json:"missing"`
}

// checkErrorSummary: the summary has the focus (it has autofocus), and
// each of its links points at an element of the page.
func checkErrorSummary(t *testing.T, p *person) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.activeElement && document.activeElement.matches(".error-summary")`,
		chromedp.WithPollingTimeout(5*time.Second)))
	cancel()
	s := get(p, "read the summary", chromedp.Evaluate[summaryState](`(() => { `+jsDescribe+`
		const links = Array.from(document.querySelectorAll(".error-summary a"), a => a.getAttribute("href"));
		return {focused: document.activeElement.matches(".error-summary"), active: describe(document.activeElement), links,
			missing: links.filter(h => !h.startsWith("#") || !document.getElementById(decodeURIComponent(h.slice(1))))};
	})()`))
	if err != nil || !s.Focused {
		t.Errorf("the error summary does not have the focus; %s does", s.Active)
	}
	if len(s.Links) == 0 {
		t.Errorf("the error summary has no links to the fields")
	}
	for _, h := range s.Missing {
		t.Errorf("the error summary links to %q, which is no element of the page", h)
	}
}

// checkFocusVisible presses Tab through the page (up to a limit) and
// requires each element it reaches to look different with the focus than
// without: the style is read as the focus arrives and again after it has
// gone. It returns how many elements it checked.
func checkFocusVisible(t *testing.T, p *person) int {
	t.Helper()
	const presses = 35
	p.run("listen for the focus", chromedp.Evaluate[chromedp.Void](`(() => { `+jsDescribe+jsFocusStyle+`
		const seen = window.__focusSeen = [];
		// Start from the top of the page: focusing the body moves the
		// starting point of sequential navigation there, so the first Tab
		// reaches the first link (a blur would leave it where focus was).
		document.body.tabIndex = -1;
		document.body.focus();
		document.body.removeAttribute("tabindex");
		window.scrollTo(0, 0);
		document.addEventListener("focusin", e => {
			const el = e.target;
			// When Tab wraps past the end of the page the focus comes back
			// before the window has it again, and :focus does not match yet;
			// such a focusin says nothing about the page's styles.
			if (!document.hasFocus() || !el.matches(":focus")) return;
			if (!seen.some(([x]) => x === el)) seen.push([el, focusStyle(el), describe(el)]);
		}, true);
	})()`))
	tabs := make([]chromedp.Action[chromedp.Void], presses)
	for i := range tabs {
		tabs[i] = chromedp.KeyEvent(kb.Tab)
	}
	p.run("press Tab", chromedp.Steps(tabs...))
	type result struct {
		Checked   int      `json:"checked"`
		Unchanged []string `json:"unchanged"`
	}
	r := get(p, "compare without the focus", chromedp.Evaluate[result](`(() => { `+jsFocusStyle+`
		if (document.activeElement) document.activeElement.blur();
		const seen = window.__focusSeen;
		return {checked: seen.length, unchanged: seen.filter(([e, s]) => focusStyle(e) === s).map(([e, s, d]) => d + " {" + s + "}")};
	})()`))
	for _, d := range r.Unchanged {
		t.Errorf("no visible focus indicator: %s", d)
	}
	if r.Checked == 0 {
		t.Errorf("Tab reached nothing on the page")
	}
	return r.Checked
}

// reflow is a page's width at 320 CSS pixels, and what sticks out.
type reflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	ClientWidth int      `json:"clientWidth"`
	Wide        []string `json:"wide"`
}

// checkReflow: at 320 CSS pixels wide (WCAG 1.4.10, the width of 1280 at
// 400% zoom) nothing makes the page scroll sideways.
func checkReflow(t *testing.T, p *person) {
	t.Helper()
	r := get(p, "measure", chromedp.Evaluate[reflow](`(() => { `+jsDescribe+`
		const d = document.documentElement, wide = [];
		if (d.scrollWidth > d.clientWidth + 1) {
			for (const e of document.body.querySelectorAll("*")) {
				const r = e.getBoundingClientRect();
				if (r.width > 0 && r.right > d.clientWidth + 1) wide.push(describe(e) + " ends at " + Math.round(r.right) + "px");
				if (wide.length >= 8) break;
			}
		}
		return {scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, wide};
	})()`))
	if r.ScrollWidth > r.ClientWidth+1 {
		t.Errorf("at 320px wide the page scrolls sideways: %dpx of content in %dpx; too wide: %s",
			r.ScrollWidth, r.ClientWidth, strings.Join(r.Wide, "; "))
	}
}
