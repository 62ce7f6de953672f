package web_test

import (
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

// Tests of finding things: search, feeds and the weekly digest.

func TestSearchPageFindsApprovedPostsOnly(t *testing.T) {
	eachSite(t, func(t *testing.T, s site) {
		mod := account(t, s.st, "Finder Moderator", forum.RoleModerator)
		member := account(t, s.st, "Finder Member", forum.RolePractitioner)
		f := forumNamed(t, s.st, "Access to medical treatment")
		if _, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "Dental treatment routes",
			Body: "Emergency dental care is free for people with an HC2 certificate."}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: member.ID, Title: "Pending dental question",
			Body: "Zebrafishword dental pending"}); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			query, want, absent string
			status              int
		}{
			{"dental", "Dental treatment routes", "Pending dental question", http.StatusOK},
			{`"HC2 certificate"`, "<mark>HC2</mark>", "Zebrafishword", http.StatusOK},
			{"zebrafishword", "Nothing found", "Pending dental question", http.StatusOK},
			{`dental -emergency`, "Nothing found", "Dental treatment routes", http.StatusOK},
			{`"); DROP TABLE posts; --`, "Search", "Something went wrong", http.StatusOK},
			{"the of and", "too common to search for", "Dental treatment routes", http.StatusUnprocessableEntity},
			{strings.Repeat("long ", 50), "too long", "", http.StatusUnprocessableEntity},
			{"\u202e\u0000 ％ 💥 (((", "Enter a word or phrase", "", http.StatusUnprocessableEntity},
		}
		for _, c := range cases {
			r := s.get(t, "/search?q="+url.QueryEscape(c.query))
			if r.status != c.status {
				t.Errorf("search %q: status %d, want %d", c.query, r.status, c.status)
			}
			if !strings.Contains(r.body, c.want) {
				t.Errorf("search %q: page lacks %q", c.query, c.want)
			}
			if c.absent != "" && strings.Contains(r.body, c.absent) {
				t.Errorf("search %q: page shows %q", c.query, c.absent)
			}
		}
		if r := s.get(t, "/search?q=dental&group=99999"); !strings.Contains(r.body, "There is no such group") || r.status != http.StatusUnprocessableEntity {
			t.Errorf("unknown group filter: status %d", r.status)
		}
		other := forumNamed(t, s.st, "Access to education")
		if r := s.get(t, fmt.Sprintf("/search?q=dental&forum=%d", other.ID)); !strings.Contains(r.body, "Nothing found") {
			t.Error("the forum filter does not narrow the search")
		}
	})
}

// TestSearchSaysWhyItCannotSearch: a search of nothing but common or
// one-letter words is not made; the page says why, in the error summary
// linked to the box and beside the box, which keeps the words as typed.
func TestSearchSaysWhyItCannotSearch(t *testing.T) {
	eachSite(t, func(t *testing.T, s site) {
		for _, c := range []struct{ query, why string }{
			{"a", "“a” is too common to search for on its own. Add a more specific word."},
			{"The OF the", "“the” and “of” are too common to search for on their own. Add a more specific word."},
			{"x", "“x” is too short to search for. Use a word of two or more letters or digits."},
			{"a 7 -housing", "“7” is too short to search for. Use a word of two or more letters or digits."},
			{`"b"`, "“b” is too short to search for. Use a word of two or more letters or digits."},
		} {
			r := s.get(t, "/search?q="+url.QueryEscape(c.query))
			if r.status != http.StatusUnprocessableEntity {
				t.Errorf("search %q: status %d, want 422", c.query, r.status)
			}
			if got := errorSummary(r.body); len(got) != 1 || got[0] != (summaryItem{"q", c.why}) {
				t.Errorf("search %q: error summary %+v, want %q linked to the box", c.query, got, c.why)
			}
			if !strings.Contains(r.body, `<p class="error-message" id="q-error"><span class="visually-hidden">Error:</span> `+html.EscapeString(c.why)+`</p>`) {
				t.Errorf("search %q: no message beside the box", c.query)
			}
			if v, ok := inputValue(r.body, "q"); !ok || v != c.query {
				t.Errorf("search %q: the box holds %q, want the words as typed", c.query, v)
			}
		}
	})
}

type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Author struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Content string `xml:"content"`
	} `xml:"entry"`
}

