package web

import "net/http"

// SecurityHeaders are set on every response of the API and the
// back-office — JSON, the pages of forms sent without JavaScript, search
// results, thank-you and error pages, staff pages — before any handler
// runs: the site's own policy (the API's pages are the site's, filled in),
// which site.SecurityHeaders sets on the site, and no framing. The
// back-office sets its stricter CSP over them.
var SecurityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; media-src 'self'; object-src 'none'; " +
		"base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options":     "nosniff",
	"X-Frame-Options":            "DENY",
	"Referrer-Policy":            "strict-origin-when-cross-origin",
	"Permissions-Policy":         "camera=(), microphone=(), geolocation=(), interest-cohort=()",
	"Cross-Origin-Opener-Policy": "same-origin",
}

// Protect sets SecurityHeaders on every response of next, the router's
// 404 and 405 answers included, and says that nothing may be kept by a
// browser or proxy (live status, references, personal data, sessions'
// pages) unless a handler says otherwise.
func Protect(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		for k, v := range SecurityHeaders {
			h.Set(k, v)
		}
		next.ServeHTTP(w, r)
	})
}
