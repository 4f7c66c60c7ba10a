package api

import (
	"encoding/json"
	"net/http"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// userMessage is what a user reading language l is told of err: the
// API's own words, else its code's message.
func userMessage(l string, err error) string {
	if msg, ok := web.ShownMessage(err); ok && senderos.ErrorCode(err) != senderos.EINTERNAL {
		return msg
	}
	return text(l, codeMessages[senderos.ErrorCode(err)])
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
		s.logger.Error("internal error", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
	}
	s.writeJSON(w, r, web.ErrorStatus(code), ErrorResponse{Code: code, Message: message, RequestID: web.RequestIDFrom(r.Context())})
}

// writeJSON writes v with the given status.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		s.logger.Warn("write response", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
	}
}
