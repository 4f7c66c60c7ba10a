package meilisearch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	meili "github.com/meilisearch/meilisearch-go"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/search"
)

// mustOpen opens an Index on the fake with fast polling and small batches.
func mustOpen(tb testing.TB, f *fakeMeili) *Index {
	tb.Helper()
	idx, err := Open(context.Background(), Config{URL: f.srv.URL, AdminKey: f.adminKey, SearchKey: f.searchKey})
	if err != nil {
		tb.Fatal(err)
	}
	idx.poll = time.Millisecond
	idx.batchSize = 2
	tb.Cleanup(func() { idx.Close() })
	return idx
}

// mustReplace replaces the index content and checks every task was waited
// for.
func mustReplace(tb testing.TB, f *fakeMeili, idx *Index, docs []senderos.Document) {
	tb.Helper()
	if err := idx.Replace(context.Background(), docs, nil); err != nil {
		tb.Fatal(err)
	} else if u := f.unfinished(); len(u) > 0 {
		tb.Fatalf("tasks not waited for: %v", u)
	}
}

func doc(lang, path, typ, title, text string) senderos.Document {
	return senderos.Document{ID: lang + ":" + path, Lang: lang, Type: typ, URL: "/" + lang + path,
		Title: title, Summary: "Resumen de " + title, Text: text}
}

// corpus is a small set of documents in two languages.
func corpus() []senderos.Document {
	d := []senderos.Document{
		doc("es", "/guide/01/", "guide", "Vivienda en el pueblo", "Cómo encontrar vivienda de alquiler en un municipio rural."),
		doc("es", "/guide/02/", "guide", "Trabajo y empleo", "Ofertas de trabajo en la agricultura y la vivienda asociada."),
		doc("es", "/magazine/a/", "magazine", "Una familia llega a Teruel", "La familia encontró vivienda y escuela."),
		doc("es", "/municipality/x/", "municipality", "Alcañiz", "Municipio con vivienda disponible y colegio."),
		doc("en", "/guide/01/", "guide", "Housing in the village", "How to find rented housing in a rural municipality."),
	}
	d[0].Topics, d[0].Province = []string{"housing"}, "teruel"
	d[1].Topics, d[1].Province = []string{"work", "housing"}, "huesca"
	d[2].Topics, d[2].Province = []string{"housing", "school"}, "teruel"
	d[3].Topics, d[3].Province = []string{"housing"}, "teruel"
	d[2].Date = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	d[0].Example, d[2].Example = true, true
	return d
}

func ids(docs []senderos.Document) []string {
	var s []string
	for _, d := range docs {
		s = append(s, d.ID)
	}
	slices.Sort(s)
	return s
}

func TestSettings(t *testing.T) {
	t.Run("SentAsInCode", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		mustReplace(t, f, idx, corpus())

		want, _ := json.Marshal(settings())
		n := 0
		for _, r := range f.recorded() {
			if r.Method == http.MethodPatch && strings.HasSuffix(r.Path, "/settings") {
				n++
				if !jsonEqual(t, r.Body, want) {
					t.Errorf("settings of %s = %s, want %s", r.Path, r.Body, want)
				}
			}
		}
		if n == 0 {
			t.Fatal("no settings sent")
		}
	})

	t.Run("Content", func(t *testing.T) {
		s := settings()
		for _, attr := range []string{"title_es", "summary_ar", "text_fr", "topics"} {
			if !slices.Contains(s.SearchableAttributes, attr) {
				t.Errorf("%s not searchable", attr)
			}
		}
		if want := []string{"lang", "type", "topics", "province"}; !slices.Equal(s.FilterableAttributes, want) {
			t.Errorf("filterable = %v, want %v", s.FilterableAttributes, want)
		}
		if !slices.Equal(s.SortableAttributes, []string{"date"}) {
			t.Errorf("sortable = %v", s.SortableAttributes)
		}
		got := map[string][]string{}
		for _, l := range s.LocalizedAttributes {
			got[strings.Join(l.Locales, ",")] = l.AttributePatterns
		}
		want := map[string][]string{
			"spa": {"title_es", "summary_es", "text_es"},
			"eng": {"title_en", "summary_en", "text_en"},
			"fra": {"title_fr", "summary_fr", "text_fr"},
			"ara": {"title_ar", "summary_ar", "text_ar"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("localizedAttributes = %v, want %v", got, want)
		}
		for _, lang := range search.Languages {
			if locales[lang] == "" {
				t.Errorf("no Meilisearch locale for %s", lang)
			}
		}
		if tt := s.TypoTolerance; tt == nil || !tt.Enabled || tt.MinWordSizeForTypos != (meili.MinWordSizeForTypos{OneTypo: 4, TwoTypos: 8}) {
			t.Errorf("typoTolerance = %+v", tt)
		}
	})
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	} else if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(x, y)
}

