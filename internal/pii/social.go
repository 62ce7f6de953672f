package pii

import (
	"strings"
)

// socialWords must be near an "@name" before it is taken for a handle:
// the platforms' names and the ways people say someone uses one. Without
// them "@" is shorthand ("meet @ 3") or an organisation ("@HomeOffice").
var socialWords = []string{
	"instagram", "insta", "ig", "tiktok", "tik tok", "facebook", "fb",
	"twitter", "snapchat", "snap", "telegram", "whatsapp", "onlyfans",
	"youtube", "linkedin", "discord", "reddit", "vk", "kik", "wechat",
	"viber", "bluesky", "tinder", "badoo", "grindr", "social media",
	"posts as", "posting as", "posted as", "goes by", "handle", "username",
	"user name", "profile", "account", "followers", "follows", "dm", "dms",
	"dm'd", "messaged her on", "messaged him on",
}

// handleTrigger says what may follow a word that introduces a handle.
type handleTrigger int

const (
	// afterPlatform: a platform's name ("her Instagram is ..."); the
	// token must look like a handle, with a digit, an underscore or a dot
	// inside, since "her Instagram is private" is not one.
	afterPlatform handleTrigger = iota + 1
	// afterName: a phrase that says a name follows ("posts as Daisy",
	// "goes by Bossman"), so a capitalised word is enough.
	afterName
	// afterLabel: "handle" or "username", which are verbs and ordinary
	// nouns too ("how do you handle Christmas?"): a capitalised word
	// counts only after a colon or a filler ("handle: Daisy", "username
	// is Daisy").
	afterLabel
)

// handleTriggerAt reports whether the word l[i:e] (lower case) is one after
// which a handle written without "@" is looked for ("her Instagram is
// lily.rose_99", "username: dan_k88", "posts as Daisy"), which kind, and
// where the trigger ends.
func handleTriggerAt(l string, i, e int) (int, handleTrigger) {
	switch l[i:e] {
	case "instagram", "insta", "ig", "tiktok", "snapchat", "snap", "telegram",
		"facebook", "fb", "twitter", "onlyfans", "kik", "discord", "reddit",
		"vk", "wechat", "viber", "bluesky", "youtube", "linkedin":
		return e, afterPlatform
	case "handle", "username":
		return e, afterLabel
	case "posts", "posting", "posted":
		if end, ok := phraseAt(l, e, " as"); ok {
			return end, afterName
		}
	case "goes":
		if end, ok := phraseAt(l, e, " by"); ok {
			return end, afterName
		}
	}
	return 0, 0
}

// handleFillers may come between a trigger and the handle.
var handleFillers = map[string]bool{
	"is": true, "was": true, "name": true, "handle": true, "username": true,
	"account": true, "called": true, "as": true, "by": true, "under": true,
	"id": true, "page": true, "her": true, "his": true, "their": true,
	"the": true, "on": true, "user": true, "profile": true,
}

// notHandles are words a strong trigger is often followed by that are not
// a name ("posts as Anonymous", "username is Unknown").
var notHandles = map[string]bool{
	"anonymous": true, "unknown": true, "someone": true, "somebody": true,
	"different": true, "another": true, "both": true, "private": true,
	"public": true, "deleted": true, "new": true,
}

// handles finds "@name" handles near a platform's name or a phrase such as
// "posts as". The "@" must start a word (so e-mail addresses are left to
// emails) and be followed by two to thirty letters, digits, underscores
// or dots, with a letter among them ("@lily.rose_99"). Organisations'
// handles in publicHandles are never flagged.
func (s *scanner) handles() {
	t := s.text
	for off := 0; off < len(t); {
		j := strings.IndexByte(t[off:], '@')
		if j < 0 {
			return
		}
		at := off + j
		off = at + 1
		if at > 0 && (isLocalByte(t[at-1]) || t[at-1] == '@') {
			continue
		}
		e, ok := handleEnd(t, at+1)
		if !ok || publicHandles[s.lower[at+1:e]] {
			continue
		}
		if s.nearAny(at, e, 60, 60, socialWords) {
			s.add(SocialHandle, at, e)
			off = e
		}
	}
}

// handleEnd returns the end of a handle starting at t[p]: letters, digits,
// underscores and inner dots, two to thirty of them with at least one
// letter, ending at a word boundary and not running into a domain.
func handleEnd(t string, p int) (int, bool) {
	e := p
	letters := 0
	for e < len(t) && e-p <= 30 {
		c := t[e]
		if isAlpha(c) {
			letters++
		} else if !isDigit(c) && c != '_' && !(c == '.' && e > p && e+1 < len(t) && (isAlnum(t[e+1]) || t[e+1] == '_')) {
			break
		}
		e++
	}
	n := e - p
	if n < 2 || n > 30 || letters == 0 || wordAt(t, e) {
		return 0, false
	}
	if e < len(t) && (t[e] == '@' || t[e] == '/') {
		return 0, false
	}
	return e, true
}

