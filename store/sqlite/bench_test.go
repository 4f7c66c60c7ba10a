package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/storetest"
)

// BenchmarkCreateSubmission creates submissions through the service from 32
// goroutines.
func BenchmarkCreateSubmission(b *testing.B) {
	storetest.BenchmarkCreateSubmission(b, sqldb.NewSubmissionService(MustOpenDB(b)))
}

// BenchmarkRawInsert is the peer of BenchmarkCreateSubmission, on a
// database/sql pool with the service's writer settings.
func BenchmarkRawInsert(b *testing.B) {
	path := filepath.Join(b.TempDir(), "senderos.db")
	MustOpenDBAt(b, path)
	raw, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)

	storetest.BenchmarkRawInsert(b, func(ctx context.Context, r storetest.RawRow) error {
		_, err := raw.ExecContext(ctx, `INSERT INTO submissions (
			reference, kind, lang, status, spam_reason, expires_at, idempotency_key,
			consent_privacy_version, consent_lang, consent_at, created_at, data
		) VALUES (?, ?, ?, ?, '', NULL, NULL, ?, ?, ?, ?, ?)`,
			r.Reference, string(r.S.Kind), r.S.Lang, string(r.S.Status),
			r.S.Consent.PrivacyVersion, r.S.Consent.Lang, formatTime(r.S.Consent.At), formatTime(r.CreatedAt), string(r.Data))
		return err
	})
}

// BenchmarkFamilyList lists and counts families among 10,000 records with
// the back-office filters (see storetest.BenchmarkFamilyList).
func BenchmarkFamilyList(b *testing.B) {
	storetest.BenchmarkFamilyList(b, sqldb.NewSubmissionService(MustOpenDB(b)), nil)
}

// BenchmarkWorkQueue builds the work queue of a technician and of a
// coordinator over 10,000 cases and 200,000 events (see
// storetest.BenchmarkWorkQueue), once the tables are analysed.
func BenchmarkWorkQueue(b *testing.B) {
	db := MustOpenDB(b)
	storetest.BenchmarkWorkQueue(b, db, func(tb testing.TB) {
		if _, err := db.Writer().ExecContext(context.Background(), `ANALYZE`); err != nil {
			tb.Fatal(err)
		}
	})
}

// BenchmarkIndicators computes the dashboard and a year's ESF report over
// 10,000 families, 50,000 follow-ups, 5,000 proposals and 20,000 ESF
// participants (see storetest.BenchmarkIndicators), once the tables are
// analysed.
func BenchmarkIndicators(b *testing.B) {
	db := MustOpenDB(b)
	storetest.BenchmarkIndicators(b, db, func(tb testing.TB) {
		if _, err := db.Writer().ExecContext(context.Background(), `ANALYZE`); err != nil {
			tb.Fatal(err)
		}
	})
}
