package senderos_test

import (
	"encoding/csv"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	senderos "github.com/cepaim/senderos"
)

// municipalitiesFile is the official list of municipalities, beside the
// repository (never copied into it).
const municipalitiesFile = "../shared/data/municipalities-es.csv"

// smallMunicipalities reads the municipalities of fewer than 5,000 people,
// with their region, from the official list; it skips b without the file.
func smallMunicipalities(b testing.TB) []genVillage {
	b.Helper()
	root, err := filepath.Abs(".")
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(filepath.Join(filepath.Dir(root), "shared", "data", filepath.Base(municipalitiesFile)))
	if errors.Is(err, fs.ErrNotExist) {
		b.Skipf("%s is missing", municipalitiesFile)
	}
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var out []genVillage
	for _, r := range rows[1:] {
		pop, err := strconv.Atoi(r[col["population"]])
		if err != nil || pop >= 5000 {
			continue
		}
		out = append(out, genVillage{code: r[col["ine_code"]], name: r[col["name"]], region: r[col["ccaa_code"]]})
	}
	if len(out) == 0 {
		b.Fatal("no small municipalities in the list")
	}
	return out
}

// benchWorld generates a world of nFam families and nJobs offers in
// villages drawn from the small municipalities (one for every two offers),
// with a fixed seed.
func benchWorld(b testing.TB, nFam, nJobs int) world {
	all := smallMunicipalities(b)
	r := rand.New(rand.NewPCG(2026, uint64(nJobs)))
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	return genWorld(r, all[:min(len(all), max(1, nJobs/2))], nFam, nJobs, now)
}

// peakHeap samples the heap while f runs and returns its high-water mark
// in MB.
func peakHeap(f func()) float64 {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(max(peak.Load(), m.HeapAlloc)) / (1 << 20)
}

func BenchmarkMatch(b *testing.B) {
	b.Run("suggest-2000-offers", func(b *testing.B) {
		w := benchWorld(b, 200, 2000)
		wt := senderos.DefaultWeights()
		var lat []time.Duration
		for b.Loop() {
			for _, c := range w.cands {
				t0 := time.Now()
				senderos.SuggestBundles(c, w.pool, wt, now, 20)
				lat = append(lat, time.Since(t0))
			}
		}
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "suggest-p99-ms")
	})
	for _, size := range []struct{ fam, jobs int }{{1000, 500}, {10000, 5000}} {
		b.Run("batch-"+strconv.Itoa(size.fam)+"x"+strconv.Itoa(size.jobs), func(b *testing.B) {
			w := benchWorld(b, size.fam, size.jobs)
			wt := senderos.DefaultWeights()
			var res senderos.Batch
			var secs, mb float64
			for b.Loop() {
				mb = peakHeap(func() {
					t0 := time.Now()
					res = senderos.SolveBatch(w.cands, w.pool, wt, now, senderos.BatchOptions{})
					secs = time.Since(t0).Seconds()
				})
			}
			b.ReportMetric(secs, "batch-s")
			b.ReportMetric(mb, "peak-mb")
			b.ReportMetric(res.Total/res.Greedy, "fit-vs-greedy")
			b.ReportMetric((res.Bound-res.Total)/res.Bound*100, "gap-pct")
			b.Logf("%s: %d placed, total %.2f, bound %.2f, greedy %.2f, optimal %v, %d homes",
				res.Method, len(res.Placements), res.Total, res.Bound, res.Greedy, res.Optimal, len(w.pool.Homes))
		})
	}
}
