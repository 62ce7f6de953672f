package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"forum/internal/forum"
	"forum/internal/store"
	"forum/internal/store/storetest"
)

func TestSearchFindsApprovedContentOnly(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		mod := mustAccount(t, s, "Search Moderator", forum.RoleModerator)
		member := mustAccount(t, s, "Search Member", forum.RolePractitioner)
		f := firstForum(t, s)
		topic := func(author forum.Account, title, body string) store.Created {
			t.Helper()
			c, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: author.ID, Title: title, Body: body})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		a := topic(mod, "Move-on accommodation from safe houses", "The council housing team offered a flat far from the café where she worked.")
		b := topic(mod, "GP registration without proof of address", "Practices must register people without an address; cite the NHS guidance.")
		topic(mod, "Housing and benefits", "Universal Credit housing element and move-on timelines.")
		pending := topic(member, "Pending housing question", "Zanzibarword housing pending")
		if _, err := s.CreateReply(ctx, forum.NewReply{TopicID: b.TopicID, AuthorID: member.ID, Body: "Quokkaword reply still waiting"}); err != nil {
			t.Fatal(err)
		}
		find := func(raw string) []string {
			t.Helper()
			q, msg := forum.ParseQuery(raw)
			if msg != "" {
				t.Fatalf("ParseQuery(%q): %s", raw, msg)
			}
			page, err := s.Search(ctx, q, store.SearchFilter{}, 1)
			if err != nil {
				t.Fatalf("Search(%q): %v", raw, err)
			}
			var titles []string
			for _, r := range page.Results {
				titles = append(titles, r.TopicTitle)
			}
			return titles
		}
		cases := []struct {
			query string
			want  []string
		}{
			{"housing", []string{"Move-on accommodation from safe houses", "Housing and benefits"}},
			{"HOUSING team", []string{"Move-on accommodation from safe houses"}},
			{`"proof of address"`, []string{"GP registration without proof of address"}},
			{"housing -council", []string{"Housing and benefits"}},
			{"cafe", []string{"Move-on accommodation from safe houses"}},
			{"zanzibarword", nil},
			{"quokkaword", nil},
			{`"unclosed (bracket* OR NEAR/3 NOT`, nil},
		}
		for _, c := range cases {
			got := find(c.query)
			if strings.Join(sorted(got), "|") != strings.Join(sorted(c.want), "|") {
				t.Errorf("search %q = %q, want %q", c.query, got, c.want)
			}
		}
		page, err := s.Search(ctx, mustQuery(t, "housing"), store.SearchFilter{}, 1)
		if err != nil || len(page.Results) == 0 || !strings.Contains(page.Results[0].Snippet, store.MarkStart) {
			t.Errorf("no highlighted snippet: %+v, %v", page, err)
		}
		// Approving makes it findable; hiding takes it out again, at once.
		if err := s.Approve(ctx, mod, pending.PostID); err != nil {
			t.Fatal(err)
		}
		if got := find("zanzibarword"); len(got) != 1 {
			t.Errorf("approved post not found: %q", got)
		}
		if err := s.Hide(ctx, mod, pending.PostID, "test"); err != nil {
			t.Fatal(err)
		}
		if got := find("zanzibarword"); len(got) != 0 {
			t.Errorf("hidden post still found: %q", got)
		}
		if err := s.EraseAccount(ctx, mod.ID, true); err != nil {
			t.Fatal(err)
		}
		if got := find("cafe"); len(got) != 0 {
			t.Errorf("erased post still found: %q", got)
		}
		_ = a
	})
}

