package forum

import (
	"strings"
	"testing"
)

func TestPseudonymKeyIgnoresCaseAndSpacing(t *testing.T) {
	same := [][2]string{
		{"Quiet Heron", "quietheron"},
		{"Quiet Heron", "QUIET   HERON"},
		{"Quiet-Heron", "quiet_heron"},
		{"Éclair Fox", "éclair fox"},
	}
	for _, p := range same {
		if PseudonymKey(p[0]) != PseudonymKey(p[1]) {
			t.Errorf("%q and %q should be the same pseudonym", p[0], p[1])
		}
	}
	if PseudonymKey("Quiet Heron") == PseudonymKey("Quiet Herons") {
		t.Error("different pseudonyms collide")
	}
}

func TestNewAccountValidate(t *testing.T) {
	long := strings.Repeat("word ", 120)
	cases := []struct {
		name       string
		in         NewAccount
		wantFields []string
	}{
		{"fine", NewAccount{"Quiet Heron", "correct horse battery", RolePractitioner}, nil},
		{"short passphrase", NewAccount{"Quiet Heron", "short one", RolePractitioner}, []string{"passphrase"}},
		{"long passphrase", NewAccount{"Quiet Heron", long, RolePractitioner}, []string{"passphrase"}},
		{"short pseudonym", NewAccount{"Qh", "correct horse battery", RolePractitioner}, []string{"pseudonym"}},
		{"symbols", NewAccount{"Quiet<Heron>", "correct horse battery", RolePractitioner}, []string{"pseudonym"}},
		{"control character", NewAccount{"Quiet\x00Heron", "correct horse battery", RolePractitioner}, []string{"pseudonym"}},
		{"reserved anonymous", NewAccount{"anonymous  practitioner", "correct horse battery", RolePractitioner}, []string{"pseudonym"}},
		{"reserved former", NewAccount{"Former Member", "correct horse battery", RolePractitioner}, []string{"pseudonym"}},
		{"bad role", NewAccount{"Quiet Heron", "correct horse battery", "king"}, []string{"role"}},
		{"all wrong", NewAccount{"", "", ""}, []string{"pseudonym", "passphrase", "role"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.in.Validate()
			var got []string
			for _, fe := range FieldErrorsOf(err) {
				got = append(got, fe.Field)
			}
			if strings.Join(got, ",") != strings.Join(c.wantFields, ",") {
				t.Errorf("fields in error = %v, want %v (err %v)", got, c.wantFields, err)
			}
			if len(c.wantFields) > 0 && ErrorCode(err) != EINVALID {
				t.Errorf("code = %s, want invalid", ErrorCode(err))
			}
		})
	}
}

func TestNewTopicValidateTidiesAndLimits(t *testing.T) {
	nt := NewTopic{Title: "  A fine title  ", Body: "Line one\r\nLine two  "}
	if err := nt.Validate(); err != nil {
		t.Fatal(err)
	}
	if nt.Title != "A fine title" || nt.Body != "Line one\nLine two" {
		t.Errorf("tidied to %q / %q", nt.Title, nt.Body)
	}
	cases := []struct {
		title, body string
		want        string
	}{
		{"", "body", "Enter title"},
		{"Hey", "body", "Title must be at least 5 characters"},
		{strings.Repeat("x", TitleMax+1), "body", "Title must be 150 characters or fewer"},
		{"Good title", "", "Enter your post"},
		{"Good title", strings.Repeat("é", BodyMax+1), "Your post must be 20000 characters or fewer"},
		{"Bell\a title", "body", "Title contains characters we cannot accept"},
	}
	for _, c := range cases {
		nt := NewTopic{Title: c.title, Body: c.body}
		err := nt.Validate()
		if !strings.Contains(ErrorMessage(err), c.want) && FieldErrorsOf(err).For("title")+FieldErrorsOf(err).For("body") != c.want {
			t.Errorf("title %.20q body %.20q: %v, want %q", c.title, c.body, FieldErrorsOf(err), c.want)
		}
	}
}