func TestFeedsAreAtomWithApprovedContentOnly(t *testing.T) {
	eachSite(t, func(t *testing.T, s site) {
		mod := account(t, s.st, "Feed Moderator", forum.RoleModerator)
		member := account(t, s.st, "Feed Member", forum.RolePractitioner)
		f := forumNamed(t, s.st, "Access to education")
		if _, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "ESOL classes", Body: "Entry-level ESOL."}); err != nil {
			t.Fatal(err)
		}
		anon, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: member.ID, Title: "College fees", Body: "Fee waivers.", Anonymous: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.st.Approve(ctx, mod, anon.PostID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: member.ID, Title: "Pendingfeedword", Body: "Still waiting."}); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/feeds/latest.atom", fmt.Sprintf("/feeds/groups/%d.atom", f.GroupID), fmt.Sprintf("/feeds/forums/%d.atom", f.ID)} {
			r := s.get(t, path)
			if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "application/atom+xml") {
				t.Fatalf("GET %s: %d %s", path, r.status, r.header.Get("Content-Type"))
			}
			var doc atomDoc
			if err := xml.Unmarshal([]byte(r.body), &doc); err != nil {
				t.Fatalf("GET %s does not parse as Atom: %v", path, err)
			}
			if doc.ID == "" || doc.Title == "" || doc.Updated == "" || len(doc.Links) == 0 || len(doc.Entries) != 2 {
				t.Errorf("GET %s: feed lacks id/title/updated/link or has %d entries, want 2", path, len(doc.Entries))
			}
			for _, e := range doc.Entries {
				if e.ID == "" || e.Title == "" || e.Updated == "" || !strings.HasPrefix(e.Link.Href, "http") {
					t.Errorf("GET %s: entry %q lacks id, updated or an absolute link", path, e.Title)
				}
				ts, err := time.Parse(time.RFC3339, e.Updated)
				if err != nil || ts.Hour() != 0 || ts.Minute() != 0 {
					t.Errorf("GET %s: entry time %q is not coarse (a day at midnight)", path, e.Updated)
				}
			}
			if strings.Contains(r.body, "Pendingfeedword") || strings.Contains(r.body, "Feed Member") {
				t.Errorf("GET %s holds pending content or an anonymous author's pseudonym", path)
			}
			if !strings.Contains(r.body, forum.AnonymousName) {
				t.Errorf("GET %s does not show the anonymous topic as by %q", path, forum.AnonymousName)
			}
		}
		for _, bad := range []string{"/feeds/groups/abc.atom", "/feeds/groups/9999.atom", "/feeds/forums/1.rss"} {
			if r := s.get(t, bad); r.status != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", bad, r.status)
			}
		}
	})
}

func TestDigestWeeks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		// The clock stands in the first days of 2027, so weeks at the turn
		// of the year are in the past.
		clock := time.Date(2027, 1, 6, 12, 0, 0, 0, time.UTC)
		st := storetest.Open(t, dbURL, store.Options{Now: func() time.Time { return clock }})
		s := newSite(t, st)
		mod := account(t, st, "Digest Moderator", forum.RoleModerator)
		f := forumNamed(t, st, "Access to education")
		for _, day := range []time.Time{
			time.Date(2026, 12, 31, 10, 0, 0, 0, time.UTC), // Thursday of 2026-W53
			time.Date(2027, 1, 4, 10, 0, 0, 0, time.UTC),   // Monday of 2027-W01
		} {
			at := day
			st2 := storetest.Open(t, dbURL, store.Options{Now: func() time.Time { return at }})
			if _, err := st2.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: "Topic of " + day.Format("2 January 2006"), Body: "x."}); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			path, want, absent string
			status             int
		}{
			{"/digest/2026-W53", "Topic of 31 December 2026", "Topic of 4 January 2027", 200},
			{"/digest/2027-W01", "Topic of 4 January 2027", "Topic of 31 December 2026", 200},
			{"/digest", "Topic of 4 January 2027", "Topic of 31 December 2026", 200},
			{"/digest/2025-W53", "", "", 404}, // 2025 has 52 ISO weeks
			{"/digest/2027-W02", "", "", 404}, // not yet
			{"/digest/2026-48", "", "", 404},
			{"/digest/2026-W99", "", "", 404},
			{"/digest/abcd-W01", "", "", 404},
		}
		for _, c := range cases {
			r := s.get(t, c.path)
			if r.status != c.status {
				t.Errorf("GET %s: %d, want %d", c.path, r.status, c.status)
				continue
			}
			if c.want != "" && !strings.Contains(r.body, c.want) {
				t.Errorf("GET %s lacks %q", c.path, c.want)
			}
			if c.absent != "" && strings.Contains(r.body, c.absent) {
				t.Errorf("GET %s shows %q from another week", c.path, c.absent)
			}
		}
	})
}

func TestHomeShowsFeaturedAndLiveExpertForums(t *testing.T) {
	eachSite(t, func(t *testing.T, s site) {
		admin := account(t, s.st, "Home Admin", forum.RoleAdmin)
		groups, err := s.st.Groups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		now := s.st.Now()
		opened, closes := now.Add(-time.Hour), now.Add(24*time.Hour)
		later := now.Add(72 * time.Hour)
		if _, err := s.st.CreateForum(ctx, admin, forum.ForumEdit{GroupID: groups[2].ID, Name: "Live safety forum", Kind: forum.KindExpert,
			Anonymity: forum.AnonAllowed, OpensAt: &opened, ClosesAt: &closes}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.st.CreateForum(ctx, admin, forum.ForumEdit{GroupID: groups[6].ID, Name: "Coming health forum", Kind: forum.KindExpert,
			Anonymity: forum.AnonAllowed, OpensAt: &later}); err != nil {
			t.Fatal(err)
		}
		set, _ := s.st.Settings(ctx)
		set.FeaturedGroupID, set.FeaturedText = groups[4].ID, "This week we look at trauma-informed supervision."
		if err := s.st.SaveSettings(ctx, set); err != nil {
			t.Fatal(err)
		}
		home := newSite(t, s.st).get(t, "/") // a fresh server: no cached settings
		for _, want := range []string{"This week’s featured outcome", groups[4].Name, "trauma-informed supervision",
			"Live safety forum", "Live now", "Coming health forum", "Coming up"} {
			if !strings.Contains(home.body, want) {
				t.Errorf("home page lacks %q", want)
			}
		}
	})
}
