package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// This file is the one place in the forum that follows a post to the
// account that wrote it (docs/THREAT-MODEL.md). An anonymous post keeps its
// author (posts.author_id) for two reasons only: so that the author sees it
// among their own posts, and so that a moderator can act on the account
// without learning whose it is. Everything that follows that tie is here:
//
//   - bylineJoin, the byline every reader, moderator and admin sees. It
//     joins the account to a post only when the post is signed, so for an
//     anonymous post no column of the account reaches the query at all.
//   - notifyAuthor and notifyRepliedToStep, which tell an author something
//     in SQL, so that the author's account id never comes into Go; and
//     notifyWatchersStep, which tells the watchers of a topic or forum of a
//     post there, leaving out its author in SQL the same way.
//   - suspensions made from a post, kept against the post (post_sanctions)
//     and shown by the post; the member alone sees them as theirs.
//   - revealedAuthor, the break-glass act of two moderators (reveal.go).
//
// Other files may filter by author_id = the member asking ("my posts",
// export, erasure, a form sent twice) and write author_id on a new post;
// authors_test.go fails if any other file joins an account to a post's
// author.

// bylineJoin is the join that gives a post (or topic) aliased post its
// author's account as alias, for its byline: a signed post's author, and
// for an anonymous one nothing, so every column of alias is NULL.
func bylineJoin(post, alias string) string {
	return "LEFT JOIN accounts " + alias + " ON " + alias + ".id = " + post + ".author_id AND NOT " + post + ".anonymous"
}

// displayName is the one place that decides what name a post shows, from
// its anonymity and the pseudonym bylineJoin found for it.
func displayName(anonymous bool, pseudonym sql.NullString) string {
	switch {
	case anonymous:
		return forum.AnonymousName
	case !pseudonym.Valid:
		return forum.FormerMemberName
	}
	return pseudonym.String
}

// notifyAuthor tells the author of a post something, in the transaction of
// the act. An author who erased their account is told nothing.
func notifyAuthor(tx *gorm.DB, postID int64, kind string, topicID int64, detail string, now time.Time) error {
	return notifyAuthorStep(postID, kind, topicID, detail, now).run(tx)
}

// notifyAuthorStep is notifyAuthor's statement, for a write that sends it
// with others (runSteps).
func notifyAuthorStep(postID int64, kind string, topicID int64, detail string, now time.Time) step {
	return step{`INSERT INTO notifications (account_id, kind, topic_id, post_id, detail, created_at)
		SELECT author_id, ?, ?, ?, ?, ? FROM posts WHERE id = ? AND author_id IS NOT NULL`,
		[]any{kind, topicID, postID, detail, now, postID}}
}

// notifyRepliedToStep tells the author of the post that the published
// reply p answers (the topic's opening post when it answers the topic)
// that it is published, unless they wrote the reply themselves: a
// statement for the write that publishes p to send with others
// (runSteps); none for an opening post.
func notifyRepliedToStep(p *postRow, now time.Time) step {
	if p.Opening {
		return step{}
	}
	answered := "o.id = ?"
	key := p.ParentID.Int64
	if !p.ParentID.Valid {
		// "opening = TRUE", not "opening": SQLite then finds the opening
		// post by both columns of posts_topic_opening, not among all the
		// topic's posts.
		answered, key = "o.topic_id = ? AND o.opening = TRUE", p.TopicID
	}
	return step{`INSERT INTO notifications (account_id, kind, topic_id, post_id, detail, created_at)
		SELECT o.author_id, ?, ?, ?, '', ? FROM posts o, posts r
		WHERE ` + answered + ` AND r.id = ? AND o.author_id IS NOT NULL AND (r.author_id IS NULL OR o.author_id <> r.author_id)`,
		[]any{NotifyReply, p.TopicID, p.ID, now, key, p.ID}}
}

