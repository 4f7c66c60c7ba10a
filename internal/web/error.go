package web

import (
	"errors"
	"net/http"
	"slices"

	"github.com/cepaim/senderos"
)

// shownError is an error a front end worded itself, in the reader's
// language: its message is shown as it is. The messages of other errors
// (a store's, an index's) are for logs, in English; users get their code's
// message in their language instead.
type shownError struct{ err *senderos.Error }

func (e *shownError) Error() string { return e.err.Error() }
func (e *shownError) Unwrap() error { return e.err }

// LocalError returns an error with code whose message, already in the
// reader's language, is shown as it is.
func LocalError(code, message string) error {
	return &shownError{&senderos.Error{Code: code, Message: message}}
}

// ShownMessage returns the message of err if a front end worded it for
// the reader (LocalError), and false otherwise.
func ShownMessage(err error) (string, bool) {
	var e *shownError
	if errors.As(err, &e) {
		return e.err.Message, true
	}
	return "", false
}

// statuses maps each domain error code to its HTTP status.
var statuses = map[string]int{
	senderos.EBADREQUEST:     http.StatusBadRequest,
	senderos.ECONFLICT:       http.StatusConflict,
	senderos.EINVALID:        http.StatusUnprocessableEntity,
	senderos.ENOTFOUND:       http.StatusNotFound,
	senderos.ENOTIMPLEMENTED: http.StatusNotImplemented,
	senderos.EUNAUTHORIZED:   http.StatusUnauthorized,
	senderos.EFORBIDDEN:      http.StatusForbidden,
	senderos.ETOOLARGE:       http.StatusRequestEntityTooLarge,
	senderos.ETOOMANY:        http.StatusTooManyRequests,
	senderos.EINTERNAL:       http.StatusInternalServerError,
}

// ErrorStatus returns the HTTP status for a domain error code.
func ErrorStatus(code string) int {
	if status, ok := statuses[code]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// ErrorCodes lists the domain error codes ErrorStatus knows, sorted.
func ErrorCodes() []string {
	codes := make([]string, 0, len(statuses))
	for code := range statuses {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	return codes
}
