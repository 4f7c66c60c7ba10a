// Package backoffice is the staff back-office, served under /staff/ with
// gorilla/mux and html/template: login with a password and a second factor,
// set-up links, sessions, accounts, the families' records, the review of
// municipality sign-ups, the audit log, exports and erasure. Its pages work
// without JavaScript, in the site's four languages. It calls the domain
// services it is given and knows nothing about how they store anything.
// The public API is package api; what both need is internal/web.
package backoffice

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// Server holds the back-office's dependencies and its router.
type Server struct {
	router *mux.Router
	logger *slog.Logger

	Submissions senderos.SubmissionService
	Places      senderos.PlaceService
	Cases       senderos.CaseService
	Warnings    senderos.WarningService
	Families    senderos.FamilyService
	Offers      senderos.OfferService
	Matches     senderos.MatchService
	Villages    senderos.VillageService
	staff       senderos.StaffService
	sessions    senderos.SessionService
	audits      senderos.AuditService
	profiles    senderos.ProfileService
	onPublish   func(ctx context.Context)

	staffKey       []byte // signs staff logins half done and set-up secrets
	calendarKey    []byte // keys the HMAC of staff's calendar feed tokens
	deviceKey      []byte // signs the cookies of devices logged in from before
	trustedProxies int
	login          *loginGuard

	sessionIdle, sessionMax time.Duration
	secureCookies           bool
	publicURL               string
	mailFamily              MailFamily // nil without SMTP
	indicators              senderos.IndicatorService
	esf                     senderos.ESFService

	Now func() time.Time
}

// NewServer returns a Server with every route of the back-office
// registered under /staff/.
func NewServer(c Config) (*Server, error) {
	if c.Staff == nil || c.Submissions == nil || c.Sessions == nil || c.Audit == nil || c.Profiles == nil {
		return nil, errors.New("backoffice: needs submissions, staff, sessions, an audit log and profiles")
	}
	var err error
	if c.Logger, c.Now, c.FormKey, err = web.Defaults("backoffice", c.Logger, c.Now, c.FormKey); err != nil {
		return nil, err
	}
	s := &Server{
		router: mux.NewRouter(), logger: c.Logger,
		Submissions: c.Submissions, Places: c.Places, Cases: c.Cases, Warnings: c.Warnings, Families: c.Families,
		Offers: c.Offers, Matches: c.Matches, Villages: c.Villages, staff: c.Staff, sessions: c.Sessions, audits: c.Audit, profiles: c.Profiles,
		onPublish: c.OnPublish,
		staffKey:  web.DeriveKey(c.FormKey, web.StaffKeyLabel),
		// Known devices' cookies were signed with the form-token key
		// until they got a key of their own: each device logs in once
		// as a new one (behind the queue) before it is known again.
		deviceKey:      web.DeriveKey(c.FormKey, web.DeviceKeyLabel),
		calendarKey:    web.DeriveKey(c.FormKey, calendarKeyLabel),
		trustedProxies: c.TrustedProxies,
		login:          newLoginGuard(c.FormKey, c.Now),
		sessionIdle:    c.SessionIdle, sessionMax: c.SessionMax,
		secureCookies: c.SecureCookies, publicURL: c.PublicURL,
		mailFamily: c.MailFamily,
		Now:        c.Now,
	}
	if s.sessionIdle == 0 {
		s.sessionIdle = 30 * time.Minute
	}
	if s.sessionMax == 0 {
		s.sessionMax = 12 * time.Hour
	}
	s.indicators, s.esf = c.Indicators, c.ESF
	s.registerStaffRoutes(s.router)
	return s, nil
}

// ServeHTTP implements http.Handler. Every answer carries the security
// headers (the back-office's stricter CSP over them), and none may be
// kept by a browser or proxy unless its handler says otherwise.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	web.Protect(s.router).ServeHTTP(w, r)
}
