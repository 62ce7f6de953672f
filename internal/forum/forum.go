package forum

import (
	"net/url"
	"strings"
	"time"
)

// Role is what an account may do. Roles are ordered: each includes the
// trust of the ones before it only where PRODUCT.md says so.
type Role string

const (
	RolePractitioner Role = "practitioner"
	RoleModerator    Role = "moderator"
	RoleHost         Role = "host"
	RoleAdmin        Role = "admin"
)

// ParseRole accepts the role names of the command line and the admin pages.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RolePractitioner, RoleModerator, RoleHost, RoleAdmin:
		return r, nil
	}
	return "", Errorf(EINVALID, "unknown role %q: use practitioner, moderator, host or admin", s)
}

// Trusted roles publish at once; everyone else's posts wait for a moderator.
func (r Role) Trusted() bool {
	return r == RoleModerator || r == RoleHost || r == RoleAdmin
}

// Moderates reports whether the role works the moderation queue.
func (r Role) Moderates() bool { return r == RoleModerator || r == RoleAdmin }

// PostStatus is where a post stands in moderation.
type PostStatus string

const (
	StatusPending  PostStatus = "pending"
	StatusApproved PostStatus = "approved"
	StatusDeclined PostStatus = "declined"
	StatusHidden   PostStatus = "hidden"
	// StatusErased is a post whose author erased their account and asked
	// for their posts to go; it stays as a stub so replies keep their place.
	StatusErased PostStatus = "erased"
)

// ForumKind separates ordinary discussion forums from time-boxed expert forums.
type ForumKind string

const (
	KindDiscussion ForumKind = "discussion"
	KindExpert     ForumKind = "expert"
)

// AnonymityPolicy says whether a forum offers "Anonymous practitioner".
type AnonymityPolicy string

const (
	AnonAllowed  AnonymityPolicy = "allowed"
	AnonRequired AnonymityPolicy = "required"
	AnonOff      AnonymityPolicy = "off"
)

// Group is a core outcome of the Modern Slavery Core Outcome Set.
type Group struct {
	ID          int64
	Name        string
	Description string
	Position    int
	Archived    bool
	Version     int
	Forums      []Forum
}

// Forum holds topics. Its counts and latest activity cover approved content only.
type Forum struct {
	ID             int64
	GroupID        int64
	GroupName      string
	Name           string
	Description    string
	Kind           ForumKind
	Anonymity      AnonymityPolicy
	OpensAt        *time.Time
	ClosesAt       *time.Time
	Position       int
	Archived       bool
	TopicCount     int
	PostCount      int
	LastActivityAt *time.Time
	// Version changes with every admin edit, for optimistic locking.
	Version int
	// Hosts are the pseudonyms of an expert forum's hosts.
	Hosts []string
}

// Topic is a titled thread. It exists for readers only once its opening post is approved.
type Topic struct {
	ID             int64
	ForumID        int64
	Title          string
	Status         PostStatus
	Pinned         bool
	PinnedUntil    *time.Time
	Locked         bool
	ReplyCount     int
	CreatedAt      time.Time
	LastActivityAt time.Time
	// Author is the display name: a pseudonym, "Anonymous practitioner" or "Former member".
	Author    string
	Anonymous bool
	// ForumName and GroupName are filled where a list spans forums.
	ForumName string
	GroupName string
	// Answered: a question of an expert forum with an answer readers can
	// see. Filled by the lists of questions (store.ForumQuestions).
	Answered bool
}

// Post is one message in a topic. BodyHTML is rendered and sanitised once, on write.
type Post struct {
	ID         int64
	TopicID    int64
	ParentID   *int64
	Depth      int
	Status     PostStatus
	Author     string
	AuthorRole Role
	// Host marks a post by one of the forum's hosts, shown with a badge.
	Host      bool
	Anonymous bool
	BodyHTML  string
	// ContentNote, when set, collapses the post behind this warning.
	ContentNote string
	CreatedAt   time.Time
	// InReplyTo names the author of the parent when the thread has flattened
	// and nesting alone no longer shows whom this answers.
	InReplyTo string
	// Opening marks the topic's opening post.
	Opening bool
	// EditedAt is when its author's change to it was approved, if ever.
	EditedAt *time.Time
	// PublishedAt is when a moderator approved it (zero for a post never
	// published): what a member's read marks compare (store/reads.go).
	PublishedAt time.Time
	// Number is the post's place in its topic, counting from 1 for the
	// opening post, in the order posts were published: the same for every
	// reader, and counting only what readers are shown (published posts and
	// the stubs of removed ones), so a post waiting for a moderator or
	// declined leaves no gap (Store.Thread).
	Number int
}

