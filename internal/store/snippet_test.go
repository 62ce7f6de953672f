package store

import (
	"strings"
	"testing"

	"forum/internal/forum"
)

func TestSnippetMarksTheMatchedWordsInTheBestStretch(t *testing.T) {
	long := strings.Repeat("filler words here ", 20)
	cases := []struct {
		name, text, query, want string
		hits                    int
	}{
		{"short text, one word", "The council offered a flat.", "council",
			"The [council] offered a flat.", 1},
		{"case and accents folded as the index does", "Meet at the Café, then the CAFE again.", "cafe",
			"Meet at the [Café], then the [CAFE] again.", 2},
		{"a phrase marks each of its words", "She needs proof of address for the GP.", `"proof of address"`,
			"She needs [proof] [of] [address] for the GP.", 3},
		{"excluded words are not marked", "Housing and the council.", "housing -council",
			"[Housing] and the council.", 1},
		{"the stretch with the match, trimmed both sides", long + "the refuge took her in " + long, "refuge",
			"…words here filler words here the [refuge] took her in filler words here filler words here filler words here filler words here filler words…", 1},
		{"no match leaves the start unmarked", "Nothing to see here.", "council",
			"Nothing to see here.", 0},
		{"no words at all", "— … —", "council", "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, msg := forum.ParseQuery(c.query)
			if msg != "" {
				t.Fatalf("ParseQuery(%q): %s", c.query, msg)
			}
			got, hits := snippet(c.text, q)
			got = strings.NewReplacer(MarkStart, "[", MarkEnd, "]").Replace(got)
			if got != c.want || hits != c.hits {
				t.Errorf("snippet = %q (%d hits)\nwant      %q (%d hits)", got, hits, c.want, c.hits)
			}
		})
	}
}
