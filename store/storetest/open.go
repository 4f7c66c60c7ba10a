package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/cepaim/senderos/store/sqldb"
)

// MustOpen returns the database open opens, closed when tb ends.
func MustOpen(tb testing.TB, open func() (*sqldb.DB, error)) *sqldb.DB {
	tb.Helper()
	db, err := open()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}

// AppliedMigrations returns when each migration recorded in db was
// applied, as the driver reads it.
func AppliedMigrations(tb testing.TB, db *sqldb.DB) map[string]string {
	tb.Helper()
	rows, err := db.Reader().QueryContext(context.Background(), `SELECT name, applied_at FROM schema_migrations`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var name string
		var at any
		if err := rows.Scan(&name, &at); err != nil {
			tb.Fatal(err)
		}
		m[name] = fmt.Sprint(at)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return m
}

// RunReopen checks that a database opened again, by open, which opens the
// same one each time, applies no migration again and keeps its rows.
func RunReopen(t *testing.T, open func() (*sqldb.DB, error)) {
	db, err := open()
	if err != nil {
		t.Fatal(err)
	}
	before := AppliedMigrations(t, db)
	if len(before) == 0 {
		t.Fatal("no migrations recorded")
	}
	if _, err := sqldb.NewSubmissionService(db).CreateSubmission(context.Background(), NewInterest()); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// The migrations create tables without IF NOT EXISTS, so applying
	// one again would fail the Open.
	db = MustOpen(t, open)
	after := AppliedMigrations(t, db)
	if len(after) != len(before) {
		t.Fatalf("recorded %d migrations after reopening, want %d", len(after), len(before))
	}
	for name, at := range before {
		if after[name] != at {
			t.Errorf("%s applied at %s, then at %s", name, at, after[name])
		}
	}
	var n int
	if err := db.Reader().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM submissions`).Scan(&n); err != nil {
		t.Fatal(err)
	} else if n != 1 {
		t.Errorf("%d submissions after reopening, want 1", n)
	}
}
