package site_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cepaim/senderos/site"
)

// BenchmarkBuild builds the site with the bundled content, and again with a
// generated profile for each of Spain's 8,132 municipalities in the four
// languages, and reports pages per second and Hugo's peak memory.
//
//	go test -run '^$' -bench Build -benchtime 1x ./site
func BenchmarkBuild(b *testing.B) {
	b.Run("Bundled", func(b *testing.B) {
		benchmarkBuild(b, filepath.Join("..", "content"))
	})
	b.Run("AllMunicipalities", func(b *testing.B) {
		rows := referenceMunicipalities(b)
		dir := b.TempDir()
		if err := copyTree(filepath.Join("..", "content"), dir); err != nil {
			b.Fatal(err)
		}
		if err := writeProfiles(filepath.Join(dir, "municipalities"), rows); err != nil {
			b.Fatal(err)
		}
		benchmarkBuild(b, dir)
	})
}

func benchmarkBuild(b *testing.B, contentDir string) {
	abs, err := filepath.Abs(contentDir)
	if err != nil {
		b.Fatal(err)
	}
	h := &site.Hugo{Root: ".."}
	if err := h.Prepare(context.Background()); err != nil {
		b.Fatal(err)
	}
	out := b.TempDir()
	var pages int
	var peak int64
	b.ResetTimer()
	for b.Loop() {
		res, err := h.Build(context.Background(), site.BuildOptions{Destination: out, ContentDir: abs, Minify: true})
		if err != nil {
			b.Fatal(err)
		}
		pages, peak = res.Pages, max(peak, res.PeakRSS)
	}
	secs := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(pages)/secs, "pages/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
	b.ReportMetric(secs, "s/build")
}

// referenceMunicipalities reads IGN's 2024 list beside the repository.
func referenceMunicipalities(tb testing.TB) [][]string {
	tb.Helper()
	path := filepath.Join("..", "..", "shared", "data", "municipalities-es.csv")
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

var (
	benchServices = []string{"school", "health-centre", "pharmacy", "public-transport", "broadband"}
	benchSectors  = []string{"agriculture", "livestock", "forestry", "agrifood", "hospitality", "care", "construction", "commerce", "services"}
)

// writeProfiles writes a village profile bundle per row
// (ine_code,name,province_code,province,ccaa_code,ccaa,population,lat,lon,…)
// in each language. Services and sectors vary by code so that every
// taxonomy term has pages.
func writeProfiles(dir string, rows [][]string) error {
	for i, r := range rows {
		bundle := filepath.Join(dir, "m"+r[0])
		if err := os.MkdirAll(bundle, 0o755); err != nil {
			return err
		}
		var services, sectors []string
		for j, s := range benchServices {
			if (i+j)%3 != 0 {
				services = append(services, s)
			}
		}
		sectors = append(sectors, benchSectors[i%len(benchSectors)], benchSectors[(i/3)%len(benchSectors)])
		for _, lang := range site.Languages {
			fm := fmt.Sprintf(`---
title: %q
description: "Perfil generado para la prueba de rendimiento (%s)."
example: true
regions: [%q]
provinces: [%q]
population: %s
lat: %s
lon: %s
services: [%s]
sectors: [%s]
housing: {available: %d, rent_min: 250, rent_max: 450}
nearest_town: {name: %q, km: %d}
nearest_hospital: {name: "Hospital", km: %d}
---
Generated profile of %s, %s, for the build benchmark.
`, r[1], lang, r[5], r[3], r[6], r[7], r[8], strings.Join(services, ", "), strings.Join(sectors, ", "),
				i%5, r[3], 5+i%40, 10+i%60, r[1], r[3])
			if err := os.WriteFile(filepath.Join(bundle, "index."+lang+".md"), []byte(fm), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
