package store

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"

	"forum/internal/forum"
)

// An expert forum opens and closes by the clock alone (forum.State): no
// write is needed for readers to see it. The moderation log still records
// each opening and closing the schedule brings, once, as if the forum had
// done it itself ("System", "on schedule"). The forum's row keeps the
// instants already recorded (opening_logged_at, closing_logged_at): the
// host or admin who opens or closes a forum, or moves its schedule into
// the past, marks the instant as theirs, and a later change of schedule
// makes a new instant to record.

// scheduleActor is who the moderation log says opened or closed a forum
// on schedule: a name no account may take (forum.reservedNames).
const scheduleActor = "System"

// dueCondition is the SQL condition for an instant of mark that has come
// and is not recorded.
func dueCondition(at, logged string) string {
	return at + " <= ? AND (" + logged + " IS NULL OR " + logged + " <> " + at + ")"
}

// RecordScheduled writes into the moderation log the openings and closings
// of expert forums that their schedules have brought and nobody has
// recorded, and says how many. Each is recorded once, however many
// instances call it at once: one conditional UPDATE marks a forum's
// instant as recorded, and only the transaction whose UPDATE changed the
// row writes the log line (on PostgreSQL a second UPDATE waits for the
// first and then finds nothing to change).
func (s *Store) RecordScheduled(ctx context.Context) (int, error) {
	now := s.now()
	var due int64
	// Most calls find nothing: a read says so without queueing a write.
	if err := s.r(ctx).Model(&forumRow{}).Where("kind = ?", forum.KindExpert).
		Where("("+dueCondition("opens_at", "opening_logged_at")+") OR ("+dueCondition("closes_at", "closing_logged_at")+")", now, now).
		Count(&due).Error; err != nil || due == 0 {
		return 0, translate(err)
	}
	recorded := 0
	err := s.write(ctx, anyChange, func(tx *gorm.DB) error {
		recorded = 0
		// The instants a schedule brings, and where each is marked.
		for _, m := range []struct{ at, logged, action string }{
			{"opens_at", "opening_logged_at", ActionOpen},
			{"closes_at", "closing_logged_at", ActionClose},
		} {
			n, err := recordMark(tx, now, m.at, m.logged, m.action)
			if err != nil {
				return err
			}
			recorded += n
		}
		return nil
	})
	return recorded, err
}

// recordMark records each expert forum whose instant at has come unrecorded.
func recordMark(tx *gorm.DB, now time.Time, at, logged, action string) (int, error) {
	var due []struct {
		ID   int64
		Name string
		At   sql.NullTime
	}
	if err := tx.Model(&forumRow{}).Select("id, name, "+at+" AS at").Where("kind = ?", forum.KindExpert).
		Where(dueCondition(at, logged), now).Order(at + ", id").Find(&due).Error; err != nil {
		return 0, err
	}
	recorded := 0
	for _, f := range due {
		res := tx.Exec("UPDATE forums SET "+logged+" = "+at+" WHERE id = ? AND "+dueCondition(at, logged), f.ID, now)
		if res.Error != nil {
			return recorded, res.Error
		}
		if res.RowsAffected == 0 {
			continue // another instance recorded it first
		}
		if err := logAction(tx, f.At.Time.UTC(), forum.Account{Pseudonym: scheduleActor}, action, 0, 0, f.Name, "on schedule"); err != nil {
			return recorded, err
		}
		recorded++
	}
	return recorded, nil
}

// passed is t when it is set and not after now: an instant a write brings
// about at once, which the write records as its own.
func passed(t *time.Time, now time.Time) sql.NullTime {
	if t == nil || t.After(now) {
		return sql.NullTime{}
	}
	return optTime(t)
}

// sameTime reports whether a and b are the same instant, or both unset.
func sameTime(a, b sql.NullTime) bool {
	return a.Valid == b.Valid && (!a.Valid || a.Time.Equal(b.Time))
}
