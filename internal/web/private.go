package web

import (
	"io/fs"
	"net/http"
)

// Private keeps a page whose address holds its key (a family's or a
// village's link) out of search engines, caches and other sites' logs
// (Protect adds the site's security headers and no-store).
func Private(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Robots-Tag", "noindex, nofollow")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// Stylesheet serves the style sheet name of files, kept by browsers for a
// day.
func Stylesheet(files fs.FS, name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		css, err := fs.ReadFile(files, name)
		if err != nil {
			http.Error(w, "", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.Write(css)
	}
}
