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
	"github.com/cepaim/senderos/atlas"
	"github.com/cepaim/senderos/internal/webtest"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
	"github.com/cepaim/senderos/store/storetest"
)

// newResultsServer returns a server whose results are counted on the
// database of its services.
func newResultsServer(t *testing.T) (*Server, webtest.Services) {
	t.Helper()
	svc := webtest.OpenSQLite(t)
	db, err := sqlite.Open(svc.DBPath, storetest.Keys())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return webtest.MustNew(t, NewServer, Config{
		Logger: svc.Logger(), Submissions: svc.Submissions, Places: atlas.Places{}, Profiles: svc.Profiles,
		Results: sqldb.NewResultsService(db), FormKey: webtest.FormKey(), Now: svc.Clock.Now,
	}), svc
}

func TestResults(t *testing.T) {
	get := func(t *testing.T, srv *Server) *httptest.ResponseRecorder {
		t.Helper()
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/results", nil))
		return rec
	}

	t.Run("ByYearAndRegionNamedAndCacheable", func(t *testing.T) {
		srv, svc := newResultsServer(t)
		muni := webtest.Municipality("44013")
		if _, err := svc.Submissions.CreateSubmission(t.Context(), muni); err != nil {
			t.Fatal(err)
		}
		if err := svc.Profiles.PublishProfile(t.Context(), senderos.NewProfile(muni)); err != nil {
			t.Fatal(err)
		}
		rec := get(t, srv)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != resultsMaxAge {
			t.Errorf("Cache-Control %q", cc)
		}
		var got senderos.Results
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		now := svc.Clock.Now().Year()
		if len(got.Years) != now-senderos.ResultsSince+1 || got.Years[len(got.Years)-1].Year != now {
			t.Fatalf("years %+v, want %d to %d", got.Years, senderos.ResultsSince, now)
		}
		last := got.Years[len(got.Years)-1]
		want := senderos.RegionResults{Region: "02", Name: "Aragón", Families: senderos.PublicFigure{Fewer: true},
			People: senderos.PublicFigure{Fewer: true}, JobOffers: senderos.PublicFigure{Fewer: true},
			Placed: senderos.PublicFigure{Fewer: true}, Municipalities: senderos.PublicFigure{Fewer: true}}
		if len(last.Regions) != 1 || last.Regions[0] != want {
			t.Errorf("this year %+v, want one village in Aragón, fewer than 5", last)
		}
		// One municipality reads "fewer than 5", never 1.
		if strings.Contains(rec.Body.String(), `"n":1`) {
			t.Errorf("a figure under 5 is shown: %s", rec.Body)
		}
	})

	t.Run("HasTheDocumentedFields", func(t *testing.T) {
		srv, svc := newResultsServer(t)
		muni := webtest.Municipality("44013")
		if _, err := svc.Submissions.CreateSubmission(t.Context(), muni); err != nil {
			t.Fatal(err)
		}
		if err := svc.Profiles.PublishProfile(t.Context(), senderos.NewProfile(muni)); err != nil {
			t.Fatal(err)
		}
		var body struct {
			Years []struct {
				Regions []map[string]any `json:"regions"`
			} `json:"years"`
		}
		rec := get(t, srv)
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		documented := openAPIFields(t, "RegionResults")
		n := 0
		for _, y := range body.Years {
			for _, r := range y.Regions {
				n++
				if keys := slices.Sorted(maps.Keys(r)); !slices.Equal(keys, documented) {
					t.Errorf("fields %v, documented %v", keys, documented)
				}
			}
		}
		if n == 0 {
			t.Fatalf("no region: %s", rec.Body)
		}
		var doc struct {
			Paths map[string]map[string]struct {
				Responses map[string]struct {
					Content map[string]struct {
						Example senderos.Results `json:"example"`
					} `json:"content"`
				} `json:"responses"`
			} `json:"paths"`
		}
		if err := json.Unmarshal(openAPI, &doc); err != nil {
			t.Fatal(err)
		}
		ex := doc.Paths["/results"]["get"].Responses["200"].Content["application/json"].Example
		if len(ex.Years) != 1 || len(ex.Years[0].Regions) != 1 || !ex.Years[0].Regions[0].Placed.Fewer {
			t.Errorf("example %+v", ex)
		}
	})

	t.Run("WithoutAStoreIs501", func(t *testing.T) {
		srv, _ := newServer(t)
		if rec := get(t, srv); rec.Code != http.StatusNotImplemented {
			t.Errorf("status %d: %s", rec.Code, rec.Body)
		}
	})
}

// openAPIFields lists a schema's properties, sorted, and checks they are
// all required.
func openAPIFields(t *testing.T, schema string) []string {
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
	p := doc.Components.Schemas[schema]
	keys := slices.Sorted(maps.Keys(p.Properties))
	if len(keys) == 0 || !slices.Equal(keys, slices.Sorted(slices.Values(p.Required))) {
		t.Errorf("%s: required %v, properties %v", schema, p.Required, keys)
	}
	return keys
}
