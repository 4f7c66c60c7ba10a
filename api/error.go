package api

import (
	"encoding/json"
	"net/http"

	"github.com/cepaim/senderos"
)

var errNotFound = senderos.Errorf(senderos.ENOTFOUND, "No such endpoint.")

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

// Error writes err as a JSON error response. Internal errors are logged in
// full and shown to the user only as a generic message.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code, message := senderos.ErrorCode(err), senderos.ErrorMessage(err)
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
