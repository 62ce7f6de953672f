package web_test

import (
	"bytes"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/pii"
	"forum/internal/store"
	"forum/internal/store/storetest"
	"forum/internal/web"
)

// The safeguarding features, through the real server on each database:
// the personal-data check before sending and in the queue, redaction with
// one action, bulk approval that holds back posts with findings, content
// notes, coarse public times, and pages that load nothing from elsewhere.

// sgNHSAndPostcode is the measure of done: a practitioner types a
// survivor's NHS number (its mod-11 check digit is valid) and postcode into
// a reply.
const sgNHSAndPostcode = "Her NHS number is 943 476 5919 and she now stays near SW1A 1AA with a friend."

// sgBothRedacted is sgNHSAndPostcode after a moderator redacts both.
const sgBothRedacted = "Her NHS number is [redacted] and she now stays near [redacted] with a friend."

// sgOptions turn off the POST limit, which is not under test here.
var sgOptions = web.Options{PublicRead: true, PostsPerSecond: -1}

// sgCast is who the tests act as, and the topic they write in.
type sgCast struct {
	mod, writer          forum.Account
	modPass, writerPass  string
	forum                forum.Forum
	topic                store.Created
	modName, writerName  string
	replyPath, topicPath string
}

func sgSetUp(t *testing.T, s served) sgCast {
	t.Helper()
	c := sgCast{modName: "Harbour Moderator", writerName: "Willow Ferry"}
	c.mod, c.modPass = member(t, s.st, c.modName, forum.RoleModerator)
	longServing(t, s.st, c.mod)
	c.writer, c.writerPass = member(t, s.st, c.writerName, forum.RolePractitioner)
	c.forum = forumNamed(t, s.st, "Safety from any trafficker or other abuser")
	var err error
	c.topic, err = s.st.CreateTopic(ctx, forum.NewTopic{ForumID: c.forum.ID, AuthorID: c.mod.ID,
		Title: "Keeping an address out of case notes", Body: "How do you keep a safe address out of shared notes?"})
	if err != nil {
		t.Fatal(err)
	}
	c.replyPath = fmt.Sprintf("/t/%d/reply", c.topic.TopicID)
	c.topicPath = fmt.Sprintf("/t/%d", c.topic.TopicID)
	return c
}

