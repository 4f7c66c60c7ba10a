package sqlite

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/storetest"
)

// MustOpenDB opens a database file in a temporary directory and closes it
// when tb ends.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	return MustOpenDBAt(tb, filepath.Join(tb.TempDir(), "senderos.db"))
}

// MustOpenDBAt opens the database file at path and closes it when tb ends.
func MustOpenDBAt(tb testing.TB, path string) *DB {
	tb.Helper()
	return storetest.MustOpen(tb, func() (*DB, error) { return Open(path, storetest.Keys()) })
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
		if db, err := Open(":memory:", storetest.Keys()); err == nil {
			db.Close()
			t.Error("Open(:memory:) succeeded, want an error")
		}
	})
}

func TestMigrate(t *testing.T) {
	t.Run("ReopenDoesNotReapply", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "senderos.db")
		storetest.RunReopen(t, func() (*DB, error) { return Open(path, storetest.Keys()) })
	})
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
