package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/cepaim/senderos"
)

// shownError is an error the API worded itself, in the reader's language:
// its message is shown as it is. The messages of other errors (a store's,
// an index's) are for logs, in English; users get their code's message in
// their language instead.
type shownError struct{ err *senderos.Error }

func (e *shownError) Error() string { return e.err.Error() }
func (e *shownError) Unwrap() error { return e.err }

// localError returns an error with code whose message, already in the
// reader's language, is shown as it is.
func localError(code, message string) error {
	return &shownError{&senderos.Error{Code: code, Message: message}}
}

// userMessage is what a user reading language l is told of err: the
// API's own words, else its code's message.
func userMessage(l string, err error) string {
	if msg, ok := shownMessage(err); ok && senderos.ErrorCode(err) != senderos.EINTERNAL {
		return msg
	}
	return text(l, codeMessages[senderos.ErrorCode(err)])
}

// shownMessage returns the message of err if the API worded it for the
// reader, and false otherwise.
func shownMessage(err error) (string, bool) {
	var e *shownError
	if errors.As(err, &e) {
		return e.err.Message, true
	}
	return "", false
}

// codes maps each domain error code to its HTTP status.
var codes = map[string]int{
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
	if status, ok := codes[code]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// ErrorResponse is the JSON body of every error.
type ErrorResponse struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id,omitempty"`
}

// Error writes err as a JSON error response in the request's language.
// Internal errors are logged in full and shown to the user only as a
// generic message; errors the API did not word itself get their code's.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code, message := senderos.ErrorCode(err), userMessage(requestLang(r, ""), err)
	if code == senderos.EINTERNAL {
		s.logger.Error("internal error", "request_id", requestIDFrom(r.Context()), "error", err.Error())
	}
	s.writeJSON(w, r, ErrorStatus(code), ErrorResponse{Code: code, Message: message, RequestID: requestIDFrom(r.Context())})
}

// writeJSON writes v with the given status.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		s.logger.Warn("write response", "request_id", requestIDFrom(r.Context()), "error", err.Error())
	}
}
