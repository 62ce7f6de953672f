package web_test

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"forum/internal/forum"
	"forum/internal/store"
)

// TestErasedWordsLeaveNoTraceInTheFiles: a member erases their account and
// deletes their posts. Whoever then holds the SQLite files (the database
// and its write-ahead log, read as they are, with no checkpoint of the
// test's own) finds none of the words of those posts: not in the posts
// table, not in the full-text index's old segments or its marks of what
// was deleted, not in pages freed by the erasure, not in the log. The words
// are first found there, so the scan is known to see the index.
func TestErasedWordsLeaveNoTraceInTheFiles(t *testing.T) {
	eachServed(t, stageOpts, func(t *testing.T, s served) {
		if s.st.Dialect() != store.SQLite {
			t.Skip("PostgreSQL keeps deleted rows until VACUUM: docs/THREAT-MODEL.md")
		}
		f := forumNamed(t, s.st, "Secure and suitable housing")
		mod := newParticipant(t, s, "Careful Moderator", forum.RoleModerator)
		leaver := newParticipant(t, s, "Leaving Wren", forum.RolePractitioner)
		stayer := newParticipant(t, s, "Staying Heron", forum.RolePractitioner)
		// Words the index holds as terms of their own: lower case, as the
		// tokenizer keeps them, and searched for by their tails, which the
		// index's prefix compression leaves whole.
		named, anonymous, title := oddWord(t), oddWord(t), oddWord(t)
		kept := oddWord(t)
		// Another topic, so that the erasure does not empty the index (FTS4
		// drops every segment of an index left with no document at all).
		_, otherOpening := stayer.newTopic(f, "Interpreters for first interviews", "Which services book interpreters?", false)
		mod.done(mod.approve(otherOpening), "The post is approved and published.")
		topicID, opening := leaver.newTopic(f, "Move-on rooms "+title, "The council offered "+named+" rooms.", false)
		mod.done(mod.approve(opening), "The post is approved and published.")
		answer := stayer.reply(topicID, opening, "Our service asks "+kept+" first.", false)
		mod.done(mod.approve(answer), "The post is approved and published.")
		reply := leaver.reply(topicID, answer, "Anonymously: the "+anonymous+" route worked for us.", true)
		mod.done(mod.approve(reply), "The post is approved and published.")
		for _, w := range []string{named, anonymous, kept} {
			if page := newBrowser(t, s).get("/search?q=" + w); !strings.Contains(page.body, "1 result") && !strings.Contains(page.body, w) {
				t.Fatalf("searching for %q finds nothing: the words are not in the index", w)
			}
		}
		gone := []string{named, anonymous, title}
		index := ftsSegments(t, s.st)
		for _, w := range append(gone, kept) {
			if !bytes.Contains(index, tail(w)) {
				t.Fatalf("%q is not in the full-text index's segments: the scan cannot see the index", w)
			}
		}
		// A note between moderators on the anonymous reply goes with it.
		noted := oddWord(t)
		notePath := fmt.Sprintf("/mod/posts/%d", reply)
		mod.done(mod.submit(notePath, notePath+"/notes", url.Values{"note": {"Checked the " + noted + " route."}}),
			"Your note is added. Only moderators and admins read it.")
		gone = append(gone, noted)
		files := sqliteFiles(t, s.st)
		for _, w := range append(gone, kept) {
			if !bytes.Contains(files, tail(w)) {
				t.Fatalf("%q is not in the files before the erasure: the scan reads the wrong place", w)
			}
		}

		a := leaver.submit("/account", "/account/erase", url.Values{"posts": {"delete"}, "erase-passphrase": {leaver.pass}})
		if a.status != http.StatusSeeOther {
			t.Fatalf("erasing: status %d, summary %v", a.status, errorSummary(a.body))
		}

		index = ftsSegments(t, s.st)
		for _, w := range gone {
			if bytes.Contains(index, tail(w)) {
				t.Errorf("the erased %q is still a term of the full-text index", w)
			}
		}
		files = sqliteFiles(t, s.st)
		if !bytes.Contains(files, tail(kept)) {
			t.Fatalf("another member's %q is gone from the files too: the scan reads the wrong place", kept)
		}
		for _, w := range gone {
			if i := bytes.Index(files, tail(w)); i >= 0 {
				t.Errorf("the erased %q is still in the SQLite files, at byte %d: %q", w, i, printable(files[max(0, i-40):min(len(files), i+40)]))
			}
		}
		if wal, err := os.Stat(strings.TrimPrefix(s.st.URL(), "sqlite:") + "-wal"); err == nil && wal.Size() != 0 {
			t.Errorf("the write-ahead log holds %d bytes after the erasure, want it emptied", wal.Size())
		}
		if page := newBrowser(t, s).get("/search?q=" + kept); !strings.Contains(page.body, kept) {
			t.Errorf("after the erasure, search no longer finds another member's %q", kept)
		}
	})
}

// ftsSegments is every segment of SQLite's full-text index, as bytes.
func ftsSegments(t *testing.T, st *store.Store) []byte {
	t.Helper()
	db := rawDB(t, st)
	var out []byte
	for _, q := range []string{"SELECT root FROM post_fts_segdir", "SELECT block FROM post_fts_segments"} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var b []byte
			if err := rows.Scan(&b); err != nil {
				t.Fatal(err)
			}
			out = append(out, b...)
		}
		rows.Close()
	}
	return out
}

// oddWord is a lower-case word no text holds by chance.
func oddWord(t *testing.T) string {
	t.Helper()
	const letters = "bcdfghjklmnpqrstvwxz"
	b := make([]byte, 14)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return "qx" + string(b)
}

// tail is the last ten letters of w.
func tail(w string) []byte { return []byte(w[len(w)-10:]) }

// sqliteFiles is the database file and its write-ahead log, as they are.
func sqliteFiles(t *testing.T, st *store.Store) []byte {
	t.Helper()
	path := strings.TrimPrefix(st.URL(), "sqlite:")
	main, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wal, _ := os.ReadFile(path + "-wal")
	return append(main, wal...)
}

func printable(b []byte) string {
	return strings.Map(func(r rune) rune {
		if r < 32 || r > 126 {
			return '.'
		}
		return r
	}, string(b))
}
