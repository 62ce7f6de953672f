package web

import (
	"github.com/labstack/echo/v4"
)

// flashes are the one-line confirmations shown after a redirect. The cookie
// carries only a key into this table, so no text from outside reaches a page.
var flashes = map[string]string{
	"welcome":        "Your account is ready and you are signed in.",
	"signed-in":      "You are signed in.",
	"signed-out":     "You are signed out.",
	"passphrase":     "Your passphrase is changed. Any other device you were signed in on is signed out.",
	"erased":         "Your account is erased. Thank you for taking part.",
	"admin-created":  "Your admin account is ready and you are signed in.",
	"grant-saved":    "The account's role is saved.",
	"invite-made":    "The invite code is made. Give it to one person.",
	"invite-deleted": "The invite code is withdrawn.",
	"settings-saved": "The settings are saved.",
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
