package web

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestEveryFlashHasAMessage reads the handlers for each confirmation they
// set, so a new one cannot silently show nothing.
func TestEveryFlashHasAMessage(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`s\.flash\(c, "([a-z-]+)"\)|backToQueue\(c, "([a-z-]+)"\)`)
	found := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(b), -1) {
			key := m[1] + m[2]
			found++
			if flashes[key] == "" {
				t.Errorf("%s sets the flash %q, which has no message", f, key)
			}
		}
	}
	if found < 20 {
		t.Errorf("found only %d flash calls; the pattern no longer matches the code", found)
	}
}
