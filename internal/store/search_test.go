package store_test

import (
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
		"the and of":               "Those words are too common to search for on their own. Add a more specific word.",
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
