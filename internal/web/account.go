package web

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/store"
)

type accountPage struct {
	Page
	Me forum.Account
	// Suspensions are those running now, by an admin or from a post.
	Suspensions []store.Suspension
	// EraseChoice keeps the erase form's choice after an error.
	EraseChoice string
	// Watching lists the topics and forums the member watches, each with
	// its Stop watching button.
	Watching []store.Watch
}

func (s *Server) accountPage(c echo.Context, p *accountPage) error {
	p.Page = s.page(c, "Your account")
	p.Nav = "account"
	p.Me = *account(c)
	var err error
	if p.Suspensions, err = s.store.MySuspensions(c.Request().Context(), p.Me.ID); err != nil {
		return err
	}
	p.Watching, err = s.store.MyWatches(c.Request().Context(), p.Me.ID)
	return err
}

func (s *Server) showAccount(c echo.Context) error {
	var p accountPage
	if err := s.accountPage(c, &p); err != nil {
		return err
	}
	return s.views.render(c.Response(), http.StatusOK, "account", p)
}

// confirmPassphrase checks the member's current passphrase before a change
// that matters, counted and slowed like a sign-in: a stolen session is no
// faster a way to guess the passphrase than the sign-in form.
func (s *Server) confirmPassphrase(c echo.Context, field, passphrase string) error {
	me := account(c)
	attempt, err := s.reserveSignin(c, me.Pseudonym)
	if err != nil {
		return err
	}
	hash, err := s.store.PassphraseHash(c.Request().Context(), me.ID)
	if err != nil {
		return err
	}
	if !auth.CheckPassphrase(passphrase, hash) {
		var fe forum.FieldErrors
		fe.Add(field, "Your current passphrase is not right")
		return fe.Err()
	}
	return s.signins.Succeeded(c.Request().Context(), attempt)
}

// passphraseForm is the account page's form that changes the passphrase:
// the current one, and the new one twice.
type passphraseForm struct {
	Current    string `form:"current"`
	New        string `form:"new"`
	ConfirmNew string `form:"confirm-new"`
}

// check says what is wrong with the fields before the current passphrase
// is checked: the new one is held to the rules of a new account's.
func (f passphraseForm) check(me forum.Account) error {
	var fe forum.FieldErrors
	if f.Current == "" {
		fe.Add("current", "Enter your current passphrase")
	}
	na := forum.NewAccount{Pseudonym: me.Pseudonym, Passphrase: f.New, Role: me.Role}
	if msg := forum.FieldErrorsOf(na.Validate()).For("passphrase"); msg != "" {
		fe.Add("new", msg)
	} else if f.ConfirmNew != f.New {
		fe.Add("confirm-new", "The two new passphrases are not the same")
	}
	return fe.Err()
}

func (s *Server) changePassphrase(c echo.Context) error {
	var p accountPage
	if err := s.accountPage(c, &p); err != nil {
		return err
	}
	var form passphraseForm
	if err := bind(c, &form); err != nil {
		return err
	}
	if err := form.check(p.Me); err != nil {
		return s.formProblem(c, "account", &p.Page, &p, err, "current")
	}
	if err := s.confirmPassphrase(c, "current", form.Current); err != nil {
		return s.formProblem(c, "account", &p.Page, &p, err, "current")
	}
	hash, err := auth.HashPassphrase(form.New)
	if err != nil {
		return err
	}
	if err := s.store.SetPassphrase(c.Request().Context(), p.Me.ID, hash, session(c).TokenHash); err != nil {
		return err
	}
	s.flash(c, "passphrase")
	return c.Redirect(http.StatusSeeOther, "/account")
}

// exportData sends everything the forum holds about the member as JSON.
func (s *Server) exportData(c echo.Context) error {
	data, err := s.store.ExportAccount(c.Request().Context(), account(c).ID)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", `attachment; filename="my-forum-data.json"`)
	return c.Blob(http.StatusOK, "application/json; charset=utf-8", b)
}

// eraseForm is the account page's form that erases the account: what
// becomes of the member's posts ("delete" or "keep"), and their passphrase.
type eraseForm struct {
	Posts      string `form:"posts"`
	Passphrase string `form:"erase-passphrase"`
}

// check says which of the two was left out. The first radio button,
// posts-delete, is where the summary leads for the choice.
func (f eraseForm) check() error {
	var fe forum.FieldErrors
	if f.Posts != "delete" && f.Posts != "keep" {
		fe.Add("posts-delete", "Choose what happens to your posts")
	}
	if f.Passphrase == "" {
		fe.Add("erase-passphrase", "Enter your passphrase to confirm")
	}
	return fe.Err()
}

func (s *Server) eraseAccount(c echo.Context) error {
	var p accountPage
	if err := s.accountPage(c, &p); err != nil {
		return err
	}
	var form eraseForm
	if err := bind(c, &form); err != nil {
		return err
	}
	p.EraseChoice = form.Posts
	if err := form.check(); err != nil {
		return s.formProblem(c, "account", &p.Page, &p, err, "posts-delete")
	}
	if err := s.confirmPassphrase(c, "erase-passphrase", form.Passphrase); err != nil {
		return s.formProblem(c, "account", &p.Page, &p, err, "erase-passphrase")
	}
	if err := s.store.EraseAccount(c.Request().Context(), p.Me.ID, p.EraseChoice == "delete"); err != nil {
		return err
	}
	s.setCookie(c, "session", "", -1)
	s.flash(c, "erased")
	return c.Redirect(http.StatusSeeOther, "/")
}