func TestReplace(t *testing.T) {
	t.Run("FirstReplaceCreatesLiveIndex", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		if n, err := idx.Count(context.Background()); err != nil || n != 0 {
			t.Fatalf("Count before any Replace = %d, %v", n, err)
		}
		mustReplace(t, f, idx, corpus())
		if got := f.indexNames(); !slices.Equal(got, []string{"documents"}) {
			t.Fatalf("indexes = %v, want only the live one", got)
		}
		if got, want := f.docIDs("documents"), ids(corpus()); !slices.Equal(got, want) {
			t.Fatalf("live docs = %v, want %v", got, want)
		}
		if n, err := idx.Count(context.Background()); err != nil || n != len(corpus()) {
			t.Fatalf("Count = %d, %v", n, err)
		}
	})

	t.Run("BuildsNewIndexInBatchesSwapsAndDeletesOld", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		mustReplace(t, f, idx, corpus()[:2])
		before := len(f.recorded())

		var calls [][2]int
		docs := corpus()
		if err := idx.Replace(context.Background(), docs, func(done, total int) {
			calls = append(calls, [2]int{done, total})
		}); err != nil {
			t.Fatal(err)
		} else if u := f.unfinished(); len(u) > 0 {
			t.Fatalf("tasks not waited for: %v", u)
		}

		var next string
		var steps []string
		var batches []int
		for _, r := range f.recorded()[before:] {
			switch {
			case r.Method == http.MethodPost && r.Path == "/indexes":
				var body struct{ UID, PrimaryKey string }
				_ = json.Unmarshal(r.Body, &body)
				next = body.UID
				if body.PrimaryKey != primaryKey {
					t.Errorf("primary key = %q", body.PrimaryKey)
				}
				steps = append(steps, "create")
			case r.Method == http.MethodPatch:
				steps = append(steps, "settings "+r.Path)
			case r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/documents"):
				var batch []map[string]any
				_ = json.Unmarshal(r.Body, &batch)
				batches = append(batches, len(batch))
				if r.Path != "/indexes/"+next+"/documents" {
					t.Errorf("documents sent to %s, want the new index %s", r.Path, next)
				}
				if r.RawQuery != "primaryKey="+primaryKey {
					t.Errorf("documents query = %q", r.RawQuery)
				}
				steps = append(steps, "documents")
			case r.Path == "/swap-indexes":
				if want := fmt.Sprintf(`[{"indexes":["documents","%s"],"rename":false}]`, next); string(r.Body) != want {
					t.Errorf("swap body = %s, want %s", r.Body, want)
				}
				steps = append(steps, "swap")
			case r.Method == http.MethodDelete:
				if r.Path != "/indexes/"+next {
					t.Errorf("deleted %s, want %s", r.Path, next)
				}
				steps = append(steps, "delete")
			}
		}
		if !strings.HasPrefix(next, "documents_") {
			t.Fatalf("new index = %q, want documents_<timestamp>", next)
		}
		wantSteps := []string{"create", "settings /indexes/" + next + "/settings", "documents", "documents", "documents", "swap", "delete"}
		if !slices.Equal(steps, wantSteps) {
			t.Errorf("steps = %v, want %v", steps, wantSteps)
		}
		if !slices.Equal(batches, []int{2, 2, 1}) {
			t.Errorf("batch sizes = %v, want [2 2 1]", batches)
		}
		if want := [][2]int{{0, 5}, {2, 5}, {4, 5}, {5, 5}}; !reflect.DeepEqual(calls, want) {
			t.Errorf("progress = %v, want %v", calls, want)
		}
		if got := f.indexNames(); !slices.Equal(got, []string{"documents"}) {
			t.Errorf("indexes = %v, want only the live one", got)
		}
		if got, want := f.docIDs("documents"), ids(docs); !slices.Equal(got, want) {
			t.Errorf("live docs = %v, want %v", got, want)
		}
		res, err := idx.Search(context.Background(), senderos.SearchQuery{Q: "familia", Lang: "es"})
		if err != nil {
			t.Fatal(err)
		} else if len(res.Hits) != 1 || res.Hits[0].ID != "es:/magazine/a/" {
			t.Errorf("search after Replace = %+v", res.Hits)
		}
	})

	t.Run("FailedTaskLeavesLiveIndexUntouched", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		old := corpus()[:2]
		mustReplace(t, f, idx, old)
		before := len(f.recorded())

		batch := 0
		f.failTask = func(task *fakeTask) *apiError {
			if task.typ == "documentAdditionOrUpdate" {
				if batch++; batch == 2 {
					return errorf(http.StatusBadRequest, "invalid_document_fields", "the second batch is broken")
				}
			}
			return nil
		}
		err := idx.Replace(context.Background(), corpus(), nil)
		var te *TaskError
		if !errors.As(err, &te) || te.Status != "failed" || te.Code != "invalid_document_fields" ||
			!strings.Contains(err.Error(), "the second batch is broken") {
			t.Fatalf("err = %v, want the failed task's error", err)
		}
		if senderos.ErrorCode(err) != senderos.EINTERNAL {
			t.Errorf("code = %s", senderos.ErrorCode(err))
		}
		for _, r := range f.recorded()[before:] {
			if r.Path == "/swap-indexes" {
				t.Error("swapped after a failed task")
			}
		}
		if got := f.indexNames(); !slices.Equal(got, []string{"documents"}) {
			t.Errorf("indexes = %v, want the new one deleted", got)
		}
		if got, want := f.docIDs("documents"), ids(old); !slices.Equal(got, want) {
			t.Errorf("live docs = %v, want the old %v", got, want)
		}
	})

	t.Run("FailedSwapLeavesLiveIndexUntouched", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		old := corpus()[:2]
		mustReplace(t, f, idx, old)
		f.failTask = func(task *fakeTask) *apiError {
			if task.typ == "indexSwap" {
				return errorf(http.StatusInternalServerError, "internal", "disk full")
			}
			return nil
		}
		if err := idx.Replace(context.Background(), corpus(), nil); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Fatalf("err = %v", err)
		}
		if got, want := f.docIDs("documents"), ids(old); !slices.Equal(got, want) {
			t.Errorf("live docs = %v, want the old %v", got, want)
		}
		if got := f.indexNames(); !slices.Equal(got, []string{"documents"}) {
			t.Errorf("indexes = %v", got)
		}
	})

	t.Run("DocumentsCarryLanguageFields", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		mustReplace(t, f, idx, corpus()[2:3])
		var got []map[string]any
		for _, r := range f.recorded() {
			if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/documents") {
				if err := json.Unmarshal(r.Body, &got); err != nil {
					t.Fatal(err)
				}
			}
		}
		want := []map[string]any{{
			"key": docKey("es:/magazine/a/"), "id": "es:/magazine/a/", "type": "magazine", "lang": "es",
			"url": "/es/magazine/a/", "topics": []any{"housing", "school"}, "province": "teruel",
			"date": float64(corpus()[2].Date.Unix()), "example": true,
			"title_es": "Una familia llega a Teruel", "summary_es": "Resumen de Una familia llega a Teruel",
			"text_es": "La familia encontró vivienda y escuela.",
		}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("documents = %v, want %v", got, want)
		}
	})

	t.Run("ErrUnknownLanguage", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		err := idx.Replace(context.Background(), []senderos.Document{doc("de", "/x/", "page", "X", "x")}, nil)
		if senderos.ErrorCode(err) != senderos.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
		if got := f.indexNames(); len(got) != 0 {
			t.Errorf("indexes = %v, want none", got)
		}
	})
}

