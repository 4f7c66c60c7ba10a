// Package api is the portal's HTTP API, served under /api/v1 with
// gorilla/mux. It parses and validates requests, calls the domain services
// it is given and writes responses; it knows nothing about how they store or
// index anything.
package api

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
)

// Config is what the API is built from.
type Config struct {
	Logger      *slog.Logger
	Submissions senderos.SubmissionService
	Places      senderos.PlaceService
	// Search is the library's index; nil answers searches with 501.
	Search senderos.SearchIndex
	// Pages are the site's built pages; nil answers forms sent without
	// JavaScript with plain pages.
	Pages Pages

	// FormKey (at least 32 bytes) is the key from which the keys signing
	// form tokens and staff logins, and keying the MAC that recognises a
	// form sent twice, are derived; replicas must share it.
	FormKey []byte
	// MinFillTime is how long a person needs at least to fill in a form.
	MinFillTime time.Duration
	// RateLimit is how many submissions a client address may send per
	// minute; 0 means no limit.
	RateLimit int
	// TrustedProxies is how many proxies stand between the clients and
	// the API (Netlify's is one), whose X-Forwarded-For entries are
	// believed; 0 takes the connection's address.
	TrustedProxies int
	// TrustedOrigins may post forms besides the API's own origin, e.g.
	// the site's origin when the API runs on another host.
	TrustedOrigins []string

	// The back-office under /staff/; nil Staff leaves it out.
	Staff    senderos.StaffService
	Sessions senderos.SessionService
	Audit    senderos.AuditService
	Profiles senderos.ProfileService
	// NotifyStaff, when set, makes each new submission (not suspected
	// spam) queue a staff notification in the outbox, in the transaction
	// that stores it; it is called once that is durable, to wake the
	// sender. Nil queues nothing.
	NotifyStaff func()
	// OnPublish is called after a municipality profile is published or
	// changed (rebuild the site, call a build hook); nil does nothing.
	OnPublish func(ctx context.Context)
	// SessionIdle and SessionMax bound a staff session (30 minutes and
	// 12 hours if zero).
	SessionIdle, SessionMax time.Duration
	// PublicURL is the portal's public address (https://host), from which
	// the back-office makes set-up links; empty, it makes none.
	PublicURL string
	// SecureCookies marks the back-office cookies Secure (behind HTTPS).
	SecureCookies bool
	// SiteStatus says whether the site served beside the API is
	// SiteBuilding or SiteServing, for the health check; nil when the API
	// runs without the site.
	SiteStatus func() string

	Version string
	Now     func() time.Time
}

// Server holds the API's dependencies and its router.
type Server struct {
	router *mux.Router
	logger *slog.Logger

	Submissions senderos.SubmissionService
	Places      senderos.PlaceService
	search      senderos.SearchIndex
	pages       Pages

	tokens         *tokens
	dedupKey       []byte // keys the MAC of forms sent without JavaScript
	staffKey       []byte // signs staff logins half done and set-up secrets
	limiter        *rateLimiter
	trustedProxies int

	staff       senderos.StaffService
	sessions    senderos.SessionService
	audits      senderos.AuditService
	profiles    senderos.ProfileService
	notifyStaff func()
	onPublish   func(ctx context.Context)

	sessionIdle, sessionMax time.Duration
	secureCookies           bool
	publicURL               string
	login                   *loginGuard

	version    string
	siteStatus func() string
	Now        func() time.Time
}

// dedupKey derives from the form key the key of the MAC that recognises a
// form sent twice: every replica has the form key, and one secret never
// serves two purposes.
func dedupKey(formKey []byte) []byte {
	return deriveKey(formKey, dedupKeyLabel)
}

