package web

import (
	"html/template"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestWriteHTML(t *testing.T) {
	tpl := template.Must(template.New("page.html").Parse(`<p>{{.}}</p>`))
	rec := httptest.NewRecorder()
	if err := WriteHTML(rec, http.StatusNotFound, tpl, "page.html", "a<b"); err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusNotFound || rec.Body.String() != "<p>a&lt;b</p>" || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("got %d %q %q", rec.Code, rec.Body.String(), rec.Header().Get("Content-Type"))
	}
	rec = httptest.NewRecorder()
	if err := WriteHTML(rec, http.StatusOK, tpl, "none.html", nil); err == nil || rec.Body.Len() != 0 || len(rec.Header()) != 0 {
		t.Errorf("a missing template: %v, wrote %q", err, rec.Body.String())
	}
}