// sgPending writes a practitioner's reply straight to the store; it waits
// in the queue.
func sgPending(t *testing.T, st *store.Store, c sgCast, body string) int64 {
	t.Helper()
	r, err := st.CreateReply(ctx, forum.NewReply{TopicID: c.topic.TopicID, AuthorID: c.writer.ID, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != forum.StatusPending {
		t.Fatalf("a practitioner's reply is %s, want pending", r.Status)
	}
	return r.PostID
}

// sgContent is every table but the sessions, whose last-seen times move
// with any request and are not content, and the member's drafts, which a
// preview and a refused send keep on purpose (drafts_test.go).
func sgContent(t *testing.T, st *store.Store) snapshot {
	t.Helper()
	return withoutDrafts(stateOf(t, st))
}

var (
	sgShownRE    = regexp.MustCompile(`(?s)<li>\s*<strong>([^<]*)</strong>[^<]*<mark class="pii">([^<]*)</mark>(.*?)</li>`)
	sgPreRE      = regexp.MustCompile(`(?s)<pre class="highlighted">(.*?)</pre>`)
	sgTitleRE    = regexp.MustCompile(`(?s)<p class="highlighted">(.*?)</p>`)
	sgMarkRE     = regexp.MustCompile(`<mark class="pii">([^<]*)</mark>`)
	sgTextareaRE = regexp.MustCompile(`(?s)<textarea[^>]*\bid="body"[^>]*>(.*?)</textarea>`)
	sgTagsRE     = regexp.MustCompile(`<[^>]*>`)
	sgSpaceRE    = regexp.MustCompile(`\s+`)
)

// sgText is the text of some HTML, tags dropped and spaces collapsed.
func sgText(s string) string {
	return strings.TrimSpace(sgSpaceRE.ReplaceAllString(html.UnescapeString(sgTagsRE.ReplaceAllString(s, " ")), " "))
}

// sgCheckShown checks that page shows each finding of the check in text:
// its label, the matched text in a <mark class="pii">, its explanation, and
// the text itself highlighted in place, unchanged.
func sgCheckShown(t *testing.T, where, page, field, text string, want []pii.Finding) {
	t.Helper()
	shown := sgShownRE.FindAllStringSubmatch(page, -1)
	if len(shown) != len(want) {
		t.Fatalf("%s lists %d findings, want %d (%v):\n%s", where, len(shown), len(want), want, mainOf(page))
	}
	for i, f := range want {
		label, matched, rest := html.UnescapeString(shown[i][1]), html.UnescapeString(shown[i][2]), sgText(shown[i][3])
		if label != f.Label || matched != text[f.Start:f.End] || !strings.Contains(rest, f.Explanation) {
			t.Errorf("%s, finding %d: label %q, marked %q, then %q; want %q, %q and %q",
				where, i+1, label, matched, rest, f.Label, text[f.Start:f.End], f.Explanation)
		}
	}
	re := sgPreRE
	if field == "title" {
		re = sgTitleRE
	}
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s does not show the %s highlighted:\n%s", where, field, mainOf(page))
	}
	var marked []string
	for _, mm := range sgMarkRE.FindAllStringSubmatch(m[1], -1) {
		marked = append(marked, html.UnescapeString(mm[1]))
	}
	var wantMarked []string
	for _, f := range want {
		wantMarked = append(wantMarked, text[f.Start:f.End])
	}
	if strings.Join(marked, "|") != strings.Join(wantMarked, "|") {
		t.Errorf("%s highlights %q in the %s, want %q", where, marked, field, wantMarked)
	}
	if got := html.UnescapeString(sgTagsRE.ReplaceAllString(m[1], "")); strings.TrimPrefix(got, "Title: ") != text {
		t.Errorf("%s: the highlighted %s reads %q, want the text unchanged, %q", where, field, got, text)
	}
}

// sgLatestPost is the member's newest post, as the store keeps it.
func sgLatestPost(t *testing.T, st *store.Store, accountID int64) forum.MyPost {
	t.Helper()
	mine, err := st.MyPosts(ctx, accountID, 1)
	if err != nil || len(mine) == 0 {
		t.Fatalf("the member's posts: %v, %v", mine, err)
	}
	return mine[0]
}

// TestPersonalDataIsShownBeforeSending: the author sees each finding in
// the preview (what it is, the text marked, why it matters); sending without
// confirming is refused with an error summary, the text kept and nothing
// written; confirming sends it to the queue, and so does editing the
// details out, without the box.
func TestPersonalDataIsShownBeforeSending(t *testing.T) {
	cases := []struct {
		name, body string
		found      []string // what the check marks, in order
	}{
		{"NHS number and postcode", sgNHSAndPostcode, []string{"943 476 5919", "SW1A 1AA"}},
		{"e-mail address", "The caseworker wrote to jane.doe@example.org about the housing referral.", []string{"jane.doe@example.org"}},
		{"phone number", "Her new number is 07700 900123 if the team needs to call her.", []string{"07700 900123"}},
		{"National Insurance number", "Her NI number is JG 10 37 59 A on the benefits form.", []string{"JG 10 37 59 A"}},
		{"title and name", "We met Mrs Popescu at the hostel on Tuesday.", []string{"Mrs Popescu"}},
		{"date of birth near born", "She was born 12/03/1998 and came to the UK last year.", []string{"12/03/1998"}},
	}
	eachServed(t, sgOptions, func(t *testing.T, s served) {
		c := sgSetUp(t, s)
		b := newBrowser(t, s)
		b.signIn(c.writerName, c.writerPass)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				want := pii.Check(tc.body)
				var found []string
				for _, f := range want {
					found = append(found, tc.body[f.Start:f.End])
				}
				if strings.Join(found, "|") != strings.Join(tc.found, "|") {
					t.Fatalf("the check finds %q in the case's text, want %q: the case no longer tests what it says", found, tc.found)
				}
				before := sgContent(t, s.st)

				preview := b.submit(c.replyPath, c.replyPath, url.Values{"body": {tc.body}, "action": {"preview"}})
				if preview.status != http.StatusOK {
					t.Fatalf("preview: status %d:\n%s", preview.status, mainOf(preview.body))
				}
				sgCheckShown(t, "the preview", preview.body, "body", tc.body, want)
				if !hasID(preview.body, "confirm_pii") || strings.Contains(preview.body, `name="confirm_pii" value="yes" checked`) {
					t.Error("the preview has no unticked confirm_pii box")
				}

				send := b.submitOn(preview, c.replyPath, url.Values{"body": {tc.body}, "action": {"send"}})
				if send.status != http.StatusUnprocessableEntity {
					t.Fatalf("send without confirming: status %d, want 422:\n%s", send.status, mainOf(send.body))
				}
				summary := errorSummary(send.body)
				if len(summary) != 1 || summary[0].Field != "confirm_pii" || summary[0].Message == "" || !hasID(send.body, "confirm_pii") {
					t.Errorf("send without confirming: summary %v, want one item linking to #confirm_pii, which the page has", summary)
				}
				if m := sgTextareaRE.FindStringSubmatch(send.body); m == nil || html.UnescapeString(m[1]) != tc.body {
					t.Errorf("send without confirming: the text is not kept as typed: %q", m)
				}
				sgCheckShown(t, "the refused page", send.body, "body", tc.body, want)
				if diff := before.changes(sgContent(t, s.st)); diff != "" {
					t.Fatalf("a preview and a refused send wrote to the database:\n%s", diff)
				}

				sent := b.submitOn(send, c.replyPath, url.Values{"body": {tc.body}, "action": {"send"}, "confirm_pii": {"yes"}})
				if sent.status != http.StatusSeeOther || sent.location() != "/my/posts" {
					t.Fatalf("send after confirming: status %d to %q:\n%s", sent.status, sent.location(), mainOf(sent.body))
				}
				if p := sgLatestPost(t, s.st, c.writer.ID); p.BodySource != tc.body || p.Status != forum.StatusPending {
					t.Errorf("after confirming, the newest post is %s with %q, want pending with the text as typed", p.Status, p.BodySource)
				}

				// Editing the details out needs no confirmation.
				clean := tc.body
				for _, f := range tc.found {
					clean = strings.Replace(clean, f, "(left out)", 1)
				}
				if fs := pii.Check(clean); len(fs) != 0 {
					t.Fatalf("the edited text still has findings: %v", fs)
				}
				preview = b.submit(c.replyPath, c.replyPath, url.Values{"body": {tc.body}, "action": {"preview"}})
				sent = b.submitOn(preview, c.replyPath, url.Values{"body": {clean}, "action": {"send"}})
				if sent.status != http.StatusSeeOther || sent.location() != "/my/posts" {
					t.Fatalf("send with the details edited out: status %d to %q, summary %v", sent.status, sent.location(), errorSummary(sent.body))
				}
				if p := sgLatestPost(t, s.st, c.writer.ID); p.BodySource != clean || p.Status != forum.StatusPending {
					t.Errorf("after editing, the newest post is %s with %q, want pending with %q", p.Status, p.BodySource, clean)
				}
			})
		}

		t.Run("a name in a new topic's title", func(t *testing.T) {
			newPath := fmt.Sprintf("/f/%d/new", c.forum.ID)
			title, body := "Move-on support for Mrs Popescu", "What has worked for move-on support after the safe house?"
			want := pii.Check(title)
			if len(want) != 1 || pii.Check(body) != nil {
				t.Fatalf("the check finds %v in the title and %v in the body", want, pii.Check(body))
			}
			form := url.Values{"title": {title}, "body": {body}, "action": {"preview"}}
			before := sgContent(t, s.st)
			preview := b.submit(newPath, newPath, form)
			sgCheckShown(t, "the topic preview", preview.body, "title", title, want)
			form.Set("action", "send")
			send := b.submitOn(preview, newPath, form)
			if send.status != http.StatusUnprocessableEntity || len(errorSummary(send.body)) != 1 || errorSummary(send.body)[0].Field != "confirm_pii" {
				t.Fatalf("new topic sent without confirming: status %d, summary %v", send.status, errorSummary(send.body))
			}
			if v, _ := inputValue(send.body, "title"); v != title {
				t.Errorf("the refused page keeps the title as %q", v)
			}
			if diff := before.changes(sgContent(t, s.st)); diff != "" {
				t.Fatalf("a refused topic wrote to the database:\n%s", diff)
			}
			form.Set("confirm_pii", "yes")
			if sent := b.submitOn(send, newPath, form); sent.status != http.StatusSeeOther {
				t.Fatalf("new topic after confirming: status %d, summary %v", sent.status, errorSummary(sent.body))
			}
		})
	})
}

// sgQueueItem is one post's entry in the queue page.
func sgQueueItem(t *testing.T, page string, postID int64) string {
	t.Helper()
	m := regexp.MustCompile(fmt.Sprintf(`(?s)<li class="queue-item" id="q%d".*?</article>`, postID)).FindString(page)
	if m == "" {
		t.Fatalf("post %d is not in the queue:\n%s", postID, mainOf(page))
	}
	return m
}

