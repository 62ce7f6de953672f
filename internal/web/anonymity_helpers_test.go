package web_test

import (
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"forum/internal/auth"
	"forum/internal/store"
	"forum/internal/store/storetest"
	"forum/internal/web"
)

// The machinery of anonymity_test.go: two worlds built by one script and
// driven in lockstep, every answer of one compared with the same answer of
// the other after the per-session values are taken out, and the
// differences gathered into a report a person can read.

// anonWorld is one of the worlds: the authorization matrix's world (its
// people, forums and objects) with the script's people and posts on top.
type anonWorld struct {
	*azWorld
	// side says which member of each pair of candidate authors wrote each
	// anonymous post: the other world has the other side.
	side int
	// swapNamed, for the positive control only: one named post is by
	// another author.
	swapNamed bool
	// place is the world's place in its pair: 0 for world A, 1 for B.
	place int
	// cand are the candidate authors, by pair.
	cand [][2]accountRef
}

// accountRef is an account of the script, by id and pseudonym.
type accountRef struct {
	id        int64
	pseudonym string
}

// openAnonStore opens the store of one world. Every world of a comparison
// is opened here, so whatever the worlds must share is set in this one
// place: the clock, and the key of the public ids readers see.
func openAnonStore(t *testing.T, d store.Dialect, clock *testClock) *store.Store {
	t.Helper()
	return storetest.Open(t, storetest.URL(t, d), store.Options{Now: clock.Now, PublicIDKey: anonIDKey})
}

// anonIDKey is the key of public ids in every world the walk builds, so
// that the same post has the same public id in each; each real forum
// makes its own.
const anonIDKey = "00112233445566778899aabbccddeeff"

// newAnonWorld opens a store and a server and builds the matrix's world in
// it, signing no one in yet.
func newAnonWorld(t *testing.T, d store.Dialect, clock *testClock, side int, swapNamed bool) *anonWorld {
	t.Helper()
	st := openAnonStore(t, d, clock)
	// One address for both: the feeds print it.
	s := serve(t, web.Options{Store: st, PublicRead: true, PostsPerSecond: -1, BaseURL: "http://forum.example"})
	return &anonWorld{azWorld: buildAZWorld(t, s), side: side, swapNamed: swapNamed}
}

// ref is how paths name the thing of kind cat (post, topic, …) with the
// id id, as the store's methods give it: a topic's or post's public id
// already (store/publicids.go), so the id itself.
func (w *anonWorld) ref(_ string, id int64) string {
	return strconv.FormatInt(id, 10)
}

// anonObj is a thing the walk puts into a path: a post, a topic, a person.
type anonObj struct {
	cat   string    // its category: see anonCategories
	label string    // what it is, for failure messages
	val   [2]string // how each world's paths name it
	// query, when set, is added to the path, and route says the one route
	// it goes with: things named in a query string (a search, a filter,
	// the post a reply answers).
	query [2]string
	route string
	// getOnly keeps it out of the forms: one of the walk's own people,
	// whom an admin's form would change into someone else.
	getOnly bool
}

// anonPair is the two worlds, driven in lockstep.
type anonPair struct {
	t     *testing.T
	clock *testClock
	w     [2]*anonWorld
	objs  []anonObj
	// diverged lists the steps (of the script, or the walk's making of
	// objects and forms) that came out differently in the two worlds.
	diverged []anonStepDiff
	found    *anonFindings
}

func newAnonPair(t *testing.T, clock *testClock, a, b *anonWorld) *anonPair {
	a.place, b.place = 0, 1
	return &anonPair{t: t, clock: clock, w: [2]*anonWorld{a, b}, found: &anonFindings{}}
}

// anonStep runs one step of the script in each world, one after the
// other at the same time on the shared clock, then moves the clock on a
// minute. A step whose outcome differs between the worlds (an error in
// one, a post published in one and queued in the other) is noted: the
// outcome of an act is an answer too, and everything after may differ.
func anonStep[T any](p *anonPair, what string, fn func(w *anonWorld) (T, error)) [2]T {
	p.t.Helper()
	var out [2]T
	var errs [2]error
	for i, w := range p.w {
		out[i], errs[i] = fn(w)
	}
	p.clock.Advance(time.Minute)
	show := func(i int) string {
		if errs[i] != nil {
			return "error: " + errs[i].Error()
		}
		return fmt.Sprintf("%+v", out[i])
	}
	if a, b := show(0), show(1); a != b {
		p.diverged = append(p.diverged, anonStepDiff{what, fmt.Sprintf("world A %s; world B %s", a, b)})
	}
	return out
}