// notifyWatchersStep tells those who watch the topic of the published
// post p, or its forum, that it is published (watches.go): in one
// statement, as each approval runs it, for the write that publishes p to
// send with others (runSteps). Its author is left out, and so is the
// author of the post it answers, whom notifyRepliedToStep tells already.
// Whoever watches both the topic and the forum is told once.
func notifyWatchersStep(p *postRow, now time.Time) step {
	args := []any{NotifyWatched, p.TopicID, p.ID, now, p.TopicID, p.TopicID, p.ID}
	repliedTo := ""
	if !p.Opening {
		// Read once, not for each watcher; "opening = ?" lets SQLite find
		// the opening post by its index, not among all the topic's posts.
		if p.ParentID.Valid {
			repliedTo, args = "o.id = ?", append(args, p.ParentID.Int64)
		} else {
			repliedTo, args = "o.topic_id = ? AND o.opening = ?", append(args, p.TopicID, true)
		}
		repliedTo = " AND w.account_id NOT IN (SELECT o.author_id FROM posts o WHERE " + repliedTo + " AND o.author_id IS NOT NULL)"
	}
	return step{`INSERT INTO notifications (account_id, kind, topic_id, post_id, detail, created_at)
		SELECT w.account_id, ?, ?, ?, '', ? FROM
			(SELECT account_id FROM watches WHERE topic_id = ?
			UNION SELECT account_id FROM watches WHERE forum_id = (SELECT forum_id FROM topics WHERE id = ?)) w,
			posts r
		WHERE r.id = ? AND (r.author_id IS NULL OR w.account_id <> r.author_id)` + repliedTo, args}
}

// livePostSuspension is SQL for the end of the latest suspension, made from
// one of account's posts, still running at ?: NULL when there is none.
// Only the member's own pages and their posting check read it. It runs in
// every post's write, so it starts from the few suspensions running (the
// partial index post_sanctions_live) and looks each one's post up, never
// from the member's posts, of which there may be thousands: CROSS JOIN
// keeps SQLite's planner to that order; PostgreSQL plans it as the join
// it is.
func livePostSuspension(account string) string {
	return `(SELECT MAX(sn.until) FROM post_sanctions sn CROSS JOIN posts sp
		WHERE sp.id = sn.post_id AND sn.lifted_at IS NULL AND sn.until > ? AND sp.author_id = ` + account + `)`
}

// postingAccount loads the author of a new post (its id, role and
// suspension: what posting needs) and refuses a suspended one, whether an
// admin suspended the account or a moderator suspended the author of one
// of its posts. It runs in every post's write, in one query.
func postingAccount(tx *gorm.DB, id int64, now time.Time) (accountRow, error) {
	a := accountRow{ID: id}
	var fromPost dbTime
	err := tx.Raw("SELECT a.role, a.suspended_until, "+livePostSuspension("a.id")+" FROM accounts a WHERE a.id = ?", now, id).
		Row().Scan(&a.Role, &a.SuspendedUntil, &fromPost)
	if errors.Is(err, sql.ErrNoRows) {
		return a, errAccountGone()
	}
	if err != nil {
		return a, err
	}
	return a, mayPost(a, fromPost, now)
}

// errAccountGone refuses a post from an account erased since its author
// signed in.
func errAccountGone() error {
	return forum.Errorf(forum.EUNAUTH, "Your account no longer exists.")
}

// mayPost refuses the author a of a new post while suspended: by an admin
// (a's own suspension) or from one of their posts (fromPost, the end of
// livePostSuspension).
func mayPost(a accountRow, fromPost dbTime, now time.Time) error {
	acc := a.account()
	acc.SuspendedUntil = laterOf(acc.SuspendedUntil, fromPost.NullTime)
	if acc.Suspended(now) {
		return forum.Errorf(forum.EFORBIDDEN, "Your account is suspended until %s, so you cannot post.",
			acc.SuspendedUntil.Format("2 January 2006"))
	}
	return nil
}

// laterOf is the later of an account's own suspension and one from a post.
func laterOf(own *time.Time, fromPost sql.NullTime) *time.Time {
	if !fromPost.Valid || own != nil && own.After(fromPost.Time) {
		return own
	}
	t := fromPost.Time.UTC()
	return &t
}

// Suspension is one suspension as the suspended member reads it.
type Suspension struct {
	Until  time.Time
	Reason string
}

