package postgres

import (
	"context"
	"github.com/cepaim/senderos/store/sqldb"
	"testing"
	"time"

	"github.com/cepaim/senderos/store/postgres/pgtest"
	"github.com/cepaim/senderos/store/storetest"
)

// testKeys seal the personal data in the tests' databases.
var testKeys = storetest.Keys()

// MustOpenDB opens a database in a fresh schema, dropped when tb ends, on
// the server named by SENDEROS_TEST_POSTGRES; it skips tb if that is unset.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	return MustOpenDBAt(tb, MustCreateSchema(tb))
}

// MustCreateSchema creates an empty schema, dropped when tb ends, and
// returns a database URL whose search_path is that schema.
func MustCreateSchema(tb testing.TB) string {
	tb.Helper()
	return pgtest.Schema(tb)
}

// MustOpenDBAt opens the database at databaseURL and closes it when tb ends.
func MustOpenDBAt(tb testing.TB, databaseURL string) *DB {
	tb.Helper()
	db, err := Open(context.Background(), databaseURL, testKeys)
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

func TestOpen(t *testing.T) {
	t.Run("CommitsSynchronously", func(t *testing.T) {
		db := MustOpenDB(t)
		var got string
		if err := db.Writer().QueryRowContext(context.Background(), `SHOW synchronous_commit`).Scan(&got); err != nil {
			t.Fatal(err)
		} else if got != "on" {
			t.Errorf("synchronous_commit = %s, want on", got)
		}
	})

	t.Run("UsesItsOwnSchema", func(t *testing.T) {
		db := MustOpenDB(t)
		var schema string
		if err := db.Writer().QueryRowContext(context.Background(),
			`SELECT table_schema FROM information_schema.tables WHERE table_name = 'submissions' AND table_schema = current_schema()`,
		).Scan(&schema); err != nil {
			t.Fatal(err)
		}
		if want := "senderos_test_"; len(schema) < len(want) || schema[:len(want)] != want {
			t.Errorf("submissions created in schema %q, want a test schema", schema)
		}
	})

	t.Run("ErrBadURL", func(t *testing.T) {
		if db, err := Open(context.Background(), "postgres://%zz", testKeys); err == nil {
			db.Close()
			t.Error("Open succeeded with a malformed URL")
		}
	})
}

func TestMigrate(t *testing.T) {
	t.Run("ReopenDoesNotReapply", func(t *testing.T) {
		ctx := context.Background()
		databaseURL := MustCreateSchema(t)
		db, err := Open(ctx, databaseURL, testKeys)
		if err != nil {
			t.Fatal(err)
		}
		before := appliedMigrations(t, db)
		if len(before) == 0 {
			t.Fatal("no migrations recorded")
		}
		if _, err := sqldb.NewSubmissionService(db).CreateSubmission(ctx, newInterest()); err != nil {
			t.Fatal(err)
		}
		db.Close()

		// The migrations create tables without IF NOT EXISTS, so
		// applying one again would fail the Open.
		db = MustOpenDBAt(t, databaseURL)
		after := appliedMigrations(t, db)
		if len(after) != len(before) {
			t.Fatalf("recorded %d migrations after reopening, want %d", len(after), len(before))
		}
		for name, at := range before {
			if !after[name].Equal(at) {
				t.Errorf("%s applied at %v, then at %v", name, at, after[name])
			}
		}
		var n int
		if err := db.Writer().QueryRowContext(ctx, `SELECT COUNT(*) FROM submissions`).Scan(&n); err != nil {
			t.Fatal(err)
		} else if n != 1 {
			t.Errorf("%d submissions after reopening, want 1", n)
		}
	})

	t.Run("ConcurrentOpensApplyOnce", func(t *testing.T) {
		databaseURL := MustCreateSchema(t)
		errs := make(chan error, 4)
		for range cap(errs) {
			go func() {
				db, err := Open(context.Background(), databaseURL, testKeys)
				if err == nil {
					db.Close()
				}
				errs <- err
			}()
		}
		for range cap(errs) {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
		if got := appliedMigrations(t, MustOpenDBAt(t, databaseURL)); len(got) != len(mustMigrationNames(t)) {
			t.Errorf("recorded %d migrations, want %d", len(got), len(mustMigrationNames(t)))
		}
	})
}

// appliedMigrations returns when each recorded migration was applied.
func appliedMigrations(t *testing.T, db *DB) map[string]time.Time {
	t.Helper()
	rows, err := db.Writer().QueryContext(context.Background(), `SELECT name, applied_at FROM schema_migrations`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[string]time.Time{}
	for rows.Next() {
		var name string
		var at time.Time
		if err := rows.Scan(&name, &at); err != nil {
			t.Fatal(err)
		}
		m[name] = at
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// mustMigrationNames lists the embedded migrations.
func mustMigrationNames(t *testing.T) []string {
	t.Helper()
	entries, err := migrations.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
