package web_test

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/web"
)

// The helpers of authz_test.go: the people of the matrix, each with a
// browser signed in as them, and the objects its routes act on, made fresh
// for each request when the request would use them up.

// azRole is a column of the matrix: who sends the request.
type azRole int

const (
	azVisitor azRole = iota
	azPractitioner
	azSuspended
	azHost      // hosts the expert forum the objects are in
	azOtherHost // hosts another expert forum
	azModIn     // moderates the group the objects are in
	azModOut    // moderates another group only
	azModAll    // moderates all groups
	azAdmin
	azRoles // how many the matrix has
	// Two more people, whom the matrix leaves out and the anonymity walk
	// (anonymity_test.go) asks too: staff who hear of anonymous posts in
	// ways the others do not.
	azLead     = azRoles     // a safeguarding-lead moderator of all groups
	azAsker    = azRoles + 1 // a moderator of all groups, who asks for the reveals the matrix makes
	azAllRoles = azRoles + 2
)

var azRoleNames = [azAllRoles]string{"visitor", "practitioner", "suspended practitioner", "host of this forum",
	"host of another forum", "moderator in scope", "moderator out of scope", "moderator of all groups", "admin",
	"safeguarding lead", "moderator asking for a reveal"}

func (r azRole) String() string { return azRoleNames[r] }

// azWant is what one role must get from one route.
type azWant int

const (
	// azAllow: let through. A page answers 200 or a redirect that is not to
	// the sign-in page; a form (sent valid) answers with a redirect, or 400
	// or 422 where the route's form is sent wrong on purpose.
	azAllow azWant = iota + 1
	// azSame: let through, and the database must not change: the request
	// names something that is someone else's.
	azSame
	// azSignIn: a page sends the visitor to sign in and back; a form is 401.
	azSignIn
	// azForbid: 403, and a form changes nothing.
	azForbid
	// azNotFound: 404, and a form changes nothing.
	azNotFound
	// azRefused: the form comes back with its error (422) and nothing is
	// written, as when a suspended member posts.
	azRefused
)

func (w azWant) String() string {
	return map[azWant]string{azAllow: "allowed", azSame: "allowed, changing nothing", azSignIn: "sign in first",
		azForbid: "403", azNotFound: "404", azRefused: "refused with 422"}[w]
}

// azRoute is what the test expects of one route, and how to call it.
type azRoute struct {
	want [azRoles]azWant
	// obj names what the path parameter is; see azWorld.object.
	obj string
	// form is a valid form for role r (id is the filled path parameter);
	// nil sends the CSRF token alone.
	form func(w *azWorld, r azRole, id string) url.Values
	// invalid: the form is sent wrong on purpose (so that allowed roles do
	// not, say, erase their accounts): allowed roles get 400 or 422.
	invalid bool
	// session: the request signs in or out; the role's browser is set up
	// afresh after it.
	session bool
	// reading: a page of the forums, which a visitor must sign in to see
	// when public reading is off.
	reading bool
}

// azWorld is a server with the people and objects of the matrix.
type azWorld struct {
	t  *testing.T
	s  served
	db *sql.DB
	// acc and pass are each role's account (none for the visitor).
	acc  [azAllRoles]forum.Account
	pass [azAllRoles]string
	b    [azAllRoles]*browser // nil until the role signs in (signIn)
	// token is the CSRF token each role's browser read from a page.
	token [azAllRoles]string
	// group holds expert, the expert forum the host hosts; otherGroup holds
	// otherExpert, which the other host hosts.
	group, otherGroup    int64
	expert, otherExpert  int64
	discussion           int64 // an ordinary forum of group
	moveTarget           int64 // another ordinary forum of group, made when a move first needs it (moveTo)
	topic                int64 // an approved topic in expert
	approved             int64 // an approved reply in topic, by spare
	spare, asker, reader forum.Account
	visitorName          string // an account a visitor signs in as
	visitorPass          string
	adminGroup           int64 // a group for the forums the admin routes change
	setupToken           string
	seq                  int
	tables               []string
}

func newAZWorld(t *testing.T, s served) *azWorld {
	t.Helper()
	w := buildAZWorld(t, s)
	for r := range azRoles {
		w.newBrowserFor(r)
	}
	return w
}