// sgForms reads the hidden fields of every form in page that posts to action.
func sgForms(page, action string) []url.Values {
	var out []url.Values
	for _, m := range formRE.FindAllStringSubmatch(page, -1) {
		a := actionRE.FindStringSubmatch(m[1])
		if a == nil || html.UnescapeString(a[1]) != action {
			continue
		}
		f := url.Values{}
		for _, h := range hiddenRE.FindAllStringSubmatch(m[2], -1) {
			f.Add(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
		}
		out = append(out, f)
	}
	return out
}

// sgCheckRedactForms checks that the queue offers one redact form per
// finding of text, each naming exactly that finding's span.
func sgCheckRedactForms(t *testing.T, item, action, text string) []url.Values {
	t.Helper()
	forms := sgForms(item, action)
	want := pii.Check(text)
	if len(forms) != len(want) {
		t.Fatalf("the queue offers %d redact forms, want one for each of %d findings:\n%s", len(forms), len(want), item)
	}
	for i, f := range want {
		got := forms[i]
		if got.Get("field") != "body" || got.Get("start") != strconv.Itoa(f.Start) || got.Get("end") != strconv.Itoa(f.End) ||
			got.Get("text") != text[f.Start:f.End] || got.Get("_csrf") == "" {
			t.Errorf("redact form %d: %v, want body %d–%d %q", i+1, got, f.Start, f.End, text[f.Start:f.End])
		}
	}
	return forms
}

// TestModeratorRedactsEachFindingWithOneAction: the queue shows the same
// findings as the preview, each with a Redact form; each form replaces
// exactly its span with "[redacted]" and nothing else; a form that no
// longer matches the post is refused with 409 and changes nothing; the
// published post shows the redactions, and the author is told it was edited.
func TestModeratorRedactsEachFindingWithOneAction(t *testing.T) {
	eachServed(t, sgOptions, func(t *testing.T, s served) {
		c := sgSetUp(t, s)
		id := sgPending(t, s.st, c, sgNHSAndPostcode)
		action := fmt.Sprintf("/mod/posts/%d/redact", id)
		mb := newBrowser(t, s)
		mb.signIn(c.modName, c.modPass)

		item := sgQueueItem(t, mb.get("/mod/queue").body, id)
		sgCheckShown(t, "the queue", item, "body", sgNHSAndPostcode, pii.Check(sgNHSAndPostcode))
		if strings.Contains(item, `name="post"`) {
			t.Error("a post with findings can be ticked for approving together")
		}
		stale := sgCheckRedactForms(t, item, action, sgNHSAndPostcode)

		p := mb.post(action, stale[0])
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/mod/queue") {
			t.Fatalf("redacting the NHS number: status %d to %q:\n%s", p.status, p.location(), mainOf(p.body))
		}
		page := mb.follow(p)
		if f := flashOf(page.body); !strings.Contains(f, "[redacted]") {
			t.Errorf("after redacting, the flash says %q", f)
		}
		oneGone := strings.Replace(sgNHSAndPostcode, "943 476 5919", "[redacted]", 1)
		if it, err := s.st.QueueItem(ctx, c.mod, id); err != nil || it.BodySource != oneGone {
			t.Fatalf("after one redaction the stored body is %q (%v), want %q", it.BodySource, err, oneGone)
		}
		item = sgQueueItem(t, page.body, id)
		sgCheckShown(t, "the queue after one redaction", item, "body", oneGone, pii.Check(oneGone))
		fresh := sgCheckRedactForms(t, item, action, oneGone)

		// Forms from before the first redaction point at text that has
		// moved, and a form whose text was altered matches nothing.
		altered := maps.Clone(fresh[0])
		altered.Set("text", "SW1A 1AB")
		before := sgContent(t, s.st)
		for name, form := range map[string]url.Values{"the stale postcode form": stale[1], "the NHS form again": stale[0], "an altered form": altered} {
			if p := mb.post(action, form); p.status != http.StatusConflict {
				t.Errorf("%s: status %d, want 409:\n%s", name, p.status, mainOf(p.body))
			}
		}
		if diff := before.changes(sgContent(t, s.st)); diff != "" {
			t.Errorf("refused redactions changed the database:\n%s", diff)
		}

		if p := mb.post(action, fresh[0]); p.status != http.StatusSeeOther {
			t.Fatalf("redacting the postcode: status %d:\n%s", p.status, mainOf(p.body))
		}
		if it, err := s.st.QueueItem(ctx, c.mod, id); err != nil || it.BodySource != sgBothRedacted {
			t.Fatalf("after both redactions the stored body is %q (%v), want %q", it.BodySource, err, sgBothRedacted)
		}
		queue := mb.get("/mod/queue")
		item = sgQueueItem(t, queue.body, id)
		if len(sgForms(item, action)) != 0 || strings.Contains(item, `class="pii"`) {
			t.Errorf("the queue still shows findings after both were redacted:\n%s", item)
		}
		if got := sgText(regexp.MustCompile(`(?s)<div class="post-body queue-body">.*?</div>`).FindString(item)); got != sgBothRedacted {
			t.Errorf("the queue shows the post as %q, want %q", got, sgBothRedacted)
		}

		if p := mb.submitOn(queue, fmt.Sprintf("/mod/posts/%d/approve", id), nil); p.status != http.StatusSeeOther {
			t.Fatalf("approving: status %d", p.status)
		}
		public := newBrowser(t, s).get(c.topicPath)
		post := regexp.MustCompile(fmt.Sprintf(`(?s)id="p%d">.*?</article>`, id)).FindString(public.body)
		if !strings.Contains(sgText(post), sgBothRedacted) || strings.Count(public.body, "[redacted]") != 2 {
			t.Errorf("the published post reads %q, want %q", sgText(post), sgBothRedacted)
		}
		for _, secret := range []string{"943 476 5919", "9434765919", "SW1A 1AA"} {
			if strings.Contains(public.body, secret) {
				t.Errorf("the topic page still shows %q", secret)
			}
		}
		for _, q := range []string{"5919", "SW1A"} {
			if page := newBrowser(t, s).get("/search?q=" + q); page.status == http.StatusOK && strings.Contains(page.body, fmt.Sprintf("#p%d", id)) {
				t.Errorf("searching for %q finds the redacted post", q)
			}
		}
		// Whole details only: four digits alone could turn up in a hash.
		secrets := []string{"943 476 5919", "9434765919", "SW1A 1AA"}
		if cells := sgCellsHolding(t, s.st, secrets...); len(cells) != 0 {
			t.Errorf("the redacted details are still in the database: %v", cells)
		}
		sgNotInFiles(t, s.st, "she now stays near", secrets...)

		wb := newBrowser(t, s)
		wb.signIn(c.writerName, c.writerPass)
		if text := sgText(mainOf(wb.get("/notifications").body)); !strings.Contains(text, "A moderator edited your post") {
			t.Errorf("the author's notifications do not say a moderator edited the post: %q", text)
		}
		if text := sgText(mainOf(wb.get("/my/posts").body)); !strings.Contains(text, "A moderator edited this post") {
			t.Errorf("the author's posts do not say a moderator edited the post: %q", text)
		}
	})
}

