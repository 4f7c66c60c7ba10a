package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/cepaim/senderos/store/sqldb"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/storetest"
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
// durable single-row INSERT, one transaction per row, on a database/sql
// pool with the service's writer settings, without the service around it.
func BenchmarkRawInsert(b *testing.B) {
	path := filepath.Join(b.TempDir(), "senderos.db")
	MustOpenDBAt(b, path)
	raw, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)

	s := newInterest()
	record.Prepare(s, time.Now())
	data, err := record.Payload(s)
	if err != nil {
		b.Fatal(err)
	}
	consentAt := formatTime(s.Consent.At)

	setParallelism(b)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			ref, err := record.NewReference()
			if err != nil {
				b.Error(err)
				return
			}
			if _, err := raw.Exec(`INSERT INTO submissions (
				reference, kind, lang, status, spam_reason, expires_at, idempotency_key,
				consent_privacy_version, consent_lang, consent_at, created_at, data
			) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?)`,
				ref, string(s.Kind), s.Lang, string(s.Status), "",
				s.Consent.PrivacyVersion, s.Consent.Lang, consentAt, formatTime(time.Now()), string(data),
			); err != nil {
				b.Error(fmt.Errorf("insert: %w", err))
				return
			}
		}
	})
	reportRate(b, start)
}

// BenchmarkFamilyList lists and counts families among 10,000 records with
// the back-office filters (see storetest.BenchmarkFamilyList).
func BenchmarkFamilyList(b *testing.B) {
	storetest.BenchmarkFamilyList(b, sqldb.NewSubmissionService(MustOpenDB(b)), nil)
}
