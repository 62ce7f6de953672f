package forum

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestThePersonalDataCheckIsCalledFromOnePlace reads the whole module's
// source: outside internal/pii itself and tests, only personaldata.go calls
// the check, so that what is checked, and how, is decided in one file.
func TestThePersonalDataCheckIsCalledFromOnePlace(t *testing.T) {
	root := filepath.Join("..", "..")
	read := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "pii", "node_modules", "tmp", ".git":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		read++
		if strings.Contains(string(src), "pii.Check(") && filepath.ToSlash(path) != "../../internal/forum/personaldata.go" {
			t.Errorf("%s calls the personal-data check itself; call forum.PersonalData", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if read < 50 {
		t.Fatalf("read only %d files: the test is looking in the wrong place", read)
	}
}
