package web

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
)

// Expert forums as questions and answers (issue 17, item 6). Every topic
// of an expert forum is a question. The forum's page lists them as
// answered or waiting for an answer; a host of the forum, or an admin,
// marks one published reply as a question's answer, which its page then
// shows first, right after the question; and the closed forum's archive
// lists the questions with their answers.
//
// Who marks an answer: the forum's hosts and admins, as for the hosts'
// other acts (the store checks it). Moderators do not: the answer is the
// hosts' expert judgement ("chosen by the host"), while a moderator judges
// whether a post is safe to show, and hiding an answer already takes it
// off the question for readers.

// markAnswer marks a reply as the answer to its question.
func (s *Server) markAnswer(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	topic, err := s.store.MarkAnswer(c.Request().Context(), *account(c), id)
	if err != nil {
		return err
	}
	s.flash(c, "answer-marked")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/t/%d#answer", topic))
}

// unmarkAnswer takes the mark off a question's answer.
func (s *Server) unmarkAnswer(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	topic, err := s.store.UnmarkAnswer(c.Request().Context(), *account(c), id)
	if err != nil {
		return err
	}
	s.flash(c, "answer-unmarked")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/t/%d", topic))
}

// questionsView is an expert forum's questions as its page lists them.
type questionsView struct {
	Base   string // the forum's address
	Filter forum.QuestionFilter
	Counts forum.QuestionCounts
	// Archive: the forum has closed, and its page lists each question
	// with the question's text and its answer, to read in one page.
	Archive bool
	Pinned  questionList
	Others  questionList
}

// address is the forum's page with the filter, where the pages of its
// list start.
func (q *questionsView) address() string {
	if q.Filter == forum.AllQuestions {
		return q.Base
	}
	return q.Base + "?show=" + string(q.Filter)
}

type questionList struct {
	Archive bool
	Items   []questionItem
}

// questionItem is a question in a list; in the archive, with its text
// and its answer.
type questionItem struct {
	forum.Topic
	Question *forum.Post
	Answer   *forum.Answer
}

// questions fills the forum page of an expert forum with its questions.
func (s *Server) questions(c echo.Context, p *forumPage) error {
	ctx := c.Request().Context()
	q := &questionsView{Base: fmt.Sprintf("/f/%d", p.Forum.ID), Filter: forum.ParseQuestionFilter(c.QueryParam("show")),
		Archive: p.State == forum.StateClosed}
	var err error
	if p.Topics, err = s.store.ForumQuestions(ctx, p.Forum.ID, q.Filter, c.QueryParam("after"), c.QueryParam("before")); err != nil {
		return err
	}
	if q.Counts, err = s.store.QuestionCounts(ctx, p.Forum.ID); err != nil {
		return err
	}
	var answers map[int64]forum.Answer
	var openings map[int64]forum.Post
	if q.Archive {
		var ids []int64
		for _, t := range slices.Concat(p.Topics.Pinned, p.Topics.Topics) {
			ids = append(ids, t.ID)
		}
		if answers, err = s.store.Answers(ctx, ids); err != nil {
			return err
		}
		if openings, err = s.store.Openings(ctx, ids); err != nil {
			return err
		}
	}
	list := func(topics []forum.Topic) questionList {
		l := questionList{Archive: q.Archive}
		for _, t := range topics {
			it := questionItem{Topic: t}
			if a, ok := answers[t.ID]; ok {
				it.Answer = &a
			}
			if o, ok := openings[t.ID]; ok {
				it.Question = &o
			}
			l.Items = append(l.Items, it)
		}
		return l
	}
	q.Pinned, q.Others = list(p.Topics.Pinned), list(p.Topics.Topics)
	p.Questions = q
	return nil
}

// questionOf shows a topic of an expert forum as a question: whether it
// has an answer, the answer itself right after the question (on the
// thread's first page, where the question is), the answer marked in its
// place in the thread, and, for the forum's hosts, a button on each reply
// to mark it as the answer or take the mark off.
func (s *Server) questionOf(c echo.Context, p *topicPage, firstPage bool) error {
	if p.Forum.Kind != forum.KindExpert {
		return nil
	}
	p.Question = true
	a, err := s.store.Answer(c.Request().Context(), p.Topic.ID)
	if err != nil {
		return err
	}
	p.Answer = a
	mark := func(item *postItem, opening bool) {
		item.IsAnswer = a != nil && item.ID == a.Post.ID
		item.AnswerFollows = opening && a != nil
		if p.Hosting && !opening && item.Status == forum.StatusApproved {
			item.CanMarkAnswer, item.CSRF = true, p.CSRF
		}
	}
	if p.Opening != nil {
		mark(p.Opening, true)
	}
	for i := range p.Replies {
		mark(&p.Replies[i], false)
	}
	return nil
}

// AnswerLink is where the answer is in the thread: on this page, or on
// the page of the thread that starts with it.
func (p topicPage) AnswerLink() string {
	if p.Answer == nil {
		return ""
	}
	for _, item := range p.Replies {
		if item.ID == p.Answer.Post.ID {
			return fmt.Sprintf("#p%d", item.ID)
		}
	}
	return fmt.Sprintf("/t/%d?after=%d#p%d", p.Topic.ID, p.Answer.After, p.Answer.Post.ID)
}
