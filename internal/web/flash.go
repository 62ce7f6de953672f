package web

import (
	"github.com/labstack/echo/v4"
)

// flashes are the one-line confirmations shown after a redirect. The cookie
// carries only a key into this table, so no text from outside reaches a page.
var flashes = map[string]string{
	"welcome":                "Your account is ready and you are signed in.",
	"signed-in":              "You are signed in.",
	"signed-out":             "You are signed out.",
	"passphrase":             "Your passphrase is changed. Any other device you were signed in on is signed out.",
	"erased":                 "Your account is erased. Thank you for taking part.",
	"admin-created":          "Your admin account is ready and you are signed in.",
	"grant-saved":            "The account's role is saved.",
	"invite-made":            "The invite code is made. Give it to one person.",
	"invite-deleted":         "The invite code is withdrawn.",
	"settings-saved":         "The settings are saved.",
	"post-queued":            "Thank you. Your post is waiting for a moderator; you will be notified when it is published.",
	"post-withdrawn":         "Your post is withdrawn.",
	"change-queued":          "Your change is sent to the moderators. Readers see your post as it was until a moderator approves the change.",
	"change-approved":        "The change is approved and published.",
	"change-declined":        "The change is declined. The author is told why; the post stays as it was.",
	"draft-deleted":          "Your draft is deleted.",
	"change-cancelled":       "Your change is withdrawn. Readers see your post as it was published.",
	"change-gone":            "There is no change waiting to withdraw: it was withdrawn already, or a moderator has decided it.",
	"all-read":               "Everything is marked as read.",
	"approved":               "The post is approved and published.",
	"bulk-approved":          "The posts are approved and published.",
	"bulk-some":              "Some posts are approved. Others had already been decided by another moderator and were left as they were.",
	"bulk-held":              "Posts in which the personal-data check found something were not approved: open each one, redact or check it, then approve it.",
	"redacted":               "The detail is replaced by [redacted]. The author will be told their post was edited.",
	"pinned":                 "The topic is pinned.",
	"unpinned":               "The topic is unpinned.",
	"forum-opened":           "The forum is open.",
	"forum-closed":           "The forum is closed and kept as an archive.",
	"announced":              "The announcement is published.",
	"announcement-withdrawn": "The announcement is withdrawn.",
	"group-saved":            "The group is saved.",
	"forum-saved":            "The forum is saved.",
	"decline-reason-saved":   "The decline reason is saved. Posts declined before keep the text their authors read.",
	"decline-reason-deleted": "The decline reason is deleted. Posts declined with it keep the text their authors read.",
	"archived":               "It is archived: readers no longer see it. Nothing was deleted.",
	"restored":               "It is back on the forum.",
	"account-suspended":      "The account is suspended.",
	"account-unsuspended":    "The suspension is lifted.",
	"bulk-none":              "Nothing changed: another moderator had already decided on those posts.",
	"declined":               "The post is declined and its author told why.",
	"edited-approved":        "The post is published as you edited it. Its author is told that it was edited.",
	"hidden":                 "The post is hidden from readers.",
	"topic-moved":            "The topic is moved. Its author is told.",
	"note-added":             "Your note is added. Only moderators and admins read it.",
	"unhidden":               "The post is published again. Its author is told why.",
	"suspended":              "The author of the post is suspended. The suspension is kept with this post.",
	"post-unsuspended":       "The suspension made from this post is lifted.",
	"locked":                 "The topic is locked.",
	"unlocked":               "The topic is unlocked.",
	"reported":               "Thank you. The moderators will look at the post.",
	"report-dismissed":       "The report is dismissed.",
	"reveal-requested":       "Your request is recorded. A different moderator must agree to it.",
	"reveal-approved":        "You agreed to the request. The author is shown to the two of you only.",
	// Questions and answers in expert forums (answers.go).
	"answer-marked":   "The reply is marked as the answer. Readers see it first, right after the question.",
	"answer-unmarked": "The reply is no longer marked as the answer. The question waits for an answer again.",
}

// flash sets the confirmation to show on the next page.
func (s *Server) flash(c echo.Context, key string) {
	s.setCookie(c, "flash", key, 60)
}

// takeFlash reads and clears the pending confirmation.
func (s *Server) takeFlash(c echo.Context) string {
	ck, err := c.Cookie(s.cookieName("flash"))
	if err != nil || ck.Value == "" {
		return ""
	}
	s.setCookie(c, "flash", "", -1)
	return flashes[ck.Value]
}
