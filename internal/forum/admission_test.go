package forum

import (
	"errors"
	"testing"
	"time"
)

// TestAdmit: every combination of forum, role and choice that decides how a
// new post enters: refused, anonymous or not, published at once or queued.
func TestAdmit(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	open := Forum{Kind: KindDiscussion, Anonymity: AnonAllowed}
	cases := []struct {
		name      string
		f         Forum
		role      Role
		wants     bool
		anonymous bool
		status    PostStatus
		code      string // the error's code, "" for none
	}{
		{"a practitioner signs", open, RolePractitioner, false, false, StatusPending, ""},
		{"a practitioner is anonymous", open, RolePractitioner, true, true, StatusPending, ""},
		{"a moderator signs", open, RoleModerator, false, false, StatusApproved, ""},
		{"a moderator is anonymous: queued like anyone", open, RoleModerator, true, true, StatusPending, ""},
		{"a host signs", open, RoleHost, false, false, StatusApproved, ""},
		{"an admin is anonymous", open, RoleAdmin, true, true, StatusPending, ""},
		{"anonymity required", Forum{Kind: KindDiscussion, Anonymity: AnonRequired}, RoleAdmin, false, true, StatusPending, ""},
		{"anonymity off, signed", Forum{Kind: KindDiscussion, Anonymity: AnonOff}, RolePractitioner, false, false, StatusPending, ""},
		{"anonymity off, asked for", Forum{Kind: KindDiscussion, Anonymity: AnonOff}, RolePractitioner, true, false, "", EINVALID},
		{"an expert forum coming up takes questions", Forum{Kind: KindExpert, Anonymity: AnonAllowed, OpensAt: &future}, RolePractitioner, false, false, StatusPending, ""},
		{"a live expert forum", Forum{Kind: KindExpert, Anonymity: AnonAllowed, OpensAt: &past}, RoleHost, false, false, StatusApproved, ""},
		{"a closed expert forum", Forum{Kind: KindExpert, Anonymity: AnonAllowed, OpensAt: &past, ClosesAt: &past}, RoleAdmin, false, false, "", ECONFLICT},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			anonymous, status, err := Admit(c.f, c.role, c.wants, now)
			var fe *Error
			code := ""
			if errors.As(err, &fe) {
				code = fe.Code
			} else if err != nil {
				t.Fatalf("an error of another kind: %v", err)
			}
			if anonymous != c.anonymous || status != c.status || code != c.code {
				t.Errorf("Admit = %t, %q, %q; want %t, %q, %q", anonymous, status, code, c.anonymous, c.status, c.code)
			}
		})
	}
}
