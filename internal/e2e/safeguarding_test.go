package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"forum/internal/forum"
	"forum/internal/store"
)

// The safeguarding features as people meet them in Chromium: the
// personal-data check before sending, content notes, and redaction from
// the queue.

// sgNHSAndPostcode is the measure of done: a survivor's NHS number
// (its mod-11 check digit is valid) and postcode typed into a reply.
const sgNHSAndPostcode = "Her NHS number is 943 476 5919 and she now stays near SW1A 1AA with a friend."

const (
	sgModName    = "Harbour Moderator"
	sgModPass    = "moderator passphrase one"
	sgWriterName = "Willow Ferry"
	sgWriterPass = "kettle orbit meadow lantern"
)

// sgStage is a site with a moderator, a practitioner and a topic to reply to.
type sgStage struct {
	site
	mod, writer forum.Account
	topic       store.Created
}

func sgSetUp(t *testing.T) sgStage {
	t.Helper()
	s := newSite(t)
	st := sgStage{site: s}
	st.mod = s.account(t, sgModName, forum.RoleModerator, sgModPass)
	st.writer = s.account(t, sgWriterName, forum.RolePractitioner, sgWriterPass)
	f := forumOf(t, s.st, "Safety from any trafficker or other abuser")
	var err error
	st.topic, err = s.st.CreateTopic(context.Background(), forum.NewTopic{ForumID: f.ID, AuthorID: st.mod.ID,
		Title: "Keeping an address out of case notes", Body: "How do you keep a safe address out of shared notes?"})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// sgReply leaves a practitioner's reply waiting in the queue.
func (st sgStage) sgReply(t *testing.T, body, note string) int64 {
	t.Helper()
	r, err := st.st.CreateReply(context.Background(), forum.NewReply{TopicID: st.topic.TopicID, AuthorID: st.writer.ID, Body: body, ContentNote: note})
	if err != nil {
		t.Fatal(err)
	}
	return r.PostID
}

// sgSignIn signs p in through the sign-in form.
func sgSignIn(p *person, s site, pseudonym, passphrase string) {
	p.t.Helper()
	p.run("sign in as "+pseudonym,
		chromedp.Navigate(s.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS("#pseudonym"), pseudonym),
		chromedp.SendKeys(chromedp.CSS("#passphrase"), passphrase+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
}

// TestPractitionerSeesPersonalDataBeforeSending: a practitioner types a
// survivor's NHS number and postcode into a reply and previews it; both are
// highlighted. Sending without confirming brings the error summary, which
// takes focus, and sends nothing. With the details edited out, the reply
// goes to the moderators.
func TestPractitionerSeesPersonalDataBeforeSending(t *testing.T) {
	browser := chromium(t)
	st := sgSetUp(t)
	p := newPerson(t, browser, "practitioner")
	sgSignIn(p, st.site, sgWriterName, sgWriterPass)

	p.run("write a reply and preview it",
		chromedp.Navigate(url(st.site, "/t/%d/reply", st.topic.TopicID)),
		chromedp.SendKeys(chromedp.CSS("#body"), sgNHSAndPostcode),
		chromedp.Click(chromedp.CSS(`button[value=preview]`)),
		chromedp.WaitVisible(chromedp.CSS("mark.pii")),
	)
	marks := get(p, "read the highlights", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("mark.pii")).filter(m => m.getClientRects().length > 0).map(m => m.textContent)`))
	for _, want := range []string{"943 476 5919", "SW1A 1AA"} {
		n := 0
		for _, m := range marks {
			if m == want {
				n++
			}
		}
		// Once in the list of findings, once in place in the text.
		if n != 2 {
			t.Errorf("%q is highlighted %d times in sight, want 2; the visible highlights are %q", want, n, marks)
		}
	}

	p.run("send without confirming",
		chromedp.Click(chromedp.CSS(`button[value=send]`)),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")),
	)
	focusCtx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	_, err := chromedp.Run(focusCtx, chromedp.Poll[bool](
		`(() => { const s = document.querySelector(".error-summary"); return !!s && s.contains(document.activeElement); })()`,
		chromedp.WithPollingTimeout(5*time.Second)))
	cancel()
	if err != nil {
		active := get(p, "read the focus", chromedp.Evaluate[string](`document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : "none"`))
		t.Errorf("the error summary did not take focus (%v); the focus is on %s", err, active)
	}
	if link := get(p, "read the summary link", chromedp.Evaluate[string](`(document.querySelector(".error-summary a") || {}).hash || ""`)); link != "#confirm_pii" {
		t.Errorf("the error summary links to %q, want #confirm_pii", link)
	}
	if got := get(p, "read the reply box", chromedp.Value(chromedp.CSS("#body"))); got != sgNHSAndPostcode {
		t.Errorf("the refused reply box holds %q, want the text as typed", got)
	}
	if mine, err := st.st.MyPosts(context.Background(), st.writer.ID, 10); err != nil || len(mine) != 0 {
		t.Fatalf("sending without confirming stored %d posts (%v)", len(mine), err)
	}

	const clean = "Her NHS number is on file with the GP and she now stays with a friend in the same town."
	p.run("edit the details out and send",
		chromedp.Focus(chromedp.CSS("#body")),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#body").select()`),
		chromedp.KeyEvent(kb.Backspace),
		chromedp.SendKeys(chromedp.CSS("#body"), clean),
		chromedp.Click(chromedp.CSS(`button[value=send]`)),
		chromedp.WaitVisible(chromedp.CSS(".my-posts")),
	)
	if got := p.text(".my-post .status"); got != "Waiting for a moderator" {
		t.Errorf("the reply's status is %q", got)
	}
	mine, err := st.st.MyPosts(context.Background(), st.writer.ID, 10)
	if err != nil || len(mine) != 1 || mine[0].BodySource != clean {
		t.Errorf("after editing, the practitioner's posts are %+v (%v), want one with the edited text", mine, err)
	}
}

// sgNoteState says, of the first content note, whether it is open and
// whether its post can be seen. A closed <details> still lays its content
// out in Chromium, hidden by content-visibility, so checkVisibility is the
// test, not the element's size.
const sgNoteState = `(() => { const d = document.querySelector("details.content-note");
	return {open: d.open, shown: d.querySelector(".post-body").checkVisibility()}; })()`

type sgNote struct {
	Open  bool `json:"open"`
	Shown bool `json:"shown"`
}

// sgReadNote reads the note's state until it is want or some tries have
// passed, for a toggle the browser may finish a moment after the input.
func sgReadNote(p *person, want sgNote) sgNote {
	p.t.Helper()
	var n sgNote
	for range 20 {
		if n = get(p, "read the note", chromedp.Evaluate[sgNote](sgNoteState)); n == want {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return n
}

// TestReaderOpensAContentNote: a visitor sees a post with a content note
// folded away behind its note, and opens it with a click, with the
// keyboard, and with JavaScript turned off.
func TestReaderOpensAContentNote(t *testing.T) {
	browser := chromium(t)
	st := sgSetUp(t)
	id := st.sgReply(t, "What she told us about the night she left. Gorseword.", "Describes an assault")
	if err := st.st.Approve(context.Background(), st.mod, id); err != nil {
		t.Fatal(err)
	}
	topic := url(st.site, "/t/%d", st.topic.TopicID)
	body := fmt.Sprintf("#p%d details.content-note .post-body", id)

	ways := []struct {
		name string
		noJS bool
		open chromedp.Action[chromedp.Void]
	}{
		{"click", false, chromedp.Click(chromedp.CSS("details.content-note summary"))},
		{"keyboard", false, chromedp.Steps(chromedp.Focus(chromedp.CSS("details.content-note summary")), chromedp.KeyEvent(kb.Enter))},
		{"click without JavaScript", true, chromedp.Click(chromedp.CSS("details.content-note summary"))},
	}
	for _, way := range ways {
		t.Run(way.name, func(t *testing.T) {
			p := newPerson(t, browser, "reader")
			if way.noJS {
				p.run("turn JavaScript off", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
					_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
					return err
				}))
			}
			p.run("open the topic", chromedp.Navigate(topic), chromedp.WaitVisible(chromedp.CSS("details.content-note summary")))
			if got := p.text("details.content-note summary"); !strings.Contains(got, "Describes an assault") {
				t.Errorf("the summary reads %q, want the note", got)
			}
			if n := get(p, "read the note", chromedp.Evaluate[sgNote](sgNoteState)); n.Open || n.Shown {
				t.Fatalf("before opening, the note is open=%v and the post shown=%v", n.Open, n.Shown)
			}
			p.run("open the note", way.open)
			if n := sgReadNote(p, sgNote{Open: true, Shown: true}); !n.Open || !n.Shown {
				t.Fatalf("after opening, the note is open=%v and the post shown=%v", n.Open, n.Shown)
			}
			if got := p.text(body); !strings.Contains(got, "Gorseword") {
				t.Errorf("the opened post reads %q", got)
			}
		})
	}
}

// TestModeratorRedactsInTheQueue: the moderator redacts the NHS number and
// the postcode from the queue with one click each and approves; a visitor
// reads "[redacted]" twice and neither detail.
func TestModeratorRedactsInTheQueue(t *testing.T) {
	browser := chromium(t)
	st := sgSetUp(t)
	id := st.sgReply(t, sgNHSAndPostcode, "")
	item := fmt.Sprintf("#q%d", id)
	redact := fmt.Sprintf(`%s form[action="/mod/posts/%d/redact"] button`, item, id)

	mod := newPerson(t, browser, "moderator")
	sgSignIn(mod, st.site, sgModName, sgModPass)
	mod.run("open the queue", chromedp.Navigate(st.URL+"/mod/queue"), chromedp.WaitVisible(chromedp.CSS(item)))
	found := get(mod, "read the findings", chromedp.Evaluate[[]string](
		fmt.Sprintf(`Array.from(document.querySelectorAll("%s .finding-list mark.pii"), m => m.textContent)`, item)))
	if strings.Join(found, "|") != "943 476 5919|SW1A 1AA" {
		t.Fatalf("the queue shows the findings %q", found)
	}

	mod.run("redact the first finding",
		chromedp.Click(chromedp.CSS(redact)),
		chromedp.WaitVisible(chromedp.CSS(item+" .finding-list > li:only-child")),
	)
	if got := mod.text(".flash"); !strings.Contains(got, "[redacted]") {
		t.Errorf("after redacting, the flash says %q", got)
	}
	if got := mod.text(item + " .finding-list mark.pii"); got != "SW1A 1AA" {
		t.Errorf("after one redaction the remaining finding is %q", got)
	}
	mod.run("redact the second finding",
		chromedp.Click(chromedp.CSS(redact)),
		chromedp.WaitVisible(chromedp.CSS(item+" .queue-body")),
	)
	if got := mod.text(item + " .queue-body"); got != "Her NHS number is [redacted] and she now stays near [redacted] with a friend." {
		t.Errorf("after both redactions the queue shows %q", got)
	}
	mod.run("approve",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`%s form[action="/mod/posts/%d/approve"] button`, item, id))),
		chromedp.WaitVisible(chromedp.CSS("main p.panel")),
	)

	visitor := newPerson(t, browser, "visitor")
	visitor.run("read the topic", chromedp.Navigate(url(st.site, "/t/%d", st.topic.TopicID)), chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#p%d", id))))
	if got := visitor.text(fmt.Sprintf("#p%d .post-body", id)); strings.Count(got, "[redacted]") != 2 {
		t.Errorf("the visitor reads %q, want [redacted] twice", got)
	}
	page := visitor.html()
	for _, secret := range []string{"943 476 5919", "SW1A 1AA"} {
		if strings.Contains(page, secret) {
			t.Errorf("the visitor can read %q", secret)
		}
	}
}
