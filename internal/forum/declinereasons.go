package forum

import (
	"strconv"
	"unicode/utf8"
)

// DeclineReason is a preset reason for declining a post, which an admin
// edits. Moderators pick it by its Label; the author reads its Text.
type DeclineReason struct {
	ID    int64
	Key   string // what the queue's form sends; stable across edits
	Label string
	Text  string
	// Version changes with every edit, for optimistic locking.
	Version int
}

// DeclineOther is the queue's "Other — write your own": the author reads
// the moderator's note alone.
const DeclineOther = "other"

// DeclineLabelMax bounds a reason's label, which fits on one line of the
// queue's list.
const DeclineLabelMax = 80

// DeclineReasonEdit is an admin's new or changed decline reason.
type DeclineReasonEdit struct {
	Label, Text string
	Version     int
}

// Validate cleans the edit in place and says what is wrong with it, by the
// fields "label" and "text".
func (e *DeclineReasonEdit) Validate() error {
	var fe FieldErrors
	checkText(&fe, "label", "A short label for moderators", e.Label, 1, DeclineLabelMax)
	CheckReason(&fe, "text", e.Text, "Enter the text the author will read", 1)
	if err := fe.Err(); err != nil {
		return err
	}
	e.Label, _ = CleanText(e.Label)
	e.Text, _ = CleanText(e.Text)
	return nil
}

// DeclineReasonFor is what the author of a declined post reads: the text
// of the preset reason chosen by key among reasons (copied now, so that an
// admin's later edit changes nothing they have read), followed by the
// moderator's note; with DeclineOther, the note alone. Its field errors
// are "reason" and "note".
func DeclineReasonFor(reasons []DeclineReason, key, note string) (string, error) {
	var fe FieldErrors
	text := ""
	for _, r := range reasons {
		if r.Key == key && key != DeclineOther {
			text = r.Text
		}
	}
	if text == "" && key != DeclineOther {
		fe.Add("reason", "Choose a reason for declining the post")
	}
	clean, ok := CleanText(note)
	switch {
	case !ok:
		fe.Add("note", "The note contains characters we cannot accept")
	case key == DeclineOther && clean == "":
		fe.Add("note", "Say in the note why the post is declined")
	case utf8.RuneCountInString(clean) > ReasonMax:
		fe.Add("note", "The note must be "+strconv.Itoa(ReasonMax)+" characters or fewer")
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	switch {
	case key == DeclineOther:
		text = clean
	case clean != "":
		text += ". " + clean
	}
	return text, nil
}