// handleAfter looks for a handle written without "@" after a trigger word
// t[i:e] ("Instagram", "username", "posts as", "goes by"): within four
// words in the same sentence, past the fillers above.
func (s *scanner) handleAfter(i, e int) {
	t, l := s.text, s.lower
	e, trigger := handleTriggerAt(l, i, e)
	if trigger == 0 {
		return
	}
	named := trigger == afterName
	p := e
	limit := min(len(t), e+40)
	for words := 0; words < 4 && p < limit; words++ {
		for p < len(t) && (t[p] == ' ' || t[p] == ':' || t[p] == '-' || t[p] == '(' || t[p] == '"' || t[p] == '\'') {
			if t[p] == ':' {
				named = true
			}
			p++
		}
		if p >= len(t) || t[p] == '@' || !isAlnum(t[p]) {
			return
		}
		q, ok := handleEnd(t, p)
		if !ok {
			return
		}
		tok := t[p:q]
		if handleFillers[l[p:q]] {
			p, named = q, true
			continue
		}
		if handleShaped(tok) || (trigger != afterPlatform && named && isUpper(tok[0]) && !notHandles[l[p:q]] && !nameStop[tok]) {
			s.add(SocialHandle, p, q)
		}
		return
	}
}

// handleShaped reports whether tok looks like a handle rather than a word
// or a number: it starts with a letter or an underscore, has at least two
// letters, and has a digit, an underscore or a dot inside ("lily.rose_99",
// but not "10k" or "2.5k").
func handleShaped(tok string) bool {
	if len(tok) < 3 || !(isAlpha(tok[0]) || tok[0] == '_') {
		return false
	}
	letters := 0
	for i := 0; i < len(tok); i++ {
		if isAlpha(tok[i]) {
			letters++
		}
	}
	return letters >= 2 && strings.ContainsAny(tok, "0123456789_.")
}

// profileSites are the addresses of platforms' profile pages, lower case,
// with what comes between the domain and the name.
var profileSites = []string{
	"instagram.com/", "facebook.com/", "fb.com/", "tiktok.com/@",
	"twitter.com/", "x.com/", "snapchat.com/add/", "t.me/",
	"linkedin.com/in/", "youtube.com/@", "onlyfans.com/", "vk.com/",
}

// notProfiles are paths on those sites that are not a person's profile.
var notProfiles = map[string]bool{
	"groups": true, "pages": true, "help": true, "watch": true,
	"login": true, "share": true, "sharer": true, "events": true,
	"explore": true, "reel": true, "reels": true, "p": true, "hashtag": true,
	"search": true, "home": true, "about": true, "policies": true,
	"privacy": true, "settings": true, "legal": true, "tag": true,
	"marketplace": true, "stories": true, "i": true, "intent": true,
}

// profileLinkAt looks for a link to a profile page at the word t[i:e]
// ("instagram.com/lily.rose99", "https://www.tiktok.com/@lily"), and
// reports the whole link with any "https://www." before it.
func (s *scanner) profileLinkAt(i, e int) {
	t, l := s.text, s.lower
	if e >= len(t) || t[e] != '.' {
		return
	}
	switch l[i:e] {
	case "instagram", "facebook", "fb", "tiktok", "twitter", "x", "snapchat", "t", "linkedin", "youtube", "onlyfans", "vk":
	default:
		return
	}
	for _, site := range profileSites {
		if !strings.HasPrefix(l[i:], site) {
			continue
		}
		p := i + len(site)
		q := p
		for q < len(t) && (isAlnum(t[q]) || t[q] == '_' || t[q] == '-' || (t[q] == '.' && q+1 < len(t) && isAlnum(t[q+1]))) {
			q++
		}
		if q-p < 2 || wordAt(t, q) {
			return
		}
		name := l[p:q]
		if notProfiles[name] {
			return
		}
		if name == "profile.php" {
			if !strings.HasPrefix(l[q:], "?id=") {
				return
			}
			q += len("?id=") + digitsAt(l, q+len("?id="), 20)
		}
		start := i
		for _, pre := range []string{"www.", "m.", "mobile."} {
			if strings.HasSuffix(l[:start], pre) {
				start -= len(pre)
				break
			}
		}
		for _, pre := range []string{"https://", "http://"} {
			if strings.HasSuffix(l[:start], pre) {
				start -= len(pre)
				break
			}
		}
		s.add(SocialHandle, start, q)
		return
	}
}
