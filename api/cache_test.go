package api

import (
	"testing"

	"github.com/cepaim/senderos/internal/webtest"
)

// TestCachePolicy checks what browsers and proxies may keep of the API:
// nothing personal or live (health, form tokens, searches, thank-you
// pages, unknown routes, submissions), and only public documents for a
// while.
func TestCachePolicy(t *testing.T) {
	srv, _ := newServer(t)
	webtest.CheckCachePolicy(t, srv, "no-store", "GET /api/v1/health", "GET /api/v1/form-token",
		"GET /api/v1/search?q=huerto", "GET /api/v1/thanks/NS-ABCD-EFGH?lang=es", "GET /api/v1/nope", "POST /api/v1/interest")
	webtest.CheckCachePolicy(t, srv, "public, max-age=3600", "GET /api/v1/openapi.json")
	webtest.CheckCachePolicy(t, srv, "public, max-age=300", "GET /api/v1/municipalities/published")
}
