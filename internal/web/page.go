package web

import (
	"html/template"

	"forum/internal/forum"
	"forum/internal/store"
)

// Page is what every page's data holds: the layout reads these fields.
// Each page's own struct embeds it.
type Page struct {
	Title       string
	Description string
	SiteName    string
	Nav         string // which site-nav entry is current
	Breadcrumbs []Crumb
	Account     *forum.Account // nil for a visitor
	CSRF        string
	Flash       string
	// Errors fill the error summary above the heading, in field order.
	Errors forum.FieldErrors
	// Check is the personal-data check of the form the page shows again
	// (findings.go); the form's "words-check" partial draws it.
	Check wordsCheck
	// Feeds are the page's own Atom feeds, linked from its head.
	Feeds []FeedLink
	// Content, when set, is the page's main content already rendered:
	// a fragment from the members' cache (fragments.go).
	Content template.HTML
	// ExitURL is where "Exit this page" goes.
	ExitURL string
	// WeeklyDates: readers see only the week of a date, not the day (the
	// site settings' time coarseness); the renderer picks its date
	// functions by it.
	WeeklyDates bool
	// Unread notifications, and for moderators what waits for them (the
	// queue's length, open reports, reveal requests they can agree to),
	// for the header.
	Unread         int64
	QueueLength    int64
	OpenReports    int64
	RevealsToAgree int64
	// marks settles the page's marks for its signed-in reader (marks.go).
	marks *memberMarks
}

// FeedLink is an Atom feed a page offers.
type FeedLink struct {
	Title string
	URL   string
}

// Crumb is one step of a breadcrumb trail; the last has no URL.
type Crumb struct {
	Name string
	URL  string
}

// Pagination is what the pagination partial needs.
type Pagination struct {
	Label string // the nav landmark's name
	What  string // spoken after "Next page of"
	Prev  string
	Next  string
}

type homePage struct {
	Page
	Groups   []forum.Group
	Latest   []forum.Topic
	Featured *forum.Group
	// FeaturedText is the settings that hold the week's featured text.
	FeaturedText forum.Settings
	// Experts are the expert forums that are live or coming up.
	Experts []expertForum
}

// expertForum is an expert forum with its state now.
type expertForum struct {
	forum.Forum
	State forum.ForumState
}

type groupPage struct {
	Page
	Group forum.Group
}

type forumPage struct {
	Page
	Forum         forum.Forum
	State         forum.ForumState
	Topics        store.TopicPage
	Pagination    Pagination
	Announcements []forum.Announcement
	// Hosting is true for the forum's hosts (and admins): they see the
	// controls to open, close, announce and order pins.
	Hosting bool
	// Questions lists an expert forum's topics as questions (answers.go).
	Questions *questionsView
}

type topicPage struct {
	Page
	Forum forum.Forum
	Topic forum.Topic
	// Opening is the topic's opening post, on the first page only; Replies
	// are the rest of the page, in thread order.
	Opening    *postItem
	Replies    []postItem
	Pagination Pagination
	// CanReply is false for visitors, suspended members, locked topics
	// and closed expert forums.
	CanReply  bool
	Moderates bool
	Hosting   bool
	State     forum.ForumState
	// PinUntil is the date a host typed for a pin to end, kept when the
	// form comes back to be fixed.
	PinUntil string
	// Question: the topic is a question of an expert forum, with the
	// Answer readers can see, if any (answers.go).
	Question bool
	Answer   *forum.Answer
}

// postItem is a post in a thread with what its reader may do to it.
type postItem struct {
	forum.Post
	CanReply  bool
	CanReport bool
	Moderates bool
	// Questions and answers (answers.go): IsAnswer marks the reply chosen
	// as the answer; AnswerFollows, the question, after which the answer
	// is shown; CanMarkAnswer offers a host to mark or unmark the reply,
	// with the form token CSRF.
	IsAnswer      bool
	AnswerFollows bool
	CanMarkAnswer bool
	CSRF          string
}

type errorPage struct {
	Page
	Message string
	// Onward is where the page offers to go next, and what it calls it.
	Onward, OnwardText string
}

type textPage struct {
	Page
}
