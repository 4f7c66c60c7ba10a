package postgres

import (
	"context"
	"testing"

	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/storetest"
	"github.com/jackc/pgx/v5/pgxpool"
)

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

// BenchmarkCreateSubmission creates submissions through the service from 32
// goroutines.
func BenchmarkCreateSubmission(b *testing.B) {
	storetest.BenchmarkCreateSubmission(b, sqldb.NewSubmissionService(MustOpenDB(b)))
}

// BenchmarkRawInsert is the peer of BenchmarkCreateSubmission, on a pgx
// pool with the service's settings.
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

	storetest.BenchmarkRawInsert(b, func(ctx context.Context, r storetest.RawRow) error {
		_, err := pool.Exec(ctx, `INSERT INTO submissions (
			reference, kind, lang, status, spam_reason, expires_at, idempotency_key,
			consent_privacy_version, consent_lang, consent_at, created_at, data
		) VALUES ($1, $2, $3, $4, '', NULL, NULL, $5, $6, $7, $8, $9)`,
			r.Reference, string(r.S.Kind), r.S.Lang, string(r.S.Status),
			r.S.Consent.PrivacyVersion, r.S.Consent.Lang, r.S.Consent.At, r.CreatedAt, r.Data)
		return err
	})
}

// BenchmarkWorkQueue builds the work queue of a technician and of a
// coordinator over 10,000 cases and 200,000 events (see
// storetest.BenchmarkWorkQueue), once the tables are vacuumed and analysed
// as autovacuum does after a bulk load.
func BenchmarkWorkQueue(b *testing.B) {
	db := MustOpenDB(b)
	storetest.BenchmarkWorkQueue(b, db, func(tb testing.TB) {
		if _, err := db.Writer().ExecContext(context.Background(), `VACUUM ANALYZE submissions, staff, cases,
			itinerary_revisions, goals, tasks, followups, visits, warnings`); err != nil {
			tb.Fatal(err)
		}
	})
}

// BenchmarkIndicators computes the dashboard and a year's ESF report over
// 10,000 families, 50,000 follow-ups, 5,000 proposals and 20,000 ESF
// participants (see storetest.BenchmarkIndicators), once the tables are
// vacuumed and analysed as autovacuum does after a bulk load.
func BenchmarkIndicators(b *testing.B) {
	db := MustOpenDB(b)
	storetest.BenchmarkIndicators(b, db, func(tb testing.TB) {
		if _, err := db.Writer().ExecContext(context.Background(), `VACUUM ANALYZE submissions, families, events, staff, cases,
			followups, feedback, profiles, jobs, homes, proposals, proposal_responses, esf_participants`); err != nil {
			tb.Fatal(err)
		}
	})
}
