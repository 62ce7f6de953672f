// Package e2e holds the tests that only a real browser can do: people
// signing up, posting, moderating with the keyboard and reading, in
// Chromium driven by chromedp against the real server. They run when
// FORUM_TEST_CHROMIUM names a Chromium binary and say so when they skip.
package e2e
