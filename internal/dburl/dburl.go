// Package dburl reads the database URL the forum is given ("sqlite:PATH" or
// "postgres://…"). It imports nothing but the standard library, so the
// settings (internal/config) can check the URL at start without pulling in
// the store, and the store opens what the same function accepted.
package dburl

import (
	"fmt"
	"net/url"
	"strings"
)

// Dialect names a kind of database.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Parse checks a database URL and says which dialect it selects and what to
// open (SQLite's file path, or the PostgreSQL URL as given), so a bad
// setting is reported before anything is opened.
func Parse(rawURL string) (Dialect, string, error) {
	switch {
	case strings.HasPrefix(rawURL, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "//")
		if path == "" {
			return "", "", fmt.Errorf("sqlite URL needs a file path, as in sqlite:forum.db")
		}
		if strings.ContainsAny(path, "?#") {
			return "", "", fmt.Errorf("sqlite file path may not contain ? or #")
		}
		return SQLite, path, nil
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		u, err := url.Parse(rawURL)
		if err != nil || u.Host == "" {
			return "", "", fmt.Errorf("not a valid PostgreSQL URL")
		}
		return Postgres, rawURL, nil
	}
	scheme, _, found := strings.Cut(rawURL, ":")
	if !found || scheme == "" {
		return "", "", fmt.Errorf("must start with sqlite: or postgres://")
	}
	return "", "", fmt.Errorf("unknown database scheme %q: use sqlite: or postgres://", scheme)
}
