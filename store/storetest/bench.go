package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// BenchFamilies is how many records BenchmarkFamilyList stores.
const BenchFamilies = 10_000

// NewFamily returns the i-th of a reproducible variety of families: 1 to 4
// adults, 0 to 3 children, one to three regions (some anywhere) and one or
// two sectors.
func NewFamily(i int) *senderos.Submission {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	s := NewInterest()
	in := s.Interest
	in.Adults = 1 + r.IntN(4)
	in.Children = nil
	for range r.IntN(4) {
		age := r.IntN(18)
		in.Children = append(in.Children, senderos.Child{Age: age, Stage: senderos.SchoolStages[min(age/6, 3)]})
	}
	regions := []string{"01", "02", "03", "05", "07", "08", "09", "10", "11", "12", "13", "15", "17"}
	in.Regions = nil
	if r.IntN(10) == 0 {
		in.Regions = []string{senderos.Anywhere}
	} else {
		for range 1 + r.IntN(3) {
			if g := regions[r.IntN(len(regions))]; !slices.Contains(in.Regions, g) {
				in.Regions = append(in.Regions, g)
			}
		}
	}
	in.Sectors = nil
	for range 1 + r.IntN(2) {
		if sec := senderos.Sectors[r.IntN(len(senderos.Sectors))]; !slices.Contains(in.Sectors, sec) {
			in.Sectors = append(in.Sectors, sec)
		}
	}
	in.SpanishLevel = senderos.SpanishLevels[r.IntN(len(senderos.SpanishLevels))]
	in.DrivingLicence = r.IntN(2) == 0
	in.Bedrooms = 1 + r.IntN(4)
	in.NeedsSchool = len(in.Children) > 0 && r.IntN(4) != 0
	in.NeedsHealthCentre = r.IntN(2) == 0
	in.MoveWhen = senderos.MoveWhens[r.IntN(len(senderos.MoveWhens))]
	in.Province = fmt.Sprintf("%02d", 1+r.IntN(52))
	return s
}

// MustCreateFamilies stores n families made by NewFamily, from 32
// goroutines, and fails tb on any error.
func MustCreateFamilies(tb testing.TB, svc senderos.SubmissionService, n int) {
	tb.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for w := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 32 {
				if _, err := svc.CreateSubmission(context.Background(), NewFamily(i)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatalf("CreateSubmission: %v", err)
	}
}

// BenchFilters are the family-list filters BenchmarkFamilyList times, by
// name: what the back-office list offers, alone and together.
var BenchFilters = []struct {
	Name   string
	Filter senderos.SubmissionFilter
}{
	{"Regions", senderos.SubmissionFilter{Kind: senderos.KindInterest, Regions: []string{"07", "08"}}},
	{"Sectors", senderos.SubmissionFilter{Kind: senderos.KindInterest, Sectors: []string{"care", "agriculture"}}},
	{"Household", senderos.SubmissionFilter{Kind: senderos.KindInterest, MinHousehold: 3, MaxHousehold: 4}},
	{"Together", senderos.SubmissionFilter{Kind: senderos.KindInterest, Regions: []string{"07", "08"},
		Sectors: []string{"care", "agriculture"}, MinHousehold: 3, MaxHousehold: 4}},
	{"Deep", senderos.SubmissionFilter{Kind: senderos.KindInterest, Regions: []string{"13"}, Offset: 500}},
}

// BenchmarkFamilyList stores BenchFamilies families in svc, then times one
// page of the back-office family list per operation, for each of
// BenchFilters: the page (50 records) and the count of all that match, as
// the list shows them. It reports the 99th percentile as p99-ms. settle, if
// not nil, runs once the records are stored: what the engine does by itself
// after a bulk load (PostgreSQL's autovacuum), done at once.
func BenchmarkFamilyList(b *testing.B, svc senderos.SubmissionService, settle func(testing.TB)) {
	MustCreateFamilies(b, svc, BenchFamilies)
	if settle != nil {
		settle(b)
	}
	ctx := context.Background()
	for _, bf := range BenchFilters {
		b.Run(bf.Name, func(b *testing.B) {
			filter := bf.Filter
			filter.Limit = 50
			times := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				if _, err := svc.FindSubmissions(ctx, filter); err != nil {
					b.Fatal(err)
				}
				if _, err := svc.CountSubmissions(ctx, filter); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(times)
			p99 := times[min(len(times)-1, len(times)*99/100)]
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
		})
	}
}
