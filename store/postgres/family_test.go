package postgres

import (
	"context"
	"github.com/cepaim/senderos/store/sqldb"
	"testing"

	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/storetest"
)

// TestMigration0007 stores families in a database, takes it back to its
// shape before migration 0007 (the submissions table alone, as today's
// schema has it) and checks that opening it again fills the family rows:
// the filters list and count what they did, and the school-age column,
// made from sealed ages, is right.
func TestMigration0007(t *testing.T) {
	ctx := context.Background()
	databaseURL := MustCreateSchema(t)
	db := MustOpenDBAt(t, databaseURL)
	subs := storetest.MustCreateFamilyMix(t, sqldb.NewSubmissionService(db), 200)
	if _, err := db.Writer().ExecContext(ctx, `DROP TABLE family_regions, family_sectors, families;
		DROP INDEX submissions_list_idx; DELETE FROM schema_migrations WHERE name = 'migrations/0007_case.sql'`); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = MustOpenDBAt(t, databaseURL)
	storetest.MustMatchFamilies(t, sqldb.NewSubmissionService(db), subs)
	want := 0
	for _, s := range subs {
		if f, ok := record.FamilyOf(s); ok && f.SchoolAge {
			want++
		}
	}
	var got int
	if err := db.Writer().QueryRowContext(ctx, `SELECT COUNT(*) FROM families WHERE school_age`).Scan(&got); err != nil {
		t.Fatal(err)
	} else if got != want || want == 0 {
		t.Errorf("%d families with a child of school age, want %d", got, want)
	}
}
