package forum

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what people type. They are generous for practice discussion and
// small enough that one post can never be a denial of service.
const (
	TitleMin      = 5
	TitleMax      = 150
	BodyMin       = 2
	BodyMax       = 20000
	PseudonymMin  = 3
	PseudonymMax  = 30
	PassphraseMin = 15 // NCSC "three random words": length, not composition rules
	PassphraseMax = 500
)

// FieldError is one problem with one form field, in words for the person.
type FieldError struct {
	Field   string
	Message string
}

// FieldErrors lists a form's problems in the order of its fields, which is the
// order the error summary shows them.
type FieldErrors []FieldError

// Add appends a problem for field.
func (fe *FieldErrors) Add(field, message string) { *fe = append(*fe, FieldError{field, message}) }

// For returns the message for field, or "".
func (fe FieldErrors) For(field string) string {
	for _, e := range fe {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// Err turns a non-empty list into an EINVALID error carrying the list.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: fe[0].Message, Err: fieldErrorsErr(fe)}
}

type fieldErrorsErr FieldErrors

func (f fieldErrorsErr) Error() string { return "invalid fields" }

// FieldErrorsOf recovers the field list from an error made by FieldErrors.Err.
func FieldErrorsOf(err error) FieldErrors {
	var f fieldErrorsErr
	if errors.As(err, &f) {
		return FieldErrors(f)
	}
	return nil
}

// CleanText trims s and reports whether it holds control characters other
// than newlines and tabs, which no honest form sends.
func CleanText(s string) (string, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			return s, false
		}
	}
	return s, true
}

// checkText validates a free-text field against a length range, in characters.
func checkText(fe *FieldErrors, field, label, value string, min, max int) {
	clean, ok := CleanText(value)
	n := utf8.RuneCountInString(clean)
	switch {
	case !ok:
		fe.Add(field, label+" contains characters we cannot accept")
	case n == 0:
		fe.Add(field, "Enter "+strings.ToLower(label[:1])+label[1:])
	case n < min:
		fe.Add(field, label+" must be at least "+strconv.Itoa(min)+" characters")
	case n > max:
		fe.Add(field, label+" must be "+strconv.Itoa(max)+" characters or fewer")
	}
}

// ContentNoteMax is the longest content note, in characters.
const ContentNoteMax = 100

// checkNote validates and tidies an optional content note.
func checkNote(fe *FieldErrors, note *string) {
	clean, ok := CleanText(*note)
	*note = strings.Join(strings.Fields(clean), " ")
	switch {
	case !ok:
		fe.Add("content_note", "The content note contains characters we cannot accept")
	case utf8.RuneCountInString(*note) > ContentNoteMax:
		fe.Add("content_note", "Keep the content note to "+strconv.Itoa(ContentNoteMax)+" characters")
	}
}

// NewTopic is a request to start a topic: a title and its opening post.
type NewTopic struct {
	ForumID   int64
	AuthorID  int64
	Title     string
	Body      string
	Anonymous bool
	// SubmissionKey is the form's one-time key: sending the same form
	// twice (a double click, a retry) makes one topic, not two.
	SubmissionKey string
	// ContentNote warns readers of distressing detail; empty for none.
	ContentNote string
}

// Validate checks the topic's fields and tidies them in place.
func (t *NewTopic) Validate() error {
	var fe FieldErrors
	checkText(&fe, "title", "Title", t.Title, TitleMin, TitleMax)
	checkText(&fe, "body", "Your post", t.Body, BodyMin, BodyMax)
	checkNote(&fe, &t.ContentNote)
	t.Title, _ = CleanText(t.Title)
	t.Body, _ = CleanText(t.Body)
	return fe.Err()
}

// NewReply is a request to answer a topic, or one post in it.
type NewReply struct {
	TopicID       int64
	ParentID      *int64
	AuthorID      int64
	Body          string
	Anonymous     bool
	SubmissionKey string
	ContentNote   string
}

// Validate checks the reply's body and tidies it in place.
func (r *NewReply) Validate() error {
	var fe FieldErrors
	checkText(&fe, "body", "Your reply", r.Body, BodyMin, BodyMax)
	checkNote(&fe, &r.ContentNote)
	r.Body, _ = CleanText(r.Body)
	return fe.Err()
}

// NewAccount is a request to create an account.
type NewAccount struct {
	Pseudonym  string
	Passphrase string
	Role       Role
}

// Validate checks the pseudonym and passphrase, and puts the pseudonym in
// the form it is stored in (NormalisePseudonym).
func (a *NewAccount) Validate() error {
	var fe FieldErrors
	if msg := a.normalisePseudonym(); msg != "" {
		fe.Add("pseudonym", msg)
	}
	n := utf8.RuneCountInString(a.Passphrase)
	_, clean := CleanText(a.Passphrase)
	switch {
	case !clean:
		fe.Add("passphrase", "Passphrase contains characters we cannot accept")
	case n < PassphraseMin:
		fe.Add("passphrase", "Passphrase must be at least "+strconv.Itoa(PassphraseMin)+" characters: try three random words")
	case n > PassphraseMax:
		fe.Add("passphrase", "Passphrase must be "+strconv.Itoa(PassphraseMax)+" characters or fewer")
	}
	if _, err := ParseRole(string(a.Role)); err != nil {
		fe.Add("role", ErrorMessage(err))
	}
	return fe.Err()
}

// normalisePseudonym puts the pseudonym in its stored form and says what is
// wrong with it, or "". A pseudonym PRECIS refuses is left trimmed.
func (a *NewAccount) normalisePseudonym() string {
	n, err := NormalisePseudonym(a.Pseudonym)
	if err != nil {
		a.Pseudonym = strings.TrimSpace(a.Pseudonym)
		return precisProblem(a.Pseudonym)
	}
	a.Pseudonym = n
	return PseudonymProblem(n, a.Role)
}
