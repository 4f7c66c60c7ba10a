package site

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Languages are the site's language keys, default first; the default is
// served at the root, the others under /<key>/.
var Languages = []string{"es", "en", "fr", "ar"}

// SecurityHeaders are sent with every page, locally and (through
// netlify.toml) in production: only our own origin may supply anything.
var SecurityHeaders = map[string]string{
	"Content-Security-Policy":    "default-src 'self'; img-src 'self' data:; media-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options":     "nosniff",
	"Referrer-Policy":            "strict-origin-when-cross-origin",
	"Permissions-Policy":         "camera=(), microphone=(), geolocation=(), interest-cohort=()",
	"Cross-Origin-Opener-Policy": "same-origin",
}

// Handler serves the built site in dir. A missing file gets the 404 page of
// the language its path belongs to, with status 404.
func Handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range SecurityHeaders {
			w.Header().Set(k, v)
		}
		if strings.HasPrefix(r.URL.Path, "/admin/") {
			// Decap CMS loads its editor from a CDN; only the editor page may.
			w.Header().Set("Content-Security-Policy", AdminCSP)
		}
		if !exists(dir, r.URL.Path) {
			notFound(w, r, dir)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// AdminCSP is the policy of the /admin/ editor page, which runs Decap CMS.
const AdminCSP = "default-src 'self'; script-src 'self' https://unpkg.com 'unsafe-eval'; style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data: blob:; connect-src 'self' http://localhost:8081 https://api.github.com; frame-ancestors 'none'"

// exists reports whether urlPath names a file, or a folder with index.html.
func exists(dir, urlPath string) bool {
	name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+urlPath)))
	fi, err := os.Stat(name)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		_, err = os.Stat(filepath.Join(name, "index.html"))
		return err == nil
	}
	return true
}

func notFound(w http.ResponseWriter, r *http.Request, dir string) {
	page := filepath.Join(dir, "404.html")
	for _, lang := range Languages[1:] {
		if r.URL.Path == "/"+lang || strings.HasPrefix(r.URL.Path, "/"+lang+"/") {
			page = filepath.Join(dir, lang, "404.html")
		}
	}
	body, err := os.ReadFile(page)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(body)
}
