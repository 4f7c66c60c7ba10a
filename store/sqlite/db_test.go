package sqlite

import (
	"context"
	"github.com/cepaim/senderos/store/sqldb"
	"path/filepath"
	"testing"
	"time"

	"github.com/cepaim/senderos/store/storetest"
)

// testKeys seal the personal data in the tests' databases.
var testKeys = storetest.Keys()

// MustOpenDB opens a database file in a temporary directory and closes it
// when tb ends.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	return MustOpenDBAt(tb, filepath.Join(tb.TempDir(), "senderos.db"))
}

// MustOpenDBAt opens the database file at path and closes it when tb ends.
func MustOpenDBAt(tb testing.TB, path string) *DB {
	tb.Helper()
	db, err := Open(path, testKeys)
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
	t.Run("SetsDurablePragmas", func(t *testing.T) {
		db := MustOpenDB(t)
		for _, tt := range []struct {
			pragma string
			want   string
		}{
			{"journal_mode", "wal"},
			{"synchronous", "2"}, // FULL
			{"foreign_keys", "1"},
			{"busy_timeout", "10000"},
			{"secure_delete", "1"},
		} {
			var got string
			if err := db.Writer().QueryRow("PRAGMA " + tt.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			} else if got != tt.want {
				t.Errorf("writer %s = %s, want %s", tt.pragma, got, tt.want)
			}
			if tt.pragma == "journal_mode" {
				continue // a file's journal mode is the writer's to set
			}
			if err := db.Reader().QueryRow("PRAGMA " + tt.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			} else if got != tt.want {
				t.Errorf("reader %s = %s, want %s", tt.pragma, got, tt.want)
			}
		}
	})

	t.Run("ReadersCannotWrite", func(t *testing.T) {
		db := MustOpenDB(t)
		if _, err := db.Reader().Exec(`DELETE FROM submissions`); err == nil {
			t.Error("reader pool accepted a write")
		}
	})

	t.Run("ErrMemory", func(t *testing.T) {
		if db, err := Open(":memory:", testKeys); err == nil {
			db.Close()
			t.Error("Open(:memory:) succeeded, want an error")
		}
	})
}

func TestMigrate(t *testing.T) {
	t.Run("ReopenDoesNotReapply", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "senderos.db")
		db, err := Open(path, testKeys)
		if err != nil {
			t.Fatal(err)
		}
		before := appliedMigrations(t, db)
		if len(before) == 0 {
			t.Fatal("no migrations recorded")
		}
		if _, err := sqldb.NewSubmissionService(db).CreateSubmission(context.Background(), newInterest()); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}

		// The migrations create tables without IF NOT EXISTS, so
		// applying one again would fail the Open.
		db = MustOpenDBAt(t, path)
		after := appliedMigrations(t, db)
		if len(after) != len(before) {
			t.Fatalf("recorded %d migrations after reopening, want %d", len(after), len(before))
		}
		for name, at := range before {
			if after[name] != at {
				t.Errorf("%s applied at %s, then at %s", name, at, after[name])
			}
		}
		var n int
		if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM submissions`).Scan(&n); err != nil {
			t.Fatal(err)
		} else if n != 1 {
			t.Errorf("%d submissions after reopening, want 1", n)
		}
	})
}

// appliedMigrations returns when each recorded migration was applied.
func appliedMigrations(t *testing.T, db *DB) map[string]string {
	t.Helper()
	rows, err := db.Reader().Query(`SELECT name, applied_at FROM schema_migrations`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var name, at string
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

// formatTime returns t as SQLite stores it, for rows written by hand.
func formatTime(t time.Time) string { return t.UTC().Format(sqldb.TimeLayout) }

// dbPath returns the file of db's main database.
func dbPath(tb testing.TB, db *DB) string {
	tb.Helper()
	var seq int
	var name, file string
	if err := db.Writer().QueryRow(`PRAGMA database_list`).Scan(&seq, &name, &file); err != nil {
		tb.Fatal(err)
	}
	return file
}
