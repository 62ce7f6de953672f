package store

import (
	"context"
	"database/sql"
	"errors"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// submissionKey stores a form's one-time key; no key, no duplicate check.
func submissionKey(key string) sql.NullString {
	return sql.NullString{String: key, Valid: key != ""}
}

// sameSubmission recovers from two sendings of one form racing: the one
// that lost on the unique index finds and returns what the winner made.
func (s *Store) sameSubmission(ctx context.Context, err error, authorID int64, key string) (Created, error) {
	if key == "" || forum.ErrorCode(err) != forum.ECONFLICT {
		return Created{}, err
	}
	var found *Created
	if lerr := s.write(ctx, privateChange, func(tx *gorm.DB) error {
		var e error
		found, e = existingSubmission(tx, authorID, key)
		return e
	}); lerr != nil || found == nil {
		return Created{}, err
	}
	return *found, nil
}

// publicCreated gives what a write made by its public ids.
func (s *Store) publicCreated(c Created, err error) (Created, error) {
	if err != nil {
		return Created{}, err
	}
	c.TopicID, c.PostID = s.ids.pubTopic(c.TopicID), s.ids.pubPost(c.PostID)
	return c, nil
}

// existingSubmission finds what an earlier sending of the same form made.
// The unique index on (author, key) backs this up if two arrive at once.
func existingSubmission(tx *gorm.DB, authorID int64, key string) (*Created, error) {
	if key == "" {
		return nil, nil
	}
	var c Created
	var status string
	err := tx.Raw("SELECT id, topic_id, status FROM posts WHERE author_id = ? AND submission_key = ?", authorID, key).Row().
		Scan(&c.PostID, &c.TopicID, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.Status = forum.PostStatus(status)
	return &c, nil
}
