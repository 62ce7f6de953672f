package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"forum/internal/forum"
)

// TestExitThisPage leaves the forum the three ways a person can: the
// button, Shift pressed three times, and the first skip link. Each time the
// browser ends on the neutral site and Back does not return to the forum.
func TestExitThisPage(t *testing.T) {
	browser := chromium(t, "ignore-certificate-errors")
	s := newSite(t)
	neutral := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("<!DOCTYPE html><title>Weather</title><h1>Weather</h1>"))
	}))
	t.Cleanup(neutral.Close)
	if err := s.st.SaveSettings(context.Background(), forum.Settings{ExitURL: neutral.URL + "/weather", TimeCoarseness: "date"}); err != nil {
		t.Fatal(err)
	}
	ways := []struct {
		name string
		exit chromedp.Action[chromedp.Void]
	}{
		{"button", chromedp.Click(chromedp.CSS(".exit-page"))},
		{"shift three times", chromedp.Steps(chromedp.KeyEvent(kb.Shift), chromedp.KeyEvent(kb.Shift), chromedp.KeyEvent(kb.Shift))},
		{"skip link", chromedp.Steps(chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter))},
	}
	for _, path := range []string{"/", "/privacy", "/t/999999"} {
		for _, way := range ways {
			t.Run(strings.ReplaceAll(path, "/", "_")+" "+way.name, func(t *testing.T) {
				p := newPerson(t, browser, "reader")
				p.run("open a forum page", chromedp.Navigate(s.URL+path), chromedp.WaitVisible(chromedp.CSS("h1")))
				p.run("exit", way.exit, chromedp.WaitVisible(chromedp.CSS("h1")))
				if got := get(p, "where", chromedp.Location()); got != neutral.URL+"/weather" {
					t.Fatalf("after exiting by %s the browser is at %q, want the neutral site", way.name, got)
				}
				p.run("go back", chromedp.NavigateBack())
				if got := get(p, "where after Back", chromedp.Location()); strings.HasPrefix(got, s.URL) {
					t.Errorf("Back returned to the forum (%s): the exit did not replace the page in history", got)
				}
			})
		}
	}
}
