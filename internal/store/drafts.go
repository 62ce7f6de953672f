package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// Drafts: a topic or reply being written, kept for its author alone
// (forum.Draft). A draft is named by its form's one-time key, the key its
// post will carry (submissions.go): saving the form again changes the
// same draft, and the transaction that makes the post deletes it
// (dropSentDraft), so that a post and its draft never both remain and a
// crash or a second click never leaves neither. A draft is not saved for a
// form whose post was made already, so a late autosave cannot bring one
// back. Drafts go with their author's account (the table's foreign key,
// and EraseAccount) and after forum.DraftMaxAge without a save
// (PurgeDrafts).

type draftRow struct {
	ID            int64
	AccountID     int64
	SubmissionKey string
	Kind          string
	ForumID       sql.NullInt64
	TopicID       sql.NullInt64
	ParentID      sql.NullInt64
	Title         string
	Body          string
	Anonymous     bool
	ContentNote   string
	SavedAt       time.Time
}

func (draftRow) TableName() string { return "drafts" }

// lockDrafts makes one member's draft saves wait for each other on
// PostgreSQL, where they may run at once, so that two new drafts cannot
// both find room under forum.MaxDrafts. The lock is on the account's row,
// in a mode that lets rows which only refer to the account be written
// meanwhile. SQLite runs one write at a time already.
func (s *Store) lockDrafts(tx *gorm.DB, accountID int64) error {
	if s.dialect != Postgres {
		return nil
	}
	var id int64
	err := tx.Raw("SELECT id FROM accounts WHERE id = ? FOR NO KEY UPDATE", accountID).Row().Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return forum.Errorf(forum.EUNAUTH, "Your account no longer exists.")
	}
	return err
}

// lockDraftKey makes a form's draft save and the post made from the form
// wait for each other on PostgreSQL: without it, a draft saved while its
// post was being made could check for the post before the post's
// transaction committed, and the post's transaction delete the draft
// before the draft was there, leaving both. The lock is a transaction's
// advisory lock on the member and the form's key alone, so a member's
// posts from different forms never wait for each other (the account's row
// lock did that: a member posting from two tabs, or the benchmark's
// sixteen at once, took turns through every commit). Two keys that hash
// alike only wait, never fail.
func (s *Store) lockDraftKey(tx *gorm.DB, accountID int64, key string) error {
	if s.dialect != Postgres {
		return nil
	}
	return tx.Exec("SELECT "+draftKeyLock, draftKeyName(accountID, key)).Error
}

// draftKeyLock is SQL that takes lockDraftKey's lock, given draftKeyName,
// for a write that takes it in a query of its own (replyTarget).
const draftKeyLock = "pg_advisory_xact_lock(hashtextextended(?, 0))"

// draftKeyName names a form's draft lock: its member and key.
func draftKeyName(accountID int64, key string) string {
	return "forum draft:" + strconv.FormatInt(accountID, 10) + ":" + key
}

// dropSentDraft deletes the draft of a form whose post the transaction
// has just made.
func (s *Store) dropSentDraft(tx *gorm.DB, accountID int64, key string) error {
	if key == "" {
		return nil
	}
	if err := s.lockDraftKey(tx, accountID, key); err != nil {
		return err
	}
	return sentDraftStep(accountID, key).run(tx)
}

// sentDraftStep is the statement of dropSentDraft that deletes the draft,
// for a write that holds the form's lock already and sends it with others
// (runSteps); nothing for a form without a key.
func sentDraftStep(accountID int64, key string) step {
	if key == "" {
		return step{}
	}
	return step{"DELETE FROM drafts WHERE account_id = ? AND submission_key = ?", []any{accountID, key}}
}