// act is a step with no result but its error.
func (p *anonPair) act(what string, fn func(w *anonWorld) error) {
	p.t.Helper()
	anonStep(p, what, func(w *anonWorld) (struct{}, error) { return struct{}{}, fn(w) })
}

// add makes a thing of the script an object of the walk.
func (p *anonPair) add(cat, label string, ids [2]int64) {
	p.objs = append(p.objs, anonObj{cat: cat, label: label, val: [2]string{p.w[0].ref(cat, ids[0]), p.w[1].ref(cat, ids[1])}})
}

// signInAll gives every role a browser in each world.
func (p *anonPair) signInAll(roles []azRole) {
	p.t.Helper()
	for _, r := range roles {
		p.both(func(_ int, w *anonWorld) { w.newBrowserFor(r) })
	}
}

// both runs fn in the two worlds at once (the machine has two cores and
// most of a request's time is the server's), and returns when both ended.
func (p *anonPair) both(fn func(i int, w *anonWorld)) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		fn(1, p.w[1])
	}()
	fn(0, p.w[0])
	wg.Wait()
}

// anonWalk is one pass over the router's routes.
type anonWalk struct {
	phase   string
	methods []string // the methods of the routes it sends
	roles   []azRole
	// only, when set, limits the walk to the routes it names (the
	// positive control walks a few).
	only []string
	// skip names categories of the script's objects the walk leaves out
	// (the matrix's own object still goes).
	skip []string
}

// walk sends every route of the router (of the walk's methods) as every
// role, with every object of the route's category, to both worlds, and
// compares the answers. Forms come from the authorization matrix's table,
// so a new route is walked as soon as the matrix knows how to send it.
func (p *anonPair) walk(wk anonWalk) {
	p.t.Helper()
	expect := azExpectations()
	routes := azRoutes(p.t, p.w[0].s.srv)
	if other := azRoutes(p.t, p.w[1].s.srv); !slices.Equal(routes, other) {
		p.t.Fatalf("the two worlds route differently:\n%v\n%v", routes, other)
	}
	routes = anonOrder(routes)
	for _, key := range routes {
		method, pattern, _ := strings.Cut(key, " ")
		if !slices.Contains(wk.methods, method) || (wk.only != nil && !slices.Contains(wk.only, key)) {
			continue
		}
		e, ok := expect[key]
		if !ok {
			p.t.Errorf("route %s is not in the authorization matrix's table, so the walk cannot send it", key)
			continue
		}
		objs := p.objectsFor(key, e, wk.skip)
		for _, r := range wk.roles {
			for _, o := range objs {
				p.sendAndCompare(wk.phase, key, e, r, o, pattern)
			}
		}
	}
}

