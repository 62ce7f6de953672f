package store

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestOnlyAuthorsGoFollowsAPostToItsAuthor reads the store's own source:
// outside authors.go, no query joins an account to a post's or topic's
// author, and author_id appears only where a query asks for the member's
// own rows (author_id = ?), or where a new post is written. A query that
// shows an author must use bylineJoin, which never joins the account of an
// anonymous post, so a new query cannot show one by mistake.
func TestOnlyAuthorsGoFollowsAPostToItsAuthor(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	joinsAuthor := regexp.MustCompile(`(?i)\baccounts\s+(AS\s+)?\w+\s+ON\b[^"` + "`" + `]*author_id`)
	allowed := []*regexp.Regexp{
		regexp.MustCompile(`\b(\w+\.)?author_id\s*(=|<>)\s*\?`), // the member's own rows
		regexp.MustCompile(`\b(\w+\.)?author_id IS NULL`),       // "anyone else", in erasure
		regexp.MustCompile(`INSERT INTO (posts|topics|announcements) \([^)]*`),
	}
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "authors.go" {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for i, line := range strings.Split(string(src), "\n") {
			if joinsAuthor.MatchString(line) {
				t.Errorf("%s:%d joins an account to an author outside authors.go: %s", name, i+1, strings.TrimSpace(line))
				continue
			}
			rest := line
			for _, re := range allowed {
				rest = re.ReplaceAllString(rest, "")
			}
			if strings.Contains(rest, "author_id") {
				t.Errorf("%s:%d uses author_id outside authors.go other than for the member's own rows: %s", name, i+1, strings.TrimSpace(line))
			}
		}
	}
	if checked < 20 {
		t.Fatalf("read only %d files: the test is looking in the wrong place", checked)
	}
}
