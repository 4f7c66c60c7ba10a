package meilisearch

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	meili "github.com/meilisearch/meilisearch-go"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/search/searchtest"
)

// mustOpenLive opens an Index on the real Meilisearch named by
// SENDEROS_TEST_MEILISEARCH_URL, with a new live index of its own and a
// search key that can only search and read the stats of that index; both
// are deleted when the test ends. Without the variable the test is skipped.
func mustOpenLive(tb testing.TB) *Index {
	tb.Helper()
	url, key := os.Getenv("SENDEROS_TEST_MEILISEARCH_URL"), os.Getenv("SENDEROS_TEST_MEILISEARCH_KEY")
	if url == "" {
		tb.Skip("set SENDEROS_TEST_MEILISEARCH_URL (e.g. http://127.0.0.1:7700) and SENDEROS_TEST_MEILISEARCH_KEY " +
			"(its master key) to run this test against a real Meilisearch, e.g. " +
			"`meilisearch --master-key=test-master-key-123456` then " +
			"`SENDEROS_TEST_MEILISEARCH_URL=http://127.0.0.1:7700 SENDEROS_TEST_MEILISEARCH_KEY=test-master-key-123456 go test ./search/meilisearch/`")
	}
	ctx := context.Background()
	name := fmt.Sprintf("senderos_test_%d", time.Now().UnixNano())

	admin := meili.New(url, meili.WithAPIKey(key))
	tb.Cleanup(admin.Close)
	searchKey, err := admin.CreateKey(ctx, &meili.Key{
		Name:      name,
		Actions:   []string{"search", "stats.get"},
		Indexes:   []string{name},
		ExpiresAt: time.Now().Add(time.Hour),
	})
	if err != nil {
		tb.Fatalf("create a search key (SENDEROS_TEST_MEILISEARCH_KEY must be the master key): %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.DeleteKey(ctx, searchKey.Key); err != nil {
			tb.Errorf("delete search key: %v", err)
		}
	})

	idx, err := Open(ctx, Config{URL: url, AdminKey: key, SearchKey: searchKey.Key, Index: name})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := idx.drop(ctx, name); err != nil {
			tb.Errorf("delete index %s: %v", name, err)
		}
		idx.Close()
	})
	return idx
}

// liveCorpus adds an Arabic document to the fake's corpus.
func liveCorpus() []senderos.Document {
	d := doc("ar", "/guide/01/", "guide", "السكن في القرية", "كيف تجد سكنا للإيجار في بلدية ريفية")
	d.Topics = []string{"housing"}
	return append(corpus(), d)
}

// TestLive checks, against a real Meilisearch, that the requests this
// package sends are accepted and that their answers are mapped as the fake
// tests expect; TestLiveRelevance runs the shared relevance table.
func TestLive(t *testing.T) {
	idx := mustOpenLive(t)
	ctx := context.Background()

	// The first Replace creates the live index, the second swaps.
	all := liveCorpus()
	for _, docs := range [][]senderos.Document{all[:2], all} {
		var last [2]int
		if err := idx.Replace(ctx, docs, func(done, total int) { last = [2]int{done, total} }); err != nil {
			t.Fatal(err)
		} else if n := len(docs); last != [2]int{n, n} {
			t.Fatalf("last progress = %v, want %d of %d", last, n, n)
		}
	}
	if n, err := idx.Count(ctx); err != nil || n != len(all) {
		t.Fatalf("Count = %d, %v; want %d", n, err, len(all))
	}

	for _, tt := range []struct {
		name  string
		q     senderos.SearchQuery
		first string // id of the first hit
		total int
	}{
		{"TitleFirst", senderos.SearchQuery{Q: "vivienda", Lang: "es"}, "es:/guide/01/", 4},
		{"Typo", senderos.SearchQuery{Q: "viviemda", Lang: "es"}, "es:/guide/01/", 4},
		{"Type", senderos.SearchQuery{Q: "vivienda", Lang: "es", Type: "municipality"}, "es:/municipality/x/", 1},
		{"Topic", senderos.SearchQuery{Q: "vivienda", Lang: "es", Topic: "school"}, "es:/magazine/a/", 1},
		{"Province", senderos.SearchQuery{Q: "vivienda", Lang: "es", Province: "teruel"}, "es:/guide/01/", 3},
		{"OtherLanguage", senderos.SearchQuery{Q: "housing", Lang: "en"}, "en:/guide/01/", 1},
		{"Arabic", senderos.SearchQuery{Q: "السكن", Lang: "ar"}, "ar:/guide/01/", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := idx.Search(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			} else if res.Total != tt.total || len(res.Hits) == 0 || res.Hits[0].ID != tt.first {
				t.Fatalf("total %d, hits %v; want %d, first %s", res.Total, hitIDs(res), tt.total, tt.first)
			} else if !strings.Contains(res.Hits[0].Snippet, "<mark>") {
				t.Errorf("snippet %q has no <mark>", res.Hits[0].Snippet)
			}
		})
	}

	t.Run("SnippetIsSanitised", func(t *testing.T) {
		d := doc("es", "/x/", "page", "Página", `<script>alert(1)</script> refugio <mark>falso</mark>`)
		if err := idx.Replace(ctx, []senderos.Document{d}, nil); err != nil {
			t.Fatal(err)
		}
		res, err := idx.Search(ctx, senderos.SearchQuery{Q: "refugio", Lang: "es"})
		if err != nil {
			t.Fatal(err)
		} else if len(res.Hits) != 1 {
			t.Fatalf("hits %v", hitIDs(res))
		}
		want := "&lt;script&gt;alert(1)&lt;/script&gt; <mark>refugio</mark> &lt;mark&gt;falso&lt;/mark&gt;"
		if got := res.Hits[0].Snippet; got != want {
			t.Errorf("snippet = %q, want %q", got, want)
		}
	})
}

func hitIDs(res *senderos.SearchResult) []string {
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// TestLiveRelevance runs the relevance table shared by every backend
// against a real Meilisearch; each index it opens is new and deleted at
// the end.
func TestLiveRelevance(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) senderos.SearchIndex { return mustOpenLive(t) })
}