// anonOrder puts the admin's forms last: they rename, archive and
// reorganise the forums the script's posts live in and change the roles
// of the script's people, which would leave the other routes less to try.
func anonOrder(routes []string) []string {
	out := slices.Clone(routes)
	rank := func(key string) int {
		if strings.HasPrefix(key, "POST /admin/") {
			return 1
		}
		return 0
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

// objectsFor is what the walk puts into the route's path: the object the
// matrix would make for the route (made now, in both worlds, once for all
// roles), then every object of the script of the same category but those
// of the categories in skip.
func (p *anonPair) objectsFor(key string, e azRoute, skip []string) []anonObj {
	p.t.Helper()
	method, _, _ := strings.Cut(key, " ")
	out := []anonObj{{label: "-"}}
	cat := ""
	if e.obj != "" {
		var ok bool
		if cat, ok = anonCategories()[e.obj]; !ok {
			p.t.Fatalf("the matrix's table names objects of kind %q: say in anonCategories which of the script's objects are of that kind", e.obj)
		}
		var fresh [2]string
		for i, w := range p.w {
			fresh[i] = w.object(e.obj)
		}
		if fresh[0] != fresh[1] {
			p.diverged = append(p.diverged, anonStepDiff{"the matrix's " + e.obj + " object", fmt.Sprintf("world A %s; world B %s", fresh[0], fresh[1])})
		}
		out[0] = anonObj{cat: cat, label: "the matrix's " + e.obj, val: fresh}
	}
	for _, o := range p.objs {
		mine := o.route == key || (o.route == "" && cat != "" && o.cat == cat)
		if mine && !slices.Contains(skip, o.cat) && (method == http.MethodGet || !o.getOnly) {
			out = append(out, o)
		}
	}
	return out
}

// sendAndCompare sends one request as r to each world, with the same form
// (made in each world) but each browser's own token, and compares the answers.
func (p *anonPair) sendAndCompare(phase, key string, e azRoute, r azRole, o anonObj, pattern string) {
	p.t.Helper()
	method, _, _ := strings.Cut(key, " ")
	var paths [2]string
	var forms [2]url.Values
	for i, w := range p.w {
		paths[i] = w.fill(pattern, o.val[i])
		if o.query[i] != "" {
			paths[i] += "?" + o.query[i]
		}
		if e.form != nil && method != http.MethodGet {
			forms[i] = e.form(w.azWorld, r, o.val[i])
		}
	}
	if anonForm(key, forms[0]) != anonForm(key, forms[1]) {
		p.diverged = append(p.diverged, anonStepDiff{fmt.Sprintf("the form of %s as %s (%s)", key, r, o.label),
			fmt.Sprintf("world A %q; world B %q", forms[0].Encode(), forms[1].Encode())})
	}
	label := o.label
	for page := 1; ; page++ {
		a := p.exchange(phase, key, r, label, paths, method, forms)
		if e.session {
			p.both(func(_ int, w *anonWorld) { w.afterSession(r) })
		}
		// A page that goes on (a long topic, the log, the queue, search
		// results) is followed, in each world to where its own link points.
		next := [2]string{anonNextPage(a[0]), anonNextPage(a[1])}
		if next[0] == "" || next[1] == "" || page == anonMaxPages {
			return
		}
		paths, label = next, fmt.Sprintf("%s, page %d", o.label, page+1)
	}
}

// anonMaxPages is how many pages of one answer the walk follows.
const anonMaxPages = 8

var anonNextRE = regexp.MustCompile(`<a rel="next" href="([^"]*)"`)

// anonNextPage is where a page's "next page" link points, or "".
func anonNextPage(a answer) string {
	if a.method != http.MethodGet || a.status != http.StatusOK {
		return ""
	}
	if m := anonNextRE.FindStringSubmatch(a.body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// exchange sends one request as r to each world, at once, and compares
// the answers.
func (p *anonPair) exchange(phase, key string, r azRole, label string, paths [2]string, method string, forms [2]url.Values) [2]answer {
	p.t.Helper()
	var answers [2]answer
	var tokens [2]string
	p.both(func(i int, w *anonWorld) {
		answers[i] = w.send(r, method, paths[i], forms[i])
		tokens[i] = w.b[r].cookie("forum_csrf")
	})
	p.clock.Advance(time.Second)
	p.found.compared++
	ha, hb := anonHeader(key, answers[0].header), anonHeader(key, answers[1].header)
	if answers[0].status == answers[1].status && ha == hb && anonUntoken(answers[0].body, tokens[0]) == anonUntoken(answers[1].body, tokens[1]) {
		return answers // the same already, without the expressions' work
	}
	a, b := anonNormalise(key, answers[0], tokens[0]), anonNormalise(key, answers[1], tokens[1])
	if d := anonDiff(a, b); d != nil {
		p.found.add(phase, key, r, label, paths, d)
	}
	return answers
}

// afterSession makes r's browser r's again after a form that signed it
// in as someone else or out. A member's browser keeps its form token and
// is given a new session straight from the store: signing in through the
// form again would check a passphrase, a tenth of a second of the test's
// two cores, for nothing the walk compares.
func (w *anonWorld) afterSession(r azRole) {
	w.t.Helper()
	if r == azVisitor {
		w.newBrowserFor(r)
		return
	}
	if w.signedIn(r) {
		return
	}
	token, hash := auth.NewToken()
	azNoErr(w.t, w.s.st.CreateSession(ctx, w.acc[r].ID, hash, "", 12*time.Hour)) // as long as a sign-in's
	w.b[r].setCookie("forum_session", token)
}

// signedIn reports whether r's browser is signed in as r: the account
// page names the account in its navigation.
func (w *anonWorld) signedIn(r azRole) bool {
	return strings.Contains(w.b[r].get("/account").body, "("+html.EscapeString(w.acc[r].Pseudonym)+")")
}

// anonAnswer is an answer as compared: its status, its headers and its
// body, each with the per-session values taken out.
type anonAnswer struct {
	status int
	header string
	body   string
}

// The normalisations. Each takes out a value that differs between the two
// worlds for a reason that has nothing to do with who wrote what; each says
// why it is safe to take out. Nothing else is.
var (
	// A form's CSRF token is the browser's own random value, made when
	// the browser first came; it is the same for every page one browser
	// sees, whoever wrote anything.
	anonCSRFRE = regexp.MustCompile(`(name="_csrf" value=")[^"]*"`)
	// A post form's submission key is a fresh random value for each
	// form shown (newSubmissionKey), against sending one post twice.
	anonSubmissionRE = regexp.MustCompile(`(name="submission" value=")[^"]*"`)
	// The sign-up page suggests a random pseudonym (auth.NewPseudonym)
	// each time it is shown.
	anonSuggestedRE = regexp.MustCompile(`(id="pseudonym" name="pseudonym" type="text") value="[^"]*"`)
	// Invite codes the admin's form makes are random (auth.NewInviteCode);
	// only the invites page shows them.
	anonInviteRE = regexp.MustCompile(`\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b`)
	// A member's notifications are numbered among everyone's, and one
	// world writes fewer: approving a post of an author who erased their
	// account tells no one. The member sees each one's public id, a keyed
	// permutation of that number (store/publicids.go), which says nothing
	// of the numbers between: the values differ, their meaning does not.
	// Only the mark-as-read forms carry them.
	anonNotificationRE = regexp.MustCompile(`(action="/notifications/read">(?:<input type="hidden" name="_csrf" value="[^"]*">)?<input type="hidden" name="id" value=")\d+"`)
)

// anonForm is a form as the worlds are compared on it: the id of a
// notification is taken out, as anonNotificationRE says.
func anonForm(key string, f url.Values) string {
	if key == "POST /notifications/read" && f.Has("id") {
		f = maps.Clone(f)
		f.Set("id", "{notification}")
	}
	return f.Encode()
}

// anonNormalise takes out of a the values that differ between worlds for
// reasons other than who wrote what (see the expressions above). token is
// the CSRF token of the browser that got a.
func anonNormalise(key string, a answer, token string) anonAnswer {
	return anonAnswer{status: a.status, header: anonHeader(key, a.header), body: anonBody(key, a.body, token)}
}

// anonBody is a body with the per-session values taken out.
func anonBody(key, body, token string) string {
	body = anonUntoken(body, token)
	body = anonCSRFRE.ReplaceAllString(body, `${1}{csrf}"`)
	body = anonSubmissionRE.ReplaceAllString(body, `${1}{submission}"`)
	switch key {
	case "GET /admin/invites", "POST /admin/invites":
		body = anonInviteRE.ReplaceAllString(body, "{invite code}")
	case "GET /register":
		body = anonSuggestedRE.ReplaceAllString(body, `$1 value="{suggested}"`)
	case "GET /notifications":
		body = anonNotificationRE.ReplaceAllString(body, `${1}{notification}"`)
	case "GET /metrics":
		// The process's and the Go runtime's figures (memory, threads,
		// CPU time) and the requests' durations measure the machine; the
		// request counts by route and status stay, and must agree.
		var keep []string
		for _, line := range strings.Split(body, "\n") {
			if strings.HasPrefix(line, "forum_http_requests_total") {
				keep = append(keep, line)
			}
		}
		body = strings.Join(keep, "\n")
	}
	return body
}

// anonHeader is the headers, one "Name: value" a line in order, with the
// per-session values and the machine's clock taken out.
func anonHeader(key string, h http.Header) string {
	var header []string
	for name, values := range h {
		switch name {
		case "Date": // the machine's clock when the answer was sent
			continue
		case "Content-Length": // the body's length: the body is compared itself, tokens taken out
			continue
		}
		for _, v := range values {
			if name == "Set-Cookie" && strings.HasPrefix(v, "forum_csrf=") {
				// The form-token cookie is the browser's own random value,
				// set again on every answer rendered and on none served
				// from the visitors' page cache, whose entries expire by
				// the machine's clock: its presence says only whether the
				// page came from the cache.
				continue
			}
			if name == "Set-Cookie" {
				v = anonCookie(v)
			}
			if name == "Location" && key == "POST /admin/invites" {
				v = anonInviteRE.ReplaceAllString(v, "{invite code}") // the page of the new code
			}
			header = append(header, name+": "+v)
		}
	}
	slices.Sort(header)
	return strings.Join(header, "\n")
}

// anonUntoken takes the browser's own CSRF token out of a body: most
// bodies of the two worlds are the same once it is out, and need no more.
func anonUntoken(body, token string) string {
	if token == "" {
		return body
	}
	return strings.ReplaceAll(body, token, "{csrf}")
}

// anonCookie takes the value out of the session cookie (random per
// sign-in). A flash cookie's value is a key from a fixed table and stays.
func anonCookie(v string) string {
	name, rest, _ := strings.Cut(v, "=")
	if name != "forum_session" {
		return v
	}
	value, attrs, _ := strings.Cut(rest, ";")
	if value != "" {
		value = "{" + name + "}"
	}
	return name + "=" + value + ";" + attrs
}

// anonLine is one line that one world's answer has and the other's has
// not (a status, a header, or a line of the body), and its signature: the
// line with its numbers taken out, which is what a cause has in common
// wherever it shows (a queue count of 4 against 5, or of 15 against 16).
type anonLine struct {
	world string // "A" or "B"
	text  string
	sig   string
}

var (
	anonDigitsRE = regexp.MustCompile(`[0-9]+`)
	anonTagRE    = regexp.MustCompile(`<[^>]*>`)
)

// anonDiff lists the lines each answer has that the other has not, in
// order, as multisets: nil when the answers are the same. A line of bare
// markup (an extra "</li>") says nothing of its own and is left out,
// unless nothing else differs.
func anonDiff(a, b anonAnswer) []anonLine {
	var out []anonLine
	add := func(world, text string) {
		text = strings.TrimSpace(text)
		out = append(out, anonLine{world: world, text: text, sig: anonDigitsRE.ReplaceAllString(text, "#")})
	}
	if a.status != b.status {
		add("A", fmt.Sprintf("status %d", a.status))
		add("B", fmt.Sprintf("status %d", b.status))
	}
	for _, part := range [][2]string{{a.header, b.header}, {a.body, b.body}} {
		if part[0] == part[1] {
			continue
		}
		onlyA, onlyB := onlyIn(part[0], part[1]), onlyIn(part[1], part[0])
		if len(onlyA) == 0 && len(onlyB) == 0 {
			// The same lines in another order (a list sorted otherwise):
			// the first place where they part.
			la, lb := strings.Split(part[0], "\n"), strings.Split(part[1], "\n")
			i := 0
			for la[i] == lb[i] {
				i++
			}
			add("A", "in another order: "+la[i])
			add("B", "in another order: "+lb[i])
			continue
		}
		var bare []anonLine
		for _, side := range []struct {
			world string
			lines []string
		}{{"A", onlyA}, {"B", onlyB}} {
			for _, l := range side.lines {
				if strings.TrimSpace(anonTagRE.ReplaceAllString(l, "")) == "" && !strings.Contains(l, `="/`) && !strings.Contains(l, `value="`) {
					bare = append(bare, anonLine{world: side.world, text: strings.TrimSpace(l)})
					continue
				}
				add(side.world, l)
			}
		}
		if len(out) == 0 {
			for _, l := range bare {
				add(l.world, l.text)
			}
		}
	}
	return out
}

// onlyIn is the lines of a that b has fewer of, in a's order.
func onlyIn(a, b string) []string {
	have := map[string]int{}
	for _, l := range strings.Split(b, "\n") {
		have[l]++
	}
	var out []string
	for _, l := range strings.Split(a, "\n") {
		if have[l] > 0 {
			have[l]--
			continue
		}
		out = append(out, l)
	}
	return out
}

// clip keeps about 240 bytes of a line, cut between characters.
func clip(l string) string {
	cut := 240
	if len(l) <= cut {
		return l
	}
	for cut > 0 && !utf8.RuneStart(l[cut]) {
		cut--
	}
	return l[:cut] + "…"
}

// anonFindings gathers the answers that differ.
type anonFindings struct {
	compared int
	list     []anonFinding
}

// anonFinding is one pair of answers that differ: which request, and how.
type anonFinding struct {
	phase, key string
	role       azRole
	obj        string // the object's label
	path       string
	lines      []anonLine
}

func (f *anonFindings) add(phase, key string, r azRole, label string, paths [2]string, lines []anonLine) {
	where := paths[0]
	if paths[1] != paths[0] {
		where += " in world A, " + paths[1] + " in world B"
	}
	f.list = append(f.list, anonFinding{phase: phase, key: key, role: r, obj: label, path: where, lines: lines})
}

// linesOf is the lines world ("A" or "B") had and the other had not, in
// every answer of route key.
func (f *anonFindings) linesOf(key, world string) string {
	var out []string
	for _, fd := range f.list {
		for _, l := range fd.lines {
			if fd.key == key && l.world == world {
				out = append(out, l.text)
			}
		}
	}
	return strings.Join(out, "\n")
}

// anonCause is the lines that differ in exactly the same answers: the
// signs of one cause.
type anonCause struct {
	sigs     []string
	findings []int // indexes into anonFindings.list
}

// causes groups the differing lines by the answers they differ in: lines
// that always differ together are one cause. Most answers first.
func (f *anonFindings) causes() []*anonCause {
	in := map[string][]int{}
	var order []string
	for i, fd := range f.list {
		for _, l := range fd.lines {
			at := in[l.sig]
			if len(at) > 0 && at[len(at)-1] == i {
				continue
			}
			if len(at) == 0 {
				order = append(order, l.sig)
			}
			in[l.sig] = append(at, i)
		}
	}
	byKey := map[string]*anonCause{}
	var out []*anonCause
	for _, sig := range order {
		key := fmt.Sprint(in[sig])
		c := byKey[key]
		if c == nil {
			c = &anonCause{findings: in[sig]}
			byKey[key] = c
			out = append(out, c)
		}
		c.sigs = append(c.sigs, sig)
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].findings) > len(out[j].findings) })
	return out
}

// describe is one cause for a person: the lines that differ, the routes
// and roles it shows on, and one example with the lines as they were.
func (f *anonFindings) describe(c *anonCause) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d answers differ in:\n", len(c.findings))
	for i, sig := range c.sigs {
		if i == 6 {
			fmt.Fprintf(&b, "    … and %d more lines\n", len(c.sigs)-6)
			break
		}
		fmt.Fprintf(&b, "    %s\n", clip(sig))
	}
	routes, roles := map[string]int{}, map[azRole]int{}
	var routeOrder []string
	var roleOrder []azRole
	for _, i := range c.findings {
		fd := f.list[i]
		if routes[fd.key] == 0 {
			routeOrder = append(routeOrder, fd.key)
		}
		if roles[fd.role] == 0 {
			roleOrder = append(roleOrder, fd.role)
		}
		routes[fd.key]++
		roles[fd.role]++
	}
	var rs, ps []string
	for _, k := range routeOrder {
		rs = append(rs, fmt.Sprintf("%s (%d)", k, routes[k]))
	}
	for _, r := range roleOrder {
		ps = append(ps, fmt.Sprintf("%s (%d)", r, roles[r]))
	}
	fmt.Fprintf(&b, "  on %s\n  as %s\n", strings.Join(rs, ", "), strings.Join(ps, ", "))
	fd := f.list[c.findings[0]]
	fmt.Fprintf(&b, "  for example [%s] %s as %s, object %s (%s):", fd.phase, fd.key, fd.role, fd.obj, fd.path)
	shown := 0
	for _, l := range fd.lines {
		if slices.Contains(c.sigs, l.sig) && shown < 8 {
			fmt.Fprintf(&b, "\n    %s: %s", l.world, clip(l.text))
			shown++
		}
	}
	return b.String()
}