// MySuspensions lists the suspensions running now on a member's account,
// the latest ending first: an admin's on the account and a moderator's
// made from one of the member's posts. Only the member sees this list.
func (s *Store) MySuspensions(ctx context.Context, accountID int64) ([]Suspension, error) {
	now := s.now()
	var rows []struct {
		Until  dbTime
		Reason string
	}
	err := s.r(ctx).Raw(`SELECT suspended_until AS until, suspension_reason AS reason FROM accounts
			WHERE id = ? AND suspended_until > ?
		UNION ALL
		SELECT sn.until, sn.reason FROM post_sanctions sn CROSS JOIN posts sp
			WHERE sp.id = sn.post_id AND sn.lifted_at IS NULL AND sn.until > ? AND sp.author_id = ?
		ORDER BY until DESC`, accountID, now, now, accountID).Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]Suspension, 0, len(rows))
	for _, r := range rows {
		out = append(out, Suspension{Until: r.Until.Time.UTC(), Reason: r.Reason})
	}
	return out, nil
}

// exportSuspensions lists every suspension made from one of a member's
// posts, lifted or ended ones too, for the member's own download.
func (s *Store) exportSuspensions(ctx context.Context, accountID int64) ([]ExportSuspension, error) {
	var rows []struct {
		PostID    int64
		Until     time.Time
		Reason    string
		CreatedAt time.Time
		LiftedAt  sql.NullTime
	}
	err := s.r(ctx).Table("post_sanctions sn").Select("sn.post_id, sn.until, sn.reason, sn.created_at, sn.lifted_at").
		Joins("JOIN posts sp ON sp.id = sn.post_id").Where("sp.author_id = ?", accountID).Order("sn.id").Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := []ExportSuspension{}
	for _, r := range rows {
		out = append(out, ExportSuspension{PostID: s.ids.pubPost(r.PostID), Until: r.Until.UTC(), Reason: r.Reason,
			CreatedAt: r.CreatedAt.UTC(), LiftedAt: nullTime(r.LiftedAt)})
	}
	return out, nil
}

// SuspendAuthor suspends whoever wrote a post, without the moderator
// learning who that is. The suspension is kept against the post: the post's
// page shows it, the people pages do not, and the answer is the same
// whoever wrote the post, even when its author has since erased their
// account. Of a signed post the moderator knows the author already, so
// there the rules of suspending an account hold: not yourself, and an
// admin only by an admin. What the moderator typed comes back as field
// errors "days" and "reason", checked after who may act.
func (s *Store) SuspendAuthor(ctx context.Context, actor forum.Account, publicPostID int64, until time.Time, reason string) error {
	postID := s.ids.post(publicPostID)
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		pp, err := postToModerate(tx, actor, postID)
		if err != nil {
			return err
		}
		if err := checkSuspension(until, reason, s.now()); err != nil {
			return err
		}
		var self, admin bool
		err = tx.Raw(`SELECT COALESCE(p.author_id = ?, FALSE), COALESCE(a.role = ?, FALSE)
			FROM posts p `+bylineJoin("p", "a")+` WHERE p.id = ?`, actor.ID, forum.RoleAdmin, postID).Row().Scan(&self, &admin)
		if err != nil {
			return err
		}
		if self {
			return forum.Errorf(forum.EINVALID, "You cannot suspend yourself.")
		}
		if admin && !actor.IsAdmin() {
			return forum.Errorf(forum.EFORBIDDEN, "Only an admin can suspend an admin.")
		}
		now := s.now()
		if err := tx.Exec(`INSERT INTO post_sanctions (post_id, until, reason, actor_id, created_at) VALUES (?, ?, ?, ?, ?)`,
			postID, until.UTC(), reason, actor.ID, now).Error; err != nil {
			return err
		}
		if err := notifyAuthor(tx, postID, NotifySuspended, pp.Post.TopicID, reason, now); err != nil {
			return err
		}
		subject := "its author, until " + until.UTC().Format("2 January 2006")
		return logAction(tx, now, actor, ActionSuspend, pp.Post.TopicID, postID, subject, reason)
	})
}