// sgNotInFiles checks, on SQLite, that no byte of the database's files
// holds any of gone, once the write-ahead log is moved into the file. kept
// is text that must be there, so that the scan is known to read the right
// file.
func sgNotInFiles(t *testing.T, st *store.Store, kept string, gone ...string) {
	t.Helper()
	if st.Dialect() != store.SQLite {
		return
	}
	db := rawDB(t, st)
	for try := 0; ; try++ {
		var busy, frames, moved int
		if err := db.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &moved); err != nil {
			t.Fatal(err)
		}
		if busy == 0 {
			break
		}
		if try == 500 {
			t.Fatalf("the checkpoint stayed busy after %d tries", try)
		}
		time.Sleep(10 * time.Millisecond)
	}
	path := strings.TrimPrefix(st.URL(), "sqlite:")
	main, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wal, _ := os.ReadFile(path + "-wal")
	if !bytes.Contains(main, []byte(kept)) {
		t.Fatalf("%q is not in %s after a checkpoint: the scan is reading the wrong file", kept, path)
	}
	for _, w := range gone {
		if i := bytes.Index(main, []byte(w)); i >= 0 {
			t.Errorf("%q is still in the bytes of %s at offset %d", w, path, i)
		}
		if bytes.Contains(wal, []byte(w)) {
			t.Errorf("%q is still in the write-ahead log", w)
		}
	}
}

// sgCellsHolding lists the database cells that hold any of words.
func sgCellsHolding(t *testing.T, st *store.Store, words ...string) []cell {
	t.Helper()
	var out []cell
	for _, c := range dumpCells(t, st) {
		for _, w := range words {
			if strings.Contains(c.value, w) {
				out = append(out, c)
			}
		}
	}
	return out
}

// TestBulkApprovalHoldsBackPostsWithFindings: approving several posts at
// once publishes the clean ones and leaves a post with findings pending,
// even when its id is sent by hand, and the moderator is told why.
func TestBulkApprovalHoldsBackPostsWithFindings(t *testing.T) {
	eachServed(t, sgOptions, func(t *testing.T, s served) {
		c := sgSetUp(t, s)
		clean1 := sgPending(t, s.st, c, "Our local authority ran a move-on panel that worked well. Bluebellword.")
		risky := sgPending(t, s.st, c, sgNHSAndPostcode)
		clean2 := sgPending(t, s.st, c, "We keep addresses in a separate restricted record. Foxgloveword.")
		mb := newBrowser(t, s)
		mb.signIn(c.modName, c.modPass)
		queue := mb.get("/mod/queue")
		for _, id := range []int64{clean1, clean2} {
			if !hasID(sgQueueItem(t, queue.body, id), fmt.Sprintf("pick-%d", id)) {
				t.Errorf("clean post %d cannot be ticked for approving together", id)
			}
		}
		if hasID(queue.body, fmt.Sprintf("pick-%d", risky)) {
			t.Error("the post with findings can be ticked for approving together")
		}

		for _, ids := range [][]int64{{risky}, {clean1, risky, clean2}} {
			form := url.Values{"post": nil}
			for _, id := range ids {
				form.Add("post", strconv.FormatInt(id, 10))
			}
			p := mb.submitOn(queue, "/mod/queue/approve", form)
			if p.status != http.StatusSeeOther {
				t.Fatalf("bulk approval of %v: status %d:\n%s", ids, p.status, mainOf(p.body))
			}
			after := mb.follow(p)
			if f := flashOf(after.body); !strings.Contains(f, "personal-data") || !strings.Contains(f, "not approved") {
				t.Errorf("bulk approval of %v: the flash says %q, want it to say the posts with findings were not approved", ids, f)
			}
			if !strings.Contains(after.body, fmt.Sprintf(`id="q%d"`, risky)) {
				t.Errorf("bulk approval of %v: the post with findings left the queue", ids)
			}
		}
		want := map[int64]forum.PostStatus{clean1: forum.StatusApproved, clean2: forum.StatusApproved, risky: forum.StatusPending}
		for id, status := range want {
			if p, err := s.st.MyPost(ctx, c.writer.ID, id); err != nil || p.Status != status {
				t.Errorf("post %d is %s (%v), want %s", id, p.Status, err, status)
			}
		}
		public := newBrowser(t, s).get(c.topicPath).body
		if !strings.Contains(public, "Bluebellword") || !strings.Contains(public, "Foxgloveword") || strings.Contains(public, "943 476 5919") {
			t.Error("the topic page does not show exactly the clean posts")
		}
	})
}

// TestContentNoteFoldsThePostAway: a post marked as distressing is shown
// to readers inside a closed <details>, its note in the summary; with no
// note of the author's own the note is "Distressing detail"; a note typed
// without ticking the box is not used.
func TestContentNoteFoldsThePostAway(t *testing.T) {
	cases := []struct {
		name, hasNote, note, body string
		want                      string // the note readers see; "" for none
	}{
		{"with a note", "yes", "Describes an assault in detail", "What she told us about the night she left. Gorseword.", "Describes an assault in detail"},
		{"without note text", "yes", "", "The account of the journey, in her words. Heatherword.", "Distressing detail"},
		{"a note without the box", "", "Not wanted", "An ordinary reply about benefits. Sorrelword.", ""},
	}
	eachServed(t, sgOptions, func(t *testing.T, s served) {
		c := sgSetUp(t, s)
		wb := newBrowser(t, s)
		wb.signIn(c.writerName, c.writerPass)
		visitor := newBrowser(t, s)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				form := url.Values{"body": {tc.body}, "content_note": {tc.note}, "action": {"send"}}
				if tc.hasNote != "" {
					form.Set("has_note", tc.hasNote)
				}
				if p := wb.submit(c.replyPath, c.replyPath, form); p.status != http.StatusSeeOther {
					t.Fatalf("sending: status %d, summary %v", p.status, errorSummary(p.body))
				}
				id := sgLatestPost(t, s.st, c.writer.ID).ID
				if err := s.st.Approve(ctx, c.mod, id); err != nil {
					t.Fatal(err)
				}
				page := visitor.get(c.topicPath)
				post := regexp.MustCompile(fmt.Sprintf(`(?s)<li class="post-item[^"]*" id="p%d">.*?</article>`, id)).FindString(page.body)
				word := tc.body[strings.LastIndex(tc.body, " ")+1:]
				details := regexp.MustCompile(`(?s)<details class="content-note"([^>]*)>\s*<summary>(.*?)</summary>(.*?)</details>`).FindStringSubmatch(post)
				if tc.want == "" {
					if details != nil || !strings.Contains(post, word) {
						t.Errorf("a post without a note is folded, or missing:\n%s", post)
					}
					return
				}
				if details == nil {
					t.Fatalf("the post is not inside <details class=\"content-note\">:\n%s", post)
				}
				if strings.Contains(details[1], "open") {
					t.Errorf("the content note is open from the start: <details%s>", details[1])
				}
				if !strings.Contains(sgText(details[2]), tc.want) {
					t.Errorf("the summary reads %q, want the note %q", sgText(details[2]), tc.want)
				}
				if !strings.Contains(details[3], word) || strings.Count(post, word) != 1 {
					t.Errorf("the body is not (only) inside the details:\n%s", post)
				}
			})
		}
	})
}

