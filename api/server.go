// Package api is the portal's HTTP API, served under /api/v1 with
// gorilla/mux. It parses and validates requests, calls the domain services
// it is given and writes responses; it knows nothing about how they store or
// index anything.
package api

import (
	"crypto/rand"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/mux"
)

// Server holds the API's dependencies and its router.
type Server struct {
	router *mux.Router
	logger *slog.Logger

	// Version is reported by the health endpoint.
	Version string
	// Now returns the current time; tests may replace it.
	Now func() time.Time
}

// NewServer returns a Server whose routes are all registered.
func NewServer(logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{router: mux.NewRouter(), logger: logger, Now: time.Now, Version: "dev"}
	v1 := s.router.PathPrefix("/api/v1").Subrouter()
	v1.Use(s.requestID, s.logRequests)
	s.registerHealthRoutes(v1)
	v1.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, errNotFound)
	})
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.router.ServeHTTP(w, r)
}

type ctxKey int

const requestIDKey ctxKey = iota

// requestID gives every request an id, returned in X-Request-Id and
// carried by every log line about the request.
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := rand.Text()[:16]
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(contextWithRequestID(r.Context(), id)))
	})
}

// logRequests logs method, route, status and duration — never bodies,
// query strings or addresses, which may carry personal data.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		route := r.URL.Path
		if m := mux.CurrentRoute(r); m != nil {
			if tpl, err := m.GetPathTemplate(); err == nil {
				route = tpl
			}
		}
		s.logger.Info("request", "request_id", requestIDFrom(r.Context()), "method", r.Method,
			"route", route, "status", rec.status, "duration_ms", time.Since(start).Milliseconds())
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}
