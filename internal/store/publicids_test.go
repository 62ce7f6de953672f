package store

import (
	"math/rand/v2"
	"testing"
)

// TestPublicIDsAreAPermutationThatHidesOrder: every kept id has one public
// id and back, in the public range, different for topics and posts; a
// number that is no public id finds nothing; and the public ids of ids
// written one after another go up and down as a coin falls, so their order
// says nothing of when each was written.
func TestPublicIDsAreAPermutationThatHidesOrder(t *testing.T) {
	c := idCodec{k0: 0x0123456789abcdef, k1: 0xfedcba9876543210}
	other := idCodec{k0: 1, k1: 2}
	rng := rand.New(rand.NewPCG(1, 2))
	ids := make([]int64, 0, 20000)
	for i := int64(1); i <= 10000; i++ {
		ids = append(ids, i)
	}
	for range 10000 {
		ids = append(ids, 1+rng.Int64N(maxKeptID-1))
	}
	seen := map[int64]bool{}
	for _, id := range ids {
		for _, kind := range []idKind{topicIDs, postIDs} {
			pub := c.public(kind, id)
			if pub < publicBase || pub >= 2*publicBase {
				t.Fatalf("public id of %d is %d, outside [2^52, 2^53)", id, pub)
			}
			if back := c.kept(kind, pub); back != id {
				t.Fatalf("kept(public(%d)) = %d", id, back)
			}
			if kind == topicIDs && seen[pub] {
				t.Fatalf("two topics share the public id %d", pub)
			}
			seen[pub] = true
		}
		if c.pubTopic(id) == c.pubPost(id) {
			t.Errorf("topic %d and post %d share a public id", id, id)
		}
		if c.pubPost(id) == other.pubPost(id) {
			t.Errorf("two keys give post %d the same public id", id)
		}
	}
	up := 0
	for i := int64(1); i < 10000; i++ {
		if c.pubPost(i+1) > c.pubPost(i) {
			up++
		}
	}
	if up < 4800 || up > 5200 {
		t.Errorf("of 9,999 posts written one after another, %d have a larger public id than the one before: the order shows", up)
	}
	for _, n := range []int64{0, -1, 1, 12345, publicBase - 1, 2 * publicBase, 1 << 62} {
		if got := c.kept(postIDs, n); got != 0 {
			t.Errorf("kept(%d) = %d, want 0: it is no public id", n, got)
		}
	}
	// Most numbers of the public range are no id at all: their preimage is
	// past every id the store keeps.
	none := 0
	for range 1000 {
		if c.kept(postIDs, publicBase+rng.Int64N(publicBase)) == 0 {
			none++
		}
	}
	if none < 950 {
		t.Errorf("%d of 1,000 random public numbers name no post, want nearly all", none)
	}
}

func BenchmarkPublicID(b *testing.B) {
	c := idCodec{k0: 1, k1: 2}
	var sum int64
	for i := range b.N {
		sum += c.pubPost(int64(i + 1))
	}
	_ = sum
}