var (
	// sgClockRE is a time of day: 14:37, 2:37pm, 2.37 pm, T14:37.
	sgClockRE = regexp.MustCompile(`(?i)\b([01]?\d|2[0-3]):[0-5]\d\b|\b\d{1,2}[.:][0-5]\d\s?[ap]m\b|\dT([01]\d|2[0-3]):[0-5]\d`)
	// sgMidnightRE is a timestamp at midnight, which says no more than the date.
	sgMidnightRE = regexp.MustCompile(`T00:00(:00(\.0+)?)?(Z|[+-]\d\d:\d\d)?`)
	sgDatetimeRE = regexp.MustCompile(`\bdatetime="([^"]*)"`)
	sgCoarseRE   = regexp.MustCompile(`^\d{4}-(\d{2}-\d{2}|W\d{2})$`)
	sgPageLinkRE = regexp.MustCompile(`<a rel="(?:next|prev)" href="([^"]*)"`)
	sgExactRE    = regexp.MustCompile(`\b\d{1,2}:\d{2}(am|pm)\b`)
	// sgDateLikeRE is a cursor that holds a date rather than an id.
	sgDateLikeRE = regexp.MustCompile(`(19|20)\d\d-(0[1-9]|1[0-2])-[0-3]\d`)
)

// sgLeaks lists what in a reader's answer says more than the day or week.
// secrets are the exact instants the content was written, spelt as a
// program might spell them.
func sgLeaks(p answer, secrets []string) []string {
	var out []string
	text := sgMidnightRE.ReplaceAllString(p.body, "")
	for _, m := range sgClockRE.FindAllString(text, -1) {
		out = append(out, "a time of day: "+m)
	}
	for _, s := range secrets {
		if strings.Contains(p.body, s) {
			out = append(out, "an exact instant: "+s)
		}
	}
	for _, m := range sgDatetimeRE.FindAllStringSubmatch(p.body, -1) {
		if !sgCoarseRE.MatchString(m[1]) {
			out = append(out, "a datetime attribute finer than a date or week: "+m[1])
		}
	}
	for _, m := range sgPageLinkRE.FindAllStringSubmatch(p.body, -1) {
		if u, err := url.Parse(html.UnescapeString(m[1])); err != nil || sgCursorLeaks(u.Query(), secrets) {
			out = append(out, "a page link that carries a time: "+m[1])
		}
	}
	if lm := p.header.Get("Last-Modified"); lm != "" && !strings.Contains(lm, "00:00:00") {
		out = append(out, "Last-Modified: "+lm)
	}
	return out
}

// sgCursorLeaks reports whether a page link's query looks like a time or
// holds one of the secrets.
func sgCursorLeaks(q url.Values, secrets []string) bool {
	for _, vs := range q {
		for _, v := range vs {
			if strings.ContainsAny(v, ":. ") || sgDateLikeRE.MatchString(v) {
				return true
			}
			for _, s := range secrets {
				if strings.Contains(v, s) {
					return true
				}
			}
		}
	}
	return false
}

// sgClockStore is a second store on the same database whose clock starts
// at at and moves a hundredth of a second each time it is read, so that what
// it writes is in order, all within one known minute.
func sgClockStore(t *testing.T, st *store.Store, at time.Time) *store.Store {
	t.Helper()
	var mu sync.Mutex
	now := at
	return storetest.Open(t, st.URL(), store.Options{Now: func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(10 * time.Millisecond)
		return now
	}})
}

