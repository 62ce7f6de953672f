package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/web"
)

// TestSignUpSignOutSignInAndChangePassphrase walks a member's account
// through the browser: sign up with the suggested-pseudonym form, sign out,
// sign in with the pseudonym typed differently, change the passphrase
// (which signs out their other device), and sign in with the new one only.
func TestSignUpSignOutSignInAndChangePassphrase(t *testing.T) {
	eachServed(t, web.Options{PublicRead: true}, func(t *testing.T, s served) {
		const pass, newPass = "kettle orbit meadow lantern", "violet harbour compass rope"
		b := newBrowser(t, s)
		form := b.get("/register")
		if suggested, _ := inputValue(form.body, "pseudonym"); len(strings.Fields(suggested)) != 2 {
			t.Errorf("the sign-up page suggests the pseudonym %q, want two words", suggested)
		}
		p := b.submitOn(form, "/register", url.Values{"action": {"register"}, "pseudonym": {"Quiet Heron"}, "passphrase": {pass}, "confirm": {pass}})
		if p.status != http.StatusSeeOther || p.location() != "/" {
			t.Fatalf("sign-up: status %d to %q, summary %v", p.status, p.location(), errorSummary(p.body))
		}
		if got := flashOf(b.follow(p).body); got != "Your account is ready and you are signed in." {
			t.Errorf("after sign-up the page says %q", got)
		}
		acc, hash, err := s.st.Credentials(ctx, "Quiet Heron")
		if err != nil || acc.Role != forum.RolePractitioner {
			t.Fatalf("account after sign-up: %+v, %v", acc, err)
		}
		if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, pass) {
			t.Errorf("stored passphrase is not an Argon2id hash: %q", hash)
		}
		if a := b.get("/account"); a.status != http.StatusOK || !strings.Contains(a.body, "<dd>Quiet Heron</dd>") {
			t.Errorf("account page: status %d, does not name the account", a.status)
		}

		p = b.submit("/account", "/logout", nil)
		if p.status != http.StatusSeeOther || b.signedIn() {
			t.Fatalf("sign-out: status %d, still signed in %v", p.status, b.signedIn())
		}

		login := b.get("/account")
		if login.status != http.StatusSeeOther || login.location() != "/login?next=%2Faccount" {
			t.Fatalf("GET /account signed out: status %d to %q", login.status, login.location())
		}
		p = b.submit(login.location(), "/login", url.Values{"pseudonym": {"  quiet   HERON "}, "passphrase": {pass}})
		if p.status != http.StatusSeeOther || p.location() != "/account" {
			t.Fatalf("sign-in: status %d to %q, summary %v", p.status, p.location(), errorSummary(p.body))
		}
		if got := flashOf(b.follow(p).body); got != "You are signed in." {
			t.Errorf("after sign-in the page says %q", got)
		}

		phone := newBrowser(t, s)
		phone.signIn("Quiet Heron", pass)
		p = b.submit("/account", "/account/passphrase", url.Values{"current": {pass}, "new": {newPass}, "confirm-new": {newPass}})
		if p.status != http.StatusSeeOther || p.location() != "/account" {
			t.Fatalf("passphrase change: status %d to %q, summary %v", p.status, p.location(), errorSummary(p.body))
		}
		if got := flashOf(b.follow(p).body); !strings.HasPrefix(got, "Your passphrase is changed.") {
			t.Errorf("after the change the page says %q", got)
		}
		if !b.signedIn() {
			t.Error("the browser that changed the passphrase was signed out")
		}
		if phone.signedIn() {
			t.Error("another device stayed signed in after the passphrase changed")
		}
		fresh := newBrowser(t, s)
		p = fresh.submit("/login", "/login", url.Values{"pseudonym": {"Quiet Heron"}, "passphrase": {pass}})
		if p.status != http.StatusUnprocessableEntity || fresh.signedIn() {
			t.Errorf("sign-in with the old passphrase: status %d", p.status)
		}
		fresh.signIn("Quiet Heron", newPass)
	})
}

// posts made for a member through the store, the way moderation will have
// left them, for the export and erase tests.
type memberPosts struct {
	f                                 forum.Forum
	mine, lonely, theirs              store.Created // topics: mine with a reply by someone else, mine alone, someone else's
	named, anonymous, pending, answer store.Created // in theirs: my named reply, my anonymous one, my pending one, their answer to my named reply
	othersReply                       store.Created // in mine
	myWords, theirWords, myTitles     []string
	draftWords                        []string // in the member's draft
	me, other                         forum.Account
	mePass                            string
}

