package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"forum/internal/forum"
	"forum/internal/store"
)

// qaLayout is where the question, the answer and the rest of the thread
// are drawn on a question's page.
type qaLayout struct {
	QuestionBottom float64
	AnswerTop      float64
	AnswerBottom   float64
	RestTop        float64 // the first reply of the thread after the answer
	Heading        string  // the answer's heading
	Author         string  // the answer's byline
	Status         string  // the badge in the question's meta line
	Hash           string
	InPlaceTop     float64 // the answer in its place in the thread, in the viewport
	Wider          bool    // the page scrolls sideways
}

const jsQALayout = `(() => {
	const r = e => e ? e.getBoundingClientRect() : {top: -1, bottom: -1};
	const items = [...document.querySelectorAll(".thread > li")];
	const answer = document.querySelector("#answer");
	const at = items.indexOf(answer);
	const inPlace = location.hash ? document.getElementById(location.hash.slice(1)) : null;
	return {
		questionBottom: r(document.querySelector(".thread-opening")).bottom, answerTop: r(answer).top, answerBottom: r(answer).bottom,
		restTop: r(document.querySelector(".thread-replies")).top,
		heading: answer ? answer.querySelector("h2").textContent.trim() : "",
		author: answer ? answer.querySelector(".author").textContent.trim() : "",
		status: (document.querySelector(".topic-meta .badge") || {textContent: ""}).textContent.trim(),
		hash: location.hash, inPlaceTop: r(inPlace).top,
		wider: document.documentElement.scrollWidth > document.documentElement.clientWidth,
	};
})()`

// TestHostMarksAnAnswerAndReaderSeesItFirst: in a real browser, the host
// of an expert forum presses "Mark as the answer" on an anonymous reply;
// a reader then sees the question marked answered and the answer drawn
// right below the question, above the rest of the thread, still
// anonymous and chosen by the host by name, at a desktop and a phone
// width without sideways scrolling; its link leads to the reply in its
// place in the thread.
func TestHostMarksAnAnswerAndReaderSeesItFirst(t *testing.T) {
	browser := chromium(t)
	s := newSite(t)
	ctx := context.Background()
	st := s.st
	admin := s.account(t, "Ash Admin", forum.RoleAdmin, scenePass)
	host := s.account(t, "Kestrel Host", forum.RolePractitioner, scenePass)
	asker := s.account(t, "Quiet Heron", forum.RolePractitioner, scenePass)
	writer := s.account(t, "Cobalt Moth", forum.RolePractitioner, scenePass) // of the anonymous reply
	other := s.account(t, "Amber Finch", forum.RolePractitioner, scenePass)
	f := forumOf(t, st, "Secure and suitable housing")
	opened, closes := st.Now().Add(-time.Hour), st.Now().Add(7*24*time.Hour)
	expert := must[int64](t)(st.CreateForum(ctx, admin, forum.ForumEdit{GroupID: f.GroupID, Name: "Ask the housing experts",
		Kind: forum.KindExpert, Anonymity: forum.AnonAllowed, OpensAt: &opened, ClosesAt: &closes, Hosts: []string{host.Pseudonym}}))
	q := must[store.Created](t)(st.CreateTopic(ctx, forum.NewTopic{ForumID: expert, AuthorID: asker.ID,
		Title: "Is a safe house a settled home?", Body: "The council says it is. Quillwort question."}))
	approve := func(id int64) {
		if err := st.Approve(ctx, admin, id); err != nil {
			t.Fatal(err)
		}
	}
	approve(q.PostID)
	var replies []int64
	for i, body := range []string{"First: ask for a review.", "Anonymous: no, it is temporary and supported. Quillwort answer.", "Third: keep copies."} {
		by := other
		if i == 1 {
			by = writer
		}
		r := must[store.Created](t)(st.CreateReply(ctx, forum.NewReply{TopicID: q.TopicID, AuthorID: by.ID, Body: body, Anonymous: i == 1}))
		approve(r.PostID)
		replies = append(replies, r.PostID)
	}
	page := url(s, "/t/%d", q.TopicID)

	hostP := newPerson(t, browser, "host")
	signIn(hostP, s, host.Pseudonym, scenePass)
	hostP.run("mark the anonymous reply as the answer",
		chromedp.Navigate(page),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/p/%d/answer"] button`, replies[1]))),
		chromedp.WaitVisible(chromedp.CSS("#answer")),
	)
	if got := hostP.text(".flash"); !strings.Contains(got, "marked as the answer") {
		t.Errorf("after marking, the host's page says %q", got)
	}
	if !strings.Contains(hostP.html(), fmt.Sprintf(`action="/p/%d/unanswer"`, replies[1])) {
		t.Error("the host is not offered to unmark the answer")
	}

	reader := newPerson(t, browser, "reader")
	for _, width := range []int64{1280, 390} {
		t.Run(fmt.Sprintf("%d px", width), func(t *testing.T) {
			p := reader.forT(t)
			p.run("read the question", chromedp.EmulateViewport(width, 900), chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#answer")))
			l := get(p, "measure", chromedp.Evaluate[qaLayout](jsQALayout))
			if l.Status != "Answered" {
				t.Errorf("the question's badge says %q, want Answered", l.Status)
			}
			if !(l.QuestionBottom <= l.AnswerTop && l.AnswerBottom <= l.RestTop) {
				t.Errorf("the answer (top %.0f, bottom %.0f) is not drawn between the question (bottom %.0f) and the rest of the thread (top %.0f)",
					l.AnswerTop, l.AnswerBottom, l.QuestionBottom, l.RestTop)
			}
			if l.Heading != "Answer chosen by the host, Kestrel Host" || l.Author != "Answer by "+forum.AnonymousName {
				t.Errorf("the answer's heading is %q and its byline %q", l.Heading, l.Author)
			}
			if l.Wider {
				t.Error("the page scrolls sideways")
			}
			html := p.html()
			if strings.Contains(html, writer.Pseudonym) || !strings.Contains(html, "Quillwort answer") {
				t.Error("the reader does not see the anonymous answer, or sees its author")
			}
			p.run("follow the link to the answer's place", chromedp.Click(chromedp.CSS("#answer .post-actions a")))
			l = get(p, "measure again", chromedp.Evaluate[qaLayout](jsQALayout))
			if want := fmt.Sprintf("#p%d", replies[1]); l.Hash != want || l.InPlaceTop < 0 || l.InPlaceTop > 900 {
				t.Errorf("the link leads to %q, drawn at %.0f; want %s in view", l.Hash, l.InPlaceTop, want)
			}
		})
	}
}
