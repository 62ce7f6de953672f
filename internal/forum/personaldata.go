package forum

import "forum/internal/pii"

// The personal-data check (internal/pii) is called here and nowhere else:
// on every form's words before they are sent and again in the queue
// (web/findings.go shows its findings), and for the hold that keeps a
// post with findings out of approving many at once (NeedsOpening).

// PersonalData is what the personal-data check finds in text: names,
// addresses, dates of birth, identity numbers, contact details and the
// like, each with where it is and why it may identify someone.
func PersonalData(text string) []pii.Finding { return pii.Check(text) }

// NeedsOpening reports whether the personal-data check finds anything in
// what a waiting post will show (its title, body and content note): such a
// post is held back from approving many at once, for a moderator to open
// and look at.
func NeedsOpening(texts ...string) bool {
	for _, t := range texts {
		if len(PersonalData(t)) > 0 {
			return true
		}
	}
	return false
}