func TestParseQueryMessages(t *testing.T) {
	for raw, want := range map[string]string{
		"":                         "Enter a word or phrase to search for.",
		"the and of":               "“the”, “and” and “of” are too common to search for on their own. Add a more specific word.",
		"a":                        "“a” is too common to search for on its own. Add a more specific word.",
		"A a the":                  "“a” and “the” are too common to search for on their own. Add a more specific word.",
		"the of and to in":         "Those words are too common to search for on their own. Add a more specific word.",
		"x":                        "“x” is too short to search for. Use a word of two or more letters or digits.",
		"a x 7 -housing":           "“x” and “7” are too short to search for. Use a word of two or more letters or digits.",
		`"x"`:                      "“x” is too short to search for. Use a word of two or more letters or digits.",
		"ox":                       "",
		"plan b":                   "",
		`"plan b"`:                 "",
		"-housing":                 "Add a word to look for, as well as the words to leave out.",
		strings.Repeat("x", 201):   "Your search is too long: use up to 200 characters.",
		"housing":                  "",
		`"` + "unbalanced quote":   "",
		"'; DROP TABLE posts; --":  "",
		"💥 ∑ 𝕏 \u0000 \u200b café": "",
	} {
		if _, msg := forum.ParseQuery(raw); msg != want {
			t.Errorf("ParseQuery(%.30q) message %q, want %q", raw, msg, want)
		}
	}
}

func mustQuery(t *testing.T, raw string) forum.Query {
	t.Helper()
	q, msg := forum.ParseQuery(raw)
	if msg != "" {
		t.Fatal(msg)
	}
	return q
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// Results come best first, page after page, each post once; a filter to a
// forum with few of the matches still finds all of them; and the best
// match (the word in the title and often in the body) leads.
func TestSearchPagesAndFilters(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		mod := mustAccount(t, s, "Paging Moderator", forum.RoleModerator)
		groups, err := s.Groups(ctx)
		if err != nil || len(groups) < 2 {
			t.Fatalf("groups: %v", err)
		}
		busy, quiet := groups[0].Forums[0], groups[1].Forums[0]
		post := func(f forum.Forum, title, body string) int64 {
			t.Helper()
			c, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: title, Body: body})
			if err != nil {
				t.Fatal(err)
			}
			return c.PostID
		}
		best := post(busy, "Lighthouse projects", "Lighthouse lighthouse lighthouse: the lighthouse model of support.")
		for i := range 44 {
			post(busy, fmt.Sprintf("Topic %02d in the busy forum", i), fmt.Sprintf("A long note number %d that mentions the lighthouse once, among many other words about casework and referrals.", i))
		}
		var inQuiet []int64
		for i := range 5 {
			inQuiet = append(inQuiet, post(quiet, fmt.Sprintf("Quiet topic %d", i), "The lighthouse service, in passing."))
		}
		q := mustQuery(t, "lighthouse")
		seen := map[int64]bool{}
		for pg, want := range []struct {
			n    int
			more bool
		}{{20, true}, {20, true}, {10, false}} {
			got, err := s.Search(ctx, q, store.SearchFilter{}, pg+1)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Results) != want.n || got.More != want.more {
				t.Errorf("page %d: %d results, more %v; want %d, %v", pg+1, len(got.Results), got.More, want.n, want.more)
			}
			for _, r := range got.Results {
				if seen[r.PostID] {
					t.Errorf("post %d on two pages", r.PostID)
				}
				seen[r.PostID] = true
			}
			if pg == 0 && (len(got.Results) == 0 || got.Results[0].PostID != best) {
				t.Errorf("the best match %d does not lead page 1: %+v", best, got.Results)
			}
		}
		if len(seen) != 50 {
			t.Errorf("%d posts over the pages, want 50", len(seen))
		}
		got, err := s.Search(ctx, q, store.SearchFilter{ForumID: quiet.ID}, 1)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range got.Results {
			ids = append(ids, r.PostID)
		}
		slices.Sort(ids)
		slices.Sort(inQuiet) // public ids, in no order of writing
		if !slices.Equal(ids, inQuiet) || got.More {
			t.Errorf("in the quiet forum: %v (more %v), want %v", ids, got.More, inQuiet)
		}
		if got, _ := s.Search(ctx, q, store.SearchFilter{}, 9); len(got.Results) != 0 || got.More {
			t.Errorf("page 9 of 3: %d results, more %v", len(got.Results), got.More)
		}
	})
}

