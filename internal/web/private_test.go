package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
)

func TestPrivateAndStylesheet(t *testing.T) {
	files := fstest.MapFS{"static/page.css": {Data: []byte("body { margin: 0 }")}}
	h := Private(Stylesheet(files, "static/page.css"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/page/static/page.css", nil))
	if rec.Code != http.StatusOK || rec.Body.String() != "body { margin: 0 }" {
		t.Fatalf("got %d %q", rec.Code, rec.Body.String())
	}
	for k, want := range map[string]string{"X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer",
		"Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=86400"} {
		if got := rec.Header().Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	rec = httptest.NewRecorder()
	Stylesheet(files, "static/none.css").ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("a missing sheet: %d", rec.Code)
	}
}