func makeMemberPosts(t *testing.T, st *store.Store) memberPosts {
	t.Helper()
	var m memberPosts
	m.me, m.mePass = member(t, st, "Quiet Heron", forum.RolePractitioner)
	m.other, _ = member(t, st, "Busy Kestrel", forum.RolePractitioner)
	mod, _ := member(t, st, "Careful Moderator", forum.RoleModerator)
	m.f = forumNamed(t, st, "Secure and suitable housing")
	approved := func(c store.Created, err error) store.Created {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Approve(ctx, mod, c.PostID); err != nil {
			t.Fatal(err)
		}
		return c
	}
	topic := func(author forum.Account, title, body string) store.Created {
		t.Helper()
		return approved(st.CreateTopic(ctx, forum.NewTopic{ForumID: m.f.ID, AuthorID: author.ID, Title: title, Body: body}))
	}
	reply := func(author forum.Account, to store.Created, parent *int64, body string, anonymous bool) (store.Created, error) {
		return st.CreateReply(ctx, forum.NewReply{TopicID: to.TopicID, ParentID: parent, AuthorID: author.ID, Body: body, Anonymous: anonymous})
	}
	m.mine = topic(m.me, "Heronsown topic with replies", "Heronsown opening words")
	m.lonely = topic(m.me, "Heronsown lonely topic", "Heronsown lonely words")
	m.theirs = topic(m.other, "Kestrels topic on move-on", "Kestrels opening words")
	m.othersReply = approved(reply(m.other, m.mine, nil, "Kestrels reply to Heron", false))
	m.named = approved(reply(m.me, m.theirs, nil, "Heronsown named reply", false))
	m.anonymous = approved(reply(m.me, m.theirs, nil, "Heronsown anonymous reply", true))
	var err error
	if m.pending, err = reply(m.me, m.theirs, nil, "Heronsown pending reply", false); err != nil {
		t.Fatal(err)
	}
	m.answer = approved(reply(m.other, m.theirs, &m.named.PostID, "Kestrels answer to the named reply", false))
	// A draft of each member's: the member's own is their data, the
	// other's is not.
	for _, d := range []forum.NewDraft{
		{AuthorID: m.me.ID, Kind: forum.DraftReply, TopicID: m.theirs.TopicID, ParentID: &m.theirs.PostID, Body: "Heronsdraft words not sent",
			Anonymous: true, SubmissionKey: "heron-draft"},
		{AuthorID: m.other.ID, Kind: forum.DraftTopic, ForumID: m.f.ID, Title: "Kestrelsdraft title", Body: "Kestrelsdraft words",
			SubmissionKey: "kestrel-draft"},
	} {
		if _, err := st.SaveDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	m.draftWords = []string{"Heronsdraft words not sent"}
	m.myWords = []string{"Heronsown opening words", "Heronsown lonely words", "Heronsown named reply", "Heronsown anonymous reply", "Heronsown pending reply"}
	m.myTitles = []string{"Heronsown topic with replies", "Heronsown lonely topic"}
	m.theirWords = []string{"Kestrels opening words", "Kestrels reply to Heron", "Kestrels answer to the named reply"}
	return m
}

// postBlock is the part of a topic page that shows post id: a reply's
// item of the thread, or the opening post's section.
func postBlock(body string, id int64) string {
	return regexp.MustCompile(fmt.Sprintf(`(?s)<li class="post-item[^"]*" id="p%d">.*?</li>|<section class="thread-opening" id="p%d".*?</section>`, id, id)).FindString(body)
}

// TestExportHoldsTheAccountAndEveryPost: the download is JSON with the
// account and every post of the member, anonymous and pending ones too,
// and nothing of anyone else's.
func TestExportHoldsTheAccountAndEveryPost(t *testing.T) {
	eachServed(t, web.Options{PublicRead: true}, func(t *testing.T, s served) {
		m := makeMemberPosts(t, s.st)
		visitor := newBrowser(t, s)
		if p := visitor.get("/account/data.json"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/login") {
			t.Errorf("a visitor asking for the export: status %d to %q", p.status, p.location())
		}
		b := newBrowser(t, s)
		b.signIn("Quiet Heron", m.mePass)
		acc := b.get("/account")
		if !strings.Contains(acc.body, `href="/account/data.json"`) {
			t.Error("the account page has no link to the export")
		}
		p := b.get("/account/data.json")
		if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "application/json") {
			t.Fatalf("export: status %d, type %q", p.status, p.header.Get("Content-Type"))
		}
		if !strings.HasPrefix(p.header.Get("Content-Disposition"), "attachment") || p.header.Get("Cache-Control") != "no-store" {
			t.Errorf("export headers: disposition %q, cache %q", p.header.Get("Content-Disposition"), p.header.Get("Cache-Control"))
		}
		var got struct {
			Account struct {
				Pseudonym string `json:"pseudonym"`
				Role      string `json:"role"`
			} `json:"account"`
			Posts []struct {
				ID        int64  `json:"id"`
				TopicID   int64  `json:"topic_id"`
				Anonymous bool   `json:"anonymous"`
				Status    string `json:"status"`
				Markdown  string `json:"markdown"`
			} `json:"posts"`
			Drafts []struct {
				Kind      string    `json:"kind"`
				TopicID   int64     `json:"topic_id"`
				ReplyTo   int64     `json:"reply_to_post_id"`
				Markdown  string    `json:"markdown"`
				Anonymous bool      `json:"anonymous"`
				SavedAt   time.Time `json:"saved_at"`
			} `json:"drafts"`
		}
		if err := json.Unmarshal([]byte(p.body), &got); err != nil {
			t.Fatalf("export is not JSON: %v\n%.500s", err, p.body)
		}
		if got.Account.Pseudonym != "Quiet Heron" || got.Account.Role != string(forum.RolePractitioner) {
			t.Errorf("exported account: %+v", got.Account)
		}
		want := map[int64]string{ // post → "status anonymous markdown"
			m.mine.PostID:      "approved false Heronsown opening words",
			m.lonely.PostID:    "approved false Heronsown lonely words",
			m.named.PostID:     "approved false Heronsown named reply",
			m.anonymous.PostID: "approved true Heronsown anonymous reply",
			m.pending.PostID:   "pending false Heronsown pending reply",
		}
		have := map[int64]string{}
		for _, post := range got.Posts {
			have[post.ID] = fmt.Sprintf("%s %v %s", post.Status, post.Anonymous, post.Markdown)
		}
		for id, w := range want {
			if have[id] != w {
				t.Errorf("exported post %d: %q, want %q", id, have[id], w)
			}
		}
		if len(have) != len(want) {
			t.Errorf("export holds %d posts, want %d: %v", len(have), len(want), have)
		}
		if len(got.Drafts) != 1 || got.Drafts[0].Markdown != "Heronsdraft words not sent" || !got.Drafts[0].Anonymous ||
			got.Drafts[0].Kind != "reply" || got.Drafts[0].TopicID != m.theirs.TopicID || got.Drafts[0].ReplyTo != m.theirs.PostID ||
			got.Drafts[0].SavedAt.IsZero() {
			t.Errorf("exported drafts: %+v, want the member's one draft, anonymous, answering post %d of topic %d", got.Drafts, m.theirs.PostID, m.theirs.TopicID)
		}
		for _, w := range append(m.theirWords, "Busy Kestrel", "Kestrelsdraft") {
			if strings.Contains(p.body, w) {
				t.Errorf("the export holds someone else's %q", w)
			}
		}
	})
}

