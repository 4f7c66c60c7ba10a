package bleve_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/search/bleve"
	"github.com/cepaim/senderos/search/searchtest"
)

// benchDocs is the size of the benchmark corpus.
const benchDocs = 10_000

// BenchmarkReplace indexes 10,000 documents in four languages into a new
// index; the goal is under 20 s (s/replace).
func BenchmarkReplace(b *testing.B) {
	docs := benchCorpus(b)
	ctx := context.Background()
	var last time.Duration
	for b.Loop() {
		idx, err := bleve.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := idx.Replace(ctx, docs, nil); err != nil {
			b.Fatal(err)
		}
		last = time.Since(start)
		if err := idx.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(last.Seconds(), "s/replace")
	b.ReportMetric(float64(len(docs))/last.Seconds(), "docs/s")
}

// benchQueries is the fixed query list of BenchmarkSearch: single words,
// typos, several words, filters, in the four languages.
var benchQueries = []senderos.SearchQuery{
	{Q: "padrón", Lang: "es"},
	{Q: "padron", Lang: "es"},
	{Q: "integracion", Lang: "es"},
	{Q: "escuala", Lang: "es"},
	{Q: "integrasion", Lang: "es"},
	{Q: "vivenda", Lang: "es"},
	{Q: "escuelas", Lang: "es"},
	{Q: "vivienda Cuenca", Lang: "es"},
	{Q: "municipio de montaña con escuela", Lang: "es"},
	{Q: "Teruel", Lang: "es", Type: "municipality"},
	{Q: "escuela", Lang: "es", Province: "Soria"},
	{Q: "trabajo", Lang: "es", Topic: "empleo", Page: 2},
	{Q: "village school", Lang: "en"},
	{Q: "villages", Lang: "en"},
	{Q: "registration", Lang: "en"},
	{Q: "scool", Lang: "en"},
	{Q: "communes", Lang: "fr"},
	{Q: "ecole", Lang: "fr"},
	{Q: "intégration au village", Lang: "fr"},
	{Q: "امينة", Lang: "ar"},
	{Q: "المدرسه", Lang: "ar"},
	{Q: "اسبانيا", Lang: "ar"},
	{Q: "سكن في القرية", Lang: "ar"},
}

// BenchmarkSearch runs the fixed query list against an index of 10,000
// documents and reports the latency of one query: the goal is a median
// (p50-ms) under 2 ms and a 99th percentile (p99-ms) under 10 ms.
func BenchmarkSearch(b *testing.B) {
	docs := benchCorpus(b)
	ctx := context.Background()
	idx := MustOpen(b, b.TempDir())
	if err := idx.Replace(ctx, docs, nil); err != nil {
		b.Fatal(err)
	}
	for _, q := range benchQueries { // warm up, and check that each finds something
		res, err := idx.Search(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		if res.Total == 0 {
			b.Fatalf("%+v finds nothing", q)
		}
	}

	var latencies []time.Duration
	i := 0
	for b.Loop() {
		q := benchQueries[i%len(benchQueries)]
		i++
		start := time.Now()
		if _, err := idx.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
		latencies = append(latencies, time.Since(start))
	}
	slices.Sort(latencies)
	at := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// benchCorpus returns benchDocs documents: a village profile in one of
// the four languages for each municipality of IGN's list (read beside the
// repository; the benchmark is skipped without it), and variations of the
// relevance corpus for the rest.
func benchCorpus(tb testing.TB) []senderos.Document {
	tb.Helper()
	rows := referenceMunicipalities(tb)
	langs := []string{"es", "en", "fr", "ar"}
	var docs []senderos.Document
	for i, r := range rows {
		if len(docs) == benchDocs*4/5 {
			break
		}
		docs = append(docs, profile(langs[i%len(langs)], r, i))
	}
	base := searchtest.Documents()
	for k := 0; len(docs) < benchDocs; k++ {
		for _, d := range base {
			if len(docs) == benchDocs {
				break
			}
			r := rows[(k*len(base)+len(docs))%len(rows)]
			d.ID = fmt.Sprintf("%s#%d", d.ID, k)
			d.Title = d.Title + " · " + r[1]
			d.Text = d.Text + " " + variation(d.Lang, r, k)
			docs = append(docs, d)
		}
	}
	return docs
}

// Columns of municipalities-es.csv.
const (
	colName       = 1
	colProvince   = 3
	colRegion     = 5
	colPopulation = 6
	colAltitude   = 9
)

var services = map[string][]string{
	"es": {"escuela", "consultorio médico", "farmacia", "tienda", "bar", "biblioteca", "vivienda de alquiler", "transporte escolar"},
	"en": {"school", "health centre", "pharmacy", "shop", "bar", "library", "rental housing", "school bus"},
	"fr": {"école", "cabinet médical", "pharmacie", "épicerie", "café", "bibliothèque", "logement à louer", "transport scolaire"},
	"ar": {"مدرسة", "مركز صحي", "صيدلية", "متجر", "مقهى", "مكتبة", "سكن للإيجار", "نقل مدرسي"},
}

// profile writes the village profile of row r in lang.
func profile(lang string, r []string, i int) senderos.Document {
	name, province, region := r[colName], r[colProvince], r[colRegion]
	pop, _ := strconv.Atoi(r[colPopulation])
	s := services[lang]
	a, c := s[i%len(s)], s[(i/len(s)+3)%len(s)]
	var summary, text string
	switch lang {
	case "es":
		summary = fmt.Sprintf("Municipio de %s (%s) con %d habitantes.", province, region, pop)
		text = fmt.Sprintf("%s está a %s metros de altitud. Tiene %s y %s. El ayuntamiento busca familias que quieran "+
			"vivir y trabajar en el pueblo: agricultura, ganadería, cuidados y turismo rural. La integración de las "+
			"familias nuevas cuenta con el apoyo de los vecinos y de la escuela.", name, r[colAltitude], a, c)
	case "en":
		summary = fmt.Sprintf("A village in %s (%s) with %d inhabitants.", province, region, pop)
		text = fmt.Sprintf("%s lies %s metres above sea level. It has a %s and a %s. The town hall is looking for "+
			"families who want to live and work in the village: farming, care work and rural tourism.", name, r[colAltitude], a, c)
	case "fr":
		summary = fmt.Sprintf("Une commune de la province de %s (%s), %d habitants.", province, region, pop)
		text = fmt.Sprintf("%s se trouve à %s mètres d'altitude. On y trouve %s et %s. La mairie cherche des familles "+
			"pour vivre et travailler au village : agriculture, élevage, aide à domicile et tourisme rural.", name, r[colAltitude], a, c)
	case "ar":
		summary = fmt.Sprintf("بلدية في مقاطعة %s (%s) يبلغ عدد سكانها %d نسمة.", province, region, pop)
		text = fmt.Sprintf("تقع %s على ارتفاع %s متر. فيها %s و%s. تبحث البلدية عن عائلات جديدة للعيش والعمل في "+
			"القرية: الزراعة وتربية المواشي ورعاية المسنين والسياحة الريفية.", name, r[colAltitude], a, c)
	}
	return senderos.Document{
		ID: fmt.Sprintf("%s:/villages/%s/", lang, r[0]), Type: "municipality", Lang: lang,
		URL: fmt.Sprintf("/%s/villages/%s/", lang, r[0]), Title: name, Summary: summary, Text: text,
		Topics: []string{"villages"}, Province: province,
	}
}

// variation is a sentence that makes the k-th copy of a document differ.
func variation(lang string, r []string, k int) string {
	switch lang {
	case "es":
		return fmt.Sprintf("Edición %d, con testimonios recogidos en %s (%s).", k, r[colName], r[colProvince])
	case "en":
		return fmt.Sprintf("Edition %d, with stories gathered in %s (%s).", k, r[colName], r[colProvince])
	case "fr":
		return fmt.Sprintf("Édition %d, avec des témoignages recueillis à %s (%s).", k, r[colName], r[colProvince])
	default:
		return fmt.Sprintf("الطبعة %d، مع شهادات من %s (%s).", k, r[colName], r[colProvince])
	}
}

// referenceMunicipalities reads IGN's 2024 list beside the repository.
func referenceMunicipalities(tb testing.TB) [][]string {
	tb.Helper()
	path := filepath.Join("..", "..", "..", "shared", "data", "municipalities-es.csv")
	if p := os.Getenv("SENDEROS_SHARED_DATA"); p != "" {
		path = filepath.Join(p, "municipalities-es.csv")
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("reference data: %v (set SENDEROS_SHARED_DATA)", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	return rows[1:]
}
