package backoffice

import (
	"testing"

	"github.com/cepaim/senderos/internal/webtest"
)

// TestCachePolicy checks what browsers and proxies may keep of the
// back-office: nothing (the login, redirects, records, exports, set-up
// links, missing pages) but its stylesheet.
func TestCachePolicy(t *testing.T) {
	srv, _ := newStaffServer(t)
	webtest.CheckCachePolicy(t, srv, "no-store", "GET /staff/login", "GET /staff/", "GET /staff/families",
		"GET /staff/families.csv", "GET /staff/setup/nope", "POST /staff/login", "GET /staff/nope")
	webtest.CheckCachePolicy(t, srv, "public, max-age=3600", "GET /staff/static/staff.css")
}