// TestEraseAccount erases through the account page with each choice, and
// looks at what readers then see and what the database still holds.
func TestEraseAccount(t *testing.T) {
	for _, choice := range []string{"keep", "delete"} {
		t.Run(choice, func(t *testing.T) {
			eachServed(t, web.Options{PublicRead: true}, func(t *testing.T, s served) {
				m := makeMemberPosts(t, s.st)
				b := newBrowser(t, s)
				b.signIn("Quiet Heron", m.mePass)
				phone := newBrowser(t, s)
				phone.signIn("Quiet Heron", m.mePass)

				p := b.submit("/account", "/account/erase", url.Values{"posts": {choice}, "erase-passphrase": {m.mePass}})
				if p.status != http.StatusSeeOther || p.location() != "/" {
					t.Fatalf("erase: status %d to %q, summary %v", p.status, p.location(), errorSummary(p.body))
				}
				if got := flashOf(b.follow(p).body); got != "Your account is erased. Thank you for taking part." {
					t.Errorf("after erasing the page says %q", got)
				}
				if b.signedIn() || phone.signedIn() {
					t.Errorf("still signed in after erasing: this browser %v, another device %v", b.signedIn(), phone.signedIn())
				}
				if _, _, err := s.st.Credentials(ctx, "Quiet Heron"); forum.ErrorCode(err) != forum.ENOTFOUND {
					t.Errorf("credentials after erasing: %v, want not found", err)
				}

				reader := newBrowser(t, s)
				theirs := reader.get(fmt.Sprintf("/t/%d", m.theirs.TopicID))
				mine := reader.get(fmt.Sprintf("/t/%d", m.mine.TopicID))
				lonely := reader.get(fmt.Sprintf("/t/%d", m.lonely.TopicID))
				for _, pg := range []answer{theirs, mine, lonely} {
					if strings.Contains(pg.body, "Quiet Heron") {
						t.Errorf("%s still names the erased member", pg.path)
					}
				}
				for _, w := range m.theirWords {
					if !strings.Contains(theirs.body+mine.body, w) {
						t.Errorf("someone else's post %q went with the erased account", w)
					}
				}
				switch choice {
				case "keep":
					if !strings.Contains(postBlock(theirs.body, m.named.PostID), forum.FormerMemberName) ||
						!strings.Contains(postBlock(theirs.body, m.named.PostID), "Heronsown named reply") {
						t.Errorf("the kept named reply is not shown by %q:\n%s", forum.FormerMemberName, postBlock(theirs.body, m.named.PostID))
					}
					if !strings.Contains(postBlock(theirs.body, m.anonymous.PostID), forum.AnonymousName) {
						t.Errorf("the kept anonymous reply is not anonymous:\n%s", postBlock(theirs.body, m.anonymous.PostID))
					}
					if !strings.Contains(postBlock(mine.body, m.mine.PostID), forum.FormerMemberName) || !strings.Contains(mine.body, "Heronsown topic with replies") {
						t.Errorf("the kept topic is not shown whole by %q", forum.FormerMemberName)
					}
					if lonely.status != http.StatusOK || !strings.Contains(lonely.body, "Heronsown lonely words") {
						t.Errorf("the kept lonely topic: status %d", lonely.status)
					}
				case "delete":
					for _, id := range []int64{m.named.PostID, m.anonymous.PostID} {
						if block := postBlock(theirs.body, id); !strings.Contains(block, "This post was deleted by its author.") {
							t.Errorf("deleted reply %d is not a stub:\n%s", id, block)
						}
					}
					if !strings.Contains(mine.body, store.ErasedTitle) || !strings.Contains(postBlock(mine.body, m.mine.PostID), "This post was deleted by its author.") {
						t.Errorf("the topic others replied to is not kept as a stub under %q", store.ErasedTitle)
					}
					if lonely.status != http.StatusNotFound {
						t.Errorf("the topic no one else replied to: status %d, want 404", lonely.status)
					}
					// Deleted means gone from every table. The moderation log
					// is reported apart: it copies a topic's title when a post
					// in it is moderated, and that copy outlives the erasure.
					for _, c := range dumpCells(t, s.st) {
						for _, w := range append(m.myWords, m.myTitles...) {
							if !strings.Contains(c.value, w) {
								continue
							}
							if c.table == "mod_log" {
								t.Errorf("the moderation log keeps the erased member's deleted words %q in %s", w, c.column)
							} else {
								t.Errorf("the database still holds %q in %s.%s", w, c.table, c.column)
							}
						}
					}
				}
				// The member's draft goes with the account, whichever choice;
				// the other member's stays.
				cells := dumpCells(t, s.st)
				for _, c := range cells {
					for _, w := range m.draftWords {
						if strings.Contains(c.value, w) {
							t.Errorf("the database still holds the erased member's draft %q in %s.%s", w, c.table, c.column)
						}
					}
				}
				if !slices.ContainsFunc(cells, func(c cell) bool { return c.table == "drafts" && c.value == "Kestrelsdraft words" }) {
					t.Error("the other member's draft went with the erased account")
				}
				for _, c := range cells {
					if strings.Contains(c.value, "Quiet Heron") || strings.Contains(c.value, "quietheron") {
						t.Errorf("the database still holds the erased pseudonym in %s.%s: %q", c.table, c.column, c.value)
					}
				}

				// The pseudonym is free again.
				again := newBrowser(t, s)
				p = again.submit("/register", "/register", url.Values{"action": {"register"}, "pseudonym": {"Quiet Heron"},
					"passphrase": {"a brand new passphrase"}, "confirm": {"a brand new passphrase"}})
				if p.status != http.StatusSeeOther {
					t.Errorf("registering the erased pseudonym again: status %d, summary %v", p.status, errorSummary(p.body))
				}
			})
		})
	}
}