// buildAZWorld makes the people and objects of the matrix, every role of
// azAllRoles among them, and signs no one in. Everything in it is the same
// each time it is built on a store with the same clock, ids included: the
// anonymity walk builds two and compares them.
func buildAZWorld(t *testing.T, s served) *azWorld {
	t.Helper()
	w := &azWorld{t: t, s: s, db: rawDB(t, s.st)}
	w.tables = slices.DeleteFunc(tables(t, s.st, w.db), func(n string) bool { return n == "sessions" || n == "topic_reads" })
	st := s.st
	names := [azAllRoles]string{"", "Quiet Heron", "Bright Wren", "Hosting Otter", "Other Host", "Inside Moderator",
		"Outside Moderator", "Careful Moderator", "Steady Admin", "Safeguarding Lead", "Reveal Asker"}
	roles := [azAllRoles]forum.Role{"", forum.RolePractitioner, forum.RolePractitioner, forum.RolePractitioner, forum.RolePractitioner,
		forum.RoleModerator, forum.RoleModerator, forum.RoleModerator, forum.RoleAdmin, forum.RoleModerator, forum.RoleModerator}
	for r := azPractitioner; r < azAllRoles; r++ {
		w.acc[r], w.pass[r] = member(t, st, names[r], roles[r])
	}
	admin := w.acc[azAdmin]
	w.group = azGroupNamed(t, st, "Secure and suitable housing")
	w.otherGroup = azGroupNamed(t, st, "Access to education")
	w.discussion = forumNamed(t, st, "Secure and suitable housing").ID

	// The seeded expert forum, opened, hosted by the host; and another,
	// in another group, hosted by the other host.
	w.expert = azForumNamed(t, st, w.group, "Secure and Appropriate Housing")
	opens, closes := st.Now().Add(-time.Hour), st.Now().Add(60*24*time.Hour)
	f, err := st.AdminForum(ctx, w.expert)
	azNoErr(t, err)
	azNoErr(t, st.UpdateForum(ctx, admin, w.expert, forum.ForumEdit{GroupID: f.GroupID, Name: f.Name, Description: f.Description,
		Kind: forum.KindExpert, Anonymity: forum.AnonAllowed, OpensAt: &opens, ClosesAt: &closes, Version: f.Version}))
	w.otherExpert, err = st.CreateForum(ctx, admin, forum.ForumEdit{GroupID: w.otherGroup, Name: "Education expert forum",
		Description: "Another expert forum.", Kind: forum.KindExpert, Anonymity: forum.AnonAllowed, OpensAt: &opens, ClosesAt: &closes})
	azNoErr(t, err)
	azNoErr(t, st.SetGrant(ctx, admin, w.acc[azHost].ID, store.Grant{Role: forum.RoleHost, HostedForums: []int64{w.expert}}))
	azNoErr(t, st.SetGrant(ctx, admin, w.acc[azOtherHost].ID, store.Grant{Role: forum.RoleHost, HostedForums: []int64{w.otherExpert}}))
	azNoErr(t, st.SetGrant(ctx, admin, w.acc[azModIn].ID, store.Grant{Role: forum.RoleModerator, ModeratorGroups: []int64{w.group}}))
	azNoErr(t, st.SetGrant(ctx, admin, w.acc[azModOut].ID, store.Grant{Role: forum.RoleModerator, ModeratorGroups: []int64{w.otherGroup}}))
	azNoErr(t, st.SetGrant(ctx, admin, w.acc[azLead].ID, store.Grant{Role: forum.RoleModerator, SafeguardingLead: true}))
	azNoErr(t, st.Suspend(ctx, admin, w.acc[azSuspended].ID, st.Now().Add(30*24*time.Hour), "Posting a survivor's details."))
	longServing(t, st, w.acc[azModIn], w.acc[azModOut], w.acc[azModAll], w.acc[azAdmin], w.acc[azLead], w.acc[azAsker])
	for r := azPractitioner; r < azAllRoles; r++ {
		w.acc[r], err = st.Account(ctx, w.acc[r].ID)
		azNoErr(t, err)
	}

	w.spare = w.account("Spare Author")
	w.asker = w.acc[azAsker]
	w.reader = w.account("Report Reader")
	w.visitorName = "Visiting Heron"
	_, w.visitorPass = member(t, st, w.visitorName, forum.RolePractitioner)
	w.adminGroup, err = st.CreateGroup(ctx, admin, forum.GroupEdit{Name: "Matrix forums", Description: "Forums the admin routes change."})
	azNoErr(t, err)
	// A fixed token, not a random one: the link is dead (there is an
	// admin) and the same in every world built.
	w.setupToken = "a-setup-link-made-before-the-first-admin"
	azNoErr(t, st.AddSetupToken(ctx, auth.HashToken(w.setupToken), st.Now().Add(time.Hour)))

	w.topic = w.freshTopic()
	w.approved = w.approvedReply(w.spare, false)
	return w
}

