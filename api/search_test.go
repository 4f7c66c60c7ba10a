package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/api"
	"github.com/cepaim/senderos/search/bleve"
	"github.com/cepaim/senderos/search/searchtest"
)

// mustOpenSearch is the API over a real embedded index holding docs.
func mustOpenSearch(tb testing.TB, docs []senderos.Document) (*api.Server, senderos.SearchIndex) {
	tb.Helper()
	idx, err := bleve.Open(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	if err := idx.Replace(context.Background(), docs, nil); err != nil {
		tb.Fatal(err)
	}
	srv, err := api.NewServer(api.Config{Search: idx, Pages: siteDir})
	if err != nil {
		tb.Fatal(err)
	}
	return srv, idx
}

func getSearch(t *testing.T, srv http.Handler, query string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/search?"+query, nil))
	var body map[string]any
	json.Unmarshal(rec.Body.Bytes(), &body)
	return rec, body
}

func TestSearch(t *testing.T) {
	srv, _ := mustOpenSearch(t, searchtest.Documents())

	t.Run("FindsWithoutAccentsAndHighlights", func(t *testing.T) {
		rec, body := getSearch(t, srv, "q=padron&lang=es")
		hits, _ := body["hits"].([]any)
		if rec.Code != http.StatusOK || len(hits) == 0 || body["total"].(float64) < 1 {
			t.Fatalf("%d %v", rec.Code, body)
		}
		first := hits[0].(map[string]any)
		if !strings.Contains(first["snippet"].(string), "<mark>") || first["lang"] != "es" {
			t.Fatalf("first hit %v", first)
		}
		facets, _ := body["facets"].(map[string]any)
		if facets["type"] == nil {
			t.Fatalf("no type facet: %v", body["facets"])
		}
	})
	t.Run("FiltersByType", func(t *testing.T) {
		_, body := getSearch(t, srv, "q=teruel&lang=es&type=municipality")
		for _, h := range body["hits"].([]any) {
			if h.(map[string]any)["type"] != "municipality" {
				t.Fatalf("hit of another type: %v", h)
			}
		}
	})
	for name, query := range map[string]string{
		"ErrEmptyQuery":      "q=&lang=es",
		"ErrQueryTooLong":    "q=" + strings.Repeat("a", 201) + "&lang=es",
		"ErrUnknownLanguage": "q=escuela&lang=de",
		"ErrUnknownType":     "q=escuela&lang=es&type=video",
		"ErrUnknownFilter":   "q=escuela&lang=es&colour=red",
		"ErrUnknownTopic":    "q=escuela&lang=es&topic=astronomia",
		"ErrUnknownProvince": "q=escuela&lang=es&province=Atlantis",
		"ErrBadPage":         "q=escuela&lang=es&page=0",
		"ErrPerPageTooLarge": "q=escuela&lang=es&per_page=51",
	} {
		t.Run(name, func(t *testing.T) {
			rec, body := getSearch(t, srv, query)
			if rec.Code != http.StatusBadRequest || body["code"] != senderos.EBADREQUEST || body["message"] == "" {
				t.Fatalf("%d %v", rec.Code, body)
			}
		})
	}
	t.Run("ResultsPageWithoutJavaScript", func(t *testing.T) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/search?"+url.Values{"q": {"escuela"}, "lang": {"es"}, "format": {"html"}}.Encode(), nil))
		page := rec.Body.String()
		for _, want := range []string{`value="escuela"`, `class="search-hits"`, `<mark>`, `Resultados: `, `class="search-facets"`, `<title>escuela · Buscar</title>`} {
			if !strings.Contains(page, want) {
				t.Errorf("results page lacks %s", want)
			}
		}
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
	})
	t.Run("NoResultsPageSaysSo", func(t *testing.T) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/search?q=zzzqqq&lang=es&format=html", nil))
		if !strings.Contains(rec.Body.String(), "No hemos encontrado nada con «zzzqqq»") {
			t.Fatalf("%s", rec.Body.String())
		}
	})
}

// TestSnippetsKeepOnlyMark feeds the API an index whose text holds markup.
func TestSnippetsKeepOnlyMark(t *testing.T) {
	docs := []senderos.Document{{ID: "es:/x/", Type: "page", Lang: "es", Title: "Prueba <b>negrita</b>",
		Summary: "resumen", Text: `escuela <script>alert(1)</script> <img src=x onerror=alert(1)> escuela`, URL: "/x/"}}
	srv, _ := mustOpenSearch(t, docs)
	_, body := getSearch(t, srv, "q=escuela&lang=es")
	hits := body["hits"].([]any)
	if len(hits) != 1 {
		t.Fatalf("hits %v", body)
	}
	snippet := hits[0].(map[string]any)["snippet"].(string)
	if strings.Contains(snippet, "<script") || strings.Contains(snippet, "<img") || !strings.Contains(snippet, "<mark>") {
		t.Fatalf("snippet %q", snippet)
	}
}

