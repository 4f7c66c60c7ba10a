// Package api is the portal's public HTTP API, served under /api/v1 with
// gorilla/mux: forms, places, search, published profiles, the OpenAPI
// document and health, and the site's pages it answers to forms sent
// without JavaScript and to searches. It parses and validates requests,
// calls the domain services it is given and writes responses; it knows
// nothing about how they store or index anything. The staff back-office
// is package backoffice; what both need is internal/web.
package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
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
	// Profiles are the published municipality profiles the site build
	// reads; nil answers their list with 501.
	Profiles senderos.ProfileService
	// Results are the public results the site build reads; nil answers
	// them with 501.
	Results senderos.ResultsService

	// FormKey (at least 32 bytes) is the key from which the keys signing
	// form tokens, and keying the MAC that recognises a form sent twice,
	// are derived (web.DeriveKey); replicas must share it.
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

	// NotifyStaff, when set, makes each new submission (not suspected
	// spam) queue a staff notification in the outbox, in the transaction
	// that stores it; it is called once that is durable, to wake the
	// sender. Nil queues nothing.
	NotifyStaff func()
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
	profiles    senderos.ProfileService
	results     senderos.ResultsService

	tokens         *tokens
	dedupKey       []byte // keys the MAC of forms sent without JavaScript
	limiter        *web.RateLimiter
	trustedProxies int
	notifyStaff    func()

	version    string
	siteStatus func() string
	Now        func() time.Time
}

// NewServer returns a Server with every route registered.
func NewServer(c Config) (*Server, error) {
	var err error
	if c.Logger, c.Now, c.FormKey, err = web.Defaults("api", c.Logger, c.Now, c.FormKey); err != nil {
		return nil, err
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
		profiles: c.Profiles, results: c.Results,
		tokens:         newTokens(c.FormKey, c.MinFillTime, c.Now),
		dedupKey:       web.DeriveKey(c.FormKey, web.DedupKeyLabel),
		trustedProxies: c.TrustedProxies, notifyStaff: c.NotifyStaff,
		version: c.Version, siteStatus: c.SiteStatus, Now: c.Now,
	}
	if c.RateLimit > 0 {
		s.limiter = web.NewRateLimiter(float64(c.RateLimit), c.Now)
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
	v1.Use(web.RequestID, web.LogRequests(s.logger), cop.Handler)
	v1.NotFoundHandler = web.LogRequests(s.logger)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, web.LocalError(senderos.ENOTFOUND, text(requestLang(r, ""), msgNoSuchEndpoint)))
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
	s.registerHostRoutes(intake)
	s.registerProfileRoutes(v1)
	s.registerResultsRoutes(v1)
	return s, nil
}

// ServeHTTP implements http.Handler. Every answer carries the security
// headers, and none may be kept by a browser or proxy (live status,
// references) unless its handler says otherwise.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	web.Protect(s.router).ServeHTTP(w, r)
}
