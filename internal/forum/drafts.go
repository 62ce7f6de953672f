package forum

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Drafts. A topic or reply being written is kept on the server, never in
// the browser: "Exit this page" and a shared computer must leave nothing
// behind on the device. A draft is its author's alone: no one else sees
// it, it is in their data export, and it goes with their account.

// DraftKind says what a draft becomes when it is sent.
type DraftKind string

const (
	DraftTopic DraftKind = "topic"
	DraftReply DraftKind = "reply"
)

const (
	// MaxDrafts is how many drafts a member keeps at once.
	MaxDrafts = 20
	// DraftMaxAge is how long a draft is kept after it was last saved.
	DraftMaxAge = 30 * 24 * time.Hour
)

// NewDraft is a draft as a form saves it. SubmissionKey is the form's
// one-time key: saving the same form again changes the same draft, and
// sending it (a post made with that key) deletes it.
type NewDraft struct {
	AuthorID      int64
	Kind          DraftKind
	ForumID       int64  // a topic's forum
	TopicID       int64  // a reply's topic, by public id
	ParentID      *int64 // the post a reply answers, by public id
	Title         string
	Body          string
	Anonymous     bool
	ContentNote   string
	SubmissionKey string
}

// Validate checks what a draft may hold, which is less than a post must:
// a draft may be short or half a title, but not longer than a post may be,
// nor empty. It tidies the fields in place.
func (d *NewDraft) Validate() error {
	var fe FieldErrors
	if d.Kind != DraftTopic && d.Kind != DraftReply {
		return Errorf(EINVALID, "A draft is of a new topic or of a reply.")
	}
	if d.Kind == DraftReply {
		d.Title = ""
	}
	var okTitle, okBody bool
	d.Title, okTitle = CleanText(d.Title)
	d.Body, okBody = CleanText(d.Body)
	switch {
	case !okTitle:
		fe.Add("title", "Title contains characters we cannot accept")
	case utf8.RuneCountInString(d.Title) > TitleMax:
		fe.Add("title", "Title must be "+strconv.Itoa(TitleMax)+" characters or fewer")
	}
	switch {
	case !okBody:
		fe.Add("body", "Your "+d.noun()+" contains characters we cannot accept")
	case utf8.RuneCountInString(d.Body) > BodyMax:
		fe.Add("body", "Your "+d.noun()+" must be "+strconv.Itoa(BodyMax)+" characters or fewer")
	case d.Title == "" && d.Body == "" && okTitle:
		fe.Add("body", "Write something before saving it as a draft")
	}
	checkNote(&fe, &d.ContentNote)
	if strings.TrimSpace(d.SubmissionKey) == "" {
		fe.Add("body", "This form is missing its key: open it again from its page")
	}
	return fe.Err()
}

func (d NewDraft) noun() string {
	if d.Kind == DraftReply {
		return "reply"
	}
	return "post"
}

// Draft is a saved draft as its author sees it, with where it goes.
type Draft struct {
	ID            int64 // public
	Kind          DraftKind
	ForumID       int64
	TopicID       int64  // public; 0 for a topic's draft, or a reply whose topic is gone
	ParentID      *int64 // public
	Title         string
	Body          string
	Anonymous     bool
	ContentNote   string
	SubmissionKey string
	SavedAt       time.Time
	// ForumName and TopicTitle say where the draft goes, while readers
	// may see it there; empty once it is gone.
	ForumName  string
	TopicTitle string
	// Closed says why the draft cannot be sent where it was going (the
	// topic is locked or gone, the forum closed); "" when it can.
	Closed string
	// ParentGone: the post a reply answered is no longer shown, so the
	// reply would answer the topic instead.
	ParentGone bool
}

// ExpiresAt is when the draft is deleted unless it is saved again.
func (d Draft) ExpiresAt() time.Time { return d.SavedAt.Add(DraftMaxAge) }

// IsTopic reports whether the draft is of a new topic.
func (d Draft) IsTopic() bool { return d.Kind == DraftTopic }

// excerptLength is how much of a draft's words its list shows, in characters.
const excerptLength = 160

// Excerpt is the start of the draft's words, on one line, for its list.
func (d Draft) Excerpt() string {
	words := strings.Join(strings.Fields(d.Body), " ")
	if utf8.RuneCountInString(words) <= excerptLength {
		return words
	}
	r := []rune(words)[:excerptLength]
	return strings.TrimRight(string(r), " ") + "…"
}
