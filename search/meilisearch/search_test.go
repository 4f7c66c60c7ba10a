package meilisearch

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
)

// lastSearch is the body of the last search request with text the fake
// received (a check of a filter value searches without text).
func lastSearch(t *testing.T, f *fakeMeili) map[string]any {
	t.Helper()
	reqs := f.recorded()
	for i := len(reqs) - 1; i >= 0; i-- {
		if strings.HasSuffix(reqs[i].Path, "/search") {
			var body map[string]any
			if err := json.Unmarshal(reqs[i].Body, &body); err != nil {
				t.Fatal(err)
			}
			if body["q"] == "" || body["q"] == nil {
				continue
			}
			return body
		}
	}
	t.Fatal("no search request")
	return nil
}

func TestSearch(t *testing.T) {
	ctx := context.Background()

	t.Run("SendsFilterFacetsAndHighlight", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		mustReplace(t, f, idx, corpus())
		_, err := idx.Search(ctx, senderos.SearchQuery{Q: "vivienda", Lang: "es", Type: "guide", Topic: "housing",
			Province: `te"ruel`, Page: 2, PerPage: 5})
		if code := senderos.ErrorCode(err); code != senderos.EINVALID { // no document has that province
			t.Fatalf("err = %v, want %s", err, senderos.EINVALID)
		}
		body := lastSearch(t, f)
		want := map[string]any{
			"q":                     "vivienda",
			"filter":                `lang = "es" AND type = "guide" AND topics = "housing" AND province = "te\"ruel"`,
			"facets":                []any{"type", "topics", "province"},
			"locales":               []any{"spa"},
			"attributesToSearchOn":  []any{"title_es", "summary_es", "text_es", "topics"},
			"attributesToHighlight": []any{"title_es", "summary_es", "text_es"},
			"highlightPreTag":       preMarker,
			"highlightPostTag":      postMarker,
			"attributesToCrop":      []any{"text_es"},
			"cropLength":            float64(cropLength),
			"showRankingScore":      true,
			"page":                  float64(2),
			"hitsPerPage":           float64(5),
		}
		for k, v := range want {
			if !reflect.DeepEqual(body[k], v) {
				t.Errorf("%s = %#v, want %#v", k, body[k], v)
			}
		}
	})

	t.Run("ChecksFilterValuesOnlyWhenNothingFound", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		mustReplace(t, f, idx, corpus())
		before := len(f.recorded())
		if _, err := idx.Search(ctx, senderos.SearchQuery{Q: "vivienda", Lang: "es"}); err != nil {
			t.Fatal(err)
		}
		if n := len(f.recorded()) - before; n != 1 {
			t.Errorf("a search with hits made %d requests, want 1", n)
		}
		_, err := idx.Search(ctx, senderos.SearchQuery{Q: "vivienda", Lang: "es", Topic: "astronomia"})
		if code := senderos.ErrorCode(err); code != senderos.EINVALID {
			t.Errorf("unknown topic: err = %v, want %s", err, senderos.EINVALID)
		}
		reqs := f.recorded()
		var check map[string]any
		if err := json.Unmarshal(reqs[len(reqs)-1].Body, &check); err != nil {
			t.Fatal(err)
		}
		if check["filter"] != `topics = "astronomia"` || check["hitsPerPage"] != float64(0) {
			t.Errorf("check request = %v", check)
		}
	})

	t.Run("MapsResponse", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		mustReplace(t, f, idx, corpus())

		res, err := idx.Search(ctx, senderos.SearchQuery{Q: "vivienda", Lang: "es", PerPage: 3})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 4 || res.Page != 1 || len(res.Hits) != 3 {
			t.Fatalf("total %d, page %d, %d hits; want 4, 1, 3", res.Total, res.Page, len(res.Hits))
		}
		wantFacets := map[string][]senderos.FacetCount{
			"type":     {fc("guide", 2), fc("magazine", 1), fc("municipality", 1)},
			"topic":    {fc("housing", 4), fc("school", 1), fc("work", 1)},
			"province": {fc("teruel", 3), fc("huesca", 1)},
		}
		if !reflect.DeepEqual(res.Facets, wantFacets) {
			t.Errorf("facets = %v, want %v", res.Facets, wantFacets)
		}
		h := res.Hits[0]
		if h.ID != "es:/guide/01/" || h.Title != "Vivienda en el pueblo" || h.URL != "/es/guide/01/" ||
			h.Lang != "es" || h.Type != "guide" || h.Province != "teruel" || !reflect.DeepEqual(h.Topics, []string{"housing"}) ||
			h.Summary != "Resumen de Vivienda en el pueblo" || !strings.HasPrefix(h.Text, "Cómo encontrar") {
			t.Errorf("first hit = %+v", h.Document)
		}
		if !h.Example || res.Hits[1].Example {
			t.Errorf("Example of the first two hits = %v, %v; want true, false", h.Example, res.Hits[1].Example)
		}
		if h.Score <= 0 || h.Score < res.Hits[1].Score {
			t.Errorf("scores %v, %v", h.Score, res.Hits[1].Score)
		}
		if !strings.Contains(h.Snippet, "<mark>vivienda</mark>") {
			t.Errorf("snippet = %q", h.Snippet)
		}

		res, err = idx.Search(ctx, senderos.SearchQuery{Q: "vivienda", Lang: "es", Page: 2, PerPage: 3})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 4 || res.Page != 2 || len(res.Hits) != 1 {
			t.Errorf("page 2: total %d, page %d, %d hits; want 4, 2, 1", res.Total, res.Page, len(res.Hits))
		}
		for _, h := range res.Hits {
			if h.ID == "es:/magazine/a/" && !h.Date.Equal(corpus()[2].Date) {
				t.Errorf("date = %v", h.Date)
			}
		}
	})

	t.Run("FiltersByLanguage", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		mustReplace(t, f, idx, corpus())
		res, err := idx.Search(ctx, senderos.SearchQuery{Q: "housing", Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 || res.Hits[0].ID != "en:/guide/01/" {
			t.Errorf("hits = %+v", res.Hits)
		}
	})

	t.Run("SnippetIsSanitised", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		d := doc("es", "/x/", "page", "Página", `<script>alert("x")</script> refugio & <b>mark</b> <mark>falso</mark>`+preMarker)
		mustReplace(t, f, idx, []senderos.Document{d})
		res, err := idx.Search(ctx, senderos.SearchQuery{Q: "refugio", Lang: "es"})
		if err != nil {
			t.Fatal(err)
		} else if len(res.Hits) != 1 {
			t.Fatalf("%d hits", len(res.Hits))
		}
		want := `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <mark>refugio</mark> &amp; &lt;b&gt;mark&lt;/b&gt; &lt;mark&gt;falso&lt;/mark&gt;`
		if got := res.Hits[0].Snippet; got != want {
			t.Errorf("snippet = %q, want %q", got, want)
		}
	})

	t.Run("SnippetFallsBackToSummary", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		d := doc("es", "/x/", "page", "Escuela", "Texto sin la palabra.")
		d.Summary = "Resumen sobre <colegios>"
		mustReplace(t, f, idx, []senderos.Document{d})
		res, err := idx.Search(ctx, senderos.SearchQuery{Q: "colegios", Lang: "es"})
		if err != nil {
			t.Fatal(err)
		} else if len(res.Hits) != 1 || res.Hits[0].Snippet != "Resumen sobre &lt;<mark>colegios</mark>&gt;" {
			t.Fatalf("hits = %+v", res.Hits)
		}
	})

	t.Run("EmptyBeforeFirstReplace", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		res, err := idx.Search(ctx, senderos.SearchQuery{Q: "vivienda", Lang: "es"})
		if err != nil {
			t.Fatal(err)
		} else if res.Total != 0 || len(res.Hits) != 0 || res.Page != 1 {
			t.Fatalf("result = %+v", res)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		for name, q := range map[string]senderos.SearchQuery{
			"NoText":          {Q: "  ", Lang: "es"},
			"UnknownLanguage": {Q: "vivienda", Lang: "de"},
			"UnknownType":     {Q: "vivienda", Lang: "es", Type: "blog"},
			"PerPageTooLarge": {Q: "vivienda", Lang: "es", PerPage: 51},
		} {
			t.Run(name, func(t *testing.T) {
				if _, err := idx.Search(ctx, q); senderos.ErrorCode(err) != senderos.EINVALID {
					t.Errorf("err = %v, want EINVALID", err)
				}
			})
		}
		for _, r := range f.recorded() {
			if strings.HasSuffix(r.Path, "/search") {
				t.Errorf("invalid query sent to the server: %s", r.Body)
			}
		}
	})
}

func fc(value string, count int) senderos.FacetCount {
	return senderos.FacetCount{Value: value, Count: count}
}

func TestFacetCounts(t *testing.T) {
	got := facetCounts(map[string]int{"b": 2, "a": 2, "c": 5, "d": 1})
	want := []senderos.FacetCount{fc("c", 5), fc("a", 2), fc("b", 2), fc("d", 1)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func FuzzSanitize(f *testing.F) {
	f.Add("<script>x</script> " + preMarker + "word" + postMarker)
	f.Add("<mark>a</mark> &amp; \"'")
	f.Fuzz(func(t *testing.T, s string) {
		out := sanitize(stripMarkers(s))
		rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(out)
		if strings.ContainsAny(rest, `<>"'`) {
			t.Errorf("sanitize(%q) = %q leaves markup", s, out)
		}
		if strings.Contains(out, "<mark>") {
			t.Errorf("sanitize(%q) = %q: a <mark> not from Meilisearch", s, out)
		}
	})
}
