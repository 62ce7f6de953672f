package store_test

import (
	"database/sql"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", to write rows as an older version did

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

// TestLookAlikePseudonymsAreRefused: a pseudonym that looks like a taken
// one, in another script, case or width, is refused with a message that
// says so and names nobody; one that only differs in case is "taken".
func TestLookAlikePseudonymsAreRefused(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		mustAccount(t, s, "Helen Wood", forum.RolePractitioner)
		cases := []struct{ pseudonym, want string }{
			{"helen  WOOD", "That pseudonym is taken: choose another"},
			{"ＨｅｌｅｎＷｏｏｄ", "That pseudonym is taken: choose another"},
			{"Нelen Wood", "That pseudonym looks too like one that is taken: choose another"}, // Cyrillic Н
			{"HeIen Wood", "That pseudonym looks too like one that is taken: choose another"}, // capital I
			{"Helen W00d", "That pseudonym looks too like one that is taken: choose another"},
			{"Helen Woods", ""},
		}
		for _, c := range cases {
			_, err := s.CreateAccount(ctx, c.pseudonym, forum.RolePractitioner, "hash")
			if got := forum.FieldErrorsOf(err).For("pseudonym"); got != c.want {
				t.Errorf("CreateAccount(%q): %q (%v), want %q", c.pseudonym, got, err, c.want)
			}
		}
	})
}

// TestMigratingFillsOldAccountsSkeletons: accounts written before
// migration 00012 (no skeleton, the key of the time) get their skeleton and
// today's key when the store migrates. Of two old look-alikes the older
// keeps the look; the younger can still sign in; nobody new can take it.
func TestMigratingFillsOldAccountsSkeletons(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		s := storetest.Open(t, dbURL, store.Options{})
		db := rawDB(t, dbURL)
		old := []struct{ pseudonym, key string }{ // as the older version stored them
			{"Helen Wood", "helenwood"},
			{"Нelen Wood", "нelenwood"},
			{"ＱｕｉｅｔＨｅｒｏｎ", "ｑｕｉｅｔｈｅｒｏｎ"},
			{"ＢｒｉｓｋＯｔｔｅｒ", "ｂｒｉｓｋｏｔｔｅｒ"},
			{"BriskOtter", "briskotter"},
		}
		for _, o := range old {
			if _, err := db.Exec("INSERT INTO accounts (pseudonym, pseudonym_key, passphrase_hash, role, created_at) VALUES ($1, $2, 'hash', 'practitioner', CURRENT_TIMESTAMP)", o.pseudonym, o.key); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{ // pseudonym → key, skeleton after migrating
			"Helen Wood": "helenwood " + forum.PseudonymSkeleton("Helen Wood"),
			"Нelen Wood": "нelenwood NULL",
			"ＱｕｉｅｔＨｅｒｏｎ": "quietheron " + forum.PseudonymSkeleton("QuietHeron"),
			"ＢｒｉｓｋＯｔｔｅｒ": "ｂｒｉｓｋｏｔｔｅｒ NULL",
			"BriskOtter": "briskotter " + forum.PseudonymSkeleton("BriskOtter"),
		}
		rows, err := db.Query("SELECT pseudonym, pseudonym_key, COALESCE(pseudonym_skeleton, 'NULL') FROM accounts")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var p, k, sk string
			if err := rows.Scan(&p, &k, &sk); err != nil {
				t.Fatal(err)
			}
			if got := k + " " + sk; got != want[p] {
				t.Errorf("%q after migrating: key and skeleton %q, want %q", p, got, want[p])
			}
		}
		for typed, owner := range map[string]string{"ＱｕｉｅｔＨｅｒｏｎ": "ＱｕｉｅｔＨｅｒｏｎ", "quiet heron": "ＱｕｉｅｔＨｅｒｏｎ", "Нelen Wood": "Нelen Wood", "Helen Wood": "Helen Wood"} {
			if a, _, err := s.Credentials(ctx, typed); err != nil || a.Pseudonym != owner {
				t.Errorf("signing in as %q finds %q (%v), want %q", typed, a.Pseudonym, err, owner)
			}
		}
		if _, err := s.CreateAccount(ctx, "Hеlen Wood", forum.RolePractitioner, "hash"); !strings.Contains(forum.ErrorMessage(err)+forum.FieldErrorsOf(err).For("pseudonym"), "looks too like") {
			t.Errorf("a new look-alike of an old account: %v, want it refused", err)
		}
	})
}

// rawDB opens dbURL with database/sql, beside the store, to write what an
// older version of the store would have written.
func rawDB(t *testing.T, dbURL string) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", dbURL
	if path, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		driver, dsn = "sqlite3", "file:"+path+"?_busy_timeout=10000"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
