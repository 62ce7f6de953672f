package forum

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// ReasonMax is the longest reason or note a moderator or admin writes for
// an act, in characters: the member reads it and the log keeps it, so it
// is bounded like everything else people type.
const ReasonMax = 1000

// RevealReasonMin is the fewest characters a request to reveal an author
// may give as its reason: the break-glass act must say why.
const RevealReasonMin = 20

// CheckReason adds to fe, as field, what is wrong with a reason a moderator
// or admin gives for an act: ask is what to write when there is none, or
// fewer than min characters.
func CheckReason(fe *FieldErrors, field, reason, ask string, min int) {
	clean, ok := CleanText(reason)
	n := utf8.RuneCountInString(clean)
	switch {
	case !ok:
		fe.Add(field, "The reason contains characters we cannot accept")
	case n == 0 || n < min:
		fe.Add(field, ask)
	case n > ReasonMax:
		fe.Add(field, "The reason must be "+strconv.Itoa(ReasonMax)+" characters or fewer")
	}
}

// ReportReasons are what a reader can say about an approved post.
var ReportReasons = []struct{ Key, Text string }{
	{"safeguarding", "A safeguarding concern: someone may be at risk"},
	{"personal-data", "It contains personal data that could identify someone"},
	{"abusive", "It is abusive or disrespectful"},
	{"off-topic", "It is off-topic or spam"},
	{"other", "Something else"},
}

// ReportReasonText returns the text of a report reason, or "".
func ReportReasonText(key string) string {
	for _, r := range ReportReasons {
		if r.Key == key {
			return r.Text
		}
	}
	return ""
}

// QueueItem is a post waiting for a moderator, with what they need to
// decide: where it is, what it answers, who wrote it (unless anonymous).
type QueueItem struct {
	PostID     int64
	TopicID    int64
	TopicTitle string
	Opening    bool
	ForumID    int64
	ForumName  string
	GroupID    int64
	GroupName  string
	// Author is the pseudonym, or "" when the post is anonymous: the
	// queue never shows who wrote an anonymous post.
	Author      string
	Anonymous   bool
	BodySource  string
	BodyHTML    string
	ContentNote string
	CreatedAt   time.Time
	Status      PostStatus
	// TopicLocked says whether the topic takes replies.
	TopicLocked bool
	// HiddenReason is why a moderator hid the post, while it is hidden.
	HiddenReason string
	// NoteCount is how many notes moderators keep on the post.
	NoteCount int
	// Parent is the post this one answers, when it answers one.
	Parent *Post
}

// PostChange is an author's change to their published post, waiting for
// a moderator: the published words beside the new ones.
type PostChange struct {
	PostID, TopicID      int64
	Opening              bool
	TopicTitle           string
	GroupName, ForumName string
	// Author is the pseudonym, or "Anonymous practitioner": as readers see it.
	Author             string
	Anonymous          bool
	OldTitle, NewTitle string
	OldBody, NewBody   string
	OldNote, NewNote   string
	SentAt             time.Time
	// Published: the post is still published (not hidden since), so the
	// change can be approved.
	Published bool
}

// MyPost is one of a member's own posts, as only they see it.
type MyPost struct {
	ID            int64
	TopicID       int64
	TopicTitle    string
	Opening       bool
	Anonymous     bool
	Status        PostStatus
	BodySource    string
	BodyHTML      string
	ContentNote   string
	DeclineReason string
	// HiddenReason is why a moderator hid the post, while it is hidden.
	HiddenReason      string
	EditedByModerator bool
	CreatedAt         time.Time
	ForumID           int64
	// ChangeWaiting: the author changed the published post and the change
	// waits for a moderator; ChangeDeclined is why one was turned down.
	ChangeWaiting  bool
	ChangeDeclined string
	// Change is the waiting or declined change's words, for the form.
	ChangeTitle, ChangeBody, ChangeNote string
}

// Report is a reader's flag on an approved post.
type Report struct {
	ID           int64
	PostID       int64
	TopicID      int64
	TopicTitle   string
	GroupID      int64
	Reason       string
	Note         string
	Safeguarding bool
	CreatedAt    time.Time
	PostHTML     string
	PostStatus   PostStatus
}

// RevealRequest is a moderator's written request to learn who wrote an
// anonymous post. It needs a second, different moderator's agreement.
type RevealRequest struct {
	ID         int64
	PostID     int64
	TopicID    int64
	Requester  string
	Reason     string
	CreatedAt  time.Time
	Approver   string
	ApprovedAt *time.Time
	// Pseudonym is filled only for the two moderators of an agreed request.
	Pseudonym string
}

// Notification tells a member something happened to their post.
type Notification struct {
	ID        int64
	Kind      string // approved, declined, edited, reply
	TopicID   int64
	PostID    int64
	Title     string
	Detail    string
	CreatedAt time.Time
	Read      bool
	// Replier is, for a reply, its byline as the topic shows it: the
	// replier's pseudonym when they signed it, AnonymousName when they did
	// not, FormerMemberName when a signer has since erased their account,
	// and "" when the reply is no longer shown (hidden or erased). So for
	// a post in a watched topic or forum.
	Replier string
	// WatchingTopic, for a post in a watched topic or forum, says that the
	// member still watches its topic; WatchedForumID and WatchedForum name
	// its forum when they watch that (0 and "" when not).
	WatchingTopic  bool
	WatchedForumID int64
	WatchedForum   string
}

// PostSanction is a suspension a moderator made from a post, as the post's
// moderation page shows it: by the post, never by the account behind it.
type PostSanction struct {
	Until     time.Time
	Reason    string
	Actor     string
	CreatedAt time.Time
	LiftedAt  *time.Time
	// Running is true while the suspension holds.
	Running bool
}