// TestReadersSeeCoarseTimes: on every page a visitor can open, and the
// pages after them, no time of day appears, every datetime is a date or an
// ISO week, and page links carry ids, not times. With the site set to
// "week", this week's posts say "this week". Authors and moderators see
// exact times.
func TestReadersSeeCoarseTimes(t *testing.T) {
	eachServed(t, sgOptions, func(t *testing.T, s served) {
		// Everything is written at 14:37 on 3 March 2026 (GMT, so 14:37 in
		// London too), through a store whose clock says so.
		at := time.Date(2026, 3, 3, 14, 37, 0, 0, time.UTC)
		secrets := []string{"14:37", "2:37", strconv.FormatInt(at.Unix(), 10)[:8], "T14:3", "20260303"}
		clocked := sgClockStore(t, s.st, at)
		mod, modPass := member(t, s.st, "Harbour Moderator", forum.RoleModerator)
		writer, writerPass := member(t, s.st, "Willow Ferry", forum.RolePractitioner)
		admin, adminPass := member(t, s.st, "Steady Admin", forum.RoleAdmin)
		f := forumNamed(t, s.st, "Secure and suitable housing")
		busy := forumNamed(t, s.st, "Access to education")
		topic, err := clocked.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: writer.ID, Title: "Move-on from safe houses", Body: "Where do people go next?"})
		if err != nil {
			t.Fatal(err)
		}
		if err := clocked.Approve(ctx, mod, topic.PostID); err != nil {
			t.Fatal(err)
		}
		var lastReply int64
		for i := 0; i < store.PostPageSize+1; i++ {
			r, err := clocked.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: mod.ID, Body: fmt.Sprintf("Reply number %d.", i)})
			if err != nil {
				t.Fatal(err)
			}
			lastReply = r.PostID
		}
		for i := 0; i < store.TopicPageSize+1; i++ {
			if _, err := clocked.CreateTopic(ctx, forum.NewTopic{ForumID: busy.ID, AuthorID: mod.ID, Title: fmt.Sprintf("ESOL waiting lists %02d", i), Body: "body"}); err != nil {
				t.Fatal(err)
			}
		}
		pending, err := clocked.CreateReply(ctx, forum.NewReply{TopicID: topic.TopicID, AuthorID: writer.ID, Body: "Still waiting for a moderator."})
		if err != nil {
			t.Fatal(err)
		}
		token, tokenHash := auth.NewToken()
		if err := s.st.AddSetupToken(ctx, tokenHash, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		ids := sgIDs{group: f.GroupID, forum: f.ID, topic: topic.TopicID, post: lastReply, pending: pending.PostID, myPending: pending.PostID,
			account: writer.ID, report: 1, reveal: 1, invite: "ABCD-EFGH-JKLM", token: token, week: "2026-W10", query: "reply"}

		checkVisitor := func(t *testing.T, s served) {
			t.Helper()
			visitor := newBrowser(t, s)
			seen := map[string]bool{}
			var queue []string
			for _, pattern := range sgGetRoutes(t, s) {
				if sgOpsRoutes[pattern] {
					continue
				}
				if path, ok := sgFill(pattern, ids); ok {
					queue = append(queue, path)
				}
			}
			checked := 0
			for len(queue) > 0 && len(seen) < 200 {
				path := queue[0]
				queue = queue[1:]
				if seen[path] {
					continue
				}
				seen[path] = true
				p := visitor.get(path)
				if p.status != http.StatusOK {
					continue
				}
				checked++
				for _, leak := range sgLeaks(p, secrets) {
					t.Errorf("GET %s as a visitor: %s", path, leak)
				}
				// Pages after this one, named by a cursor; the digest's
				// weeks are named by their path and reached through the route.
				for _, m := range sgPageLinkRE.FindAllStringSubmatch(p.body, -1) {
					if link := html.UnescapeString(m[1]); strings.Contains(link, "?") {
						queue = append(queue, link)
					}
				}
			}
			for _, path := range []string{"/", fmt.Sprintf("/f/%d", f.ID), fmt.Sprintf("/t/%d", topic.TopicID), "/search?q=reply"} {
				if !strings.Contains(visitor.get(path).body, "<time datetime=") {
					t.Errorf("GET %s shows no <time>: the check above had nothing to look at", path)
				}
			}
			for _, path := range []string{fmt.Sprintf("/f/%d", busy.ID), fmt.Sprintf("/t/%d", topic.TopicID)} {
				if !sgPageLinkRE.MatchString(visitor.get(path).body) {
					t.Errorf("GET %s has no link to a next page: the page links were not checked", path)
				}
			}
			t.Logf("checked %d pages a visitor can open", checked)
		}
		checkStaff := func(t *testing.T, s served) {
			t.Helper()
			wb := newBrowser(t, s)
			wb.signIn("Willow Ferry", writerPass)
			if mine := wb.get("/my/posts").body; !strings.Contains(mine, "2:37pm") {
				t.Errorf("the author's posts do not show the exact time 2:37pm: %q", sgExactRE.FindAllString(mine, -1))
			}
			mb := newBrowser(t, s)
			mb.signIn("Harbour Moderator", modPass)
			if q := sgQueueItem(t, mb.get("/mod/queue").body, pending.PostID); !strings.Contains(q, "2:37pm") {
				t.Errorf("the queue does not show the exact time 2:37pm: %q", sgExactRE.FindAllString(q, -1))
			}
		}

		t.Run("date", func(t *testing.T) {
			checkVisitor(t, s)
			checkStaff(t, s)
			page := newBrowser(t, s).get(fmt.Sprintf("/t/%d", topic.TopicID)).body
			if !strings.Contains(page, `<time datetime="2026-03-03">3 March 2026</time>`) {
				t.Errorf("the topic page does not date its posts 3 March 2026: %q", regexp.MustCompile(`<time[^>]*>[^<]*</time>`).FindAllString(page, 3))
			}
		})

		t.Run("week", func(t *testing.T) {
			ab := newBrowser(t, s)
			ab.signIn(admin.Pseudonym, adminPass)
			if p := ab.submit("/admin/settings", "/admin/settings", url.Values{"coarseness": {"week"}}); p.status != http.StatusSeeOther {
				t.Fatalf("saving the week setting: status %d, summary %v", p.status, errorSummary(p.body))
			}
			if set, err := s.st.Settings(ctx); err != nil || set.TimeCoarseness != "week" {
				t.Fatalf("the settings after saving: %+v, %v", set, err)
			}
			// A topic written now, by the real clock, is from this week.
			now, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "Written this week", Body: "Fresh."})
			if err != nil {
				t.Fatal(err)
			}
			london, _ := time.LoadLocation("Europe/London")
			y, w := time.Now().In(london).ISOWeek()
			thisWeek := fmt.Sprintf(`<time datetime="%04d-W%02d">this week</time>`, y, w)
			// The server that saved the setting, and a new one, as another
			// instance behind the same load balancer would be.
			for name, srv := range map[string]served{"the same server": s, "a new server": serve(t, web.Options{Store: s.st, PublicRead: true})} {
				t.Run(name, func(t *testing.T) {
					visitor := newBrowser(t, srv)
					if page := visitor.get(fmt.Sprintf("/t/%d", now.TopicID)).body; !strings.Contains(page, thisWeek) {
						t.Errorf("a post from this week is not shown as %s: %q", thisWeek, regexp.MustCompile(`<time[^>]*>[^<]*</time>`).FindAllString(page, 3))
					}
					if page := visitor.get(fmt.Sprintf("/t/%d", topic.TopicID)).body; !strings.Contains(page, `<time datetime="2026-W10">the week of 2 March 2026</time>`) {
						t.Errorf("a post from 3 March 2026 is not shown as the week of 2 March 2026: %q", regexp.MustCompile(`<time[^>]*>[^<]*</time>`).FindAllString(page, 3))
					}
					if page := visitor.get(fmt.Sprintf("/f/%d", f.ID)).body; strings.Contains(page, "3 March 2026") {
						t.Error("with the week setting, the forum page still shows the date 3 March 2026")
					}
					checkVisitor(t, srv)
					checkStaff(t, srv)
				})
			}
		})
	})
}

var (
	sgCSSURLRE    = regexp.MustCompile(`url\(\s*['"]?([^'")]+)`)
	sgCSSImportRE = regexp.MustCompile(`@import\s+(?:url\()?\s*['"]?([^'");\s]+)`)
	sgAbsURLRE    = regexp.MustCompile(`(?i)\b(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	// sgXMLNSRE is an XML namespace, a name that is never fetched.
	sgXMLNSRE = regexp.MustCompile(`\bxmlns(:\w+)?="[^"]*"`)
)

