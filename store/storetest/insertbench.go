package storetest

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// benchWriters is how many goroutines the insert benchmarks run at once,
// as many as the API may have requests in flight.
const benchWriters = 32

// runWriters runs insert from about benchWriters goroutines b.N times in
// all and adds an inserts/s metric to b's result.
func runWriters(b *testing.B, insert func(ctx context.Context) error) {
	b.SetParallelism(max(1, (benchWriters+runtime.GOMAXPROCS(0)-1)/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			if err := insert(ctx); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "inserts/s")
}

// BenchmarkCreateSubmission creates submissions through svc from 32
// goroutines.
func BenchmarkCreateSubmission(b *testing.B, svc senderos.SubmissionService) {
	runWriters(b, func(ctx context.Context) error {
		_, err := svc.CreateSubmission(ctx, NewInterest())
		return err
	})
}

// RawRow is the row BenchmarkRawInsert inserts: a prepared interest and
// its clear payload, with a new reference each time.
type RawRow struct {
	Reference string
	S         *senderos.Submission
	Data      []byte
	CreatedAt time.Time
}

// BenchmarkRawInsert is the peer of BenchmarkCreateSubmission: insert, the
// engine's durable single-row INSERT, one transaction per row, with the
// service's settings but without the service around it, from 32
// goroutines.
func BenchmarkRawInsert(b *testing.B, insert func(ctx context.Context, row RawRow) error) {
	s := NewInterest()
	record.Prepare(s, time.Now())
	data, err := record.Payload(s)
	if err != nil {
		b.Fatal(err)
	}
	runWriters(b, func(ctx context.Context) error {
		ref, err := record.NewReference()
		if err != nil {
			return err
		}
		if err := insert(ctx, RawRow{Reference: ref, S: s, Data: data, CreatedAt: time.Now().UTC()}); err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return nil
	})
}
