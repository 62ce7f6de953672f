package forum

import (
	"strings"
	"time"
	"unicode/utf8"
)

// ForumState is where a forum stands. Discussion forums are always open;
// an expert forum's state follows its schedule and the clock alone, so no
// background job can miss an opening or a closing.
type ForumState string

const (
	StateOpen     ForumState = "open"     // a discussion forum
	StateUpcoming ForumState = "upcoming" // expert forum before it opens: takes questions
	StateLive     ForumState = "live"     // expert forum while it runs
	StateClosed   ForumState = "closed"   // expert forum after it closes: a read-only archive
)

// State is the forum's state at instant now.
func (f Forum) State(now time.Time) ForumState {
	if f.Kind != KindExpert {
		return StateOpen
	}
	switch {
	case f.ClosesAt != nil && !now.Before(*f.ClosesAt):
		return StateClosed
	case f.OpensAt != nil && !now.Before(*f.OpensAt):
		return StateLive
	}
	return StateUpcoming
}

// Announcement is a host's notice, shown above an expert forum's topics.
type Announcement struct {
	ID        int64
	ForumID   int64
	Author    string
	Title     string
	BodyHTML  string
	CreatedAt time.Time
}

// GroupEdit is an admin's new or changed group.
type GroupEdit struct {
	Name        string
	Description string
	Version     int // the version the admin saw; 0 for a new group
}

// Validate checks and tidies a group edit.
func (g *GroupEdit) Validate() error {
	var fe FieldErrors
	checkText(&fe, "name", "Name", g.Name, 3, 100)
	g.Name, _ = CleanText(g.Name)
	g.Description = strings.TrimSpace(g.Description)
	if _, ok := CleanText(g.Description); !ok || utf8.RuneCountInString(g.Description) > 500 {
		fe.Add("description", "Keep the description to 500 characters, without special characters")
	}
	return fe.Err()
}

// ForumEdit is an admin's new or changed forum.
type ForumEdit struct {
	GroupID     int64
	Name        string
	Description string
	Kind        ForumKind
	Anonymity   AnonymityPolicy
	OpensAt     *time.Time
	ClosesAt    *time.Time
	// Hosts are pseudonyms; each must be an account.
	Hosts   []string
	Version int
}

// Validate checks and tidies a forum edit.
func (f *ForumEdit) Validate() error {
	var fe FieldErrors
	checkText(&fe, "name", "Name", f.Name, 3, 100)
	f.Name, _ = CleanText(f.Name)
	f.Description = strings.TrimSpace(f.Description)
	if _, ok := CleanText(f.Description); !ok || utf8.RuneCountInString(f.Description) > 500 {
		fe.Add("description", "Keep the description to 500 characters, without special characters")
	}
	if f.Kind != KindDiscussion && f.Kind != KindExpert {
		fe.Add("kind-discussion", "Choose the kind of forum")
	}
	switch f.Anonymity {
	case AnonAllowed, AnonRequired, AnonOff:
	default:
		fe.Add("anonymity-allowed", "Choose whether posts may be anonymous")
	}
	if f.Kind == KindExpert {
		if f.OpensAt != nil && f.ClosesAt != nil && !f.ClosesAt.After(*f.OpensAt) {
			fe.Add("closes_at", "The forum must close after it opens")
		}
	} else {
		f.OpensAt, f.ClosesAt, f.Hosts = nil, nil, nil
	}
	return fe.Err()
}

// Questions and answers (issue 17, item 6). In an expert forum every
// topic is a question; a host of the forum, or an admin, marks one
// published reply as its answer. Readers see the answer first, and the
// closed forum's archive lists the questions with their answers.

// Answer is the reply chosen as a question's answer, as readers see it.
// It exists only while the reply is published: hidden or erased, the
// question is unanswered again for everyone.
type Answer struct {
	TopicID int64
	// Post is the reply, shown as the thread shows it: an anonymous
	// reply stays "Anonymous practitioner".
	Post Post
	// ChosenBy is the pseudonym of who chose it, staff whose names are
	// public; "" when their account is gone.
	ChosenBy string
	// ByHost is true when they host the forum, false for an admin.
	ByHost bool
	// After is the public id of the post just before the answer in the
	// thread: a page of the thread that starts after it shows the answer.
	After int64
}

// QuestionFilter picks an expert forum's questions by whether they have an answer.
type QuestionFilter string

const (
	AllQuestions      QuestionFilter = ""
	AnsweredQuestions QuestionFilter = "answered"
	WaitingQuestions  QuestionFilter = "waiting"
)

// ParseQuestionFilter reads a filter from an address; anything it does
// not know shows every question.
func ParseQuestionFilter(s string) QuestionFilter {
	switch f := QuestionFilter(s); f {
	case AnsweredQuestions, WaitingQuestions:
		return f
	}
	return AllQuestions
}

// QuestionCounts are how many questions an expert forum lists, and how
// many of them have an answer readers can see.
type QuestionCounts struct {
	All      int
	Answered int
}

// Waiting is how many questions have no answer yet.
func (c QuestionCounts) Waiting() int { return c.All - c.Answered }
