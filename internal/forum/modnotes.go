package forum

import (
	"time"
)

// ModNote is a note moderators keep for each other on a post. Only
// moderators and admins read it; it names its writer, never the post's.
type ModNote struct {
	// Writer is the pseudonym of the moderator or admin who wrote it, or
	// FormerModeratorName once their account is erased.
	Writer    string
	Body      string
	CreatedAt time.Time
}

// FormerModeratorName stands for the writer of a note whose account is gone.
const FormerModeratorName = "Former moderator"

// ModNoteMax bounds a note between moderators, in characters.
const ModNoteMax = ReasonMax

// CheckModNote cleans a note and says what is wrong with it, by the field "note".
func CheckModNote(note string) (string, error) {
	var fe FieldErrors
	checkText(&fe, "note", "The note", note, 1, ModNoteMax)
	clean, _ := CleanText(note)
	return clean, fe.Err()
}
