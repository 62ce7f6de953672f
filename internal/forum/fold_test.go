package forum

import "testing"

func TestFoldLowersAndTakesOffAccents(t *testing.T) {
	for in, want := range map[string]string{
		"HOUSING":     "housing",
		"Café":        "cafe",
		"naïve ÉCOLE": "naive ecole",
		"Zoë-Łódź":    "zoe-łodz", // Ł is a letter of its own, not L with a mark
		"":            "",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
