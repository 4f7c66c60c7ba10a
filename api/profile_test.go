package api

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
)

func TestPublishedProfiles(t *testing.T) {
	e := newRecordsEnv(t)
	b := newBrowser(t, e.srv)

	t.Run("EmptyIsAnEmptyList", func(t *testing.T) {
		res, body := b.get("/api/v1/municipalities/published")
		wantStatus(t, res, http.StatusOK, body)
		if strings.TrimSpace(body) != `{"profiles":[]}` {
			t.Errorf("body %s", body)
		}
		if cc := res.Header.Get("Cache-Control"); cc != profileMaxAge {
			t.Errorf("Cache-Control %q", cc)
		}
	})
	t.Run("HasTheDocumentedFieldsOnly", func(t *testing.T) {
		muni := e.municipality("44013")
		if err := e.svc.Profiles.PublishProfile(t.Context(), &senderos.Profile{Code: "22001", Name: "Abiego",
			Province: "Huesca", Region: "Aragón", SubmissionID: muni.ID}); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Profiles.PublishProfile(t.Context(), senderos.NewProfile(muni)); err != nil {
			t.Fatal(err)
		}
		res, body := b.get("/api/v1/municipalities/published")
		wantStatus(t, res, http.StatusOK, body)
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
		wantNotIn(t, "profiles", body, "Pilar", "adl@", "978654321")
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
		for _, r := range e.srv.Routes() {
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