// A rare word weighs more than a common one: of two posts that each repeat
// one of the query's words, the one repeating the rarer word ranks first,
// even though it is the older (ties go to the newest). SQLite only:
// PostgreSQL's ts_rank_cd ranks by how close the words stand and takes no
// account of how many posts hold them.
func TestSearchWeighsRareWordsMore(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s *store.Store) {
		if s.Dialect() != store.SQLite {
			t.Skip("ts_rank_cd has no word rarity")
		}
		mod := mustAccount(t, s, "Ranking Moderator", forum.RoleModerator)
		f := firstForum(t, s)
		post := func(title, body string) int64 {
			t.Helper()
			c, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: title, Body: body})
			if err != nil {
				t.Fatal(err)
			}
			return c.PostID
		}
		rareRepeated := post("First", "Interpreter interpreter interpreter interpreter and one casework.")
		post("Second", "Casework casework casework casework and one interpreter.")
		for i := range 20 {
			post(fmt.Sprintf("Filler %d", i), "Casework notes, nothing else.")
		}
		got, err := s.Search(ctx, mustQuery(t, "casework interpreter"), store.SearchFilter{}, 1)
		if err != nil || len(got.Results) < 2 {
			t.Fatalf("search: %+v, %v", got, err)
		}
		if got.Results[0].PostID != rareRepeated {
			t.Errorf("post %d leads; want %d, which repeats the rarer word", got.Results[0].PostID, rareRepeated)
		}
	})
}

// TestSearchReachesPastTheNewestPosts: on PostgreSQL a search looks among
// the newest 50,000 post ids, then 500,000, then all (search_postgres.go);
// a match in any span must be found, however few the newer ones hold.
// The posts' ids jump ahead twice, so the three spans hold one post each.
func TestSearchReachesPastTheNewestPosts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		s := storetest.Open(t, dbURL, store.Options{})
		raw := rawDB(t, dbURL)
		jump := func(to int64) {
			t.Helper()
			q := "SELECT setval(pg_get_serial_sequence('posts', 'id'), $1)"
			if strings.HasPrefix(dbURL, "sqlite:") {
				q = "UPDATE sqlite_sequence SET seq = ? WHERE name = 'posts'"
			}
			if _, err := raw.Exec(q, to); err != nil {
				t.Fatal(err)
			}
		}
		mod := mustAccount(t, s, "Span Moderator", forum.RoleModerator)
		f := firstForum(t, s)
		post := func(title, body string) {
			t.Helper()
			if _, err := s.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: mod.ID, Title: title, Body: body}); err != nil {
				t.Fatal(err)
			}
		}
		post("Oldest note", "Ferryboat timetable and the marmalade rota.")
		jump(600_000) // beyond the newest 50,000 ids, within the newest 500,000
		post("Middle note", "Ferryboat timetable and the quinceword rota.")
		jump(1_000_000)
		post("Newest note", "Ferryboat timetable only.")
		cases := []struct {
			query string
			want  []string
		}{
			{"marmalade", []string{"Oldest note"}},
			{"quinceword", []string{"Middle note"}},
			{"ferryboat rota", []string{"Middle note", "Oldest note"}},
			{"ferryboat", []string{"Middle note", "Newest note", "Oldest note"}},
		}
		for _, c := range cases {
			page, err := s.Search(ctx, mustQuery(t, c.query), store.SearchFilter{}, 1)
			if err != nil {
				t.Fatalf("Search(%q): %v", c.query, err)
			}
			var got []string
			for _, r := range page.Results {
				got = append(got, r.TopicTitle)
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("Search(%q) = %q, want %q", c.query, got, c.want)
			}
		}
	})
}