// newBrowserFor gives role r a new browser, signed in as r, and reads the
// CSRF token its forms carry.
func (w *azWorld) newBrowserFor(r azRole) {
	w.t.Helper()
	b := newBrowser(w.t, w.s)
	page := "/login"
	if r != azVisitor {
		b.signIn(w.acc[r].Pseudonym, w.pass[r])
		page = "/account"
	}
	w.b[r] = b
	w.token[r] = anyToken(b.get(page).body)
	if w.token[r] == "" {
		w.t.Fatalf("%s: %s has no CSRF token", r, page)
	}
}

func azNoErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func azGroupNamed(t *testing.T, st *store.Store, name string) int64 {
	t.Helper()
	groups, err := st.Groups(ctx)
	azNoErr(t, err)
	for _, g := range groups {
		if g.Name == name {
			return g.ID
		}
	}
	t.Fatalf("no group %q", name)
	return 0
}

func azForumNamed(t *testing.T, st *store.Store, groupID int64, name string) int64 {
	t.Helper()
	g, err := st.Group(ctx, groupID)
	azNoErr(t, err)
	for _, f := range g.Forums {
		if f.Name == name {
			return f.ID
		}
	}
	t.Fatalf("no forum %q in group %d", name, groupID)
	return 0
}

// next is a number no earlier call returned, for unique names.
func (w *azWorld) next() int {
	w.seq++
	return w.seq
}

// account makes an account nobody signs in as.
func (w *azWorld) account(name string) forum.Account {
	w.t.Helper()
	a, err := w.s.st.CreateAccount(ctx, name, forum.RolePractitioner, "not a passphrase hash")
	azNoErr(w.t, err)
	return a
}

// moveTo is the forum topics move to: another ordinary forum of the
// group, made the first time it is asked for.
func (w *azWorld) moveTo() int64 {
	w.t.Helper()
	if w.moveTarget == 0 {
		var err error
		w.moveTarget, err = w.s.st.CreateForum(ctx, w.acc[azAdmin], forum.ForumEdit{GroupID: w.group, Name: "Moved topics",
			Description: "Where the matrix moves topics.", Kind: forum.KindDiscussion, Anonymity: forum.AnonAllowed})
		azNoErr(w.t, err)
	}
	return w.moveTarget
}

// freshTopic is a new approved topic in the expert forum.
func (w *azWorld) freshTopic() int64 {
	w.t.Helper()
	n := w.next()
	c, err := w.s.st.CreateTopic(ctx, forum.NewTopic{ForumID: w.expert, AuthorID: w.acc[azModAll].ID,
		Title: fmt.Sprintf("Housing question %d", n), Body: fmt.Sprintf("An opening post, number %d.", n)})
	azNoErr(w.t, err)
	if c.Status != forum.StatusApproved {
		w.t.Fatalf("a moderator's topic is %s", c.Status)
	}
	return c.TopicID
}

// reply writes a reply by author in the matrix's topic, as it comes out:
// pending for a practitioner.
func (w *azWorld) reply(author forum.Account, anonymous bool) int64 {
	w.t.Helper()
	n := w.next()
	c, err := w.s.st.CreateReply(ctx, forum.NewReply{TopicID: w.topic, AuthorID: author.ID, Anonymous: anonymous,
		Body: fmt.Sprintf("Please ask the council about move-on rooms, reply number %d.", n)})
	azNoErr(w.t, err)
	return c.PostID
}

