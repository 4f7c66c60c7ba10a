package api

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/webtest"
)

func TestPublishedProfiles(t *testing.T) {
	srv, svc := newServer(t)
	get := func(t *testing.T) (*http.Response, string) {
		t.Helper()
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/municipalities/published", nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		return rec.Result(), rec.Body.String()
	}

	t.Run("EmptyIsAnEmptyList", func(t *testing.T) {
		res, body := get(t)
		if strings.TrimSpace(body) != `{"profiles":[]}` {
			t.Errorf("body %s", body)
		}
		if cc := res.Header.Get("Cache-Control"); cc != profileMaxAge {
			t.Errorf("Cache-Control %q", cc)
		}
	})
	t.Run("HasTheDocumentedFieldsOnly", func(t *testing.T) {
		muni := webtest.Municipality("44013")
		if _, err := svc.Submissions.CreateSubmission(t.Context(), muni); err != nil {
			t.Fatal(err)
		}
		if err := svc.Profiles.PublishProfile(t.Context(), &senderos.Profile{Code: "22001", Name: "Abiego",
			Province: "Huesca", Region: "Aragón", SubmissionID: muni.ID}); err != nil {
			t.Fatal(err)
		}
		if err := svc.Profiles.PublishProfile(t.Context(), senderos.NewProfile(muni)); err != nil {
			t.Fatal(err)
		}
		_, body := get(t)
		var got struct {
			Profiles []map[string]any `json:"profiles"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Profiles) != 2 || got.Profiles[0]["name"] != "Abiego" || got.Profiles[1]["name"] != "Alcañiz 44013" {
			t.Fatalf("profiles %s", body)
		}
		if got.Profiles[0]["services"] == nil || got.Profiles[0]["jobs"] == nil {
			t.Errorf("null lists: %s", body)
		}
		documented := openAPIProfileFields(t)
		for _, p := range got.Profiles {
			keys := slices.Sorted(maps.Keys(p))
			if !slices.Equal(keys, documented) {
				t.Errorf("fields %v, documented %v", keys, documented)
			}
		}
		for _, personal := range []string{"Pilar", "adl@", "978654321"} {
			if strings.Contains(body, personal) {
				t.Errorf("profiles show %q: %s", personal, body)
			}
		}
	})
	t.Run("IsDescribedWithAValidExample", func(t *testing.T) {
		var doc struct {
			Paths map[string]map[string]struct {
				Responses map[string]struct {
					Content map[string]struct {
						Example ProfileList `json:"example"`
					} `json:"content"`
				} `json:"responses"`
			} `json:"paths"`
		}
		if err := json.Unmarshal(openAPI, &doc); err != nil {
			t.Fatal(err)
		}
		ex := doc.Paths["/municipalities/published"]["get"].Responses["200"].Content["application/json"].Example
		if len(ex.Profiles) != 1 || ex.Profiles[0].Code == "" || len(ex.Profiles[0].Jobs) != 1 {
			t.Fatalf("example %+v", ex)
		}
		for _, r := range srv.Routes() {
			if r.Path == "/api/v1/municipalities/published" {
				return
			}
		}
		t.Error("no route")
	})
}

// openAPIProfileFields lists the Profile schema's properties, sorted.
func openAPIProfileFields(t *testing.T) []string {
	t.Helper()
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any `json:"properties"`
				Required   []string       `json:"required"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Components.Schemas["Profile"]
	keys := slices.Sorted(maps.Keys(p.Properties))
	if !slices.Equal(keys, slices.Sorted(slices.Values(p.Required))) {
		t.Errorf("required %v, properties %v", p.Required, keys)
	}
	return keys
}
