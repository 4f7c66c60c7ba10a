package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestCachePolicy checks what browsers and proxies may keep: nothing of the
// back-office, nothing personal or live, and only public documents for a
// while.
func TestCachePolicy(t *testing.T) {
	srv, _ := newStaffServer(t)
	for _, tc := range []struct {
		name, method, path, want string
	}{
		{"HealthIsLive", http.MethodGet, "/api/v1/health", "no-store"},
		{"FormTokensAreNotKept", http.MethodGet, "/api/v1/form-token", "no-store"},
		{"SearchIsNotKept", http.MethodGet, "/api/v1/search?q=huerto", "no-store"},
		{"ThankYouPagesAreNotKept", http.MethodGet, "/api/v1/thanks/NS-ABCD-EFGH?lang=es", "no-store"},
		{"UnknownRoutesAreNotKept", http.MethodGet, "/api/v1/nope", "no-store"},
		{"SubmissionsAreNotKept", http.MethodPost, "/api/v1/interest", "no-store"},
		{"TheAPIDocumentIsPublic", http.MethodGet, "/api/v1/openapi.json", "public, max-age=3600"},
		{"PublishedProfilesArePublic", http.MethodGet, "/api/v1/municipalities/published", "public, max-age=300"},
		{"StaffLoginIsNotKept", http.MethodGet, "/staff/login", "no-store"},
		{"StaffRedirectsAreNotKept", http.MethodGet, "/staff/", "no-store"},
		{"StaffRecordsAreNotKept", http.MethodGet, "/staff/families", "no-store"},
		{"StaffExportsAreNotKept", http.MethodGet, "/staff/families.csv", "no-store"},
		{"StaffSetUpLinksAreNotKept", http.MethodGet, "/staff/setup/nope", "no-store"},
		{"StaffLoginPostsAreNotKept", http.MethodPost, "/staff/login", "no-store"},
		{"StaffMissingPagesAreNotKept", http.MethodGet, "/staff/nope", "no-store"},
		{"StaffStylesheetIsPublic", http.MethodGet, "/staff/static/staff.css", "public, max-age=3600"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
			if got := rec.Header().Get("Cache-Control"); got != tc.want {
				t.Errorf("%s %s: %d, Cache-Control %q, want %q", tc.method, tc.path, rec.Code, got, tc.want)
			}
		})
	}
}
