// Package web is what the portal's two front ends, the public API (package
// api, under /api/v1) and the staff back-office (package backoffice, under
// /staff/), both need and must do alike: request ids and access logs, the
// language an answer is worded in, the one mapping of domain error codes
// to HTTP statuses, the security headers, the client's address behind
// trusted proxies, the rate limiter, the keys derived from the one
// configured key, and the defaults both servers take. Neither front end
// imports the other; both import this.
package web

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/mux"
)

type ctxKey int

const requestIDKey ctxKey = iota

// RequestID gives every request an id, returned in X-Request-Id and
// carried by every log line about the request.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := rand.Text()[:16]
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

// RequestIDFrom returns the id RequestID gave the request of ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// LogRequests returns a middleware that logs to logger the method, route,
// status and duration of each request — never bodies, query strings or
// addresses, which may carry personal data.
func LogRequests(logger *slog.Logger) mux.MiddlewareFunc {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(rec, r)
			route := "unmatched"
			if m := mux.CurrentRoute(r); m != nil {
				if tpl, err := m.GetPathTemplate(); err == nil {
					route = tpl
				}
			}
			logger.Info("request", "request_id", RequestIDFrom(r.Context()), "method", r.Method,
				"route", route, "status", rec.status, "duration_ms", time.Since(start).Milliseconds())
		})
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}