// Account is a pseudonymous member. There is no e-mail, real name or phone, on purpose.
type Account struct {
	ID               int64
	Pseudonym        string
	Role             Role
	SafeguardingLead bool
	CreatedAt        time.Time
	SuspendedUntil   *time.Time
	SuspensionReason string
	// ModeratorGroups limits a moderator to these groups; empty means all.
	ModeratorGroups []int64
	// HostedForums are the expert forums a host hosts.
	HostedForums []int64
	// RoleSince is when the account was given its role (moderating counts
	// from when it was first given; see RevealWait).
	RoleSince *time.Time
	// ReadAllAt is when the member last marked everything read: nothing
	// published before it is unread for them (store/reads.go).
	ReadAllAt *time.Time
}

// RevealWait is how long a moderator (or admin) must have held the role
// before asking for or agreeing to a reveal: an admin cannot make a second
// moderator out of a new account and agree to their own request.
const RevealWait = 14 * 24 * time.Hour

// MayTakePartInReveal reports whether the account has moderated for long
// enough at now to ask for or agree to a reveal.
func (a Account) MayTakePartInReveal(now time.Time) bool {
	return a.IsModerator() && a.RoleSince != nil && !a.RoleSince.After(now.Add(-RevealWait))
}

// Suspended reports whether the account may not post at instant now.
func (a Account) Suspended(now time.Time) bool {
	return a.SuspendedUntil != nil && now.Before(*a.SuspendedUntil)
}

// IsModerator reports whether the account works the moderation queue.
func (a Account) IsModerator() bool { return a.Role.Moderates() }

// IsAdmin reports whether the account may do everything.
func (a Account) IsAdmin() bool { return a.Role == RoleAdmin }

// Moderates reports whether the account may moderate content in group.
func (a Account) Moderates(groupID int64) bool {
	if a.Role == RoleAdmin {
		return true
	}
	if a.Role != RoleModerator {
		return false
	}
	if len(a.ModeratorGroups) == 0 {
		return true
	}
	for _, g := range a.ModeratorGroups {
		if g == groupID {
			return true
		}
	}
	return false
}

// Hosts reports whether the account hosts forum.
func (a Account) Hosts(forumID int64) bool {
	for _, f := range a.HostedForums {
		if f == forumID {
			return true
		}
	}
	return false
}

// InviteCode lets one person register when the site is invite-only.
type InviteCode struct {
	Code      string
	Note      string
	CreatedAt time.Time
	ExpiresAt *time.Time
	UsedAt    *time.Time
}

// Settings are the site settings an admin changes in the browser.
type Settings struct {
	InviteOnly bool
	// ExitURL is where "Exit this page" sends a reader: a neutral site.
	ExitURL string
	// TimeCoarseness is how readers see when something was posted:
	// "date" (the day) or "week" ("this week", "week of 2 March 2026").
	TimeCoarseness string
	// PublicRead lets visitors read approved posts; nil follows the
	// deployment's FORUM_PUBLIC_READ.
	PublicRead *bool
	// FeaturedGroupID and FeaturedText are the week's featured outcome;
	// FeaturedHTML is the text rendered from Markdown and sanitised, once,
	// when the settings are saved.
	FeaturedGroupID int64
	FeaturedText    string
	FeaturedHTML    string
}

// Defaults for settings never saved.
const (
	DefaultExitURL        = "https://www.bbc.co.uk/weather"
	DefaultTimeCoarseness = "date"
)

// Validate checks settings an admin typed.
func (s *Settings) Validate() error {
	var fe FieldErrors
	s.ExitURL = strings.TrimSpace(s.ExitURL)
	u, err := url.Parse(s.ExitURL)
	if err != nil || u.Scheme != "https" || u.Host == "" || len(s.ExitURL) > 300 {
		fe.Add("exit_url", "Enter the full address of a neutral website, starting https://")
	}
	if s.TimeCoarseness != "date" && s.TimeCoarseness != "week" {
		fe.Add("coarseness-date", "Choose how readers see when posts were written")
	}
	s.FeaturedText = strings.TrimSpace(s.FeaturedText)
	if _, ok := CleanText(s.FeaturedText); !ok || len([]rune(s.FeaturedText)) > 1000 {
		fe.Add("featured_text", "Keep the featured text to 1,000 characters")
	}
	return fe.Err()
}

// Display names shown instead of a pseudonym.
const (
	AnonymousName    = "Anonymous practitioner"
	FormerMemberName = "Former member"
)

// MaxThreadDepth is how deep replies nest on the page; deeper replies are shown
// at this depth, in order, with "in reply to" naming whom they answer.
const MaxThreadDepth = 5
