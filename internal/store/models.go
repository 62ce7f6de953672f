package store

import (
	"database/sql"
	"time"
)

// The row types below mirror the migrations. They are the store's own and
// never leave it: callers get the forum package's types.

type accountRow struct {
	ID           int64
	Pseudonym    string
	PseudonymKey string
	// PseudonymSkeleton is NULL only for an old account whose skeleton
	// an older one holds (skeletons.go).
	PseudonymSkeleton sql.NullString
	PassphraseHash    string
	Role              string
	SafeguardingLead  bool
	CreatedAt         time.Time
	SuspendedUntil    sql.NullTime
	SuspensionReason  string
	// RoleGrantedAt is when the account was given its role: moderators
	// take part in reveals only after some time in it (reveal.go).
	RoleGrantedAt sql.NullTime
	// ReadAllUpto is the member's last "mark all as read" (reads.go).
	ReadAllUpto sql.NullTime
}

func (accountRow) TableName() string { return "accounts" }

type groupRow struct {
	ID          int64
	Name        string
	Description string
	Position    int
	ArchivedAt  sql.NullTime
	CreatedAt   time.Time
	Version     int
}

func (groupRow) TableName() string { return "outcome_groups" }

type forumRow struct {
	ID          int64
	GroupID     int64
	Name        string
	Description string
	Kind        string
	Anonymity   string
	OpensAt     sql.NullTime
	ClosesAt    sql.NullTime
	// OpeningLoggedAt and ClosingLoggedAt are the opening and closing
	// already in the moderation log (schedule.go).
	OpeningLoggedAt sql.NullTime
	ClosingLoggedAt sql.NullTime
	Position        int
	ArchivedAt      sql.NullTime
	TopicCount      int
	PostCount       int
	LastActivityAt  sql.NullTime
	CreatedAt       time.Time
	Version         int
}

func (forumRow) TableName() string { return "forums" }

type topicRow struct {
	ID             int64
	ForumID        int64
	AuthorID       sql.NullInt64
	Anonymous      bool
	Title          string
	Status         string
	Pinned         bool
	PinnedUntil    sql.NullTime
	PinPosition    int
	Locked         bool
	ReplyCount     int
	CreatedAt      time.Time
	LastActivityAt time.Time
}

func (topicRow) TableName() string { return "topics" }

type postRow struct {
	ID                int64
	TopicID           int64
	ParentID          sql.NullInt64
	AuthorID          sql.NullInt64
	Anonymous         bool
	Status            string
	Depth             int
	Path              string
	BodySource        string
	BodyHTML          string `gorm:"column:body_html"`
	Opening           bool
	EditedByModerator bool
	DeclineReason     string
	CreatedAt         time.Time
	UpdatedAt         time.Time
	ApprovedAt        sql.NullTime
	SubmissionKey     sql.NullString
	ContentNote       string
	// HiddenReason is why a moderator hid the post, while it is hidden:
	// for its author and moderators, never for readers.
	HiddenReason string
}

func (postRow) TableName() string { return "posts" }

type notificationRow struct {
	ID        int64
	AccountID int64
	Kind      string
	TopicID   sql.NullInt64
	PostID    sql.NullInt64
	Detail    string
	CreatedAt time.Time
	ReadAt    sql.NullTime
}

func (notificationRow) TableName() string { return "notifications" }

type reportRow struct {
	ID           int64
	PostID       int64
	ReporterID   sql.NullInt64
	Reason       string
	Note         string
	Safeguarding bool
	CreatedAt    time.Time
	ResolvedAt   sql.NullTime
	Resolution   string
}

func (reportRow) TableName() string { return "reports" }

type revealRow struct {
	ID          int64
	PostID      int64
	RequesterID sql.NullInt64
	Reason      string
	CreatedAt   time.Time
	ApproverID  sql.NullInt64
	ApprovedAt  sql.NullTime
}

func (revealRow) TableName() string { return "reveal_requests" }

type metaRow struct {
	Key   string `gorm:"primaryKey"`
	Value string
}

func (metaRow) TableName() string { return "meta" }

type announcementRow struct {
	ID         int64
	ForumID    int64
	AuthorID   sql.NullInt64
	Title      string
	BodySource string
	BodyHTML   string `gorm:"column:body_html"`
	CreatedAt  time.Time
}

func (announcementRow) TableName() string { return "announcements" }

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
}

type sessionRow struct {
	TokenHash  string `gorm:"primaryKey"`
	AccountID  int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

func (sessionRow) TableName() string { return "sessions" }

type inviteRow struct {
	Code      string `gorm:"primaryKey"`
	Note      string
	CreatedBy sql.NullInt64
	CreatedAt time.Time
	ExpiresAt sql.NullTime
	UsedAt    sql.NullTime
}

func (inviteRow) TableName() string { return "invite_codes" }

type settingRow struct {
	Key   string `gorm:"primaryKey"`
	Value string
}

func (settingRow) TableName() string { return "settings" }

type modLogRow struct {
	ID             int64
	ActorID        sql.NullInt64
	ActorPseudonym string
	Action         string
	TopicID        sql.NullInt64
	PostID         sql.NullInt64
	Subject        string
	Reason         string
	CreatedAt      time.Time
}

func (modLogRow) TableName() string { return "mod_log" }