func TestKeys(t *testing.T) {
	t.Run("SearchKeyOnlySearches", func(t *testing.T) {
		f := newFakeMeili(t)
		idx := mustOpen(t, f)
		mustReplace(t, f, idx, corpus())
		if _, err := idx.Search(context.Background(), senderos.SearchQuery{Q: "vivienda", Lang: "es"}); err != nil {
			t.Fatal(err)
		}
		if _, err := idx.Count(context.Background()); err != nil {
			t.Fatal(err)
		}
		searches := 0
		for _, r := range f.recorded() {
			read := strings.HasSuffix(r.Path, "/search") || strings.HasSuffix(r.Path, "/stats")
			switch {
			case r.Path == "/health":
			case read && r.Key != "search":
				t.Errorf("%s %s with the %s key, want the search key", r.Method, r.Path, r.Key)
			case !read && r.Key != "admin":
				t.Errorf("%s %s with the %s key, want the admin key", r.Method, r.Path, r.Key)
			}
			if strings.HasSuffix(r.Path, "/search") {
				searches++
			}
		}
		if searches != 1 {
			t.Errorf("%d searches", searches)
		}
	})

	t.Run("SearchKeyRefusedOnWrites", func(t *testing.T) {
		f := newFakeMeili(t)
		idx, err := Open(context.Background(), Config{URL: f.srv.URL, AdminKey: f.searchKey, SearchKey: f.searchKey})
		if err != nil {
			t.Fatal(err)
		}
		defer idx.Close()
		err = idx.Replace(context.Background(), corpus(), nil)
		var me *meili.Error
		if !errors.As(err, &me) || me.StatusCode != http.StatusForbidden || me.APIError.Code != meili.APIErrCodeInvalidAPIKey {
			t.Fatalf("err = %v, want 403 invalid_api_key", err)
		}
		if got := f.indexNames(); len(got) != 0 {
			t.Errorf("indexes = %v", got)
		}
	})
}
