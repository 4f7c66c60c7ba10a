package backoffice

import (
	"embed"
	"net/http"
	"slices"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
	"github.com/cepaim/senderos/texts"
)

//go:embed static/staff.css
var staffStaticFS embed.FS

// staffCSP is the Content-Security-Policy of every back-office response:
// no inline scripts or styles, no framing.
const staffCSP = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'"

// registerStaffRoutes mounts the back-office on r under /staff/: the login,
// set-up and static routes are public; every other route needs a session,
// and every state-changing request on them the session's CSRF token.
func (s *Server) registerStaffRoutes(r *mux.Router) {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.staffError(w, r, web.LocalError(senderos.EFORBIDDEN, staffText(s.staffLang(r), "error.cross_origin")))
	}))

	staff := r.PathPrefix("/staff").Subrouter()
	staff.Use(web.RequestID, web.LogRequests(s.logger), s.staffHeaders, cop.Handler)
	staff.NotFoundHandler = web.RequestID(web.LogRequests(s.logger)(s.staffHeaders(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			s.staffError(w, r, senderos.Errorf(senderos.ENOTFOUND, "No such page."))
		}))))

	staff.MethodNotAllowedHandler = web.RequestID(web.LogRequests(s.logger)(s.staffHeaders(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			s.renderStaff(w, r, http.StatusMethodNotAllowed, "error", "error.method", staffErrorData{Status: http.StatusMethodNotAllowed})
		}))))

	staff.HandleFunc("/static/staff.css", s.handleStaffCSS).Methods(http.MethodGet, http.MethodHead)
	s.registerLoginRoutes(staff)
	s.registerSetupRoutes(staff)
	s.registerCalendarFeed(staff)

	auth := staff.NewRoute().Subrouter()
	auth.Use(s.requireSession, s.checkCSRF)
	auth.HandleFunc("", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/staff/", http.StatusSeeOther)
	}).Methods(http.MethodGet)
	auth.HandleFunc("/", s.handleStaffHome).Methods(http.MethodGet)
	auth.HandleFunc("/logout", s.handleLogout).Methods(http.MethodPost)
	s.registerFamilyRoutes(auth)
	s.registerMunicipalityReviewRoutes(auth)
	s.registerHostReviewRoutes(auth)
	s.registerCaseRoutes(auth)
	s.registerCalendarRoutes(auth)

	admin := auth.NewRoute().Subrouter()
	admin.Use(s.requireRole(senderos.RoleAdmin))
	s.registerAccountRoutes(admin)
	s.registerAuditLogRoutes(admin)
}

// staffHeaders sets the headers of every back-office response and keeps
// a language chosen with ?lang= in a cookie.
func (s *Server) staffHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", staffCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Robots-Tag", "noindex, nofollow")
		if l, ok := web.SiteLanguage(r.URL.Query().Get("lang")); ok {
			http.SetCookie(w, &http.Cookie{
				Name: langCookie, Value: l, Path: "/staff", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteLaxMode,
			})
		}
		next.ServeHTTP(w, r)
	})
}

// requireRole lets through only accounts with one of roles; others get a
// 403 page (and an audit entry).
func (s *Server) requireRole(roles ...senderos.Role) mux.MiddlewareFunc {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			st := staffFrom(r.Context())
			if st == nil || !slices.Contains(roles, st.Role) {
				s.audit(r, senderos.AuditDeniedView, routeTarget(r), senderos.OutcomeDenied, "role")
				s.staffError(w, r, web.LocalError(senderos.EFORBIDDEN, staffText(s.staffLang(r), "error.role")))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// routeTarget names the route a request matched, for audit entries that
// have no record to name.
func routeTarget(r *http.Request) string {
	if m := mux.CurrentRoute(r); m != nil {
		if tpl, err := m.GetPathTemplate(); err == nil {
			return "route:" + tpl
		}
	}
	return "route:" + r.URL.Path
}

func (s *Server) handleStaffCSS(w http.ResponseWriter, r *http.Request) {
	css, err := staffStaticFS.ReadFile("static/staff.css")
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(css)
}

// isStaffLang reports whether l is a back-office language.
func isStaffLang(l string) bool {
	return slices.Contains(web.Languages, l)
}

// staffLanguage is an entry of the language switcher.
type staffLanguage struct {
	Code, Name, Dir string
}

var staffLanguages = []staffLanguage{
	{"es", "Español", "ltr"}, {"en", "English", "ltr"}, {"fr", "Français", "ltr"}, {"ar", "العربية", "rtl"},
}

const (
	langCookie  = "senderos_staff_lang"
	flashCookie = "senderos_staff_flash"
)

// staffLang picks the page language: ?lang=, then the language cookie,
// then the account's language, then Accept-Language, then Spanish.
func (s *Server) staffLang(r *http.Request) string {
	chosen := []string{r.URL.Query().Get("lang")}
	if c, err := r.Cookie(langCookie); err == nil {
		chosen = append(chosen, c.Value)
	}
	if st := staffFrom(r.Context()); st != nil {
		chosen = append(chosen, st.Lang)
	}
	return web.Negotiate(r, chosen...)
}

// setFlash shows the text key on the next back-office page rendered (after
// a redirect). Only keys travel in the cookie, never free text.
func (s *Server) setFlash(w http.ResponseWriter, key string) {
	http.SetCookie(w, &http.Cookie{
		Name: flashCookie, Value: key, Path: "/staff", MaxAge: 60,
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteStrictMode,
	})
}

// takeFlash returns the pending flash text, translated, and clears it.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request, lang string) string {
	c, err := r.Cookie(flashCookie)
	if err != nil || c.Value == "" {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/staff", MaxAge: -1, HttpOnly: true,
		Secure: s.secureCookies, SameSite: http.SameSiteStrictMode})
	if !texts.Has(c.Value) {
		return ""
	}
	return staffText(lang, c.Value)
}