// formCase is one form sent with bad input: the field its error must link
// to and the message, and what the page must show again.
type formCase struct {
	name     string
	as       string // which browser sends it: "visitor" or "member"
	from     string // page holding the form
	action   string
	form     url.Values
	field    string // the field the summary links to
	message  string
	keep     map[string]string // input id → the value it must show again
	checked  string            // id of a radio or checkbox that must stay ticked
	inviting bool              // sent with invite-only on
}

// secretFields are fields whose values must never come back in a page.
var secretFields = []string{"passphrase", "confirm", "current", "new", "confirm-new", "erase-passphrase"}

// TestBadInputIsExplainedAndNothingIsSaved: each bad form comes back with a
// 422, one error summary linking to the field, the field's own message, the
// typed pseudonym kept, no passphrase echoed, and the database untouched.
func TestBadInputIsExplainedAndNothingIsSaved(t *testing.T) {
	const good = "kettle orbit meadow lantern"
	reg := func(pseudonym, pass, confirm string) url.Values {
		return url.Values{"action": {"register"}, "pseudonym": {pseudonym}, "passphrase": {pass}, "confirm": {confirm}}
	}
	withInvite := func(v url.Values, code string) url.Values {
		v.Set("invite", code)
		return v
	}
	cases := []formCase{
		{name: "taken pseudonym, other case and spacing", form: reg("quiet  HERON", good, good),
			field: "pseudonym", message: "That pseudonym is taken: choose another", keep: map[string]string{"pseudonym": "quiet  HERON"}},
		{name: "taken pseudonym, hyphenated", form: reg("Quiet-Heron", good, good),
			field: "pseudonym", message: "That pseudonym is taken: choose another", keep: map[string]string{"pseudonym": "Quiet-Heron"}},
		{name: "reserved pseudonym", form: reg("former  member", good, good),
			field: "pseudonym", message: "That pseudonym looks like “Former member”, a name the forum keeps for itself: choose another", keep: map[string]string{"pseudonym": "former  member"}},
		{name: "reserved pseudonym with a Cyrillic А", form: reg("Аnonymous practitioner", good, good),
			field: "pseudonym", message: "That pseudonym looks like “Anonymous practitioner”, a name the forum keeps for itself: choose another", keep: map[string]string{"pseudonym": "Аnonymous practitioner"}},
		{name: "reserved pseudonym with a Cyrillic е", form: reg("Former membеr", good, good),
			field: "pseudonym", message: "That pseudonym looks like “Former member”, a name the forum keeps for itself: choose another", keep: map[string]string{"pseudonym": "Former membеr"}},
		{name: "reserved pseudonym and more", form: reg("Former member 2", good, good),
			field: "pseudonym", message: "That pseudonym contains “Former member”, a name the forum keeps for itself: choose another", keep: map[string]string{"pseudonym": "Former member 2"}},
		{name: "staff title in full-width letters", form: reg("ＡｄｍｉｎＯｎｅ", good, good),
			field: "pseudonym", message: "That pseudonym contains “Admin”, a title the forum keeps for its staff: choose another", keep: map[string]string{"pseudonym": "ＡｄｍｉｎＯｎｅ"}},
		{name: "look-alike of a member, Cyrillic Н", form: reg("Quiet Нeron", good, good),
			field: "pseudonym", message: "That pseudonym looks too like one that is taken: choose another", keep: map[string]string{"pseudonym": "Quiet Нeron"}},
		{name: "look-alike of a member, capital I and Greek ο", form: reg("QuIet Herοn", good, good),
			field: "pseudonym", message: "That pseudonym looks too like one that is taken: choose another", keep: map[string]string{"pseudonym": "QuIet Herοn"}},
		{name: "taken pseudonym in full-width letters", form: reg("ｑｕｉｅｔ ｈｅｒｏｎ", good, good),
			field: "pseudonym", message: "That pseudonym is taken: choose another", keep: map[string]string{"pseudonym": "ｑｕｉｅｔ ｈｅｒｏｎ"}},
		{name: "hidden character in pseudonym", form: reg("Brisk\u200bOtter", good, good),
			field: "pseudonym", message: "Pseudonym contains a hidden character (U+200B) we cannot accept: type it again with letters, numbers, spaces, hyphens, underscores and apostrophes", keep: map[string]string{"pseudonym": "Brisk\u200bOtter"}},
		{name: "too-short passphrase", form: reg("Brisk Otter", "zebra quartz", "zebra quartz"),
			field: "passphrase", message: "Passphrase must be at least 15 characters: try three random words", keep: map[string]string{"pseudonym": "Brisk Otter"}},
		{name: "mismatched confirmation", form: reg("Brisk Otter", good, "kettle orbit meadow lanterns"),
			field: "confirm", message: "The two passphrases are not the same", keep: map[string]string{"pseudonym": "Brisk Otter"}},
		{name: "overlong pseudonym", form: reg(strings.Repeat("Heron", 7), good, good),
			field: "pseudonym", message: "Pseudonym must be between 3 and 30 characters", keep: map[string]string{"pseudonym": strings.Repeat("Heron", 7)}},
		{name: "too-short pseudonym", form: reg("Al", good, good),
			field: "pseudonym", message: "Pseudonym must be between 3 and 30 characters", keep: map[string]string{"pseudonym": "Al"}},
		{name: "control character in pseudonym", form: reg("Quiet\x07Otter", good, good),
			field: "pseudonym", message: "Pseudonym contains a hidden character (U+0007) we cannot accept: type it again with letters, numbers, spaces, hyphens, underscores and apostrophes"},
		{name: "markup in pseudonym", form: reg(`<b>Otter</b>`, good, good),
			field: "pseudonym", message: "Pseudonym can only use letters, numbers, spaces, hyphens, underscores and apostrophes", keep: map[string]string{"pseudonym": `<b>Otter</b>`}},
		{name: "control character in passphrase", form: reg("Brisk Otter", "kettle\x00orbit meadow lantern", "kettle\x00orbit meadow lantern"),
			field: "passphrase", message: "Passphrase contains characters we cannot accept", keep: map[string]string{"pseudonym": "Brisk Otter"}},
		{name: "no invite code", inviting: true, form: reg("Brisk Otter", good, good),
			field: "invite", message: "Enter the invite code you were given", keep: map[string]string{"pseudonym": "Brisk Otter"}},
		{name: "unknown invite code", inviting: true, form: withInvite(reg("Brisk Otter", good, good), "ZZZZ-ZZZZ-ZZZZ"),
			field: "invite", message: "That invite code has been used, has expired or does not exist", keep: map[string]string{"pseudonym": "Brisk Otter", "invite": "ZZZZ-ZZZZ-ZZZZ"}},
		{name: "used invite code", inviting: true, form: withInvite(reg("Brisk Otter", good, good), "USED"),
			field: "invite", message: "That invite code has been used, has expired or does not exist", keep: map[string]string{"pseudonym": "Brisk Otter", "invite": "USED"}},
		{name: "expired invite code", inviting: true, form: withInvite(reg("Brisk Otter", good, good), "EXPD-EXPD-EXPD"),
			field: "invite", message: "That invite code has been used, has expired or does not exist", keep: map[string]string{"pseudonym": "Brisk Otter", "invite": "EXPD-EXPD-EXPD"}},
		{name: "invite code with a taken pseudonym", inviting: true, form: withInvite(reg("Quiet Heron", good, good), "FRESH"),
			field: "pseudonym", message: "That pseudonym is taken: choose another", keep: map[string]string{"pseudonym": "Quiet Heron", "invite": "FRESH"}},
		{name: "sign-in, wrong passphrase", from: "/login", action: "/login",
			form:  url.Values{"pseudonym": {"Quiet Heron"}, "passphrase": {"kettle orbit meadow lanterns"}},
			field: "pseudonym", message: "The pseudonym or passphrase is not right", keep: map[string]string{"pseudonym": "Quiet Heron"}},
		{name: "sign-in, unknown pseudonym", from: "/login", action: "/login",
			form:  url.Values{"pseudonym": {"Nobody Here"}, "passphrase": {good}},
			field: "pseudonym", message: "The pseudonym or passphrase is not right", keep: map[string]string{"pseudonym": "Nobody Here"}},
		{name: "sign-in, empty", from: "/login", action: "/login", form: url.Values{"pseudonym": {"  "}, "passphrase": {""}},
			field: "pseudonym", message: "Enter your pseudonym"},
		{name: "new passphrase, wrong current one", as: "member", from: "/account", action: "/account/passphrase",
			form:  url.Values{"current": {"kettle orbit meadow lanterns"}, "new": {"violet harbour compass"}, "confirm-new": {"violet harbour compass"}},
			field: "current", message: "Your current passphrase is not right"},
		{name: "new passphrase too short", as: "member", from: "/account", action: "/account/passphrase",
			form:  url.Values{"current": {"quiet-heron walks the long road home"}, "new": {"zebra quartz"}, "confirm-new": {"zebra quartz"}},
			field: "new", message: "Passphrase must be at least 15 characters: try three random words"},
		{name: "new passphrase mismatched", as: "member", from: "/account", action: "/account/passphrase",
			form:  url.Values{"current": {"quiet-heron walks the long road home"}, "new": {"violet harbour compass"}, "confirm-new": {"violet harbour compasses"}},
			field: "confirm-new", message: "The two new passphrases are not the same"},
		{name: "erase, no choice", as: "member", from: "/account", action: "/account/erase",
			form:  url.Values{"erase-passphrase": {"quiet-heron walks the long road home"}},
			field: "posts-delete", message: "Choose what happens to your posts"},
		{name: "erase, wrong passphrase", as: "member", from: "/account", action: "/account/erase",
			form:  url.Values{"posts": {"keep"}, "erase-passphrase": {"kettle orbit meadow lanterns"}},
			field: "erase-passphrase", message: "Your current passphrase is not right", checked: "posts-keep"},
	}
	// The POST limit is not under test, and this table sends many forms from one address.
	eachServed(t, web.Options{PublicRead: true, PostsPerSecond: -1}, func(t *testing.T, s served) {
		admin, adminPass := member(t, s.st, "Steady Admin", forum.RoleAdmin)
		_, pass := member(t, s.st, "Quiet Heron", forum.RolePractitioner)
		browsers := map[string]*browser{"visitor": newBrowser(t, s), "member": newBrowser(t, s)}
		browsers["member"].signIn("Quiet Heron", pass)
		adm := newBrowser(t, s)
		adm.signIn("Steady Admin", adminPass)
		codes := map[string]string{}

		inviteOnly := false
		for _, tc := range cases {
			if tc.inviting && !inviteOnly {
				codes["USED"], codes["FRESH"] = turnOnInvites(t, s, adm, browsers["visitor"], admin)
				inviteOnly = true
			}
			// Each database run gets its own codes, so the case is copied.
			tc.form, tc.keep = cloneValues(tc.form), maps.Clone(tc.keep)
			if code, ok := codes[tc.form.Get("invite")]; ok {
				tc.form.Set("invite", code)
				if _, ok := tc.keep["invite"]; ok {
					tc.keep["invite"] = code
				}
			}
			t.Run(tc.name, func(t *testing.T) { checkBadForm(t, s, browsers, tc) })
		}
	})
}

