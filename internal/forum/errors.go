// Package forum holds the forum's domain: its types, its rules and its errors.
// It imports neither HTTP nor SQL, so the store and the web layer can both
// speak it without knowing about each other.
package forum

import (
	"errors"
	"fmt"
)

// Error codes name what went wrong in terms a handler can map to a status.
const (
	EINVALID   = "invalid"   // the input breaks a rule; Message says which
	ENOTFOUND  = "not_found" // no such thing, or not visible to this person
	ECONFLICT  = "conflict"  // already exists, or someone else changed it first
	EFORBIDDEN = "forbidden" // signed in but not allowed
	EUNAUTH    = "unauthorized"
	ETOOMANY   = "too_many" // slow down: a rate limit or throttle
	EINTERNAL  = "internal"
)

// Error carries a safe Message for the person apart from the internal cause,
// so nothing from a driver or a stack ever reaches a page.
type Error struct {
	Code    string
	Message string
	Err     error // internal cause; logged, never shown
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf makes an Error with a safe, formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the safe message of err, or a generic one for internal errors.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "Something went wrong on our side. Please try again."
}

// ErrNotFound is the common not-found error: the same for "does not exist"
// and "exists but you may not see it", so nothing leaks through the difference.
var ErrNotFound = &Error{Code: ENOTFOUND, Message: "We could not find that page."}