func (w *azWorld) approvedReply(author forum.Account, anonymous bool) int64 {
	w.t.Helper()
	id := w.reply(author, anonymous)
	azNoErr(w.t, w.s.st.Approve(ctx, w.acc[azAdmin], id))
	return id
}

// lastID is the newest id of table where cond holds.
func (w *azWorld) lastID(table, cond string, args ...any) int64 {
	w.t.Helper()
	var id sql.NullInt64
	azNoErr(w.t, w.db.QueryRow("SELECT MAX(id) FROM "+table+" WHERE "+w.ph(cond), args...).Scan(&id))
	if !id.Valid {
		w.t.Fatalf("no row in %s where %s", table, cond)
	}
	return id.Int64
}

// ph turns ? placeholders into $n for PostgreSQL.
func (w *azWorld) ph(q string) string {
	if w.s.st.Dialect() != store.Postgres {
		return q
	}
	n := 0
	return regexp.MustCompile(`\?`).ReplaceAllStringFunc(q, func(string) string { n++; return "$" + strconv.Itoa(n) })
}

// object makes or finds what a path parameter names, as text for the path.
func (w *azWorld) object(kind string) string {
	w.t.Helper()
	st, admin := w.s.st, w.acc[azAdmin]
	id := func(v int64) string { return strconv.FormatInt(v, 10) }
	n := w.next()
	switch kind {
	case "group": // the group of the expert forum
		return id(w.group)
	case "forum": // the expert forum the host hosts
		return id(w.expert)
	case "topic": // an approved topic in it
		return id(w.topic)
	case "approved": // an approved reply in that topic
		return id(w.approved)
	case "person": // an account the admin looks at
		return id(w.spare.ID)
	case "setup": // a setup link, dead because there is an admin
		return w.setupToken
	case "static":
		return "forum.css"
	case "week": // this week, for the digest
		y, wk := st.Now().ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, wk)
	case "groupFeed":
		return id(w.group) + ".atom"
	case "forumFeed":
		return id(w.expert) + ".atom"
	case "freshTopic":
		return id(w.freshTopic())
	case "pinnedTopic":
		t := w.freshTopic()
		azNoErr(w.t, st.SetPinned(ctx, admin, t, true, nil))
		return id(t)
	case "lockedTopic":
		t := w.freshTopic()
		azNoErr(w.t, st.SetLocked(ctx, admin, t, true))
		return id(t)
	case "mine": // the practitioner's own pending reply
		return id(w.reply(w.acc[azPractitioner], false))
	case "draft": // the practitioner's own draft of a reply
		d, err := st.SaveDraft(ctx, forum.NewDraft{AuthorID: w.acc[azPractitioner].ID, Kind: forum.DraftReply, TopicID: w.topic,
			Body: fmt.Sprintf("A reply I have not finished, number %d.", n), SubmissionKey: fmt.Sprintf("matrix-draft-%d", n)})
		azNoErr(w.t, err)
		return id(d.ID)
	case "pending": // someone's pending reply
		return id(w.reply(w.spare, false))
	case "freshApproved":
		return id(w.approvedReply(w.spare, false))
	case "changed": // an approved reply whose author's change waits for a moderator
		post := w.approvedReply(w.spare, false)
		azNoErr(w.t, st.EditMyPost(ctx, w.spare.ID, post, store.PostEdit{Body: fmt.Sprintf("A reply changed after it was published, number %d.", n)}))
		return id(post)
	case "hiddenPost": // a reply a moderator hid
		post := w.approvedReply(w.spare, false)
		azNoErr(w.t, st.Hide(ctx, admin, post, "Off-topic."))
		return id(post)
	case "anonymous": // an approved anonymous reply
		return id(w.approvedReply(w.spare, true))
	case "chosenAnswer": // an approved anonymous reply the host chose as the answer to a question of its own
		c, err := st.CreateReply(ctx, forum.NewReply{TopicID: w.freshTopic(), AuthorID: w.spare.ID, Anonymous: true,
			Body: fmt.Sprintf("Ask the council's move-on team, answer number %d.", n)})
		azNoErr(w.t, err)
		azNoErr(w.t, st.Approve(ctx, admin, c.PostID))
		_, err = st.MarkAnswer(ctx, w.acc[azHost], c.PostID)
		azNoErr(w.t, err)
		return id(c.PostID)
	case "suspendable": // an approved reply by an author of its own
		return id(w.approvedReply(w.account(fmt.Sprintf("Author %d", n)), false))
	case "suspendedFrom": // an approved reply whose author a moderator suspended from it
		post := w.approvedReply(w.account(fmt.Sprintf("Author %d", n)), true)
		azNoErr(w.t, st.SuspendAuthor(ctx, admin, post, st.Now().Add(24*time.Hour), "Abusive replies."))
		return id(post)
	case "expertForum": // a new expert forum the host hosts
		opens, closes := st.Now().Add(-time.Hour), st.Now().Add(24*time.Hour)
		f, err := st.CreateForum(ctx, admin, forum.ForumEdit{GroupID: w.group, Name: fmt.Sprintf("Expert forum %d", n),
			Kind: forum.KindExpert, Anonymity: forum.AnonAllowed, OpensAt: &opens, ClosesAt: &closes,
			Hosts: []string{w.acc[azHost].Pseudonym}})
		azNoErr(w.t, err)
		return id(f)
	case "announcement":
		azNoErr(w.t, st.Announce(ctx, admin, w.expert, fmt.Sprintf("Announcement %d", n), "The forum opens on Monday."))
		return id(w.lastID("announcements", "forum_id = ?", w.expert))
	case "report":
		post := w.approvedReply(w.spare, false)
		azNoErr(w.t, st.ReportPost(ctx, w.reader, post, "off-topic", ""))
		return id(w.lastID("reports", "1 = 1")) // the report just made
	case "reveal":
		post := w.approvedReply(w.spare, true)
		r, err := st.RequestReveal(ctx, w.asker, post, "A safeguarding lead must reach the author today.")
		azNoErr(w.t, err)
		return id(r)
	case "freshPerson":
		return id(w.account(fmt.Sprintf("Person %d", n)).ID)
	case "suspendedPerson":
		a := w.account(fmt.Sprintf("Person %d", n))
		azNoErr(w.t, st.Suspend(ctx, admin, a.ID, st.Now().Add(24*time.Hour), "A reason."))
		return id(a.ID)
	case "freshGroup":
		g, err := st.CreateGroup(ctx, admin, forum.GroupEdit{Name: fmt.Sprintf("Group %d", n), Description: "A group."})
		azNoErr(w.t, err)
		return id(g)
	case "archivedGroup":
		g := w.object("freshGroup")
		gid, _ := strconv.ParseInt(g, 10, 64)
		azNoErr(w.t, st.SetGroupArchived(ctx, admin, gid, true))
		return g
	case "freshForum":
		f, err := st.CreateForum(ctx, admin, forum.ForumEdit{GroupID: w.adminGroup, Name: fmt.Sprintf("Forum %d", n),
			Description: "A forum.", Kind: forum.KindDiscussion, Anonymity: forum.AnonAllowed})
		azNoErr(w.t, err)
		return id(f)
	case "archivedForum":
		f := w.object("freshForum")
		fid, _ := strconv.ParseInt(f, 10, 64)
		azNoErr(w.t, st.SetForumArchived(ctx, admin, fid, true))
		return f
	case "movableTopic": // an approved topic in the ordinary forum of the group
		c, err := st.CreateTopic(ctx, forum.NewTopic{ForumID: w.discussion, AuthorID: w.acc[azModAll].ID,
			Title: fmt.Sprintf("Topic to move %d", n), Body: fmt.Sprintf("An opening post to move, number %d.", n)})
		azNoErr(w.t, err)
		return id(c.TopicID)
	case "declineReason": // a preset decline reason of its own, added by the admin
		azNoErr(w.t, st.CreateDeclineReason(ctx, admin, forum.DeclineReasonEdit{Label: fmt.Sprintf("Reason %d", n), Text: fmt.Sprintf("Declined for reason %d.", n)}))
		reasons, err := st.DeclineReasons(ctx)
		azNoErr(w.t, err)
		return id(reasons[len(reasons)-1].ID)
	case "invite": // numbered, not random, so that two worlds make the same
		code := fmt.Sprintf("MTRX-%04d-CODE", n)
		expires := st.Now().Add(24 * time.Hour)
		azNoErr(w.t, st.CreateInvite(ctx, code, "for the matrix", admin.ID, &expires))
		return code
	}
	w.t.Fatalf("no object of kind %q", kind)
	return ""
}

