package api_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cepaim/senderos/internal/web"
	"github.com/cepaim/senderos/search/bleve"
	"github.com/cepaim/senderos/search/searchtest"
	"github.com/cepaim/senderos/site"
)

// TestSecurityHeaders asks for every kind of response the API gives and
// finds the site's security headers on each.
func TestSecurityHeaders(t *testing.T) {
	idx, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if err := idx.Replace(context.Background(), searchtest.Documents(), nil); err != nil {
		t.Fatal(err)
	}
	a := mustOpenAPI(t, func(c *apiConfig) { c.Search = idx; c.RateLimit = 100 })

	res, _ := a.postForm(t, "/api/v1/interest?lang=es", validInterestForm("es"))
	thanks := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("form: %d", res.StatusCode)
	}
	form := func(f url.Values) func() *http.Request {
		return func() *http.Request {
			req, _ := http.NewRequest(http.MethodPost, a.URL+"/api/v1/interest?lang=es", strings.NewReader(f.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return req
		}
	}
	get := func(path string) func() *http.Request {
		return func() *http.Request {
			req, _ := http.NewRequest(http.MethodGet, a.URL+path, nil)
			return req
		}
	}
	bad := validInterestForm("es")
	bad.Set("email", "not an address")
	for _, tt := range []struct {
		name    string
		req     func() *http.Request
		status  int
		content string
	}{
		{"Health", get("/api/v1/health"), 200, "application/json"},
		{"OpenAPI", get("/api/v1/openapi.json"), 200, "application/json"},
		{"SearchJSON", get("/api/v1/search?q=padron&lang=es"), 200, "application/json"},
		{"SearchPage", get("/api/v1/search?q=padron&lang=es&format=html"), 200, "text/html"},
		{"SearchErrorPage", get("/api/v1/search?q=padron&nope=1&format=html"), 400, "text/html"},
		{"SearchErrorJSON", get("/api/v1/search?nope=1"), 400, "application/json"},
		{"Places", get("/api/v1/places?q=alca"), 200, "application/json"},
		{"FormPage422", form(bad), 422, "text/html"},
		{"ThankYouPage", get(thanks), 200, "text/html"},
		{"ThankYouNotFound", get("/api/v1/thanks/NS-0000-0000"), 404, "text/html"},
		{"UnknownEndpoint", get("/api/v1/nothing"), 404, "application/json"},
		{"UnsupportedMedia", func() *http.Request {
			req, _ := http.NewRequest(http.MethodPost, a.URL+"/api/v1/interest", strings.NewReader("x"))
			req.Header.Set("Content-Type", "text/plain")
			req.Header.Set("Accept", "text/html")
			return req
		}, 415, "text/html"},
		{"CrossOrigin", func() *http.Request {
			req := form(validInterestForm("es"))()
			req.Header.Set("Origin", "https://evil.example")
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			return req
		}, 403, "text/html"},
		{"OutsideTheAPI", get("/elsewhere"), 404, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := client.Do(tt.req())
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.status || !strings.HasPrefix(res.Header.Get("Content-Type"), tt.content) {
				t.Fatalf("got %d %q, want %d %q", res.StatusCode, res.Header.Get("Content-Type"), tt.status, tt.content)
			}
			for k, want := range web.SecurityHeaders {
				if got := res.Header.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

// TestSecurityHeadersAreTheSites keeps one policy for the site and the
// API: the API's pages are the site's pages, filled in.
func TestSecurityHeadersAreTheSites(t *testing.T) {
	for k, want := range site.SecurityHeaders {
		if got := web.SecurityHeaders[k]; got != want {
			t.Errorf("the API's %s is %q, the site's %q", k, got, want)
		}
	}
	if web.SecurityHeaders["X-Frame-Options"] != "DENY" {
		t.Error("the API's pages may be framed")
	}
}