// BenchmarkSearch indexes 10,000 documents and measures a fixed list of
// queries through the API handler and on the bare index, reporting p50 and
// p99 of each and the ratio of the handler's p50 to the index's.
//
//	go test -run '^$' -bench Search -benchtime 2000x ./api
func BenchmarkSearch(b *testing.B) {
	base := searchtest.Documents()
	var docs []senderos.Document
	for i := 0; len(docs) < 10_000; i++ {
		d := base[i%len(base)]
		d.ID = fmt.Sprintf("%s#%d", d.ID, i)
		d.URL = fmt.Sprintf("%s?v=%d", d.URL, i)
		d.Text = fmt.Sprintf("%s variante %d", d.Text, i)
		docs = append(docs, d)
	}
	start := time.Now()
	srv, idx := mustOpenSearch(b, docs)
	indexing := time.Since(start)
	queries := []senderos.SearchQuery{
		{Q: "padron", Lang: "es"}, {Q: "escuela", Lang: "es"}, {Q: "integrasion", Lang: "es"},
		{Q: "vivienda alquiler", Lang: "es", Type: "municipality"}, {Q: "village", Lang: "en"},
		{Q: "école", Lang: "fr"}, {Q: "المدرسة", Lang: "ar"}, {Q: "teruel", Lang: "es"},
	}
	var bare, handler []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := queries[i%len(queries)]
		q.Page, q.PerPage = 1, 10
		t0 := time.Now()
		if _, err := idx.Search(context.Background(), q); err != nil {
			b.Fatal(err)
		}
		bare = append(bare, time.Since(t0))
		params := url.Values{"q": {q.Q}, "lang": {q.Lang}}
		if q.Type != "" {
			params.Set("type", q.Type)
		}
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/api/v1/search?"+params.Encode(), nil)
		t0 = time.Now()
		srv.ServeHTTP(rec, req)
		handler = append(handler, time.Since(t0))
		if rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
	p := func(d []time.Duration, pct int) float64 {
		slices.Sort(d)
		return float64(d[(len(d)-1)*pct/100].Microseconds()) / 1000
	}
	b.ReportMetric(p(bare, 50), "index-p50-ms")
	b.ReportMetric(p(bare, 99), "index-p99-ms")
	b.ReportMetric(p(handler, 50), "api-p50-ms")
	b.ReportMetric(p(handler, 99), "api-p99-ms")
	b.ReportMetric(p(handler, 50)/p(bare, 50), "api/index-p50")
	b.ReportMetric(indexing.Seconds(), "index-10k-s")
}

// TestResultsPageLabelsFacetsAndExamples renders results without
// JavaScript in Spanish and Arabic: each facet value carries the label the
// page's own filter gives it, never its key, and invented content its
// "Example" label.
func TestResultsPageLabelsFacetsAndExamples(t *testing.T) {
	var docs []senderos.Document
	for _, l := range []string{"es", "ar"} {
		word := map[string]string{"es": "escuela", "ar": "المدرسة"}[l]
		docs = append(docs,
			senderos.Document{ID: l + ":/library/a/", Type: "library", Lang: l, Title: word + " A", Text: word, URL: "/a/",
				Topics: []string{"education", "housing"}},
			senderos.Document{ID: l + ":/municipalities/b/", Type: "municipality", Lang: l, Title: word + " B", Text: word, URL: "/b/",
				Province: "Teruel", Example: true},
		)
	}
	srv, _ := mustOpenSearch(t, docs)
	for _, tc := range []struct {
		lang, q, example string
		want             []string
	}{
		{"es", "escuela", "Ejemplo", []string{"Biblioteca (1)", "Pueblos (1)", "Educación (1)", "Vivienda (1)", "Teruel (1)"}},
		{"ar", "المدرسة", "مثال", []string{"المكتبة (1)", "القرى (1)", "التعليم (1)", "السكن (1)", "تيرويل (Teruel) (1)"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/search?"+url.Values{"q": {tc.q}, "lang": {tc.lang}, "format": {"html"}}.Encode(), nil))
			page := rec.Body.String()
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, page)
			}
			_, facets, _ := strings.Cut(page, `class="search-facets"`)
			for _, want := range tc.want {
				if !strings.Contains(facets, ">"+want+"</a>") {
					t.Errorf("the facets lack %q:\n%s", want, facets)
				}
			}
			for _, key := range []string{">education (", ">housing (", ">library (", ">municipality ("} {
				if strings.Contains(facets, key) {
					t.Errorf("the facets show the key %q", key)
				}
			}
			hits, _, _ := strings.Cut(page, `class="search-facets"`)
			for _, h := range strings.Split(hits, `<li class="search-hit">`)[1:] {
				labelled := strings.Contains(h, `<span class="example-label">`+tc.example+`</span>`)
				if example := strings.Contains(h, `href="/b/"`); labelled != example {
					t.Errorf("hit labelled %v as an example, want %v: %s", labelled, example, h)
				}
			}
		})
	}
	t.Run("JSONSaysWhichAreExamples", func(t *testing.T) {
		_, body := getSearch(t, srv, "q=escuela&lang=es")
		for _, h := range body["hits"].([]any) {
			h := h.(map[string]any)
			if want := h["url"] == "/b/"; h["example"] != want {
				t.Errorf("hit %v: example %v, want %v", h["url"], h["example"], want)
			}
		}
	})
}