// anonStepDiff is a step that came out differently: what it was, and how.
type anonStepDiff struct{ what, how string }

// reportSteps fails the test with the steps that came out differently,
// those that did in the same way (numbers aside) together.
func (p *anonPair) reportSteps() {
	p.t.Helper()
	byHow := map[string][]anonStepDiff{}
	var order []string
	for _, d := range p.diverged {
		sig := anonDigitsRE.ReplaceAllString(d.how, "#")
		if byHow[sig] == nil {
			order = append(order, sig)
		}
		byHow[sig] = append(byHow[sig], d)
	}
	for _, sig := range order {
		ds := byHow[sig]
		var what []string
		for _, d := range ds {
			what = append(what, d.what)
		}
		p.t.Errorf("%d steps came out differently in the two worlds, %s (the first: %s):\n    %s",
			len(ds), sig, ds[0].how, strings.Join(what, "\n    "))
	}
}

// report fails the test with every difference found, grouped by cause.
func (p *anonPair) report() {
	p.t.Helper()
	p.reportSteps()
	causes := p.found.causes()
	for _, c := range causes {
		p.t.Errorf("%s", p.found.describe(c))
	}
	p.t.Logf("compared %d pairs of answers: %d differ, in %d ways; %d steps came out differently",
		p.found.compared, len(p.found.list), len(causes), len(p.diverged))
}
