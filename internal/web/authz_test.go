package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"forum/internal/forum"
	"forum/internal/web"
)

// The authorization matrix: every route of the router, read from the
// router itself, against every kind of person, each with the answer the
// product says they must get, written down here. A route added to the
// router without a line here fails the test, and so does a line for a
// route that is gone.

// azOpts: public reading on (the default), and no limit on POSTs, which
// the matrix sends many of from one address.
var azOpts = web.Options{PublicRead: true, PostsPerSecond: -1}

// azExpectations is the matrix. Columns, in order: visitor, practitioner,
// suspended practitioner, host of this forum, host of another forum,
// moderator in scope, moderator out of scope, moderator of all groups, admin.
// The objects are all in one expert forum, in one group: the host hosts it,
// the moderator in scope moderates the group.
func azExpectations() map[string]azRoute {
	const (
		A = azAllow    // let through
		K = azSame     // let through, changing nothing: the object is someone else's
		S = azSignIn   // sent to sign in (a page), 401 (a form)
		F = azForbid   // 403
		N = azNotFound // 404
		R = azRefused  // the form comes back with its error, 422, nothing written
	)
	type row = [azRoles]azWant
	everyone := row{A, A, A, A, A, A, A, A, A}
	members := row{S, A, A, A, A, A, A, A, A}
	posters := row{S, A, R, A, A, A, A, A, A} // a suspended member cannot post
	owner := row{S, A, N, N, N, N, N, N, N}   // the practitioner's own post: no one else's to find
	hosts := row{S, F, F, A, F, F, F, F, A}   // hosts of the forum, and admins
	lockers := row{S, F, F, A, F, A, F, A, A} // hosts and moderators of the forum's group
	moderators := row{S, F, F, F, F, A, A, A, A}
	inScope := row{S, F, F, F, F, A, F, A, A}
	inScopePage := row{S, F, F, F, F, A, N, A, A} // pages of a post find only posts in the moderator's groups
	admins := row{S, F, F, F, F, F, F, F, A}
	gone := row{N, N, N, N, N, N, N, N, N}

	text := func(kv ...string) func(*azWorld, azRole, string) url.Values {
		return func(*azWorld, azRole, string) url.Values {
			v := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
	}
	topicForm := func(w *azWorld, r azRole, _ string) url.Values {
		n := w.next()
		return url.Values{"title": {fmt.Sprintf("Topic %d from the %s", n, r)}, "body": {"How long do you keep a room open?"},
			"anonymous": {"no"}, "action": {"send"}, "submission": {fmt.Sprintf("matrix-topic-%d", n)}}
	}
	replyForm := func(w *azWorld, r azRole, _ string) url.Values {
		n := w.next()
		return url.Values{"body": {fmt.Sprintf("Reply %d from the %s.", n, r)}, "anonymous": {"no"}, "action": {"send"},
			"submission": {fmt.Sprintf("matrix-reply-%d", n)}}
	}
	groupForm := func(w *azWorld, _ azRole, id string) url.Values {
		n, _ := strconv.ParseInt(id, 10, 64)
		g, err := w.s.st.AdminGroup(ctx, n)
		azNoErr(w.t, err)
		return url.Values{"name": {g.Name + " renamed"}, "description": {"Renamed."}, "version": {strconv.Itoa(g.Version)}}
	}
	forumForm := func(w *azWorld, _ azRole, id string) url.Values {
		n, _ := strconv.ParseInt(id, 10, 64)
		f, err := w.s.st.AdminForum(ctx, n)
		azNoErr(w.t, err)
		return url.Values{"name": {f.Name + " renamed"}, "description": {"Renamed."}, "kind": {"discussion"},
			"anonymity": {"allowed"}, "version": {strconv.Itoa(f.Version)}}
	}
	signInForm := func(w *azWorld, r azRole, _ string) url.Values {
		if r == azVisitor {
			return url.Values{"pseudonym": {w.visitorName}, "passphrase": {w.visitorPass}}
		}
		return url.Values{"pseudonym": {w.acc[r].Pseudonym}, "passphrase": {w.pass[r]}}
	}
	passForm := func(w *azWorld, r azRole, _ string) url.Values {
		p := w.pass[r]
		return url.Values{"current": {p}, "new": {p}, "confirm-new": {p}}
	}

	return map[string]azRoute{
		// Operations.
		"GET /healthz":  {want: everyone},
		"GET /readyz":   {want: everyone},
		"GET /static/*": {want: everyone, obj: "static"},

		// Reading (public reading is on).
		"GET /":                   {want: everyone, reading: true},
		"GET /g/:id":              {want: everyone, obj: "group", reading: true},
		"GET /f/:id":              {want: everyone, obj: "forum", reading: true},
		"GET /t/:id":              {want: everyone, obj: "topic", reading: true},
		"GET /p/:id":              {want: everyone, obj: "approved", reading: true},
		"GET /search":             {want: everyone, reading: true},
		"GET /digest":             {want: everyone, reading: true},
		"GET /digest/:week":       {want: everyone, obj: "week", reading: true},
		"GET /feeds/latest.atom":  {want: everyone, reading: true},
		"GET /feeds/groups/:file": {want: everyone, obj: "groupFeed", reading: true},
		"GET /feeds/forums/:file": {want: everyone, obj: "forumFeed", reading: true},

		// Posting.
		"GET /f/:id/new":    {want: members, obj: "forum"},
		"POST /f/:id/new":   {want: posters, obj: "forum", form: topicForm},
		"GET /t/:id/reply":  {want: members, obj: "topic"},
		"POST /t/:id/reply": {want: posters, obj: "topic", form: replyForm},
		"GET /p/:id/report": {want: members, obj: "approved"},
		"POST /p/:id/report": {want: members, obj: "approved",
			form: text("reason", "off-topic", "note", "Not about housing.")},
		"GET /my/posts":               {want: members},
		"GET /my/posts/:id/edit":      {want: owner, obj: "mine"},
		"POST /my/posts/:id/edit":     {want: owner, obj: "mine", form: text("body", "Changed before a moderator saw it.", "anonymous", "no", "action", "send")},
		"POST /my/posts/:id/withdraw": {want: owner, obj: "mine"},
		// With no change waiting the author is told so; anyone else finds no post.
		"POST /my/posts/:id/change/cancel": {want: owner, obj: "mine"},
		// Drafts are their author's alone: anyone else's answers as none.
		"GET /my/drafts/:id":         {want: owner, obj: "draft"},
		"POST /my/drafts/:id/delete": {want: owner, obj: "draft"},
		"GET /notifications":         {want: members},
		// Read marks are the member's own: any member, of any topic they may read.
		"GET /t/:id/unread": {want: members, obj: "topic"},
		"POST /read-all":    {want: members},
		// The id is the practitioner's notification: anyone else marks nothing.
		"POST /notifications/read": {want: row{S, A, K, K, K, K, K, K, K},
			form: func(w *azWorld, _ azRole, _ string) url.Values {
				return url.Values{"id": {strconv.FormatInt(w.notification(), 10)}}
			}},

		// Hosting expert forums.
		"POST /t/:id/pin":      {want: hosts, obj: "freshTopic"},
		"POST /t/:id/unpin":    {want: hosts, obj: "pinnedTopic"},
		"POST /t/:id/pin/up":   {want: hosts, obj: "pinnedTopic", form: text("return", "/")},
		"POST /t/:id/pin/down": {want: hosts, obj: "pinnedTopic", form: text("return", "/")},
		"GET /f/:id/open":      {want: hosts, obj: "expertForum"},
		"POST /f/:id/open":     {want: hosts, obj: "expertForum"},
		"POST /f/:id/close":    {want: hosts, obj: "expertForum"},
		"GET /f/:id/announce":  {want: hosts, obj: "forum"},
		"POST /f/:id/announce": {want: hosts, obj: "forum",
			form: text("title", "Questions close on Friday", "body", "Send yours before then.", "action", "send")},
		"POST /announcements/:id/delete": {want: hosts, obj: "announcement", form: text("return", "/")},
		// Marking a question's answer is the hosts' judgement: not the
		// moderators' (answers.go).
		"POST /p/:id/answer":   {want: hosts, obj: "freshApproved"},
		"POST /p/:id/unanswer": {want: hosts, obj: "chosenAnswer"},

		// Moderation.
		"GET /mod/queue": {want: moderators},
		"POST /mod/queue/approve": {want: inScope, form: func(w *azWorld, _ azRole, _ string) url.Values {
			return url.Values{"post": {w.object("pending")}}
		}},
		"POST /mod/posts/:id/approve":   {want: inScope, obj: "pending"},
		"POST /mod/posts/:id/decline":   {want: inScope, obj: "pending", form: text("reason", "off-topic", "note", "")},
		"POST /mod/changes/:id/approve": {want: inScope, obj: "changed"},
		"POST /mod/changes/:id/decline": {want: inScope, obj: "changed", form: text("reason", "Please keep the published wording.")},
		"POST /mod/posts/:id/redact": {want: inScope, obj: "pending",
			form: text("field", "body", "start", "0", "end", "6", "text", "Please")},
		"GET /mod/posts/:id/edit": {want: inScopePage, obj: "pending"},
		"POST /mod/posts/:id/edit": {want: inScopePage, obj: "pending",
			form: text("body", "Redacted before publication.", "action", "send")},
		"GET /mod/posts/:id": {want: inScopePage, obj: "approved"},
		"POST /mod/posts/:id/notes": {want: inScope, obj: "approved", form: func(w *azWorld, _ azRole, _ string) url.Values {
			n := w.next()
			return url.Values{"note": {fmt.Sprintf("Note %d: checked.", n)}, "submission": {fmt.Sprintf("matrix-note-%d", n)}}
		}},
		"POST /mod/posts/:id/hide":      {want: inScope, obj: "freshApproved", form: text("reason", "Off-topic")},
		"POST /mod/posts/:id/unhide":    {want: inScope, obj: "hiddenPost", form: text("reason", "Hidden by mistake.")},
		"POST /mod/posts/:id/suspend":   {want: inScope, obj: "suspendable", form: text("days", "1", "reason", "Abusive replies.")},
		"POST /mod/posts/:id/unsuspend": {want: inScope, obj: "suspendedFrom"},
		"POST /mod/posts/:id/reveal": {want: inScope, obj: "anonymous",
			form: text("reason", "The post says a child is at risk tonight.")},
		"GET /mod/topics/:id/move": {want: inScopePage, obj: "movableTopic"},
		"POST /mod/topics/:id/move": {want: row{S, F, F, F, F, A, N, A, A}, obj: "movableTopic", form: func(w *azWorld, _ azRole, _ string) url.Values {
			return url.Values{"from": {strconv.FormatInt(w.discussion, 10)}, "to": {strconv.FormatInt(w.moveTo(), 10)}}
		}},
		"POST /mod/topics/:id/lock":     {want: lockers, obj: "freshTopic"},
		"POST /mod/topics/:id/unlock":   {want: lockers, obj: "lockedTopic"},
		"GET /mod/reports":              {want: moderators},
		"POST /mod/reports/:id/dismiss": {want: inScope, obj: "report"},
		"GET /mod/reveals":              {want: moderators},
		"POST /mod/reveals/:id/approve": {want: inScope, obj: "reveal"},
		"GET /mod/log":                  {want: moderators},

		// Accounts. Signed-in members asking for the sign-up or sign-in
		// pages are sent on; the sign-in form signs each in again.
		"GET /register": {want: everyone},
		"POST /register": {want: everyone, session: true, form: func(w *azWorld, _ azRole, _ string) url.Values {
			p := "a fresh passphrase for a new account"
			return url.Values{"pseudonym": {fmt.Sprintf("Newcomer %d", w.next())}, "passphrase": {p}, "confirm": {p}}
		}},
		"GET /login":        {want: everyone},
		"POST /login":       {want: everyone, session: true, form: signInForm},
		"POST /logout":      {want: everyone, session: true},
		"GET /setup/:token": {want: gone, obj: "setup"},
		"POST /setup/:token": {want: gone, obj: "setup",
			form: text("pseudonym", "Second Admin", "passphrase", "a passphrase long enough", "confirm", "a passphrase long enough")},
		"GET /account":             {want: members},
		"POST /account/passphrase": {want: members, form: passForm},
		"GET /account/data.json":   {want: members},
		"POST /account/erase":      {want: members, invalid: true, form: text("posts", "", "erase-passphrase", "")},

		// Administration.
		"GET /admin":                       {want: admins},
		"GET /admin/people":                {want: admins},
		"GET /admin/people/:id":            {want: admins, obj: "person"},
		"POST /admin/people/:id":           {want: admins, obj: "freshPerson", form: text("role", "moderator")},
		"POST /admin/people/:id/suspend":   {want: admins, obj: "freshPerson", form: text("days", "7", "reason", "Abusive replies.")},
		"POST /admin/people/:id/unsuspend": {want: admins, obj: "suspendedPerson"},
		"GET /admin/groups":                {want: admins},
		"POST /admin/groups": {want: admins, form: func(w *azWorld, _ azRole, _ string) url.Values {
			return url.Values{"name": {fmt.Sprintf("New group %d", w.next())}, "description": {"A new group."}}
		}},
		"GET /admin/groups/:id":          {want: admins, obj: "group"},
		"POST /admin/groups/:id":         {want: admins, obj: "freshGroup", form: groupForm},
		"POST /admin/groups/:id/archive": {want: admins, obj: "freshGroup"},
		"POST /admin/groups/:id/restore": {want: admins, obj: "archivedGroup"},
		"POST /admin/groups/:id/up":      {want: admins, obj: "freshGroup"},
		"POST /admin/groups/:id/down":    {want: admins, obj: "freshGroup"},
		"GET /admin/forums/new":          {want: admins},
		"POST /admin/forums": {want: admins, form: func(w *azWorld, _ azRole, _ string) url.Values {
			return url.Values{"group": {strconv.FormatInt(w.adminGroup, 10)}, "name": {fmt.Sprintf("New forum %d", w.next())},
				"description": {"A new forum."}, "kind": {"discussion"}, "anonymity": {"allowed"}}
		}},
		"GET /admin/forums/:id":          {want: admins, obj: "forum"},
		"POST /admin/forums/:id":         {want: admins, obj: "freshForum", form: forumForm},
		"POST /admin/forums/:id/archive": {want: admins, obj: "freshForum"},
		"POST /admin/forums/:id/restore": {want: admins, obj: "archivedForum"},
		"POST /admin/forums/:id/up":      {want: admins, obj: "freshForum"},
		"POST /admin/forums/:id/down":    {want: admins, obj: "freshForum"},
		"GET /admin/decline-reasons":     {want: admins},
		"POST /admin/decline-reasons": {want: admins, form: func(w *azWorld, _ azRole, _ string) url.Values {
			return url.Values{"label": {fmt.Sprintf("New reason %d", w.next())}, "text": {"Declined for a new reason."}}
		}},
		"GET /admin/decline-reasons/:id": {want: admins, obj: "declineReason"},
		"POST /admin/decline-reasons/:id": {want: admins, obj: "declineReason", form: func(w *azWorld, _ azRole, id string) url.Values {
			n, _ := strconv.ParseInt(id, 10, 64)
			r, err := w.s.st.DeclineReason(ctx, n)
			azNoErr(w.t, err)
			return url.Values{"label": {r.Label + " changed"}, "text": {"Changed."}, "version": {strconv.Itoa(r.Version)}}
		}},
		"POST /admin/decline-reasons/:id/delete": {want: admins, obj: "declineReason"},
		"POST /admin/decline-reasons/:id/up":     {want: admins, obj: "declineReason"},
		"POST /admin/decline-reasons/:id/down":   {want: admins, obj: "declineReason"},
		"GET /admin/invites":                     {want: admins},
		"POST /admin/invites":                    {want: admins, form: text("days", "14", "note", "For a new caseworker")},
		"POST /admin/invites/:code/delete":       {want: admins, obj: "invite"},
		"GET /admin/settings":                    {want: admins},
		"POST /admin/settings":                   {want: admins},

		// About the site.
		"GET /privacy":       {want: everyone},
		"GET /accessibility": {want: everyone},
		"GET /safety":        {want: everyone},
	}
}

// TestAuthzMatrix sends every route of the router as each kind of person,
// with a valid form and that person's own CSRF token, so that only who
// they are decides; refused forms must leave the database as it was.
func TestAuthzMatrix(t *testing.T) {
	eachServed(t, azOpts, func(t *testing.T, s served) {
		w := newAZWorld(t, s)
		expect := azExpectations()
		routes := azRoutes(t, s.srv)
		for _, key := range routes {
			if _, ok := expect[key]; !ok {
				t.Errorf("route %s has no expectations written down", key)
			}
		}
		for key := range expect {
			if !slices.Contains(routes, key) {
				t.Errorf("expectations are written down for %s, which is not a route any more", key)
			}
		}
		cells, refusedForms := 0, 0
		for _, key := range routes {
			if e, ok := expect[key]; ok {
				c, r := w.checkRoute(key, e)
				cells, refusedForms = cells+c, refusedForms+r
			}
		}
		t.Logf("checked %d routes × %d roles = %d cells; %d refused forms left the database unchanged",
			len(routes), azRoles, cells, refusedForms)
		// The metrics are served on a listener of their own, to no one here.
		for r := range azRoles {
			if a := w.send(r, http.MethodGet, "/metrics", nil); a.status != http.StatusNotFound || strings.Contains(a.body, "forum_http_requests_total") {
				t.Errorf("GET /metrics as %s: status %d, want 404", r, a.status)
			}
		}
		if cells < len(routes)*int(azRoles) {
			t.Errorf("checked %d cells, want at least %d routes × %d roles", cells, len(routes), azRoles)
		}
	})
}

// TestAuthzMatrixWithoutPublicReading: with public reading off, a visitor
// is sent to sign in from every page of the forums (the routes the table
// marks as reading) and nowhere else changes; a member still reads them.
func TestAuthzMatrixWithoutPublicReading(t *testing.T) {
	opts := azOpts
	opts.PublicRead = false
	eachServed(t, opts, func(t *testing.T, s served) {
		w := newAZWorld(t, s)
		expect := azExpectations()
		cells, reading := 0, 0
		for _, key := range azRoutes(t, s.srv) {
			e, ok := expect[key]
			method, pattern, _ := strings.Cut(key, " ")
			if !ok || method != http.MethodGet {
				continue
			}
			if e.reading {
				e.want[azVisitor] = azSignIn
				reading++
			}
			for _, r := range []azRole{azVisitor, azPractitioner} {
				path := pattern
				if e.obj != "" {
					path = w.fill(pattern, w.object(e.obj))
				}
				if problem := azJudge(e.want[r], e.invalid, w.send(r, method, path, nil)); problem != "" {
					t.Errorf("public reading off: %s as %s (%s): %s", key, r, path, problem)
				}
				cells++
			}
		}
		t.Logf("public reading off: checked %d cells; %d reading pages ask a visitor to sign in", cells, reading)
		if reading < 10 {
			t.Errorf("only %d routes are marked as reading pages", reading)
		}
	})
}

// checkRoute sends one route as every role and returns how many cells it
// checked and how many of them were refused forms checked against the database.
func (w *azWorld) checkRoute(key string, e azRoute) (cells, refusedForms int) {
	w.t.Helper()
	method, pattern, _ := strings.Cut(key, " ")
	if strings.ContainsAny(pattern, ":*") && e.obj == "" {
		w.t.Errorf("%s: the table does not say what its path parameter names", key)
		return 0, 0
	}
	// Everything each request needs is made first, so that the snapshots
	// around the requests see the requests alone.
	paths, forms := [azRoles]string{}, [azRoles]url.Values{}
	for r := range azRoles {
		obj := ""
		if e.obj != "" {
			obj = w.object(e.obj)
		}
		paths[r] = w.fill(pattern, obj)
		if e.form != nil && method != http.MethodGet {
			forms[r] = e.form(w, r, obj)
		}
	}
	var before snapshot // nil when it must be taken afresh
	for r := range azRoles {
		want := e.want[r]
		watch := method != http.MethodGet && want != azAllow
		if watch && before == nil {
			before = w.snap()
		}
		a := w.send(r, method, paths[r], forms[r])
		cells++
		if problem := azJudge(want, e.invalid, a); problem != "" {
			w.t.Errorf("%s as %s (%s %s): %s", key, r, method, paths[r], problem)
		}
		switch {
		case watch:
			after := w.snap()
			if diff := before.changes(after); diff != "" {
				w.t.Errorf("%s as %s (%s %s) was %s but changed the database:\n%s", key, r, method, paths[r], want, diff)
			}
			before = after
			refusedForms++
		case method != http.MethodGet:
			before = nil
		}
		if e.session {
			w.newBrowserFor(r)
			before = nil
		}
	}
	return cells, refusedForms
}

// TestAuthzObjectLevel: what each person may do to things that are not
// theirs, or not in their forums or groups, beyond the role checks of the
// matrix: another member's posts and notifications, the data export, hosts
// outside their forums and moderators outside their groups. Every refusal
// leaves the database as it was; each kind of request is also shown to
// work for the person it belongs to, so the refusals are not the form's doing.
func TestAuthzObjectLevel(t *testing.T) {
	eachServed(t, azOpts, func(t *testing.T, s served) {
		w := newAZWorld(t, s)
		w.checkOthersPosts()
		w.checkOthersNotifications()
		w.checkExports()
		w.checkHostsOutsideTheirForums()
		w.checkModeratorsOutsideTheirGroups()
		w.checkBreakGlassAndAdmins()
	})
}

// refused sends each request as r and checks that each is answered with
// status and that together they changed nothing.
func (w *azWorld) refused(what string, r azRole, status int, reqs ...azReq) {
	w.t.Helper()
	before := w.snap()
	for _, q := range reqs {
		if a := w.send(r, q.method, q.path, q.form); a.status != status {
			w.t.Errorf("%s: %s as %s: status %d (%q), want %d", what, a, r, a.status, problemOf(a.body), status)
		}
	}
	if diff := before.changes(w.snap()); diff != "" {
		w.t.Errorf("%s: refused requests as %s changed the database:\n%s", what, r, diff)
	}
}

// azReq is one request of a list.
type azReq struct {
	method, path string
	form         url.Values
}

func azGet(path string) azReq { return azReq{http.MethodGet, path, nil} }

func azPost(path string, kv ...string) azReq {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return azReq{http.MethodPost, path, v}
}

// done checks that a request as r was carried out: a redirect, not to sign in.
func (w *azWorld) done(what string, r azRole, q azReq) {
	w.t.Helper()
	a := w.send(r, q.method, q.path, q.form)
	if a.status != http.StatusSeeOther || strings.HasPrefix(a.location(), "/login") {
		w.t.Errorf("%s: %s as %s: status %d to %q (%q, %v), want it done", what, a, r, a.status, a.location(), problemOf(a.body), errorSummary(a.body))
	}
}

func (w *azWorld) checkOthersPosts() {
	w.t.Helper()
	st := w.s.st
	pending := w.reply(w.acc[azPractitioner], false)
	declined := w.reply(w.acc[azPractitioner], false)
	azNoErr(w.t, st.Decline(ctx, w.acc[azAdmin], declined, "Off-topic for this forum"))
	for _, id := range []int64{pending, declined} {
		edit, withdraw := fmt.Sprintf("/my/posts/%d/edit", id), fmt.Sprintf("/my/posts/%d/withdraw", id)
		for _, r := range []azRole{azSuspended, azHost, azModAll, azAdmin} {
			w.refused("someone else's post", r, http.StatusNotFound, azGet(edit),
				azPost(edit, "body", "Taken over by someone else.", "anonymous", "no", "action", "send"), azPost(withdraw))
		}
		if a := w.send(azPractitioner, http.MethodGet, edit, nil); a.status != http.StatusOK {
			w.t.Errorf("the author opening %s: status %d", edit, a.status)
		}
	}
	w.done("the author withdrawing their pending post", azPractitioner, azPost(fmt.Sprintf("/my/posts/%d/withdraw", pending)))
}

func (w *azWorld) checkOthersNotifications() {
	w.t.Helper()
	n := w.notification()
	id := strconv.FormatInt(n, 10)
	unread := func() bool {
		var c int
		azNoErr(w.t, w.db.QueryRow(w.ph("SELECT COUNT(*) FROM notifications WHERE id = ? AND read_at IS NULL"),
			w.s.st.PublicIDs().KeptNotification(n)).Scan(&c))
		return c == 1
	}
	for _, r := range []azRole{azSuspended, azModAll, azAdmin} {
		// Marking all read, or this one, answers as usual and marks none of the practitioner's.
		if list := w.send(r, http.MethodGet, "/notifications", nil); strings.Contains(list.body, `name="id" value="`+id+`"`) {
			w.t.Errorf("the %s's notifications list the practitioner's notification %d", r, n)
		}
		w.refused("marking another's notification read", r, http.StatusSeeOther, azPost("/notifications/read", "id", id))
		w.done("marking all one's own read", r, azPost("/notifications/read"))
		if !unread() {
			w.t.Fatalf("the %s marked the practitioner's notification %d read", r, n)
		}
	}
	w.done("the practitioner marking their notification read", azPractitioner, azPost("/notifications/read", "id", id))
	if unread() {
		w.t.Error("the practitioner's own form did not mark their notification read: the refusals above prove nothing")
	}
}

// azExport is the part of /account/data.json the test reads.
type azExport struct {
	Account struct {
		Pseudonym string `json:"pseudonym"`
	} `json:"account"`
	Posts []struct {
		ID       int64  `json:"id"`
		Markdown string `json:"markdown"`
	} `json:"posts"`
}

func (w *azWorld) checkExports() {
	w.t.Helper()
	st := w.s.st
	// Each member writes a post with a word of their own, one anonymous.
	words := map[azRole]string{}
	for r := azPractitioner; r < azRoles; r++ {
		if r == azSuspended {
			continue // cannot post
		}
		words[r] = uniqueWord(w.t, "export")
		_, err := st.CreateReply(ctx, forum.NewReply{TopicID: w.topic, AuthorID: w.acc[r].ID, Anonymous: r == azPractitioner,
			Body: "Written by one member only: " + words[r]})
		azNoErr(w.t, err)
	}
	for r := azPractitioner; r < azRoles; r++ {
		a := w.send(r, http.MethodGet, "/account/data.json", nil)
		if a.status != http.StatusOK || !strings.HasPrefix(a.header.Get("Content-Type"), "application/json") {
			w.t.Errorf("the %s's export: status %d, type %q", r, a.status, a.header.Get("Content-Type"))
			continue
		}
		var ex azExport
		if err := json.Unmarshal([]byte(a.body), &ex); err != nil {
			w.t.Errorf("the %s's export is not JSON: %v", r, err)
			continue
		}
		if ex.Account.Pseudonym != w.acc[r].Pseudonym {
			w.t.Errorf("the %s's export is of the account %q", r, ex.Account.Pseudonym)
		}
		var got []int64
		for _, p := range ex.Posts {
			got = append(got, p.ID)
		}
		slices.Sort(got)
		if want := w.postsBy(w.acc[r].ID); !slices.Equal(got, want) {
			w.t.Errorf("the %s's export holds the posts %v, want their own %v", r, got, want)
		}
		for other, word := range words {
			if other != r && strings.Contains(a.body, word) {
				w.t.Errorf("the %s's export holds the %s's post", r, other)
			}
		}
		for other := azPractitioner; other < azRoles; other++ {
			if other != r && strings.Contains(a.body, w.acc[other].Pseudonym) {
				w.t.Errorf("the %s's export names the %s", r, other)
			}
		}
		if word, ok := words[r]; ok && !strings.Contains(a.body, word) {
			w.t.Errorf("the %s's export lacks their own post", r)
		}
		mine := w.send(r, http.MethodGet, "/my/posts", nil)
		for other, word := range words {
			switch shown := strings.Contains(mine.body, word); {
			case other == r && !shown:
				w.t.Errorf("the %s's posts page lacks their own post", r)
			case other != r && shown:
				w.t.Errorf("the %s's posts page shows the %s's post", r, other)
			}
		}
	}
}

// postsBy lists the ids of the posts account wrote, in order.
// postsBy lists an account's posts by their public ids, sorted, as the
// store's own list of them gives them.
func (w *azWorld) postsBy(account int64) []int64 {
	w.t.Helper()
	mine, err := w.s.st.MyPosts(ctx, account, 1000)
	azNoErr(w.t, err)
	var out []int64
	for _, p := range mine {
		out = append(out, p.ID)
	}
	slices.Sort(out)
	return out
}

func (w *azWorld) checkHostsOutsideTheirForums() {
	w.t.Helper()
	st := w.s.st
	topic := w.freshTopic()
	pinned := w.object("pinnedTopic")
	ann := w.object("announcement")
	// The other host, on the forum they do not host.
	w.refused("a host on a forum they do not host", azOtherHost, http.StatusForbidden,
		azPost(fmt.Sprintf("/t/%d/pin", topic)), azPost("/t/"+pinned+"/unpin"), azPost("/t/"+pinned+"/pin/up", "return", "/"),
		azGet(fmt.Sprintf("/f/%d/open", w.expert)), azPost(fmt.Sprintf("/f/%d/open", w.expert)), azPost(fmt.Sprintf("/f/%d/close", w.expert)),
		azGet(fmt.Sprintf("/f/%d/announce", w.expert)),
		azPost(fmt.Sprintf("/f/%d/announce", w.expert), "title", "Not my forum", "body", "But I announce anyway.", "action", "send"),
		azPost("/announcements/"+ann+"/delete", "return", "/"), azPost(fmt.Sprintf("/mod/topics/%d/lock", topic)))
	// The host, on an ordinary forum of the same group and on the other expert forum.
	plain, err := st.CreateTopic(ctx, forum.NewTopic{ForumID: w.discussion, AuthorID: w.acc[azModAll].ID, Title: "An ordinary topic", Body: "Approved."})
	azNoErr(w.t, err)
	other, err := st.CreateTopic(ctx, forum.NewTopic{ForumID: w.otherExpert, AuthorID: w.acc[azModAll].ID, Title: "Another expert topic", Body: "Approved."})
	azNoErr(w.t, err)
	for _, f := range []int64{w.discussion, w.otherExpert} {
		w.refused("a host on a forum they do not host", azHost, http.StatusForbidden,
			azGet(fmt.Sprintf("/f/%d/open", f)), azPost(fmt.Sprintf("/f/%d/open", f)), azPost(fmt.Sprintf("/f/%d/close", f)),
			azGet(fmt.Sprintf("/f/%d/announce", f)),
			azPost(fmt.Sprintf("/f/%d/announce", f), "title", "Not my forum", "body", "But I announce anyway.", "action", "send"))
	}
	for _, tp := range []int64{plain.TopicID, other.TopicID} {
		w.refused("a host on a topic outside their forum", azHost, http.StatusForbidden,
			azPost(fmt.Sprintf("/t/%d/pin", tp)), azPost(fmt.Sprintf("/mod/topics/%d/lock", tp)))
	}
	// Each host can do it in their own forum.
	w.done("the other host pinning in their forum", azOtherHost, azPost(fmt.Sprintf("/t/%d/pin", other.TopicID)))
	w.done("the host pinning in their forum", azHost, azPost(fmt.Sprintf("/t/%d/pin", topic)))
	w.done("the host locking in their forum", azHost, azPost(fmt.Sprintf("/mod/topics/%d/lock", topic)))
}

func (w *azWorld) checkModeratorsOutsideTheirGroups() {
	w.t.Helper()
	st := w.s.st
	pending, approved, anon := w.object("pending"), w.object("freshApproved"), w.object("anonymous")
	suspendable, topic, report, reveal := w.object("suspendable"), w.object("freshTopic"), w.object("report"), w.object("reveal")
	for page, id := range map[string]string{"/mod/queue": `id="q` + pending + `"`, "/mod/reports": "/mod/reports/" + report + "/dismiss",
		"/mod/reveals": "/mod/reveals/" + reveal + "/approve"} {
		if a := w.send(azModOut, http.MethodGet, page, nil); a.status != http.StatusOK || strings.Contains(a.body, id) {
			w.t.Errorf("the moderator out of scope: %s: status %d, shows %q: %v", page, a.status, id, strings.Contains(a.body, id))
		}
	}
	w.refused("a moderator outside their groups", azModOut, http.StatusNotFound,
		azGet("/mod/posts/"+approved), azGet("/mod/posts/"+pending+"/edit"),
		azPost("/mod/posts/"+pending+"/edit", "body", "Edited outside my groups.", "action", "send"))
	w.refused("a moderator outside their groups", azModOut, http.StatusForbidden,
		azPost("/mod/posts/"+pending+"/approve"), azPost("/mod/queue/approve", "post", pending),
		azPost("/mod/posts/"+pending+"/decline", "reason", "off-topic"),
		azPost("/mod/posts/"+pending+"/redact", "field", "body", "start", "0", "end", "6", "text", "Please"),
		azPost("/mod/posts/"+approved+"/hide", "reason", "Off-topic"),
		azPost("/mod/posts/"+suspendable+"/suspend", "days", "1", "reason", "Abusive replies."),
		azPost("/mod/posts/"+anon+"/reveal", "reason", "The post says a child is at risk tonight."),
		azPost("/mod/topics/"+topic+"/lock"), azPost("/mod/reports/"+report+"/dismiss"), azPost("/mod/reveals/"+reveal+"/approve"))
	// In their own group the same moderator approves and locks.
	f := forumNamed(w.t, st, "Access to education")
	c, err := st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: w.acc[azModAll].ID, Title: "ESOL waiting lists", Body: "Approved."})
	azNoErr(w.t, err)
	r, err := st.CreateReply(ctx, forum.NewReply{TopicID: c.TopicID, AuthorID: w.spare.ID, Body: "Colleges in the north take referrals."})
	azNoErr(w.t, err)
	w.done("the moderator approving in their group", azModOut, azPost(fmt.Sprintf("/mod/posts/%d/approve", r.PostID)))
	w.done("the moderator locking in their group", azModOut, azPost(fmt.Sprintf("/mod/topics/%d/lock", c.TopicID)))
}

