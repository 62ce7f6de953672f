package auth

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestPassphraseHashing(t *testing.T) {
	hash, err := HashPassphrase("kettle orbit meadow")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, "kettle") {
		t.Errorf("hash %q is not an Argon2id PHC string without the passphrase", hash)
	}
	other, _ := HashPassphrase("kettle orbit meadow")
	if other == hash {
		t.Error("two hashes of one passphrase are equal: no salt")
	}
	for pass, want := range map[string]bool{"kettle orbit meadow": true, "kettle orbit meadoW": false, "": false} {
		if got := CheckPassphrase(pass, hash); got != want {
			t.Errorf("CheckPassphrase(%q) = %v, want %v", pass, got, want)
		}
	}
	if CheckPassphrase("anything", "not a hash") {
		t.Error("a broken hash matched")
	}
}

func TestTokensAndCodes(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		token, hash := NewToken()
		if len(token) < 43 || seen[token] || HashToken(token) != hash || hash == token {
			t.Fatalf("token %q (hash %q) is short, repeated or unhashed", token, hash)
		}
		seen[token] = true
		if code := NewInviteCode(); !regexp.MustCompile(`^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$`).MatchString(code) {
			t.Fatalf("invite code %q is not three groups of four readable characters", code)
		}
		if p := NewPseudonym(); len(strings.Fields(p)) != 2 {
			t.Fatalf("pseudonym %q is not two words", p)
		}
	}
}

func TestClientKeysRotateAndHideTheAddress(t *testing.T) {
	now := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	k := NewClientKeyer(24*time.Hour, func() time.Time { return now })
	a, b := k.Key("203.0.113.9"), k.Key("203.0.113.9")
	if a != b || strings.Contains(a, "203") || a == k.Key("203.0.113.10") {
		t.Errorf("keys %q, %q: not stable, not hidden, or not distinct", a, b)
	}
	now = now.Add(25 * time.Hour)
	if k.Key("203.0.113.9") == a {
		t.Error("the key did not rotate after a day")
	}
}