// notification is a new unread notification of the practitioner's.
func (w *azWorld) notification() int64 {
	w.t.Helper()
	p := w.reply(w.acc[azPractitioner], false)
	azNoErr(w.t, w.s.st.Approve(ctx, w.acc[azAdmin], p))
	return w.s.st.PublicIDs().Notification(w.lastID("notifications", "account_id = ? AND read_at IS NULL", w.acc[azPractitioner].ID))
}

var azParamRE = regexp.MustCompile(`:[a-z]+|\*`)

// fill puts obj into each parameter of pattern.
func (w *azWorld) fill(pattern, obj string) string {
	return azParamRE.ReplaceAllString(pattern, obj)
}

// send sends one request as role r: a GET, or a POST of form with the
// token r's browser read from a page.
func (w *azWorld) send(r azRole, method, path string, form url.Values) answer {
	w.t.Helper()
	var a answer
	if method == http.MethodGet {
		a = w.b[r].get(path)
	} else {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("_csrf", w.token[r])
		a = w.b[r].do(method, path, f, nil)
	}
	// A mark (web/marks.go) carries exact times: each is settled or
	// removed before any answer leaves, whoever asks.
	if strings.Contains(a.body, "<!--m:") {
		w.t.Errorf("%s as %s: a mark reached the browser", a, r)
	}
	return a
}

