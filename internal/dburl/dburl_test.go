package dburl

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		raw     string
		dialect Dialect
		target  string
		err     string
	}{
		{raw: "sqlite:forum.db", dialect: SQLite, target: "forum.db"},
		{raw: "sqlite:///var/lib/forum.db", dialect: SQLite, target: "/var/lib/forum.db"},
		{raw: "postgres://u@db:5432/forum?sslmode=require", dialect: Postgres, target: "postgres://u@db:5432/forum?sslmode=require"},
		{raw: "postgresql://db/forum", dialect: Postgres, target: "postgresql://db/forum"},
		{raw: "sqlite:", err: "needs a file path"},
		{raw: "sqlite:forum.db?mode=ro", err: "may not contain ? or #"},
		{raw: "postgres:///forum", err: "not a valid PostgreSQL URL"},
		{raw: "forum.db", err: "must start with sqlite: or postgres://"},
		{raw: "mysql://db/forum", err: `unknown database scheme "mysql"`},
	} {
		d, target, err := Parse(c.raw)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("Parse(%q) = %v, want an error saying %q", c.raw, err, c.err)
			}
			continue
		}
		if err != nil || d != c.dialect || target != c.target {
			t.Errorf("Parse(%q) = %q, %q, %v; want %q, %q", c.raw, d, target, err, c.dialect, c.target)
		}
	}
}
