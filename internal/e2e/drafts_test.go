package e2e

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
	"forum/internal/web"
)

// draftAutosave is the tests' autosave interval: short, so that a test
// waits for the save itself rather than for 30 seconds.
const draftAutosave = 300 * time.Millisecond

// newDraftSite is newSite with the short autosave.
func newDraftSite(t *testing.T) site {
	t.Helper()
	st := storetest.Open(t, storetest.URL(t, store.SQLite), store.Options{})
	var logs syncBuffer
	srv, err := web.New(web.Options{Store: st, PublicRead: true, AutosaveEvery: draftAutosave,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return site{URL: ts.URL, st: st}
}

// jsWebStorage is everything the page has put into the browser's own
// storage for the site: localStorage and sessionStorage (keys and values),
// the names of IndexedDB databases, Cache Storage's caches, and the
// cookies a script can read.
const jsWebStorage = `(async () => {
	const dump = s => Array.from({length: s.length}, (_, i) => s.key(i) + "=" + s.getItem(s.key(i)));
	const dbs = indexedDB.databases ? (await indexedDB.databases()).map(d => "indexedDB:" + d.name) : [];
	const caches = window.caches ? (await window.caches.keys()).map(k => "cache:" + k) : [];
	return [].concat(dump(localStorage).map(x => "local:" + x), dump(sessionStorage).map(x => "session:" + x), dbs, caches,
		document.cookie ? ["cookie:" + document.cookie] : []);
})()`

// TestDraftAutosavesWithoutWebStorage: a member types a reply; with no
// button pressed, the form saves itself to the server and says so in its
// status line, a polite live region; typing more saves again. Nothing of
// it is in the browser's storage: localStorage, sessionStorage, IndexedDB,
// Cache Storage and the cookies a script reads hold nothing. The draft is
// listed in Your posts and continues in its form, filled in.
func TestDraftAutosavesWithoutWebStorage(t *testing.T) {
	browser := chromium(t)
	s := newDraftSite(t)
	ctx := context.Background()
	mod := s.account(t, "Harbour Moderator", forum.RoleModerator, "moderator passphrase one")
	writer := s.account(t, "Willow Ferry", forum.RolePractitioner, "kettle orbit meadow lantern")
	f := forumOf(t, s.st, "Safety from any trafficker or other abuser")
	topic, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID,
		Title: "Keeping an address out of case notes", Body: "How do you keep a safe address out of shared notes?"})
	if err != nil {
		t.Fatal(err)
	}
	p := newPerson(t, browser, "practitioner")
	signIn(p, s, "Willow Ferry", "kettle orbit meadow lantern")

	const first, more = "We keep the address in a sealed file", ", and only the caseworker opens it."
	p.run("type a reply and wait for its autosave",
		chromedp.Navigate(url(s, "/t/%d/reply", topic.TopicID)),
		chromedp.WaitVisible(chromedp.CSS("#body")),
		chromedp.SendKeys(chromedp.CSS("#body"), first),
	)
	waitStatus := func(what string) string {
		p.t.Helper()
		return get(p, what, chromedp.Poll[string](`(() => { const s = document.getElementById("draft-status");
			return s && s.textContent.startsWith("Draft saved at") ? s.textContent : false; })()`,
			chromedp.WithPollingTimeout(10*time.Second)))
	}
	if got := waitStatus("wait for the first autosave"); !strings.HasSuffix(got, ".") {
		t.Errorf("the status line says %q", got)
	}
	if role := get(p, "read the status line's role", chromedp.Evaluate[string](`document.getElementById("draft-status").getAttribute("role")`)); role != "status" {
		t.Errorf("the status line's role is %q, want status (a polite live region)", role)
	}
	drafts := func() []forum.Draft {
		ds, err := s.st.MyDrafts(ctx, writer.ID)
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	// The script saves while the keys are still being typed, and again
	// once they are all in: wait for the draft to hold them all.
	waitDraft := func(want string) {
		t.Helper()
		var ds []forum.Draft
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if ds = drafts(); len(ds) == 1 && ds[0].Body == want {
				return
			}
		}
		t.Fatalf("the member's drafts are %+v, want one holding %q", ds, want)
	}
	waitDraft(first)

	// Typing more saves the same draft again, with the new words.
	p.run("clear the status line and type more",
		chromedp.Evaluate[chromedp.Void](`document.getElementById("draft-status").textContent = ""`),
		chromedp.SendKeys(chromedp.CSS("#body"), more),
	)
	waitStatus("wait for the second autosave")
	waitDraft(first + more)

	if stored := get(p, "read the browser's storage", chromedp.Evaluate[[]string](jsWebStorage, chromedp.EvalAwaitPromise)); len(stored) != 0 {
		t.Errorf("the browser keeps something for the site: %q", stored)
	}

	p.run("find the draft in Your posts and continue it",
		chromedp.Navigate(s.URL+"/my/posts"),
		chromedp.WaitVisible(chromedp.CSS(".my-draft")),
		chromedp.Click(chromedp.CSS(".my-draft a.button")),
		chromedp.WaitVisible(chromedp.CSS("#body")),
	)
	if got := get(p, "read the form", chromedp.Evaluate[string](`document.getElementById("body").value`)); got != first+more {
		t.Errorf("the continued draft's form holds %q", got)
	}
	if stored := get(p, "read the browser's storage again", chromedp.Evaluate[[]string](jsWebStorage, chromedp.EvalAwaitPromise)); len(stored) != 0 {
		t.Errorf("after continuing, the browser keeps something for the site: %q", stored)
	}

	// Sent, the post is in the queue and the draft is gone.
	p.run("send the reply",
		chromedp.Click(chromedp.CSS(`button[value=send]`)),
		chromedp.WaitVisible(chromedp.CSS(".my-posts")),
	)
	if ds := drafts(); len(ds) != 0 {
		t.Errorf("after sending, the member's drafts are %+v", ds)
	}
	if got := p.text("#drafts + .hint + p"); got != "You have no drafts." {
		t.Errorf("Your posts says %q under Drafts", got)
	}
}
