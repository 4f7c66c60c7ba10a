package bleve_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/search/bleve"
	"github.com/cepaim/senderos/search/searchtest"
)

// MustOpen opens an index in dir and closes it at the end of the test.
func MustOpen(tb testing.TB, dir string) *bleve.Index {
	tb.Helper()
	idx, err := bleve.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := idx.Close(); err != nil {
			tb.Error(err)
		}
	})
	return idx
}

func TestIndex(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) senderos.SearchIndex {
		return MustOpen(t, t.TempDir())
	})
}

func TestReopenKeepsIndex(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "search")
	docs := searchtest.Documents()

	idx, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Replace(ctx, docs[:3], nil); err != nil {
		t.Fatal(err)
	}
	if err := idx.Replace(ctx, docs, nil); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}

	idx = MustOpen(t, dir)
	if n, err := idx.Count(ctx); err != nil || n != len(docs) {
		t.Fatalf("Count after reopening = %d, %v; want %d", n, err, len(docs))
	}
	res := searchtest.Search(t, idx, senderos.SearchQuery{Q: "integracion", Lang: "es"})
	if len(res.Hits) == 0 || res.Hits[0].ID != "es:/guide/02-integracion/" {
		t.Errorf("after reopening, hits %v", res.Hits)
	}
	if generations(t, dir) != 1 {
		t.Errorf("%d generations in %s, want only the current one", generations(t, dir), dir)
	}
}

func TestOpenRemovesInterruptedReplace(t *testing.T) {
	dir := t.TempDir()
	idx, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	// What a crash in the middle of Replace leaves: a generation that no
	// pointer names and a half-written pointer.
	if err := os.Mkdir(filepath.Join(dir, "index-1-dead"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "current.123.tmp"), []byte("index-1-dead"), 0o644); err != nil {
		t.Fatal(err)
	}
	MustOpen(t, dir)
	if n := generations(t, dir); n != 1 {
		t.Errorf("%d generations after reopening, want 1", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "current.123.tmp")); !os.IsNotExist(err) {
		t.Errorf("half-written pointer still there: %v", err)
	}
}

func TestOpenRefusesBadPointer(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "current"), []byte("../elsewhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if idx, err := bleve.Open(dir); err == nil {
		idx.Close()
		t.Fatal("Open accepted a pointer outside the directory")
	}
}

func TestReplaceStopsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	idx := MustOpen(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := idx.Replace(ctx, searchtest.Documents(), nil); err == nil {
		t.Fatal("Replace with a cancelled context succeeded")
	}
	if n, err := idx.Count(context.Background()); err != nil || n != 0 {
		t.Errorf("Count = %d, %v; want the empty index kept", n, err)
	}
	if n := generations(t, dir); n != 1 {
		t.Errorf("%d generations, want the abandoned one removed", n)
	}
}

func TestClosedIndexFails(t *testing.T) {
	idx, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := idx.Search(context.Background(), senderos.SearchQuery{Q: "padrón", Lang: "es"}); err == nil {
		t.Error("Search on a closed index succeeded")
	}
	if err := idx.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestStopWordsOnlyFindNothing(t *testing.T) {
	idx := MustOpen(t, t.TempDir())
	if err := idx.Replace(context.Background(), searchtest.Documents(), nil); err != nil {
		t.Fatal(err)
	}
	for _, q := range []senderos.SearchQuery{{Q: "de la", Lang: "es"}, {Q: "the of", Lang: "en"}, {Q: "في إلى", Lang: "ar"}, {Q: "في الى", Lang: "ar"}} {
		res := searchtest.Search(t, idx, q)
		if res.Total != 0 {
			t.Errorf("%q: Total %d, want 0", q.Q, res.Total)
		}
	}
}

func TestEveryWordMustMatch(t *testing.T) {
	idx := MustOpen(t, t.TempDir())
	if err := idx.Replace(context.Background(), searchtest.Documents(), nil); err != nil {
		t.Fatal(err)
	}
	res := searchtest.Search(t, idx, senderos.SearchQuery{Q: "vivienda Cuenca", Lang: "es", PerPage: 50})
	for _, h := range res.Hits {
		if !strings.Contains(h.Title+h.Summary+h.Text, "Cuenca") {
			t.Errorf("hit %s does not mention Cuenca", h.ID)
		}
	}
}

// TestTyposFollowReplace: typo candidates are remembered per generation, so
// a word the new content has is found from a typo right after Replace.
func TestTyposFollowReplace(t *testing.T) {
	ctx := context.Background()
	idx := MustOpen(t, t.TempDir())
	doc := func(id, title string) senderos.Document {
		return senderos.Document{ID: id, Type: "guide", Lang: "es", Title: title, Text: title, URL: "/" + id + "/"}
	}
	if err := idx.Replace(ctx, []senderos.Document{doc("a", "Huerta comunitaria")}, nil); err != nil {
		t.Fatal(err)
	}
	q := senderos.SearchQuery{Q: "escuelq", Lang: "es"}
	if res := searchtest.Search(t, idx, q); res.Total != 0 {
		t.Fatalf("Total %d before the school was indexed", res.Total)
	}
	if err := idx.Replace(ctx, []senderos.Document{doc("a", "Huerta comunitaria"), doc("b", "La escuela del pueblo")}, nil); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second search answers from what the first remembered
		if res := searchtest.Search(t, idx, q); res.Total != 1 || res.Hits[0].ID != "b" {
			t.Fatalf("after Replace: Total %d, hits %v; want the school", res.Total, res.Hits)
		}
	}
}

func generations(t *testing.T, dir string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "index-") {
			n++
		}
	}
	return n
}