// SaveDraft keeps what a form holds as its author's draft: the form's
// draft when it has one, or a new one while the member keeps fewer than
// forum.MaxDrafts. It returns the draft as saved, without where it goes
// by name (MyDraft has that).
func (s *Store) SaveDraft(ctx context.Context, d forum.NewDraft) (forum.Draft, error) {
	if err := d.Validate(); err != nil {
		return forum.Draft{}, err
	}
	now := s.now()
	row := draftRow{AccountID: d.AuthorID, SubmissionKey: d.SubmissionKey, Kind: string(d.Kind), Title: d.Title, Body: d.Body,
		Anonymous: d.Anonymous, ContentNote: d.ContentNote, SavedAt: now}
	switch d.Kind {
	case forum.DraftTopic:
		row.ForumID = sql.NullInt64{Int64: d.ForumID, Valid: d.ForumID > 0}
	case forum.DraftReply:
		topic := s.ids.topic(d.TopicID)
		row.TopicID = sql.NullInt64{Int64: topic, Valid: topic > 0}
		if d.ParentID != nil {
			parent := s.ids.post(*d.ParentID)
			row.ParentID = sql.NullInt64{Int64: parent, Valid: parent > 0}
		}
	}
	if !row.ForumID.Valid && !row.TopicID.Valid {
		return forum.Draft{}, forum.Errorf(forum.ENOTFOUND, "There is no such forum or topic.")
	}
	err := s.write(ctx, uncachedChange, func(tx *gorm.DB) error {
		row.ID = 0
		if err := s.lockDrafts(tx, d.AuthorID); err != nil {
			return err
		}
		if err := s.lockDraftKey(tx, d.AuthorID, d.SubmissionKey); err != nil {
			return err
		}
		if sent, err := existingSubmission(tx, d.AuthorID, d.SubmissionKey); err != nil || sent != nil {
			if err != nil {
				return err
			}
			return forum.Errorf(forum.ECONFLICT, "This post is sent already, so it is not kept as a draft.")
		}
		err := tx.Raw("SELECT id FROM drafts WHERE account_id = ? AND submission_key = ?", d.AuthorID, d.SubmissionKey).Row().Scan(&row.ID)
		switch {
		case err == nil:
			return tx.Exec(`UPDATE drafts SET kind = ?, forum_id = ?, topic_id = ?, parent_id = ?, title = ?, body = ?, anonymous = ?,
				content_note = ?, saved_at = ? WHERE id = ?`, row.Kind, row.ForumID, row.TopicID, row.ParentID, row.Title, row.Body,
				row.Anonymous, row.ContentNote, row.SavedAt, row.ID).Error
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		// A new draft: the member's drafts past their age go first, as
		// the purge would take them, and then there must be room.
		if err := tx.Exec("DELETE FROM drafts WHERE account_id = ? AND saved_at < ?", d.AuthorID, now.Add(-forum.DraftMaxAge)).Error; err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&draftRow{}).Where("account_id = ?", d.AuthorID).Count(&n).Error; err != nil {
			return err
		}
		if n >= forum.MaxDrafts {
			return forum.Errorf(forum.ECONFLICT, "You have %d drafts, the most the forum keeps for one member. Send or delete one of them in Your posts, then save this one again.", forum.MaxDrafts)
		}
		return tx.Raw(`INSERT INTO drafts (account_id, submission_key, kind, forum_id, topic_id, parent_id, title, body, anonymous, content_note, saved_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, row.AccountID, row.SubmissionKey, row.Kind, row.ForumID, row.TopicID,
			row.ParentID, row.Title, row.Body, row.Anonymous, row.ContentNote, row.SavedAt).Row().Scan(&row.ID)
	})
	if err != nil {
		return forum.Draft{}, translate(err)
	}
	// As saved, not read again: the post may have been made, and the
	// draft deleted, the moment after.
	out := forum.Draft{ID: s.ids.public(draftIDs, row.ID), Kind: d.Kind, ForumID: d.ForumID, TopicID: d.TopicID, ParentID: d.ParentID,
		Title: d.Title, Body: d.Body, Anonymous: d.Anonymous, ContentNote: d.ContentNote, SubmissionKey: d.SubmissionKey, SavedAt: now.UTC()}
	return out, nil
}

// draftListRow is a draft with what the page needs of where it goes.
type draftListRow struct {
	Draft          draftRow `gorm:"embedded"`
	ForumName      sql.NullString
	ForumKind      sql.NullString
	OpensAt        sql.NullTime
	ClosesAt       sql.NullTime
	ForumArchived  sql.NullTime
	GroupArchived  sql.NullTime
	TopicForum     sql.NullInt64
	TopicTitle     sql.NullString
	TopicStatus    sql.NullString
	TopicLocked    sql.NullBool
	ParentStatus   sql.NullString
	ParentInThread sql.NullBool
}

// myDrafts is the query of a member's drafts that are not past their age,
// with their places: the forum (a topic's, or a reply's topic's) with its
// group, the topic and the post answered.
func (s *Store) myDrafts(db *gorm.DB, accountID int64) *gorm.DB {
	return db.Table("drafts d").Select(`d.*, f.name AS forum_name, f.kind AS forum_kind, f.opens_at, f.closes_at,
		f.archived_at AS forum_archived, g.archived_at AS group_archived, t.forum_id AS topic_forum, t.title AS topic_title,
		t.status AS topic_status, t.locked AS topic_locked, p.status AS parent_status, p.topic_id = d.topic_id AS parent_in_thread`).
		Joins("LEFT JOIN topics t ON t.id = d.topic_id").
		Joins("LEFT JOIN forums f ON f.id = COALESCE(d.forum_id, t.forum_id)").
		Joins("LEFT JOIN outcome_groups g ON g.id = f.group_id").
		Joins("LEFT JOIN posts p ON p.id = d.parent_id").
		Where("d.account_id = ? AND d.saved_at >= ?", accountID, s.now().Add(-forum.DraftMaxAge))
}

// draft turns a row into the author's view of it: where it goes, while
// readers may see that place, and why it cannot be sent there any more.
func (r draftListRow) draft(ids idCodec, now time.Time) forum.Draft {
	d := r.Draft
	out := forum.Draft{ID: ids.public(draftIDs, d.ID), Kind: forum.DraftKind(d.Kind), ForumID: d.ForumID.Int64, Title: d.Title,
		Body: d.Body, Anonymous: d.Anonymous, ContentNote: d.ContentNote, SubmissionKey: d.SubmissionKey, SavedAt: d.SavedAt.UTC()}
	open := r.ForumName.Valid && !r.ForumArchived.Valid && !r.GroupArchived.Valid
	f := forum.Forum{Kind: forum.ForumKind(r.ForumKind.String), OpensAt: nullTime(r.OpensAt), ClosesAt: nullTime(r.ClosesAt)}
	closed := open && f.State(now) == forum.StateClosed
	if out.Kind == forum.DraftTopic {
		switch {
		case !open:
			out.Closed = "The forum it was for is no longer open."
		case closed:
			out.Closed = "The expert forum it was for has closed and takes no more posts."
		}
		if open {
			out.ForumName = r.ForumName.String
		}
		return out
	}
	visible := open && r.TopicStatus.String == string(forum.StatusApproved)
	if visible {
		out.TopicID, out.TopicTitle, out.ForumID, out.ForumName = ids.pubTopic(d.TopicID.Int64), r.TopicTitle.String, r.TopicForum.Int64, r.ForumName.String
	}
	switch {
	case !visible:
		out.Closed = "The topic it answers is no longer on the forum."
	case r.TopicLocked.Bool:
		out.Closed = "The topic it answers is locked and takes no more replies."
	case closed:
		out.Closed = "The expert forum of the topic has closed and takes no more posts."
	}
	if d.ParentID.Valid {
		if r.ParentStatus.String == string(forum.StatusApproved) && r.ParentInThread.Bool {
			id := ids.pubPost(d.ParentID.Int64)
			out.ParentID = &id
		} else {
			out.ParentGone = true
		}
	}
	return out
}

// MyDrafts lists a member's drafts, the latest saved first.
func (s *Store) MyDrafts(ctx context.Context, accountID int64) ([]forum.Draft, error) {
	var rows []draftListRow
	if err := s.myDrafts(s.r(ctx), accountID).Order("d.saved_at DESC, d.id DESC").Limit(forum.MaxDrafts).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	now := s.now()
	out := make([]forum.Draft, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.draft(s.ids, now))
	}
	return out, nil
}

// MyDraft returns one of a member's drafts; anyone else's is not found,
// as one that never was.
func (s *Store) MyDraft(ctx context.Context, accountID, publicID int64) (forum.Draft, error) {
	var row draftListRow
	err := s.myDrafts(s.r(ctx), accountID).Where("d.id = ?", s.ids.kept(draftIDs, publicID)).Take(&row).Error
	if err != nil {
		return forum.Draft{}, translate(err)
	}
	return row.draft(s.ids, s.now()), nil
}

// DeleteMyDraft deletes one of a member's drafts; anyone else's is not
// found, and stays.
func (s *Store) DeleteMyDraft(ctx context.Context, accountID, publicID int64) error {
	return s.write(ctx, uncachedChange, func(tx *gorm.DB) error {
		res := tx.Exec("DELETE FROM drafts WHERE id = ? AND account_id = ?", s.ids.kept(draftIDs, publicID), accountID)
		if res.Error == nil && res.RowsAffected == 0 {
			return forum.ErrNotFound
		}
		return res.Error
	})
}

// PurgeDrafts deletes every draft not saved for forum.DraftMaxAge, and
// says how many.
func (s *Store) PurgeDrafts(ctx context.Context) (int64, error) {
	var n int64
	err := s.write(ctx, uncachedChange, func(tx *gorm.DB) error {
		res := tx.Exec("DELETE FROM drafts WHERE saved_at < ?", s.now().Add(-forum.DraftMaxAge))
		n = res.RowsAffected
		return res.Error
	})
	return n, err
}
