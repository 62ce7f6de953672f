package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"

	"github.com/dchest/siphash"
	"gorm.io/gorm/clause"
)

// Public ids. The store numbers topics and posts in the order they are
// written, so an id's place in that sequence dates it: a member who posts
// now and then could map the sequence to the clock, and so date every
// anonymous post to the minute, where readers are shown only the day or
// the week. So no id of a topic or a post leaves the store as it is kept:
// every method hands out, and takes, its image under a keyed permutation,
// which keeps ids unique, numeric and short, and says nothing of their
// order (docs/THREAT-MODEL.md).
//
// The permutation is a balanced Feistel network on 52 bits with SipHash-2-4
// (github.com/dchest/siphash) as its round function, the usual way to make
// a pseudorandom permutation of a small domain from a pseudorandom
// function; eight rounds, well past the four that Luby and Rackoff showed
// enough. Topics and posts use different round keys, so one's public id
// says nothing of the other's. Public ids are 2^52 plus the image, sixteen
// digits, within what JavaScript numbers hold exactly. The key is made once
// for a database and kept in its meta table, so that every instance of a
// forum shows the same ids; whoever holds the database holds the key, and
// the exact times beside it anyway.

const (
	idHalfBits = 26
	idHalfMask = 1<<idHalfBits - 1
	idRounds   = 8
	// publicBase is added to every image, so that a public id never looks
	// like a kept one: kept ids are far below it.
	publicBase = 1 << (2 * idHalfBits)
	// maxKeptID bounds the ids the store keeps; a public id whose preimage
	// is larger is no id at all.
	maxKeptID = 1 << 40
)

// idKind separates the permutations of topics, posts and notifications.
type idKind uint64

const (
	topicIDs idKind = 1
	postIDs  idKind = 2
	// notificationIDs: a member's notifications are numbered among
	// everyone's, so the gaps between one's own would count what others
	// were told in between (whether an approved post's author still has
	// an account, for one).
	notificationIDs idKind = 3
	// draftIDs: a member's drafts are numbered among everyone's too.
	draftIDs idKind = 4
)

// idCodec turns kept ids into public ones and back.
type idCodec struct {
	k0, k1 uint64
}

func (c idCodec) round(kind idKind, i int, half uint64) uint64 {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], half|uint64(i)<<32|uint64(kind)<<40)
	return siphash.Hash(c.k0, c.k1, b[:]) & idHalfMask
}

// public is the id readers see for kept id (0 stays 0: none).
func (c idCodec) public(kind idKind, id int64) int64 {
	if id <= 0 {
		return id
	}
	l, r := uint64(id)>>idHalfBits, uint64(id)&idHalfMask
	for i := range idRounds {
		l, r = r, l^c.round(kind, i, r)
	}
	return publicBase + int64(l<<idHalfBits|r)
}

// kept is the id behind a public one, or 0 when it is not a public id of
// this kind: a lookup of 0 finds nothing, and the caller answers "not
// found" as for any id that does not exist.
func (c idCodec) kept(kind idKind, public int64) int64 {
	if public < publicBase || public >= 2*publicBase {
		return 0
	}
	x := uint64(public - publicBase)
	l, r := x>>idHalfBits, x&idHalfMask
	for i := idRounds - 1; i >= 0; i-- {
		l, r = r^c.round(kind, i, l), l
	}
	id := int64(l<<idHalfBits | r)
	if id <= 0 || id >= maxKeptID {
		return 0
	}
	return id
}

// The four conversions, by kind.
func (c idCodec) pubTopic(id int64) int64 { return c.public(topicIDs, id) }
func (c idCodec) pubPost(id int64) int64  { return c.public(postIDs, id) }
func (c idCodec) topic(public int64) int64 {
	return c.kept(topicIDs, public)
}
func (c idCodec) post(public int64) int64 { return c.kept(postIDs, public) }

// publicIDKey names the key's row in the meta table.
const publicIDKey = "public-id-key"

// loadIDCodec reads the database's key for public ids, making it first on
// a new database. Instances starting together agree on one key: the first
// insert wins and every instance reads what is stored.
func (s *Store) loadIDCodec(ctx context.Context, given string) error {
	key := given
	if key == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		key = hex.EncodeToString(b)
	} else if _, err := codecFromKey(key); err != nil {
		return fmt.Errorf("the key of public ids given is not 32 hex digits")
	}
	db := s.db.WithContext(ctx)
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&metaRow{Key: publicIDKey, Value: key}).Error; err != nil {
		return fmt.Errorf("storing the key of public ids: %w", err)
	}
	var row metaRow
	if err := db.Where("key = ?", publicIDKey).Take(&row).Error; err != nil {
		return fmt.Errorf("reading the key of public ids: %w", err)
	}
	c, err := codecFromKey(row.Value)
	s.ids = c
	return err
}

// codecFromKey makes the codec of a key as the meta table keeps it.
func codecFromKey(value string) (idCodec, error) {
	stored, err := hex.DecodeString(value)
	if err != nil || len(stored) != 16 {
		return idCodec{}, fmt.Errorf("the key of public ids in the meta table is damaged")
	}
	return idCodec{k0: binary.LittleEndian.Uint64(stored[:8]), k1: binary.LittleEndian.Uint64(stored[8:])}, nil
}

// PublicIDs turns the store's own ids of topics and posts into public ones
// and back, for tools and tests that read a database directly; the store's
// methods do it themselves.
type PublicIDs struct {
	codec idCodec
}

// PublicIDs is this store's conversion.
func (s *Store) PublicIDs() PublicIDs { return PublicIDs{s.ids} }

// ReadPublicIDs reads the key of public ids from a database opened
// directly with database/sql.
func ReadPublicIDs(ctx context.Context, db *sql.DB) (PublicIDs, error) {
	var value string
	err := db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = '"+publicIDKey+"'").Scan(&value)
	if err != nil {
		return PublicIDs{}, fmt.Errorf("reading the key of public ids: %w", err)
	}
	c, err := codecFromKey(value)
	return PublicIDs{c}, err
}

// Topic and Post give the public id of a kept one; KeptTopic and KeptPost
// the kept id of a public one, or 0.
func (p PublicIDs) Topic(kept int64) int64       { return p.codec.pubTopic(kept) }
func (p PublicIDs) Post(kept int64) int64        { return p.codec.pubPost(kept) }
func (p PublicIDs) KeptTopic(public int64) int64 { return p.codec.topic(public) }
func (p PublicIDs) KeptPost(public int64) int64  { return p.codec.post(public) }

// Notification and KeptNotification convert a notification's id.
func (p PublicIDs) Notification(kept int64) int64 { return p.codec.public(notificationIDs, kept) }
func (p PublicIDs) KeptNotification(public int64) int64 {
	return p.codec.kept(notificationIDs, public)
}
