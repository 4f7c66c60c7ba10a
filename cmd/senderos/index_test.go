package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/search/bleve"
	"github.com/cepaim/senderos/site"
)

// mustIndexSite builds the site with the pinned Hugo, reads its search
// documents as `senderos index` does and indexes them in a new embedded
// index.
func mustIndexSite(t *testing.T) ([]senderos.Document, *bleve.Index) {
	t.Helper()
	public := filepath.Join(t.TempDir(), "public")
	h := &site.Hugo{Root: "../.."}
	if _, err := h.Build(context.Background(), site.BuildOptions{Destination: public}); err != nil {
		t.Fatalf("build: %v", err)
	}
	docs, _, err := siteDocuments(public)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if err := idx.Replace(context.Background(), docs, nil); err != nil {
		t.Fatal(err)
	}
	return docs, idx
}

// TestSiteSearch searches the documents of the built site, in every
// language, as a family types: the two forms are found by their names
// typed with a typo and without accents (not only the page that leads to
// them), their thank-you pages never; invented content says it is an
// example.
func TestSiteSearch(t *testing.T) {
	docs, idx := mustIndexSite(t)
	ctx := context.Background()

	t.Run("FindsTheFormsWithTyposAndNoAccents", func(t *testing.T) {
		for _, tc := range []struct{ lang, q, url string }{
			{"es", "formulario para familas", "/move/form/"},
			{"es", "fromulario para municipios", "/join/form/"},
			{"en", "form for familes", "/en/move/form/"},
			{"en", "form for municipalites", "/en/join/form/"},
			{"fr", "formulaire pour les familes", "/fr/move/form/"},
			{"fr", "formulaire pour les comunes", "/fr/join/form/"},
			{"ar", "استمارت للعايلات", "/ar/move/form/"},
			{"ar", "استماره للبلديات", "/ar/join/form/"},
		} {
			t.Run(tc.lang+"/"+tc.q, func(t *testing.T) {
				res, err := idx.Search(ctx, senderos.SearchQuery{Q: tc.q, Lang: tc.lang})
				if err != nil {
					t.Fatal(err)
				}
				var urls []string
				for _, h := range res.Hits {
					urls = append(urls, h.URL)
				}
				if len(urls) == 0 || urls[0] != tc.url {
					t.Errorf("hits %v, want %s first", urls, tc.url)
				}
				for _, u := range urls {
					if strings.Contains(u, "/thanks/") {
						t.Errorf("a thank-you page is a hit: %s", u)
					}
				}
			})
		}
	})
	t.Run("ThankYouPagesAreNotDocuments", func(t *testing.T) {
		for _, d := range docs {
			if strings.Contains(d.URL, "/thanks/") {
				t.Errorf("%s is a search document", d.ID)
			}
		}
	})
	t.Run("ExamplesSayTheyAre", func(t *testing.T) {
		for _, l := range site.Languages {
			res, err := idx.Search(ctx, senderos.SearchQuery{Q: "Fuentelirio", Lang: l, Type: "municipality"})
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(res.Hits, func(h senderos.SearchHit) bool { return strings.HasSuffix(h.URL, "/municipalities/fuentelirio/") })
			if i < 0 || !res.Hits[i].Example {
				t.Errorf("%s: Fuentelirio, an example village, is not a hit labelled example: %+v", l, res.Hits)
			}
		}
		for _, d := range docs {
			if strings.HasSuffix(d.URL, "/move/form/") && d.Example {
				t.Errorf("%s is marked as an example", d.ID)
			}
		}
	})
}
