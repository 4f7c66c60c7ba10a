package storetest

import (
	"context"
	"testing"

	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/sqldb"
)

// RunMigration0007 stores families in a database, takes it back to its
// shape before migration 0007 (the submissions table alone, as today's
// schema has it) and checks that opening it again fills the family rows:
// the filters list and count what they did, and the school-age column,
// made from sealed ages, is right. open opens the same database each time,
// closed when tb ends.
func RunMigration0007(t *testing.T, open func(tb testing.TB) *sqldb.DB) {
	ctx := context.Background()
	db := open(t)
	subs := MustCreateFamilyMix(t, sqldb.NewSubmissionService(db), 200)
	for _, stmt := range []string{
		`DROP TABLE family_regions`, `DROP TABLE family_sectors`, `DROP TABLE families`,
		`DROP INDEX submissions_list_idx`, `DELETE FROM schema_migrations WHERE name = 'migrations/0007_case.sql'`,
	} {
		if _, err := db.Writer().ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = open(t)
	MustMatchFamilies(t, sqldb.NewSubmissionService(db), subs)
	want := 0
	for _, s := range subs {
		if f, ok := record.FamilyOf(s); ok && f.SchoolAge {
			want++
		}
	}
	var got int
	// A boolean in PostgreSQL, 0 or 1 in SQLite: both test as a condition.
	if err := db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM families WHERE school_age`).Scan(&got); err != nil {
		t.Fatal(err)
	} else if got != want || want == 0 {
		t.Errorf("%d families with a child of school age, want %d", got, want)
	}
}