// turnOnInvites makes the forum invite-only through the admin's settings
// page, makes two codes on the invites page, spends one on a sign-up, and
// returns the used code and the fresh one.
func turnOnInvites(t *testing.T, s served, adm, visitor *browser, admin forum.Account) (used, fresh string) {
	t.Helper()
	if p := adm.submit("/admin/settings", "/admin/settings", url.Values{"invite_only": {"on"}}); p.status != http.StatusSeeOther {
		t.Fatalf("turning invite-only on: status %d", p.status)
	}
	if p := visitor.get("/register"); !hasID(p.body, "invite") {
		t.Fatal("with invite-only on, the sign-up page asks for no invite code")
	}
	code := func() string {
		p := adm.submit("/admin/invites", "/admin/invites", url.Values{"note": {"Spring induction"}, "days": {"14"}})
		u, err := url.Parse(p.location())
		if p.status != http.StatusSeeOther || err != nil || u.Query().Get("new") == "" {
			t.Fatalf("making an invite code: status %d to %q", p.status, p.location())
		}
		return u.Query().Get("new")
	}
	used, fresh = code(), code()
	joiner := newBrowser(t, s)
	p := joiner.submit("/register", "/register", url.Values{"action": {"register"}, "pseudonym": {"Early Joiner"},
		"passphrase": {"early joiner passphrase"}, "confirm": {"early joiner passphrase"}, "invite": {used}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("signing up with a fresh invite code: status %d, summary %v", p.status, errorSummary(p.body))
	}
	past := s.st.Now().Add(-24 * time.Hour)
	if err := s.st.CreateInvite(ctx, "EXPD-EXPD-EXPD", "", admin.ID, &past); err != nil {
		t.Fatal(err)
	}
	return used, fresh
}

func checkBadForm(t *testing.T, s served, browsers map[string]*browser, tc formCase) {
	t.Helper()
	as, from, action := tc.as, tc.from, tc.action
	if as == "" {
		as = "visitor"
	}
	if from == "" {
		from, action = "/register", "/register"
	}
	b := browsers[as]
	before := takeSnapshot(t, s.st)
	sessionBefore := b.cookie(sessionCookie)
	p := b.submit(from, action, tc.form)

	if p.status != http.StatusUnprocessableEntity {
		t.Errorf("status %d, want 422", p.status)
	}
	summary := errorSummary(p.body)
	if len(summary) == 0 {
		t.Fatalf("no error summary:\n%s", mainOf(p.body))
	}
	if !slices.Contains(summary, summaryItem{tc.field, tc.message}) {
		t.Errorf("error summary %v, want a link to #%s saying %q", summary, tc.field, tc.message)
	}
	for _, item := range summary {
		if !hasID(p.body, item.Field) {
			t.Errorf("the summary links to #%s, which is not on the page", item.Field)
		}
	}
	if !strings.Contains(p.body, "<title>Error: ") {
		t.Error("the page title does not start with \"Error: \"")
	}
	for id, want := range tc.keep {
		if got, _ := inputValue(p.body, id); got != want {
			t.Errorf("field %s shows %q, want %q kept", id, got, want)
		}
		if want != html.EscapeString(want) && strings.Contains(p.body, want) {
			t.Errorf("the page shows %q unescaped", want)
		}
	}
	if tc.checked != "" && !regexp.MustCompile(`id="`+tc.checked+`"[^>]*\schecked`).MatchString(p.body) {
		t.Errorf("%s is no longer ticked", tc.checked)
	}
	for _, f := range secretFields {
		if v := tc.form.Get(f); v != "" && (strings.Contains(p.body, v) || strings.Contains(p.body, html.EscapeString(v))) {
			t.Errorf("the page echoes the passphrase typed in %s", f)
		}
	}
	if diff := before.changes(takeSnapshot(t, s.st)); diff != "" {
		t.Errorf("the database changed:\n%s", diff)
	}
	if after := b.cookie(sessionCookie); after != sessionBefore {
		t.Errorf("the session cookie changed from %q to %q", sessionBefore, after)
	}
}

// TestWrongPseudonymAndWrongPassphraseLookTheSame: the page after a failed
// sign-in says nothing about whether the pseudonym exists.
func TestWrongPseudonymAndWrongPassphraseLookTheSame(t *testing.T) {
	eachServed(t, web.Options{PublicRead: true}, func(t *testing.T, s served) {
		member(t, s.st, "Quiet Heron", forum.RolePractitioner)
		b := newBrowser(t, s)
		wrongPass := b.submit("/login", "/login", url.Values{"pseudonym": {"Quiet Heron"}, "passphrase": {"not the passphrase at all"}})
		wrongName := b.submit("/login", "/login", url.Values{"pseudonym": {"Quiet Heran"}, "passphrase": {"not the passphrase at all"}})
		if wrongPass.status != wrongName.status {
			t.Errorf("statuses differ: wrong passphrase %d, unknown pseudonym %d", wrongPass.status, wrongName.status)
		}
		a := strings.ReplaceAll(wrongPass.body, "Quiet Heron", "NAME")
		c := strings.ReplaceAll(wrongName.body, "Quiet Heran", "NAME")
		if a != c {
			t.Errorf("the pages differ beyond the pseudonym typed:\n%s\n----\n%s", mainOf(a), mainOf(c))
		}
		if !slices.Equal(errorSummary(a), []summaryItem{{"pseudonym", "The pseudonym or passphrase is not right"}}) {
			t.Errorf("summary %v", errorSummary(a))
		}
	})
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// TestSignUpStoresThePlainFormAndSignInTakesAnyForm: a pseudonym typed in
// full-width letters is kept in plain ones, and its owner signs in typing
// it in either width and any case.
func TestSignUpStoresThePlainFormAndSignInTakesAnyForm(t *testing.T) {
	eachServed(t, web.Options{PublicRead: true}, func(t *testing.T, s served) {
		const pass = "kettle orbit meadow lantern"
		b := newBrowser(t, s)
		p := b.submit("/register", "/register", url.Values{"action": {"register"}, "pseudonym": {"  ＢｒｉｓｋＯｔｔｅｒ\u3000"}, "passphrase": {pass}, "confirm": {pass}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("sign-up: status %d, summary %v", p.status, errorSummary(p.body))
		}
		if a := b.get("/account"); !strings.Contains(a.body, "<dd>BriskOtter</dd>") {
			t.Errorf("the account page does not show the pseudonym in plain letters:\n%s", mainOf(a.body))
		}
		for _, typed := range []string{"BriskOtter", "ＢｒｉｓｋＯｔｔｅｒ", "ｂｒｉｓｋ ｏｔｔｅｒ", "BRISK OTTER"} {
			newBrowser(t, s).signIn(typed, pass)
		}
	})
}

// TestPendingPostsOfAnErasedMember: what the erase form says happens to
// posts still waiting for a moderator happens. Kept, a signed one waits in
// the queue by "Former member" (never an empty name) and is published so;
// deleted, it is gone from the queue.
func TestPendingPostsOfAnErasedMember(t *testing.T) {
	for _, choice := range []string{"keep", "delete"} {
		t.Run(choice, func(t *testing.T) {
			eachServed(t, stageOpts, func(t *testing.T, s served) {
				m := makeMemberPosts(t, s.st)
				mod := newParticipant(t, s, "Queue Moderator", forum.RoleModerator)
				b := newBrowser(t, s)
				b.signIn("Quiet Heron", m.mePass)
				shows(t, b.get("/account"), "Posts still waiting for a moderator stay in the queue")
				if a := b.submit("/account", "/account/erase", url.Values{"posts": {choice}, "erase-passphrase": {m.mePass}}); a.status != http.StatusSeeOther {
					t.Fatalf("erase: status %d", a.status)
				}
				queue := mod.get("/mod/queue")
				item := regexp.MustCompile(fmt.Sprintf(`(?s)id="q%d".*?</li>`, m.pending.PostID)).FindString(queue.body)
				if choice == "delete" {
					if item != "" {
						t.Errorf("the deleted member's waiting post is still in the queue:\n%s", item)
					}
					return
				}
				if !strings.Contains(item, "by <strong>"+forum.FormerMemberName+"</strong>") || strings.Contains(item, "<strong></strong>") {
					t.Errorf("the kept waiting post of an erased member is not shown by %q:\n%s", forum.FormerMemberName, item)
				}
				mod.done(mod.approve(m.pending.PostID), "The post is approved and published.")
				topic := newBrowser(t, s).get(fmt.Sprintf("/t/%d", m.pending.TopicID))
				if block := postBlock(topic.body, m.pending.PostID); !strings.Contains(block, forum.FormerMemberName) || !strings.Contains(block, "Heronsown pending reply") {
					t.Errorf("the approved post of an erased member:\n%s", block)
				}
			})
		})
	}
}

// TestExportHoldsWhatElseTheForumKeeps: besides the account and posts, the
// download holds the reports the member filed (with their notes), what they
// were told, the suspensions made from their posts and their sessions, and
// none of anyone else's.
func TestExportHoldsWhatElseTheForumKeeps(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		m := makeMemberPosts(t, s.st)
		mod := newParticipant(t, s, "Export Moderator", forum.RoleModerator)
		b := newBrowser(t, s)
		b.signIn("Quiet Heron", m.mePass)
		const note = "The reply names a hostel; please look."
		b.submit(fmt.Sprintf("/p/%d/report", m.othersReply.PostID), fmt.Sprintf("/p/%d/report", m.othersReply.PostID),
			url.Values{"reason": {"safeguarding"}, "note": {note}})
		const reason = "A reason the member reads in their download."
		postPath := fmt.Sprintf("/mod/posts/%d", m.anonymous.PostID)
		mod.done(mod.submit(postPath, postPath+"/suspend", url.Values{"days": {"7"}, "reason": {reason}}),
			"The author of the post is suspended. The suspension is kept with this post.")

		var got struct {
			Suspensions []struct {
				PostID int64  `json:"post_id"`
				Reason string `json:"reason"`
			} `json:"suspensions_from_posts"`
			Reports []struct {
				PostID int64  `json:"post_id"`
				Note   string `json:"note"`
			} `json:"reports_filed"`
			Notifications []struct {
				Kind   string `json:"kind"`
				PostID int64  `json:"post_id"`
			} `json:"notifications"`
			Sessions []struct {
				LastSeenAt string `json:"last_seen_at"`
			} `json:"sessions"`
		}
		p := b.get("/account/data.json")
		if err := json.Unmarshal([]byte(p.body), &got); err != nil {
			t.Fatalf("export is not JSON: %v", err)
		}
		if len(got.Reports) != 1 || got.Reports[0].PostID != m.othersReply.PostID || got.Reports[0].Note != note {
			t.Errorf("reports filed: %+v", got.Reports)
		}
		if len(got.Suspensions) != 1 || got.Suspensions[0].PostID != m.anonymous.PostID || got.Suspensions[0].Reason != reason {
			t.Errorf("suspensions: %+v", got.Suspensions)
		}
		kinds := map[string]bool{}
		for _, n := range got.Notifications {
			kinds[n.Kind] = true
		}
		if !kinds["approved"] || !kinds["suspended"] {
			t.Errorf("notifications: %+v", got.Notifications)
		}
		if len(got.Sessions) != 1 || strings.Contains(p.body, b.cookie("forum_session")) {
			t.Errorf("sessions: %+v (the token must not be there)", got.Sessions)
		}
		other := newBrowser(t, s)
		other.signIn("Busy Kestrel", "busy-kestrel walks the long road home")
		if !other.signedIn() {
			t.Fatal("Busy Kestrel is not signed in")
		}
		if theirs := other.get("/account/data.json"); strings.Contains(theirs.body, note) || strings.Contains(theirs.body, reason) {
			t.Errorf("another member's download holds the report or the suspension")
		}
	})
}

// TestAnErasedTopicStaysOffLatestTopics: a topic whose author erased it is
// kept for the replies under it, but a new reply there does not put
// "Topic removed by its author" at the top of the home page.
func TestAnErasedTopicStaysOffLatestTopics(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		m := makeMemberPosts(t, s.st)
		if err := s.st.EraseAccount(ctx, m.me.ID, true); err != nil {
			t.Fatal(err)
		}
		mod := newParticipant(t, s, "Latest Moderator", forum.RoleModerator)
		mod.reply(m.mine.TopicID, 0, "A reply under the removed topic, published at once.", false)
		home := newBrowser(t, s).get("/")
		if strings.Contains(home.body, store.ErasedTitle) {
			t.Errorf("the home page lists %q", store.ErasedTitle)
		}
		if topic := newBrowser(t, s).get(fmt.Sprintf("/t/%d", m.mine.TopicID)); !strings.Contains(topic.body, "A reply under the removed topic") {
			t.Errorf("the kept topic does not show the new reply")
		}
	})
}