// snap is the database less its sessions, which any request may touch.
func (w *azWorld) snap() snapshot {
	w.t.Helper()
	out := snapshot{}
	for _, table := range w.tables {
		rows := []string{}
		var row []string
		for _, c := range tableCells(w.t, w.db, table) {
			if c.column == "" {
				rows = append(rows, strings.Join(row, " | "))
				row = nil
				continue
			}
			row = append(row, c.column+"="+c.value)
		}
		slices.Sort(rows)
		out[table] = rows
	}
	return out
}

// azRoutes lists the router's routes as "METHOD /pattern", once each.
func azRoutes(t *testing.T, srv *web.Server) []string {
	t.Helper()
	var out []string
	for _, r := range srv.Routes() {
		key := r.Method + " " + r.Path
		if !slices.Contains(out, key) {
			out = append(out, key)
		}
	}
	slices.Sort(out)
	if len(out) < 50 {
		t.Fatalf("the router lists only %d routes: %v", len(out), out)
	}
	return out
}

// judge says what is wrong with answer a to role r, "" when it is what want says.
func azJudge(want azWant, invalid bool, a answer) string {
	toSignIn := a.status == http.StatusSeeOther && strings.HasPrefix(a.location(), "/login")
	switch want {
	case azAllow, azSame:
		switch {
		case a.method == http.MethodPost && invalid:
			if a.status == http.StatusBadRequest || a.status == http.StatusUnprocessableEntity {
				return ""
			}
		case a.status == http.StatusOK && a.method == http.MethodGet:
			return ""
		case a.status >= 300 && a.status < 400 && !toSignIn:
			return ""
		}
	case azSignIn:
		if a.method == http.MethodGet && toSignIn && a.location() == "/login?next="+url.QueryEscape(a.path) {
			return ""
		}
		if a.method != http.MethodGet && a.status == http.StatusUnauthorized {
			return ""
		}
	case azForbid:
		if a.status == http.StatusForbidden {
			return ""
		}
	case azNotFound:
		if a.status == http.StatusNotFound {
			return ""
		}
	case azRefused:
		if a.status == http.StatusUnprocessableEntity {
			return ""
		}
	}
	what := fmt.Sprintf("status %d", a.status)
	if loc := a.location(); loc != "" {
		what += " to " + loc
	}
	if msg := problemOf(a.body); msg != "" {
		what += fmt.Sprintf(", message %q", msg)
	}
	if sum := errorSummary(a.body); len(sum) > 0 {
		what += fmt.Sprintf(", summary %v", sum)
	}
	return fmt.Sprintf("%s, want %s", what, want)
}
