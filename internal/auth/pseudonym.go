package auth

import (
	"crypto/rand"
	"math/big"
	"strings"
)

// Two short lists make calm, forgettable pseudonyms ("Quiet Heron") that say
// nothing about the person, their job or where they work.
var (
	pseudonymAdjectives = strings.Fields(`Amber Autumn Bright Brisk Calm Careful Clear Cobalt Coral Crisp
		Daring Dawn Deep Distant Early Even Fair Fern Gentle Golden Green Grey Hazel Hidden Honest Ivory
		Kind Late Level Light Little Lucid Mellow Misty Modest Morning Noble Open Pale Patient Plain
		Quick Quiet Rapid Ready Rowan Russet Silver Silent Simple Slate Soft Solid Spring Steady Still
		Summer Swift Tidal Tidy True Velvet Warm Wide Willing Winter`)
	pseudonymNouns = strings.Fields(`Alder Aspen Badger Beacon Birch Bramble Brook Buzzard Cedar Comet
		Cormorant Crane Creek Curlew Dipper Dove Falcon Fell Finch Fox Gannet Glade Grebe Hare Harbour
		Hawk Heath Heron Holly Kestrel Kite Lantern Lapwing Larch Linnet Maple Marten Meadow Merlin Moss
		Oak Osprey Otter Owl Pebble Pine Plover Quartz Raven Reed Ridge Robin Rook Rowan Sparrow Spruce
		Starling Stoat Swallow Swift Tern Thrush Vale Wagtail Willow Wren`)
)

// NewPseudonym suggests a two-word pseudonym, drawn with crypto/rand so that
// a suggestion says nothing about when or for whom it was made.
func NewPseudonym() string {
	return pick(pseudonymAdjectives) + " " + pick(pseudonymNouns)
}

// NewPassphrase makes a passphrase of four random words: the NCSC advises
// three, and a generated one can afford a fourth.
func NewPassphrase() string {
	return strings.ToLower(pick(pseudonymAdjectives) + " " + pick(pseudonymNouns) + " " + pick(pseudonymNouns) + " " + pick(pseudonymAdjectives))
}

func pick(words []string) string {
	n, err := rand.Int(rand.Reader, big.NewInt(int64(len(words))))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return words[n.Int64()]
}