// TestEveryPageLoadsOnlyFromThisSite fetches every GET route of the router,
// its parameters filled with real ids, as a visitor, a member, a moderator
// and an admin, and some pages only a form shows. Every answer carries a
// policy of default-src 'self'; no page has inline script or style or an
// event-handler attribute, and nothing a page loads, sends to or links to
// leaves the site, but for the "Exit this page" links. Every id of a topic
// or a post that an answer shows is a public one (store/publicids.go),
// never the store's own, which would date it. The files the pages
// load are checked too. A route added later is fetched without anyone
// adding it here; one with a parameter this test cannot fill fails it.
func TestEveryPageLoadsOnlyFromThisSite(t *testing.T) {
	eachServed(t, sgOptions, func(t *testing.T, s served) {
		c := sgSetUp(t, s)
		base, err := url.Parse(s.URL)
		if err != nil {
			t.Fatal(err)
		}
		set, err := s.st.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ids := sgRichContent(t, s, c)

		routes := sgGetRoutes(t, s)
		okFor := map[string][]string{} // route → the roles it answered 200
		resources := map[string]bool{}
		// problems gathers each problem with the answers that have it, so
		// that one mistake in the layout is one failure, not fifty.
		problems := map[string][]string{}
		check := func(who, path string, p answer) {
			where := p.method + " " + path + " as " + who
			policy := p.header.Get("Content-Security-Policy")
			for _, problem := range sgCSPProblems(policy) {
				key := fmt.Sprintf("Content-Security-Policy %q: %s", policy, problem)
				problems[key] = append(problems[key], where)
			}
			for _, problem := range sgKeptIDProblems(p.body) {
				problems[problem] = append(problems[problem], where)
			}
			if !sgIsHTML(p) {
				return
			}
			for _, problem := range sgPageProblems(p.body, base, set.ExitURL) {
				problems[problem] = append(problems[problem], where)
			}
			if !strings.Contains(p.body, `href="`+html.EscapeString(set.ExitURL)+`"`) {
				problems["no Exit this page link"] = append(problems["no Exit this page link"], where)
			}
			for _, r := range sgResources(p.body) {
				resources[r] = true
			}
		}
		defer func() {
			for _, problem := range slices.Sorted(maps.Keys(problems)) {
				where := problems[problem]
				t.Errorf("%s\n\ton %d answers: %s", problem, len(where), strings.Join(where[:min(len(where), 6)], "; "))
			}
		}()
		walk := func(who string, b *browser) {
			for _, pattern := range routes {
				path, ok := sgFill(pattern, ids)
				if !ok {
					if who == "visitor" {
						t.Errorf("GET %s: this test does not know what its parameters name; teach sgIDs.value", pattern)
					}
					continue
				}
				p := b.get(path)
				if sgRedirectRoutes[pattern] && p.status == http.StatusSeeOther {
					check(who, path, p)
					path = p.location()
					p = b.get(path)
				}
				if p.status == http.StatusOK {
					okFor[pattern] = append(okFor[pattern], who)
				}
				check(who, path, p)
			}
		}

		walk("visitor", newBrowser(t, s))
		wb := newBrowser(t, s)
		wb.signIn(c.writerName, c.writerPass)
		walk("member", wb)
		mb := newBrowser(t, s)
		mb.signIn(c.modName, c.modPass)
		walk("moderator", mb)
		// The setup page shows only while there is no admin, so the admin
		// comes last.
		_, adminPass := member(t, s.st, "Steady Admin", forum.RoleAdmin)
		ab := newBrowser(t, s)
		ab.signIn("Steady Admin", adminPass)
		walk("admin", ab)

		for _, pattern := range routes {
			if _, ok := sgFill(pattern, ids); ok && len(okFor[pattern]) == 0 {
				t.Errorf("GET %s answered no one with 200, so its page was never checked", pattern)
			}
		}
		t.Logf("fetched %d GET routes as a visitor, a member, a moderator and an admin; %d answered someone with 200", len(routes), len(okFor))

		// Pages that only a form or a mistake shows.
		preview := wb.submit(c.replyPath, c.replyPath, url.Values{"body": {sgNHSAndPostcode}, "has_note": {"yes"}, "action": {"preview"}})
		check("member", "(preview with findings and a note) "+c.replyPath, preview)
		refused := wb.submitOn(preview, c.replyPath, url.Values{"body": {sgNHSAndPostcode}, "action": {"send"}})
		check("member", "(refused send) "+c.replyPath, refused)
		editPath := fmt.Sprintf("/mod/posts/%d/edit", ids.pending)
		check("moderator", "(edit preview) "+editPath, mb.submit(editPath, editPath, url.Values{"body": {sgNHSAndPostcode}, "action": {"preview"}}))
		check("visitor", "/t/999999999", newBrowser(t, s).get("/t/999999999"))
		if preview.status != http.StatusOK || refused.status != http.StatusUnprocessableEntity {
			t.Errorf("the preview answered %d and the refused send %d", preview.status, refused.status)
		}

		if len(resources) < 2 {
			t.Errorf("the pages load only %v: the stylesheet and scripts were not found", resources)
		}
		for ref := range resources {
			p := newBrowser(t, s).get(ref)
			if p.status != http.StatusOK {
				t.Errorf("GET %s, which pages load: status %d", ref, p.status)
			}
			check("visitor", ref, p)
			for _, re := range []*regexp.Regexp{sgCSSURLRE, sgCSSImportRE} {
				for _, m := range re.FindAllStringSubmatch(p.body, -1) {
					if !sgSameOrigin(m[1], base) || strings.HasPrefix(m[1], "data:") {
						t.Errorf("%s loads %s from elsewhere", ref, m[1])
					}
				}
			}
			if m := sgAbsURLRE.FindAllString(sgXMLNSRE.ReplaceAllString(p.body, ""), -1); m != nil {
				t.Errorf("%s names other sites: %v", ref, m)
			}
		}
	})
}

// sgIDRefRE finds the ids of topics and posts that a page shows: in paths,
// anchors, element ids, form values and page cursors of forum and topic
// pages.
var sgIDRefRE = regexp.MustCompile(`(/t/|/p/|/mod/posts/|/my/posts/|/mod/topics/|#p|id="[pq]|pick-|name="(?:post|to)" value="|` +
	`[?&;](?:to|after|before)=)(\d+)`)

