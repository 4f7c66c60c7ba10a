package site_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/cepaim/senderos/site"
)

// BenchmarkCompress serves the built home page and stylesheet through
// Compress and reports what gzip saves (bytes sent per request, raw and
// compressed) and what it costs (ns and allocations per request).
func BenchmarkCompress(b *testing.B) {
	public := filepath.Join(b.TempDir(), "public")
	hugo := &site.Hugo{Root: ".."}
	if _, err := hugo.Build(context.Background(), site.BuildOptions{Destination: public, BaseURL: baseURL, Minify: true}); err != nil {
		b.Fatal(err)
	}
	css, _ := filepath.Glob(filepath.Join(public, "css", "main.min.*.css"))
	if len(css) != 1 {
		b.Fatalf("stylesheet: %v", css)
	}
	rel, _ := filepath.Rel(public, css[0])
	h := site.Compress(site.Handler(public))
	for name, target := range map[string]string{"HomePage": "/", "ArabicHomePage": "/ar/", "Stylesheet": "/" + filepath.ToSlash(rel)} {
		b.Run(name, func(b *testing.B) {
			raw := serve(h, http.MethodGet, target)
			var sent int
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, target, nil)
				req.Header.Set("Accept-Encoding", "gzip")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				sent = rec.Body.Len()
			}
			b.ReportMetric(float64(raw.Body.Len()), "raw-bytes")
			b.ReportMetric(float64(sent), "gzip-bytes")
		})
	}
}
