package forum

import (
	"strings"
	"testing"
)

// TestNormalisePseudonym: what is stored is the PRECIS Nickname form:
// full-width and other compatibility letters become plain ones, spaces are
// tidied, case is kept; invisible and control characters are refused.
func TestNormalisePseudonym(t *testing.T) {
	cases := []struct {
		in, want string
		refused  bool
	}{
		{in: "Quiet Heron", want: "Quiet Heron"},
		{in: "ＡｄｍｉｎＯｎｅ", want: "AdminOne"},
		{in: "ＱｕｉｅｔＨｅｒｏｎ", want: "QuietHeron"},
		{in: "𝐐𝐮𝐢𝐞𝐭 Heron", want: "Quiet Heron"}, // mathematical bold
		{in: "Ⓠuiet Heron", want: "Quiet Heron"}, // circled
		{in: "  Quiet \u3000  Heron\u00a0", want: "Quiet Heron"},
		{in: "Éclair Fox", want: "Éclair Fox"},
		{in: "E\u0301clair Fox", want: "Éclair Fox"}, // composed
		{in: "Аnonymous practitioner", want: "Аnonymous practitioner"},
		{in: "Quiet\u200bHeron", refused: true}, // zero-width space
		{in: "Quiet\x07Heron", refused: true},
		{in: "Quiet\u202eHeron", refused: true}, // right-to-left override
		{in: "   ", refused: true},
	}
	for _, c := range cases {
		got, err := NormalisePseudonym(c.in)
		if c.refused {
			if err == nil {
				t.Errorf("NormalisePseudonym(%q) = %q, want it refused", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("NormalisePseudonym(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// TestPseudonymKeyFindsTheAccountInAnyForm: sign-in looks accounts up by the
// key, so every form a member might type must give the stored one's key.
func TestPseudonymKeyFindsTheAccountInAnyForm(t *testing.T) {
	for _, c := range []struct{ stored, typed string }{
		{"QuietHeron", "ＱｕｉｅｔＨｅｒｏｎ"},
		{"Quiet Heron", "ｑｕｉｅｔ ｈｅｒｏｎ"},
		{"Quiet Heron", "QUIET\u3000HERON"},
		{"Quiet Heron", "𝐪𝐮𝐢𝐞𝐭𝐡𝐞𝐫𝐨𝐧"},
	} {
		if PseudonymKey(c.typed) != PseudonymKey(c.stored) {
			t.Errorf("PseudonymKey(%q) = %q, want %q as for %q", c.typed, PseudonymKey(c.typed), PseudonymKey(c.stored), c.stored)
		}
	}
	if PseudonymKey("Quiet Heron") == PseudonymKey("Quiet Нeron") {
		t.Error("the key merges look-alikes: that is the skeleton's job, and sign-in must not find one account by another's name")
	}
}

// TestPseudonymSkeleton: pseudonyms that look alike share a skeleton, in
// any script, width, case or spacing; pseudonyms that look different do not.
func TestPseudonymSkeleton(t *testing.T) {
	alike := []struct{ a, b, why string }{
		{"Anonymous practitioner", "Аnonymous practitioner", "Cyrillic А"},
		{"Former member", "Former membеr", "Cyrillic е"},
		{"AdminOne", "ＡｄｍｉｎＯｎｅ", "full-width"},
		{"Helen Wood", "Нelen Wood", "Cyrillic Н"},
		{"Helen Wood", "HeIen Wood", "capital I for l"},
		{"Helen Wood", "He1en Wood", "digit 1 for l"},
		{"Helen Wood", "Helen W00d", "digit 0 for o"},
		{"Admin", "ADMIN", "case"},
		{"Admin", "Adrnin", "rn for m"},
		{"Admin", "ΑDMΙΝ", "Greek capitals"},
		{"Quiet Heron", "quiet-heron", "spacing"},
		{"Quiet Heron", "𝐐𝐮𝐢𝐞𝐭 𝐇𝐞𝐫𝐨𝐧", "mathematical bold"},
		{"Paypal", "PayPaI", "capital I for l"},
	}
	for _, c := range alike {
		if PseudonymSkeleton(c.a) != PseudonymSkeleton(c.b) {
			t.Errorf("%s: skeletons of %q and %q differ: %q, %q", c.why, c.a, c.b, PseudonymSkeleton(c.a), PseudonymSkeleton(c.b))
		}
	}
	different := [][2]string{
		{"Quiet Heron", "Quiet Herons"},
		{"Helen Wood", "Helena Wood"},
		{"Brisk Otter", "Brisk Otters"},
		{"Zoe", "Zoë"},
	}
	for _, c := range different {
		if PseudonymSkeleton(c[0]) == PseudonymSkeleton(c[1]) {
			t.Errorf("skeletons of %q and %q are the same, %q", c[0], c[1], PseudonymSkeleton(c[0]))
		}
	}
}

// TestPseudonymRules: what a new account may be called, by role, and the
// message that says which rule a refused name broke.
func TestPseudonymRules(t *testing.T) {
	const (
		forumName = "a name the forum keeps for itself"
		title     = "a title the forum keeps for its staff"
		hidden    = "Pseudonym contains a hidden character"
		chars     = "Pseudonym can only use letters"
	)
	cases := []struct {
		pseudonym string
		role      Role
		stored    string // the normalised form, when accepted
		problem   string // part of the message, when refused
	}{
		{"Quiet Heron", RolePractitioner, "Quiet Heron", ""},
		{"ＱｕｉｅｔＨｅｒｏｎ", RolePractitioner, "QuietHeron", ""},
		{"  Quiet \u3000 Heron ", RolePractitioner, "Quiet Heron", ""},
		{"Hostel Worker", RolePractitioner, "Hostel Worker", ""},
		{"Systematic Reader", RolePractitioner, "Systematic Reader", ""},
		{"Modest Otter", RolePractitioner, "Modest Otter", ""},
		{"O'Brien", RolePractitioner, "O'Brien", ""},
		{"Site Admin", RoleAdmin, "Site Admin", ""},
		{"Keyboard Moderator", RoleModerator, "Keyboard Moderator", ""},
		{"Expert Host", RoleHost, "Expert Host", ""},

		{"Аnonymous practitioner", RolePractitioner, "", `looks like “Anonymous practitioner”, ` + forumName},
		{"Former membеr", RolePractitioner, "", `looks like “Former member”, ` + forumName},
		{"former  member", RolePractitioner, "", `looks like “Former member”, ` + forumName},
		{"FormerMember", RoleAdmin, "", `looks like “Former member”, ` + forumName},
		{"Former member 2", RolePractitioner, "", `contains “Former member”, ` + forumName},
		{"FormerMember2", RolePractitioner, "", `contains “Former member”, ` + forumName},
		{"The Anonymous Practitioner", RoleAdmin, "", `contains “Anonymous practitioner”, ` + forumName},
		{"Ànonymous", RolePractitioner, "", `looks like “Anonymous”, ` + forumName},
		{"Anonymous Otter", RolePractitioner, "", `contains “Anonymous”, ` + forumName},
		{"Deleted", RolePractitioner, "", `looks like “Deleted”, ` + forumName},
		{"Systеm", RoleModerator, "", `looks like “System”, ` + forumName},
		{"Practice Forum Team", RoleAdmin, "", `contains “Practice Forum”, ` + forumName},
		{"ＡｄｍｉｎＯｎｅ", RolePractitioner, "", `contains “Admin”, ` + title},
		{"𝐀𝐝𝐦𝐢𝐧", RolePractitioner, "", `looks like “Admin”, ` + title},
		{"ADMIN", RoleAdmin, "", `looks like “Admin”, ` + title},
		{"Moderator", RoleModerator, "", `looks like “Moderator”, ` + title},
		{"Careful Moderator", RolePractitioner, "", `contains “Moderator”, ` + title},
		{"Safeguarding Lead Kim", RolePractitioner, "", `contains “Safeguarding lead”, ` + title},
		{"Host", RoleHost, "", `looks like “Host”, ` + title},

		{"Quiet\u200bHeron", RolePractitioner, "", hidden + " (U+200B)"},
		{"Quiet\x07Heron", RolePractitioner, "", hidden + " (U+0007)"},
		{"Quiet<Heron>", RolePractitioner, "", chars},
		{"Qh", RolePractitioner, "", "Pseudonym must be between 3 and 30 characters"},
		{"\u3000\u3000", RolePractitioner, "", "Pseudonym must be between 3 and 30 characters"},
	}
	for _, c := range cases {
		t.Run(c.pseudonym, func(t *testing.T) {
			a := NewAccount{Pseudonym: c.pseudonym, Passphrase: "correct horse battery staple", Role: c.role}
			got := FieldErrorsOf(a.Validate()).For("pseudonym")
			switch {
			case c.problem == "" && got != "":
				t.Errorf("%q as %s refused: %q", c.pseudonym, c.role, got)
			case c.problem == "" && a.Pseudonym != c.stored:
				t.Errorf("%q is stored as %q, want %q", c.pseudonym, a.Pseudonym, c.stored)
			case c.problem != "" && !strings.Contains(got, c.problem):
				t.Errorf("%q as %s: message %q, want it to say %q", c.pseudonym, c.role, got, c.problem)
			}
		})
	}
}
