package postgres

import (
	"context"
	"testing"

	"github.com/cepaim/senderos/store/postgres/pgtest"
	"github.com/cepaim/senderos/store/storetest"
)

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
	return storetest.MustOpen(tb, func() (*DB, error) { return Open(context.Background(), databaseURL, storetest.Keys()) })
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
		if db, err := Open(context.Background(), "postgres://%zz", storetest.Keys()); err == nil {
			db.Close()
			t.Error("Open succeeded with a malformed URL")
		}
	})
}

func TestMigrate(t *testing.T) {
	t.Run("ReopenDoesNotReapply", func(t *testing.T) {
		databaseURL := MustCreateSchema(t)
		storetest.RunReopen(t, func() (*DB, error) { return Open(context.Background(), databaseURL, storetest.Keys()) })
	})

	t.Run("ConcurrentOpensApplyOnce", func(t *testing.T) {
		databaseURL := MustCreateSchema(t)
		errs := make(chan error, 4)
		for range cap(errs) {
			go func() {
				db, err := Open(context.Background(), databaseURL, storetest.Keys())
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
		if got := storetest.AppliedMigrations(t, MustOpenDBAt(t, databaseURL)); len(got) != len(mustMigrationNames(t)) {
			t.Errorf("recorded %d migrations, want %d", len(got), len(mustMigrationNames(t)))
		}
	})
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
