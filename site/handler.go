package site

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
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

// Cache policies of the site's files.
const (
	// CacheImmutable is for fingerprinted files: a new content is a new
	// name, so a copy may be kept for a year without asking again.
	CacheImmutable = "public, max-age=31536000, immutable"
	// CacheRevalidate is for pages and every other file: a copy may be
	// kept but must be checked (Last-Modified) before each use, so that a
	// rebuild shows at once.
	CacheRevalidate = "no-cache"
)

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
			w.Header().Set("Cache-Control", CacheRevalidate)
			notFound(w, r, dir)
			return
		}
		w.Header().Set("Cache-Control", CacheControl(r.URL.Path))
		files.ServeHTTP(w, r)
	})
}

// fingerprinted matches the file names Hugo derives from their content:
// its fingerprint (main.min.<md5, sha256, sha384 or sha512 in hex>.css)
// and its processed images (photo_hu_<16 hex digits>.webp, a hash of the
// source image and the processing options).
var fingerprinted = regexp.MustCompile(`(\.([0-9a-f]{32}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})|_hu_[0-9a-f]{16})\.[a-z0-9]+$`)

// CacheControl returns the Cache-Control of the file at urlPath:
// CacheImmutable for a fingerprinted file, CacheRevalidate otherwise.
func CacheControl(urlPath string) string {
	if fingerprinted.MatchString(path.Base(urlPath)) {
		return CacheImmutable
	}
	return CacheRevalidate
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