// checkBreakGlassAndAdmins: the moderator who asks to reveal an author
// cannot agree to it themselves, and a moderator cannot suspend an admin.
func (w *azWorld) checkBreakGlassAndAdmins() {
	w.t.Helper()
	st := w.s.st
	anon := w.object("anonymous")
	w.done("a moderator asking to reveal an author", azModAll,
		azPost("/mod/posts/"+anon+"/reveal", "reason", "The post says a child is at risk tonight."))
	req := w.lastID("reveal_requests", "1 = 1") // the request just made
	approve := azPost(fmt.Sprintf("/mod/reveals/%d/approve", req))
	w.refused("the asker agreeing to their own request", azModAll, http.StatusForbidden, approve)
	w.done("a second moderator agreeing", azModIn, approve)

	c, err := st.CreateReply(ctx, forum.NewReply{TopicID: w.topic, AuthorID: w.acc[azAdmin].ID, Body: "An admin's reply."})
	azNoErr(w.t, err)
	suspend := azPost(fmt.Sprintf("/mod/posts/%d/suspend", c.PostID), "days", "1", "reason", "Abusive replies.")
	for _, r := range []azRole{azModIn, azModAll} {
		w.refused("a moderator suspending an admin", r, http.StatusForbidden, suspend)
	}
}
