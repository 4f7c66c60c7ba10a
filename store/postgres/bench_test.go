package postgres

import (
	"context"
	"fmt"
	"github.com/cepaim/senderos/store/sqldb"
	"runtime"
	"testing"
	"time"

	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/storetest"
	"github.com/jackc/pgx/v5/pgxpool"
)

// benchWriters is how many goroutines the benchmarks run at once, as many
// as the API may have requests in flight.
const benchWriters = 32

// setParallelism makes RunParallel start about benchWriters goroutines.
func setParallelism(b *testing.B) {
	b.SetParallelism(max(1, (benchWriters+runtime.GOMAXPROCS(0)-1)/runtime.GOMAXPROCS(0)))
}

// reportRate adds an inserts/s metric to b's result.
func reportRate(b *testing.B, start time.Time) {
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "inserts/s")
}

// BenchmarkCreateSubmission creates submissions through the service from 32
// goroutines.
func BenchmarkCreateSubmission(b *testing.B) {
	svc := sqldb.NewSubmissionService(MustOpenDB(b))
	setParallelism(b)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := svc.CreateSubmission(context.Background(), newInterest()); err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportRate(b, start)
}

// BenchmarkRawInsert is the peer of BenchmarkCreateSubmission: the same
// durable single-row INSERT, one transaction per row, on a pgx pool with
// the service's settings, without the service around it.
func BenchmarkRawInsert(b *testing.B) {
	databaseURL := MustCreateSchema(b)
	MustOpenDBAt(b, databaseURL) // migrates
	config, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		b.Fatal(err)
	}
	config.ConnConfig.RuntimeParams["synchronous_commit"] = "on"
	pool, err := pgxpool.NewWithConfig(context.Background(), config)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()

	s := newInterest()
	record.Prepare(s, time.Now())
	data, err := record.Payload(s)
	if err != nil {
		b.Fatal(err)
	}

	setParallelism(b)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			ref, err := record.NewReference()
			if err != nil {
				b.Error(err)
				return
			}
			if _, err := pool.Exec(ctx, `INSERT INTO submissions (
				reference, kind, lang, status, spam_reason, expires_at, idempotency_key,
				consent_privacy_version, consent_lang, consent_at, created_at, data
			) VALUES ($1, $2, $3, $4, '', NULL, NULL, $5, $6, $7, $8, $9)`,
				ref, string(s.Kind), s.Lang, string(s.Status),
				s.Consent.PrivacyVersion, s.Consent.Lang, s.Consent.At, time.Now().UTC(), data,
			); err != nil {
				b.Error(fmt.Errorf("insert: %w", err))
				return
			}
		}
	})
	reportRate(b, start)
}

// BenchmarkFamilyList lists and counts families among 10,000 records with
// the back-office filters (see storetest.BenchmarkFamilyList), once the
// tables are vacuumed and analysed as autovacuum does after a bulk load.
func BenchmarkFamilyList(b *testing.B) {
	db := MustOpenDB(b)
	storetest.BenchmarkFamilyList(b, sqldb.NewSubmissionService(db), func(tb testing.TB) {
		if _, err := db.Writer().ExecContext(context.Background(), `VACUUM ANALYZE submissions, families, family_regions, family_sectors`); err != nil {
			tb.Fatal(err)
		}
	})
}
