package site_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cepaim/senderos/site"
)

// fingerprint is a sha256 in hex, as Hugo's fingerprint puts in file names.
const fingerprint = "9b1f814da0d85b800fca9777fd158a513fd91abb43ec3c011e2165023826e2e4"

// page is a built page long enough to be worth compressing.
var pageHTML = "<!doctype html><html lang=es><title>Nuevos Senderos</title><main>" +
	strings.Repeat("<p>Familias que quieren vivir en un pueblo.</p>", 100) + "</main></html>"

// mustSiteDir writes a small built site: pages, fingerprinted and plain
// assets, an image that is already compressed and the 404 pages.
func mustSiteDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	css := strings.Repeat("body{margin:0;color:#1d1d1b}\n", 100)
	files := map[string]string{
		"index.html":                           pageHTML,
		"en/index.html":                        strings.Replace(pageHTML, "lang=es", "lang=en", 1),
		"404.html":                             "<!doctype html><html lang=es-ES><title>No encontrada</title>" + strings.Repeat(" ", 2000),
		"en/404.html":                          "<!doctype html><html lang=en><title>Not found</title>",
		"css/main.min." + fingerprint + ".css": css,
		"css/plain.css":                        css,
		"js/form.min." + fingerprint[:32] + ".js":         strings.Repeat("console.log(1);\n", 100),
		"municipalities/v/photo_hu_55623a0b631266ae.webp": "RIFF\x00\x00\x00\x00WEBPVP8 " + strings.Repeat("\x00", 2000),
		"favicon.svg": `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32"/></svg>`,
		"search.json": "[" + strings.Repeat(`{"title":"Guía"},`, 200) + `{}]`,
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func serve(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestHandlerCaching(t *testing.T) {
	h := site.Handler(mustSiteDir(t))
	const year = "public, max-age=31536000, immutable"
	for _, tc := range []struct {
		name, path string
		status     int
		want       string
	}{
		{"PagesAreRevalidated", "/", 200, "no-cache"},
		{"TranslatedPagesAreRevalidated", "/en/", 200, "no-cache"},
		{"FingerprintedCSSForAYear", "/css/main.min." + fingerprint + ".css", 200, year},
		{"FingerprintedJSForAYear", "/js/form.min." + fingerprint[:32] + ".js", 200, year},
		{"ProcessedImagesForAYear", "/municipalities/v/photo_hu_55623a0b631266ae.webp", 200, year},
		{"PlainAssetsAreRevalidated", "/css/plain.css", 200, "no-cache"},
		{"FaviconIsRevalidated", "/favicon.svg", 200, "no-cache"},
		{"SearchDocumentsAreRevalidated", "/search.json", 200, "no-cache"},
		{"MissingPagesAreNotKept", "/no-such-page/", 404, "no-cache"},
		{"MissingFingerprintedFileIsNotKept", "/css/main.min." + strings.Repeat("0", 64) + ".css", 404, "no-cache"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(h, http.MethodGet, tc.path)
			if rec.Code != tc.status {
				t.Fatalf("GET %s: %d, want %d", tc.path, rec.Code, tc.status)
			}
			if got := rec.Header().Get("Cache-Control"); got != tc.want {
				t.Errorf("GET %s: Cache-Control %q, want %q", tc.path, got, tc.want)
			}
		})
	}
}

func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestCompress(t *testing.T) {
	dir := mustSiteDir(t)
	h := site.Compress(site.Handler(dir))

	t.Run("GzipsPagesForClientsThatAcceptIt", func(t *testing.T) {
		rec := serve(h, http.MethodGet, "/", "Accept-Encoding", "br, gzip, deflate")
		if rec.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("Content-Encoding %q, want gzip", rec.Header().Get("Content-Encoding"))
		}
		if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
			t.Errorf("Vary %q, want Accept-Encoding", rec.Header().Get("Vary"))
		}
		if cl := rec.Header().Get("Content-Length"); cl != "" && cl != strconv.Itoa(rec.Body.Len()) {
			t.Errorf("Content-Length %s for a body of %d bytes", cl, rec.Body.Len())
		}
		if rec.Body.Len() >= len(pageHTML)/4 {
			t.Errorf("compressed to %d bytes from %d", rec.Body.Len(), len(pageHTML))
		}
		if got := gunzip(t, rec.Body.Bytes()); got != pageHTML {
			t.Errorf("the page changed on the way")
		}
	})
	for _, path := range []string{"/css/main.min." + fingerprint + ".css", "/js/form.min." + fingerprint[:32] + ".js", "/search.json", "/no-such-page/"} {
		t.Run("GzipsText"+path, func(t *testing.T) {
			rec := serve(h, http.MethodGet, path, "Accept-Encoding", "gzip")
			if rec.Header().Get("Content-Encoding") != "gzip" {
				t.Fatalf("GET %s: Content-Encoding %q, want gzip", path, rec.Header().Get("Content-Encoding"))
			}
			got := gunzip(t, rec.Body.Bytes())
			if path == "/no-such-page/" {
				want, err := os.ReadFile(filepath.Join(dir, "404.html"))
				if err != nil || got != string(want) || rec.Code != http.StatusNotFound {
					t.Errorf("404 page: %d, changed on the way", rec.Code)
				}
			}
		})
	}
	t.Run("PlainForClientsThatDoNotAcceptIt", func(t *testing.T) {
		for _, ae := range []string{"", "identity", "gzip;q=0, deflate"} {
			rec := serve(h, http.MethodGet, "/", "Accept-Encoding", ae)
			if rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != pageHTML {
				t.Errorf("Accept-Encoding %q: Content-Encoding %q", ae, rec.Header().Get("Content-Encoding"))
			}
			if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
				t.Errorf("Accept-Encoding %q: Vary %q, want Accept-Encoding", ae, rec.Header().Get("Vary"))
			}
		}
	})
	t.Run("LeavesSmallFilesAlone", func(t *testing.T) {
		rec := serve(h, http.MethodGet, "/favicon.svg", "Accept-Encoding", "gzip")
		if rec.Header().Get("Content-Encoding") != "" || !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
			t.Errorf("a %d-byte SVG: Content-Encoding %q, Vary %q", rec.Body.Len(), rec.Header().Get("Content-Encoding"), rec.Header().Get("Vary"))
		}
	})
	t.Run("LeavesCompressedTypesAlone", func(t *testing.T) {
		rec := serve(h, http.MethodGet, "/municipalities/v/photo_hu_55623a0b631266ae.webp", "Accept-Encoding", "gzip")
		if rec.Header().Get("Content-Encoding") != "" {
			t.Errorf("a WebP image was compressed again")
		}
		if rec.Header().Get("Content-Length") == "" {
			t.Errorf("the image lost its Content-Length")
		}
	})
	t.Run("LeavesRangesAlone", func(t *testing.T) {
		rec := serve(h, http.MethodGet, "/css/plain.css", "Accept-Encoding", "gzip", "Range", "bytes=0-9")
		if rec.Code != http.StatusPartialContent || rec.Header().Get("Content-Encoding") != "" || rec.Body.Len() != 10 {
			t.Errorf("Range: %d %q, %d bytes", rec.Code, rec.Header().Get("Content-Encoding"), rec.Body.Len())
		}
	})
	t.Run("LeavesNotModifiedAlone", func(t *testing.T) {
		first := serve(h, http.MethodGet, "/", "Accept-Encoding", "gzip")
		rec := serve(h, http.MethodGet, "/", "Accept-Encoding", "gzip", "If-Modified-Since", first.Header().Get("Last-Modified"))
		if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("Content-Encoding") != "" {
			t.Errorf("If-Modified-Since: %d %q, %d bytes", rec.Code, rec.Header().Get("Content-Encoding"), rec.Body.Len())
		}
	})
	t.Run("HeadHasNoBody", func(t *testing.T) {
		rec := serve(h, http.MethodHead, "/", "Accept-Encoding", "gzip")
		if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
			t.Errorf("HEAD: %d, %d bytes", rec.Code, rec.Body.Len())
		}
	})
	t.Run("GzipsWhatHandlersWrite", func(t *testing.T) {
		body := strings.Repeat(`{"status":"ok"}`, 200)
		h := site.Compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			io.WriteString(w, body[:100])
			w.(http.Flusher).Flush()
			io.WriteString(w, body[100:])
		}))
		rec := serve(h, http.MethodGet, "/api/v1/health", "Accept-Encoding", "gzip")
		if rec.Header().Get("Content-Encoding") != "gzip" || gunzip(t, rec.Body.Bytes()) != body {
			t.Errorf("JSON: Content-Encoding %q", rec.Header().Get("Content-Encoding"))
		}
	})
	t.Run("KeepsAnEncodingAlreadyChosen", func(t *testing.T) {
		h := site.Compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("Content-Encoding", "br")
			io.WriteString(w, "already compressed")
		}))
		rec := serve(h, http.MethodGet, "/", "Accept-Encoding", "gzip, br")
		if rec.Header().Get("Content-Encoding") != "br" || rec.Body.String() != "already compressed" {
			t.Errorf("Content-Encoding %q, body %q", rec.Header().Get("Content-Encoding"), rec.Body.String())
		}
	})
}
