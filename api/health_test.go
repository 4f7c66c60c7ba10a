package api_test

import (
	"encoding/json"
	"net/http"
	"os"
	"testing"

	"github.com/cepaim/senderos/api"
)

func TestHealth(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status func() string // nil: the API runs without the site
		want   string
	}{
		{"SaysTheSiteIsBuilding", func() string { return api.SiteBuilding }, "building"},
		{"SaysTheSiteIsServed", func() string { return api.SiteServing }, "serving"},
		{"SaysNothingOfASiteServedElsewhere", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := mustOpenAPI(t, func(c *api.Config) { c.SiteStatus = tc.status })
			res, err := client.Get(a.URL + "/api/v1/health")
			if err != nil {
				t.Fatal(err)
			}
			var h map[string]any
			decode(t, res, &h)
			// 200 whatever the site: the process is alive and answers.
			if res.StatusCode != http.StatusOK || h["status"] != "ok" {
				t.Fatalf("health: %d %v", res.StatusCode, h)
			}
			site, ok := h["site"]
			if tc.want == "" && ok {
				t.Errorf("site %v, want no site field", site)
			}
			if tc.want != "" && site != tc.want {
				t.Errorf("site %v, want %q", site, tc.want)
			}
		})
	}
	t.Run("IsDocumented", func(t *testing.T) {
		raw, err := os.ReadFile("openapi.json")
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Components struct {
				Schemas map[string]struct {
					Properties map[string]struct {
						Enum []string `json:"enum"`
					} `json:"properties"`
				} `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		enum := doc.Components.Schemas["Health"].Properties["site"].Enum
		if len(enum) != 2 || enum[0] != api.SiteBuilding || enum[1] != api.SiteServing {
			t.Errorf("openapi.json Health.site enum %v, want [%s %s]", enum, api.SiteBuilding, api.SiteServing)
		}
	})
}
