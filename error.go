package senderos

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in the api package.
const (
	EBADREQUEST     = "bad_request"
	ECONFLICT       = "conflict"
	EINTERNAL       = "internal"
	EINVALID        = "invalid"
	ENOTFOUND       = "not_found"
	ENOTIMPLEMENTED = "not_implemented"
	EUNAUTHORIZED   = "unauthorized"
	EFORBIDDEN      = "forbidden"
	ETOOLARGE       = "too_large"
	ETOOMANY        = "too_many_requests"
)

// Error is the portal's error. Message is safe to show to a user; anything
// that is not an *Error is reported to users as an internal error and logged
// in full.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("senderos error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err's *Error, EINTERNAL for any other
// non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err's *Error, or a generic
// message for any other error.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// Problem codes: what is wrong with one field, as a stable string that the
// front ends word in the person's language next to the field. The first
// ones are the forms' own (the api package's message keys); the others are
// the itinerary's.
const (
	ProblemRequired     = "required"
	ProblemTooLong      = "too_long"
	ProblemNotInList    = "not_in_list"
	ProblemOutOfRange   = "out_of_range"
	ProblemTooManyItems = "too_many_items"
	ProblemBadText      = "bad_text"
	ProblemInvisible    = "invisible_text"

	// ProblemDateOrder is a date before the one it must follow (a due
	// date before the case was opened, an agreement before its revision);
	// Args holds the field it must follow.
	ProblemDateOrder = "date_order"
	// ProblemDateFuture is a date in the future for something recorded as
	// done (a visit, a follow-up, an agreement).
	ProblemDateFuture = "date_future"
	// ProblemNotMoved is a follow-up for a family that has not moved.
	ProblemNotMoved = "not_moved"
	// ProblemSuperseded is a change to a revision that a newer one
	// replaced: only the current revision may be revised or agreed to.
	ProblemSuperseded = "superseded"
	// ProblemDuplicate is a value given twice where each must be unique
	// (two goals with one number, a month twice in a schedule).
	ProblemDuplicate = "duplicate"
	// ProblemUnknownGoal is a link to a goal the itinerary does not have.
	ProblemUnknownGoal = "unknown_goal"
)

// FieldProblem is what is wrong with one field of a value: the field's name
// as the forms name it (e.g. "target", "goals.2.due"), a Problem code, and
// the values its message needs (a length, a range, another field).
type FieldProblem struct {
	Field string
	Code  string
	Args  []any
}

// Problems are the problems of a value, in field order. As an error it is
// EINVALID (ErrorCode finds the *Error it unwraps to), and the front ends
// take the fields from it with errors.As.
type Problems []FieldProblem

// Add appends a problem with field.
func (p *Problems) Add(field, code string, args ...any) {
	*p = append(*p, FieldProblem{Field: field, Code: code, Args: args})
}

// Has reports whether field has a problem.
func (p Problems) Has(field string) bool {
	for _, q := range p {
		if q.Field == field {
			return true
		}
	}
	return false
}

// Err returns p as an error, or nil when there is no problem.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

// Error implements the error interface; it names the fields, never their
// values.
func (p Problems) Error() string {
	s := "senderos problems:"
	for _, q := range p {
		s += " " + q.Field + "=" + q.Code
	}
	return s
}

// Unwrap makes Problems an EINVALID *Error for ErrorCode and
// ErrorMessage.
func (p Problems) Unwrap() error {
	return &Error{Code: EINVALID, Message: "Some fields need checking."}
}
