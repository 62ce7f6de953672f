package web

import (
	"slices"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"forum/internal/forum"
)

// routes lists every route of the forum in one place. Each route names the
// middleware it needs: app (session, CSRF, POST limits) for every page,
// then read (the public-read setting), member (signed in) or admin.
func (s *Server) routes() {
	e := s.echo
	// Before routing, so that every answer has them, echo's own included:
	// no answer is kept by the browser (noStore), but static files; the
	// security headers; and a path with a trailing slash sent to the one
	// without, on this site only. (HEAD is answered as GET: Handler.)
	e.Pre(noStore, setSecurityHeaders, removeTrailingSlash)
	e.Use(s.observe, s.recoverPanics, middleware.BodyLimit("512K"))

	// One CSRF check and one POST limiter (with its one table of clients)
	// for the whole site.
	csrf, limit := s.csrfProtection(), s.postLimit()
	app := []echo.MiddlewareFunc{s.loadSession, fetchMetadata, csrf, limit}
	// Reading pages check the public-read setting and may come from the
	// visitors' page cache before the form-protection work is done.
	read := []echo.MiddlewareFunc{s.loadSession, s.requireReader, s.cacheForVisitors, fetchMetadata, csrf, limit}
	member := slices.Concat(app, []echo.MiddlewareFunc{s.requireAccount})
	admin := slices.Concat(member, []echo.MiddlewareFunc{requireRole(forum.Account.IsAdmin)})
	mod := slices.Concat(member, []echo.MiddlewareFunc{requireRole(forum.Account.IsModerator)})

	// Operations: no session, no cookies. /metrics is not here but on a
	// listener of its own (MetricsHandler).
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/static/*", s.staticFile)

	// Reading.
	e.GET("/", s.home, read...)
	e.GET("/g/:id", s.group, read...)
	e.GET("/f/:id", s.forum, read...)
	e.GET("/t/:id", s.topic, read...)
	e.GET("/p/:id", s.permalink, read...)

	// Posting.
	e.GET("/f/:id/new", s.newTopicForm, member...)
	e.POST("/f/:id/new", s.createTopic, member...)
	e.GET("/t/:id/reply", s.replyForm, member...)
	e.POST("/t/:id/reply", s.createReply, member...)
	e.GET("/p/:id/report", s.reportForm, member...)
	e.POST("/p/:id/report", s.report, member...)
	e.GET("/my/posts", s.myPosts, member...)
	e.GET("/my/posts/:id/edit", s.editMyPostForm, member...)
	e.POST("/my/posts/:id/edit", s.editMyPost, member...)
	e.POST("/my/posts/:id/withdraw", s.withdrawMyPost, member...)
	e.POST("/my/posts/:id/change/cancel", s.cancelMyChange, member...)
	e.GET("/my/drafts/:id", s.continueDraft, member...)
	e.POST("/my/drafts/:id/delete", s.deleteDraft, member...)
	e.GET("/notifications", s.notifications, member...)
	e.POST("/notifications/read", s.markRead, member...)
	e.GET("/t/:id/unread", s.firstUnread, member...)
	e.POST("/read-all", s.markAllRead, member...)

	// Hosting expert forums.
	e.POST("/t/:id/pin", s.pin, member...)
	e.POST("/t/:id/unpin", s.unpin, member...)
	e.POST("/t/:id/pin/up", s.movePin(-1), member...)
	e.POST("/t/:id/pin/down", s.movePin(1), member...)
	e.GET("/f/:id/open", s.openForumForm, member...)
	e.POST("/f/:id/open", s.openForum, member...)
	e.POST("/f/:id/close", s.closeForum, member...)
	e.GET("/f/:id/announce", s.announceForm, member...)
	e.POST("/f/:id/announce", s.announce, member...)
	e.POST("/announcements/:id/delete", s.deleteAnnouncement, member...)
	e.POST("/p/:id/answer", s.markAnswer, member...)
	e.POST("/p/:id/unanswer", s.unmarkAnswer, member...)

	// Moderation.
	e.GET("/mod/queue", s.queue, mod...)
	e.POST("/mod/queue/approve", s.approveMany, mod...)
	e.POST("/mod/posts/:id/approve", s.approve, mod...)
	e.POST("/mod/posts/:id/decline", s.decline, mod...)
	e.POST("/mod/changes/:id/approve", s.approveChange, mod...)
	e.POST("/mod/changes/:id/decline", s.declineChange, mod...)
	e.POST("/mod/posts/:id/redact", s.redact, mod...)
	e.GET("/mod/posts/:id/edit", s.modEditForm, mod...)
	e.POST("/mod/posts/:id/edit", s.modEdit, mod...)
	e.GET("/mod/posts/:id", s.modPost, mod...)
	e.POST("/mod/posts/:id/notes", s.addModNote, mod...)
	e.POST("/mod/posts/:id/hide", s.hide, mod...)
	e.POST("/mod/posts/:id/unhide", s.unhide, mod...)
	e.POST("/mod/posts/:id/suspend", s.suspendAuthor, mod...)
	e.POST("/mod/posts/:id/unsuspend", s.liftSuspension, mod...)
	e.POST("/mod/posts/:id/reveal", s.requestReveal, mod...)
	e.GET("/mod/topics/:id/move", s.moveTopicForm, mod...)
	e.POST("/mod/topics/:id/move", s.moveTopic, mod...)
	e.POST("/mod/topics/:id/lock", s.setLocked(true), member...)
	e.POST("/mod/topics/:id/unlock", s.setLocked(false), member...)
	e.GET("/mod/reports", s.reports, mod...)
	e.POST("/mod/reports/:id/dismiss", s.dismissReport, mod...)
	e.GET("/mod/reveals", s.reveals, mod...)
	e.POST("/mod/reveals/:id/approve", s.approveReveal, mod...)
	e.GET("/mod/log", s.modLog, mod...)

	// Accounts.
	e.GET("/register", s.registerForm, app...)
	e.POST("/register", s.register, app...)
	e.GET("/login", s.loginForm, app...)
	e.POST("/login", s.login, app...)
	e.POST("/logout", s.logout, app...)
	e.GET("/setup/:token", s.setupForm, app...)
	e.POST("/setup/:token", s.setup, app...)
	e.GET("/account", s.showAccount, member...)
	e.POST("/account/passphrase", s.changePassphrase, member...)
	e.GET("/account/data.json", s.exportData, member...)
	e.POST("/account/erase", s.eraseAccount, member...)

	// Administration.
	e.GET("/admin", s.adminIndex, admin...)
	e.GET("/admin/people", s.people, admin...)
	e.GET("/admin/people/:id", s.person, admin...)
	e.POST("/admin/people/:id", s.savePerson, admin...)
	e.POST("/admin/people/:id/suspend", s.suspendAccount, admin...)
	e.POST("/admin/people/:id/unsuspend", s.unsuspendAccount, admin...)
	e.GET("/admin/groups", s.adminGroups, admin...)
	e.POST("/admin/groups", s.createGroup, admin...)
	e.GET("/admin/groups/:id", s.adminGroup, admin...)
	e.POST("/admin/groups/:id", s.saveGroup, admin...)
	e.POST("/admin/groups/:id/archive", s.archive("group", true), admin...)
	e.POST("/admin/groups/:id/restore", s.archive("group", false), admin...)
	e.POST("/admin/groups/:id/up", s.move("group", -1), admin...)
	e.POST("/admin/groups/:id/down", s.move("group", 1), admin...)
	e.GET("/admin/forums/new", s.newForumForm, admin...)
	e.POST("/admin/forums", s.createForum, admin...)
	e.GET("/admin/forums/:id", s.adminForum, admin...)
	e.POST("/admin/forums/:id", s.saveForum, admin...)
	e.POST("/admin/forums/:id/archive", s.archive("forum", true), admin...)
	e.POST("/admin/forums/:id/restore", s.archive("forum", false), admin...)
	e.POST("/admin/forums/:id/up", s.move("forum", -1), admin...)
	e.POST("/admin/forums/:id/down", s.move("forum", 1), admin...)
	e.GET("/admin/decline-reasons", s.declineReasons, admin...)
	e.POST("/admin/decline-reasons", s.createDeclineReason, admin...)
	e.GET("/admin/decline-reasons/:id", s.declineReason, admin...)
	e.POST("/admin/decline-reasons/:id", s.saveDeclineReason, admin...)
	e.POST("/admin/decline-reasons/:id/delete", s.deleteDeclineReason, admin...)
	e.POST("/admin/decline-reasons/:id/up", s.moveDeclineReason(-1), admin...)
	e.POST("/admin/decline-reasons/:id/down", s.moveDeclineReason(1), admin...)
	e.GET("/admin/invites", s.invites, admin...)
	e.POST("/admin/invites", s.createInvite, admin...)
	e.POST("/admin/invites/:code/delete", s.deleteInvite, admin...)
	e.GET("/admin/settings", s.settings, admin...)
	e.POST("/admin/settings", s.saveSettings, admin...)

	// Finding things.
	e.GET("/search", s.search, read...)
	e.GET("/digest", s.digest, read...)
	e.GET("/digest/:week", s.digestWeek, read...)
	e.GET("/feeds/latest.atom", s.feedLatest, read...)
	e.GET("/feeds/groups/:file", s.feedGroup, read...)
	e.GET("/feeds/forums/:file", s.feedForum, read...)

	// About the site.
	e.GET("/privacy", s.textPage("privacy", "Privacy"), app...)
	e.GET("/accessibility", s.textPage("accessibility", "Accessibility statement"), app...)
	e.GET("/safety", s.textPage("safety", "Staying safe"), app...)
}
