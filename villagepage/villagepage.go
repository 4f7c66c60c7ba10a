// Package villagepage serves a municipality's private page,
// /village/{token}: the village's open job offers and homes, forms to
// propose adding one, closing one, or updating the village's services and
// distances (each a change staff review before it is public), the changes
// waiting for review, and the programme's proposals for the village, which
// the municipality accepts or declines. The token in the link is the only
// key: no account, no password. A wrong, expired or revoked link gets one
// neutral page that reveals nothing; guessing is rate-limited per client
// address and audited.
//
// The page works without JavaScript, asks nothing of any other site, is
// not indexed, not cached and sends no referrer: the token is in its URL.
package villagepage

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

// Contact is the programme's address, shown on the page.
const Contact = "rural@cepaim.org"

// Wrong links an address may try per window before it is refused.
const (
	guessLimit  = 10
	guessWindow = 10 * time.Minute
)

// Config is what a Server needs.
type Config struct {
	Villages senderos.VillageService
	Offers   senderos.OfferService
	Matches  senderos.MatchService
	Audit    senderos.AuditService

	// FormKey is the portal's key; the page's form tokens are signed with
	// a key derived from it.
	FormKey        []byte
	TrustedProxies int

	Logger *slog.Logger
	Now    func() time.Time
}

// Server answers /village/.
type Server struct {
	router *mux.Router
	logger *slog.Logger
	now    func() time.Time

	villages senderos.VillageService
	offers   senderos.OfferService
	matches  senderos.MatchService
	audits   senderos.AuditService

	formKey        []byte // signs the forms' token, bound to the link
	trustedProxies int
	guesses        *web.RateLimiter // wrong links, per client address
}

// NewServer returns a Server with c, or what c lacks.
func NewServer(c Config) (*Server, error) {
	if c.Villages == nil || c.Offers == nil || c.Matches == nil || c.Audit == nil {
		return nil, errors.New("villagepage: needs the village, offer, match and audit services")
	}
	var err error
	if c.Logger, c.Now, c.FormKey, err = web.Defaults("villagepage", c.Logger, c.Now, c.FormKey); err != nil {
		return nil, err
	}
	s := &Server{
		router: mux.NewRouter(), logger: c.Logger, now: c.Now,
		villages: c.Villages, offers: c.Offers, matches: c.Matches, audits: c.Audit,
		formKey:        web.DeriveKey(c.FormKey, web.VillagePageKeyLabel),
		trustedProxies: c.TrustedProxies,
		guesses:        web.NewWindowLimiter(guessLimit, guessWindow, c.Now),
	}
	s.registerRoutes(s.router)
	return s, nil
}

// ServeHTTP answers a request under /village/.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	web.Protect(s.router).ServeHTTP(w, r)
}

//go:embed templates static
var files embed.FS

func (s *Server) registerRoutes(r *mux.Router) {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.handleNeutral))

	v := r.PathPrefix("/village").Subrouter()
	v.Use(web.RequestID, web.LogRequests(s.logger), web.Private)
	v.HandleFunc("/static/village.css", web.Stylesheet(files, "static/village.css")).Methods(http.MethodGet, http.MethodHead)
	v.Handle("/{token}", http.HandlerFunc(s.handlePage)).Methods(http.MethodGet, http.MethodHead)
	for action, h := range map[string]http.HandlerFunc{
		"job": s.handleJob, "home": s.handleHome, "close": s.handleClose,
		"village": s.handleVillage, "answer": s.handleAnswer,
	} {
		v.Handle("/{token}/"+action, cop.Handler(h)).Methods(http.MethodPost)
	}
	// Any other path gets the neutral page too: it tells nothing.
	v.NotFoundHandler = web.RequestID(web.LogRequests(s.logger)(web.Private(http.HandlerFunc(s.handleNeutral))))
	v.MethodNotAllowedHandler = v.NotFoundHandler
	r.NotFoundHandler = v.NotFoundHandler
}