// checkSuspension checks what a moderator or admin typed to suspend a
// member: a length ("days", when until is not after now) and a reason the
// member will read ("reason"), as field errors.
func checkSuspension(until time.Time, reason string, now time.Time) error {
	var fe forum.FieldErrors
	if !until.After(now) {
		fe.Add("days", "Choose how long the suspension lasts")
	}
	forum.CheckReason(&fe, "reason", reason, "Give a reason the member will read", 1)
	return fe.Err()
}

// LiftPostSuspensions ends, at once, the suspensions made from a post.
func (s *Store) LiftPostSuspensions(ctx context.Context, actor forum.Account, publicPostID int64) error {
	postID := s.ids.post(publicPostID)
	return s.write(ctx, anyChange, func(tx *gorm.DB) error {
		pp, err := postToModerate(tx, actor, postID)
		if err != nil {
			return err
		}
		now := s.now()
		res := tx.Exec("UPDATE post_sanctions SET lifted_at = ? WHERE post_id = ? AND lifted_at IS NULL AND until > ?", now, postID, now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return forum.Errorf(forum.ECONFLICT, "No suspension made from this post is running: it may have ended or been lifted.")
		}
		if err := notifyAuthor(tx, postID, NotifyUnsuspended, pp.Post.TopicID, "", now); err != nil {
			return err
		}
		return logAction(tx, now, actor, ActionUnsuspend, pp.Post.TopicID, postID, "its author", "")
	})
}

// PostSuspensions lists the suspensions made from a post, newest first, as
// its moderation page shows them: by the post, never by the account.
func (s *Store) PostSuspensions(ctx context.Context, actor forum.Account, publicPostID int64) ([]forum.PostSanction, error) {
	postID := s.ids.post(publicPostID)
	var rows []struct {
		Until     time.Time
		Reason    string
		Actor     sql.NullString
		CreatedAt time.Time
		LiftedAt  sql.NullTime
	}
	q := s.r(ctx).Table("post_sanctions sn").Select("sn.until, sn.reason, ac.pseudonym AS actor, sn.created_at, sn.lifted_at").
		Joins("JOIN posts p ON p.id = sn.post_id").Joins("JOIN topics t ON t.id = p.topic_id").
		Joins("JOIN forums f ON f.id = t.forum_id").
		Joins("LEFT JOIN accounts ac ON ac.id = sn.actor_id").Where("sn.post_id = ?", postID)
	if err := scopeGroups(q, actor, "f.group_id").Order("sn.id DESC").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	now := s.now()
	out := make([]forum.PostSanction, 0, len(rows))
	for _, r := range rows {
		out = append(out, forum.PostSanction{Until: r.Until.UTC(), Reason: r.Reason, Actor: displayName(false, r.Actor),
			CreatedAt: r.CreatedAt.UTC(), LiftedAt: nullTime(r.LiftedAt), Running: !r.LiftedAt.Valid && r.Until.After(now)})
	}
	return out, nil
}

// revealedAuthor is the pseudonym behind a post, for the two moderators of
// an agreed reveal (reveal.go), or "Former member" when the account has
// since been erased.
func revealedAuthor(db *gorm.DB, postID int64) (string, error) {
	var name sql.NullString
	err := db.Raw("SELECT a.pseudonym FROM posts p LEFT JOIN accounts a ON a.id = p.author_id WHERE p.id = ?", postID).Row().Scan(&name)
	if err != nil {
		return "", translate(err)
	}
	if !name.Valid {
		return forum.FormerMemberName, nil
	}
	return name.String, nil
}

// announcerJoin gives an announcement aliased n its host's account as
// alias. Announcements are a host's own words, always signed.
func announcerJoin(n, alias string) string {
	return "LEFT JOIN accounts " + alias + " ON " + alias + ".id = " + n + ".author_id"
}

// dbTime scans a time that SQLite hands back as text (the result of an
// expression, which has no declared type) as well as a time.
type dbTime struct {
	sql.NullTime
}

func (t *dbTime) Scan(src any) error {
	switch v := src.(type) {
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	}
	return t.NullTime.Scan(src)
}

func (t *dbTime) parse(s string) error {
	for _, layout := range sqlite3.SQLiteTimestampFormats {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time, t.Valid = v.UTC(), true
			return nil
		}
	}
	return fmt.Errorf("not a time: %q", s)
}
