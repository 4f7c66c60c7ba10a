// Package familypage serves a family's own page, /family/{token}: the plan
// it agreed with the programme in plain words and in its language, its next
// steps and appointments, who to talk to, and a form to tell the programme
// how it is going. The token in the link is the only key: no account, no
// password. A wrong, expired or revoked link, or an erased record, gets one
// neutral page that reveals nothing; guessing is rate-limited per client
// address and audited.
//
// The page works without JavaScript, asks nothing of any other site, is
// not indexed, not cached and sends no referrer: the token is in its URL.
package familypage

import (
	"embed"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// Contact is the programme's address, shown to families beside their
// technician's first name.
const Contact = "rural@cepaim.org"

// Wrong links an address may try per window before it is refused.
const (
	guessLimit  = 10
	guessWindow = 10 * time.Minute
)

// Config is what a Server needs.
type Config struct {
	Family      senderos.FamilyService
	Cases       senderos.CaseService
	Submissions senderos.SubmissionService // the family's language and first name
	Staff       senderos.StaffService      // the technician's first name
	Audit       senderos.AuditService
	// Matches and Offers show the family a proposal and take its answer;
	// without them the page shows none.
	Matches senderos.MatchService
	Offers  senderos.OfferService

	// FormKey is the portal's key; the page's form tokens are signed with
	// a key derived from it.
	FormKey        []byte
	TrustedProxies int

	Logger *slog.Logger
	Now    func() time.Time
}

// Server answers /family/.
type Server struct {
	router *mux.Router
	logger *slog.Logger
	now    func() time.Time

	family      senderos.FamilyService
	cases       senderos.CaseService
	submissions senderos.SubmissionService
	staff       senderos.StaffService
	audits      senderos.AuditService
	matches     senderos.MatchService
	offers      senderos.OfferService

	formKey        []byte // signs the feedback form's token, bound to the link
	trustedProxies int
	guesses        *web.RateLimiter // wrong links, per client address
}

// NewServer returns a Server with c, or what c lacks.
func NewServer(c Config) (*Server, error) {
	if c.Family == nil || c.Cases == nil || c.Submissions == nil || c.Staff == nil || c.Audit == nil {
		return nil, errors.New("familypage: needs the family, case, submission, staff and audit services")
	}
	if (c.Matches == nil) != (c.Offers == nil) {
		return nil, errors.New("familypage: needs the match and offer services together")
	}
	var err error
	if c.Logger, c.Now, c.FormKey, err = web.Defaults("familypage", c.Logger, c.Now, c.FormKey); err != nil {
		return nil, err
	}
	s := &Server{
		router: mux.NewRouter(), logger: c.Logger, now: c.Now,
		family: c.Family, cases: c.Cases, submissions: c.Submissions, staff: c.Staff, audits: c.Audit,
		matches: c.Matches, offers: c.Offers,
		formKey:        web.DeriveKey(c.FormKey, web.FamilyPageKeyLabel),
		trustedProxies: c.TrustedProxies,
		guesses:        web.NewWindowLimiter(guessLimit, guessWindow, c.Now),
	}
	s.registerRoutes(s.router)
	return s, nil
}

// ServeHTTP answers a request under /family/.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	web.Protect(s.router).ServeHTTP(w, r)
}

//go:embed templates static
var files embed.FS

func (s *Server) registerRoutes(r *mux.Router) {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.handleNeutral))

	f := r.PathPrefix("/family").Subrouter()
	f.Use(web.RequestID, web.LogRequests(s.logger), web.Private)
	f.HandleFunc("/static/family.css", web.Stylesheet(files, "static/family.css")).Methods(http.MethodGet, http.MethodHead)
	f.Handle("/{token}", http.HandlerFunc(s.handlePage)).Methods(http.MethodGet, http.MethodHead)
	f.Handle("/{token}", cop.Handler(http.HandlerFunc(s.handleFeedback))).Methods(http.MethodPost)
	if s.matches != nil {
		f.Handle("/{token}/proposal", cop.Handler(http.HandlerFunc(s.handleAnswer))).Methods(http.MethodPost)
	}
	// Any other path gets the neutral page too: it tells nothing.
	f.NotFoundHandler = web.RequestID(web.LogRequests(s.logger)(web.Private(http.HandlerFunc(s.handleNeutral))))
	f.MethodNotAllowedHandler = f.NotFoundHandler
	r.NotFoundHandler = f.NotFoundHandler
}
