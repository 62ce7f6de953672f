// Package auth holds the forum's rules for passphrases and sign-in.
package auth

import (
	"github.com/alexedwards/argon2id"
)

// hashParams follow OWASP's Argon2id guidance (19 MiB, two passes, one
// lane): strong against offline guessing, yet light enough that a burst of
// sign-ins cannot push the server out of memory.
var hashParams = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// HashPassphrase returns an encoded Argon2id hash with its own random salt.
func HashPassphrase(passphrase string) (string, error) {
	return argon2id.CreateHash(passphrase, hashParams)
}

// CheckPassphrase reports whether passphrase matches the encoded hash.
func CheckPassphrase(passphrase, hash string) bool {
	ok, err := argon2id.ComparePasswordAndHash(passphrase, hash)
	return err == nil && ok
}