// NewServer returns a Server with every route registered.
func NewServer(c Config) (*Server, error) {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.FormKey == nil {
		c.FormKey = make([]byte, 32)
		rand.Read(c.FormKey)
	} else if len(c.FormKey) < 32 {
		return nil, fmt.Errorf("api: the form key must have at least 32 bytes")
	}
	if c.MinFillTime == 0 {
		c.MinFillTime = 5 * time.Second
	}
	if c.Version == "" {
		c.Version = "dev"
	}
	s := &Server{
		router: mux.NewRouter(), logger: c.Logger,
		Submissions: c.Submissions, Places: c.Places, search: c.Search, pages: c.Pages,
		tokens:         newTokens(c.FormKey, c.MinFillTime, c.Now),
		staffKey:       deriveKey(c.FormKey, staffKeyLabel),
		trustedProxies: c.TrustedProxies, version: c.Version, siteStatus: c.SiteStatus, Now: c.Now,

		staff: c.Staff, sessions: c.Sessions, audits: c.Audit, profiles: c.Profiles,
		notifyStaff: c.NotifyStaff, onPublish: c.OnPublish, dedupKey: dedupKey(c.FormKey),
		sessionIdle: c.SessionIdle, sessionMax: c.SessionMax, secureCookies: c.SecureCookies,
		publicURL: c.PublicURL,
		login:     newLoginGuard(c.FormKey, c.Now),
	}
	if s.sessionIdle == 0 {
		s.sessionIdle = 30 * time.Minute
	}
	if s.sessionMax == 0 {
		s.sessionMax = 12 * time.Hour
	}
	if c.RateLimit > 0 {
		s.limiter = &rateLimiter{perMinute: float64(c.RateLimit), now: c.Now, buckets: map[string]*bucket{}}
	}
	cop := http.NewCrossOriginProtection()
	for _, o := range c.TrustedOrigins {
		if err := cop.AddTrustedOrigin(o); err != nil {
			return nil, fmt.Errorf("api: trusted origin %q: %w", o, err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := &request{lang: requestLang(r, ""), json: !isFormPost(r)}
		s.requestError(w, r, req, http.StatusForbidden, senderos.EFORBIDDEN, msgCrossOrigin)
	}))

	v1 := s.router.PathPrefix("/api/v1").Subrouter()
	v1.Use(s.requestID, s.logRequests, cop.Handler)
	v1.NotFoundHandler = s.logRequests(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, localError(senderos.ENOTFOUND, text(requestLang(r, ""), msgNoSuchEndpoint)))
	}))
	s.registerHealthRoutes(v1)
	s.registerOpenAPIRoutes(v1)
	s.registerTokenRoutes(v1)
	s.registerThanksRoutes(v1)
	s.registerSearchRoutes(v1)

	intake := v1.NewRoute().Subrouter()
	intake.Use(s.limit)
	s.registerInterestRoutes(intake)
	s.registerMunicipalityRoutes(intake)
	s.registerProfileRoutes(v1)
	if s.staff != nil {
		if s.sessions == nil || s.audits == nil || s.profiles == nil {
			return nil, fmt.Errorf("api: the back-office needs sessions, an audit log and profiles")
		}
		s.registerStaffRoutes(s.router)
	}
	return s, nil
}

// ServeHTTP implements http.Handler. Nothing the API or the back-office
// answers may be kept by a browser or proxy (live status, references,
// personal data, sessions' pages) unless its handler says otherwise.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	securityHeaders(s.router).ServeHTTP(w, r)
}

// SecurityHeaders are set on every response of the API — JSON, the pages
// of forms sent without JavaScript, search results, thank-you and error
// pages — before any handler runs: the site's own policy (its pages are
// the site's, filled in), which site.SecurityHeaders sets on the site, and
// no framing. The back-office sets its stricter CSP over them.
var SecurityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; media-src 'self'; object-src 'none'; " +
		"base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options":     "nosniff",
	"X-Frame-Options":            "DENY",
	"Referrer-Policy":            "strict-origin-when-cross-origin",
	"Permissions-Policy":         "camera=(), microphone=(), geolocation=(), interest-cohort=()",
	"Cross-Origin-Opener-Policy": "same-origin",
}

// securityHeaders sets SecurityHeaders on every response of next, the
// router's 404 and 405 answers included.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range SecurityHeaders {
			h.Set(k, v)
		}
		next.ServeHTTP(w, r)
	})
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
		route := "unmatched"
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