// sgKeptIDProblems reports ids of topics or posts in body that are not
// public ones: public ids lie in [2^52, 2^53), far above any id the store
// keeps. The moderation log's own line numbers (/mod/log?before=) are not
// topic or post ids.
func sgKeptIDProblems(body string) []string {
	var out []string
	for _, m := range sgIDRefRE.FindAllStringSubmatchIndex(body, -1) {
		ref, digits := body[m[2]:m[3]], body[m[4]:m[5]]
		if strings.HasSuffix(ref, "before=") && strings.HasSuffix(body[max(0, m[2]-12):m[2]], "/mod/log") {
			continue
		}
		n, err := strconv.ParseInt(digits, 10, 64)
		if err != nil || n < 1<<52 || n >= 1<<53 {
			out = append(out, fmt.Sprintf("shows a topic or post id that is not a public one: %s%s", ref, digits))
		}
	}
	return out
}

// sgRichContent fills the site with something of everything a page can
// show: published, noted, anonymous, pending (with findings), declined and
// reported posts, a reveal request, an invite code and a setup link. It
// returns the ids the routes are filled with.
func sgRichContent(t *testing.T, s served, c sgCast) sgIDs {
	t.Helper()
	st := s.st
	noted, err := st.CreateReply(ctx, forum.NewReply{TopicID: c.topic.TopicID, AuthorID: c.writer.ID,
		Body: "What she told us, in *her* words.", ContentNote: "Describes violence"})
	if err != nil {
		t.Fatal(err)
	}
	anon, err := st.CreateReply(ctx, forum.NewReply{TopicID: c.topic.TopicID, AuthorID: c.writer.ID, Body: "- one\n- two\n\n**Bold** advice.", Anonymous: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{noted.PostID, anon.PostID} {
		if err := st.Approve(ctx, c.mod, id); err != nil {
			t.Fatal(err)
		}
	}
	declined := sgPending(t, st, c, "Off-topic chatter about the weather.")
	if err := st.Decline(ctx, c.mod, declined, "Off-topic for this forum"); err != nil {
		t.Fatal(err)
	}
	pending := sgPending(t, st, c, sgNHSAndPostcode)
	if err := st.ReportPost(ctx, c.writer, noted.PostID, "personal-data", "It may name someone."); err != nil {
		t.Fatal(err)
	}
	reports, err := st.OpenReports(ctx, c.mod)
	if err != nil || len(reports) == 0 {
		t.Fatalf("open reports: %v, %v", reports, err)
	}
	reveal, err := st.RequestReveal(ctx, c.mod, anon.PostID, "A safeguarding lead must contact this author about a risk.")
	if err != nil {
		t.Fatal(err)
	}
	const invite = "ABCD-EFGH-JKLM"
	if err := st.CreateInvite(ctx, invite, "for a colleague", c.mod.ID, nil); err != nil {
		t.Fatal(err)
	}
	token, hash := auth.NewToken()
	if err := st.AddSetupToken(ctx, hash, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	opens := st.Now().Add(48 * time.Hour)
	expert, err := st.CreateForum(ctx, c.mod, forum.ForumEdit{GroupID: c.forum.GroupID, Name: "Ask the safety experts",
		Kind: forum.KindExpert, Anonymity: forum.AnonAllowed, OpensAt: &opens})
	if err != nil {
		t.Fatal(err)
	}
	draft, err := st.SaveDraft(ctx, forum.NewDraft{AuthorID: c.writer.ID, Kind: forum.DraftReply, TopicID: c.topic.TopicID,
		ParentID: &noted.PostID, Body: "A reply not sent yet, about *her* words.", Anonymous: true, SubmissionKey: "sg-draft"})
	if err != nil {
		t.Fatal(err)
	}
	y, w := time.Now().ISOWeek()
	return sgIDs{group: c.forum.GroupID, forum: c.forum.ID, expert: expert, topic: c.topic.TopicID, post: noted.PostID,
		pending: pending, myPending: pending, myDraft: draft.ID, account: c.writer.ID, report: reports[0].ID, reveal: reveal,
		invite: invite, token: token, week: fmt.Sprintf("%04d-W%02d", y, w), query: "address"}
}

// TestTheQueueChecksTheContentNote: what a waiting post will show in its
// content note is checked as its body is: the queue marks the finding in
// the note and offers to redact it there, approving together holds the
// post back, and the redaction changes the note alone.
func TestTheQueueChecksTheContentNote(t *testing.T) {
	eachServed(t, sgOptions, func(t *testing.T, s served) {
		c := sgSetUp(t, s)
		const note, body = "About Mrs Popescu and her son", "A reply whose body is clean. Campionword."
		r, err := s.st.CreateReply(ctx, forum.NewReply{TopicID: c.topic.TopicID, AuthorID: c.writer.ID, Body: body, ContentNote: note})
		if err != nil {
			t.Fatal(err)
		}
		id := r.PostID
		mb := newBrowser(t, s)
		mb.signIn(c.modName, c.modPass)
		queue := mb.get("/mod/queue")
		item := sgQueueItem(t, queue.body, id)
		if !strings.Contains(item, `<strong>Content note:</strong> About <mark class="pii">Mrs Popescu</mark> and her son`) {
			t.Errorf("the queue does not mark the finding in the content note:\n%s", item)
		}
		if hasID(item, fmt.Sprintf("pick-%d", id)) {
			t.Error("a post with a finding in its content note can be ticked for approving together")
		}
		forms := sgForms(item, fmt.Sprintf("/mod/posts/%d/redact", id))
		if len(forms) != 1 || forms[0].Get("field") != "content_note" || forms[0].Get("text") != "Mrs Popescu" {
			t.Fatalf("redact forms %v, want one for the content note's “Mrs Popescu”", forms)
		}
		p := mb.submitOn(queue, "/mod/queue/approve", url.Values{"post": {strconv.FormatInt(id, 10)}})
		if after := mb.follow(p); !strings.Contains(after.body, fmt.Sprintf(`id="q%d"`, id)) {
			t.Error("approving together published a post with a finding in its content note")
		}
		wrong := url.Values{}
		for k, v := range forms[0] {
			wrong[k] = v
		}
		wrong.Set("field", "nonsense")
		if a := mb.post(fmt.Sprintf("/mod/posts/%d/redact", id), wrong); a.status != http.StatusUnprocessableEntity && a.status != http.StatusBadRequest {
			t.Errorf("redacting a field a post has not: status %d", a.status)
		}
		if a := mb.post(fmt.Sprintf("/mod/posts/%d/redact", id), forms[0]); a.status != http.StatusSeeOther {
			t.Fatalf("redacting the content note: status %d", a.status)
		}
		got, err := s.st.MyPost(ctx, c.writer.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.ContentNote != "About "+store.Redacted+" and her son" || got.BodySource != body {
			t.Errorf("after the redaction: note %q, body %q", got.ContentNote, got.BodySource)
		}
	})
}
